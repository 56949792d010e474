import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let reporter: Client;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  reporter = await createUser(server, { name: 'zip-reporter', role: 'reporter', org: 'gov-a' });
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

describe("the sync gateway's answers on the wire", () => {
  it('compresses a page of changes in one piece, with its length, in the encoding asked for', async () => {
    const path = `${server.names.workspace}/_changes?include_docs=true`;
    const plain = await rawGet(path, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const expected = JSON.parse(plain.body.toString()) as { results: unknown[] };
    expect(expected.results.length).toBeGreaterThan(10);

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
      expect(JSON.parse(decode(new Uint8Array(reply.body)).toString())).toEqual(expected);
    }
  });

  it('sends small answers as they are', async () => {
    const reply = await rawGet(`${server.names.workspace}/`, 'br');
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(reply.body.toString())).toMatchObject({ db_name: server.names.workspace });
  });
});
