import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../sync-server/src/admin/users.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { madeAccount, startTestServer, type TestServer, untilPublic } from './helpers.js';
import { FIRST, GAPS, importSheet, REVISED } from './revised-plan-sheets.js';

/*
 * Issue 31: a reprogrammed plan shows its public history — on the plan's overview every revision,
 * on a commitment's page the changes that concern it — instead of a silently rewritten plan.
 */

let server: TestServer;
const PASSWORD = 'clave-de-prueba-vacios';
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  await importSheet(server, 'plan.csv', FIRST);
  await untilPublic(server, (index) => index.plans.length === 1);
  await importSheet(server, 'plan-reprogramado.csv', REVISED);
  await importSheet(server, 'plan-con-vacios.csv', GAPS, false, 'gaps');
  await untilPublic(server, (index) => index.plans.length === 2 && index.plans.some((p) => p.revisions));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a plan with gaps', () => {
  it('says what its source did not state instead of showing the dates the import put in their place', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/commitments/commitment:gaps-01`);
    const objective = page.getByTestId('objective');
    await objective.waitFor({ timeout: 20_000 });
    expect(await objective.textContent()).toBe('No indicado en el plan original.');
    expect(await page.getByTestId('period').textContent()).toBe('inicio no indicado en el plan original – 31 dic 2025');
    expect(await page.locator('dt:has-text("Valores de OGP") + dd').textContent()).toBe(
      'No indicados en el plan original.',
    );
    const rows = page.locator('.timeline-label');
    expect(await rows.count()).toBe(2);
    for (const [i, end] of ['30 jun 2025', '31 dic 2025'].entries())
      expect(await rows.nth(i).textContent()).toContain(`Planeado: inicio no indicado en el plan original – ${end}`);
    // The date the import had to use (the plan's start) is not shown as the plan's word.
    expect(await page.locator('main').textContent()).not.toContain('1 ene 2025 –');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/commitments/commitment:gaps-01?lang=en`);
    await expect
      .poll(() => page.getByTestId('period').textContent())
      .toBe('start not stated in the original plan – 31 Dec 2025');
    await page.close();
  });

  it('says so in the app too, on the commitment’s key actions', async () => {
    await addUser(server.couch, server.names, { name: 'mf-reporta', password: PASSWORD, role: 'reporter', org: 'mf' });
    madeAccount(server, 'mf-reporta');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('mf-reporta');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page
      .getByRole('link', { name: /Plan de Acción 2025-2026/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.goto(`${server.url}/app/#/commitment/${encodeURIComponent('commitment:gaps-01')}`);
    const rows = page.locator('.timeline-label');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    expect(await rows.first().textContent()).toContain(
      'Planeado: inicio no indicado en el plan original – 30 jun 2025',
    );
    await page.close();
  });
});

describe('a reprogrammed plan', () => {
  it('lists its revisions on the overview: what changed, when, from which file', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=plan:ec-1pa`);
    const history = page.getByTestId('plan-history');
    await history.waitFor({ timeout: 20_000 });
    expect(await history.getByRole('heading', { level: 2 }).textContent()).toBe('Cambios al plan');
    const revision = history.getByTestId('plan-revision');
    expect(await revision.count()).toBe(1);
    // biome-ignore lint/performance/useDomNodeTextContent: what people see, with its spaces
    const text = await revision.evaluate((el) => (el as HTMLElement).innerText);
    expect(text).toMatch(/^Revisión 1, \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Fuente: plan-reprogramado.csv');
    expect(text).toContain('Acción clave 1.1 «Portal de datos», fecha de término: 30 jun 2025 → 31 dic 2025');
    expect(text).toContain('Acción clave 1.3 «Informe anual»: se añadió');
    expect(text).toContain('Compromiso 2 «Compras públicas abiertas», título: Compras → Compras públicas abiertas');
    expect(await seriousViolations(page)).toEqual([]);
    await history.screenshot({ path: 'docs/screenshots/dashboard-plan-history.png' });
    await page.close();
  });

  it('shows on a commitment’s page only the changes to it, in English too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/commitments/commitment:ec-1pa-02?lang=en`);
    const history = page.getByTestId('plan-history');
    await history.waitFor({ timeout: 20_000 });
    expect(await history.getByRole('heading', { level: 2 }).textContent()).toBe('Changes to this commitment');
    const changes = history.getByTestId('plan-revision').getByRole('listitem');
    expect(await changes.count()).toBe(1);
    expect(await changes.first().textContent()).toBe(
      'Commitment 2 “Compras públicas abiertas”, title: Compras → Compras públicas abiertas',
    );
    // The plan's words stay in its language, marked so.
    expect(await changes.first().locator('ins').getAttribute('lang')).toBe('es');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-commitment-history');
    await page.close();
  });
});
