import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { es } from '../renderer/src/app/messages.js';
import { disableUser } from '../sync-server/src/admin/users.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { restartTestServer, startTestServer, type TestServer } from './helpers.js';

/**
 * The field promise: drafts written offline reach the server with no action by the person, after
 * the browser was closed and reopened and the server restarted; an account disabled meanwhile is
 * told to sign in again and keeps its drafts.
 */
let server: TestServer;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-profile-'));

/** A browser with a profile on disk, as a person's: closing and reopening it keeps cookies and IndexedDB. */
const openBrowser = () =>
  chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    headless: true,
  });

beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(profile, { recursive: true, force: true });
});

async function serverHas(narrative: string): Promise<boolean> {
  const rows = await useDb(server.couch, server.names.workspace).list({
    startkey: 'report:',
    endkey: 'report:\ufff0',
    include_docs: true,
  });
  return rows.rows.some((r) => (r.doc as { narrative?: string } | undefined)?.narrative === narrative);
}

async function draftOffline(context: BrowserContext, narrative: string, pending: number) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
  await page.getByRole('button', { name: 'Nuevo reporte de avance' }).waitFor();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
  await page.getByLabel('Porcentaje de avance').fill('30');
  await page.getByLabel('Fecha del avance').fill('2021-02-01');
  await page.getByLabel('Descripción del avance').fill(narrative);
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await expect.poll(() => page.getByTestId('pending').textContent()).toBe(es.pending(pending));
  return page;
}

describe('offline work', () => {
  it('arrives after the browser is closed and reopened and the server restarted, with nobody signing in again', async () => {
    let context = await openBrowser();
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();

    const narratives = ['Borrador de campo uno', 'Borrador de campo dos'];
    for (const [i, narrative] of narratives.entries()) await draftOffline(context, narrative, i + 1);
    await context.close();
    server = await restartTestServer(server);

    context = await openBrowser();
    const again = context.pages()[0] ?? (await context.newPage());
    await again.goto(`${server.url}/app/`);
    for (const narrative of narratives) await expect.poll(() => serverHas(narrative), { timeout: 30_000 }).toBe(true);
    expect(await again.getByLabel('Usuario').count()).toBe(0);
    await expect.poll(() => again.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    // Revoked meanwhile: the person is told to sign in again, and the new draft stays on the device.
    await draftOffline(context, 'Borrador tras la baja', 1);
    await disableUser(server.couch, 'demo-gobierno');
    await context.setOffline(false);
    await expect
      .poll(() => again.getByTestId('sync-indicator').textContent(), { timeout: 30_000 })
      .toContain('vuelva a iniciar sesión');
    expect(await again.getByTestId('sync-indicator').textContent()).not.toContain('No se puede contactar');
    expect(await serverHas('Borrador tras la baja')).toBe(false);
    expect(await again.getByTestId('pending').textContent()).toMatch(/[1-9]\d* cambios? sin enviar/);
    await context.close();
  });

  it('asks nothing after a first sync cut by reloads at several moments', async () => {
    await useDb(server.couch, server.names.workspace).bulk({
      docs: Array.from({ length: 3000 }, (_, i) => ({
        _id: `report:bulk-${i}`,
        type: 'progressReport',
        planId: 'plan:mx-4pa',
        commitmentId: 'commitment:mx-4pa-11',
        keyActionId: 'keyAction:mx-4pa-11-1',
        orgId: 'org:sfp',
        createdBy: 'demo-gobierno',
        createdAt: new Date().toISOString(),
        status: 'published',
        percent: i % 100,
        narrative: `Avance ${i}`,
        date: '2021-01-01',
        evidenceIds: [],
      })) as never[],
    });
    const context = await chromium
      .launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      })
      .then((browser) => browser.newContext());
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-osc');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    // Signed in (the first sync has begun) before the reloads cut it.
    await page.getByTestId('sync-indicator').waitFor();
    for (const ms of [150, 300, 450, 600, 900]) {
      await page.waitForTimeout(ms);
      await page.reload();
    }
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('Todo enviado');
    await expect
      .poll(() => page.getByTestId('sync-indicator').textContent(), { timeout: 30_000 })
      .not.toContain('Sincronizando');
    expect(await page.getByTestId('issues').count()).toBe(0);
    await context.browser()?.close();
  });
});
