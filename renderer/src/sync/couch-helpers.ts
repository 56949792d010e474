import { sameContent } from '../../../shared/src/stable-json.js';

/** Pure helpers of the workspace replication: CouchDB documents ↔ RxDB documents. */

/** A workspace document as RxDB stores it: `id` as primary key instead of CouchDB's `_id`, no `_rev`. */
export interface LocalDoc {
  id: string;
  type: string;
  _deleted: boolean;
  [field: string]: unknown;
}

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

/** What is sent to CouchDB: RxDB's own bookkeeping fields removed, `id` back to `_id`. */
export function toCouch(doc: LocalDoc, rev: string | undefined): CouchDoc {
  const { id, _meta, _attachments, _rev, _deleted, ...rest } = doc as LocalDoc & Record<string, unknown>;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...rest, ...(_deleted ? { _deleted: true } : {}) };
}

/** Content equality for conflict detection, ignoring RxDB's and CouchDB's bookkeeping. */
export const sameDoc = sameContent;
