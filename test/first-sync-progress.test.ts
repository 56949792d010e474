import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE, largePlan } from '../bench/large-plan.js';
import { openWorkspaceDb } from '../renderer/src/db/database.js';
import { type PullProgress, replicateWorkspace } from '../renderer/src/sync/couch-replication.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/* What a reporter on a slow connection sees during a first sync: how much came, and about how much is left. */

let server: TestServer;
let reporter: Client;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'plan', largePlan('fs', { ...LARGE, commitments: 20 }));
  reporter = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'fs-o1' });
});
afterAll(async () => server?.stop());

describe('a first sync', () => {
  it('tells, page by page, how many documents came and about how many are left, down to none', async () => {
    const local = await openWorkspaceDb(`progress-${uniqueName('d')}`, getRxStorageDexie());
    const { name, password } = reporter.credentials as { name: string; password: string };
    const progress: PullProgress[] = [];
    const replication = replicateWorkspace({
      collection: local.workspace,
      url: `${server.couchUrl}/${server.names.workspace}/`,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`);
        return fetch(input, { ...init, headers });
      },
      replicationIdentifier: `progress|${name}`,
      live: false,
      batchSize: 100,
      onRefused: async () => undefined,
      onPullProgress: (p) => progress.push(p),
    });
    await replication.awaitInitialReplication();
    const count = await local.workspace.count().exec();
    expect(count).toBeGreaterThan(1000);
    expect(progress.length).toBeGreaterThan(5);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.received).toBeGreaterThan(progress[i - 1]?.received ?? 0);
      expect(progress[i]?.pending).toBeLessThanOrEqual(progress[i - 1]?.pending ?? Number.POSITIVE_INFINITY);
    }
    // Early on, the total it shows is close to what comes in the end.
    const first = progress[0] as PullProgress;
    expect(first.received + first.pending).toBeGreaterThanOrEqual(count);
    expect(progress.at(-1)?.pending).toBe(0);
    await replication.cancel();
    await local.db.remove();
  });
});
