import { migrateDoc } from '../../../../shared/src/migrations';
import { planFacts } from '../../../../shared/src/rules/config';
import { writeRefusal } from '../../../../shared/src/rules/permissions';
import type { Plan, WorkspaceDoc } from '../../../../shared/src/types';
import type { LocalDoc } from '../../sync/couch-helpers.js';
import { type Local, toDoc, toLocal } from '../local-docs';
import type { CommandContext, Refusal } from './context';

/**
 * Saves documents that belong together (a report and its new evidence) all or nothing: each is
 * checked with the server's own rules first, and when one is refused none is written, so a
 * refused publish leaves the draft and its evidence as they were.
 */
export async function saveTogether(ctx: CommandContext, written: readonly WorkspaceDoc[]): Promise<Refusal> {
  const docs = written.map((doc) => migrateDoc(doc));
  const plans = (await ctx.workspace.find({ selector: { type: 'plan' } }).exec()).map(
    (d) => d.toMutableJSON() as unknown as Local<Plan>,
  );
  const facts = planFacts(plans.map((p) => ({ ...p, _id: p.id })));
  for (const doc of docs) {
    const existing = await ctx.workspace.findOne(doc._id).exec();
    const old = existing ? toDoc(existing.toMutableJSON() as LocalDoc) : null;
    const refusal = writeRefusal(doc, old, ctx.user, facts);
    if (refusal) return ctx.lang() === 'en' ? refusal.reason : refusal.reasonEs;
  }
  const result = await ctx.workspace.bulkUpsert(docs.map(toLocal));
  if (result.error.length) return String(result.error[0]?.status ?? 'error');
  await ctx.onSaved(docs.map((d) => d._id));
  return null;
}
