import 'fake-indexeddb/auto';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type WorkspaceDb } from '../renderer/src/db/database.js';
import { liveQuery } from '../renderer/src/db/live-query.js';
import { content, type LocalDoc } from '../renderer/src/db/local-doc.js';

/**
 * The screens' live queries while a first sync writes page after page: each reads the device once
 * and answers while the writes go on, following them from the changes themselves (a query read
 * again as pages land holds the store's writes back), and ends with exactly what a new read finds.
 */
let local: WorkspaceDb;
/** Reads of the device's documents made through its storage, for the test that counts them. */
let reads = 0;
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
              reads++;
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

  it('reads the device once, then follows the writes without reading again', async () => {
    const { workspace } = local;
    const before = reads;
    let count = 0;
    const stop = liveQuery(workspace, { type: 'progressReport', status: 'draft' }, (docs) => {
      count = docs.length;
    });
    for (let page = 100; page < 120; page++)
      await workspace.bulkInsert(Array.from({ length: 20 }, (_, i) => ({ ...report(page, i), status: 'draft' })));
    await expect.poll(() => count, { timeout: 10_000 }).toBe(400);
    expect(reads - before).toBe(1);
    stop();
  });

  it('follows every kind of change to exactly what a new read finds, in the same order', async () => {
    const { workspace } = local;
    const selector = { type: 'progressReport', status: 'submitted' };
    let shown: LocalDoc[] = [];
    const stop = liveQuery(workspace, selector, (docs) => {
      shown = docs;
    });
    const doc = (id: string, status: string): LocalDoc => ({
      id,
      type: 'progressReport',
      _deleted: false,
      status,
      narrative: id,
    });
    await workspace.bulkInsert([doc('report:z', 'submitted'), doc('report:a', 'submitted'), doc('report:m', 'draft')]);
    await workspace.incrementalUpsert(doc('report:m', 'submitted'));
    await workspace.incrementalUpsert({ ...doc('report:z', 'submitted'), narrative: 'cambiada' });
    await workspace.incrementalUpsert(doc('report:a', 'published'));
    await (await workspace.findOne('report:m').exec())?.remove();
    await workspace.insert(doc('report:b', 'submitted'));

    // A new read through RxDB's own query, not through the code under test.
    const expected = (await workspace.find({ selector }).exec()).map((d) => content(d.toMutableJSON(true)));
    expect(expected.map((d) => d.id)).toEqual(['report:b', 'report:z']);
    expect(expected.find((d) => d.id === 'report:z')?.narrative).toBe('cambiada');
    await expect.poll(() => shown, { timeout: 10_000 }).toEqual(expected);
    stop();
  });
});
