import type { RxCollection } from 'rxdb';
import { BehaviorSubject, distinctUntilChanged, type Observable, Subject, type Subscription } from 'rxjs';
import { Backoff } from '../../../shared/src/backoff.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import type { LocalDoc } from '../db/local-doc.js';
import { trackLocalEdits } from '../db/local-edits.js';
import { isReplicated } from './couch-helpers.js';
import { checkpointStore } from './device-store.js';
import { type ChangesReply, download, type PullProgress } from './download.js';
import { type ReplicationContext, type ReplicationError, replyJson } from './replication-context.js';
import { push } from './upload.js';

/** The replication's own types, part of its options and of what it reports. */
export type { PullProgress, ReplicationError };

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
  const { collection } = options;
  const live = options.live ?? true;
  trackLocalEdits(collection);

  const stopped = new AbortController();
  const isStopped = () => stopped.signal.aborted;
  const context = contextOf(options, stopped.signal);
  const downloads = download(context, options.onPullProgress);
  const active$ = new BehaviorSubject(false);
  const error$ = new Subject<ReplicationError | null>();
  let resolveInitial: () => void = () => undefined;
  const initial = new Promise<void>((resolve) => {
    resolveInitial = resolve;
  });

  const attempts = attemptLoop({
    retryTime: options.retryTime ?? 5000,
    isStopped,
    async attempt(wants) {
      active$.next(true);
      if (wants.pull) {
        wants.pull = false;
        await downloads.pull();
        resolveInitial();
      }
      if (wants.push) {
        wants.push = false;
        await push(context);
      }
    },
    succeeded: (afterFailure) => {
      if (afterFailure) error$.next(null);
    },
    failed: (error) => {
      downloads.forgetPrefetch();
      if (isStopped()) return;
      active$.next(false);
      error$.next(error instanceof Error ? error : new Error(String(error)));
    },
    finished: () => {
      active$.next(false);
      if (!live) stopped.abort();
    },
  });

  /** Resolves once the first download is stored and no attempt runs (waits through failures until a success). */
  const inSync = async () => {
    await initial;
    await attempts.settled();
  };

  const subscriptions: Subscription[] = [];
  let follower: { rouse(): void } | null = null;
  if (live) {
    // Edits on the device carry `unsent`; the replication's own writes do not.
    subscriptions.push(
      collection.$.subscribe((event) => {
        if ((event.documentData as LocalDoc | undefined)?.unsent) attempts.schedule(false, true);
      }),
    );
    follower = followServer(context, {
      retryTime: options.retryTime ?? 5000,
      // Where the downloads have reached once they are done: "from now", read by the server when a
      // wait arrives, would skip a change made in between.
      async downloaded() {
        await inSync();
        return (await context.checkpoints).read().sequence ?? 'now';
      },
      isStopped,
      stopped: stopped.signal,
      pull: () => attempts.schedule(true, false),
    });
  }
  attempts.schedule(true, true);

  return {
    active$: active$.pipe(distinctUntilChanged()),
    error$: error$.asObservable(),
    reSync: () => {
      // The server is back or the person asks: no waiting out a backoff grown during an outage.
      attempts.resetBackoff();
      follower?.rouse();
      attempts.schedule(true, true);
    },
    awaitInitialReplication: () => initial,
    awaitInSync: inSync,
    async cancel() {
      stopped.abort();
      attempts.wake();
      follower?.rouse();
      for (const subscription of subscriptions) subscription.unsubscribe();
      await attempts.running();
    },
    isStopped,
  };
}

/** What the download and the upload work with, their requests cut when the replication stops. */
function contextOf(options: WorkspaceReplicationOptions, stopped: AbortSignal): ReplicationContext {
  const { url, collection } = options;
  const context: ReplicationContext = {
    collection,
    conflictHandler: collection.conflictHandler,
    batchSize: options.batchSize ?? 200,
    request: (path, init) => options.fetch(`${url}${path}`, { ...init, signal: stopped }),
    json: (reply, what) => replyJson(reply, what, options.onSignedOut),
    checkpoints: checkpointStore(collection, options.replicationIdentifier),
    onRefused: options.onRefused,
    ...(options.onAccepted ? { onAccepted: options.onAccepted } : {}),
  };
  // Awaited by each attempt, which reports a failure; not a rejection nobody handles.
  context.checkpoints.catch(() => undefined);
  return context;
}

/** What is asked of the next attempt: a download, an upload, or both. */
interface Wants {
  pull: boolean;
  push: boolean;
}

/**
 * Runs attempts one at a time while a download or an upload is asked for; after a failure both are
 * asked again, after a wait that doubles up to a minute (cut short by `wake`, started afresh
 * after `resetBackoff`).
 */
function attemptLoop(steps: {
  retryTime: number;
  isStopped(): boolean;
  attempt(wants: Wants): Promise<void>;
  succeeded(afterFailure: boolean): void;
  failed(error: unknown): void;
  finished(): void;
}) {
  const wants: Wants = { pull: true, push: true };
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let resetBackoff = false;

  async function run() {
    const backoff = new Backoff(steps.retryTime, 60_000);
    let failed = false;
    while ((wants.pull || wants.push) && !steps.isStopped()) {
      try {
        await steps.attempt(wants);
        steps.succeeded(failed);
        failed = false;
        backoff.reset();
      } catch (error) {
        steps.failed(error);
        if (steps.isStopped()) break;
        failed = true;
        wants.pull = true;
        wants.push = true;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, backoff.next());
        });
        wake = null;
        if (resetBackoff) backoff.reset();
        resetBackoff = false;
      }
    }
    steps.finished();
  }

  function schedule(pullToo: boolean, pushToo: boolean) {
    wants.pull ||= pullToo;
    wants.push ||= pushToo;
    wake?.();
    if (running || steps.isStopped()) return;
    running = run().finally(() => {
      running = null;
      // Asked for while the last attempt was finishing.
      if (wants.pull || wants.push) schedule(false, false);
    });
  }

  return {
    schedule,
    wake: () => wake?.(),
    resetBackoff: () => {
      resetBackoff = true;
    },
    running: () => running,
    /** Resolves when no attempt runs (waits through failures until a success). */
    async settled() {
      while (running && !steps.isStopped()) await running;
    },
  };
}

/** What the follower needs: where to start, how to ask for a download, how it stops. */
interface FollowOptions {
  retryTime: number;
  /** Where the downloads have reached, once those asked for are done. */
  downloaded(): Promise<string>;
  isStopped(): boolean;
  stopped: AbortSignal;
  pull(): void;
}

/**
 * Long-polls the server's changes and asks for a download when there are some; failures back off
 * up to a minute, or until roused (the server back, the replication stopping).
 */
function followServer(context: ReplicationContext, options: FollowOptions) {
  const { retryTime, isStopped, pull } = options;
  let rouse: (() => void) | null = null;
  const stop = new Promise<null>((resolve) =>
    options.stopped.addEventListener('abort', () => resolve(null), { once: true }),
  );
  // Until the downloads are done the attempts retry on their own; a replication stopped meanwhile
  // follows no more.
  const downloaded = () => Promise.race([options.downloaded(), stop]);
  void (async () => {
    let since = await downloaded();
    if (since === null) return;
    const backoff = new Backoff(retryTime, 60_000);
    while (!isStopped()) {
      try {
        const query = new URLSearchParams({ feed: 'longpoll', since, timeout: '25000', limit: '1' });
        const reply = await context.json<ChangesReply>(
          await context.request(`_changes?${query}`),
          'waiting for changes',
        );
        backoff.reset();
        if (!reply.results.some((r) => isReplicated(r.id))) {
          since = String(reply.last_seq);
          continue;
        }
        // The download reads on from there to the feed's end: waiting from where it stopped asks
        // once for a burst of changes, not once for each.
        pull();
        const reached = await downloaded();
        if (reached === null) return;
        since = reached;
      } catch {
        if (isStopped()) return;
        await new Promise<void>((resolve) => {
          rouse = () => {
            backoff.reset();
            resolve();
          };
          setTimeout(resolve, backoff.next());
        });
        rouse = null;
        pull();
      }
    }
  })();
  return { rouse: () => rouse?.() };
}
