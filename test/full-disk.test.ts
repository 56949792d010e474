import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * The embedded store's disk fills up: a real tmpfs as the data folder (mounting needs root, as CI's
 * container has; elsewhere the file is skipped and says why). Writes are refused with 507 and a
 * reason in both languages, health says so, and once space is freed everything works again
 * without a restart, with nothing lost.
 */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-disk-'));
const mounted = (() => {
  if (process.env.COUCHDB_URL) return false; // Apache CouchDB's disk is its own.
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const filler = path.join(mountPoint, 'filler');

let server: TestServer;
let rep: Client;

beforeAll(async () => {
  if (!mounted) return;
  server = await startTestServer({ dataDir: path.join(mountPoint, 'data') });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  rep = await createUser(server, { name: uniqueName('disk'), role: 'reporter', org: 'gov-a' });
});
afterAll(async () => {
  await server?.close();
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

function fillDisk(): void {
  const fd = fs.openSync(filler, 'w');
  const chunk = new Uint8Array(1 << 20);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

async function upload(bytes: number) {
  const body = new Uint8Array(Buffer.alloc(bytes, `${Math.random()}`));
  const sha = createHash('sha256').update(body).digest('hex');
  const auth = Buffer.from(`${rep.name}:${rep.credentials?.password}`).toString('base64');
  const reply = await fetch(`${server.url}/api/files/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/pdf' },
    body,
  });
  return {
    status: reply.status,
    retryAfter: reply.headers.get('retry-after'),
    body: (await reply.json()) as Record<string, unknown>,
  };
}

const healthOf = async () => {
  const reply = await fetch(`${server.url}/api/health`);
  return {
    status: reply.status,
    body: (await reply.json()) as { status: string; storage: { freeBytes: number; writesFailingSince: string | null } },
  };
};

describe.skipIf(!mounted)('a full disk under the embedded store', () => {
  it('refuses writes with 507 and why, says so in health, and recovers once space is freed', async () => {
    expect((await upload(100_000)).status).toBe(201);
    const kept = report({ createdBy: rep.name });
    expect((await rep.put(server.names.workspace, kept)).status).toBe(201);

    fillDisk();
    const refused = await upload(2_000_000);
    expect(refused.status).toBe(507);
    expect(refused.retryAfter).toBeTruthy();
    expect(refused.body).toMatchObject({ error: 'insufficient_storage' });
    expect(String(refused.body.reason_es)).toMatch(/disco del servidor está lleno/);
    const during = await rep.put(
      server.names.workspace,
      report({ createdBy: rep.name, narrative: 'x'.repeat(19_000) }),
    );
    expect(during.status, JSON.stringify(during.body)).toBe(507);
    const full = await healthOf();
    expect(full.status).toBe(503);
    expect(full.body.status).toBe('storage-full');
    expect(full.body.storage.freeBytes).toBeLessThan(1 << 20);

    fs.rmSync(filler);
    const again = await upload(2_000_000);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const draft = report({ createdBy: rep.name });
    expect((await rep.put(server.names.workspace, draft)).status).toBe(201);
    expect((await healthOf()).status).toBe(200);
    expect((await rep.get(server.names.workspace, kept._id)).body).toMatchObject({
      _id: kept._id,
      percent: kept.percent,
    });
  });
});
