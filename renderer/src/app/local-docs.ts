import type { WorkspaceDoc } from '../../../shared/src/types';
import type { LocalDoc } from '../db/local-doc.js';
import { type CouchDoc, fromCouch, toCouch } from '../sync/couch-helpers.js';

/** A document as the device's database holds it, for the screens that show one whatever its type. */
export type { LocalDoc };

/** A workspace document of type T as the screens read it from the local database. */
export type Local<T> = Omit<T, '_id'> & { id: string };

export const now = () => new Date().toISOString();
/** Today on this device's calendar (not UTC's: at 20:00 in Mexico City UTC is already tomorrow). */
export const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);

/**
 * A document's creation time as it is saved again. One the server never accepted (no server
 * revision yet) whose time is later than now was stamped by a clock that ran ahead and has since
 * been put right: it takes this save's time, or the server would refuse it again for ever.
 */
export function creationTime(doc: { createdAt?: string; couchRev?: string } | undefined): string {
  const current = now();
  if (!doc?.createdAt) return current;
  return !doc.couchRev && doc.createdAt > current ? current : doc.createdAt;
}
export const newId = (prefix: string) => `${prefix}${crypto.randomUUID()}`;
/** An organisation's id as a short code where its name is not at hand: `org:sfp` → `SFP`. */
export const orgCode = (id: string) => id.replace(/^org:/, '').toUpperCase();

/** A workspace document as the local database holds it, and back. */
export const toLocal = (doc: WorkspaceDoc): LocalDoc => fromCouch(doc as unknown as CouchDoc);
export const toDoc = (local: LocalDoc): WorkspaceDoc => toCouch(local, undefined) as unknown as WorkspaceDoc;

/** A document the screens hold (with `id`), as the workspace document it is. */
export const asDoc = <T extends WorkspaceDoc>(local: Local<T>): T => toDoc(local as unknown as LocalDoc) as T;
