import { isoDay, type Plan, type WorkspaceDoc } from '../../../shared/src/index.js';
import type { PublicDoc } from '../../../shared/src/public.js';
import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { syncWorkspaceRules } from '../bootstrap/design-docs.js';
import type { DbNames } from '../config.js';
import { type ChangeRow, ChangesFollower } from '../couch/changes-follower.js';
import { type Couch, type Db, fetchChanges, getOrNull, sameContent, useDb } from '../couch/client.js';
import { type Projection, projectOrganization, projectPlan } from './project.js';

export const CHECKPOINT_ID = '_local/tablero-publisher';
const BATCH = 1000;
const CHUNK = 1000;

type Log = (message: string) => void;

/**
 * Follows the workspace's changes feed and keeps the public database equal to the projection
 * of what is published. It holds the workspace in memory (an action plan is thousands of
 * documents, not millions), recomputes only the plans a batch touched, writes only what differs,
 * and saves its checkpoint after each batch, so a restart resumes where it stopped and an
 * interrupted batch is simply done again.
 */
export class Publisher {
  private readonly workspace: Db;
  private readonly publicDb: Db;
  private readonly state = new Map<string, WorkspaceDoc>();
  private readonly published = new Map<string, PublicDoc & { _rev?: string }>();
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
    // The sequence is read first, so nothing written while the state loads is skipped.
    const now = (await fetchChanges(this.couch, this.names.workspace, { since: 'now' })).last_seq;
    const [workspaceRows, publicRows] = await Promise.all([
      this.workspace.list({ include_docs: true }),
      this.publicDb.list({ include_docs: true }),
    ]);
    for (const row of workspaceRows.rows)
      if (row.doc && !row.id.startsWith('_design/')) this.state.set(row.id, row.doc as unknown as WorkspaceDoc);
    for (const row of publicRows.rows)
      if (row.doc && !row.id.startsWith('_design/')) this.published.set(row.id, row.doc as unknown as PublicDoc);
    if (checkpoint && this.published.size > 0) {
      // Only the plans changed since the checkpoint need recomputing.
      follower.since = checkpoint.seq;
      this.checkpointSeq = checkpoint.seq;
      await follower.catchUp();
    } else {
      follower.since = now;
      await this.publish('all');
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
    const dirty = new Set<string>();
    for (const change of rows) this.apply(change, dirty);
    if (this.day !== this.today()) {
      this.day = this.today();
      for (const doc of this.state.values()) if (doc.type === 'plan') dirty.add(doc._id);
    }
    if (dirty.size) await this.publish(dirty);
    // Also past changes it skips (design documents), so /api/health measures what is left.
    if (String(lastSeq) !== String(this.checkpointSeq)) await this.saveCheckpoint(lastSeq);
    if (rows.length < BATCH) this.caughtUpAt = Date.now();
  }

  private apply(change: ChangeRow<WorkspaceDoc>, dirty: Set<string>): void {
    const before = this.state.get(change.id);
    if (change.deleted || !change.doc) this.state.delete(change.id);
    else this.state.set(change.id, change.doc);
    for (const doc of [before, change.doc]) {
      if (!doc) continue;
      if (doc.type === 'organization') dirty.add(doc._id);
      else if (doc.type === 'plan') {
        dirty.add(doc._id);
        this.planChanged = true;
      } else if ('planId' in doc && doc.planId) dirty.add(doc.planId);
    }
    this.stats.changes++;
  }

  private checkpointSeq: string | number | undefined;

  private async saveCheckpoint(seq: string | number): Promise<void> {
    this.checkpointSeq = seq;
    const current = await getOrNull<{ seq: unknown }>(this.workspace, CHECKPOINT_ID);
    await this.workspace.insert({
      _id: CHECKPOINT_ID,
      ...(current ? { _rev: current._rev } : {}),
      seq,
      at: Date.now(),
    });
  }

  /** Recomputes the dirty plans (or all) and writes the difference to the public database. */
  private async publish(dirty: Set<string> | 'all'): Promise<void> {
    this.stats.batches++;
    const wanted = new Map<string, PublicDoc>();
    const owners = new Set<string>();
    const docsByPlan = new Map<string, WorkspaceDoc[]>();
    for (const doc of this.state.values()) {
      if (doc.type === 'organization' && (dirty === 'all' || dirty.has(doc._id)))
        wanted.set(doc._id, projectOrganization(doc));
      const planId = doc.type === 'plan' ? doc._id : 'planId' in doc ? doc.planId : undefined;
      if (planId && (dirty === 'all' || dirty.has(planId))) {
        const list = docsByPlan.get(planId);
        if (list) list.push(doc);
        else docsByPlan.set(planId, [doc]);
      }
    }
    for (const [planId, docs] of docsByPlan) {
      const plan = this.state.get(planId);
      if (plan?.type !== 'plan') continue;
      owners.add(planId);
      const projection: Projection = projectPlan(plan as Plan, docs, this.today());
      for (const doc of projection.docs) wanted.set(doc._id, doc);
      const before = new Map(this.refusals);
      for (const doc of docs) this.refusals.delete(doc._id);
      for (const refusal of projection.refusals) {
        this.refusals.set(refusal.id, refusal);
        if (before.get(refusal.id)?.reason !== refusal.reason)
          this.log(`publisher: refused ${refusal.id}: ${refusal.reason}`);
      }
    }
    const writes: Record<string, unknown>[] = [];
    for (const doc of wanted.values()) {
      const current = this.published.get(doc._id);
      if (!current || !sameContent(current, doc))
        writes.push({ ...doc, ...(current?._rev ? { _rev: current._rev } : {}) });
    }
    // Public documents of a recomputed plan (or a removed organisation) that the projection no longer has.
    for (const [id, current] of this.published) {
      if (wanted.has(id)) continue;
      const owner =
        current.type === 'organization' ? id : current.type === 'plan' ? id : (current as { planId?: string }).planId;
      const stale =
        dirty === 'all' || (owner !== undefined && dirty.has(owner) && (owners.has(owner) || !this.state.has(owner)));
      if (stale && !(current.type === 'organization' && this.state.has(id)))
        writes.push({ _id: id, _rev: current._rev, _deleted: true });
    }
    await this.write(writes);
    if (this.planChanged) {
      this.planChanged = false;
      await syncWorkspaceRules(this.couch, this.names);
    }
  }

  private async write(writes: Record<string, unknown>[], retry = true): Promise<void> {
    const conflicts: Record<string, unknown>[] = [];
    for (let i = 0; i < writes.length; i += CHUNK) {
      const chunk = writes.slice(i, i + CHUNK);
      const results = await this.publicDb.bulk({ docs: chunk });
      const byId = new Map(
        chunk.map((doc) => [doc._id as string, doc as unknown as PublicDoc & { _deleted?: boolean }]),
      );
      for (const result of results) {
        const doc = byId.get(result.id);
        if (doc && result.error === 'conflict' && retry) conflicts.push(doc as unknown as Record<string, unknown>);
        else if (result.error || !doc)
          throw new Error(`writing ${result.id} to the public database: ${result.error} ${result.reason ?? ''}`);
        else if (doc._deleted) this.published.delete(doc._id);
        else this.published.set(doc._id, { ...doc, _rev: result.rev as string });
      }
      this.stats.publicWrites += chunk.length;
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
