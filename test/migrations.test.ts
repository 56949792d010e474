import 'fake-indexeddb/auto';
import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb } from '../renderer/src/db/database.js';
import type { LocalDoc } from '../renderer/src/db/local-doc.js';
import { replicateWorkspace } from '../renderer/src/sync/couch-replication.js';
import { CURRENT_SCHEMA_VERSION } from '../shared/src/migrations.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { MIGRATIONS_ID, runMigrations } from '../sync-server/src/migrations/run.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * A release that changes documents' shape upgrades what the server stores and what a field
 * laptop holds, unsent drafts included, and loses nothing.
 */

let server: TestServer;
let reporter: Client;
let committee: Client;
const quiet = () => undefined;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  reporter = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
  committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
});
afterAll(async () => server?.stop());

describe('document versions on the server', () => {
  it('upgrades documents of an older version once, records it, and changes nothing the second time', async () => {
    const workspace = useDb(server.couch, server.names.workspace);
    // As a release from before versions stored them.
    const old = report({
      createdBy: reporter.name,
      status: 'submitted',
      planId: 'plan:review',
      commitmentId: 'commitment:review-1',
      keyActionId: 'keyAction:review-1-1',
    });
    await workspace.insert(old as never);
    const record = await getOrNull(workspace, MIGRATIONS_ID);
    if (record) await workspace.insert({ ...record, applied: [] } as never);

    const applied = await runMigrations(server.couch, server.names, quiet);
    expect(applied.map((a) => a.name)).toEqual(['0001-schema-version']);
    expect(applied[0]?.changed).toBeGreaterThan(0);
    expect(await workspace.get(old._id)).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION });
    expect(await workspace.get('plan:test')).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION });
    expect(await runMigrations(server.couch, server.names, quiet)).toEqual([]);
    const stored = (await workspace.get(MIGRATIONS_ID)) as unknown as { applied: { name: string }[] };
    expect(stored.applied.map((a) => a.name)).toEqual(['0001-schema-version']);
  });

  it('stores what an older app sends at the current version, and lets the committee decide on an older document', async () => {
    const sent = report({ createdBy: reporter.name });
    expect(sent).not.toHaveProperty('schemaVersion');
    expect((await reporter.put(server.names.workspace, sent)).status).toBe(201);
    expect((await reporter.get(server.names.workspace, sent._id)).body).toMatchObject({
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });

    const workspace = useDb(server.couch, server.names.workspace);
    const older = report({
      createdBy: reporter.name,
      status: 'submitted',
      planId: 'plan:review',
      commitmentId: 'commitment:review-1',
      keyActionId: 'keyAction:review-1-1',
    });
    await workspace.insert(older as never);
    const decided = await committee.update(server.names.workspace, older._id, {
      status: 'published',
      reviewedBy: committee.name,
      reviewedAt: new Date().toISOString(),
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
  });
});

describe('document versions on a device', () => {
  it('migrates a device database of the previous version, and its unsent draft still arrives', async () => {
    const name = `device-${uniqueName('old')}`;
    const { name: user, password } = reporter.credentials as { name: string; password: string };
    const authorised: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
      return fetch(input, { ...init, headers });
    };
    const replicate = (collection: RxCollection<LocalDoc>) => {
      const state = replicateWorkspace({
        collection,
        url: `${server.couchUrl}/${server.names.workspace}/`,
        fetch: authorised,
        replicationIdentifier: `${server.couchUrl}|${server.names.workspace}|${user}`,
        live: false,
        retryTime: 300,
        onRefused: async () => undefined,
      });
      state.error$.subscribe(() => undefined);
      return state;
    };

    // The previous release's database: version 0 of the workspace schema.
    const previousSchema = {
      version: 0,
      primaryKey: 'id',
      type: 'object',
      properties: { id: { type: 'string', maxLength: 120 }, type: { type: 'string', maxLength: 40 } },
      required: ['id', 'type'],
      additionalProperties: true,
    } as unknown as RxJsonSchema<LocalDoc>;
    const before = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false });
    const { workspace } = await before.addCollections({ workspace: { schema: previousSchema } });
    const first = replicate(workspace as RxCollection<LocalDoc>);
    await first.awaitInitialReplication();
    await first.cancel();
    // Offline in the field: a draft written by the previous release, never sent.
    const draft = report({ createdBy: user, narrative: 'Borrador escrito sin conexión.' });
    const { _id, ...fields } = draft;
    await workspace.insert({ ...fields, id: _id } as unknown as LocalDoc);
    await before.close();

    // The new release opens the same database.
    const after = await openWorkspaceDb(name, getRxStorageDexie());
    const migrated = (await after.workspace.findOne(draft._id).exec())?.toMutableJSON();
    expect(migrated).toMatchObject({
      narrative: 'Borrador escrito sin conexión.',
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
    expect((await after.workspace.findOne('plan:test').exec())?.toMutableJSON()).toMatchObject({ title: 'Plan test' });
    const second = replicate(after.workspace);
    await second.awaitInitialReplication();
    await second.awaitInSync();
    await second.cancel();
    const onServer = await reporter.get(server.names.workspace, draft._id);
    expect(onServer.status).toBe(200);
    expect(onServer.body).toMatchObject({
      narrative: 'Borrador escrito sin conexión.',
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
    await after.db.remove();
  });
});
