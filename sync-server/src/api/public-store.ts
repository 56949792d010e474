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
  PublicQuestion,
  PublicReport,
  PublicReview,
} from '../../../shared/src/public.js';
import type { DbNames } from '../config.js';
import { ChangeWaiters } from '../couch/change-waiters.js';
import { type ChangeRow, ChangesFollower } from '../couch/changes-follower.js';
import type { Couch } from '../couch/client.js';

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
  /** Published questions with their answers, in the order they became public. */
  questions: PublicQuestion[];
  questionsByCommitment: Map<string, PublicQuestion[]>;
}

/**
 * The public database in memory, kept current by following its changes feed. Every response is
 * derived from it and tagged with the database's sequence, so a client that already has the
 * current data gets a 304 without any database work.
 */
export class PublicStore {
  private readonly docs = new Map<string, PublicDoc>();
  private index: PublicIndex | null = null;
  private readonly follower: ChangesFollower<PublicDoc>;
  private readonly responses = new Map<string, unknown>();
  private readonly waiters = new ChangeWaiters();
  private readonly watchers = new ChangeWaiters();
  /** Changes whenever the public data does. */
  version = '0';

  /** The version quoted, ready for an ETag header. */
  get etag(): string {
    return `"${this.version}"`;
  }

  constructor(couch: Couch, names: DbNames, log: Log = console.log) {
    this.follower = new ChangesFollower<PublicDoc>({
      couch,
      db: names.public,
      name: 'public store',
      batchSize: 2000,
      maxRetryMs: 30_000,
      log,
      apply: (rows, lastSeq) => this.apply(rows, lastSeq),
    });
  }

  async start(): Promise<void> {
    await this.follower.catchUp();
    this.follower.follow();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  /** Resolves at the next change, after `timeoutMs`, or when `signal` aborts. */
  nextChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** As `nextChange`, for the server's own watchers (the askers' notifier): not counted as a client's long-poll. */
  nextChangeForServer(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.watchers.wait(timeoutMs, signal);
  }

  /** Resolves once every public change made before the call is in memory. */
  settled(): Promise<void> {
    return this.follower.catchUp();
  }

  /** Resolves once the public data satisfies `check`; fails after `timeoutMs`. */
  async until(check: (index: PublicIndex) => boolean, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check(this.getIndex())) {
      if (Date.now() > end) throw new Error('the public data did not show the expected change in time');
      await this.nextChange(250);
    }
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

  private apply(rows: ChangeRow<PublicDoc>[], lastSeq: string | number): void {
    for (const change of rows) {
      if (change.deleted || !change.doc) this.docs.delete(change.id);
      else {
        const { _rev, ...doc } = change.doc as PublicDoc & { _rev?: string };
        this.docs.set(change.id, doc as PublicDoc);
      }
    }
    if (String(lastSeq) === String(this.follower.since)) return;
    this.index = null;
    this.responses.clear();
    this.version = createHash('sha1').update(String(lastSeq)).digest('base64url').slice(0, 20);
    this.waiters.wakeAll();
    this.watchers.wakeAll();
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
    questions: [],
    questionsByCommitment: new Map(),
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
      case 'question':
        index.questions.push(doc);
        push(index.questionsByCommitment, doc.commitmentId, doc);
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
  const byPublication = (a: PublicQuestion, b: PublicQuestion) =>
    a.publishedAt.localeCompare(b.publishedAt) || a._id.localeCompare(b._id);
  index.questions.sort(byPublication);
  for (const list of index.questionsByCommitment.values()) list.sort(byPublication);
  return index;
}
