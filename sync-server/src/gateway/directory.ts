import { setTimeout as sleep } from 'node:timers/promises';
import type { Plan, PlanFacts } from '../../../shared/src/index.js';
import { ORG_LIST_FIELDS } from '../../../shared/src/references.js';
import { planFacts } from '../../../shared/src/rules/config.js';
import { type PlanMembership, planMembership } from '../../../shared/src/rules/read-rights.js';
import { ID_PREFIX } from '../../../shared/src/schemas/index.js';
import { ChangeWaiters } from '../couch/change-waiters.js';
import { type ChangeRow, ChangesFollower, rowRev } from '../couch/changes-follower.js';
import { type Couch, rowsByKeys, useDb } from '../couch/client.js';
import { revGeneration } from '../couch/known-writes.js';

type StructureDoc = { _id: string; type: string; [field: string]: unknown };
const STRUCTURE = new Set(['plan', 'commitment', 'keyAction']);
/** Every id of a structure document has its type's prefix (the write rules' `idPrefix`); no other id does. */
const STRUCTURE_ID = new RegExp(`^(?:${[ID_PREFIX.plan, ID_PREFIX.commitment, ID_PREFIX.keyAction].join('|')})`);
/** How long a structure document older than the feed's row of it is read again (a lagging copy of a cluster). */
const STALE_COPY_MS = 500;
/** A written version kept for the feed's row that shows it, until then or this long. */
const WRITTEN_MS = 10_000;

/**
 * What the rules read of a structure document: a plan whole (there are few), of a commitment or key
 * action its plan and organisations. A decade of plans holds tens of thousands of key actions: their
 * titles, dates and figures would take several times the memory for nothing.
 */
function ruleFields(doc: StructureDoc): StructureDoc {
  if (doc.type === 'plan') return doc;
  const kept: StructureDoc = { _id: doc._id, type: doc.type, planId: doc.planId };
  for (const field of ORG_LIST_FIELDS) if (doc[field] !== undefined) kept[field] = doc[field];
  return kept;
}

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
  /** Versions this gateway wrote, by id, for the recent change their row of the feed will be. */
  private readonly written = new Map<string, { generation: number; doc: RecentChange['doc']; at: number }>();
  /** Moves whenever the workspace changed, structure or not. */
  version = 0;

  constructor(
    private readonly couch: Couch,
    private readonly db: string,
    log?: (message: string) => void,
  ) {
    // Without documents: a batch of drafts costs the store a list of ids, and only the structure
    // documents among them are fetched (measured on Apache CouchDB 3.4: a thousand rows read with
    // their documents took 160-290 ms against 30-50 without, delaying the next write's refresh).
    this.follower = new ChangesFollower<StructureDoc>({
      couch,
      db,
      name: 'gateway directory',
      includeDocs: false,
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

  /**
   * The versions the gateway just wrote: a long-poll decides from them whether their change is one
   * its person may read (a change without its document counts as one they may).
   */
  wrote(versions: Iterable<{ doc: object; rev: string }>): void {
    const at = Date.now();
    for (const [id, entry] of this.written) if (entry.at < at - WRITTEN_MS) this.written.delete(id);
    for (const { doc, rev } of versions) {
      const written = doc as RecentChange['doc'] & object;
      if (!written._deleted) this.written.set(written._id, { generation: revGeneration(rev), doc: written, at });
    }
  }

  private async apply(rows: ChangeRow<StructureDoc>[]): Promise<void> {
    const structure = await this.structureOf(rows);
    const at = Date.now();
    this.recent = this.recent.filter((change) => change.at > at - RECENT_MS);
    for (const row of rows) {
      const generation = revGeneration(rowRev(row));
      const doc = row.deleted ? undefined : (structure.get(row.id) ?? this.writtenAt(row.id, generation));
      this.recent.push({ id: row.id, generation, at, ...(doc ? { doc } : {}) });
    }
    if (rows.length > 0) {
      this.version++;
      this.waiters.wakeAll();
    }
    for (const row of rows) {
      if (!STRUCTURE_ID.test(row.id)) continue;
      const doc = structure.get(row.id);
      if (doc && STRUCTURE.has(doc.type)) this.docs.set(row.id, ruleFields(doc));
      else this.docs.delete(row.id);
      this.membershipMemo = undefined;
    }
  }

  /** The written version a row of the feed shows, when this gateway wrote it. */
  private writtenAt(id: string, generation: number): RecentChange['doc'] | undefined {
    const entry = this.written.get(id);
    if (entry?.generation !== generation) return undefined;
    this.written.delete(id);
    return entry.doc;
  }

  /**
   * The current versions of the structure documents among `rows` (deleted ones absent). On a
   * cluster the copy read may not have a version the feed already showed, so a document older than
   * its row is read again, briefly.
   */
  private async structureOf(rows: ChangeRow<StructureDoc>[]): Promise<Map<string, StructureDoc>> {
    const wanted = new Map<string, number>();
    for (const row of rows)
      if (!row.deleted && STRUCTURE_ID.test(row.id)) wanted.set(row.id, revGeneration(rowRev(row)));
    const found = new Map<string, StructureDoc>();
    for (let wait = 2; wanted.size > 0; wait *= 2) {
      for (const row of await rowsByKeys<StructureDoc>(useDb(this.couch, this.db), [...wanted.keys()])) {
        // Absent, or deleted since the feed's read: there is nothing to keep.
        const live = row.value && !row.value.deleted ? row.doc : undefined;
        if (row.value && revGeneration(row.value.rev) < (wanted.get(row.key) ?? 0) && wait < STALE_COPY_MS) continue;
        if (live) found.set(row.key, live);
        wanted.delete(row.key);
      }
      if (wanted.size > 0) await sleep(wait);
    }
    return found;
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
    // A plan is kept whole (ruleFields), so a structure document of type plan is a plan.
    return planFacts([...this.docs.values()].filter((d): d is StructureDoc & Plan => d.type === 'plan'));
  }
}
