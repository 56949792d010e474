import { sameContent } from '../../../shared/src/stable-json.js';

/** Pure helpers of the workspace replication: CouchDB documents ↔ RxDB documents. */

/**
 * A workspace document as RxDB stores it: `id` as primary key instead of CouchDB's `_id`, and the
 * replication's bookkeeping instead of `_rev` (see `device-store.ts`).
 */
export interface LocalDoc {
  id: string;
  type: string;
  _deleted: boolean;
  /** The server revision this version is, or was edited from; absent for a document created here. */
  couchRev?: string;
  /** Edited on this device since the server last accepted or sent it. */
  unsent?: boolean;
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

/** What is sent to CouchDB: RxDB's and the replication's bookkeeping removed, `id` back to `_id`. */
export function toCouch(doc: LocalDoc, rev: string | undefined): CouchDoc {
  const { id, _meta, _attachments, _rev, _deleted, couchRev, unsent, ...rest } = doc as LocalDoc &
    Record<string, unknown>;
  return { _id: id, ...(rev ? { _rev: rev } : {}), ...rest, ...(_deleted ? { _deleted: true } : {}) };
}

/** A stored document without RxDB's own fields (its revision, write time and attachments). */
export function content(doc: LocalDoc): LocalDoc {
  const { _meta, _attachments, _rev, ...rest } = doc as LocalDoc & Record<string, unknown>;
  return rest as LocalDoc;
}

/** A document as the person wrote it: without RxDB's fields nor the replication's bookkeeping. */
export function bare(doc: LocalDoc): LocalDoc {
  const { couchRev, unsent, ...rest } = content(doc);
  return rest as LocalDoc;
}

/**
 * Content equality for conflict detection, ignoring CouchDB's, RxDB's and the replication's
 * bookkeeping, and the server's receipt time (it stamps every version it stores; a device's own
 * copy of what it sent has none).
 */
export function sameDoc(a: LocalDoc, b: LocalDoc): boolean {
  const { receivedAt: _a, ...left } = bare(a) as LocalDoc & { receivedAt?: unknown };
  const { receivedAt: _b, ...right } = bare(b) as LocalDoc & { receivedAt?: unknown };
  return sameContent(left, right);
}
