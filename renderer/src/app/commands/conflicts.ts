import type { Issue } from '../../db/database.js';
import type { LocalDoc } from '../../db/local-doc.js';
import { combineVersions } from '../combine';
import type { CommandContext, Refusal } from '../command-context';
import { now, toDoc } from '../local-docs';
import { saveTogether } from './save';

/** Fields of a document that point to evidence. */
const EVIDENCE_FIELDS = ['evidenceIds', 'minutesEvidenceIds'] as const;

/** The evidence a version of a document points to. */
export function evidenceOf(doc: LocalDoc | undefined): string[] {
  return EVIDENCE_FIELDS.flatMap((field) => {
    const ids = doc?.[field];
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  });
}

/** What each choice keeps of the two versions' evidence, and what it leaves with no document. */
export function evidenceChoices(issue: Issue): { both: string[]; onlyMine: string[]; onlyTheirs: string[] } {
  const mine = evidenceOf(issue.mine);
  const theirs = evidenceOf(issue.theirs);
  return {
    both: mine.filter((id) => theirs.includes(id)),
    onlyMine: mine.filter((id) => !theirs.includes(id)),
    onlyTheirs: theirs.filter((id) => !mine.includes(id)),
  };
}

/**
 * Evidence the chosen version leaves out, deleted when it is a draft no other document points to:
 * it would otherwise stay on the server attached to nothing. Published evidence cannot be deleted
 * (the public history keeps it), and one another document still shows is not left behind.
 */
async function leftBehind(ctx: CommandContext, docId: string, ids: readonly string[]): Promise<LocalDoc[]> {
  if (ids.length === 0) return [];
  const candidates = (await ctx.workspace.findByIds([...ids]).exec()).values();
  const drafts = [...candidates]
    .map((d) => d.toMutableJSON() as LocalDoc)
    .filter((e) => e.type === 'evidence' && e.status === 'draft' && !e._deleted);
  if (drafts.length === 0) return [];
  const pointing = await ctx.workspace
    .find({ selector: { $or: EVIDENCE_FIELDS.map((f) => ({ [f]: { $in: drafts.map((e) => e.id) } })) } })
    .exec();
  const stillShown = new Set(
    pointing.filter((d) => d.id !== docId).flatMap((d) => evidenceOf(d.toMutableJSON() as LocalDoc)),
  );
  return drafts.filter((e) => !stillShown.has(e.id)).map((e) => ({ ...e, _deleted: true }));
}

/** The person has seen the conflict or refusal: it leaves the list. */
export async function dismiss(ctx: CommandContext, issueId: string): Promise<void> {
  await (await ctx.issues.findOne(issueId).exec())?.remove();
}

/** Keeps the device's version over the server's; evidence only the server's had is not left orphaned. */
export async function keepMine(ctx: CommandContext, issue: Issue): Promise<Refusal> {
  if (!issue.mine) return null;
  const orphans = await leftBehind(ctx, issue.docId, evidenceChoices(issue).onlyTheirs);
  const refusal = await saveTogether(ctx, [toDoc({ ...issue.mine }), ...orphans.map(toDoc)]);
  if (!refusal) await dismiss(ctx, issue.id);
  return refusal;
}

/** Keeps the server's version; evidence only the device's version had is not left orphaned. */
export async function keepTheirs(ctx: CommandContext, issue: Issue): Promise<Refusal> {
  const orphans = await leftBehind(ctx, issue.docId, evidenceChoices(issue).onlyMine);
  const refusal = orphans.length ? await saveTogether(ctx, orphans.map(toDoc)) : null;
  if (!refusal) await dismiss(ctx, issue.id);
  return refusal;
}

/** Saves one version combined from both, with the figure and text the person settled on. */
export async function saveCombined(
  ctx: CommandContext,
  issue: Issue,
  settled: { percent: number; narrative: string },
): Promise<Refusal> {
  const combined = combineVersions(issue.mine as LocalDoc, issue.theirs as LocalDoc, settled);
  const refusal = await saveTogether(ctx, [toDoc({ ...combined, updatedAt: now() })]);
  if (!refusal) await dismiss(ctx, issue.id);
  return refusal;
}
