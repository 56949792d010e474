import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../sync-server/src/bootstrap/bootstrap.js';
import { getOrNull, useDb, withoutCredentials } from '../sync-server/src/couch/client.js';
import { ensureGatewayAccount } from '../sync-server/src/couch/gateway-account.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * What the store itself refuses, now that it runs no validator: only Tablero's servers reach it,
 * a person's write reaches it only through the gateway's rules, and the gateway's own account is a
 * member of the workspace alone. So the public, files and server databases take no write from that
 * account, nor does any design document, on the embedded store and on the Apache CouchDB that
 * COUCHDB_URL names.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A request to the store with the gateway's own account, as a path that escaped the gateway would send it. */
async function asGateway(method: string, path: string, body: unknown) {
  const account = await ensureGatewayAccount(server.couch, server.names);
  const reply = await fetch(`${withoutCredentials(server.storeUrl)}/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.name}:${account.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as unknown };
}

/** The ids a `_bulk_docs` answer says were written. */
const written = (answer: unknown) =>
  Array.isArray(answer) ? answer.filter((r: { ok?: boolean; rev?: string }) => r.ok || r.rev).map((r) => r.id) : [];

describe("the store refuses the gateway's account", () => {
  it('a write to the public, files or server database', async () => {
    const { public: pub, files, server: secrets } = server.names;
    for (const db of [pub, files, secrets]) {
      const id = 'plan:forged';
      const put = await asGateway('PUT', `${db}/${encodeURIComponent(id)}`, { type: 'plan' });
      expect([401, 403], `PUT ${db}: ${put.status} ${JSON.stringify(put.body)}`).toContain(put.status);
      const bulk = await asGateway('POST', `${db}/_bulk_docs`, { docs: [{ _id: `${id}-bulk`, type: 'plan' }] });
      expect([401, 403], `_bulk_docs ${db}: ${bulk.status}`).toContain(bulk.status);
      for (const forged of [id, `${id}-bulk`]) expect(await getOrNull(useDb(server.couch, db), forged)).toBeNull();
    }
  });

  it('a design document in the workspace, by itself or in a bulk write', async () => {
    const ws = server.names.workspace;
    const design = { views: { all: { map: 'function (doc) { emit(doc._id, null); }' } } };
    const put = await asGateway('PUT', `${ws}/_design/forged`, design);
    expect([401, 403, 404]).toContain(put.status);
    const bulk = await asGateway('POST', `${ws}/_bulk_docs`, {
      docs: [
        { _id: '_design/forged-bulk', ...design },
        { _id: 'report:beside-it', type: 'progressReport' },
      ],
    });
    expect(written(bulk.body), JSON.stringify(bulk.body)).not.toContain('_design/forged-bulk');
    for (const id of ['_design/forged', '_design/forged-bulk'])
      expect(await getOrNull(useDb(server.couch, ws), id)).toBeNull();
  });
});

describe('the design documents', () => {
  it('carry no validate_doc_update, and one left by an earlier version is removed at bootstrap', async () => {
    const { workspace, public: pub, files } = server.names;
    const old = 'function (newDoc, oldDoc, userCtx) { throw ({ forbidden: "an earlier version" }); }';
    for (const db of [workspace, pub, files]) {
      const stored = await getOrNull<Record<string, unknown>>(useDb(server.couch, db), '_design/tablero');
      expect(stored?.validate_doc_update, db).toBeUndefined();
      await useDb(server.couch, db).insert({ ...stored, _id: '_design/tablero', validate_doc_update: old });
    }
    await bootstrap(server.couch, server.names);
    for (const db of [workspace, pub, files]) {
      const stored = await getOrNull<Record<string, unknown>>(useDb(server.couch, db), '_design/tablero');
      expect(stored?.validate_doc_update, db).toBeUndefined();
    }
    // The one view Tablero installs stays: the plan export reads it.
    const rules = await getOrNull<{ views?: Record<string, unknown> }>(
      useDb(server.couch, workspace),
      '_design/tablero',
    );
    expect(Object.keys(rules?.views ?? {})).toEqual(['docs_by_plan']);
  });
});
