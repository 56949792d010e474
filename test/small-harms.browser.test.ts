import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanResponse } from '../shared/src/api-types.js';
import { DEMO_PASSWORD, DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { headingOutline, launchBrowser, outlineFaults, screenshot, seriousViolations } from './browser.js';
import { createUser, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * Issue 32, item 7: the lower harms a citizen and a reporter met. Each test names the one it
 * guards against.
 */

let server: TestServer;
let browser: Browser;
let keyActionId = '';

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
  const plan = (await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}`)).json()) as PlanResponse;
  const action = plan.commitments
    .flatMap((c) => c.keyActions ?? [])
    .find((k) => k.responsibleOrgIds.includes('org:sfp') && k.progress > 0);
  keyActionId = action?.id ?? '';
  // A published report and its correction, so the app's history shows a corrected one.
  const reporter = await createUser(server, { name: 'sfp-corrige', role: 'reporter', org: 'sfp' });
  const base = {
    type: 'progressReport',
    planId: DEMO_PLAN_ID,
    commitmentId: action?.commitmentId,
    keyActionId,
    orgId: 'org:sfp',
    createdBy: reporter.name,
    status: 'published',
    evidenceIds: [],
  };
  const first = { ...base, _id: 'report:corregible', createdAt: '2021-08-01T10:00:00.000Z', percent: 90 };
  await reporter.put(server.names.workspace, { ...first, narrative: 'Cifra con un error.', date: '2021-08-01' });
  await reporter.put(server.names.workspace, {
    ...base,
    _id: 'report:correccion',
    createdAt: '2021-08-02T10:00:00.000Z',
    percent: 85,
    narrative: 'Cifra corregida.',
    date: '2021-08-01',
    corrects: first._id,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, user = 'demo-gobierno') {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor({ timeout: 30_000 });
}

describe('the reporter app', () => {
  it('has one h1 on its home, dates in the person’s language, and says "corregido" with a space before the demo label', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    expect(outlineFaults(await headingOutline(page))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    // biome-ignore lint/performance/useDomNodeTextContent: what people see, with its spaces
    const home = await page
      .locator('main, body')
      .first()
      .evaluate((el) => (el as HTMLElement).innerText);
    expect(home).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(home).toContain('10 dic 2019');

    await page.goto(`${server.url}/app/#/keyAction/${encodeURIComponent(keyActionId)}`);
    const history = page.getByTestId('app-history');
    await history.waitFor({ timeout: 20_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: what people see, with its spaces
    const seen = await history.evaluate((el) => (el as HTMLElement).innerText);
    expect(seen).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(seen).not.toMatch(/SFPdatos/);
    const corrected = page.getByTestId('app-report').filter({ hasText: 'Cifra con un error.' });
    expect(await corrected.textContent()).toMatch(/Corregido/);
    await screenshot(page, 'app-key-action-corrected');
  });

  it('warns about lowering progress only once a lower figure is typed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await page.goto(`${server.url}/app/#/new/${encodeURIComponent(keyActionId)}`);
    const percent = page.getByLabel('Porcentaje de avance');
    await percent.waitFor({ timeout: 20_000 });
    // The key action's history is read from the device after the form appears.
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('lowers-progress').count()).toBe(0);
    await percent.fill('10');
    await page.getByTestId('lowers-progress').waitFor();
  });

  it('says the plans are downloading during a first sync, not an empty list', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The first download held back, as on a slow connection.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/_changes/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-osc');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByTestId('plans-downloading').waitFor({ timeout: 20_000 });
    release();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plans-downloading').count()).toBe(0);
  });
});

describe('the public dashboard', () => {
  it('keeps government and UN bodies out of the CSO filter and its headings in order', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}`);
    const filter = page.locator('select[name="org"]');
    await expect.poll(() => filter.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const plan = (await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}`)).json()) as PlanResponse;
    const names = new Map(Object.entries(plan.organizations).map(([id, o]) => [o.name, o.kind]));
    const offered = (await filter.locator('option').allTextContents()).slice(1);
    expect(offered.length).toBeGreaterThan(0);
    for (const name of offered) expect({ name, kind: names.get(name) }).toEqual({ name, kind: 'cso' });
    expect(outlineFaults(await headingOutline(page))).toEqual([]);
  });

  it('says, in English, that the plan’s description and titles are written in Spanish, with their lang', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}&lang=en`);
    const description = page.locator('.plan-head .description');
    await description.waitFor({ timeout: 20_000 });
    expect(await description.getByTestId('written-note').textContent()).toBe('Written in Spanish');
    expect(await description.locator('span[lang="es"]').count()).toBe(1);
    // The demo plan's description is Spanish throughout (its IRM summary was English).
    expect(await description.textContent()).not.toMatch(/Early results|commitments/);
    await page.locator('.plan-head').screenshot({ path: 'docs/screenshots/dashboard-written-note.png' });
    const card = page.getByTestId('commitment-card').first();
    expect(await card.locator('h3 [lang]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // An organisation's page marks its key actions' titles with their plan's language.
    await page.goto(`${server.url}/organizations/org:sfp?lang=en`);
    await expect
      .poll(() => page.locator('.cards li ul span[lang="es"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}&lang=es`);
    await expect.poll(() => page.getByTestId('commitment-card').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('written-note').count()).toBe(0);
    await page.close();
  });

  it('never lets "100 %" wrap before its sign: a narrow no-break space, on the dashboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}`);
    await expect.poll(() => page.getByTestId('commitment-card').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // biome-ignore lint/performance/useDomNodeTextContent: what people see, with its spaces
    const text = await page.locator('main').evaluate((el) => (el as HTMLElement).innerText);
    expect(text).toMatch(/\d\u202F%/);
    expect(text).not.toMatch(/\d[ \u00A0]%/);
    await page.close();
  });
});
