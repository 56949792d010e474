import { createHash } from 'node:crypto';
import type {
  PublicAssessment,
  PublicCommitment,
  PublicDoc,
  PublicEvaluation,
  PublicEvidence,
  PublicKeyAction,
  PublicOrganization,
  PublicPlan,
  PublicReport,
  PublicReview,
} from '../../../shared/src/public.js';
import type { DbNames } from '../config.js';
import { ChangeWaiters } from '../couch/change-waiters.js';
import { type ChangesBatch, type Couch, fetchChanges } from '../couch/client.js';

type Log = (message: string) => void;

/** Indexes over the public documents, rebuilt lazily after a change. */
export interface PublicIndex {
  plans: PublicPlan[];
  organizations: Map<string, PublicOrganization>;
  commitments: Map<string, PublicCommitment>;
  commitmentsByPlan: Map<string, PublicCommitment[]>;
  keyActionsByCommitment: Map<string, PublicKeyAction[]>;
  reportsByCommitment: Map<string, PublicReport[]>;
  reviewsByCommitment: Map<string, PublicReview[]>;
  assessmentsByCommitment: Map<string, PublicAssessment[]>;
  evaluationsByCommitment: Map<string, PublicEvaluation[]>;
  evidence: Map<string, PublicEvidence>;
  reports: PublicReport[];
  reviews: PublicReview[];
  assessments: PublicAssessment[];
}

/**
 * The public database in memory, kept current by following its changes feed. Every response is
 * derived from it and tagged with the database's sequence, so a client that already has the
 * current data gets a 304 without any database work.
 */
export class PublicStore {
  private readonly docs = new Map<string, PublicDoc>();
  private index: PublicIndex | null = null;
  private since: string | number = 0;
  private running = false;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly responses = new Map<string, unknown>();
  private readonly waiters = new ChangeWaiters();
  /** Changes whenever the public data does. */
  version = '0';

  /** The version quoted, ready for an ETag header. */
  get etag(): string {
    return `"${this.version}"`;
  }

  constructor(
    private readonly couch: Couch,
    private readonly names: DbNames,
    private readonly log: Log = console.log,
  ) {}

  async start(): Promise<void> {
    await this.pull(false);
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop?.catch(() => undefined);
  }

  /** Resolves at the next change, after `timeoutMs`, or when `signal` aborts. */
  nextChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** Long-polls waiting now, for health figures and tests. */
  get waiting(): number {
    return this.waiters.size;
  }

  /** A value derived from the current data, computed once per data version and key. */
  memo<T>(key: string, compute: (index: PublicIndex) => T): T {
    const cacheKey = `${this.etag} ${key}`;
    if (this.responses.has(cacheKey)) return this.responses.get(cacheKey) as T;
    if (this.responses.size > 500) this.responses.clear();
    const value = compute(this.getIndex());
    this.responses.set(cacheKey, value);
    return value;
  }

  getIndex(): PublicIndex {
    this.index ??= buildIndex(this.docs.values());
    return this.index;
  }

  private async follow(): Promise<void> {
    let delay = 1000;
    while (this.running) {
      try {
        await this.pull(true);
        delay = 1000;
      } catch (error) {
        if (!this.running) break;
        this.log(`public store: ${(error as Error).message}; retrying in ${delay / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async pull(live: boolean): Promise<void> {
    for (;;) {
      const params: Record<string, string> = { since: String(this.since), include_docs: 'true', limit: '2000' };
      let batch: ChangesBatch<PublicDoc>;
      if (live) {
        this.abort = new AbortController();
        batch = await fetchChanges<PublicDoc>(
          this.couch,
          this.names.public,
          { ...params, feed: 'longpoll', timeout: '20000' },
          this.abort.signal,
        );
      } else {
        batch = await fetchChanges<PublicDoc>(this.couch, this.names.public, params);
      }
      for (const change of batch.results) {
        if (change.id.startsWith('_design/')) continue;
        if (change.deleted || !change.doc) this.docs.delete(change.id);
        else {
          const { _rev, ...doc } = change.doc as PublicDoc & { _rev?: string };
          this.docs.set(change.id, doc as PublicDoc);
        }
      }
      const changed = String(batch.last_seq) !== String(this.since);
      this.since = batch.last_seq;
      if (changed) {
        this.index = null;
        this.responses.clear();
        this.version = createHash('sha1').update(String(this.since)).digest('base64url').slice(0, 20);
        this.waiters.wakeAll();
      }
      if (live || batch.results.length < 2000) return;
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(docs: Iterable<PublicDoc>): PublicIndex {
  const index: PublicIndex = {
    plans: [],
    organizations: new Map(),
    commitments: new Map(),
    commitmentsByPlan: new Map(),
    keyActionsByCommitment: new Map(),
    reportsByCommitment: new Map(),
    reviewsByCommitment: new Map(),
    assessmentsByCommitment: new Map(),
    evaluationsByCommitment: new Map(),
    evidence: new Map(),
    reports: [],
    reviews: [],
    assessments: [],
  };
  for (const doc of docs) {
    switch (doc.type) {
      case 'plan':
        index.plans.push(doc);
        break;
      case 'organization':
        index.organizations.set(doc._id, doc);
        break;
      case 'commitment':
        index.commitments.set(doc._id, doc);
        push(index.commitmentsByPlan, doc.planId, doc);
        break;
      case 'keyAction':
        push(index.keyActionsByCommitment, doc.commitmentId, doc);
        break;
      case 'progressReport':
        index.reports.push(doc);
        push(index.reportsByCommitment, doc.commitmentId, doc);
        break;
      case 'evidence':
        index.evidence.set(doc._id, doc);
        break;
      case 'review':
        index.reviews.push(doc);
        push(index.reviewsByCommitment, doc.commitmentId, doc);
        break;
      case 'assessment':
        index.assessments.push(doc);
        push(index.assessmentsByCommitment, doc.commitmentId, doc);
        break;
      case 'evaluation':
        push(index.evaluationsByCommitment, doc.commitmentId, doc);
        break;
    }
  }
  index.plans.sort((a, b) => b.startDate.localeCompare(a.startDate) || a._id.localeCompare(b._id));
  for (const list of index.commitmentsByPlan.values()) list.sort((a, b) => a.number - b.number);
  for (const list of index.keyActionsByCommitment.values()) list.sort((a, b) => a.number - b.number);
  const chronological = (a: { date: string; _id: string }, b: { date: string; _id: string }) =>
    a.date.localeCompare(b.date) || a._id.localeCompare(b._id);
  for (const map of [
    index.reportsByCommitment,
    index.reviewsByCommitment,
    index.assessmentsByCommitment,
    index.evaluationsByCommitment,
  ])
    for (const list of map.values()) (list as { date: string; _id: string }[]).sort(chronological);
  return index;
}
