import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { es } from '../renderer/src/app/messages.js';
import { addUser } from '../sync-server/src/admin/users.js';
import { launchBrowser } from './browser.js';
import { madeAccount, startTestServer, type TestServer } from './helpers.js';

/**
 * Two people on one browser profile (a shared office computer): what one of them kept on the device
 * is never shown to the other, even when their account names differ only in punctuation.
 */
let server: TestServer;
let browser: Browser;
// A suffix of the run's own, since `_users` is shared on an Apache CouchDB; the names still differ
// only in their punctuation, which is what the old device names lost.
const suffix = randomBytes(3).toString('hex');
const government = { name: `ana.b-${suffix}`, org: 'sfp' };
const cso = { name: `ana_b-${suffix}`, org: 'gesoc' };
const PASSWORD = 'contraseña-compartida';
const DRAFT = `Borrador de la SFP que nadie más debe ver ${suffix}`;
const KEY_ACTION = 'keyAction:mx-4pa-11-1';

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  for (const person of [government, cso]) {
    await addUser(server.couch, server.names, { ...person, role: 'reporter', password: PASSWORD });
    madeAccount(server, person.name);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, name: string) {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(name);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
}

async function signOutKeepingData(page: Page) {
  await page.getByRole('button', { name: es.signOut }).click();
  await page.getByRole('button', { name: es.keepData }).click();
  await page.getByLabel('Usuario').waitFor();
}

/** Every RxDB database of the page (its IndexedDB databases grouped by RxDB's name), as text. */
function rxdbDatabases(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const byDatabase: Record<string, string> = {};
    for (const info of await indexedDB.databases()) {
      const rxdbName = /^rxdb-dexie-(.+)--\d+--.+$/.exec(info.name ?? '')?.[1];
      if (!rxdbName) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        byDatabase[rxdbName] = `${byDatabase[rxdbName] ?? ''}\n${JSON.stringify(all)}`;
      }
      db.close();
    }
    return byDatabase;
  });
}

describe('one browser profile, two accounts', () => {
  it('never shows the second the draft the first kept on the device, and keeps it for the first', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, government.name);
    await page.goto(`${server.url}/app/#/keyAction/${encodeURIComponent(KEY_ACTION)}`);
    await page.getByRole('button', { name: es.newReport }).waitFor();
    // Offline, so that the draft lives on the device only, as in the field.
    await context.setOffline(true);
    await page.getByRole('button', { name: es.newReport }).click();
    await page.getByLabel('Porcentaje de avance').fill('40');
    await page.getByLabel('Fecha del avance').fill('2021-04-01');
    await page.getByLabel('Descripción del avance').fill(DRAFT);
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(() => page.getByTestId('pending').textContent()).toBe(es.pending(1));
    const draftId = decodeURIComponent(/#\/report\/([^/]+)/.exec(page.url())?.[1] ?? '');
    expect(draftId).toMatch(/^report:/);
    await signOutKeepingData(page);
    await context.setOffline(false);

    await signIn(page, cso.name);
    expect(await page.getByTestId('inbox').textContent()).not.toContain(DRAFT);
    await page.goto(`${server.url}/app/#/keyAction/${encodeURIComponent(KEY_ACTION)}`);
    await page.getByRole('heading', { name: es.history }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(DRAFT);
    await page.goto(`${server.url}/app/#/report/${encodeURIComponent(draftId)}`);
    await page.getByTestId('not-on-device').waitFor({ timeout: 10_000 });
    expect(await page.locator('main').textContent()).not.toContain(DRAFT);

    // The database the CSO's workspace opened is the one holding its replication's checkpoint.
    const databases = await rxdbDatabases(page);
    const opened = Object.entries(databases).filter(([, text]) => text.includes(`|${cso.name}"`));
    expect(opened.length).toBeGreaterThan(0);
    for (const [name, text] of opened)
      expect({ name, holdsDraft: text.includes(DRAFT) }).toEqual({ name, holdsDraft: false });

    // The government's draft, never sent, is still on the device for its author.
    await signOutKeepingData(page);
    await signIn(page, government.name);
    await page.goto(`${server.url}/app/#/report/${encodeURIComponent(draftId)}`);
    await expect.poll(() => page.getByLabel('Descripción del avance').inputValue()).toBe(DRAFT);
    await context.close();
  });
});
