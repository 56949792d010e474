import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Issue, openWorkspaceDb, type WorkspaceDb } from '../renderer/src/db/database.js';
import type { LocalDoc } from '../renderer/src/db/local-doc.js';
import { type CouchDoc, fromCouch } from '../renderer/src/sync/couch-helpers.js';
import { replicateWorkspace } from '../renderer/src/sync/couch-replication.js';
import { writeStored } from '../renderer/src/sync/device-store.js';
import { CURRENT_SCHEMA_VERSION } from '../shared/src/migrations.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

let server: TestServer;
let repA: Client;
let repA2: Client;
let repB: Client;

/** A desktop client: RxDB on IndexedDB (fake-indexeddb here), replicating through /db/ as a person. */
class Device {
  local!: WorkspaceDb;
  online = true;
  /** Runs before each request reaches the server, to put a change between two of the device's requests. */
  beforeRequest: ((url: string, method: string) => Promise<void>) | null = null;
  private replication: ReturnType<typeof replicateWorkspace> | null = null;
  constructor(
    readonly name: string,
    readonly person: Client,
  ) {}

  private fetch: typeof fetch = async (input, init) => {
    if (!this.online) throw new TypeError('fetch failed: offline');
    await this.beforeRequest?.(String(input), init?.method ?? 'GET');
    const headers = new Headers(init?.headers);
    const { name, password } = this.person.credentials as { name: string; password: string };
    headers.set('authorization', `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`);
    return fetch(input, { ...init, headers });
  };

  async open(): Promise<this> {
    this.local = await openWorkspaceDb(this.name, getRxStorageDexie());
    return this;
  }

  /** Documents received by the pulls since the last `sync()`. */
  received = 0;

  async sync(batchSize = 200): Promise<void> {
    this.received = 0;
    this.replication = replicateWorkspace({
      collection: this.local.workspace,
      url: `${server.couchUrl}/${server.names.workspace}/`,
      fetch: this.fetch,
      replicationIdentifier: `${server.couchUrl}|${server.names.workspace}|${this.person.name}`,
      batchSize,
      retryTime: 300,
      onPullProgress: (p) => {
        this.received = p.received;
      },
      onRefused: async (refusals) => {
        for (const r of refusals)
          await this.local.issues.upsert({
            id: `refused:${r.id}`,
            docId: r.id,
            kind: 'refused',
            reason: r.reason,
            at: new Date().toISOString(),
          });
      },
    });
    this.replication.error$.subscribe(() => undefined);
    if (this.online) await this.replication.awaitInitialReplication();
  }

  async settle(): Promise<void> {
    await this.replication?.awaitInSync();
  }

  /** Closes everything, as a crash or a restart would. */
  async close(): Promise<void> {
    await this.replication?.cancel();
    await this.local.db.close();
  }

  async doc(id: string): Promise<LocalDoc | null> {
    const found = await this.local.workspace.findOne(id).exec();
    return found ? (found.toMutableJSON() as LocalDoc) : null;
  }

  async issues(): Promise<Issue[]> {
    return (await this.local.issues.find().exec()).map((d) => d.toMutableJSON() as Issue);
  }
}

const asLocal = (doc: { _id: string }) => {
  const { _id, ...rest } = doc as { _id: string } & Record<string, unknown>;
  return { id: _id, ...rest } as LocalDoc;
};
const serverDoc = (id: string) =>
  useDb(server.couch, server.names.workspace)
    .get(id)
    .catch(() => null);
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  repA = await createUser(server, { name: uniqueName('a1'), role: 'reporter', org: 'gov-a' });
  repA2 = await createUser(server, { name: uniqueName('a2'), role: 'reporter', org: 'gov-a' });
  repB = await createUser(server, { name: uniqueName('b'), role: 'reporter', org: 'gov-b' });
});
afterAll(async () => server?.stop());

describe('workspace replication', () => {
  it('pulls every document in small batches, skipping design documents without stopping early', async () => {
    const device = await new Device(uniqueName('pull'), repB).open();
    await device.sync(3);
    const all = await useDb(server.couch, server.names.workspace).list();
    // gov-b works on plan:test only: the review plan's structure is not its to hold.
    const expected = all.rows.filter((r) => !r.id.startsWith('_') && !r.id.includes('review')).length;
    expect(await device.local.workspace.count().exec()).toBe(expected);
    expect(await device.doc('_design/tablero')).toBeNull();
    await device.close();
  });

  it('carries a draft from one device to another', async () => {
    const one = await new Device(uniqueName('one'), repA).open();
    const two = await new Device(uniqueName('two'), repA2).open();
    await one.sync();
    await two.sync();
    const draft = report({ createdBy: repA.name });
    await one.local.workspace.insert(asLocal(draft));
    await until(async () => (await two.doc(draft._id)) !== null);
    expect(await two.doc(draft._id)).toMatchObject({ percent: 40, status: 'draft' });
    await one.close();
    await two.close();
  });

  it('hears of a change made between its first download and its first wait for changes', async () => {
    // A slow machine or network: the device's first long-poll reaches the server only after a
    // colleague's draft. Waiting "from now" would skip that draft until some other change came.
    const one = await new Device(uniqueName('gap1'), repA).open();
    const two = await new Device(uniqueName('gap2'), repA2).open();
    await one.sync();
    const draft = report({ createdBy: repA.name, narrative: 'Sent while the other device was starting.' });
    let firstWait = true;
    two.beforeRequest = async (url) => {
      if (!url.includes('feed=longpoll') || !firstWait) return;
      firstWait = false;
      await until(async () => (await serverDoc(draft._id)) !== null);
    };
    await two.sync();
    await one.local.workspace.insert(asLocal(draft));
    await until(async () => (await two.doc(draft._id)) !== null);
    await one.close();
    await two.close();
  });

  it('keeps offline edits through a restart and sends them on reconnecting', async () => {
    const name = uniqueName('field');
    let device = await new Device(name, repA).open();
    device.online = false;
    await device.sync();
    const draft = report({ createdBy: repA.name, narrative: 'Written in the field, offline.' });
    await device.local.workspace.insert(asLocal(draft));
    await device.close();
    expect(await serverDoc(draft._id)).toBeNull();

    device = await new Device(name, repA).open();
    expect(await device.doc(draft._id)).toMatchObject({ narrative: 'Written in the field, offline.' });
    await device.sync();
    await until(async () => (await serverDoc(draft._id)) !== null);
    expect(await serverDoc(draft._id)).toMatchObject({
      narrative: 'Written in the field, offline.',
      orgId: 'org:gov-a',
    });
    await device.close();
  });

  it('keeps both versions of a report edited on two devices offline, for the person to choose', async () => {
    const one = await new Device(uniqueName('c1'), repA).open();
    const two = await new Device(uniqueName('c2'), repA2).open();
    await one.sync();
    await two.sync();
    const draft = report({ createdBy: repA.name, narrative: 'First version.' });
    await one.local.workspace.insert(asLocal(draft));
    await until(async () => (await two.doc(draft._id)) !== null);

    one.online = false;
    two.online = false;
    await (await one.local.workspace.findOne(draft._id).exec())?.incrementalPatch({
      narrative: 'Edited on device one.',
    });
    await (await two.local.workspace.findOne(draft._id).exec())?.incrementalPatch({
      narrative: 'Edited on device two.',
      percent: 55,
    });
    one.online = true;
    await until(async () => (await serverDoc(draft._id))?.narrative === 'Edited on device one.');
    two.online = true;
    await until(async () => (await two.issues()).some((i) => i.kind === 'conflict' && i.docId === draft._id), 15_000);

    const conflict = (await two.issues()).find((i) => i.docId === draft._id) as Issue;
    expect(conflict.mine).toMatchObject({ narrative: 'Edited on device two.', percent: 55 });
    expect(conflict.theirs).toMatchObject({ narrative: 'Edited on device one.' });
    expect(await serverDoc(draft._id)).toMatchObject({ narrative: 'Edited on device one.' });
    await one.close();
    await two.close();
  });

  it('shows a write the server refuses, with its reason, and keeps sending the rest', async () => {
    const device = await new Device(uniqueName('refused'), repA).open();
    await device.sync();
    const forged = report({ createdBy: repA.name, orgId: 'org:gov-b' });
    const good = report({ createdBy: repA.name, narrative: 'Saved after the refused one.' });
    await device.local.workspace.insert(asLocal(forged));
    await device.local.workspace.insert(asLocal(good));
    await until(async () => (await serverDoc(good._id)) !== null);
    await until(async () => (await device.issues()).some((i) => i.docId === forged._id));
    const refusal = (await device.issues()).find((i) => i.docId === forged._id);
    expect(refusal).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/^orgId: you write for org:gov-a, not for org:gov-b/),
    });
    expect(await device.doc(forged._id)).not.toBeNull();
    expect(await serverDoc(forged._id)).toBeNull();
    await device.close();
  });

  it('downloads, after a restart, only what changed on the server meanwhile', async () => {
    const name = uniqueName('restart');
    let device = await new Device(name, repA).open();
    await device.sync();
    expect(device.received).toBeGreaterThan(10);
    await device.close();
    const draft = report({ createdBy: repA2.name, narrative: 'Sent by another device.' });
    expect((await repA2.put(server.names.workspace, draft)).status).toBe(201);

    device = await new Device(name, repA).open();
    await device.sync();
    expect(device.received).toBeLessThanOrEqual(2);
    expect(await device.doc(draft._id)).toMatchObject({ narrative: 'Sent by another device.' });
    await device.close();
  });

  it('keeps its own bookkeeping on the device: the server gets the document as written', async () => {
    const device = await new Device(uniqueName('plain'), repA).open();
    await device.sync();
    const draft = report({ createdBy: repA.name });
    await device.local.workspace.insert(asLocal(draft));
    await until(async () => (await serverDoc(draft._id)) !== null);
    await (await device.local.workspace.findOne(draft._id).exec())?.incrementalPatch({ percent: 60 });
    await until(async () => (await serverDoc(draft._id))?.percent === 60);
    const stored = (await serverDoc(draft._id)) as Record<string, unknown>;
    const { _id, _rev, ...fields } = stored;
    const { _id: id, ...written } = { ...draft, percent: 60 };
    // The server adds only its receipt time.
    expect(fields).toEqual({ ...written, schemaVersion: CURRENT_SCHEMA_VERSION, receivedAt: expect.any(String) });
    await device.close();
  });

  it('sends a deletion made on the device, and removes what the server deleted', async () => {
    const device = await new Device(uniqueName('delete'), repA).open();
    await device.sync();
    const mine = report({ createdBy: repA.name, narrative: 'Deleted on the device.' });
    const theirs = report({ createdBy: repA2.name, narrative: 'Deleted on the server.' });
    await device.local.workspace.insert(asLocal(mine));
    expect((await repA2.put(server.names.workspace, theirs)).status).toBe(201);
    await until(async () => (await serverDoc(mine._id)) !== null && (await device.doc(theirs._id)) !== null);

    await (await device.local.workspace.findOne(mine._id).exec())?.remove();
    await until(async () => (await serverDoc(mine._id)) === null);
    const current = await repA2.get(server.names.workspace, theirs._id);
    expect((await repA2.put(server.names.workspace, { ...current.body, _deleted: true })).status).toBe(201);
    await until(async () => (await device.doc(theirs._id)) === null);
    await device.settle();
    expect(await device.issues()).toEqual([]);
    await device.close();
  });

  it('keeps both versions when the server changes a document between its download and the upload of a local edit', async () => {
    const device = await new Device(uniqueName('race'), repA).open();
    await device.sync();
    const draft = report({ createdBy: repA.name, narrative: 'Before.' });
    await device.local.workspace.insert(asLocal(draft));
    await until(async () => (await serverDoc(draft._id)) !== null);
    await device.settle();

    // The next upload finds the server changed by another device just before it arrives.
    let raced = false;
    device.beforeRequest = async (url, method) => {
      if (raced || method !== 'POST' || !url.includes('_bulk_docs')) return;
      raced = true;
      await repA2.update(server.names.workspace, draft._id, { narrative: 'Changed on another device.' });
    };
    await (await device.local.workspace.findOne(draft._id).exec())?.incrementalPatch({ narrative: 'Edited here.' });
    await until(async () => (await device.issues()).some((i) => i.kind === 'conflict' && i.docId === draft._id));
    const conflict = (await device.issues()).find((i) => i.docId === draft._id) as Issue;
    expect(conflict.mine).toMatchObject({ narrative: 'Edited here.' });
    expect(conflict.theirs).toMatchObject({ narrative: 'Changed on another device.' });
    expect(await serverDoc(draft._id)).toMatchObject({ narrative: 'Changed on another device.' });
    await until(async () => (await device.doc(draft._id))?.narrative === 'Changed on another device.');
    await device.close();
  });

  it('sends nothing back after a first sync', async () => {
    let writes = 0;
    const device = await new Device(uniqueName('quiet'), repB).open();
    device.beforeRequest = async (url, method) => {
      if (method === 'POST' && url.includes('_bulk_docs')) writes++;
    };
    await device.sync();
    await device.settle();
    expect(writes).toBe(0);
    await device.close();
  });

  it('adopts the documents of a device database from before revisions were kept, and keeps an edit made there as a conflict', async () => {
    const device = await new Device(uniqueName('upgrade'), repA).open();
    const draft = report({ createdBy: repA2.name, narrative: 'On the server.' });
    expect((await repA2.put(server.names.workspace, draft)).status).toBe(201);
    const stored = (await useDb(server.couch, server.names.workspace).fetch({ keys: ['plan:test', draft._id] })).rows;
    // Stored as the previous release stored them: the documents alone, no revision, not marked.
    const [plan, edited] = stored.map((row) => fromCouch((row as { doc: CouchDoc }).doc));
    await writeStored(device.local.workspace, [
      { document: plan as LocalDoc },
      { document: { ...(edited as LocalDoc), narrative: 'Edited on the device before the update.' } },
    ]);
    let uploads = 0;
    device.beforeRequest = async (url, method) => {
      if (method === 'POST' && url.includes('_bulk_docs')) uploads++;
    };
    await device.sync();
    await device.settle();
    expect(uploads).toBe(0);
    expect(await device.doc('plan:test')).toMatchObject({ title: 'Plan test', unsent: false });
    expect(await device.doc(draft._id)).toMatchObject({ narrative: 'On the server.', unsent: false });
    const conflict = (await device.issues()).find((i) => i.docId === draft._id);
    expect(conflict).toMatchObject({
      kind: 'conflict',
      mine: { narrative: 'Edited on the device before the update.' },
    });
    await device.close();
  });

  it('sends an edit made while the previous version was on its way, on top of the revision the server gave it', async () => {
    const device = await new Device(uniqueName('meanwhile'), repA).open();
    await device.sync();
    const draft = report({ createdBy: repA.name, narrative: 'First.' });
    let edited = false;
    device.beforeRequest = async (url, method) => {
      if (edited || method !== 'POST' || !url.includes('_bulk_docs')) return;
      edited = true;
      await (await device.local.workspace.findOne(draft._id).exec())?.incrementalPatch({ narrative: 'Second.' });
    };
    await device.local.workspace.insert(asLocal(draft));
    await until(async () => (await serverDoc(draft._id))?.narrative === 'Second.');
    await device.settle();
    expect(await device.doc(draft._id)).toMatchObject({ narrative: 'Second.', unsent: false });
    expect(await device.issues()).toEqual([]);
    await device.close();
  });
});
