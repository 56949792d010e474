import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The browser tests and the bench drive the system's Chromium (Debian's package) through
 * playwright-core; they never download one, which this kind of machine cannot.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What to run when the browser is missing, said the same way by the test command and the bench. */
export function missingChromium(): string | null {
  if (fs.existsSync(CHROMIUM_PATH)) return null;
  return [
    `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is not there. Install it with:`,
    '',
    '    sudo apt-get update && sudo apt-get install -y chromium',
    '',
    'or point CHROMIUM_PATH at a Chromium or Chrome you have (CHROMIUM_PATH=/path/to/chrome npm test).',
  ].join('\n');
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A browser with a profile on disk, as a person's: its IndexedDB is written to files, not kept in memory. */
export async function launchProfile(userDataDir: string, viewport = { width: 1280, height: 900 }) {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport,
  });
}

// `tsx scripts/chromium.ts`: the test command's first step, so a missing browser is said at once.
if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingChromium();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
}
