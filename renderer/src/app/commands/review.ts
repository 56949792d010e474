import type { Evidence, ProgressReport, Review } from '../../../../shared/src/types';
import type { CommandContext, Refusal } from '../command-context';
import { asDoc, type Local, newId, now, today } from '../local-docs';
import { saveTogether } from './save';

/**
 * The committee validates a submitted report (publishing it with the evidence it validates) or
 * returns it with a reason the reporter sees. Signed with the member's own name.
 */
export async function decideReport(
  ctx: CommandContext,
  report: Local<ProgressReport>,
  evidence: readonly Local<Evidence>[],
  decision: 'published' | 'returned',
  reason = '',
): Promise<Refusal> {
  // The organisation too: the public sees which one validated a figure, never the person.
  const signed = { reviewedBy: ctx.user.name, ...(ctx.org ? { reviewedByOrgId: ctx.org } : {}), reviewedAt: now() };
  const { returnReason: _earlier, ...base } = asDoc(report);
  const decided: ProgressReport = {
    ...base,
    status: decision,
    ...signed,
    ...(decision === 'returned' ? { returnReason: reason.trim() } : {}),
  };
  const validated =
    decision === 'published'
      ? evidence.filter((e) => e.status === 'submitted').map((e) => ({ ...asDoc(e), status: decision, ...signed }))
      : [];
  return saveTogether(ctx, [decided, ...validated]);
}

/** A committee observation on a commitment or one of its reports, public or internal to the workspace. */
export function addObservation(
  ctx: CommandContext,
  input: { planId: string; commitmentId: string; reportId?: string; text: string; visibility: Review['visibility'] },
): Promise<Refusal> {
  return saveTogether(ctx, [
    {
      _id: newId('review:'),
      type: 'review',
      planId: input.planId,
      kind: 'observation',
      commitmentId: input.commitmentId,
      ...(input.reportId ? { reportId: input.reportId } : {}),
      text: input.text.trim(),
      visibility: input.visibility,
      date: today(),
      orgId: ctx.org as string,
      createdBy: ctx.user.name,
      createdAt: now(),
    },
  ]);
}
