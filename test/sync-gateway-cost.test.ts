import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePlan } from '../bench/large-plan.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { fetchChanges } from '../sync-server/src/couch/client.js';
import { testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

let server: TestServer;
let reporter: Client;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  const size = { organizations: 2, commitments: 10, keyActionsPerCommitment: 10, reportsPerKeyAction: 5 };
  await importRecords(server.couch, server.names, 'wire', largePlan('wire', size));
  reporter = await createUser(server, { name: uniqueName('zip-reporter'), role: 'reporter', org: 'gov-a' });
});
afterAll(() => server?.stop());

interface Raw {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET as the bytes arrive (fetch would undo the encoding and hide how it was framed). */
function rawGet(path: string, encoding: string): Promise<Raw> {
  const { name, password } = reporter.credentials as { name: string; password: string };
  return new Promise((resolve, reject) => {
    http
      .get(
        `${server.couchUrl}/${path}`,
        {
          headers: {
            'accept-encoding': encoding,
            authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`,
          },
        },
        (response) => {
          const chunks: Uint8Array[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(new Uint8Array(chunk)));
          response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        },
      )
      .on('error', reject);
  });
}

/*
 * What a first sync costs: the store's reads behind the gateway, and the bytes on the wire.
 */
describe("the sync gateway's answers on the wire", () => {
  it('compresses a page of changes in one piece, with its length, in the encoding asked for', async () => {
    const path = `${server.names.workspace}/_changes?include_docs=true`;
    const plain = await rawGet(path, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // The rows by id, without their sequences: each read of a sharded CouchDB database's feed may
    // merge its shards in another order, with other sequence strings.
    const rowsOf = (body: string) =>
      (JSON.parse(body) as { results: { id: string; seq?: unknown }[] }).results
        .map(({ seq: _seq, ...row }) => row)
        .sort((a, b) => a.id.localeCompare(b.id));
    const expected = rowsOf(plain.body.toString());
    expect(expected.length).toBeGreaterThan(10);

    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const reply = await rawGet(path, `${encoding}, identity`);
      expect(reply.headers['content-encoding']).toBe(encoding);
      expect(reply.headers.vary).toMatch(/Accept-Encoding/i);
      // One piece: a length, not a stream of chunks (a streamed compression waits on the store's disk threads).
      expect(reply.headers['transfer-encoding']).toBeUndefined();
      expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
      expect(reply.body.length).toBeLessThan(plain.body.length / 3);
      expect(rowsOf(decode(new Uint8Array(reply.body)).toString())).toEqual(expected);
    }
  });

  it('sends small answers as they are', async () => {
    const reply = await rawGet(`${server.names.workspace}/`, 'br');
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(reply.body.toString())).toMatchObject({ db_name: server.names.workspace });
  });
});

describe("the sync gateway's reads of the store", () => {
  it('reads each change once when a first sync goes through the feed in the app’s pages', async () => {
    // The store's changes reach the gateway through fetch, in this process: count the rows it reads
    // (the only reader that names a style; the publisher and the directory follow the feed too).
    const wireReporter = await createUser(server, {
      name: uniqueName('wire-reporter'),
      role: 'reporter',
      org: 'wire-o1',
    });
    const storeHost = new URL(server.storeUrl).host;
    let storeRows = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const reply = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes(storeHost) && url.includes('/_changes?') && url.includes('style='))
        storeRows += ((await reply.clone().json()) as { results: unknown[] }).results.length;
      return reply;
    };
    try {
      let since = '0';
      let sent = 0;
      for (;;) {
        const page = await wireReporter.request<{ results: unknown[]; last_seq: string }>(
          'GET',
          `${server.names.workspace}/_changes?include_docs=true&limit=200&since=${encodeURIComponent(since)}`,
        );
        sent += page.body.results.length;
        since = page.body.last_seq;
        if (page.body.results.length < 200) break;
      }
      const everything = await fetchChanges(server.couch, server.names.workspace, {});
      expect(sent).toBeGreaterThan(500);
      // A page that meets rows the person may not see reads the few rows it lacks (at least 20) again.
      expect(storeRows).toBeLessThanOrEqual(everything.results.length + 20);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
