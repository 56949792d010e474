import type { Plan, WorkspaceDoc } from '../../../shared/src/index.js';
import type { PublicDoc } from '../../../shared/src/public.js';
import { type Db, docsByKeys } from '../couch/client.js';
import { type CommitmentFigure, commitmentOf, evidenceIdsOf } from './project.js';

/** A public document as the publisher last wrote or read it, with the revision to write over. */
export type Published = PublicDoc & { _rev?: string };

/**
 * One plan as the publisher holds it while it is open or being published: its workspace documents,
 * their public versions, where each is projected, and the commitments' figures of the last batch.
 */
export class LoadedPlan {
  readonly docs = new Map<string, WorkspaceDoc>();
  readonly published = new Map<string, Published>();
  /** The plan's workspace documents projected with each commitment. */
  readonly byCommitment = new Map<string, Set<string>>();
  /** The plan's workspace documents projected with the plan itself (evidence, reviews, meetings…). */
  readonly planLevel = new Set<string>();
  /** The reports and assessments that point to each evidence document: a change to the evidence changes them. */
  readonly evidenceUsers = new Map<string, Set<string>>();
  /** The commitments' figures from their last projection; without them the plan is recomputed whole. */
  figures: Map<string, CommitmentFigure> | undefined;

  constructor(readonly id: string) {}

  get plan(): Plan | undefined {
    const doc = this.docs.get(this.id);
    return doc?.type === 'plan' ? doc : undefined;
  }

  /** Adds a workspace document, or with `undefined` takes it away, keeping where it is projected. */
  put(id: string, doc: WorkspaceDoc | undefined): void {
    const before = this.docs.get(id);
    if (before) this.index(before, false);
    if (doc) {
      this.docs.set(id, doc);
      this.index(doc, true);
    } else this.docs.delete(id);
  }

  private index(doc: WorkspaceDoc, add: boolean): void {
    const commitmentId = commitmentOf(doc);
    const group = commitmentId
      ? getOrAdd(this.byCommitment, commitmentId)
      : doc.type === 'plan'
        ? undefined
        : this.planLevel;
    if (add) group?.add(doc._id);
    else group?.delete(doc._id);
    for (const evidenceId of evidenceIdsOf(doc)) {
      if (add) getOrAdd(this.evidenceUsers, evidenceId).add(doc._id);
      else this.evidenceUsers.get(evidenceId)?.delete(doc._id);
    }
  }
}

/** The plan a workspace document belongs to (a plan belongs to itself); organisations belong to none. */
export function planOf(doc: WorkspaceDoc): string | undefined {
  if (doc.type === 'plan') return doc._id;
  return 'planId' in doc && typeof doc.planId === 'string' ? doc.planId : undefined;
}

/** Plans whose documents are kept between batches: the open ones. A closed plan is read again when it changes. */
export const isKept = (plan: LoadedPlan): boolean => plan.plan !== undefined && !plan.plan.closed;

/** The documents among `ids`, read by key a thousand at a time. */
export async function readByKeys<T extends { _id: string }>(db: Db, ids: readonly string[]): Promise<T[]> {
  return [...(await docsByKeys<T>(db, ids)).values()];
}

export function getOrAdd<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}
