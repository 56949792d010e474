import type { LocalDoc } from '../db/local-doc.js';

/** Pure helpers of the workspace replication: CouchDB documents ↔ the device's documents. */

export interface CouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [field: string]: unknown;
}

/** CouchDB ids that are not workspace documents and never enter the local database. */
export function isReplicated(id: string): boolean {
  return !id.startsWith('_design/') && !id.startsWith('_local/');
}

export function fromCouch(doc: CouchDoc): LocalDoc {
  const { _id, _rev, _revisions, _conflicts, _attachments, ...rest } = doc as CouchDoc & Record<string, unknown>;
  return { ...rest, id: _id, type: String(doc.type ?? ''), _deleted: Boolean(doc._deleted) } as LocalDoc;
}

/** What is sent to CouchDB: RxDB's and the replication's bookkeeping removed, `id` back to `_id`. */
export function toCouch(doc: LocalDoc, rev: string | undefined): CouchDoc {
  const { id, _meta, _attachments, _rev, _deleted, couchRev, unsent, ...rest } = doc as LocalDoc &
    Record<string, unknown>;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...rest, ...(_deleted ? { _deleted: true } : {}) };
}
