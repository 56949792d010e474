import { orgIdsOf, type WorkspaceDoc } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { allDocuments, type Couch, useDb } from '../couch/client.js';
import { AdminInputError } from './users.js';

export type Stored = WorkspaceDoc & { _rev: string };

export function allDocs(couch: Couch, names: DbNames): Promise<Stored[]> {
  return allDocuments<Stored>(useDb(couch, names.workspace));
}

/**
 * Deletes `doomed` and the organisations nothing else refers to any more. The publisher then
 * takes their public side down. Returns how many records of each type went.
 */
export async function deleteWithOrphans(couch: Couch, names: DbNames, docs: Stored[], doomed: Set<string>) {
  const kept = docs.filter((d) => !doomed.has(d._id));
  const stillUsed = new Set(kept.flatMap((d) => orgIdsOf(d)));
  const usedByDoomed = new Set(docs.filter((d) => doomed.has(d._id)).flatMap((d) => orgIdsOf(d)));
  for (const id of usedByDoomed) if (!stillUsed.has(id)) doomed.add(id);
  const removed: Record<string, number> = {};
  const writes = docs
    .filter((d) => doomed.has(d._id))
    .map((d) => {
      removed[d.type] = (removed[d.type] ?? 0) + 1;
      return { _id: d._id, _rev: d._rev, _deleted: true };
    });
  const results = await useDb(couch, names.workspace).bulk({ docs: writes });
  const failed = results.filter((r) => r.error);
  if (failed.length)
    throw new Error(`${failed.length} records could not be deleted, first ${failed[0]?.id}: ${failed[0]?.reason}`);
  return removed;
}

export const describeRemoved = (removed: Record<string, number>) =>
  Object.entries(removed)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ') || 'nothing';

/**
 * Deletes a plan and everything in it. A plan with published reports is public record: it is
 * deleted only when `force` says the administrator means it.
 */
export async function deletePlan(couch: Couch, names: DbNames, planId: string, force: boolean) {
  const docs = await allDocs(couch, names);
  if (!docs.some((d) => d._id === planId && d.type === 'plan'))
    throw new AdminInputError(`--plan: there is no plan ${planId}.`);
  const inPlan = docs.filter((d) => d._id === planId || ('planId' in d && d.planId === planId));
  const published = inPlan.filter((d) => d.type === 'progressReport' && d.status === 'published').length;
  if (published && !force)
    throw new AdminInputError(
      `--plan: ${planId} has ${published} published progress report${published === 1 ? '' : 's'}, which the public has seen; close it instead (plan close), or add --force to delete it anyway.`,
    );
  return deleteWithOrphans(couch, names, docs, new Set(inPlan.map((d) => d._id)));
}
