import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { launchBrowser, seriousViolations } from './browser.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * The app's inbox names the key actions of the reporter's organisation that ended (the fixture's
 * end on 2025-12-31) with no report, as the reminders by mail do, and drops one once reported;
 * and those due within the server's TABLERO_REMINDER_DAYS (30 here), which the app learns from it.
 */

let server: TestServer;
let browser: Browser;
let reporter: Client;

beforeAll(async () => {
  server = await startTestServer({ env: { TABLERO_REMINDER_DAYS: '30' } });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  reporter = await createUser(server, { name: uniqueName('rep'), org: 'org:gov-a', role: 'reporter' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(reporter.credentials?.name ?? '');
  await page.getByLabel('Contraseña').fill(reporter.credentials?.password ?? '');
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
}

describe('the inbox', () => {
  it("lists the key actions due within the server's reminder days, not a fixed week", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // 20 days before the fixture's end dates: inside 30 days, outside a week.
    await page.clock.setFixedTime(new Date('2025-12-11T12:00:00'));
    await signIn(page);
    await page.getByRole('heading', { name: 'Acciones clave por reportar' }).waitFor();
    const lines = page.getByTestId('inbox-deadlines').locator('li');
    await expect.poll(() => lines.count()).toBe(3);
    for (const line of await lines.allTextContents())
      expect(line).toMatch(/\(en 20 días\) sin reporte de su organización$/);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('lists the overdue key actions with no report, and drops one once its report arrives', async () => {
    const page = await browser.newPage();
    await signIn(page);
    await page.getByRole('heading', { name: 'Acciones clave por reportar' }).waitFor();
    const lines = page.getByTestId('inbox-deadlines').locator('li');
    await expect.poll(() => lines.count()).toBe(3);
    expect(await lines.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Key action test-1-1: venció el .*2025 sin reporte de su organización$/),
      ]),
    );
    expect(await seriousViolations(page)).toEqual([]);
    // A report of the organisation, from another device: the line goes.
    const done = report({ createdBy: reporter.name, status: 'published', keyActionId: 'keyAction:test-1-1' });
    expect((await reporter.put(server.names.workspace, done)).status).toBe(201);
    await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(2);
    expect((await lines.allTextContents()).join('\n')).not.toContain('test-1-1');
    await page.close();
  });
});
