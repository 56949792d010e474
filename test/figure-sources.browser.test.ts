import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentResponse } from '../shared/src/api-types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { createUser, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * Issue 32: one click from any public figure to its sources. A commitment's percent opens how it
 * is computed (key actions, weights, each one's latest counting report, who reported it and which
 * organisation validated it, when, with its evidence), and the overview's cards and the
 * evaluation page lead there.
 */

let server: TestServer;
let browser: Browser;

const PLAN = 'plan:fuentes';
const reviewPlan = [
  {
    _id: PLAN,
    type: 'plan',
    country: 'México',
    title: 'Plan con validación',
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    languages: ['es'],
    reviewRequired: true,
    committeeOrgIds: ['org:nosc'],
  },
  {
    _id: 'commitment:fuentes-1',
    type: 'commitment',
    planId: PLAN,
    number: 1,
    title: 'Padrón abierto de proveedores',
    objective: 'Publicar el padrón de proveedores.',
    ogpValues: ['accessToInformation'],
    themes: [],
    responsibleOrgIds: ['org:sfp'],
    coResponsibleOrgIds: [],
    startDate: '2024-01-01',
    endDate: '2026-12-31',
  },
  ...[
    [1, 'Publicar el padrón', 3],
    [2, 'Abrir la consulta del padrón', 1],
  ].map(([n, title, weight]) => ({
    _id: `keyAction:fuentes-1-${n}`,
    type: 'keyAction',
    planId: PLAN,
    commitmentId: 'commitment:fuentes-1',
    number: n,
    title,
    responsibleOrgIds: ['org:sfp'],
    startDate: '2024-01-01',
    endDate: '2026-06-30',
    weight,
  })),
].map((doc) => ({ where: doc._id, doc: doc as Record<string, unknown> }));

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await importRecords(server.couch, server.names, 'plan con validación', reviewPlan);
  const ws = server.names.workspace;
  const reporter = await createUser(server, { name: 'sfp-fuentes', role: 'reporter', org: 'sfp' });
  const committee = await createUser(server, { name: 'carla-fuentes', role: 'committee', org: 'nosc' });
  const authored = { planId: PLAN, orgId: 'org:sfp', createdBy: reporter.name, createdAt: new Date().toISOString() };
  const link = {
    _id: 'evidence:fuentes-padron',
    type: 'evidence',
    ...authored,
    status: 'submitted',
    title: 'Padrón publicado',
    kind: 'link',
    url: 'https://example.org/padron',
  };
  const report = {
    _id: 'report:fuentes-1',
    type: 'progressReport',
    ...authored,
    commitmentId: 'commitment:fuentes-1',
    keyActionId: 'keyAction:fuentes-1-1',
    status: 'submitted',
    percent: 60,
    narrative: 'Padrón con 60 dependencias.',
    date: '2024-06-30',
    evidenceIds: [link._id],
  };
  for (const doc of [link, report]) expect((await reporter.put(ws, doc)).status).toBe(201);
  const signed = { status: 'published', reviewedBy: committee.name, reviewedByOrgId: 'org:nosc' };
  for (const id of [link._id, report._id])
    expect((await committee.update(ws, id, { ...signed, reviewedAt: '2024-07-02T10:00:00.000Z' })).status).toBe(201);
  await untilPublic(server, (index) => index.reportsByCommitment.has('commitment:fuentes-1'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.url}${path}`);
  return page;
}

describe('the public API names the validating organisation, never the person', () => {
  it('publishes reviewedByOrgId and no reviewedBy', async () => {
    const body = (await (
      await fetch(`${server.url}/api/commitments/commitment%3Afuentes-1`)
    ).json()) as CommitmentResponse;
    const report = body.reports.find((r) => r.id === 'report:fuentes-1');
    expect(report).toMatchObject({ reviewedByOrgId: 'org:nosc', reviewedAt: '2024-07-02T10:00:00.000Z' });
    expect(JSON.stringify(body)).not.toContain('carla-fuentes');
    expect(body.organizations['org:nosc']).toBeDefined();
  });
});

describe('a commitment’s percent opens how it is computed', () => {
  it('lists its key actions with weights, latest report, reporter, validator, date and evidence', async () => {
    const page = await open(`/commitments/commitment%3Afuentes-1`);
    const toggle = page.getByRole('button', { name: 'Cómo se calcula el 45\u202F%' });
    await toggle.waitFor({ timeout: 20_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#sources').isVisible()).toBe(false);
    // From the keyboard, as from a mouse.
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const sources = page.getByRole('region', { name: 'Cómo se calcula el 45\u202F%' });
    expect(await sources.getByTestId('sources-sum').textContent()).toBe(
      '(60\u202F% × 3 + 0\u202F% × 1) ÷ 4 = 45\u202F%',
    );
    const first = sources.getByTestId('source').filter({ hasText: 'Publicar el padrón' });
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('3 (75\u202F% del compromiso)');
    expect(text).toContain('30 jun 2024: 60\u202F%');
    expect(await first.getByTestId('source-reporter').textContent()).toBe('SFP');
    expect(await first.getByTestId('source-validator').textContent()).toMatch(/^Núcleo|^NOSC|nosc/i);
    expect(await first.getByTestId('source-validator').textContent()).toContain('2 jul 2024');
    expect(await first.getByRole('link', { name: 'Padrón publicado' }).getAttribute('href')).toBe(
      'https://example.org/padron',
    );
    const second = sources.getByTestId('source').filter({ hasText: 'Abrir la consulta' });
    expect(await second.textContent()).toContain('Sin reportes publicados: cuenta 0\u202F%.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-commitment-sources');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('sources-sum').textContent()).toBe('(60% × 3 + 0% × 1) ÷ 4 = 45%');
    expect(await page.getByTestId('source').first().textContent()).toContain('3 (75% of the commitment)');
    await page.getByTestId('sources-toggle').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#sources').isVisible()).toBe(false);
  });

  it('says a report published without review was not validated', async () => {
    const page = await open(`/commitments/commitment%3Amx-4pa-02#sources`);
    const sources = page.locator('#sources');
    await expect.poll(() => sources.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('sources-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await sources.getByTestId('source-validator').first().textContent()).toBe(
      'Publicado por su organización, sin validación del comité.',
    );
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the overview and the evaluation lead to the sources', () => {
  it('opens the sources from a card', async () => {
    const page = await open(`/?plan=${encodeURIComponent(DEMO_PLAN_ID)}`);
    const card = page.getByTestId('commitment-card').filter({ hasText: /^2\./ });
    const link = card.getByRole('link', { name: 'De dónde sale el 88\u202F%' });
    await link.waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await link.click();
    await expect.poll(() => page.locator('#sources').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(new URL(page.url()).hash).toBe('#sources');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sources-title');
  });

  it('opens the sources from the evaluation’s figures', async () => {
    const page = await open(`/evaluation?plan=${encodeURIComponent(PLAN)}`);
    const figure = page.getByTestId('evaluation-sources').first();
    await figure.waitFor({ timeout: 20_000 });
    expect(await figure.getAttribute('href')).toContain('/commitments/commitment%3Afuentes-1');
    expect(await seriousViolations(page)).toEqual([]);
    await figure.click();
    await expect.poll(() => page.locator('#sources').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('source-validator').first().textContent()).toContain('2 jul 2024');
  });
});
