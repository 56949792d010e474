import { Backoff } from '../../../shared/src/backoff.js';
import { pause } from './change-waiters.js';
import { type ChangesBatch, type Couch, fetchChanges } from './client.js';

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
  /** How long one long-poll waits on the store. */
  waitMs?: number;
  maxRetryMs?: number;
  log?: (message: string) => void;
}

/**
 * Follows one database's changes feed: the one loop the publisher, the public store and the
 * gateway's directory share. Reads are serialised, so a batch is never applied twice at once, and
 * `catchUp()` always reads from after the call, so it sees every write that finished before it.
 */
export class ChangesFollower<T> {
  since: string | number = 0;
  private reading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: ChangesFollowerOptions<T>) {}

  /** Reads and applies every change made before the call. Callers arriving during a read share the next one. */
  catchUp(): Promise<void> {
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
        return this.catchUp();
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
          await this.catchUp();
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
    await this.loop;
    await this.reading?.catch(() => undefined);
  }

  private async read(): Promise<void> {
    const { couch, db, apply, batchSize = 1000 } = this.options;
    for (;;) {
      const batch = await fetchChanges<T>(couch, db, {
        since: String(this.since),
        include_docs: 'true',
        limit: String(batchSize),
      });
      await apply(
        batch.results.filter((row) => isReplicated(row.id)),
        batch.last_seq,
      );
      this.since = batch.last_seq;
      if (batch.results.length < batchSize) return;
    }
  }
}

/** Design documents and checkpoints travel in the feed too; no follower wants them. */
function isReplicated(id: string): boolean {
  return !id.startsWith('_design/') && !id.startsWith('_local/');
}
