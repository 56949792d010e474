import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanResponse } from '../shared/src/api-types.js';
import { addUser } from '../sync-server/src/admin/users.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { madeAccount, runAdmin, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * Issue 31: a country's site is its own everywhere — the tabs' titles name what they show and the
 * site, the tab's icon is its logo, the app's sign-in screen carries its name and logo, and the app
 * names organisations, never by the long ids an imported sheet gives them.
 */

let server: TestServer;
let browser: Browser;
let dir: string;

const SITE = 'Gobierno Abierto Ecuador';
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b5394"/><path d="M16 40 L28 22 L36 34 L42 26 L50 40 Z" fill="#ffd966"/></svg>`;
// The lead has no acronym: its id is a slug of its name.
const SHEET = `N.º compromiso,Compromiso,Objetivo,Valores OGP,Institución responsable,Hito,Fecha de inicio del hito,Fecha de término del hito
1,Presupuesto abierto,Publicar el presupuesto mensual en datos abiertos.,Acceso a la información,Servicio Nacional de Contratación Pública,Portal de datos,2025-01-01,2025-06-30
`;
const PASSWORD = 'clave-de-prueba-31';

beforeAll(async () => {
  server = await startTestServer();
  dir = fs.mkdtempSync(path.join(server.dataDir, 'site-'));
  fs.writeFileSync(path.join(dir, 'logo.svg'), LOGO);
  fs.writeFileSync(path.join(dir, 'plan.csv'), SHEET);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a country's site is its own", () => {
  it('takes the icon from the logo the environment names when the site stores none', async () => {
    const other = await startTestServer({ env: { TABLERO_SITE_LOGO_URL: 'https://example.org/logo.png' } });
    try {
      const icon = await fetch(`${other.url}/site/icon`, { redirect: 'manual' });
      expect(icon.status).toBe(302);
      expect(icon.headers.get('location')).toBe('https://example.org/logo.png');
    } finally {
      await other.stop();
    }
  });

  it('shows Tablero’s icon until the site has a logo, then the logo', async () => {
    const before = await fetch(`${server.url}/site/icon`);
    expect(before.headers.get('content-type')).toContain('image/svg+xml');
    expect(await before.text()).toContain('#0b5cad');
    const setup = await runAdmin(server, 'site', 'setup', '--name', SITE, '--logo', path.join(dir, 'logo.svg'));
    expect(setup.code, setup.stderr).toBe(0);
    const imported = await runAdmin(
      server,
      ...['plan', 'import', path.join(dir, 'plan.csv'), '--plan', 'ec-1pa', '--country', 'Ecuador'],
      ...['--title', 'Plan de Acción de Gobierno Abierto 2025-2026'],
    );
    expect(imported.code, imported.stderr).toBe(0);
    await untilPublic(server, (index) => index.plans.length === 1);
    // The settings are read again every few seconds.
    await expect.poll(async () => (await fetch(`${server.url}/site/icon`)).text(), { timeout: 10_000 }).toBe(LOGO);
  });

  it('titles the dashboard’s pages with what they show, then the site, and takes the icon from the server', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.title()).toBe(`Plan de Acción de Gobierno Abierto 2025-2026 — ${SITE}`);
    const icon = await page.locator('link[rel="icon"]').evaluate((link: HTMLLinkElement) => link.href);
    expect(await (await fetch(icon)).text()).toBe(LOGO);

    await page.getByTestId('commitment-card').getByRole('link', { name: 'Presupuesto abierto' }).click();
    await expect.poll(() => page.title()).toBe(`Compromiso 1 · Presupuesto abierto — ${SITE}`);
    await page.getByRole('link', { name: 'Servicio Nacional de Contratación Pública' }).first().click();
    await expect.poll(() => page.title()).toBe(`Servicio Nacional de Contratación Pública — ${SITE}`);
    await page.goto(`${server.url}/activity?lang=en`);
    await expect.poll(() => page.title()).toBe(`Recent activity — ${SITE}`);
    await page.close();
  });

  it('puts the site’s name and logo on the app’s sign-in screen, and names organisations in the app', async () => {
    const plan = (await (await fetch(`${server.url}/api/plans/plan:ec-1pa`)).json()) as PlanResponse;
    const lead = plan.commitments[0]?.responsibleOrgIds[0] ?? '';
    expect(lead.length).toBeGreaterThan(20);
    await addUser(server.couch, server.names, {
      name: 'sncp-reporta',
      password: PASSWORD,
      role: 'reporter',
      org: lead.replace(/^org:/, ''),
    });
    madeAccount(server, 'sncp-reporta');

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/app/`);
    const brand = page.getByTestId('signin-site');
    await expect.poll(() => brand.textContent(), { timeout: 10_000 }).toBe(SITE);
    expect(await brand.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.title()).toContain(SITE);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-sign-in-site');

    await page.getByLabel('Usuario').fill('sncp-reporta');
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Plan de Acción de Gobierno Abierto/ }).click();
    await page.getByRole('link', { name: /Presupuesto abierto/ }).click();
    await page.getByRole('link', { name: /Portal de datos/ }).click();
    const facts = page.locator('main h1 + p');
    await expect
      .poll(() => facts.textContent(), { timeout: 20_000 })
      .toContain('Servicio Nacional de Contratación Pública');
    expect(await page.locator('main').textContent()).not.toMatch(/SERVICIO-NACIONAL/i);
  });
});
