import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../bench/server-process.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import type { Health } from '../sync-server/src/api/health.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { type EmbeddedStore, startEmbeddedStore } from '../sync-server/src/couch/embedded.js';
import { report, testPlan } from './fixtures.js';
import { createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * Two Tablero servers on one store, as behind a load balancer on a CouchDB cluster: one of them
 * (the lease holder) publishes; when it dies abruptly, the other takes over, and every report
 * written around the switch is published exactly once.
 */

/** The embedded store this file starts when no COUCHDB_URL names one. */
let store: EmbeddedStore | undefined;
/** The store both servers share: the given Apache CouchDB (a cluster, in production), or the embedded one. */
let storeUrl: string;
let dir: string;
let first: ChildProcess;
let firstUrl: string;
let second: TestServer;
const prefix = `t${randomBytes(4).toString('hex')}_`;
const LEASE_S = 2;

/** The first server, in its own process as production runs it, on the shared store. */
const startProcess = () =>
  startServerProcess({
    COUCHDB_URL: storeUrl,
    TABLERO_DB_PREFIX: prefix,
    TABLERO_DEMO: '0',
    TABLERO_DATA_DIR: path.join(dir, 'first'),
    TABLERO_PUBLISHER_LEASE_S: String(LEASE_S),
  });

const healthOf = async (url: string) => (await (await fetch(`${url}/api/health`)).json()) as Health;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-servers-'));
  if (process.env.COUCHDB_URL) storeUrl = process.env.COUCHDB_URL;
  else {
    store = await startEmbeddedStore(path.join(dir, 'store'));
    storeUrl = store.adminUrl;
  }
  const started = await startProcess();
  first = started.child;
  firstUrl = started.url;
  second = await startTestServer({ couchUrl: storeUrl, dbPrefix: prefix, leaseSeconds: LEASE_S });
  await importRecords(second.couch, second.names, 'fixture', testPlan());
}, 60_000);
afterAll(async () => {
  first?.kill('SIGKILL');
  // stop() also removes the databases and accounts both servers made on a shared CouchDB.
  await second?.stop();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('several servers on one store', () => {
  it('publish from one lease holder; when it dies the other takes over, and every report is published once', async () => {
    const before = await healthOf(firstUrl);
    expect(before.publisher.here).toBe(true);
    expect((await healthOf(second.url)).publisher).toMatchObject({ here: false, leaseHolder: before.server });

    // A reader long-polling the second server hears of what the first publishes.
    const version = ((await (await fetch(`${second.url}/api/changes`)).json()) as { version: string }).version;
    const woken = fetch(`${second.url}/api/changes?since=${version}&timeout=20000`).then((r) => r.json());

    const reporter = await createUser(second, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
    const written: string[] = [];
    const write = async () => {
      const doc = report({
        createdBy: reporter.name,
        status: 'published',
        percent: written.length % 100,
        date: '2024-06-01',
      });
      expect((await reporter.put(second.names.workspace, doc)).status).toBe(201);
      written.push(doc._id);
    };
    for (let i = 0; i < 10; i++) await write();
    expect(((await woken) as { version: string }).version).not.toBe(version);

    first.kill('SIGKILL');
    const killedAt = Date.now();
    for (let i = 0; i < 10; i++) await write();
    while (!second.lease.holding) {
      expect(Date.now() - killedAt, 'takeover time').toBeLessThan(LEASE_S * 1000 * 3);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const takeoverMs = Date.now() - killedAt;
    for (let i = 0; i < 10; i++) await write();
    await second.publisher.settled();

    const rows = (await useDb(second.couch, second.names.public).list()).rows.map((r) => r.id);
    const published = rows.filter((id) => written.includes(id));
    expect(published.sort()).toEqual([...written].sort());
    expect(new Set(rows).size).toBe(rows.length);
    if (process.env.TABLERO_PROBE_LOG === '1')
      console.log(`takeover ${takeoverMs} ms; ${published.length}/${written.length} reports published, each once`);
    const after = await healthOf(second.url);
    expect(after.publisher).toMatchObject({ here: true, leaseHolder: second.serverId, lagSequences: 0 });
  });
});
