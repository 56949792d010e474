import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../sync-server/src/admin/users.js';
import { dbNames } from '../sync-server/src/config.js';
import { connect, getOrNull, useDb, withCredentials } from '../sync-server/src/couch/client.js';
import { adminCredentialsPath, storeFilePath } from '../sync-server/src/couch/embedded.js';

/**
 * A server process killed (SIGKILL) while it stores an evidence file, at several moments: the
 * file's record never exists without its content, and the retried upload always ends with the
 * file stored intact.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-crash-'));
// A prefix of the run's own, so that on a shared Apache CouchDB (COUCHDB_URL) runs never meet.
const prefix = `t${randomBytes(4).toString('hex')}_`;
const names = dbNames(prefix);
const reporter = `crash-rep-${randomBytes(3).toString('hex')}`;
let child: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });
}

async function startChild(): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
    env: {
      ...process.env,
      TABLERO_PORT: String(port),
      TABLERO_DATA_DIR: dataDir,
      TABLERO_DEMO: '0',
      TABLERO_DB_PREFIX: prefix,
    },
    stdio: 'ignore',
  });
  const end = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/plans`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > end) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function killChild(): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The store's administrator: the given CouchDB's, or the embedded store's from its files. */
function admin() {
  if (process.env.COUCHDB_URL) return connect(process.env.COUCHDB_URL);
  const { url } = JSON.parse(fs.readFileSync(storeFilePath(dataDir), 'utf8')) as { url: string };
  return connect(withCredentials(url, JSON.parse(fs.readFileSync(adminCredentialsPath(dataDir), 'utf8'))));
}

const password = 'crash-test-password';
const auth = `Basic ${Buffer.from(`${reporter}:${password}`).toString('base64')}`;
const upload = (sha: string, body: Buffer) =>
  fetch(`http://127.0.0.1:${port}/api/files/${sha}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf', authorization: auth },
    body: new Uint8Array(body),
  });

beforeAll(async () => {
  port = await freePort();
  await startChild();
  const couch = admin();
  await useDb(couch, names.workspace).insert({
    _id: 'org:crash',
    type: 'organization',
    kind: 'government',
    name: 'Crash',
  });
  await addUser(couch, names, { name: reporter, password, role: 'reporter', org: 'crash' });
});
afterAll(async () => {
  await killChild();
  if (process.env.COUCHDB_URL) await removeFromSharedStore();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The run's databases and accounts, which outlive it on an Apache CouchDB. */
async function removeFromSharedStore(): Promise<void> {
  const couch = admin();
  for (const name of Object.values(names)) await couch.db.destroy(name).catch(() => undefined);
  const users = couch.use('_users');
  for (const account of [reporter, `tablero-gateway.${names.workspace}`]) {
    const found = await getOrNull<{ _rev: string }>(useDb(couch, '_users'), `org.couchdb.user:${account}`);
    if (found) await users.destroy(`org.couchdb.user:${account}`, found._rev);
  }
}

describe('an evidence upload cut by a crash of the server', () => {
  it.each([0, 15, 40, 80, 150])('is never recorded without its content (killed %i ms in)', async (delay) => {
    const file = Buffer.concat([
      new Uint8Array(Buffer.from('%PDF-1.4\n')),
      new Uint8Array(randomBytes(5 * 1024 * 1024)),
    ]);
    const sha = createHash('sha256').update(new Uint8Array(file)).digest('hex');
    const first = upload(sha, file).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, delay));
    await killChild();
    await first;
    await startChild();
    const record = await getOrNull<{ _attachments?: { content?: { length: number } } }>(
      useDb(admin(), names.files),
      `file:${sha}`,
    );
    if (record) expect(record._attachments?.content?.length).toBe(file.length);
    const retry = await upload(sha, file);
    expect([200, 201]).toContain(retry.status);
    const stored = await useDb(admin(), names.files).attachment.get(`file:${sha}`, 'content');
    expect(createHash('sha256').update(new Uint8Array(stored)).digest('hex')).toBe(sha);
  });

  it('completes a record an earlier version left without content instead of taking it for the file', async () => {
    const file = Buffer.from('%PDF-1.4\n% left without content\n');
    const sha = createHash('sha256').update(new Uint8Array(file)).digest('hex');
    await useDb(admin(), names.files).insert({ _id: `file:${sha}`, type: 'file', mediaType: 'application/pdf' });
    const retry = await upload(sha, file);
    expect(retry.status).toBe(201);
    const stored = await useDb(admin(), names.files).attachment.get(`file:${sha}`, 'content');
    expect(Buffer.from(stored).toString()).toBe(file.toString());
  });
});
