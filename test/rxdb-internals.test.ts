import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type WorkspaceDb } from '../renderer/src/db/database.js';
import type { LocalDoc } from '../renderer/src/db/local-doc.js';
import { changedSince, FIRST_UPLOAD, readStored, writeStored } from '../renderer/src/sync/device-store.js';
import { uniqueName } from './helpers.js';

/**
 * `renderer/src/sync/device-store.ts` is the one module that reaches under RxDB's public API (the
 * storage beneath the collection's wrapper, the write-time index, RxDB's revision format). These
 * tests hold RxDB to what that module assumes, on the storage the app runs (Dexie), so an RxDB
 * upgrade that changes any of it fails here, by name, before a replication silently loses edits.
 */

let local: WorkspaceDb;

beforeEach(async () => {
  local = await openWorkspaceDb(uniqueName('rxdb-internals'), getRxStorageDexie());
});

afterEach(async () => {
  await local.db.remove();
});

function draft(id: string, extra: Record<string, unknown> = {}): LocalDoc {
  return { id, type: 'progressReport', _deleted: false, note: 'x', ...extra };
}

describe('RxDB as device-store uses it', () => {
  it('lets a write go beneath the collection: no hook runs and the upload never reads it', async () => {
    await writeStored(local.workspace, [{ document: draft('pr-server', { couchRev: '1-abc' }) }]);
    const [stored] = (await readStored(local.workspace, ['pr-server'])).values();
    expect(stored?.couchRev).toBe('1-abc');
    expect(stored?.unsent).toBeUndefined();
    const { documents } = await changedSince(local.workspace, 10, FIRST_UPLOAD);
    expect(documents.map((doc) => doc.id)).toEqual([]);
  });

  it('gives an edit made through the collection a write time the upload reads from FIRST_UPLOAD', async () => {
    await writeStored(local.workspace, [{ document: draft('pr-server', { couchRev: '1-abc' }) }]);
    await local.workspace.insert(draft('pr-local'));
    const { documents, checkpoint } = await changedSince(local.workspace, 10, FIRST_UPLOAD);
    expect(documents.map((doc) => [doc.id, doc.unsent])).toEqual([['pr-local', true]]);
    expect(checkpoint.id).toBe('pr-local');
    expect(checkpoint.lwt).toBeGreaterThan(FIRST_UPLOAD.lwt);
    expect((await changedSince(local.workspace, 10, checkpoint)).documents).toEqual([]);
  });

  it('tells the screens of a write beneath the collection, through its change stream', async () => {
    const seen: string[] = [];
    const subscription = local.workspace.$.subscribe((event) => seen.push(event.documentId));
    await writeStored(local.workspace, [{ document: draft('pr-seen', { couchRev: '1-abc' }) }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.unsubscribe();
    expect(seen).toContain('pr-seen');
  });

  it('refuses a write based on a version that changed since, and returns the stored one', async () => {
    await writeStored(local.workspace, [{ document: draft('pr-race', { couchRev: '1-abc' }) }]);
    const [read] = (await readStored(local.workspace, ['pr-race'])).values();
    if (!read) throw new Error('not stored');
    await local.workspace.upsert(draft('pr-race', { note: 'edited here' }));
    const changed = await writeStored(local.workspace, [
      { document: draft('pr-race', { couchRev: '2-def' }), previous: read },
    ]);
    expect(changed.get('pr-race')?.note).toBe('edited here');
    const [kept] = (await readStored(local.workspace, ['pr-race'])).values();
    expect(kept?.note).toBe('edited here');
  });

  it("keeps RxDB's revision format: one height more than the version it replaces", async () => {
    await writeStored(local.workspace, [{ document: draft('pr-rev', { couchRev: '1-abc' }) }]);
    const [first] = (await readStored(local.workspace, ['pr-rev'])).values();
    if (!first) throw new Error('not stored');
    await writeStored(local.workspace, [{ document: draft('pr-rev', { couchRev: '2-def' }), previous: first }]);
    const [second] = (await readStored(local.workspace, ['pr-rev'])).values();
    expect(first._rev).toMatch(/^1-\w+$/);
    expect(second?._rev).toMatch(/^2-\w+$/);
  });

  it('keeps an edit stored unsent beneath the collection for the upload (a conflict merged)', async () => {
    await writeStored(local.workspace, [{ document: draft('pr-merged', { couchRev: '3-abc', unsent: true }) }]);
    const { documents } = await changedSince(local.workspace, 10, FIRST_UPLOAD);
    expect(documents.map((doc) => doc.id)).toEqual(['pr-merged']);
  });
});
