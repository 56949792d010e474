import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export { launchBrowser } from '../scripts/chromium.js';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Through the DevTools protocol, which a page's Content-Security-Policy does not restrict.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe.run;
    return run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
}

/** The page's headings in order, with their levels, as a screen reader lists them. */
export async function headingOutline(page: Page): Promise<{ level: number; text: string }[]> {
  return page
    .locator('h1, h2, h3, h4, h5, h6')
    .evaluateAll((nodes) =>
      nodes
        .filter((node) => (node as HTMLElement).offsetParent !== null)
        .map((node) => ({ level: Number(node.tagName.slice(1)), text: (node.textContent ?? '').trim() })),
    );
}

/** Where a heading outline goes wrong: not opening with a level-1 heading, or skipping a level on the way down. */
export function outlineFaults(outline: { level: number; text: string }[]): string[] {
  const faults: string[] = [];
  if (outline[0]?.level !== 1) faults.push(`opens with h${outline[0]?.level ?? '-'} "${outline[0]?.text ?? ''}"`);
  outline.forEach((heading, i) => {
    const before = outline[i - 1];
    if (before && heading.level > before.level + 1)
      faults.push(`h${before.level} "${before.text}" → h${heading.level} "${heading.text}"`);
  });
  return faults;
}

export const DOCS_DIR = path.resolve(import.meta.dirname, '../docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_DIR, `${name}.png`), fullPage: true });
}
