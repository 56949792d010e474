import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangesFollower } from '../sync-server/src/couch/changes-follower.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { AwaitedWrites, writeTold, wrote } from '../sync-server/src/couch/known-writes.js';
import { startTestServer, type TestServer } from './helpers.js';

/*
 * A follower's catch-up is a barrier for the writes this process made: it reads the feed until it
 * has shown them. The feed may show a write before its writer has the store's answer (a long-poll
 * wakes while a large `_bulk_docs` is still being written), so a write told of after the feed
 * showed it must not be waited for: that wait lasted until the barrier's limit (10 s) for every
 * request behind it, and drafts pushed in large batches measured 0.03× the store's speed.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

function newFollower(log: string[]) {
  const seen: string[] = [];
  const follower = new ChangesFollower<{ _id: string }>({
    couch: server.couch,
    db: server.names.workspace,
    name: 'test follower',
    includeDocs: false,
    log: (message) => log.push(message),
    apply: (rows) => {
      for (const row of rows) seen.push(row.id);
    },
  });
  return { follower, seen };
}

describe('a follower told of a write after its feed showed it', () => {
  it('does not wait for it', async () => {
    const log: string[] = [];
    const { follower, seen } = newFollower(log);
    try {
      // nano's own client, which tells no follower: the answer is told below, after the feed showed the write.
      const raw = server.couch.use(server.names.workspace);
      await writeTold(
        server.names.workspace,
        async () => {
          const first = await raw.insert({ _id: 'org:known-writes-late', type: 'organization' } as never);
          // A cluster's feed may show a write a few milliseconds after its answer: read until it does.
          const end = Date.now() + 5000;
          while (!seen.includes('org:known-writes-late') && Date.now() < end) await follower.catchUp();
          expect(seen).toContain('org:known-writes-late');
          return first;
        },
        (first) => [first],
      );
      await follower.catchUp();
      expect(log).toEqual([]);
    } finally {
      await follower.stop();
    }
  }, 20_000);

  it('still waits for a later revision of a document the feed showed', async () => {
    const log: string[] = [];
    const { follower, seen } = newFollower(log);
    try {
      const db = useDb(server.couch, server.names.workspace);
      const first = await db.insert({ _id: 'org:known-writes-again', type: 'organization' });
      await follower.catchUp();
      const second = await db.insert({ _id: first.id, _rev: first.rev, type: 'organization', name: 'again' });
      wrote(server.names.workspace, [{ id: second.id, rev: second.rev }]);
      await follower.catchUp();
      expect(seen.filter((id) => id === first.id)).toHaveLength(2);
      expect(log).toEqual([]);
    } finally {
      await follower.stop();
    }
  });
});

/*
 * The server also writes through nano (the importer, the admin routes, the publisher's own
 * records): on a cluster a follower's barrier right after such a write must wait for it as well.
 */
describe('writes made through nano', () => {
  it('are awaited by the followers of their database, each revision once', async () => {
    const awaited = new AwaitedWrites(server.names.workspace);
    try {
      const db = useDb(server.couch, server.names.workspace);
      const inserted = await db.insert({ _id: 'org:known-writes-nano', type: 'organization' });
      const bulk = await db.bulk({
        docs: [
          { _id: 'org:known-writes-nano-2', type: 'organization' },
          { _id: inserted.id, type: 'organization' }, // no revision: a conflict, nothing written
        ],
      });
      expect(bulk[1]?.error).toBe('conflict');
      expect(awaited.ids().sort()).toEqual(['org:known-writes-nano', 'org:known-writes-nano-2']);
      const removed = await db.destroy(inserted.id, inserted.rev);
      awaited.saw(inserted.id, inserted.rev);
      expect(awaited.ids()).toContain(removed.id);
    } finally {
      awaited.close();
    }
  });
});

/*
 * What a follower remembers follows the writes this process has in flight, not the feed's history:
 * the rows of others' writes (an import by the admin CLI, another server's) cost it nothing.
 */
describe('what a follower remembers', () => {
  it('forgets the rows its feed showed once no write of this process is in flight', async () => {
    // A database nobody else writes to: the test server's own writes in flight would count.
    const db = `${server.names.workspace}-unwritten`;
    const awaited = new AwaitedWrites(db);
    try {
      awaited.saw('org:known-writes-others', '1-a');
      expect(awaited.size).toBe(0);
      await writeTold(
        db,
        async () => {
          awaited.saw('org:known-writes-ours', '1-b');
          expect(awaited.size).toBe(1);
          return [{ id: 'org:known-writes-ours', rev: '1-b' }];
        },
        (rows) => rows,
      );
      // Shown before the answer came: not awaited, and nothing is left.
      expect(awaited.ids()).toEqual([]);
      expect(awaited.size).toBe(0);
    } finally {
      awaited.close();
    }
  });

  it('stops awaiting a write after a minute: the barrier reads the feed to its end anyway', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const awaited = new AwaitedWrites(server.names.workspace);
    try {
      wrote(server.names.workspace, [{ id: 'org:known-writes-old', rev: '1-c' }]);
      vi.setSystemTime(Date.now() + 31_000);
      wrote(server.names.workspace, [{ id: 'org:known-writes-newer', rev: '1-d' }]);
      expect(awaited.ids().sort()).toEqual(['org:known-writes-newer', 'org:known-writes-old']);
      vi.setSystemTime(Date.now() + 31_000);
      expect(awaited.ids()).toEqual(['org:known-writes-newer']);
      vi.setSystemTime(Date.now() + 61_000);
      expect(awaited.size).toBe(0);
    } finally {
      awaited.close();
      vi.useRealTimers();
    }
  });
});
