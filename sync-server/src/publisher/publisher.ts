import { isoDay, type Plan, type WorkspaceDoc } from '../../../shared/src/index.js';
import type { PublicDoc } from '../../../shared/src/public.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { syncWorkspaceRules } from '../bootstrap/design-docs.js';
import type { DbNames } from '../config.js';
import { type ChangeRow, ChangesFollower } from '../couch/changes-follower.js';
import {
  allDocuments,
  bulkWrites,
  type Couch,
  type Db,
  fetchChanges,
  getOrNull,
  isStatus,
  sameContent,
  useDb,
} from '../couch/client.js';
import { wrote } from '../couch/known-writes.js';
import {
  type CommitmentFigure,
  commitmentOf,
  evidenceById,
  evidenceIdsOf,
  planAsOf,
  projectCommitments,
  projectOrganization,
  projectPlanLevel,
  referencedEvidence,
} from './project.js';

export const CHECKPOINT_ID = '_local/tablero-publisher';
const BATCH = 1000;

type Log = (message: string) => void;

/** What a batch of changes asks to recompute: organisations, and per plan all of it or some commitments. */
interface Dirty {
  organizations: Set<string>;
  plans: Map<string, Set<string> | 'all'>;
}

/** Where each workspace document of a plan is projected: with one of its commitments, or with the plan. */
interface PlanIndex {
  byCommitment: Map<string, Set<string>>;
  planLevel: Set<string>;
}

/**
 * Follows the workspace's changes feed and keeps the public database equal to the projection
 * of what is published. It holds the workspace in memory (an action plan is thousands of
 * documents, not millions), recomputes only the commitments a batch touched (and the plan's own
 * document, from the figures it keeps of the others), writes only what differs, and saves its
 * checkpoint after each batch, so a restart resumes where it stopped and an interrupted batch is
 * simply done again.
 */
export class Publisher {
  private readonly workspace: Db;
  private readonly publicDb: Db;
  private readonly state = new Map<string, WorkspaceDoc>();
  private readonly published = new Map<string, PublicDoc & { _rev?: string }>();
  private readonly plans = new Map<string, PlanIndex>();
  /** The reports and assessments that point to each evidence document: a change to the evidence changes them. */
  private readonly evidenceUsers = new Map<string, Set<string>>();
  /** Each plan's commitments' figures from their last projection; a plan without them is recomputed whole. */
  private readonly figures = new Map<string, Map<string, CommitmentFigure>>();
  readonly refusals = new Map<string, DocumentRefusal>();
  private follower: ChangesFollower<WorkspaceDoc> | undefined;
  private running = false;
  /** When the last read of the feed left nothing to publish (for /api/health's lag). */
  caughtUpAt: number | undefined;
  private day = isoDay();
  /** A plan document changed: the write rules (review, closed plans) may need rebuilding. */
  private planChanged = true;
  stats = { changes: 0, publicWrites: 0, batches: 0 };

  constructor(
    private readonly couch: Couch,
    private readonly names: DbNames,
    private readonly log: Log = console.log,
    private readonly today: () => string = () => isoDay(),
  ) {
    this.workspace = useDb(couch, names.workspace);
    this.publicDb = useDb(couch, names.public);
  }

  /** Loads the workspace and the public database, publishes what changed, and follows the feed; again after a stop. */
  async start(): Promise<void> {
    this.state.clear();
    this.published.clear();
    this.plans.clear();
    this.evidenceUsers.clear();
    this.figures.clear();
    const follower = new ChangesFollower<WorkspaceDoc>({
      couch: this.couch,
      db: this.names.workspace,
      name: 'publisher',
      batchSize: BATCH,
      log: this.log,
      apply: (rows, lastSeq) => this.applyBatch(rows, lastSeq),
    });
    this.follower = follower;
    const checkpoint = await getOrNull<{ seq: string | number }>(this.workspace, CHECKPOINT_ID);
    this.checkpointRev = checkpoint?._rev;
    // The sequence is read first, so nothing written while the state loads is skipped.
    const now = (await fetchChanges(this.couch, this.names.workspace, { since: 'now' })).last_seq;
    const [workspaceDocs, publicDocs] = await Promise.all([
      allDocuments<WorkspaceDoc>(this.workspace),
      allDocuments<PublicDoc>(this.publicDb),
    ]);
    for (const doc of workspaceDocs) {
      this.state.set(doc._id, doc);
      this.index(doc, true);
    }
    for (const doc of publicDocs) this.published.set(doc._id, doc);
    if (checkpoint && this.published.size > 0) {
      // Only the plans changed since the checkpoint need recomputing.
      follower.since = checkpoint.seq;
      this.checkpointSeq = checkpoint.seq;
      await follower.catchUp();
    } else {
      follower.since = now;
      await this.publish(this.everything());
      await this.saveCheckpoint(now);
      this.caughtUpAt = Date.now();
    }
    this.running = true;
    follower.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.follower?.stop();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Resolves once every change made before the call is public (at once when stopped). */
  async settled(): Promise<void> {
    // A stopped publisher publishes nothing more: waiting for it would never end.
    if (this.running) await this.follower?.catchUp();
  }

  private async applyBatch(rows: ChangeRow<WorkspaceDoc>[], lastSeq: string | number): Promise<void> {
    const dirty: Dirty = { organizations: new Set(), plans: new Map() };
    for (const change of rows) this.apply(change, dirty);
    if (this.day !== this.today()) {
      this.day = this.today();
      for (const planId of this.plans.keys()) dirty.plans.set(planId, 'all');
    }
    if (dirty.organizations.size || dirty.plans.size) await this.publish(dirty);
    // Also past changes it skips (design documents), so /api/health measures what is left.
    if (String(lastSeq) !== String(this.checkpointSeq)) await this.saveCheckpoint(lastSeq);
    if (rows.length < BATCH) this.caughtUpAt = Date.now();
  }

  private apply(change: ChangeRow<WorkspaceDoc>, dirty: Dirty): void {
    const before = this.state.get(change.id);
    const after = change.deleted || !change.doc ? undefined : change.doc;
    if (before) {
      this.markDirty(before, dirty);
      this.index(before, false);
    }
    if (after) {
      this.state.set(change.id, after);
      this.index(after, true);
      this.markDirty(after, dirty);
    } else this.state.delete(change.id);
    this.stats.changes++;
  }

  /** Adds a document to (or removes it from) its plan's index and the evidence it points to. */
  private index(doc: WorkspaceDoc, add: boolean): void {
    const planId = doc.type === 'plan' ? doc._id : 'planId' in doc ? doc.planId : undefined;
    if (!planId) return;
    let plan = this.plans.get(planId);
    if (!plan) {
      plan = { byCommitment: new Map(), planLevel: new Set() };
      this.plans.set(planId, plan);
    }
    const commitmentId = commitmentOf(doc);
    const group = commitmentId
      ? getOrAdd(plan.byCommitment, commitmentId)
      : doc.type === 'plan'
        ? undefined
        : plan.planLevel;
    if (add) group?.add(doc._id);
    else group?.delete(doc._id);
    for (const evidenceId of evidenceIdsOf(doc)) {
      if (add) getOrAdd(this.evidenceUsers, evidenceId).add(doc._id);
      else this.evidenceUsers.get(evidenceId)?.delete(doc._id);
    }
  }

  private markDirty(doc: WorkspaceDoc, dirty: Dirty): void {
    if (doc.type === 'organization') {
      dirty.organizations.add(doc._id);
      return;
    }
    if (doc.type === 'plan') {
      dirty.plans.set(doc._id, 'all');
      this.planChanged = true;
      return;
    }
    const touch = (commitmentId?: string) => {
      const current = dirty.plans.get(doc.planId);
      if (current === 'all') return;
      const set = current ?? new Set<string>();
      if (commitmentId) set.add(commitmentId);
      dirty.plans.set(doc.planId, set);
    };
    touch(commitmentOf(doc));
    // Reports and assessments show only their published evidence: a change to evidence changes those that point to it.
    if (doc.type === 'evidence')
      for (const userId of this.evidenceUsers.get(doc._id) ?? []) {
        const user = this.state.get(userId);
        if (user) touch(commitmentOf(user));
      }
  }

  /** Everything there is, for the first publication. */
  private everything(): Dirty {
    const all: Dirty = { organizations: new Set(), plans: new Map() };
    for (const doc of this.state.values()) if (doc.type === 'organization') all.organizations.add(doc._id);
    for (const planId of this.plans.keys()) all.plans.set(planId, 'all');
    return all;
  }

  private checkpointSeq: string | number | undefined;
  /** The checkpoint's revision as this publisher last wrote it, so a batch costs one write, not a read and a write. */
  private checkpointRev: string | undefined;

  private async saveCheckpoint(seq: string | number): Promise<void> {
    this.checkpointSeq = seq;
    const write = async (rev: string | undefined) => {
      this.checkpointRev = (
        await this.workspace.insert({ _id: CHECKPOINT_ID, ...(rev ? { _rev: rev } : {}), seq, at: Date.now() })
      ).rev;
    };
    try {
      await write(this.checkpointRev);
    } catch (error) {
      // Someone else wrote it since (the previous lease holder finishing a batch, a restore).
      if (!isStatus(error, 409)) throw error;
      await write((await getOrNull(this.workspace, CHECKPOINT_ID))?._rev);
    }
  }

  /**
   * Recomputes what `dirty` names and writes the difference to the public database: public
   * documents of a recomputed part that its projection no longer has are deleted.
   */
  private async publish(dirty: Dirty): Promise<void> {
    this.stats.batches++;
    const wanted = new Map<string, PublicDoc>();
    for (const id of dirty.organizations) {
      const org = this.state.get(id);
      if (org?.type === 'organization') wanted.set(id, projectOrganization(org));
    }
    /** Per recomputed plan, the commitments recomputed ('all': the whole plan). */
    const recomputed = new Map<string, Set<string> | 'all'>();
    for (const [planId, scope] of dirty.plans) recomputed.set(planId, this.publishPlan(planId, scope, wanted));

    const inRecomputedPart = (doc: PublicDoc): boolean => {
      if (doc.type === 'organization') return dirty.organizations.has(doc._id);
      const planId = doc.type === 'plan' ? doc._id : doc.planId;
      const scope = recomputed.get(planId);
      if (!scope) return false;
      const commitmentId = commitmentOf(doc);
      return scope === 'all' || !commitmentId || scope.has(commitmentId);
    };
    const writes: Record<string, unknown>[] = [];
    for (const doc of wanted.values()) {
      const current = this.published.get(doc._id);
      if (!current || !sameContent(current, doc))
        writes.push({ ...doc, ...(current?._rev ? { _rev: current._rev } : {}) });
    }
    for (const [id, current] of this.published)
      if (!wanted.has(id) && inRecomputedPart(current)) writes.push({ _id: id, _rev: current._rev, _deleted: true });
    await this.write(writes);
    if (this.planChanged) {
      this.planChanged = false;
      await syncWorkspaceRules(this.couch, this.names);
    }
  }

  /** Projects a plan's dirty commitments and its own documents into `wanted`; says which commitments it recomputed. */
  private publishPlan(planId: string, scope: Set<string> | 'all', wanted: Map<string, PublicDoc>): Set<string> | 'all' {
    const plan = this.state.get(planId);
    const index = this.plans.get(planId);
    if (plan?.type !== 'plan' || !index) {
      this.figures.delete(planId);
      return 'all';
    }
    const kept = this.figures.get(planId);
    const whole = scope === 'all' || !kept;
    const figures = whole ? new Map<string, CommitmentFigure>() : kept;
    this.figures.set(planId, figures);
    const commitmentIds = whole ? [...index.byCommitment.keys()] : [...scope];
    const docsOf = (ids: Iterable<string>) =>
      [...ids].flatMap((id) => {
        const doc = this.state.get(id);
        return doc ? [doc] : [];
      });
    const commitmentDocs = commitmentIds.flatMap((id) => docsOf(index.byCommitment.get(id) ?? []));
    const planDocs = docsOf(index.planLevel);
    const asOf = planAsOf(plan as Plan, this.today());
    const commitments = projectCommitments(plan as Plan, commitmentDocs, evidenceById(planDocs), asOf);
    for (const id of commitmentIds) {
      const figure = commitments.figures.get(id);
      if (figure) figures.set(id, figure);
      else figures.delete(id);
    }
    // Evidence stays public while any public report or assessment points to it, recomputed here or not.
    const evidenceIds = referencedEvidence(commitments.docs);
    if (!whole) {
      const recomputedHere = new Set(commitmentIds);
      for (const doc of this.published.values()) {
        const commitmentId = commitmentOf(doc);
        if (commitmentId && 'planId' in doc && doc.planId === planId && !recomputedHere.has(commitmentId))
          referencedEvidence([doc], evidenceIds);
      }
    }
    const level = projectPlanLevel(plan as Plan, planDocs, [...figures], evidenceIds, asOf);
    for (const doc of [...commitments.docs, ...level.docs]) wanted.set(doc._id, doc);
    this.recordRefusals([...commitmentDocs, ...planDocs], [...commitments.refusals, ...level.refusals]);
    return whole ? 'all' : new Set(commitmentIds);
  }

  /** Replaces the refusals of the documents just projected, logging the new ones. */
  private recordRefusals(projected: readonly WorkspaceDoc[], refusals: readonly DocumentRefusal[]): void {
    const before = new Map(refusals.map((r) => [r.id, this.refusals.get(r.id)]));
    for (const doc of projected) this.refusals.delete(doc._id);
    for (const refusal of refusals) {
      this.refusals.set(refusal.id, refusal);
      if (before.get(refusal.id)?.reason !== refusal.reason)
        this.log(`publisher: refused ${refusal.id}: ${refusal.reason}`);
    }
  }

  private async write(writes: Record<string, unknown>[], retry = true): Promise<void> {
    const conflicts: Record<string, unknown>[] = [];
    for await (const group of bulkWrites(this.publicDb, writes)) {
      const byId = new Map(
        group.docs.map((doc) => [doc._id as string, doc as unknown as PublicDoc & { _deleted?: boolean }]),
      );
      for (const result of group.results) {
        const doc = byId.get(result.id);
        if (doc && result.error === 'conflict' && retry) conflicts.push(doc as unknown as Record<string, unknown>);
        else if (result.error || !doc)
          throw new Error(`writing ${result.id} to the public database: ${result.error} ${result.reason ?? ''}`);
        else if (doc._deleted) this.published.delete(doc._id);
        else this.published.set(doc._id, { ...doc, _rev: result.rev as string });
      }
      // The public store's follower in this process waits for these before it calls itself settled.
      wrote(this.names.public, group.results);
      this.stats.publicWrites += group.docs.length;
    }
    if (conflicts.length) await this.writeOverOthers(conflicts);
  }

  /**
   * Someone else wrote these public documents since this publisher read them: the previous lease
   * holder finishing a batch, or a restore. Their current versions are read, and only what still
   * differs is written again.
   */
  private async writeOverOthers(docs: Record<string, unknown>[]): Promise<void> {
    const ids = docs.map((d) => d._id as string);
    const current = await this.publicDb.fetch({ keys: ids });
    const revs = new Map<string, PublicDoc & { _rev: string }>();
    for (const row of current.rows)
      if ('doc' in row && row.doc) revs.set(row.id, row.doc as unknown as PublicDoc & { _rev: string });
    const again: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const stored = revs.get(doc._id as string);
      if (stored) this.published.set(stored._id, stored);
      else this.published.delete(doc._id as string);
      const { _rev, ...wanted } = doc;
      if (wanted._deleted ? !stored : stored && sameContent(stored, wanted)) continue;
      again.push({ ...wanted, ...(stored ? { _rev: stored._rev } : {}) });
    }
    await this.write(again, false);
  }
}

function getOrAdd<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
