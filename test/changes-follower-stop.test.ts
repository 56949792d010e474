import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesFollower } from '../sync-server/src/couch/changes-follower.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { startTestServer, type TestServer } from './helpers.js';

/*
 * A server told to stop (SIGTERM) stops its followers. One that was far behind its feed (the public
 * store after a large import) read on until it had caught up, batch after batch, and the process
 * went on for minutes after the signal (seen on bench/server-memory.ts at 100,000 documents).
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

describe('a follower stopped while it catches up', () => {
  it('applies no batch after the one it was in', async () => {
    const db = useDb(server.couch, server.names.workspace);
    await db.bulk({
      docs: Array.from({ length: 2000 }, (_, i) => ({ _id: `org:stop-${i}`, type: 'organization', name: `O ${i}` })),
    });
    let batches = 0;
    let stopped: Promise<void> | undefined;
    const follower: ChangesFollower<{ _id: string }> = new ChangesFollower({
      couch: server.couch,
      db: server.names.workspace,
      name: 'test follower',
      includeDocs: false,
      batchSize: 100,
      apply: (rows) => {
        if (rows.length === 0) return;
        batches++;
        stopped ??= follower.stop();
      },
    });
    await follower.catchUp();
    await stopped;
    expect(batches).toBe(1);
  }, 60_000);
});
