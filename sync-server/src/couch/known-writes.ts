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

type Row = { id?: string; rev?: string };
const followersOf = new Map<string, Set<AwaitedWrites>>();
/** Writes to each database whose answer this process awaits. */
const inFlight = new Map<string, number>();

/** Tells the followers of `db` in this process of these written revisions (rows without a revision failed). */
export function wrote(db: string, rows: Iterable<Row>): void {
  const followers = followersOf.get(db);
  if (!followers?.size) return;
  for (const row of rows)
    if (row.id && row.rev) for (const follower of followers) follower.told(row.id, revGeneration(row.rev));
}

/**
 * Runs a write to `db` and tells the followers what it wrote (`rowsOf` its answer). While it is in
 * flight the followers remember what their feed shows: the feed may show a write before its writer
 * has the answer (a long-poll wakes while a large `_bulk_docs` is still being written: measured, 440
 * of 1,000 drafts were read before the answer came), and a barrier that then waited for those would
 * wait until its limit for rows the feed had already passed. Once no write is in flight nothing can
 * be told of them any more, so they are forgotten: the rows of others' writes cost no memory.
 */
export async function writeTold<T>(
  db: string,
  write: () => Promise<T>,
  rowsOf: (answer: T) => Iterable<Row>,
): Promise<T> {
  inFlight.set(db, (inFlight.get(db) ?? 0) + 1);
  try {
    const answer = await write();
    wrote(db, rowsOf(answer));
    return answer;
  } finally {
    const left = (inFlight.get(db) ?? 1) - 1;
    if (left > 0) inFlight.set(db, left);
    else {
      inFlight.delete(db);
      for (const follower of followersOf.get(db) ?? []) follower.forgetSeen();
    }
  }
}

/**
 * How long a write told of stays awaited. A barrier reads the feed to its end before it looks at
 * them, and a cluster's copies lag by milliseconds: an older write is shown by that read, so a
 * follower far behind (the follow notifier after a large import) does not hold every id written since.
 */
const PENDING_MS = 30_000;

/** The writes a follower of `db` has been told of and its feed has not shown yet. */
export class AwaitedWrites {
  /** Id → generation, told of in the last PENDING_MS; `pendingBefore` the window before. */
  private pending = new Map<string, number>();
  private pendingBefore = new Map<string, number>();
  private rotatedAt = Date.now();
  /** What the feed showed while a write to the database was in flight: id → generation. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly db: string) {
    const set = followersOf.get(db) ?? new Set<AwaitedWrites>();
    followersOf.set(db, set.add(this));
  }

  /** This process wrote `id` at `generation`: awaited unless the feed already showed it. */
  told(id: string, generation: number): void {
    if ((this.seen.get(id) ?? 0) >= generation) return;
    this.rotate();
    if (generation > this.awaitedGeneration(id)) this.pending.set(id, generation);
  }

  /** The feed showed `id` at `rev` (or a later revision). */
  saw(id: string, rev: unknown): void {
    const generation = revGeneration(rev);
    for (const map of [this.pending, this.pendingBefore]) {
      const awaited = map.get(id);
      if (awaited !== undefined && generation >= awaited) map.delete(id);
    }
    if (inFlight.has(this.db) && generation > (this.seen.get(id) ?? 0)) this.seen.set(id, generation);
  }

  /** No write to the database is in flight: what the feed showed can no longer be told of. */
  forgetSeen(): void {
    this.seen.clear();
  }

  /** The ids awaited now, for a barrier to wait on. */
  ids(): string[] {
    this.rotate();
    return [...new Set([...this.pendingBefore.keys(), ...this.pending.keys()])];
  }

  /** Those of `ids` still awaited. */
  stillAwaited(ids: readonly string[]): string[] {
    return ids.filter((id) => this.pending.has(id) || this.pendingBefore.has(id));
  }

  /** Stops waiting for these (a revision that lost to a conflict may never be shown). */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.pending.delete(id);
      this.pendingBefore.delete(id);
    }
  }

  /** Ids remembered (awaited, or shown while a write was in flight), for tests and figures. */
  get size(): number {
    this.rotate();
    return this.pending.size + this.pendingBefore.size + this.seen.size;
  }

  close(): void {
    const set = followersOf.get(this.db);
    set?.delete(this);
    if (set?.size === 0) followersOf.delete(this.db);
  }

  private awaitedGeneration(id: string): number {
    return Math.max(this.pending.get(id) ?? 0, this.pendingBefore.get(id) ?? 0);
  }

  /** Drops the writes told of more than two windows ago. */
  private rotate(): void {
    const now = Date.now();
    if (now - this.rotatedAt < PENDING_MS) return;
    this.pendingBefore = now - this.rotatedAt < 2 * PENDING_MS ? this.pending : new Map();
    this.pending = new Map();
    this.rotatedAt = now;
  }
}
