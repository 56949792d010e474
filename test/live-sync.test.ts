import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import type { Health } from '../sync-server/src/api/health.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * A device's long-poll is woken for every change its person may read. On an Apache CouchDB cluster
 * a read of the feed right after a write may miss it for some milliseconds, and the server's one
 * long-poll on the store may see the change before a device's own read does: the device must
 * still get it at once, not at its long-poll's timeout. Run against a cluster with COUCHDB_URL.
 */

let server: TestServer;
let writer: Client;
let reader: Client;
const PROBES = Number(process.env.TABLERO_PROBES ?? 200);
// Far above any answer that was woken by the change; an answer at the timeout has no results.
const POLL_TIMEOUT_MS = 20_000;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  writer = await createUser(server, { name: uniqueName('probe-w'), role: 'reporter', org: 'gov-a' });
  reader = await createUser(server, { name: uniqueName('probe-r'), role: 'reporter', org: 'gov-a' });
});
afterAll(async () => server?.stop());

const syncPolls = async () =>
  ((await (await fetch(`${server.url}/api/health`)).json()) as Health).longPolls.sync as number;

describe('live sync through the gateway', () => {
  it(`answers each of ${PROBES} waiting long-polls with the change written while it waited, not at its timeout`, async () => {
    const ws = server.names.workspace;
    let since = String((await reader.request<{ last_seq: string }>('GET', `${ws}/_changes`)).body.last_seq);
    const late: number[] = [];
    const times: number[] = [];
    type Answer = { results: { id: string }[]; last_seq: string };
    const longPoll = () =>
      reader.request<Answer>(
        'GET',
        `${ws}/_changes?feed=longpoll&timeout=${POLL_TIMEOUT_MS}&since=${encodeURIComponent(since)}`,
      );
    const until = async (check: (polls: number) => boolean, stop = () => false) => {
      while (!stop() && !check(await syncPolls())) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    /** A long-poll waiting for the next change; one that answers at once with older changes is followed by another. */
    const waitingPoll = async (): Promise<{ poll: Promise<{ body: Answer }> }> => {
      for (;;) {
        // The probe's is the only long-poll: none left from the last, then this one waiting.
        await until((polls) => polls === 0);
        let answered: { body: Answer } | undefined;
        const poll = longPoll().then((reply) => {
          answered = reply;
          return reply;
        });
        await until(
          (polls) => polls > 0,
          () => answered !== undefined,
        );
        // Wrapped: an async function returning the promise itself would wait for the answer.
        if (!answered) return { poll };
        since = (answered as { body: Answer }).body.last_seq;
      }
    };
    for (let probe = 0; probe < PROBES; probe++) {
      const { poll } = await waitingPoll();
      // Written once the long-poll waits, as a colleague's draft arrives while the app is open.
      const draft = report({ createdBy: writer.name });
      const start = Date.now();
      expect((await writer.put(ws, draft)).status).toBe(201);
      const answer = await poll;
      times.push(Date.now() - start);
      if (!answer.body.results.some((r) => r.id === draft._id)) late.push(probe);
      since = answer.body.last_seq;
    }
    if (process.env.TABLERO_PROBE_LOG === '1') {
      const sorted = [...times].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      console.log(`probes ${PROBES}, late ${late.length}, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
    }
    expect(late).toEqual([]);
  }, 600_000);
});
