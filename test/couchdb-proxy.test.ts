import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { report, testPlan } from './fixtures.js';
import { createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

/**
 * With COUCHDB_URL, `/db/` forwards to that CouchDB. Here the "CouchDB" is another Tablero
 * server's embedded one, so the forwarding, the sessions and the refusals are checked through
 * the proxy without an Apache CouchDB on the machine.
 */
let upstream: TestServer;
let server: TestServer;

beforeAll(async () => {
  upstream = await startTestServer();
  process.env.COUCHDB_URL = upstream.storeUrl;
  try {
    server = await startTestServer();
  } finally {
    delete process.env.COUCHDB_URL;
  }
  await importRecords(server.couch, server.names, 'fixture', testPlan());
});
afterAll(async () => {
  await server?.stop();
  await upstream?.stop();
});

describe('the gateway in front of COUCHDB_URL', () => {
  it('does not lend the server’s admin credentials to anonymous clients', async () => {
    const reply = await fetch(`${server.couchUrl}/${server.names.workspace}/_all_docs`);
    expect(reply.status).toBe(401);
    expect((await fetch(`${server.couchUrl}/_session`).then((r) => r.json())).userCtx).toMatchObject({ name: null });
  });

  it('carries sessions, writes and refusals with their reasons', async () => {
    const rep = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
    const login = await fetch(`${server.couchUrl}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rep.credentials),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^TableroSession=/);
    const put = (doc: { _id: string }) =>
      fetch(`${server.couchUrl}/${server.names.workspace}/${encodeURIComponent(doc._id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(doc),
      });
    expect((await put(report({ createdBy: rep.name, status: 'published' }))).status).toBe(201);
    const refused = await put(report({ createdBy: rep.name, orgId: 'org:gov-b' }));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: 'forbidden',
      reason: expect.stringMatching(/^orgId: you write for org:gov-a/),
    });
    await untilPublic(server, (index) => index.plans.some((p) => p._id === 'plan:test' && p.reportCount === 1));
    const plan = (await fetch(`${server.url}/api/plans/plan:test`).then((r) => r.json())) as {
      plan: { reportCount: number };
    };
    expect(plan.plan.reportCount).toBe(1);
  });
});
