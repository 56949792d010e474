import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { restartTestServer, runAdmin, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * Another country's officer, from the README: site setup, demo remove, plan import of the sheet
 * the team keeps. The overview then carries the country's name and logo, and no demo notice.
 */

let server: TestServer;
let browser: Browser;
let dir: string;

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b5394"/><path d="M16 40 L28 22 L36 34 L42 26 L50 40 Z" fill="#ffd966"/></svg>`;

const SHEET = `N.º compromiso,Compromiso,Objetivo,Valores OGP,Institución responsable,Contraparte (sociedad civil),Hito,Fecha de inicio del hito,Fecha de término del hito
1,Presupuesto abierto,Publicar el presupuesto mensual en datos abiertos.,Acceso a la información,Ministerio de Economía y Finanzas (MEF),Observatorio Fiscal (OF),Portal de datos,2025-01-01,2025-06-30
1,Presupuesto abierto,Publicar el presupuesto mensual en datos abiertos.,Acceso a la información,Ministerio de Economía y Finanzas (MEF),Observatorio Fiscal (OF),Presupuesto ciudadano,2025-07-01,2025-12-31
2,Participación en compras públicas,Veedurías ciudadanas en las compras públicas.,Participación ciudadana; Rendición de cuentas,Servicio de Contratación Pública (SCP),Red de Veedurías (RV),Veedurías piloto,2025-03-01,2026-03-31
`;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
  dir = fs.mkdtempSync(path.join(server.dataDir, 'site-'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a country's own site", () => {
  it('is set up, loses the demo, gets its plan from a sheet, and shows its name and logo without a demo notice', async () => {
    fs.writeFileSync(path.join(dir, 'logo.svg'), LOGO);
    fs.writeFileSync(path.join(dir, 'plan.csv'), SHEET);
    const admin = (...args: string[]) => runAdmin(server, ...args);

    const bad = await admin('site', 'setup', '--language', 'fr');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--language: "fr" must be es or en');
    const setup = await admin(
      'site',
      'setup',
      '--name',
      'Gobierno Abierto Ecuador',
      '--logo',
      path.join(dir, 'logo.svg'),
      '--language',
      'es',
      '--public-url',
      'https://gobiernoabierto.example.ec',
    );
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('remove it with "demo remove"');
    const removed = await admin('demo', 'remove');
    expect(removed.code, removed.stderr).toBe(0);
    const imported = await admin(
      'plan',
      'import',
      path.join(dir, 'plan.csv'),
      '--plan',
      'ec-1pa',
      '--country',
      'Ecuador',
      '--title',
      'Plan de Acción de Gobierno Abierto 2025-2026',
    );
    expect(imported.code, imported.stderr).toBe(0);
    await untilPublic(server, (index) => index.plans.map((p) => p._id).join() === 'plan:ec-1pa');

    const site = (await (await fetch(`${server.url}/api/site`)).json()) as Record<string, unknown>;
    expect(site).toMatchObject({
      name: 'Gobierno Abierto Ecuador',
      language: 'es',
      publicUrl: 'https://gobiernoabierto.example.ec',
      demo: false,
    });
    const logo = await fetch(`${server.url}${site.logoUrl as string}`);
    expect(logo.headers.get('content-type')).toContain('image/svg+xml');
    expect(await logo.text()).toBe(LOGO);
    const feed = await (await fetch(`${server.url}/activity.atom`)).text();
    expect(feed).toContain('https://gobiernoabierto.example.ec');

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.getByTestId('commitment-card').count()).toBe(2);
    expect(await page.locator('.brand').textContent()).toContain('Gobierno Abierto Ecuador');
    expect(await page.locator('.brand img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('.demo-notice').count()).toBe(0);
    expect(await page.title()).toContain('Gobierno Abierto Ecuador');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'site-setup-overview');

    // The app names the site too.
    await page.goto(`${server.url}/app/`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${server.url}/app/`);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBeGreaterThan(0);
    await page.close();

    // A restart does not bring the demo back.
    server = await restartTestServer(server, { demo: true });
    await untilPublic(server, (index) => index.plans.length === 1);
    expect(await (await fetch(`${server.url}/api/plans/${encodeURIComponent(DEMO_PLAN_ID)}`)).status).toBe(404);
  });
});
