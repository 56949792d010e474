import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb, withoutCredentials } from '../sync-server/src/couch/client.js';
import { CHECKPOINT_ID } from '../sync-server/src/publisher/publisher.js';
import { report, testPlan } from './fixtures.js';
import { Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * What an attacker with nothing but HTTP tries against /db/, as an anonymous visitor and as a
 * signed-in reporter, against the embedded store and against a store reached through COUCHDB_URL
 * (another server's embedded store, as the proxy test does). Every request is refused, nothing
 * changes, and the server answers afterwards.
 */
const ESCAPE = 'function (doc) { globalThis.constructor.constructor("return process")().exit(7); }';

describe.each(['embedded', 'COUCHDB_URL'] as const)('the gateway against attacks (%s store)', (mode) => {
  let upstream: TestServer | undefined;
  let server: TestServer;
  let ws: string;
  let anonymous: Client;
  let rep: Client;
  let other: Client;
  let theirDraft: string;

  beforeAll(async () => {
    if (mode === 'COUCHDB_URL') {
      upstream = await startTestServer();
      process.env.COUCHDB_URL = upstream.storeUrl;
    }
    try {
      server = await startTestServer();
    } finally {
      delete process.env.COUCHDB_URL;
    }
    ws = server.names.workspace;
    await importRecords(server.couch, server.names, 'fixture', testPlan());
    anonymous = new Client(server.couchUrl);
    rep = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
    other = await createUser(server, { name: uniqueName('other'), role: 'reporter', org: 'gov-b' });
    const draft = report({
      createdBy: other.name,
      orgId: 'org:gov-b',
      commitmentId: 'commitment:test-2',
      keyActionId: 'keyAction:test-2-1',
      internalNote: 'Not for other organisations.',
    });
    expect((await other.put(ws, draft)).status).toBe(201);
    theirDraft = draft._id;
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.stop();
  });

  /** Sends a raw request through the gateway, as curl would. */
  async function send(who: Client, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    const auth: Record<string, string> = who.credentials
      ? {
          authorization: `Basic ${Buffer.from(`${who.credentials.name}:${who.credentials.password}`).toString('base64')}`,
        }
      : {};
    const reply = await fetch(`${server.couchUrl}/${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } as Record<
        string,
        string
      >,
      body,
    });
    const text = await reply.text();
    return { status: reply.status, text, headers: reply.headers };
  }

  async function stillServing() {
    expect((await fetch(`${server.url}/api/plans`)).status).toBe(200);
    expect((await send(rep, 'GET', `${ws}/plan:test`)).status).toBe(200);
  }

  const json = (value: unknown) => JSON.stringify(value);

  it('evaluates no code: temporary views, filters, lists, shows, updates and indexes are not served', async () => {
    const routes: [string, string, string?][] = [
      ['POST', `${ws}/_temp_view`, json({ map: ESCAPE })],
      ['POST', `${server.names.public}/_temp_view`, json({ map: 'function (doc) { import("fs"); }' })],
      ['POST', `${ws}/_find`, json({ selector: { _id: { $gt: null } } })],
      ['POST', `${ws}/_explain`, json({ selector: { _id: { $gt: null } } })],
      ['POST', `${ws}/_index`, json({ index: { fields: ['type'] }, ddoc: 'tablero' })],
      ['GET', `${ws}/_index`],
      ['DELETE', `${ws}/_index/_design%2Ftablero/json/x`],
      ['DELETE', `${ws}/_index/tablero/json/x`],
      ['GET', `${ws}/_design/tablero`],
      ['PUT', `${ws}/_design/evil`, json({ views: { all: { map: ESCAPE } } })],
      ['GET', `${ws}/_design/tablero/_view/docs_by_plan`],
      ['GET', `${ws}/_design/tablero/_list/x/y`],
      ['GET', `${ws}/_design/tablero/_show/x`],
      ['POST', `${ws}/_design/tablero/_update/x`, '{}'],
      ['GET', `${ws}/_changes?filter=a/b`],
      ['GET', `${ws}/_changes?filter=_view&view=x/y`],
      ['GET', `${ws}/_changes?filter=_doc_ids&doc_ids=["x"]`],
      ['POST', `${ws}/_changes`, json({ doc_ids: [theirDraft] })],
      ['GET', `${ws}/_changes?feed=eventsource`],
      ['GET', `${ws}/_changes?feed=continuous`],
      ['GET', `${server.names.public}/_changes?filter=a/b`],
      ['GET', `${ws}/_local_docs`],
      ['POST', `${ws}/_purge`, json({ [theirDraft]: ['1-x'] })],
      ['POST', `${ws}/_compact`, '{}'],
      ['POST', `${ws}/_view_cleanup`, '{}'],
    ];
    for (const who of [anonymous, rep])
      for (const [method, path, body] of routes) {
        const reply = await send(who, method, path, body);
        expect([400, 401, 404, 405], `${who.name} ${method} ${path}: ${reply.text}`).toContain(reply.status);
      }
    expect(await getOrNull(useDb(server.couch, ws), '_design/tablero')).not.toBeNull();
    expect(await getOrNull(useDb(server.couch, ws), '_design/evil')).toBeNull();
    await stillServing();
  });

  it('reaches no other database and no server route', async () => {
    const routes: [string, string, string?][] = [
      ['PUT', '_evil'],
      ['PUT', 'tablero_evil'],
      ['DELETE', ws],
      ['GET', '_all_dbs'],
      ['GET', '_config'],
      ['PUT', '_config/admins/evil', '"secret"'],
      ['GET', '_node/_local/_config'],
      ['POST', '_replicate', json({ source: ws, target: 'stolen' })],
      ['GET', '_active_tasks'],
      ['GET', '_utils/'],
      ['GET', '_uuids'],
      ['GET', '_users/_all_docs'],
      [
        'PUT',
        '_users/org.couchdb.user:evil',
        json({ name: 'evil', type: 'user', roles: ['admin'], password: 'x1234567' }),
      ],
      ['GET', `${server.names.public}/_all_docs?include_docs=true`],
      ['PUT', `${server.names.public}/_local/x`, '{}'],
      ['PUT', `${server.names.public}/plan:fake`, '{}'],
      ['POST', `${server.names.files}/_bulk_get?attachments=true`, json({ docs: [{ id: 'file:x' }] })],
      ['GET', `${server.names.files}/_all_docs`],
      ['GET', `${ws}/_security`],
      ['PUT', `${ws}/_security`, json({ members: { roles: [] } })],
      ['PUT', `${ws}/_revs_limit`, '1'],
    ];
    for (const who of [anonymous, rep])
      for (const [method, path, body] of routes) {
        const reply = await send(who, method, path, body);
        expect([400, 401, 404], `${who.name} ${method} ${path}: ${reply.text}`).toContain(reply.status);
      }
    await stillServing();
  });

  it('reads nothing of another organisation through any replication route', async () => {
    const find = (path: string, body?: string) => send(rep, body ? 'POST' : 'GET', path, body);
    expect((await find(`${ws}/${encodeURIComponent(theirDraft)}`)).status).toBe(404);
    const bulkGet = await find(`${ws}/_bulk_get?revs=true`, json({ docs: [{ id: theirDraft }] }));
    expect(bulkGet.status).toBe(200);
    expect(bulkGet.text).not.toContain('Not for other organisations');
    expect(bulkGet.text).toContain('not_found');
    const allDocs = await find(`${ws}/_all_docs?include_docs=true`, json({ keys: [theirDraft] }));
    expect(JSON.parse(allDocs.text).rows).toEqual([{ key: theirDraft, error: 'not_found' }]);
    expect((await find(`${ws}/_all_docs?include_docs=true`)).status).toBe(400);
    expect((await find(`${ws}/_all_docs?startkey="report:"&endkey="report:\ufff0"`)).status).toBe(400);
    const changes = await find(`${ws}/_changes?include_docs=true&style=all_docs`);
    expect(changes.status).toBe(200);
    expect(changes.text).not.toContain(theirDraft);
    const revsDiff = await find(`${ws}/_revs_diff`, json({ [theirDraft]: ['1-x'] }));
    expect(JSON.parse(revsDiff.text)).toEqual({ [theirDraft]: { missing: ['1-x'] } });
    for (const query of ['rev=1-x', 'open_revs=all', 'revs_info=true', 'conflicts=true', 'attachments=true'])
      expect((await find(`${ws}/plan:test?${query}`)).status, query).toBe(400);
    await stillServing();
  });

  it('takes no attachments and serves nothing as active content', async () => {
    const draft = report({ createdBy: rep.name });
    const saved = await send(rep, 'PUT', `${ws}/${draft._id}`, json(draft));
    expect(saved.status).toBe(201);
    const rev = JSON.parse(saved.text).rev as string;
    const html = '<script>fetch("/db/_session")</script>';
    const attach = await send(rep, 'PUT', `${ws}/${draft._id}/evil.html?rev=${rev}`, html, {
      'content-type': 'text/html',
    });
    expect([404, 415]).toContain(attach.status);
    const inline = await send(
      rep,
      'PUT',
      `${ws}/${draft._id}`,
      json({ ...draft, _rev: rev, _attachments: { 'evil.html': { content_type: 'text/html', data: btoa(html) } } }),
    );
    expect(inline.status).toBe(403);
    expect(JSON.parse(inline.text).reason).toMatch(/^_attachments: /);
    const served = await send(rep, 'GET', `${ws}/${draft._id}/evil.html`);
    expect(served.status).toBe(404);
    for (const reply of [served, inline, await send(rep, 'GET', `${ws}/plan:test`)]) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(reply.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps each person’s _local documents apart from the server’s own', async () => {
    expect((await send(anonymous, 'PUT', `${ws}/_local/x`, '{}')).status).toBe(401);
    await server.publisher.settled();
    const before = await getOrNull(useDb(server.couch, ws), CHECKPOINT_ID);
    expect(before).not.toBeNull();
    const forged = await send(rep, 'PUT', `${ws}/${CHECKPOINT_ID}`, json({ seq: 'x' }));
    expect(forged.status).toBe(201);
    expect(await getOrNull(useDb(server.couch, ws), CHECKPOINT_ID)).toEqual(before);
    expect(JSON.parse((await send(rep, 'GET', `${ws}/${CHECKPOINT_ID}`)).text)).toMatchObject({ seq: 'x' });
    expect((await send(other, 'GET', `${ws}/${CHECKPOINT_ID}`)).status).toBe(404);
    expect((await send(rep, 'PUT', `${ws}/_local/big`, json({ x: 'x'.repeat(20_000) }))).status).toBe(400);
  });

  it('refuses forged revisions, forms, foreign origins and malformed bodies, and keeps serving', async () => {
    const doc = report({ createdBy: rep.name });
    const forged = await send(
      rep,
      'POST',
      `${ws}/_bulk_docs`,
      json({ docs: [{ ...doc, _rev: '9-abc' }], new_edits: false }),
    );
    expect(forged.status).toBe(403);
    const form = await send(anonymous, 'POST', '_session', 'name=x&password=y', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const foreign = await send(rep, 'POST', `${ws}/_bulk_docs`, json({ docs: [doc] }), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    const garbled = await send(rep, 'POST', `${ws}/_bulk_docs`, json({ docs: [doc] }), { origin: 'not a url' });
    expect(garbled.status).toBe(403);
    for (const body of ['{', '[1,', '{"docs": 5}', 'null', '"x"', json({ docs: [null, 5, 'x'] })]) {
      const reply = await send(rep, 'POST', `${ws}/_bulk_docs`, body);
      expect([400, 403], `${body}: ${reply.text}`).toContain(reply.status);
      expect(reply.text).not.toMatch(/at .*\.(js|ts):\d+/);
    }
    const huge = await send(rep, 'POST', `${ws}/_bulk_docs`, json({ docs: [{ x: 'x'.repeat(9 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect((await send(rep, 'GET', `${ws}/_changes?limit=-1`)).status).toBe(400);
    expect((await send(rep, 'GET', `${ws}/_changes?since=%ff%fe`)).status).toBe(200);
    await stillServing();
  });

  it('signs in with a session cookie that is HttpOnly and SameSite, and never with a disabled account', async () => {
    const login = await send(anonymous, 'POST', '_session', json(rep.credentials));
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const wrong = await send(anonymous, 'POST', '_session', json({ name: rep.name, password: 'wrong-password' }));
    expect(wrong.status).toBe(401);
    const tampered = cookie.split(';')[0]?.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) ?? '';
    const who = await fetch(`${server.couchUrl}/_session`, { headers: { cookie: tampered } }).then((r) => r.json());
    expect(who.userCtx.name).toBeNull();
  });

  it('keeps its store unreachable without the server’s own credentials', async () => {
    const base = withoutCredentials(server.storeUrl);
    expect((await fetch(`${base}/_all_dbs`)).status).toBe(401);
    const view = await fetch(`${base}/${ws}/_temp_view`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json({ map: ESCAPE }),
    });
    expect(view.status).toBe(401);
    await stillServing();
  });
});
