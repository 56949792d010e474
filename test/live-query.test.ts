import 'fake-indexeddb/auto';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type WorkspaceDb } from '../renderer/src/db/database.js';
import { liveQuery } from '../renderer/src/db/live-query.js';
import type { LocalDoc } from '../renderer/src/sync/couch-helpers.js';

/**
 * The screens' live queries while a first sync writes page after page: each answers with what it
 * read, instead of reading again until the writes stop, and ends with every document written.
 */
let local: WorkspaceDb;
beforeAll(async () => {
  local = await openWorkspaceDb(`live-query-${Date.now()}`, withSlowReads(getRxStorageDexie(), 40));
});

/**
 * A device whose reads take longer than the time between two pages of a first sync (as a phone's
 * reading a large collection does), and whose writes go on meanwhile (as IndexedDB's do in
 * Chromium): `fake-indexeddb` holds writes back while a read runs, which would hide the race.
 */
function withSlowReads(storage: RxStorage<unknown, unknown>, ms: number): RxStorage<unknown, unknown> {
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      return new Proxy(instance, {
        get(target, prop) {
          if (prop === 'query')
            return async (query: Parameters<typeof target.query>[0]) => {
              const result = await target.query(query);
              await new Promise((resolve) => setTimeout(resolve, ms));
              return result;
            };
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}
afterAll(async () => {
  await local?.db.remove();
});

const report = (page: number, i: number): LocalDoc => ({
  id: `report:${page}-${i}`,
  type: 'progressReport',
  _deleted: false,
  narrative: `Avance ${page}-${i} `.repeat(20),
  status: 'published',
});

describe('a live query during a stream of writes', () => {
  it('answers while the writes go on, and ends with all of them', async () => {
    const { workspace } = local;
    await workspace.insert({ id: 'plan:p', type: 'plan', _deleted: false, title: 'Plan' });
    const pages = 30;
    const size = 50;
    // The first pages are there before the query starts, as when a screen opens mid-sync.
    for (let page = 0; page < 5; page++)
      await workspace.bulkInsert(Array.from({ length: size }, (_, i) => report(page, i)));

    let writing = true;
    const answeredWhileWriting: string[] = [];
    let reports: LocalDoc[] = [];
    const stopPlans = liveQuery(workspace, { type: 'plan' }, (docs) => {
      if (writing && docs.length) answeredWhileWriting.push('plans');
    });
    const stopReports = liveQuery(workspace, { type: 'progressReport' }, (docs) => {
      if (writing) answeredWhileWriting.push('reports');
      reports = docs;
    });
    for (let page = 5; page < pages; page++)
      await workspace.bulkInsert(Array.from({ length: size }, (_, i) => report(page, i)));
    writing = false;

    expect(answeredWhileWriting).toContain('plans');
    expect(answeredWhileWriting).toContain('reports');
    await expect.poll(() => reports.length, { timeout: 20_000 }).toBe(pages * size);
    stopPlans();
    stopReports();
  });
});
