import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;

// A real collection before each heap reading, so the figure is what is kept, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

describe('/api/changes long-polls', () => {
  it('keep nothing once they time out: 100,000 timed-out waits leave no waiter and a small heap', async () => {
    const version = server.store.version;
    const poll = () => fetch(`${server.url}/api/changes?since=${version}&timeout=1`).then((r) => r.json());
    for (let i = 0; i < 200; i++) expect(await poll()).toEqual({ version });
    expect(server.store.waiting).toBe(0);

    gc();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 100; round++)
      await Promise.all(Array.from({ length: 1000 }, () => server.store.nextChange(0)));
    expect(server.store.waiting).toBe(0);
    gc();
    // The landed code kept ~470 bytes per timed-out wait: 47 MB here.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('let go of a wait when the client goes away', async () => {
    const abort = new AbortController();
    const pending = fetch(`${server.url}/api/changes?since=${server.store.version}&timeout=50000`, {
      signal: abort.signal,
    }).catch(() => undefined);
    await expect.poll(() => server.store.waiting).toBe(1);
    abort.abort();
    await pending;
    await expect.poll(() => server.store.waiting).toBe(0);
  });
});
