import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * A Tablero server whose store went away (its CouchDB node down): it says so, with a status a
 * client and a load balancer act on, instead of a 500 that reads as a bug of its own. The store is
 * a second test server's embedded one, reached through COUCHDB_URL as Apache CouchDB would be, so
 * it can be stopped under the first.
 */
let upstream: TestServer;
let server: TestServer;
let rep: Client;

beforeAll(async () => {
  // The store to stop is always an embedded one, even when the suite runs against Apache CouchDB.
  const given = process.env.COUCHDB_URL;
  try {
    delete process.env.COUCHDB_URL;
    upstream = await startTestServer();
    process.env.COUCHDB_URL = upstream.storeUrl;
    server = await startTestServer();
  } finally {
    if (given === undefined) delete process.env.COUCHDB_URL;
    else process.env.COUCHDB_URL = given;
  }
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  rep = await createUser(server, { name: uniqueName('down-rep'), role: 'reporter', org: 'gov-a' });
  expect((await rep.put(server.names.workspace, report({ createdBy: rep.name }))).status).toBe(201);
  await upstream.stop();
});
afterAll(async () => {
  // Its store is gone with the upstream's folder, databases and accounts included: close, remove the folder.
  await server?.close();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

describe('while the store cannot be reached', () => {
  it('a write through the gateway answers 503 with Retry-After and says why', async () => {
    const reply = await fetch(`${server.couchUrl}/${server.names.workspace}/_bulk_docs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${rep.credentials?.name}:${rep.credentials?.password}`).toString('base64')}`,
      },
      body: JSON.stringify({ docs: [report({ createdBy: rep.name })] }),
    });
    expect(reply.status).toBe(503);
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await reply.json()).toMatchObject({ error: 'store_unavailable', reason: expect.stringMatching(/store/) });
  });

  it('the public API answers 503 with Retry-After too, where it needs the store', async () => {
    const reply = await fetch(`${server.url}/api/health`);
    expect(reply.status).toBe(503);
    const health = (await reply.json()) as { store: { reachable: boolean }; publisher: { here: boolean } };
    expect(health.store.reachable).toBe(false);
    // Cut off from the store it can neither renew the lease nor publish, whatever it held before.
    expect(health.publisher.here).toBe(false);
  });
});
