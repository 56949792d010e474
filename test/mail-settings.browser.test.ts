import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { personMailOf, setPersonEmail } from '../sync-server/src/mail/people.js';
import { launchBrowser, seriousViolations } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/*
 * A reporter chooses in the app which reminders they get: the choice goes to the server
 * (/api/me/mail), which is what the reminders read.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await setPersonEmail(useDb(server.couch, server.names.personal), 'demo-gobierno', 'ana@example.org');
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the mail settings in the app', () => {
  it('shows the address and saves the reminders the person chose, in Spanish and in English', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: 'Avisos por correo' }).click();
    await page.getByText('Se envían a ana@example.org.').waitFor();
    const overdue = page.getByLabel('Una acción clave de mi organización venció sin reporte');
    expect(await overdue.isChecked()).toBe(true);
    // A reporter is not offered the committee's digest.
    expect(await page.getByLabel(/Resumen semanal/).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await overdue.uncheck();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByRole('status').filter({ hasText: 'Guardado.' }).waitFor();
    const stored = await personMailOf(useDb(server.couch, server.names.personal), 'demo-gobierno');
    expect(stored.reminders).toMatchObject({ overdue: false, deadlineSoon: true, returned: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'E-mail reminders' }).waitFor();
    await page.reload();
    await page.getByText('They go to ana@example.org.').waitFor();
    expect(await page.getByLabel('A key action of my organisation ended with no report').isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
