/**
 * Revisions this process wrote, per database, for the followers of that database's feed to wait
 * for. On an Apache CouchDB cluster a `_changes` read made right after a successful write may not
 * show it yet (the copy it reads was not among the two that acknowledged it), so a follower that
 * stops when the feed has nothing more is no barrier: one that waits until its feed shows the
 * writes it was told of is. Writers and followers of one database meet here by the database's name,
 * so neither has to be handed the other through every constructor.
 */

/** A revision's generation, the number before its dash (`3-ab…` → 3): the one valid order between two revisions of a document. */
export const revGeneration = (rev: unknown): number => Number.parseInt(String(rev ?? ''), 10) || 0;

type Listener = (id: string, generation: number) => void;
const listeners = new Map<string, Set<Listener>>();

/** Tells the followers of `db` in this process of these written revisions (rows without a revision failed). */
export function wrote(db: string, rows: Iterable<{ id?: string; rev?: string }>): void {
  const followers = listeners.get(db);
  if (!followers?.size) return;
  for (const row of rows)
    if (row.id && row.rev) for (const listener of followers) listener(row.id, revGeneration(row.rev));
}

/**
 * How long the feed's rows are remembered for a write told of after them. The feed may show a
 * write before its writer has its answer (a long-poll wakes while a large `_bulk_docs` is still
 * being written: measured, 440 of 1,000 drafts were read before the answer came), and a barrier
 * that then waited for those would wait until its limit for rows the feed had already passed.
 */
const SEEN_MS = 60_000;

/** The writes a follower of `db` has been told of and its feed has not shown yet. */
export class AwaitedWrites {
  private readonly pending = new Map<string, number>();
  /** What the feed showed lately, oldest first: id → generation and when. */
  private readonly seen = new Map<string, { generation: number; at: number }>();
  private prunedAt = 0;
  private readonly listener: Listener = (id, generation) => {
    if ((this.seen.get(id)?.generation ?? 0) >= generation) return;
    if (generation > (this.pending.get(id) ?? 0)) this.pending.set(id, generation);
  };

  constructor(private readonly db: string) {
    const set = listeners.get(db) ?? new Set<Listener>();
    listeners.set(db, set.add(this.listener));
  }

  /** The feed showed `id` at `rev` (or a later revision). */
  saw(id: string, rev: unknown): void {
    const generation = revGeneration(rev);
    const awaited = this.pending.get(id);
    if (awaited !== undefined && generation >= awaited) this.pending.delete(id);
    const at = Date.now();
    const before = this.seen.get(id)?.generation ?? 0;
    this.seen.delete(id);
    this.seen.set(id, { generation: Math.max(generation, before), at });
    if (at - this.prunedAt < 1000) return;
    this.prunedAt = at;
    for (const [oldest, entry] of this.seen) {
      if (entry.at > at - SEEN_MS) break;
      this.seen.delete(oldest);
    }
  }

  /** The ids awaited now, for a barrier to wait on. */
  ids(): string[] {
    return [...this.pending.keys()];
  }

  /** Those of `ids` still awaited. */
  stillAwaited(ids: readonly string[]): string[] {
    return ids.filter((id) => this.pending.has(id));
  }

  /** Stops waiting for these (a revision that lost to a conflict may never be shown). */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.pending.delete(id);
  }

  close(): void {
    const set = listeners.get(this.db);
    set?.delete(this.listener);
    if (set?.size === 0) listeners.delete(this.db);
  }
}
