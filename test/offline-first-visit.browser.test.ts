import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/*
 * A laptop handed out in the field may have been online once: the app must open offline after
 * that one visit, committee screens included, and say so before the person leaves the office.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the reporter app after one visit', () => {
  it('says it is ready offline, and opens with no connection, the committee’s review screen included', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-comite');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await expect
      .poll(() => page.getByTestId('offline-ready').textContent(), { timeout: 20_000 })
      .toContain('Lista para usarse sin conexión');

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await page.getByRole('link', { name: 'Revisión' }).click();
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /revisión/i })
      .waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/revisión/i);
    await context.close();
  });
});
