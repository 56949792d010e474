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
import { type Couch, type Db, useDb } from '../couch/client.js';
import { readByKeys } from '../publisher/plan-state.js';
import { PlanDigest } from './public-digest.js';

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

/** Closed plans whose documents stay in memory after a page read them, beside the open plans'. */
const CLOSED_KEPT = 1;
/**
 * The bytes of answers kept for the current data version: a decade of plans' pages, each read
 * once, would otherwise be kept until the next change (beyond it the least recently asked go).
 */
const REMEMBERED_BYTES = 16 * 1024 * 1024;

/**
 * Documents kept for every plan, open or closed: the pages about all plans (organisations, the
 * plans' list, questions' mail) and the rules of a question or a file need them, and there are few
 * of them per plan beside its reports. Evidence with a file is among them: a published file is
 * found by its hash.
 */
function isShared(doc: PublicDoc): boolean {
  if (doc.type === 'evidence') return doc.file !== undefined;
  return ['plan', 'organization', 'commitment', 'keyAction', 'question'].includes(doc.type);
}

/** Where a shared document is kept: '' for plans and organisations, else its plan. */
const groupOf = (doc: PublicDoc): string => (doc.type === 'plan' || doc.type === 'organization' ? '' : doc.planId);

/** A closed plan's history as the store keeps it while its documents are not in memory. */
interface ClosedPlan {
  /** The ids of its other documents, each between newlines (a few bytes each); some may be deleted since. */
  ids: string;
  /** Absent while it must be computed again from the plan's documents. */
  digest: PlanDigest | undefined;
}

/**
 * The public database in memory, kept current by following its changes feed. Every response is
 * derived from it and tagged with the database's sequence, so a client that already has the
 * current data gets a 304 without any database work. Memory follows what is active, not the years
 * of history: the open plans are held whole; of a closed plan only its structure (commitments, key
 * actions), its questions and a digest of its newest activity, the rest read from the public
 * database when one of its pages is asked for (and kept for the next few requests).
 */
export class PublicStore {
  /** Shared documents (see `isShared`) by group. */
  private readonly shared = new Map<string, Map<string, PublicDoc>>();
  /** The other documents of the open plans and of the closed ones read last, by plan, least recently used first. */
  private readonly held = new Map<string, Map<string, PublicDoc>>();
  private readonly closed = new Map<string, ClosedPlan>();
  private index: PublicIndex | null = null;
  private readonly planIndexes = new Map<string, PublicIndex>();
  /** Applying a batch and reading a closed plan take turns, so a read never misses a change. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly follower: ChangesFollower<PublicDoc>;
  private readonly db: Db;
  private readonly responses = new Map<string, unknown>();
  /** The answers `remember` keeps, least recently asked first, with their bytes. */
  private readonly answers = new Map<string, { value: unknown; bytes: number }>();
  private answerBytes = 0;
  private readonly waiters = new ChangeWaiters();
  private readonly watchers = new ChangeWaiters();
  /** Changes whenever the public data does. */
  version = '0';
  /** Closed plans read from the database, for tests and figures. */
  plansRead = 0;

  /** The version quoted, ready for an ETag header. */
  get etag(): string {
    return `"${this.version}"`;
  }

  constructor(couch: Couch, names: DbNames, log: Log = console.log) {
    this.db = useDb(couch, names.public);
    this.follower = new ChangesFollower<PublicDoc>({
      couch,
      db: names.public,
      name: 'public store',
      batchSize: 2000,
      maxRetryMs: 30_000,
      log,
      apply: (rows, lastSeq) => this.inTurn(() => this.apply(rows, lastSeq)),
    });
  }

  async start(): Promise<void> {
    await this.follower.catchUp();
    // No page has read a closed plan yet: none stays in memory.
    await this.inTurn(async () => this.release(0));
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

  /** The plans whose documents are in memory now: the open ones and the closed one read last. */
  get plansHeld(): string[] {
    return [...this.held.keys()];
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

  /** An answer computed once per data version and key (a closed plan may be read for it), kept within a budget of bytes. */
  async remember<T>(key: string, compute: () => Promise<T>, bytesOf: (value: T) => number): Promise<T> {
    const cacheKey = `${this.etag} ${key}`;
    const kept = this.answers.get(cacheKey);
    if (kept) {
      this.answers.delete(cacheKey);
      this.answers.set(cacheKey, kept);
      return kept.value as T;
    }
    const value = await compute();
    // The data may have changed while it was computed: the answer is then of no version kept.
    if (cacheKey !== `${this.etag} ${key}`) return value;
    this.keepAnswer(cacheKey, value, bytesOf(value));
    return value;
  }

  private keepAnswer(cacheKey: string, value: unknown, bytes: number): void {
    this.answers.set(cacheKey, { value, bytes });
    this.answerBytes += bytes;
    for (const [oldest, { bytes: oldBytes }] of this.answers) {
      if (this.answerBytes <= REMEMBERED_BYTES || oldest === cacheKey) break;
      this.answers.delete(oldest);
      this.answerBytes -= oldBytes;
    }
  }

  /**
   * Everything about every plan, with of each closed plan only what the pages about all plans show
   * (its structure, questions and newest activity): for those pages and for the open plans' pages.
   */
  getIndex(): PublicIndex {
    if (!this.index) {
      // A closed plan not in memory whose digest is due is being read (`settlePlans`); it counts once read.
      for (const [planId, plan] of this.closed)
        if (!plan.digest && this.held.has(planId)) plan.digest = this.digestOf(planId);
      this.index = buildIndex(this.openDocs(), this.digestDocs());
    }
    return this.index;
  }

  /** The index that answers a plan's pages exactly: for a closed plan, its documents read if they are not in memory. */
  async indexFor(planId: string | undefined): Promise<PublicIndex> {
    if (planId === undefined || !this.closed.has(planId)) return this.getIndex();
    return this.inTurn(async () => {
      if (!this.closed.has(planId)) return this.getIndex();
      const docs = this.held.get(planId);
      if (docs) {
        // The most recently used last.
        this.held.delete(planId);
        this.held.set(planId, docs);
      } else {
        await this.read(planId);
        this.release();
      }
      let index = this.planIndexes.get(planId);
      if (!index) {
        index = buildIndex(this.planDocs(planId), []);
        this.planIndexes.set(planId, index);
      }
      return index;
    });
  }

  /** The index for a commitment's pages (that of its plan). */
  indexForCommitment(id: string): Promise<PublicIndex> {
    return this.indexFor(this.getIndex().commitments.get(id)?.planId);
  }

  /** A public report by id, from a closed plan's documents if it is one of theirs. */
  async report(id: string): Promise<PublicReport | undefined> {
    const planId =
      [...this.held].find(([, docs]) => docs.has(id))?.[0] ??
      [...this.closed].find(([, plan]) => plan.ids.includes(`\n${id}\n`))?.[0];
    if (!planId) return undefined;
    return (await this.indexFor(planId)).reports.find((r) => r._id === id);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async apply(rows: ChangeRow<PublicDoc>[], lastSeq: string | number): Promise<void> {
    for (const change of rows) {
      this.remove(change.id);
      if (change.deleted || !change.doc) continue;
      const { _rev, ...doc } = change.doc as PublicDoc & { _rev?: string };
      this.put(doc as PublicDoc);
    }
    if (String(lastSeq) === String(this.follower.since)) return;
    await this.settlePlans();
    this.index = null;
    this.planIndexes.clear();
    this.responses.clear();
    this.answers.clear();
    this.answerBytes = 0;
    this.version = createHash('sha1').update(String(lastSeq)).digest('base64url').slice(0, 20);
    this.waiters.wakeAll();
    this.watchers.wakeAll();
  }

  private remove(id: string): void {
    for (const group of this.shared.values()) group.delete(id);
    for (const [planId, docs] of this.held) {
      const plan = this.closed.get(planId);
      if (docs.delete(id) && plan) plan.digest = undefined;
    }
    // A change to a document a digest keeps may change what is newest: the plan is read again.
    for (const plan of this.closed.values()) if (plan.digest?.has(id)) plan.digest = undefined;
  }

  private put(doc: PublicDoc): void {
    if (isShared(doc)) return void mapIn(this.shared, groupOf(doc)).set(doc._id, doc);
    const planId = (doc as Exclude<PublicDoc, PublicPlan | PublicOrganization>).planId;
    const held = this.held.get(planId);
    const closed = this.closed.get(planId);
    if (held) {
      held.set(doc._id, doc);
      if (closed) closed.digest = undefined;
    } else if (closed) {
      closed.ids += `${doc._id}\n`;
      closed.digest?.add(doc);
    } else mapIn(this.held, planId).set(doc._id, doc);
  }

  /** Follows plans that closed or opened again, and reads the closed ones whose digest a change reached. */
  private async settlePlans(): Promise<void> {
    for (const doc of this.shared.get('')?.values() ?? []) {
      if (doc.type !== 'plan') continue;
      if (doc.closed && !this.closed.has(doc._id)) {
        this.closed.set(doc._id, { ids: '\n', digest: undefined });
        // Just closed: its documents, in memory, are the most recently used.
        const docs = this.held.get(doc._id);
        if (docs) {
          this.held.delete(doc._id);
          this.held.set(doc._id, docs);
        }
      } else if (!doc.closed && this.closed.has(doc._id)) {
        if (!this.held.has(doc._id)) await this.read(doc._id);
        this.closed.delete(doc._id);
      }
    }
    for (const [planId, plan] of this.closed) if (!plan.digest && !this.held.has(planId)) await this.read(planId);
    this.release();
  }

  /** Reads a closed plan's documents into memory. */
  private async read(planId: string): Promise<void> {
    const ids = (this.closed.get(planId)?.ids ?? '').split('\n').filter(Boolean);
    const docs = new Map<string, PublicDoc>();
    for (const found of await readByKeys<PublicDoc & { _rev?: string }>(this.db, ids)) {
      const { _rev, ...doc } = found;
      if (!isShared(doc as PublicDoc) && (doc as { planId?: string }).planId === planId)
        docs.set(doc._id, doc as PublicDoc);
    }
    this.held.set(planId, docs);
    this.plansRead++;
  }

  /** Lets go of the closed plans' documents beyond the few read last, keeping their ids and digest. */
  private release(kept = CLOSED_KEPT): void {
    const closedHeld = [...this.held.keys()].filter((planId) => this.closed.has(planId));
    for (const planId of closedHeld.slice(0, Math.max(0, closedHeld.length - kept))) {
      const plan = this.closed.get(planId) as ClosedPlan;
      plan.digest ??= this.digestOf(planId);
      plan.ids = `\n${[...(this.held.get(planId)?.keys() ?? [])].map((id) => `${id}\n`).join('')}`;
      this.held.delete(planId);
      this.planIndexes.delete(planId);
    }
  }

  private digestOf(planId: string): PlanDigest {
    return new PlanDigest(this.held.get(planId)?.values() ?? []);
  }

  /** The shared documents and the open plans' others. */
  private *openDocs(): Iterable<PublicDoc> {
    for (const group of this.shared.values()) yield* group.values();
    for (const [planId, docs] of this.held) if (!this.closed.has(planId)) yield* docs.values();
  }

  private *digestDocs(): Iterable<PublicDoc> {
    for (const plan of this.closed.values()) if (plan.digest) yield* plan.digest.docs();
  }

  /** Everything a closed plan's pages read: plans, organisations, and the plan's own documents. */
  private *planDocs(planId: string): Iterable<PublicDoc> {
    yield* this.shared.get('')?.values() ?? [];
    yield* this.shared.get(planId)?.values() ?? [];
    yield* this.held.get(planId)?.values() ?? [];
  }
}

function mapIn<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The index of `docs`; `newest` (closed plans' digests) only count in the lists of every report, review and assessment. */
function buildIndex(docs: Iterable<PublicDoc>, newest: Iterable<PublicDoc>): PublicIndex {
  const index = emptyIndex();
  for (const doc of docs) fileDoc(index, doc);
  for (const doc of newest) {
    if (doc.type === 'progressReport') index.reports.push(doc);
    else if (doc.type === 'review') index.reviews.push(doc);
    else if (doc.type === 'assessment') index.assessments.push(doc);
  }
  sortIndex(index);
  return index;
}

/** An index with nothing in it yet. */
function emptyIndex(): PublicIndex {
  return {
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
}

/** Puts a document in the lists and maps of its type. */
function fileDoc(index: PublicIndex, doc: PublicDoc): void {
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

/** Plans newest first, commitments and key actions by number, what is dated by date, questions by publication. */
function sortIndex(index: PublicIndex): void {
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
}
