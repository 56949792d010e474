import { Backoff } from '../../../shared/src/backoff.js';
import { pause } from './change-waiters.js';
import { type ChangesBatch, type Couch, fetchChanges } from './client.js';
import { AwaitedWrites } from './known-writes.js';

export type ChangeRow<T> = ChangesBatch<T>['results'][number];

export interface ChangesFollowerOptions<T> {
  couch: Couch;
  db: string;
  /** Names the follower in the log: "publisher", "public store". */
  name: string;
  /**
   * Applies one batch of changes, design documents and `_local` checkpoints left out. It is also
   * called with no rows after each wait that saw nothing, so a follower can do timed work there.
   * The follower moves past the batch only once this resolves: a failed batch is read again.
   */
  apply: (rows: ChangeRow<T>[], lastSeq: string | number) => void | Promise<void>;
  batchSize?: number;
  /**
   * Whether rows carry their documents (the default). A follower that needs few of them reads the
   * feed without, and fetches those it needs: a batch of a thousand drafts then costs the store a
   * list of ids and revisions instead of a thousand documents read and sent.
   */
  includeDocs?: boolean;
  /** How long one long-poll waits on the store. */
  waitMs?: number;
  maxRetryMs?: number;
  log?: (message: string) => void;
}

/** How long a barrier waits for a write it was told of before it lets it go (logged). */
const AWAIT_LIMIT_MS = 10_000;

/**
 * Follows one database's changes feed: the one loop the publisher, the public store and the
 * gateway's directory share. Reads are serialised, so a batch is never applied twice at once, and
 * `catchUp()` always reads from after the call. An empty read proves nothing on a cluster (the copy
 * read may lag the write by milliseconds), so `catchUp()` also reads again until the feed has shown
 * every write this process made to the database before the call (known-writes.ts).
 */
export class ChangesFollower<T> {
  since: string | number = 0;
  private reading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly awaited: AwaitedWrites;

  constructor(private readonly options: ChangesFollowerOptions<T>) {
    this.awaited = new AwaitedWrites(options.db);
  }

  /** Reads and applies every change made before the call, and every write of this process it had been told of. */
  async catchUp(): Promise<void> {
    const awaited = this.awaited.ids();
    await this.readShared();
    const giveUp = Date.now() + AWAIT_LIMIT_MS;
    for (let wait = 2; this.awaited.stillAwaited(awaited).length > 0; wait = Math.min(wait * 2, 100)) {
      if (this.stopping.signal.aborted) return;
      if (Date.now() > giveUp) {
        const missing = this.awaited.stillAwaited(awaited);
        (this.options.log ?? console.log)(
          `${this.options.name}: the feed did not show ${missing.length} written document(s) in ${AWAIT_LIMIT_MS / 1000} s (${missing.slice(0, 3).join(', ')}); going on without them`,
        );
        this.awaited.forget(missing);
        return;
      }
      await pause(wait, this.stopping.signal);
      await this.readShared();
    }
  }

  /** One read of everything after `since`; callers arriving during a read share the next one. */
  private readShared(): Promise<void> {
    if (!this.reading) {
      this.reading = this.read().finally(() => {
        this.reading = undefined;
      });
      return this.reading;
    }
    this.queued ??= this.reading
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.readShared();
      });
    return this.queued;
  }

  /** Keeps applying changes as they happen until `stop()`; failures are logged and retried after growing waits. */
  follow(): void {
    const { couch, db, waitMs = 20_000, maxRetryMs = 60_000, log = console.log, name } = this.options;
    const signal = this.stopping.signal;
    this.loop ??= (async () => {
      const backoff = new Backoff(1000, maxRetryMs);
      while (!signal.aborted) {
        try {
          await fetchChanges(
            couch,
            db,
            { feed: 'longpoll', since: String(this.since), timeout: String(waitMs), limit: '1' },
            signal,
          );
          await this.readShared();
          backoff.reset();
        } catch (error) {
          if (signal.aborted) return;
          const wait = backoff.next();
          log(`${name}: ${(error as Error).message}; retrying in ${wait / 1000} s`);
          await pause(wait, signal);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.awaited.close();
    await this.loop;
    await this.reading?.catch(() => undefined);
  }

  private async read(): Promise<void> {
    const { couch, db, apply, batchSize = 1000, includeDocs = true } = this.options;
    for (;;) {
      const batch = await fetchChanges<T>(couch, db, {
        since: String(this.since),
        ...(includeDocs ? { include_docs: 'true' } : {}),
        limit: String(batchSize),
      });
      await apply(
        batch.results.filter((row) => isReplicated(row.id)),
        batch.last_seq,
      );
      for (const row of batch.results) this.awaited.saw(row.id, rowRev(row));
      this.since = batch.last_seq;
      // Stopped: the rest is read by the next start, not before the process may end.
      if (batch.results.length < batchSize || this.stopping.signal.aborted) return;
    }
  }
}

/** The revision a row of the feed shows: the winner's, or the first change's without documents. */
export function rowRev(row: ChangesBatch<unknown>['results'][number]): unknown {
  const doc = row.doc as { _rev?: unknown } | undefined;
  return doc?._rev ?? (row as { changes?: { rev?: unknown }[] }).changes?.[0]?.rev;
}

/** Design documents and checkpoints travel in the feed too; no follower wants them. */
function isReplicated(id: string): boolean {
  return !id.startsWith('_design/') && !id.startsWith('_local/');
}
