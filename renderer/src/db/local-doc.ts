import { sameContent } from '../../../shared/src/stable-json.js';

/**
 * A workspace document as the device's database stores it: `id` as primary key instead of
 * CouchDB's `_id`, and the replication's bookkeeping instead of `_rev` (see `sync/device-store.ts`).
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
