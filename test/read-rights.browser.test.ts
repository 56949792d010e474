import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD, DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser } from './browser.js';
import { report, review } from './fixtures.js';
import { startTestServer, type TestServer } from './helpers.js';

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

const onDemoPlan = {
  planId: DEMO_PLAN_ID,
  commitmentId: 'commitment:mx-4pa-01',
  keyActionId: 'keyAction:mx-4pa-01-1',
};

describe('a CSO reporter’s device', () => {
  it('holds, after a full sync, none of the government’s drafts or the committee’s internal observations', async () => {
    const db = useDb(server.couch, server.names.workspace);
    const secrets = ['GOVERNMENT-DRAFT-SECRET', 'INTERNAL-OBSERVATION-SECRET', 'GOVERNMENT-INTERNAL-NOTE'];
    await db.bulk({
      docs: [
        report({ ...onDemoPlan, createdBy: 'demo-gobierno', orgId: 'org:sfp', narrative: secrets[0] as string }),
        review({
          ...onDemoPlan,
          createdBy: 'demo-comite',
          orgId: 'org:nosc',
          visibility: 'internal',
          text: secrets[1] as string,
        }),
      ] as never[],
    });
    // Written last: once the device holds it, the sync has gone past the documents above.
    const marker = report({
      ...onDemoPlan,
      createdBy: 'demo-gobierno',
      orgId: 'org:sfp',
      status: 'published',
      narrative: 'PUBLISHED-MARKER',
      internalNote: secrets[2] as string,
    });
    await db.insert(marker as never);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-osc');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();

    /** Every record of every IndexedDB database of the page, as text. */
    const deviceContents = () =>
      page.evaluate(async () => {
        const texts: string[] = [];
        for (const info of await indexedDB.databases()) {
          if (!info.name) continue;
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
            texts.push(JSON.stringify(all));
          }
          db.close();
        }
        return texts.join('\n');
      });
    await expect.poll(deviceContents, { timeout: 30_000 }).toContain('PUBLISHED-MARKER');
    const contents = await deviceContents();
    for (const secret of secrets) expect(contents).not.toContain(secret);
    await context.close();
  });
});
