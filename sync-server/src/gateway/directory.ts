import type { Plan, PlanFacts } from '../../../shared/src/index.js';
import { planFacts } from '../../../shared/src/rules/config.js';
import { type PlanMembership, planMembership } from '../../../shared/src/rules/read-rights.js';
import { ChangeWaiters } from '../couch/change-waiters.js';
import { type Couch, fetchChanges } from '../couch/client.js';

type StructureDoc = { _id: string; type: string; [field: string]: unknown };
const STRUCTURE = new Set(['plan', 'commitment', 'keyAction']);

/**
 * The workspace's plan structure (plans, commitments, key actions), which the read and write rules
 * of every request depend on. It catches up with the store's changes feed before each use, so it
 * is never behind a write that finished before the request began; a long-poll also keeps it
 * current between requests, so a large import does not make the next person's request wait.
 */
export class WorkspaceDirectory {
  private since: string | number = 0;
  private readonly docs = new Map<string, StructureDoc>();
  private membershipMemo: PlanMembership | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private readonly waiters = new ChangeWaiters();
  /** Moves whenever the workspace changed, structure or not. */
  version = 0;
  private following: Promise<void> | undefined;

  constructor(
    private readonly couch: Couch,
    private readonly db: string,
  ) {}

  /** Reads the changes since the last call; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.inFlight ??= this.readChanges().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async readChanges(): Promise<void> {
    for (;;) {
      const batch = await fetchChanges<StructureDoc>(this.couch, this.db, {
        since: String(this.since),
        include_docs: 'true',
        limit: '2000',
      });
      if (batch.results.length > 0) {
        this.version++;
        this.waiters.wakeAll();
      }
      for (const row of batch.results) {
        const doc = row.doc;
        if (row.deleted || !doc) {
          if (this.docs.delete(row.id)) this.membershipMemo = undefined;
        } else if (STRUCTURE.has(doc.type)) {
          this.docs.set(row.id, doc);
          this.membershipMemo = undefined;
        }
      }
      this.since = batch.last_seq;
      if (batch.results.length < 2000) return;
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

  /** Keeps up with the store between requests until `stop()`. */
  follow(): void {
    this.following ??= (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await fetchChanges(
            this.couch,
            this.db,
            { feed: 'longpoll', since: String(this.since), timeout: '25000', limit: '1' },
            this.stopping.signal,
          );
          await this.refresh();
        } catch {
          if (this.stopping.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.waiters.wakeAll();
    await this.following;
  }

  membership(): PlanMembership {
    this.membershipMemo ??= planMembership(this.docs.values());
    return this.membershipMemo;
  }

  facts(): PlanFacts {
    return planFacts([...this.docs.values()].filter((d) => d.type === 'plan') as unknown as Plan[]);
  }
}
