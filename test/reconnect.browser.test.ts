import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Issue 30: after an outage the app resumes once the server is back, not at its next backoff step
 * (5, 10, 20 s… up to a minute). The time is measured and printed; the bound here is generous,
 * the goal (2 s) is the benchmark's.
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

async function serverHas(narrative: string): Promise<boolean> {
  const rows = await useDb(server.couch, server.names.workspace).list({
    startkey: 'report:',
    endkey: 'report:\ufff0',
    include_docs: true,
  });
  return rows.rows.some((r) => (r.doc as { narrative?: string } | undefined)?.narrative === narrative);
}

describe('reconnection', () => {
  it('sends a draft saved during an outage soon after the server is back, not at the next backoff step', {
    timeout: 180_000,
  }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).waitFor();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    // The server goes away (the browser still online) with what was in flight, its data kept.
    await server.close();
    const down = Date.now();
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await page.getByLabel('Porcentaje de avance').fill('45');
    await page.getByLabel('Fecha del avance').fill('2021-05-01');
    await page.getByLabel('Descripción del avance').fill('Escrito con el servidor caído.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect
      .poll(() => page.getByTestId('sync-indicator').textContent(), { timeout: 20_000 })
      .toContain('No se puede contactar');
    // Long enough for the backoff to have grown (5, 10, 20 s: the retry after 35 s waits 40 s more).
    await page.waitForTimeout(40_000);
    server = await startTestServer({
      demo: true,
      dataDir: server.dataDir,
      port: Number(new URL(server.url).port),
      dbPrefix: server.config.dbPrefix,
    });
    const back = Date.now();
    console.log(`server back ${back - down} ms after it went down`);
    await expect.poll(() => serverHas('Escrito con el servidor caído.'), { timeout: 60_000, interval: 100 }).toBe(true);
    const resumed = Date.now() - back;
    console.log(`draft on the server ${resumed} ms after the server was back`);
    expect(resumed).toBeLessThan(6_000);
    await expect
      .poll(() => page.getByTestId('sync-indicator').textContent(), { timeout: 10_000 })
      .not.toContain('No se puede contactar');
    await context.close();
  });
});
