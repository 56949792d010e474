import type { RxCollection, RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { Backoff } from '../../../shared/src/backoff.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { type CouchDoc, fromCouch, isReplicated, type LocalDoc, sameDoc, toCouch } from './couch-helpers.js';

export interface Checkpoint {
  sequence: string | number;
}

export interface WorkspaceReplicationOptions {
  collection: RxCollection<LocalDoc>;
  /** The workspace database, ending in `/`: `https://tablero.example/db/tablero_workspace/`. */
  url: string;
  /** Carries the person's credentials (session cookie or basic auth). */
  fetch: typeof fetch;
  replicationIdentifier: string;
  live?: boolean;
  batchSize?: number;
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

interface ChangesReply {
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

async function json<T>(reply: Response, what: string, onSignedOut?: () => void): Promise<T> {
  if (reply.status === 401) onSignedOut?.();
  if (!reply.ok) {
    const body = (await reply.json().catch(() => ({}))) as { reason?: string };
    const error = new Error(`${what}: ${reply.status} ${body.reason ?? reply.statusText}`) as Error & {
      status: number;
    };
    error.status = reply.status;
    throw error;
  }
  return (await reply.json()) as T;
}

/**
 * Two-way replication of the workspace database with RxDB, written for Tablero instead of RxDB's
 * CouchDB plugin, which loses data here (see the README):
 * - the pull skips design and local documents without ending a batch early: it keeps reading the
 *   changes feed until it has a full batch or the feed is exhausted;
 * - the push turns a row the server refuses (`forbidden`, `unauthorized`) into a refusal the person
 *   sees, and pushes the rest; real conflicts go back to RxDB's conflict handler;
 * - live changes arrive by long-polling `_changes` and trigger a pull from the last checkpoint.
 */
export function replicateWorkspace(options: WorkspaceReplicationOptions): RxReplicationState<LocalDoc, Checkpoint> {
  const { url, collection } = options;
  const batchSize = options.batchSize ?? 200;
  const pullStream$ = new Subject<'RESYNC'>();
  const conflictHandler = collection.conflictHandler;
  let received = 0;
  let prefetch: { since: string | number; size: number; reply: Promise<ChangesReply> } | null = null;

  /** A page of the changes feed after `since`: the one fetched ahead if it is that one. */
  function changesPage(since: string | number, size: number): Promise<ChangesReply> {
    const ahead = prefetch;
    prefetch = null;
    if (ahead && String(ahead.since) === String(since) && ahead.size === size) return ahead.reply;
    const query = new URLSearchParams({
      style: 'all_docs',
      include_docs: 'true',
      since: String(since),
      limit: String(size),
    });
    const reply = options
      .fetch(`${url}_changes?${query}`)
      .then((response) => json<ChangesReply>(response, 'reading changes', options.onSignedOut));
    // A page fetched ahead and never asked for (the replication stopped) must not be an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  }

  const state = replicateRxCollection<LocalDoc, Checkpoint>({
    collection,
    replicationIdentifier: options.replicationIdentifier,
    live: options.live ?? true,
    retryTime: options.retryTime ?? 5000,
    waitForLeadership: false,
    autoStart: true,
    pull: {
      batchSize,
      stream$: pullStream$.asObservable(),
      async handler(checkpoint: Checkpoint | undefined, size: number) {
        const documents: WithDeleted<LocalDoc>[] = [];
        let since = checkpoint?.sequence ?? 0;
        for (;;) {
          const reply = await changesPage(since, size);
          // While RxDB stores this page, the next one is on its way: a first sync waits on the
          // network or on IndexedDB, not on both one after the other.
          if (reply.results.length === size)
            prefetch = { since: reply.last_seq, size, reply: changesPage(reply.last_seq, size) };
          for (const row of reply.results)
            if (row.doc && isReplicated(row.id)) documents.push(fromCouch(row.doc) as WithDeleted<LocalDoc>);
          since = reply.last_seq;
          received += reply.results.length;
          if (reply.pending !== undefined) options.onPullProgress?.({ received, pending: reply.pending });
          if (reply.results.length < size || documents.length >= size) break;
        }
        return { documents, checkpoint: { sequence: since } };
      },
    },
    push: {
      batchSize: 200,
      async handler(rows) {
        const ids = rows.map((row) => row.newDocumentState.id);
        const current = await json<{
          rows: { key: string; id?: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null }[];
        }>(
          await options.fetch(`${url}_all_docs?include_docs=true`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ keys: ids }),
          }),
          'reading server versions',
          options.onSignedOut,
        );
        const master = new Map(current.rows.map((row) => [row.key, row]));
        const conflicts: WithDeleted<LocalDoc>[] = [];
        const sends: CouchDoc[] = [];
        for (const row of rows) {
          const id = row.newDocumentState.id;
          const remote = master.get(id);
          const remoteDoc = remote?.doc ? (fromCouch(remote.doc) as WithDeleted<LocalDoc>) : undefined;
          const remoteRev = remote?.value?.rev;
          if (remoteRev && !remoteDoc && remote?.value?.deleted) {
            // Deleted on the server: a conflict unless we assumed that too.
            if (row.assumedMasterState && !row.assumedMasterState._deleted)
              conflicts.push({ ...row.assumedMasterState, _deleted: true });
            else sends.push(toCouch(row.newDocumentState, remoteRev));
            continue;
          }
          if (
            remoteDoc &&
            !(row.assumedMasterState && conflictHandler.isEqual(remoteDoc, row.assumedMasterState, 'tablero-push'))
          ) {
            conflicts.push(remoteDoc);
            continue;
          }
          sends.push(toCouch(row.newDocumentState, remoteRev));
        }
        if (sends.length === 0) return conflicts;
        const results = await json<
          {
            id: string;
            ok?: boolean;
            error?: string;
            reason?: string;
            reason_es?: string;
            code?: string;
            field?: string;
          }[]
        >(
          await options.fetch(`${url}_bulk_docs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ docs: sends }),
          }),
          'sending changes',
          options.onSignedOut,
        );
        const refused: DocumentRefusal[] = [];
        const accepted: string[] = [];
        const conflictAgain: string[] = [];
        for (const result of results) {
          if (result.ok) accepted.push(result.id);
          else if (result.error === 'conflict') conflictAgain.push(result.id);
          else
            refused.push({
              id: result.id,
              status: result.error === 'unauthorized' ? 401 : 403,
              code: result.code ?? result.error ?? 'error',
              ...(result.field ? { field: result.field } : {}),
              reason: result.reason ?? '',
              reasonEs: result.reason_es ?? result.reason ?? '',
            });
        }
        if (refused.length) await options.onRefused(refused);
        if (accepted.length) await options.onAccepted?.(accepted);
        if (conflictAgain.length) {
          const again = await json<{ rows: { doc?: CouchDoc | null }[] }>(
            await options.fetch(`${url}_all_docs?include_docs=true`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ keys: conflictAgain }),
            }),
            'reading conflicting versions',
            options.onSignedOut,
          );
          for (const row of again.rows) if (row.doc) conflicts.push(fromCouch(row.doc) as WithDeleted<LocalDoc>);
        }
        return conflicts;
      },
    },
  });

  if (options.live ?? true) {
    // Long-poll for changes and ask RxDB to pull from its checkpoint when there are some.
    // Failures back off exponentially (up to a minute), so an unreachable server is not hammered.
    let since: string | number = 'now';
    const backoff = new Backoff(options.retryTime ?? 5000, 60_000);
    const poll = async () => {
      while (!state.isStopped()) {
        try {
          const query = new URLSearchParams({ feed: 'longpoll', since: String(since), timeout: '25000', limit: '1' });
          const reply = await json<ChangesReply>(
            await options.fetch(`${url}_changes?${query}`),
            'waiting for changes',
            options.onSignedOut,
          );
          since = reply.last_seq;
          backoff.reset();
          if (reply.results.some((r) => isReplicated(r.id))) pullStream$.next('RESYNC');
        } catch {
          if (state.isStopped()) return;
          await new Promise((resolve) => setTimeout(resolve, backoff.next()));
          pullStream$.next('RESYNC');
        }
      }
    };
    void poll();
  }
  return state;
}

const ADMIN_WRITTEN_TYPES = new Set(['plan', 'organization', 'commitment', 'keyAction']);

export interface ConflictRecord {
  id: string;
  docId: string;
  mine: LocalDoc;
  theirs: LocalDoc;
  detectedAt: string;
}

/**
 * RxDB asks this handler to settle a conflict. It takes the server's version, so replication can
 * go on, and hands the local version to `keep`, which stores it beside the server's for the
 * person to choose or merge. Nothing disappears silently.
 */
export function keepBothConflictHandler(keep: (record: ConflictRecord) => Promise<void>): RxConflictHandler<LocalDoc> {
  return {
    isEqual: (a, b) => sameDoc(a, b),
    async resolve(input: RxConflictHandlerInput<LocalDoc>) {
      const mine = input.newDocumentState as LocalDoc;
      const theirs = input.realMasterState as LocalDoc;
      // Identical versions (a first sync interrupted and resumed, a reply lost after the server saved
      // a batch) and documents only administrators write (plans, commitments) never ask the person.
      if (sameDoc(mine, theirs) || ADMIN_WRITTEN_TYPES.has(theirs.type)) return input.realMasterState;
      await keep({
        id: `conflict:${mine.id}:${Date.now()}`,
        docId: mine.id,
        mine,
        theirs,
        detectedAt: new Date().toISOString(),
      });
      return input.realMasterState;
    },
  };
}
