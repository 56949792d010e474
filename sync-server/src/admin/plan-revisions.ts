import path from 'node:path';
import {
  type PlanChange,
  type PlanRevision,
  type PlanStructure,
  planRevision,
  type StructureDoc,
  withRevision,
} from '../../../shared/src/plan-revision.js';
import { type Db, docsWithPrefix, getOrNull } from '../couch/client.js';

type Doc = Record<string, unknown> & { _id: string; type: string; _rev?: string };

/** What an import recorded in one plan's public history. */
export interface RecordedRevision {
  planId: string;
  revision: number;
  changes: number;
}

/** A plan's structure as the workspace holds it now. */
async function storedStructure(db: Db, plan: Doc): Promise<PlanStructure & { plan: Doc }> {
  const ofPlan = (docs: Doc[]) => docs.filter((d) => d.planId === plan._id);
  const [commitments, keyActions] = await Promise.all([
    docsWithPrefix<Doc>(db, 'commitment:'),
    docsWithPrefix<Doc>(db, 'keyAction:'),
  ]);
  return { plan, commitments: ofPlan(commitments), keyActions: ofPlan(keyActions) };
}

/** The structure once `writes` land on `before`: each written document in place of the stored one. */
function overlaid(before: PlanStructure, writes: readonly Doc[]): PlanStructure {
  const planId = before.plan?._id;
  const written = (type: string) => writes.filter((w) => w.type === type && w.planId === planId);
  const merge = (stored: readonly StructureDoc[], type: string) => {
    const byId = new Map(stored.map((d) => [d._id, d]));
    for (const w of written(type)) byId.set(w._id, w);
    return [...byId.values()];
  };
  return {
    plan: writes.find((w) => w.type === 'plan' && w._id === planId) ?? before.plan,
    commitments: merge(before.commitments, 'commitment'),
    keyActions: merge(before.keyActions, 'keyAction'),
  };
}

/**
 * An import over a plan that already exists (and so is public) does not rewrite it in silence:
 * what changes in its structure is recorded as the plan's next revision, in the plan's document,
 * which the publisher copies to the public side. `writes` are the documents the import will write;
 * returned with each revised plan's document among them (added when the file did not hold it).
 * A plan the file creates has no history yet.
 */
export async function withPlanRevisions(
  db: Db,
  writes: Doc[],
  file: string,
  at = new Date().toISOString(),
): Promise<{ writes: Doc[]; recorded: RecordedRevision[] }> {
  const planIds = new Set(
    writes.flatMap((w) => (w.type === 'plan' ? [w._id] : typeof w.planId === 'string' ? [w.planId] : [])),
  );
  const recorded: RecordedRevision[] = [];
  let out = writes;
  for (const planId of planIds) {
    const stored = await getOrNull<Doc>(db, planId);
    if (!stored) continue;
    const before = await storedStructure(db, stored);
    const changes: PlanChange[] = planRevision(before, overlaid(before, out));
    if (changes.length === 0) continue;
    const planDoc = out.find((w) => w._id === planId) ?? stored;
    const revisions = withRevision(stored.revisions as PlanRevision[] | undefined, changes, at, path.basename(file));
    out = [...out.filter((w) => w._id !== planId), { ...planDoc, _rev: stored._rev, revisions }];
    recorded.push({ planId, revision: revisions.at(-1)?.revision ?? 0, changes: changes.length });
  }
  return { writes: out, recorded };
}

/** Commitments and key actions of a published plan that a file holding the plan does not hold. */
export interface NotInFile {
  planId: string;
  /** As a revision would list them removed: number and title. */
  items: { docType: string; number?: string; title: string }[];
}

/**
 * An import writes what its file holds and deletes nothing: a commitment or key action a revised
 * plan's file leaves out stays as it was (its reports with it). The import says so, plan by plan,
 * for each plan whose own record is in the file, instead of leaving it unsaid.
 */
export async function notInFile(db: Db, docs: readonly Doc[]): Promise<NotInFile[]> {
  const ids = new Set(docs.map((d) => d._id));
  const found: NotInFile[] = [];
  for (const plan of docs.filter((d) => d.type === 'plan')) {
    const stored = await getOrNull<Doc>(db, plan._id);
    if (!stored) continue;
    const before = await storedStructure(db, stored);
    const held = (list: readonly StructureDoc[]) => list.filter((d) => ids.has(d._id));
    const left = planRevision(before, {
      plan: stored,
      commitments: held(before.commitments),
      keyActions: held(before.keyActions),
    });
    if (left.length)
      found.push({ planId: plan._id, items: left.map(({ docType, number, title }) => ({ docType, number, title })) });
  }
  return found;
}

/** The history a plan's document keeps through a re-import: a file never states it, so it is carried over. */
export function keepingHistory<D extends Doc>(doc: D, stored: Doc | undefined): D {
  if (doc.type !== 'plan' || doc.revisions !== undefined || !stored?.revisions) return doc;
  return { ...doc, revisions: stored.revisions };
}
