/** Benchmarks of the desktop app's replication, against PouchDB replicating the same database. */

import memoryAdapter from 'pouchdb-adapter-memory';
import PouchDB from 'pouchdb-core';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openWorkspaceDb } from '../renderer/src/db/database.js';
import type { LocalDoc } from '../renderer/src/db/local-doc.js';
import { replicateWorkspace } from '../renderer/src/sync/couch-replication.js';
import { withoutCredentials } from '../sync-server/src/couch/client.js';
import type { RunningServer } from '../sync-server/src/server.js';
import { addBenchUser } from './bench-store.js';

// The http adapter and replication are installed by the embedded server's module (couch/embedded.ts).
import '../sync-server/src/couch/embedded.js';

PouchDB.plugin(memoryAdapter);

export interface SyncFigures {
  docs: number;
  /** Through the gateway (means of two runs). */
  rxdbMs: number;
  /** The same replication reading the store directly as its admin: no gateway, no read filtering (means of two runs). */
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
  await addBenchUser(server, {
    name: 'bench-reporter',
    password,
    role: 'reporter',
    org: orgId.replace(/^org:/, ''),
  });
  const url = `${server.couchUrl}/${server.names.workspace}/`;
  let online = true;

  /** A fresh device's initial sync (memory storage, to measure the protocol, not the disk), left running. */
  const initialSync = async (direct: boolean) => {
    const local = await openWorkspaceDb(`bench-${direct ? 'store' : 'gateway'}-${Date.now()}`, getRxStorageMemory());
    const t = performance.now();
    const state = replicateWorkspace({
      collection: local.workspace,
      ...(direct
        ? {
            url: `${withoutCredentials(server.storeUrl)}/${server.names.workspace}/`,
            fetch: authFetch(server.admin.name, server.admin.password, () => true),
          }
        : { url, fetch: authFetch('bench-reporter', password, () => online) }),
      replicationIdentifier: direct ? 'bench-store' : 'bench',
      live: !direct,
      batchSize: 1000,
      retryTime: 200,
      onRefused: async () => undefined,
    });
    await state.awaitInitialReplication();
    const ms = performance.now() - t;
    return { local, state, ms, docs: await local.workspace.count().exec() };
  };
  const done = async (run: Awaited<ReturnType<typeof initialSync>>) => {
    await run.state.cancel();
    await run.local.db.close();
  };
  // Tablero's replication through the gateway, and as baseline the same replication straight from
  // the store as its admin, with nothing filtered. Twice each, in the order gateway, store, store,
  // gateway: whichever reads the plan first warms the store's caches for the other.
  const gatewayFirst = await initialSync(false);
  await done(gatewayFirst);
  const storeRuns = [await initialSync(true), await initialSync(true)];
  for (const run of storeRuns) await done(run);
  const gateway = await initialSync(false);
  const { local, state } = gateway;
  const rxdbMs = (gatewayFirst.ms + gateway.ms) / 2;
  const docs = gateway.docs;
  const unfilteredMs = ((storeRuns[0]?.ms ?? 0) + (storeRuns[1]?.ms ?? 0)) / 2;
  const unfilteredDocs = storeRuns[0]?.docs ?? 0;

  // Baseline: PouchDB replicating the same database into memory.
  const pouch = new PouchDB(`bench-pouch-${Date.now()}`, { adapter: 'memory' });
  let t = performance.now();
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
