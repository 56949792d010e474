import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * A field laptop whose clock runs 30 hours ahead: the server refuses the report it sends (its
 * creation time is in the future), and once the clock is put right, saving the draft again sends
 * it — the draft takes the new save's time instead of keeping the wrong stamp for ever.
 */
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const stored = async (narrative: string) => {
  const found = await server.couch.use(server.names.workspace).find({ selector: { narrative }, limit: 1 });
  return found.docs[0] as { createdAt?: string } | undefined;
};

describe('a device clock that ran ahead', () => {
  it('has its report refused, and sent once the clock is right and the draft saved again', async () => {
    await page.clock.setSystemTime(new Date(Date.now() + 30 * 3600_000));
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).click();
    await page.getByRole('link', { name: /Divulgación de beneficiarios/ }).click();
    await page.getByRole('link', { name: /Diseño y desarrollo/ }).click();
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    const narrative = `Mesa técnica instalada ${Date.now()}`;
    await page.getByLabel('Porcentaje de avance').fill('30');
    await page.getByLabel('Fecha del avance').fill('2021-03-15');
    await page.getByLabel('Descripción del avance').fill(narrative);
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect
      .poll(() => page.getByText(/está en el futuro; revise el reloj del equipo/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await stored(narrative)).toBeUndefined();
    // Kept with both languages' words: switching to English shows the refusal in English.
    const issues = page.getByTestId('issues');
    await expect.poll(() => issues.textContent(), { timeout: 30_000 }).toContain('está en el futuro');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => issues.textContent()).toContain('The server refused this change');
    expect(await issues.textContent()).toContain('is in the future; check the device clock.');
    expect(await issues.textContent()).not.toContain('está en el futuro');
    await page.getByRole('button', { name: 'Español', exact: true }).click();

    await page.clock.setSystemTime(new Date());
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(async () => (await stored(narrative))?.createdAt, { timeout: 30_000 }).toBeDefined();
    expect(Date.parse((await stored(narrative))?.createdAt ?? '')).toBeLessThanOrEqual(Date.now());
  });
});
