import { suggestedCompletion } from '../../../../shared/src/progress';
import type { Commitment, CompletionLevel, Evidence } from '../../../../shared/src/types';
import { type Local, newId, now, today } from '../local-docs';
import type { CommandContext, Refusal, StoredFile } from './context';
import { saveTogether } from './save';

/** A co-responsible CSO's own view of the commitment, shown beside the government's, never merged. */
export function saveAssessment(
  ctx: CommandContext,
  commitment: Local<Commitment>,
  input: { percent: number; narrative: string },
): Promise<Refusal> {
  return saveTogether(ctx, [
    {
      _id: newId('assessment:'),
      type: 'assessment',
      planId: commitment.planId,
      commitmentId: commitment.id,
      orgId: ctx.org as string,
      by: 'cso',
      createdBy: ctx.user.name,
      createdAt: now(),
      status: 'published',
      percent: input.percent,
      narrative: input.narrative.trim(),
      date: today(),
    },
  ]);
}

/** The committee's end-of-term evaluation; a level other than the one progress suggests needs a reason. */
export function saveEvaluation(
  ctx: CommandContext,
  commitment: Local<Commitment>,
  input: { progress: number; level: CompletionLevel; reason: string; openedGovernment: string },
): Promise<Refusal> {
  return saveTogether(ctx, [
    {
      _id: newId('evaluation:'),
      type: 'evaluation',
      planId: commitment.planId,
      commitmentId: commitment.id,
      suggestedLevel: suggestedCompletion(input.progress),
      progressAtEvaluation: input.progress,
      level: input.level,
      ...(input.reason.trim() ? { reason: input.reason.trim() } : {}),
      ...(input.openedGovernment.trim() ? { openedGovernment: input.openedGovernment.trim() } : {}),
      date: today(),
      orgId: ctx.org as string,
      createdBy: ctx.user.name,
      createdAt: now(),
    },
  ]);
}

/** A committee meeting on the commitment, public, saved together with its minutes or not at all. */
export function recordMeeting(
  ctx: CommandContext,
  commitment: Local<Commitment>,
  input: { date: string; participantOrgIds: string[]; agreements: string; summary: string; minutes: StoredFile[] },
): Promise<Refusal> {
  const minutes: Evidence[] = input.minutes.map((file) => ({
    _id: newId('evidence:'),
    type: 'evidence',
    planId: commitment.planId,
    orgId: ctx.org as string,
    createdBy: ctx.user.name,
    createdAt: now(),
    status: 'published',
    title: file.name,
    kind: 'minutes',
    file: { ...file },
  }));
  return saveTogether(ctx, [
    ...minutes,
    {
      _id: newId('review:'),
      type: 'review',
      planId: commitment.planId,
      kind: 'meeting',
      commitmentId: commitment.id,
      text: input.summary.trim(),
      visibility: 'public',
      date: input.date,
      orgId: ctx.org as string,
      createdBy: ctx.user.name,
      createdAt: now(),
      participantOrgIds: input.participantOrgIds,
      agreements: input.agreements.trim(),
      minutesEvidenceIds: minutes.map((m) => m._id),
    },
  ]);
}
