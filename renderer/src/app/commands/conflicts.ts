import type { Issue } from '../../db/database.js';
import type { LocalDoc } from '../../sync/couch-helpers.js';
import { combineVersions } from '../combine';
import { now, toDoc } from '../local-docs';
import type { CommandContext, Refusal } from './context';
import { saveTogether } from './save';

/** The person has seen the conflict or refusal: it leaves the list. */
export async function dismiss(ctx: CommandContext, issueId: string): Promise<void> {
  await (await ctx.issues.findOne(issueId).exec())?.remove();
}

/** Keeps the device's version over the server's; the conflict closes once it is saved. */
export async function keepMine(ctx: CommandContext, issue: Issue): Promise<Refusal> {
  if (!issue.mine) return null;
  const refusal = await saveTogether(ctx, [toDoc({ ...issue.mine })]);
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
