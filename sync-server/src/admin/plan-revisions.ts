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

/** The history a plan's document keeps through a re-import: a file never states it, so it is carried over. */
export function keepingHistory<D extends Doc>(doc: D, stored: Doc | undefined): D {
  if (doc.type !== 'plan' || doc.revisions !== undefined || !stored?.revisions) return doc;
  return { ...doc, revisions: stored.revisions };
}
