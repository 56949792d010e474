import type { RxCollection } from 'rxdb';
import type { LocalDoc } from './local-doc.js';

/**
 * The marks a local edit leaves on a document (`unsent`, and the server revision it was based on,
 * `couchRev`), put by the collection's own hooks, so every write made through the collection is
 * known to be unsent whoever makes it; the replication (`sync/`) reads them.
 */

const tracked = new WeakSet<RxCollection<LocalDoc>>();

/**
 * Marks every write made through the collection (the app's commands, a conflict resolved) as a local
 * edit to upload, and keeps the server revision it was based on. The replication's own writes go to
 * the storage underneath and are not marked.
 */
export function trackLocalEdits(collection: RxCollection<LocalDoc>): void {
  if (tracked.has(collection)) return;
  tracked.add(collection);
  collection.preInsert((data) => {
    // A new document has no server revision, whatever the object it was copied from carried.
    delete data.couchRev;
    data.unsent = true;
  }, false);
  collection.preSave((data, previous) => {
    // RxDB passes the stored version here; an upsert replaces every field, the revision included.
    data.couchRev = (previous as unknown as LocalDoc).couchRev;
    data.unsent = true;
  }, false);
  collection.preRemove((data) => {
    data.unsent = true;
  }, false);
}

/** Whether a stored document has a local edit the server has not accepted yet. */
export function isUnsent(doc: LocalDoc): boolean {
  // Written before this replication kept revisions: unsent unless the server's version matches it.
  if (doc.unsent === undefined) return doc.couchRev === undefined;
  return doc.unsent;
}
