import type { Plan, PlanFacts } from '../../../shared/src/index.js';
import { planFacts } from '../../../shared/src/rules/config.js';
import { type PlanMembership, planMembership } from '../../../shared/src/rules/read-rights.js';
import { ChangeWaiters } from '../couch/change-waiters.js';
import { type ChangeRow, ChangesFollower, rowRev } from '../couch/changes-follower.js';
import type { Couch } from '../couch/client.js';
import { revGeneration } from '../couch/known-writes.js';

type StructureDoc = { _id: string; type: string; [field: string]: unknown };
const STRUCTURE = new Set(['plan', 'commitment', 'keyAction']);

/** A change the directory applied lately: what a long-poll's own read of the feed must also show. */
export interface RecentChange {
  id: string;
  generation: number;
  /** The document as changed; absent for a deletion. */
  doc?: { _id: string; type?: unknown; [field: string]: unknown };
  at: number;
}

/**
 * How long a change counts as recent. On a cluster another read of the feed may miss a change the
 * directory's read showed for 7-15 ms (measured): a long-poll that does not see one of these yet
 * reads again within this time instead of sleeping through it.
 */
export const RECENT_MS = 1000;

/**
 * The workspace's plan structure (plans, commitments, key actions), which the read and write rules
 * of every request depend on. It catches up with the store's changes feed before each use, so it
 * is never behind a write that finished before the request began; a long-poll also keeps it
 * current between requests, so a large import does not make the next person's request wait.
 */
export class WorkspaceDirectory {
  private readonly follower: ChangesFollower<StructureDoc>;
  private readonly docs = new Map<string, StructureDoc>();
  private membershipMemo: PlanMembership | undefined;
  private readonly waiters = new ChangeWaiters();
  private recent: RecentChange[] = [];
  /** Moves whenever the workspace changed, structure or not. */
  version = 0;

  constructor(couch: Couch, db: string, log?: (message: string) => void) {
    this.follower = new ChangesFollower<StructureDoc>({
      couch,
      db,
      name: 'gateway directory',
      batchSize: 2000,
      waitMs: 25_000,
      maxRetryMs: 2000,
      ...(log ? { log } : {}),
      apply: (rows) => this.apply(rows),
    });
  }

  /** Reads every change made before the call; concurrent callers share one read. */
  refresh(): Promise<void> {
    return this.follower.catchUp();
  }

  private apply(rows: ChangeRow<StructureDoc>[]): void {
    const at = Date.now();
    this.recent = this.recent.filter((change) => change.at > at - RECENT_MS);
    for (const row of rows) {
      const doc = row.deleted ? undefined : (row.doc as RecentChange['doc']);
      this.recent.push({ id: row.id, generation: revGeneration(rowRev(row)), at, ...(doc ? { doc } : {}) });
    }
    if (rows.length > 0) {
      this.version++;
      this.waiters.wakeAll();
    }
    for (const row of rows) {
      const doc = row.doc;
      if (row.deleted || !doc) {
        if (this.docs.delete(row.id)) this.membershipMemo = undefined;
      } else if (STRUCTURE.has(doc.type)) {
        this.docs.set(row.id, doc);
        this.membershipMemo = undefined;
      }
    }
  }

  /**
   * Resolves when the workspace changes after `version`, after `timeoutMs`, or when `signal` aborts.
   * Every person's long-poll waits here, on the one long-poll this directory keeps on the store,
   * instead of each holding a long-poll of its own on the store.
   */
  nextChange(version: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return version !== this.version ? Promise.resolve() : this.waiters.wait(timeoutMs, signal);
  }

  /** The changes applied in the last `RECENT_MS`, oldest first. */
  recentChanges(): readonly RecentChange[] {
    const since = Date.now() - RECENT_MS;
    return this.recent.filter((change) => change.at > since);
  }

  /** Long-polls of the sync gateway waiting now. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** Keeps up with the store between requests until `stop()`. */
  follow(): void {
    this.follower.follow();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    this.waiters.wakeAll();
  }

  membership(): PlanMembership {
    this.membershipMemo ??= planMembership(this.docs.values());
    return this.membershipMemo;
  }

  facts(): PlanFacts {
    return planFacts([...this.docs.values()].filter((d) => d.type === 'plan') as unknown as Plan[]);
  }
}
