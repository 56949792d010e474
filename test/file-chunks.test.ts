import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/** Large evidence files in pieces: a cut near the end resumes where it stopped, through the same checks. */
let server: TestServer;
let rep: Client;
const MiB = 1024 * 1024;
const sha = (bytes: Buffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const auth = (client: Client) =>
  `Basic ${Buffer.from(`${client.credentials?.name}:${client.credentials?.password}`).toString('base64')}`;
const pdfOf = (bytes: number) =>
  Buffer.concat([new Uint8Array(Buffer.from('%PDF-1.4\n')), new Uint8Array(randomBytes(bytes - 9))]);

function piece(hash: string, file: Buffer, offset: number, length: number, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/files/${hash}/chunks?offset=${offset}&size=${file.length}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf', authorization: auth(rep), ...headers },
    body: new Uint8Array(file.subarray(offset, offset + length)),
  });
}
const received = async (hash: string) =>
  (
    (await (
      await fetch(`${server.url}/api/files/${hash}/chunks`, { headers: { authorization: auth(rep) } })
    ).json()) as {
      received: number;
    }
  ).received;

beforeAll(async () => {
  process.env.TABLERO_MAX_FILE_MB = '3';
  try {
    server = await startTestServer();
  } finally {
    delete process.env.TABLERO_MAX_FILE_MB;
  }
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  rep = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
});
afterAll(async () => server?.stop());

describe('evidence files in pieces', () => {
  it('resumes from what the server holds and stores the whole once, with its uploader', async () => {
    const file = pdfOf(2.5 * MiB);
    const hash = sha(file);
    expect(await received(hash)).toBe(0);
    expect((await piece(hash, file, 0, MiB)).status).toBe(202);
    expect((await piece(hash, file, MiB, MiB)).status).toBe(202);
    expect(await received(hash)).toBe(2 * MiB);
    // A client that lost the answer and sends a piece again is told where to go on from.
    const again = await piece(hash, file, MiB, MiB);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ received: 2 * MiB });
    const last = await piece(hash, file, 2 * MiB, file.length - 2 * MiB);
    expect(last.status).toBe(201);
    expect(await last.json()).toMatchObject({ stored: 'now' });

    const files = useDb(server.couch, server.names.files);
    const record = await getOrNull<{ size: number; uploadedByOrgs: string[] }>(files, `file:${hash}`);
    expect(record).toMatchObject({ size: file.length, uploadedByOrgs: ['org:gov-a'] });
    const stored = (await files.attachment.get(`file:${hash}`, 'content')) as Buffer;
    expect(Buffer.compare(new Uint8Array(stored), new Uint8Array(file))).toBe(0);
    // The pieces are gone once the file is whole.
    expect(await received(hash)).toBe(0);
    expect((await files.list({ startkey: 'upload:', endkey: 'upload:\ufff0' })).rows).toEqual([]);
  });

  it('checks every piece as a single upload is checked, and the whole by its hash', async () => {
    const file = pdfOf(1.5 * MiB);
    const hash = sha(file);
    const anonymous = await fetch(`${server.url}/api/files/${hash}/chunks?offset=0&size=${file.length}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: new Uint8Array(file.subarray(0, 10)),
    });
    expect(anonymous.status).toBe(401);
    const elsewhere = await piece(hash, file, 0, MiB, { origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { reason: string }).reason).toMatch(/^Origin: /);
    expect((await piece(hash, file, 0, MiB, { 'content-type': 'application/x-msdownload' })).status).toBe(415);
    const big = pdfOf(4 * MiB);
    const tooBig = await piece(sha(big), big, 0, MiB);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { reason: string }).reason).toContain('3 MB limit');

    // Pieces of other bytes under this hash: refused as a whole, and the pieces dropped.
    const other = pdfOf(1.5 * MiB);
    expect((await piece(hash, other, 0, MiB)).status).toBe(202);
    const damaged = await piece(hash, other, MiB, other.length - MiB);
    expect(damaged.status).toBe(400);
    expect(((await damaged.json()) as { reason: string }).reason).toMatch(/^sha256: the content's hash is/);
    expect(await received(hash)).toBe(0);
    expect(await getOrNull(useDb(server.couch, server.names.files), `file:${hash}`)).toBeNull();
  });
});
