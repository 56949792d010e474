import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb, withCredentials, withoutCredentials } from '../sync-server/src/couch/client.js';
import { ensureGatewayAccount } from '../sync-server/src/couch/gateway-account.js';
import { MAX_CHECKPOINTS } from '../sync-server/src/gateway/routes/checkpoints.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, restartTestServer, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * What stands behind the gateway's front door: the account it reaches the store with, where the
 * session key lives, what a deletion keeps, how many checkpoints a person may leave, and who may
 * send a write. Against the embedded store, or the Apache CouchDB that COUCHDB_URL names.
 */
let server: TestServer;
let ws: string;
let rep: Client;
let other: Client;
let committee: Client;

beforeAll(async () => {
  server = await startTestServer();
  ws = server.names.workspace;
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  rep = await createUser(server, { name: uniqueName('door-rep'), role: 'reporter', org: 'gov-a' });
  other = await createUser(server, { name: uniqueName('door-other'), role: 'reporter', org: 'gov-b' });
  committee = await createUser(server, { name: uniqueName('door-com'), role: 'committee', org: 'com-d' });
});
afterAll(async () => {
  for (const who of [rep, other, committee]) {
    const users = useDb(server.couch, '_users');
    const doc = await getOrNull(users, `org.couchdb.user:${who.name}`);
    if (doc) await users.destroy(doc._id, doc._rev);
  }
  await server?.stop();
});

/** A request to the store itself with the gateway's own account, as a path that escaped would run. */
async function asGateway(path: string, method = 'GET') {
  const account = await ensureGatewayAccount(server.couch, server.names);
  const url = withCredentials(server.storeUrl, account);
  const auth = Buffer.from(`${account.name}:${account.password}`).toString('base64');
  const reply = await fetch(`${withoutCredentials(url)}/${path}`, {
    method,
    headers: { authorization: `Basic ${auth}` },
  });
  return { status: reply.status, text: await reply.text() };
}

describe("the gateway's account", () => {
  it('reads the workspace and nothing else of the store', async () => {
    expect((await asGateway(`${ws}/${encodeURIComponent('plan:test')}`)).status).toBe(200);
    for (const path of [
      '_all_dbs',
      '_config',
      '_node/_local/_config',
      `_users/${encodeURIComponent('org.couchdb.user:')}${encodeURIComponent(rep.name)}`,
      `_users/_all_docs`,
      `${server.names.server}/session-key`,
      `${server.names.server}/_all_docs`,
      `${server.names.files}/_all_docs`,
      `${server.names.public}/_all_docs`,
    ]) {
      const { status, text } = await asGateway(path);
      expect([401, 403, 404], `${path}: ${status} ${text}`).toContain(status);
      expect(text).not.toContain('derived_key');
    }
    const rules = await getOrNull(useDb(server.couch, ws), '_design/tablero');
    expect([401, 403]).toContain((await asGateway(`${ws}/_design/tablero?rev=${rules?._rev}`, 'DELETE')).status);
    expect(await getOrNull(useDb(server.couch, ws), '_design/tablero')).not.toBeNull();
    expect((await asGateway(`${ws}/${encodeURIComponent('plan:test')}`)).status).toBe(200);
  });
});

describe('the session key', () => {
  it('is not in the workspace, and a key left there by an earlier version signs nothing after an upgrade', async () => {
    const oldKey = 'a key an earlier version kept in the workspace';
    const workspace = useDb(server.couch, ws);
    expect(await getOrNull(workspace, '_local/tablero-session-secret')).toBeNull();
    await workspace.insert({ _id: '_local/tablero-session-secret', key: oldKey });
    const payload = `${Buffer.from(rep.name).toString('base64url')}.${Math.floor(Date.now() / 1000) + 3600}.x`;
    const forged = `${payload}.${createHmac('sha256', oldKey).update(payload).digest('base64url')}`;
    server = await restartTestServer(server);
    expect(await getOrNull(useDb(server.couch, ws), '_local/tablero-session-secret')).toBeNull();
    const reply = await fetch(`${server.couchUrl}/_session`, { headers: { cookie: `TableroSession=${forged}` } });
    expect(((await reply.json()) as { userCtx: { name: unknown } }).userCtx.name).toBeNull();
    expect((await rep.get(ws, 'plan:test')).status).toBe(200);
  });
});

describe('a deletion', () => {
  it('is stored and served as a bare tombstone, and only to those who could read what it removed', async () => {
    const draft = report({
      createdBy: other.name,
      orgId: 'org:gov-b',
      commitmentId: 'commitment:test-2',
      keyActionId: 'keyAction:test-2-1',
      internalNote: 'only gov-b',
    });
    const saved = await other.put(ws, draft);
    expect(saved.status).toBe(201);
    const gone = await other.request('DELETE', `${ws}/${encodeURIComponent(draft._id)}?rev=${saved.body.rev}`);
    expect(gone.status).toBe(201);
    const rev = String(gone.body.rev);
    const stored = (await server.couch.request({ db: ws, doc: draft._id, qs: { rev } })) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['_deleted', '_id', '_rev']);

    const changes = await other.request<{ results: { id: string; doc?: Record<string, unknown> }[] }>(
      'GET',
      `${ws}/_changes?include_docs=true`,
    );
    expect(changes.body.results.find((r) => r.id === draft._id)?.doc).toEqual({
      _id: draft._id,
      _rev: rev,
      _deleted: true,
    });
    for (const stranger of [rep, committee]) {
      const byKey = await stranger.request<{ rows: Record<string, unknown>[] }>('POST', `${ws}/_all_docs`, {
        keys: [draft._id],
      });
      expect(byKey.body.rows).toEqual([{ key: draft._id, error: 'not_found' }]);
      const bulk = await stranger.request('POST', `${ws}/_bulk_get`, { docs: [{ id: draft._id }] });
      expect(JSON.stringify(bulk.body)).not.toContain(rev);
      const feed = await stranger.request('GET', `${ws}/_changes?include_docs=true`);
      expect(JSON.stringify(feed.body)).not.toContain(draft._id);
      const diff = await stranger.request('POST', `${ws}/_revs_diff`, { [draft._id]: [rev] });
      expect(diff.body).toEqual({ [draft._id]: { missing: [rev] } });
    }
    const own = await other.request<{ rows: Record<string, unknown>[] }>('POST', `${ws}/_all_docs`, {
      keys: [draft._id],
    });
    expect(own.body.rows[0]).toMatchObject({ id: draft._id, value: { rev, deleted: true } });
  });

  it('carries nothing a client adds to it', async () => {
    const draft = report({ createdBy: rep.name });
    const saved = await rep.put(ws, draft);
    const gone = await rep.request<{ rev: string }[]>('POST', `${ws}/_bulk_docs`, {
      docs: [{ ...draft, _rev: saved.body.rev, _deleted: true, percent: 999, smuggled: 'x' }],
    });
    expect(gone.status).toBe(201);
    const rev = gone.body[0]?.rev as string;
    const stored = (await server.couch.request({ db: ws, doc: draft._id, qs: { rev } })) as Record<string, unknown>;
    expect(stored).toEqual({ _id: draft._id, _rev: rev, _deleted: true });
  });
});

describe("a person's checkpoints", () => {
  it(`are kept up to ${MAX_CHECKPOINTS}, the oldest forgotten first`, async () => {
    const ids = Array.from({ length: MAX_CHECKPOINTS + 3 }, (_, i) => `cp-${i}`);
    for (const id of ids) expect((await rep.request('PUT', `${ws}/_local/${id}`, { last_seq: id })).status).toBe(201);
    for (const id of ids.slice(0, 3)) expect((await rep.request('GET', `${ws}/_local/${id}`)).status).toBe(404);
    expect((await rep.request('GET', `${ws}/_local/${ids.at(-1)}`)).body).toMatchObject({ last_seq: ids.at(-1) });
    expect((await other.request('GET', `${ws}/_local/${ids.at(-1)}`)).status).toBe(404);
  });
});

describe('a write', () => {
  it('from Origin: null or another site is refused, on the gateway and on file uploads', async () => {
    const auth = {
      authorization: `Basic ${Buffer.from(`${rep.name}:${rep.credentials?.password}`).toString('base64')}`,
    };
    for (const origin of ['null', 'https://elsewhere.example']) {
      const headers = { ...auth, origin, 'content-type': 'application/json' };
      const write = await fetch(`${server.couchUrl}/${ws}/_bulk_docs`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ docs: [report({ createdBy: rep.name })] }),
      });
      expect(write.status).toBe(403);
      expect(await write.text()).toContain('Origin');
      const upload = await fetch(`${server.url}/api/files/${'0'.repeat(64)}`, {
        method: 'PUT',
        headers: { ...auth, origin, 'content-type': 'application/pdf' },
        body: 'x',
      });
      expect(upload.status).toBe(403);
    }
  });
});

describe('the receipt time', () => {
  it("is the server's, whatever a device sends, and a device that never saw it changes nothing by leaving it out", async () => {
    const sent = {
      ...report({
        createdBy: rep.name,
        planId: 'plan:review',
        commitmentId: 'commitment:review-1',
        keyActionId: 'keyAction:review-1-1',
        status: 'submitted',
      }),
      receivedAt: '2000-01-01T00:00:00.000Z',
    };
    expect((await rep.put(ws, sent)).status).toBe(201);
    const stored = await getOrNull<{ receivedAt: string; _rev: string }>(useDb(server.couch, ws), sent._id);
    expect(Math.abs(Date.parse(stored?.receivedAt ?? '') - Date.now())).toBeLessThan(60_000);
    // The committee's device validates from a copy without the field: not taken for a change of a frozen field.
    const { receivedAt: _unseen, ...copy } = sent;
    const validated = await committee.put(ws, {
      ...copy,
      _rev: stored?._rev,
      status: 'published',
      reviewedBy: committee.name,
      reviewedByOrgId: 'org:com-d',
      reviewedAt: new Date().toISOString(),
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(201);
    const after = await getOrNull<{ receivedAt: string }>(useDb(server.couch, ws), sent._id);
    expect((after?.receivedAt ?? '') >= (stored?.receivedAt ?? '')).toBe(true);
  });
});
