/** Benchmarks of the desktop app's replication, against PouchDB replicating the same database. */

import memoryAdapter from 'pouchdb-adapter-memory';
import PouchDB from 'pouchdb-core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openWorkspaceDb } from '../renderer/src/db/database.js';
import type { LocalDoc } from '../renderer/src/sync/couch-helpers.js';
import { replicateWorkspace } from '../renderer/src/sync/couch-replication.js';
import { addUser } from '../sync-server/src/admin/users.js';
import { withoutCredentials } from '../sync-server/src/couch/client.js';
import type { RunningServer } from '../sync-server/src/server.js';

// The http adapter and replication are installed by the embedded server's module (couch/embedded.ts).
import '../sync-server/src/couch/embedded.js';

PouchDB.plugin(memoryAdapter);

export interface SyncFigures {
  docs: number;
  rxdbMs: number;
  /** The same replication reading the store directly as its admin: no gateway, no read filtering. */
  unfilteredMs: number;
  unfilteredDocs: number;
  pouchMs: number;
  pushMs: number;
}

function authFetch(name: string, password: string, online: () => boolean): typeof fetch {
  const header = `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
  return async (input, init) => {
    if (!online()) throw new TypeError('offline');
    const headers = new Headers(init?.headers);
    headers.set('authorization', header);
    return fetch(input, { ...init, headers });
  };
}

export async function measureSync(
  server: RunningServer,
  planId: string,
  orgId: string,
  keyAction: { id: string; commitmentId: string },
): Promise<SyncFigures> {
  const password = 'bench-password';
  await addUser(server.couch, server.names, {
    name: 'bench-reporter',
    password,
    role: 'reporter',
    org: orgId.replace(/^org:/, ''),
  });
  const url = `${server.couchUrl}/${server.names.workspace}/`;
  let online = true;

  // Tablero's replication into a fresh RxDB (memory storage, to measure the protocol, not the disk).
  const local = await openWorkspaceDb(`bench-${Date.now()}`, getRxStorageMemory());
  let t = performance.now();
  const state = replicateWorkspace({
    collection: local.workspace,
    url,
    fetch: authFetch('bench-reporter', password, () => online),
    replicationIdentifier: 'bench',
    batchSize: 1000,
    retryTime: 200,
    onRefused: async () => undefined,
  });
  await state.awaitInitialReplication();
  const rxdbMs = performance.now() - t;
  const docs = await local.workspace.count().exec();

  // Baseline: the same replication straight from the store, as its admin, with nothing filtered.
  const store = withoutCredentials(server.storeUrl);
  const unfilteredLocal = await openWorkspaceDb(`bench-unfiltered-${Date.now()}`, getRxStorageMemory());
  t = performance.now();
  const unfiltered = replicateWorkspace({
    collection: unfilteredLocal.workspace,
    url: `${store}/${server.names.workspace}/`,
    fetch: authFetch(server.admin.name, server.admin.password, () => true),
    replicationIdentifier: 'bench-unfiltered',
    batchSize: 1000,
    retryTime: 200,
    live: false,
    onRefused: async () => undefined,
  });
  await unfiltered.awaitInitialReplication();
  const unfilteredMs = performance.now() - t;
  const unfilteredDocs = await unfilteredLocal.workspace.count().exec();
  await unfiltered.cancel();
  await unfilteredLocal.db.close();

  // Baseline: PouchDB replicating the same database into memory.
  const pouch = new PouchDB(`bench-pouch-${Date.now()}`, { adapter: 'memory' });
  t = performance.now();
  await pouch.replicate.from(
    new PouchDB(url.slice(0, -1), { adapter: 'http', auth: { username: 'bench-reporter', password } }),
    { batch_size: 1000, batches_limit: 2 },
  );
  const pouchMs = performance.now() - t;
  await pouch.destroy();

  // 1,000 drafts written offline, then the time from reconnecting until the server has them all.
  online = false;
  const now = new Date().toISOString();
  const drafts: LocalDoc[] = Array.from({ length: 1000 }, (_, i) => ({
    id: `report:bench-draft-${i}`,
    type: 'progressReport',
    _deleted: false,
    planId,
    commitmentId: keyAction.commitmentId,
    keyActionId: keyAction.id,
    orgId,
    createdBy: 'bench-reporter',
    createdAt: now,
    status: 'draft',
    percent: i % 100,
    narrative: `Offline draft ${i}`,
    date: '2024-10-01',
    evidenceIds: [],
  }));
  await local.workspace.bulkInsert(drafts);
  t = performance.now();
  online = true;
  state.reSync();
  const workspace = server.couch.use(server.names.workspace);
  for (;;) {
    const found = await workspace.fetch({ keys: [drafts[0]?.id as string, drafts[999]?.id as string] });
    if (found.rows.every((r) => 'doc' in r && r.doc)) {
      await state.awaitInSync();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pushMs = performance.now() - t;
  await state.cancel();
  await local.db.close();
  return { docs, rxdbMs, unfilteredMs, unfilteredDocs, pouchMs, pushMs };
}
