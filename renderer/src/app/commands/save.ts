import { migrateDoc } from '../../../../shared/src/migrations';
import { planFacts } from '../../../../shared/src/rules/config';
import { type Problem, writeRefusal } from '../../../../shared/src/rules/permissions';
import type { Plan, WorkspaceDoc } from '../../../../shared/src/types';
import type { LocalDoc } from '../../db/local-doc.js';
import type { CommandContext, Refusal } from '../command-context';
import { type Local, toDoc, toLocal } from '../local-docs';
import { en, es } from '../messages';

/**
 * A refusal in the person's words: the field it names by the label the form gives it (the report
 * editor shows it beside that field), not by its path in the document.
 */
export function plainRefusal(refusal: Problem, lang: 'es' | 'en'): string {
  const t = lang === 'en' ? en : es;
  const labels: Record<string, string> = {
    percent: t.percent,
    narrative: t.narrative,
    date: t.date,
    url: t.linkUrl,
    title: t.linkTitle,
    planId: t.planLabel,
    returnReason: t.returnReason,
    withdrawnReason: t.withdrawReason,
    reason: t.levelReason,
    text: t.observation,
  };
  const reason = lang === 'en' ? refusal.reason : refusal.reasonEs;
  const rest = reason.replace(/^[A-Za-z_][\w.[\]]*:\s*/, '');
  const label = refusal.field ? labels[refusal.field] : undefined;
  return label ? `${label}: ${rest}` : rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * Saves documents that belong together (a report and its new evidence) all or nothing: each is
 * checked with the server's own rules first, and when one is refused none is written, so a
 * refused publish leaves the draft and its evidence as they were.
 */
export async function saveTogether(ctx: CommandContext, written: readonly WorkspaceDoc[]): Promise<Refusal> {
  return (await saveTogetherNamingField(ctx, written))?.text ?? null;
}

/** A refusal in plain words, with the document field it is about when it names one. */
export interface FieldRefusal {
  text: string;
  field?: string;
}

/** `saveTogether` for a form that shows a refusal beside the field it is about. */
export async function saveTogetherNamingField(
  ctx: CommandContext,
  written: readonly WorkspaceDoc[],
): Promise<FieldRefusal | null> {
  const docs = written.map((doc) => migrateDoc(doc));
  const plans = (await ctx.workspace.find({ selector: { type: 'plan' } }).exec()).map(
    (d) => d.toMutableJSON() as unknown as Local<Plan>,
  );
  const facts = planFacts(plans.map((p) => ({ ...p, _id: p.id })));
  for (const doc of docs) {
    const existing = (await ctx.workspace.findOne(doc._id).exec())?.toMutableJSON() as LocalDoc | undefined;
    // Judged as the server will judge it: one's own draft it never accepted is new there, whatever this device saved before.
    const newThere = existing && !existing.couchRev && existing.createdBy === ctx.user.name;
    const old = existing && !newThere ? toDoc(existing) : null;
    const refusal = writeRefusal(doc, old, ctx.user, facts);
    if (refusal) return { text: plainRefusal(refusal, ctx.lang()), ...(refusal.field ? { field: refusal.field } : {}) };
  }
  const result = await ctx.workspace.bulkUpsert(docs.map(toLocal));
  if (result.error.length) return { text: String(result.error[0]?.status ?? 'error') };
  await ctx.onSaved(docs.map((d) => d._id));
  return null;
}
