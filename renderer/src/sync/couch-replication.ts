import type { RxCollection, RxConflictHandler, RxConflictHandlerInput } from 'rxdb';
import { BehaviorSubject, distinctUntilChanged, type Observable, Subject, type Subscription } from 'rxjs';
import { Backoff } from '../../../shared/src/backoff.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { bare, content, type LocalDoc, sameDoc } from '../db/local-doc.js';
import { isUnsent, trackLocalEdits } from '../db/local-edits.js';
import { type CouchDoc, fromCouch, isReplicated, toCouch } from './couch-helpers.js';
import {
  type Checkpoints,
  changedSince,
  checkpointStore,
  FIRST_UPLOAD,
  readStored,
  type Stored,
  type StoredWrite,
  writeStored,
} from './device-store.js';

export interface WorkspaceReplicationOptions {
  collection: RxCollection<LocalDoc>;
  /** The workspace database, ending in `/`: `https://tablero.example/db/tablero_workspace/`. */
  url: string;
  /** Carries the person's credentials (session cookie or basic auth). */
  fetch: typeof fetch;
  replicationIdentifier: string;
  /** Keep following the server's changes and the device's edits (default); otherwise sync once and stop. */
  live?: boolean;
  batchSize?: number;
  /** The first wait before retrying after a failure; the waits double up to a minute. */
  retryTime?: number;
  /** Called with the documents the server refused; the rest of the outbox keeps flowing. */
  onRefused: (refusals: DocumentRefusal[]) => Promise<void>;
  /** Called with the documents the server accepted, so earlier refusals of them can be cleared. */
  onAccepted?: (ids: string[]) => Promise<void>;
  /** Called when the server no longer accepts the person's session (401): the person must sign in again. */
  onSignedOut?: () => void;
  /** Called after each page pulled, for a first sync's progress display. */
  onPullProgress?: (progress: PullProgress) => void;
}

export interface WorkspaceReplication {
  /** True while documents are being exchanged. */
  readonly active$: Observable<boolean>;
  /** Why the last attempt failed (`status` set for an HTTP reply), or null when an attempt succeeds again. */
  readonly error$: Observable<ReplicationError | null>;
  /** Pull and push now (back online, a person asking). */
  reSync(): void;
  /** Resolves once the first full download is stored. */
  awaitInitialReplication(): Promise<void>;
  /** Resolves when nothing is left to download or upload (waits through failures until a success). */
  awaitInSync(): Promise<void>;
  cancel(): Promise<void>;
  isStopped(): boolean;
}

export type ReplicationError = Error & { status?: number };

interface ChangesReply {
  results: { id: string; seq: string | number; doc?: CouchDoc }[];
  last_seq: string | number;
  /** Changes the server has after this page (an upper bound of what is left to download). */
  pending?: number;
}

interface BulkResult {
  id: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
  reason_es?: string;
  code?: string;
  field?: string;
}

export interface PullProgress {
  /** Documents received since this replication started. */
  received: number;
  /** About how many are left, as the server counts them. */
  pending: number;
}

async function json<T>(reply: Response, what: string, onSignedOut?: () => void): Promise<T> {
  if (reply.status === 401) onSignedOut?.();
  if (!reply.ok) {
    const body = (await reply.json().catch(() => ({}))) as { reason?: string };
    const error: ReplicationError = new Error(`${what}: ${reply.status} ${body.reason ?? reply.statusText}`);
    error.status = reply.status;
    throw error;
  }
  return (await reply.json()) as T;
}

const POST_JSON = { method: 'POST', headers: { 'content-type': 'application/json' } };

/**
 * Two-way replication of the workspace database, written for Tablero on CouchDB's model instead of
 * RxDB's replication (whose CouchDB plugin loses data here, see the README, and whose bookkeeping
 * writes every downloaded document twice):
 * - each document on the device carries the server revision it is (`couchRev`) and whether it was
 *   edited here since (`unsent`, set by the collection's hooks): a download is one write per
 *   document, and an upload sends the edited documents with the revision they were edited from;
 * - a document edited here and changed on the server since is a conflict, found by its revision as
 *   CouchDB finds it (on download, or when the server answers 409 to an upload): the conflict handler
 *   keeps both versions for the person, and the server's becomes the device's;
 * - the download skips design and local documents and reads the changes feed to its end; the upload
 *   turns a row the server refuses (`forbidden`, `unauthorized`) into a refusal the person sees, and
 *   sends the rest;
 * - live changes arrive by long-polling `_changes`; edits on the device start an upload at once.
 */
export function replicateWorkspace(options: WorkspaceReplicationOptions): WorkspaceReplication {
  const { url, collection } = options;
  const batchSize = options.batchSize ?? 200;
  const live = options.live ?? true;
  const conflictHandler = collection.conflictHandler;
  trackLocalEdits(collection);

  const stopped = new AbortController();
  const isStopped = () => stopped.signal.aborted;
  const request = (path: string, init?: RequestInit) =>
    options.fetch(`${url}${path}`, { ...init, signal: stopped.signal });
  const active$ = new BehaviorSubject(false);
  const error$ = new Subject<ReplicationError | null>();
  const store = checkpointStore(collection, options.replicationIdentifier);
  // Awaited by each attempt, which reports a failure; not a rejection nobody handles.
  store.catch(() => undefined);
  let received = 0;
  let prefetch: { since: string; reply: Promise<ChangesReply> } | null = null;
  let resolveInitial: () => void = () => undefined;
  const initial = new Promise<void>((resolve) => {
    resolveInitial = resolve;
  });

  /** A page of the changes feed after `since`: the one fetched ahead if it is that one. */
  function changesPage(since: string): Promise<ChangesReply> {
    const ahead = prefetch;
    prefetch = null;
    if (ahead?.since === since) return ahead.reply;
    const query = new URLSearchParams({ style: 'all_docs', include_docs: 'true', since, limit: String(batchSize) });
    const reply = request(`_changes?${query}`).then((response) =>
      json<ChangesReply>(response, 'reading changes', options.onSignedOut),
    );
    // A page fetched ahead and never asked for (the replication stopped) must not be an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  }

  async function saveCheckpoints(changes: Partial<Checkpoints>) {
    await (await store).save(changes);
  }

  /**
   * Stores the server's versions of documents. A version the device already has is skipped; one
   * arriving over a local edit it was not the base of is a conflict, settled by the conflict handler.
   * `known` holds what the device has of some of them; the others are written as new (a first sync's
   * case: one lookup per document, the storage's own), and those the device turns out to have are
   * decided again with the version the storage returns.
   */
  async function storeFromServer(remote: CouchDoc[], known = new Map<string, Stored>()) {
    let pending = remote;
    // A deletion is only written over a document the device has, so those are looked up first.
    const deleted = remote.filter((doc) => doc._deleted && !known.has(doc._id)).map((doc) => doc._id);
    let stored = deleted.length ? new Map([...known, ...(await readStored(collection, deleted))]) : known;
    while (pending.length) {
      const writes: StoredWrite[] = [];
      for (const doc of pending) {
        const local = stored.get(doc._id);
        const couchRev = doc._rev as string;
        if (local?.couchRev === couchRev) continue;
        if (!local) {
          if (!doc._deleted) writes.push({ document: { ...fromCouch(doc), couchRev, unsent: false } });
          continue;
        }
        // A deletion keeps the document's last content, so a conflict with it still shows what it was.
        const incoming: LocalDoc = doc._deleted
          ? { ...content(local), _deleted: true, couchRev, unsent: false }
          : { ...fromCouch(doc), couchRev, unsent: false };
        let document = incoming;
        if (isUnsent(local) && !(local._deleted && incoming._deleted) && !sameDoc(local, incoming)) {
          const input: RxConflictHandlerInput<LocalDoc> = {
            newDocumentState: bare(local),
            realMasterState: bare(incoming),
          };
          const resolved = await conflictHandler.resolve(input, 'tablero-download');
          document = { ...resolved, couchRev, unsent: !sameDoc(resolved, incoming) };
        }
        writes.push({ document, previous: local });
      }
      stored = await writeStored(collection, writes);
      pending = pending.filter((doc) => stored.has(doc._id));
    }
  }

  async function pull() {
    let since = (await store).read().sequence ?? '0';
    for (;;) {
      const reply = await changesPage(since);
      // While this page is stored, the next one is on its way: a first sync waits on the network
      // or on IndexedDB, not on both one after the other.
      const full = reply.results.length === batchSize;
      if (full) prefetch = { since: String(reply.last_seq), reply: changesPage(String(reply.last_seq)) };
      const docs = reply.results.flatMap((row) => (row.doc && isReplicated(row.id) ? [row.doc] : []));
      await storeFromServer(docs);
      since = String(reply.last_seq);
      await saveCheckpoints({ sequence: since });
      received += reply.results.length;
      if (reply.pending !== undefined) options.onPullProgress?.({ received, pending: reply.pending });
      if (!full) return;
    }
  }

  /**
   * Marks uploaded documents as what the server now has. One edited again while it was on its way
   * keeps that edit unsent, on top of the revision the server gave the upload.
   */
  async function settle(sent: { doc: Stored; couchRev?: string }[]) {
    let pending = sent.map(({ doc, couchRev }) => ({ doc, couchRev: couchRev ?? doc.couchRev, unsent: false }));
    while (pending.length) {
      const changed = await writeStored(
        collection,
        pending.map(({ doc, couchRev, unsent }) => ({
          document: { ...doc, ...(couchRev ? { couchRev } : {}), unsent },
          previous: doc,
        })),
      );
      pending = pending.flatMap(({ doc, couchRev }) => {
        const current = changed.get(doc.id);
        return current ? [{ doc: current, couchRev, unsent: true }] : [];
      });
    }
  }

  async function send(docs: Stored[]) {
    const results = await json<BulkResult[]>(
      await request('_bulk_docs', {
        ...POST_JSON,
        body: JSON.stringify({ docs: docs.map((doc) => toCouch(doc, doc.couchRev)) }),
      }),
      'sending changes',
      options.onSignedOut,
    );
    const byId = new Map(docs.map((doc) => [doc.id, doc]));
    const accepted: { doc: Stored; couchRev?: string }[] = [];
    const refused: DocumentRefusal[] = [];
    const refusedDocs: Stored[] = [];
    const conflicts = new Map<string, Stored>();
    for (const result of results) {
      const doc = byId.get(result.id);
      if (!doc) continue;
      if (result.ok) accepted.push({ doc, ...(result.rev ? { couchRev: result.rev } : {}) });
      else if (result.error === 'conflict') conflicts.set(doc.id, doc);
      else {
        refusedDocs.push(doc);
        refused.push({
          id: result.id,
          status: result.error === 'unauthorized' ? 401 : 403,
          code: result.code ?? result.error ?? 'error',
          ...(result.field ? { field: result.field } : {}),
          reason: result.reason ?? '',
          reasonEs: result.reason_es ?? result.reason ?? '',
        });
      }
    }
    // A refused edit stays on the device, shown with its reason, and is not sent again unless edited.
    await settle([...accepted, ...refusedDocs.map((doc) => ({ doc }))]);
    if (refused.length) await options.onRefused(refused);
    if (accepted.length) await options.onAccepted?.(accepted.map(({ doc }) => doc.id));
    if (conflicts.size) {
      // Changed on the server since the device last had it: its version decides, as on a download.
      const current = await json<{
        rows: { key: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null }[];
      }>(
        await request('_all_docs?include_docs=true', {
          ...POST_JSON,
          body: JSON.stringify({ keys: [...conflicts.keys()] }),
        }),
        'reading conflicting versions',
        options.onSignedOut,
      );
      await storeFromServer(
        current.rows.flatMap((row) =>
          row.doc ? [row.doc] : row.value?.deleted ? [{ _id: row.key, _rev: row.value.rev, _deleted: true }] : [],
        ),
        // The versions read for the upload: one changed since is returned by the write and decided again.
        conflicts,
      );
    }
  }

  /** Sends what was edited on the device since the last upload, reading its writes in order. */
  async function push() {
    for (;;) {
      const since = (await store).read().pushed ?? FIRST_UPLOAD;
      const { documents, checkpoint } = await changedSince(collection, batchSize, since);
      if (documents.length === 0) return;
      // Created and deleted here before it was ever sent: nothing for the server.
      const edited = documents.filter((doc) => isUnsent(doc) && !(doc._deleted && doc.couchRev === undefined));
      if (edited.length) await send(edited);
      await saveCheckpoints({ pushed: checkpoint });
      if (documents.length < batchSize) return;
    }
  }

  let wantPull = true;
  let wantPush = true;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** Ends the changes follower's wait after a failure, with its backoff started afresh. */
  let rouseFollower: (() => void) | null = null;
  let resetBackoff = false;

  function schedule(pullToo: boolean, pushToo: boolean) {
    wantPull ||= pullToo;
    wantPush ||= pushToo;
    wake?.();
    if (running || isStopped()) return;
    running = run().finally(() => {
      running = null;
      // Asked for while the last attempt was finishing.
      if (wantPull || wantPush) schedule(false, false);
    });
  }

  async function run() {
    const backoff = new Backoff(options.retryTime ?? 5000, 60_000);
    let failed = false;
    while ((wantPull || wantPush) && !isStopped()) {
      active$.next(true);
      try {
        if (wantPull) {
          wantPull = false;
          await pull();
          resolveInitial();
        }
        if (wantPush) {
          wantPush = false;
          await push();
        }
        if (failed) error$.next(null);
        failed = false;
        backoff.reset();
      } catch (error) {
        prefetch = null;
        if (isStopped()) break;
        failed = true;
        wantPull = true;
        wantPush = true;
        active$.next(false);
        error$.next(error instanceof Error ? error : new Error(String(error)));
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, backoff.next());
        });
        wake = null;
        if (resetBackoff) backoff.reset();
        resetBackoff = false;
      }
    }
    active$.next(false);
    if (!live) stopped.abort();
  }

  const subscriptions: Subscription[] = [];
  if (live) {
    // Edits on the device carry `unsent`; the replication's own writes do not.
    subscriptions.push(
      collection.$.subscribe((event) => {
        if ((event.documentData as LocalDoc | undefined)?.unsent) schedule(false, true);
      }),
    );
    void followServer();
  }
  schedule(true, true);

  /** Long-polls the server's changes and pulls when there are some; failures back off up to a minute. */
  async function followServer() {
    let since = 'now';
    const backoff = new Backoff(options.retryTime ?? 5000, 60_000);
    while (!isStopped()) {
      try {
        const query = new URLSearchParams({ feed: 'longpoll', since, timeout: '25000', limit: '1' });
        const reply = await json<ChangesReply>(
          await request(`_changes?${query}`),
          'waiting for changes',
          options.onSignedOut,
        );
        since = String(reply.last_seq);
        backoff.reset();
        if (reply.results.some((r) => isReplicated(r.id))) schedule(true, false);
      } catch {
        if (isStopped()) return;
        await new Promise<void>((resolve) => {
          rouseFollower = () => {
            backoff.reset();
            resolve();
          };
          setTimeout(resolve, backoff.next());
        });
        rouseFollower = null;
        schedule(true, false);
      }
    }
  }

  return {
    active$: active$.pipe(distinctUntilChanged()),
    error$: error$.asObservable(),
    reSync: () => {
      // The server is back or the person asks: no waiting out a backoff grown during an outage.
      resetBackoff = true;
      rouseFollower?.();
      schedule(true, true);
    },
    awaitInitialReplication: () => initial,
    async awaitInSync() {
      await initial;
      while (running && !isStopped()) await running;
    },
    async cancel() {
      stopped.abort();
      wake?.();
      rouseFollower?.();
      for (const subscription of subscriptions) subscription.unsubscribe();
      await running;
    },
    isStopped,
  };
}
