import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db, useDb } from '../sync-server/src/couch/client.js';
import { type EmbeddedStore, startEmbeddedStore } from '../sync-server/src/couch/embedded.js';

/*
 * The embedded store compiles a database's validate_doc_update once, not per document: these
 * check that it still behaves as CouchDB does when the rules change, when a write updates a
 * stored document, and for documents that are never validated.
 */

let store: EmbeddedStore;
let dir: string;
let db: Db;

const refuseField = (field: string) =>
  `function (newDoc, oldDoc, userCtx) {
    if (newDoc.${field} !== undefined) throw { forbidden: '${field}: not allowed' };
    if (oldDoc && !newDoc._deleted && oldDoc.kind !== newDoc.kind) throw { forbidden: 'kind: cannot change from ' + oldDoc.kind };
    if (newDoc.who && newDoc.who !== userCtx.name) throw { unauthorized: 'who: sign in as ' + newDoc.who };
  }`;

async function refusal(write: Promise<unknown>): Promise<{ statusCode?: number; reason?: string } | null> {
  try {
    await write;
    return null;
  } catch (error) {
    return error as { statusCode?: number; reason?: string };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-validation-'));
  store = await startEmbeddedStore(dir);
  const couch = connect(store.adminUrl);
  await couch.db.create('rules');
  db = useDb(couch, 'rules');
});
afterAll(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded store's validate_doc_update", () => {
  it('refuses and accepts as the installed rules say, in single and bulk writes', async () => {
    await db.insert({ _id: '_design/rules', validate_doc_update: refuseField('secret') });
    expect(await refusal(db.insert({ _id: 'a', secret: 1 }))).toMatchObject({
      statusCode: 403,
      reason: 'secret: not allowed',
    });
    const results = await db.bulk({ docs: [{ _id: 'b', secret: 1 }, { _id: 'c' }] });
    expect(results.find((r) => r.id === 'b')).toMatchObject({ error: 'forbidden', reason: 'secret: not allowed' });
    expect(results.find((r) => r.id === 'c')?.error).toBeUndefined();
    expect(await refusal(db.insert({ _id: 'd', who: 'someone' }))).toMatchObject({ statusCode: 401 });
  });

  it('applies new rules from the write that changes them on', async () => {
    const ddoc = await db.get('_design/rules');
    await db.insert({ ...ddoc, validate_doc_update: refuseField('other') });
    expect(await refusal(db.insert({ _id: 'e', secret: 1 }))).toBeNull();
    expect(await refusal(db.insert({ _id: 'f', other: 1 }))).toMatchObject({ statusCode: 403 });
    const results = await db.bulk({
      docs: [
        { ...(await db.get('_design/rules')), validate_doc_update: refuseField('third') },
        { _id: 'g', third: 1 },
      ],
    });
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(await refusal(db.insert({ _id: 'h', third: 1 }))).toMatchObject({ statusCode: 403 });
  });

  it('compares an update with the stored document, and a write without a revision is still a conflict', async () => {
    const stored = await db.insert({ _id: 'k', kind: 'plan' });
    expect(await refusal(db.insert({ _id: 'k', _rev: stored.rev, kind: 'report' }))).toMatchObject({
      statusCode: 403,
      reason: 'kind: cannot change from plan',
    });
    expect(await refusal(db.insert({ _id: 'k', kind: 'plan', note: 'again' }))).toMatchObject({ statusCode: 409 });
    const deleted = await db.destroy('k', (await db.get('k'))._rev);
    expect(deleted.ok).toBe(true);
    expect(await refusal(db.insert({ _id: 'k', kind: 'report' }))).toBeNull();
  });

  it('does not validate design or local documents, and stops validating when the rules are removed', async () => {
    expect(await refusal(db.insert({ _id: '_local/x', third: 1 }))).toBeNull();
    const ddoc = await db.get('_design/rules');
    await db.destroy('_design/rules', ddoc._rev);
    expect(await refusal(db.insert({ _id: 'm', third: 1 }))).toBeNull();
  });
});
