import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, seriousViolations } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Issue 30: the web app open in two tabs works on one local database. What one tab saves the other
 * shows at once; one tab at a time talks to the server, the other shows its state; when that tab
 * closes, the other takes over.
 */
let server: TestServer;
let browser: Browser;
const keyAction = `/app/#/keyAction/${encodeURIComponent('keyAction:mx-4pa-11-1')}`;

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

async function draft(page: Page, narrative: string) {
  await page.goto(`${server.url}${keyAction}`);
  await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
  await page.getByLabel('Porcentaje de avance').fill('35');
  await page.getByLabel('Fecha del avance').fill('2021-03-01');
  await page.getByLabel('Descripción del avance').fill(narrative);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await page.waitForURL(/#\/report\//);
}

/** Requests to the workspace's changes feed a page makes: only the tab that syncs makes them. */
function changesRequests(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.url().includes('/_changes')) seen.count++;
  });
  return seen;
}

describe('two tabs of the web app', () => {
  it('share one local database: each shows what the other saves, one syncs, the other takes over', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(`${server.url}/app/`);
    await first.getByLabel('Usuario').fill('demo-gobierno');
    await first.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await first.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await first.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await expect.poll(() => first.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    const second = await context.newPage();
    const secondChanges = changesRequests(second);
    await second.goto(`${server.url}${keyAction}`);
    await second.getByRole('button', { name: 'Nuevo reporte de avance' }).waitFor();

    await draft(first, 'Borrador de la primera pestaña');
    await expect
      .poll(() => second.getByTestId('app-history').textContent(), { timeout: 10_000 })
      .toContain('Borrador de la primera pestaña');
    await draft(second, 'Borrador de la segunda pestaña');
    await first.goto(`${server.url}${keyAction}`);
    await expect
      .poll(() => first.getByTestId('app-history').textContent(), { timeout: 10_000 })
      .toContain('Borrador de la segunda pestaña');
    for (const narrative of ['Borrador de la primera pestaña', 'Borrador de la segunda pestaña'])
      await expect.poll(() => serverHas(narrative), { timeout: 20_000 }).toBe(true);
    // The tab that does not sync shows the state of the one that does.
    await expect.poll(() => second.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    expect(secondChanges.count).toBe(0);
    expect(await seriousViolations(second)).toEqual([]);

    await first.close();
    await draft(second, 'Borrador tras cerrar la primera');
    await expect.poll(() => serverHas('Borrador tras cerrar la primera'), { timeout: 20_000 }).toBe(true);
    expect(secondChanges.count).toBeGreaterThan(0);
    await expect.poll(() => second.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    await context.close();
  });
});
