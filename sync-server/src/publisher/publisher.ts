import { isoDay, type Organization, type Plan, type WorkspaceDoc } from '../../../shared/src/index.js';
import type { PublicDoc } from '../../../shared/src/public.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import type { DbNames } from '../config.js';
import { type ChangeRow, ChangesFollower } from '../couch/changes-follower.js';
import {
  bulkWrites,
  type Couch,
  type Db,
  docsByKeys,
  documentPages,
  fetchChanges,
  getOrNull,
  isStatus,
  sameContent,
  useDb,
} from '../couch/client.js';
import { getOrAdd, isKept, LoadedPlan, type Published, planOf, readByKeys } from './plan-state.js';
import {
  type CommitmentFigure,
  commitmentOf,
  evidenceById,
  planAsOf,
  projectCommitments,
  projectOrganization,
  projectPlanLevel,
  referencedEvidence,
} from './project.js';

export const CHECKPOINT_ID = '_local/tablero-publisher';
const BATCH = 1000;
/**
 * The closed plans a batch reached are kept while the batches after reach them too (an import's),
 * and let go at the first batch of changes that does not, or once the feed was quiet this long: a
 * quiet publisher holds none.
 */
const QUIET_MS = 5000;

type Log = (message: string) => void;

/** What a batch of changes asks to recompute: organisations, and per plan all of it or some commitments. */
interface Dirty {
  organizations: Set<string>;
  plans: Map<string, Set<string> | 'all'>;
}

/**
 * Follows the workspace's changes feed and keeps the public database equal to the projection
 * of what is published. It holds the open plans in memory, and of the others only which plan each
 * document belongs to: a closed plan is read from the store when a change reaches it, and let go
 * after, so the server's memory follows what is active, not the years of history. It recomputes
 * only the commitments a batch touched (and the plan's own document, from the figures it keeps of
 * the others), writes only what differs, and saves its checkpoint after each batch, so a restart
 * resumes where it stopped and an interrupted batch is simply done again.
 */
export class Publisher {
  private readonly workspace: Db;
  private readonly publicDb: Db;
  /** The plan of every workspace document that has one. */
  private readonly where = new Map<string, string>();
  /** Public documents of a plan with no workspace document left (removed while no publisher ran). */
  private readonly orphans = new Map<string, Set<string>>();
  private readonly loaded = new Map<string, LoadedPlan>();
  /** When a batch last reached each closed plan held. */
  private readonly reachedAt = new Map<string, number>();
  /** Lets go of the closed plans once the feed is quiet (the embedded store's long-poll never ends empty). */
  private quietTimer: NodeJS.Timeout | undefined;
  private applying = false;
  private readonly organizations = new Map<string, Organization>();
  private readonly publishedOrganizations = new Map<string, Published>();
  readonly refusals = new Map<string, DocumentRefusal>();
  private follower: ChangesFollower<WorkspaceDoc> | undefined;
  private running = false;
  /** When the last read of the feed left nothing to publish (for /api/health's lag). */
  caughtUpAt: number | undefined;
  private day = isoDay();
  stats = { changes: 0, publicWrites: 0, batches: 0, plansRead: 0 };

  constructor(
    private readonly couch: Couch,
    private readonly names: DbNames,
    private readonly log: Log = console.log,
    private readonly today: () => string = () => isoDay(),
  ) {
    this.workspace = useDb(couch, names.workspace);
    this.publicDb = useDb(couch, names.public);
  }

  /** Reads where everything is, publishes what changed, and follows the feed; again after a stop. */
  async start(): Promise<void> {
    this.where.clear();
    this.orphans.clear();
    this.loaded.clear();
    this.reachedAt.clear();
    this.organizations.clear();
    this.publishedOrganizations.clear();
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
    await this.readWorkspace();
    const anyPublished = await this.readPublic();
    if (checkpoint && anyPublished) {
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

  /** Where every workspace document is, a page at a time; the open plans' documents are kept. */
  private async readWorkspace(): Promise<void> {
    const open = new Set<string>();
    for await (const page of documentPages<Plan>(this.workspace, { startkey: 'plan:', endkey: 'plan:\uffff' }))
      for (const { doc } of page) if (doc.type === 'plan' && !doc.closed) open.add(doc._id);
    for await (const page of documentPages<WorkspaceDoc>(this.workspace)) {
      for (const { id, doc: workspaceDoc } of page) {
        if (id.startsWith('_design/')) continue;
        if (workspaceDoc.type === 'organization') this.organizations.set(id, workspaceDoc);
        const planId = planOf(workspaceDoc);
        if (!planId) continue;
        this.where.set(id, planId);
        if (open.has(planId)) this.plan(planId).put(id, workspaceDoc);
      }
    }
  }

  /** The open plans' public documents and the organisations', a page at a time; says whether there are any. */
  private async readPublic(): Promise<boolean> {
    let any = false;
    for await (const page of documentPages<Published>(this.publicDb)) {
      for (const { id, doc: publicDoc } of page) {
        if (id.startsWith('_design/')) continue;
        any = true;
        if (publicDoc.type === 'organization') {
          this.publishedOrganizations.set(id, publicDoc);
          continue;
        }
        const planId = publicDoc.type === 'plan' ? id : publicDoc.planId;
        if (this.where.get(id) !== planId) getOrAdd(this.orphans, planId).add(id);
        this.loaded.get(planId)?.published.set(id, publicDoc);
      }
    }
    return any;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.quietTimer);
    await this.follower?.stop();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The plans whose documents are in memory now: the open ones, and the closed one a change last reached. */
  get plansHeld(): string[] {
    return [...this.loaded.keys()];
  }

  /** Resolves once every change made before the call is public (at once when stopped). */
  async settled(): Promise<void> {
    // A stopped publisher publishes nothing more: waiting for it would never end.
    if (this.running) await this.follower?.catchUp();
  }

  /** The plan held in memory, an empty one if none is (its documents are then read with `load`). */
  private plan(planId: string): LoadedPlan {
    let plan = this.loaded.get(planId);
    if (!plan) {
      plan = new LoadedPlan(planId);
      this.loaded.set(planId, plan);
    }
    return plan;
  }

  /** A plan with its workspace and public documents, read from the store unless held already. */
  private async load(planId: string): Promise<LoadedPlan> {
    const held = this.loaded.get(planId);
    if (held) return held;
    const plan = this.plan(planId);
    const ids: string[] = [];
    for (const [id, of] of this.where) if (of === planId) ids.push(id);
    const [docs, published] = await Promise.all([
      readByKeys<WorkspaceDoc>(this.workspace, ids),
      readByKeys<Published>(this.publicDb, [...ids, ...(this.orphans.get(planId) ?? [])]),
    ]);
    for (const doc of docs) plan.put(doc._id, doc);
    for (const doc of published) plan.published.set(doc._id, doc);
    this.stats.plansRead++;
    return plan;
  }

  /**
   * Lets go of the closed plans a batch of changes did not reach; the open ones stay. An empty batch
   * (a barrier's read beside the follow loop's, or the end of a quiet wait) lets go only of those
   * no batch reached for a while, so an import read in pieces does not read its plan again each time.
   */
  private release(reached: ReadonlySet<string>, empty: boolean): void {
    const now = Date.now();
    for (const planId of reached) this.reachedAt.set(planId, now);
    for (const plan of [...this.loaded.values()]) {
      if (isKept(plan) || reached.has(plan.id)) continue;
      if (empty && now - (this.reachedAt.get(plan.id) ?? 0) < QUIET_MS) continue;
      this.loaded.delete(plan.id);
      this.reachedAt.delete(plan.id);
    }
  }

  private async applyBatch(rows: ChangeRow<WorkspaceDoc>[], lastSeq: string | number): Promise<void> {
    this.applying = true;
    try {
      await this.applyChanges(rows, lastSeq);
    } finally {
      this.applying = false;
      this.releaseWhenQuiet();
    }
  }

  /** After `QUIET_MS` without a batch, lets go of the closed plans held (never during a batch). */
  private releaseWhenQuiet(): void {
    clearTimeout(this.quietTimer);
    if ([...this.loaded.values()].every(isKept)) return;
    this.quietTimer = setTimeout(() => {
      if (!this.applying) this.release(new Set(), true);
    }, QUIET_MS);
    this.quietTimer.unref();
  }

  private async applyChanges(rows: ChangeRow<WorkspaceDoc>[], lastSeq: string | number): Promise<void> {
    const dirty: Dirty = { organizations: new Set(), plans: new Map() };
    // The plans the batch reaches are read before it is applied, so a change finds its plan's earlier version.
    const reached = new Set<string>();
    for (const change of rows) {
      const planId = (change.doc && !change.deleted ? planOf(change.doc) : undefined) ?? this.where.get(change.id);
      const before = this.where.get(change.id);
      if (planId) reached.add(planId);
      if (before) reached.add(before);
    }
    const read: string[] = [];
    for (const planId of reached) if (!this.loaded.has(planId) && (await this.load(planId))) read.push(planId);
    for (const change of rows) this.apply(change, dirty);
    // A plan read now is as the store has it, this batch's changes included: it is recomputed whole.
    for (const planId of read) dirty.plans.set(planId, 'all');
    if (this.day !== this.today()) {
      this.day = this.today();
      // A closed plan's figures are those of its closing day: only the open ones change with the date.
      for (const plan of this.loaded.values()) if (isKept(plan)) dirty.plans.set(plan.id, 'all');
    }
    if (dirty.organizations.size || dirty.plans.size) await this.publish(dirty);
    this.release(reached, rows.length === 0);
    // Also past changes it skips (design documents), so /api/health measures what is left.
    if (String(lastSeq) !== String(this.checkpointSeq)) await this.saveCheckpoint(lastSeq);
    if (rows.length < BATCH) this.caughtUpAt = Date.now();
  }

  private apply(change: ChangeRow<WorkspaceDoc>, dirty: Dirty): void {
    const after = change.deleted || !change.doc ? undefined : change.doc;
    if (after?.type === 'organization' || this.organizations.has(change.id)) {
      if (after?.type === 'organization') this.organizations.set(change.id, after);
      else this.organizations.delete(change.id);
      dirty.organizations.add(change.id);
    }
    const beforePlan = this.where.get(change.id);
    if (beforePlan) {
      const plan = this.loaded.get(beforePlan);
      const before = plan?.docs.get(change.id);
      if (before) this.markDirty(before, dirty);
      plan?.put(change.id, undefined);
      this.where.delete(change.id);
    }
    const afterPlan = after ? planOf(after) : undefined;
    if (after && afterPlan) {
      this.where.set(change.id, afterPlan);
      this.plan(afterPlan).put(change.id, after);
      this.markDirty(after, dirty);
    }
    this.stats.changes++;
  }

  private markDirty(doc: WorkspaceDoc, dirty: Dirty): void {
    if (doc.type === 'organization') return;
    if (doc.type === 'plan') {
      dirty.plans.set(doc._id, 'all');
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
    if (doc.type === 'evidence') {
      const plan = this.loaded.get(doc.planId);
      for (const userId of plan?.evidenceUsers.get(doc._id) ?? []) {
        const user = plan?.docs.get(userId);
        if (user) touch(commitmentOf(user));
      }
    }
  }

  /** Everything there is, for the first publication. */
  private everything(): Dirty {
    const all: Dirty = { organizations: new Set(this.organizations.keys()), plans: new Map() };
    for (const planId of new Set([...this.where.values(), ...this.orphans.keys()])) all.plans.set(planId, 'all');
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
    const writes: Record<string, unknown>[] = [];
    const wantedOrganizations = new Map<string, PublicDoc>();
    for (const id of dirty.organizations) {
      const org = this.organizations.get(id);
      if (org) wantedOrganizations.set(id, projectOrganization(org));
    }
    this.difference(
      wantedOrganizations,
      this.publishedOrganizations,
      (doc) => dirty.organizations.has(doc._id),
      writes,
    );
    for (const [planId, scope] of dirty.plans) {
      const plan = await this.load(planId);
      const wanted = new Map<string, PublicDoc>();
      const recomputed = this.publishPlan(plan, scope, wanted);
      const inRecomputedPart = (doc: PublicDoc): boolean => {
        const commitmentId = commitmentOf(doc);
        return recomputed === 'all' || !commitmentId || recomputed.has(commitmentId);
      };
      this.difference(wanted, plan.published, inRecomputedPart, writes);
    }
    await this.write(writes);
  }

  /** Adds to `writes` what differs between `wanted` and `published`, and the deletions of the part recomputed. */
  private difference(
    wanted: Map<string, PublicDoc>,
    published: Map<string, Published>,
    inRecomputedPart: (doc: PublicDoc) => boolean,
    writes: Record<string, unknown>[],
  ): void {
    for (const doc of wanted.values()) {
      const current = published.get(doc._id);
      if (!current || !sameContent(current, doc))
        writes.push({ ...doc, ...(current?._rev ? { _rev: current._rev } : {}) });
    }
    for (const [id, current] of published)
      if (!wanted.has(id) && inRecomputedPart(current)) writes.push({ _id: id, _rev: current._rev, _deleted: true });
  }

  /** Projects a plan's dirty commitments and its own documents into `wanted`; says which commitments it recomputed. */
  private publishPlan(
    loaded: LoadedPlan,
    scope: Set<string> | 'all',
    wanted: Map<string, PublicDoc>,
  ): Set<string> | 'all' {
    const plan = loaded.plan;
    if (!plan) {
      loaded.figures = undefined;
      return 'all';
    }
    const kept = loaded.figures;
    const whole = scope === 'all' || !kept;
    const figures = whole ? new Map<string, CommitmentFigure>() : kept;
    loaded.figures = figures;
    const commitmentIds = whole ? [...loaded.byCommitment.keys()] : [...scope];
    const docsOf = (ids: Iterable<string>) =>
      [...ids].flatMap((id) => {
        const doc = loaded.docs.get(id);
        return doc ? [doc] : [];
      });
    const commitmentDocs = commitmentIds.flatMap((id) => docsOf(loaded.byCommitment.get(id) ?? []));
    const planDocs = docsOf(loaded.planLevel);
    const asOf = planAsOf(plan, this.today());
    const commitments = projectCommitments(plan, commitmentDocs, evidenceById(planDocs), asOf);
    for (const id of commitmentIds) {
      const figure = commitments.figures.get(id);
      if (figure) figures.set(id, figure);
      else figures.delete(id);
    }
    // Evidence stays public while any public report or assessment points to it, recomputed here or not.
    const evidenceIds = referencedEvidence(commitments.docs);
    if (!whole) {
      const recomputedHere = new Set(commitmentIds);
      for (const doc of loaded.published.values()) {
        const commitmentId = commitmentOf(doc);
        if (commitmentId && !recomputedHere.has(commitmentId)) referencedEvidence([doc], evidenceIds);
      }
    }
    const level = projectPlanLevel(plan, planDocs, [...figures], evidenceIds, asOf);
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

  /** Keeps a public document as stored (with its revision), or forgets it once deleted. */
  private remember(doc: PublicDoc, rev: string | undefined, deleted = rev === undefined): void {
    if (deleted) {
      // A deletion carries only its id: it is forgotten wherever it was held (the plans held are few).
      this.publishedOrganizations.delete(doc._id);
      for (const plan of this.loaded.values()) plan.published.delete(doc._id);
      for (const ids of this.orphans.values()) ids.delete(doc._id);
      return;
    }
    const planId = doc.type === 'organization' ? undefined : doc.type === 'plan' ? doc._id : doc.planId;
    const published = planId ? this.loaded.get(planId)?.published : this.publishedOrganizations;
    published?.set(doc._id, { ...doc, _rev: rev });
  }

  private async write(writes: Record<string, unknown>[], retry = true): Promise<void> {
    const conflicts: Record<string, unknown>[] = [];
    for await (const group of bulkWrites(this.publicDb, writes)) {
      // bulkWrites writes through useDb, which tells the public store's follower of these (known-writes).
      const byId = new Map(
        group.docs.map((doc) => [doc._id as string, doc as unknown as PublicDoc & { _deleted?: boolean }]),
      );
      for (const result of group.results) {
        const doc = byId.get(result.id);
        if (doc && result.error === 'conflict' && retry) conflicts.push(doc as unknown as Record<string, unknown>);
        else if (result.error || !doc)
          throw new Error(`writing ${result.id} to the public database: ${result.error} ${result.reason ?? ''}`);
        else this.remember(doc, doc._deleted ? undefined : (result.rev as string));
      }
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
    const revs = await docsByKeys<PublicDoc>(this.publicDb, ids);
    const again: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const stored = revs.get(doc._id as string);
      this.remember(stored ?? (doc as unknown as PublicDoc), stored?._rev, stored === undefined);
      const { _rev, ...wanted } = doc;
      if (wanted._deleted ? !stored : stored && sameContent(stored, wanted)) continue;
      again.push({ ...wanted, ...(stored ? { _rev: stored._rev } : {}) });
    }
    await this.write(again, false);
  }
}
