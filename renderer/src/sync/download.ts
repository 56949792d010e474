import type { RxConflictHandlerInput } from 'rxdb';
import { bare, content, type LocalDoc, sameDoc } from '../db/local-doc.js';
import { isUnsent } from '../db/local-edits.js';
import { type CouchDoc, fromCouch, isReplicated } from './couch-helpers.js';
import { readStored, type Stored, type StoredWrite, writeStored } from './device-store.js';
import type { ReplicationContext } from './replication-context.js';

export interface ChangesReply {
  results: { id: string; seq: string | number; doc?: CouchDoc }[];
  last_seq: string | number;
  /** Changes the server has after this page (an upper bound of what is left to download). */
  pending?: number;
}

export interface PullProgress {
  /** Documents received since this replication started. */
  received: number;
  /** About how many are left, as the server counts them. */
  pending: number;
}

/**
 * The version to store for a new server version of a document the device has (`local`). One
 * arriving over a local edit it was not the base of is a conflict, settled by the conflict handler:
 * the server's version is stored, the edit kept beside it.
 */
async function versionToStore(context: ReplicationContext, doc: CouchDoc, local: Stored): Promise<LocalDoc> {
  const couchRev = doc._rev as string;
  // A deletion keeps the document's last content, so a conflict with it still shows what it was.
  const incoming: LocalDoc = doc._deleted
    ? { ...content(local), _deleted: true, couchRev, unsent: false }
    : { ...fromCouch(doc), couchRev, unsent: false };
  if (!isUnsent(local) || (local._deleted && incoming._deleted) || sameDoc(local, incoming)) return incoming;
  const input: RxConflictHandlerInput<LocalDoc> = { newDocumentState: bare(local), realMasterState: bare(incoming) };
  const resolved = await context.conflictHandler.resolve(input, 'tablero-download');
  return { ...resolved, couchRev, unsent: !sameDoc(resolved, incoming) };
}

/**
 * Stores the server's versions of documents. A version the device already has is skipped; one
 * arriving over a local edit it was not the base of is a conflict, settled by the conflict handler.
 * `known` holds what the device has of some of them; the others are written as new (a first sync's
 * case: one lookup per document, the storage's own), and those the device turns out to have are
 * decided again with the version the storage returns.
 */
export async function storeFromServer(
  context: ReplicationContext,
  remote: CouchDoc[],
  known = new Map<string, Stored>(),
): Promise<void> {
  const { collection } = context;
  let pending = remote;
  // A deletion is only written over a document the device has, so those are looked up first.
  const deleted = remote.filter((doc) => doc._deleted && !known.has(doc._id)).map((doc) => doc._id);
  let stored = deleted.length ? new Map([...known, ...(await readStored(collection, deleted))]) : known;
  while (pending.length) {
    const writes: StoredWrite[] = [];
    for (const doc of pending) {
      const local = stored.get(doc._id);
      if (local?.couchRev === doc._rev) continue;
      if (!local) {
        if (!doc._deleted)
          writes.push({ document: { ...fromCouch(doc), couchRev: doc._rev as string, unsent: false } });
        continue;
      }
      writes.push({ document: await versionToStore(context, doc, local), previous: local });
    }
    stored = await writeStored(collection, writes);
    pending = pending.filter((doc) => stored.has(doc._id));
  }
}

/**
 * The download: reads the server's changes feed from the last checkpoint to its end, a page at a
 * time, storing each page while the next is on its way.
 */
export function download(context: ReplicationContext, onPullProgress?: (progress: PullProgress) => void) {
  let received = 0;
  let prefetch: { since: string; reply: Promise<ChangesReply> } | null = null;

  /** A page of the changes feed after `since`: the one fetched ahead if it is that one. */
  function changesPage(since: string): Promise<ChangesReply> {
    const ahead = prefetch;
    prefetch = null;
    if (ahead?.since === since) return ahead.reply;
    const query = new URLSearchParams({
      style: 'all_docs',
      include_docs: 'true',
      since,
      limit: String(context.batchSize),
    });
    const reply = context
      .request(`_changes?${query}`)
      .then((response) => context.json<ChangesReply>(response, 'reading changes'));
    // A page fetched ahead and never asked for (the replication stopped) must not be an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  }

  return {
    async pull() {
      const checkpoints = await context.checkpoints;
      let since = checkpoints.read().sequence ?? '0';
      for (;;) {
        const reply = await changesPage(since);
        // While this page is stored, the next one is on its way: a first sync waits on the network
        // or on IndexedDB, not on both one after the other.
        const full = reply.results.length === context.batchSize;
        if (full) prefetch = { since: String(reply.last_seq), reply: changesPage(String(reply.last_seq)) };
        const docs = reply.results.flatMap((row) => (row.doc && isReplicated(row.id) ? [row.doc] : []));
        await storeFromServer(context, docs);
        since = String(reply.last_seq);
        await checkpoints.save({ sequence: since });
        received += reply.results.length;
        if (reply.pending !== undefined) onPullProgress?.({ received, pending: reply.pending });
        if (!full) return;
      }
    },
    /** After a failure: a page fetched ahead may be of a failed connection. */
    forgetPrefetch() {
      prefetch = null;
    },
  };
}
