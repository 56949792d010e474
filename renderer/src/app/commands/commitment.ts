import { suggestedCompletion } from '../../../../shared/src/progress';
import type {
  Assessment,
  Commitment,
  CompletionLevel,
  Evidence,
  OpenedGovernmentLevel,
} from '../../../../shared/src/types';
import type { CommandContext, Refusal, StoredFile } from '../command-context';
import { asDoc, creationTime, type Local, newId, now, today } from '../local-docs';
import { type EvidenceInput, evidenceChanges } from './reports';
import { saveTogether } from './save';

export interface AssessmentInput extends EvidenceInput {
  status: 'draft' | 'published';
  percent: number;
  narrative: string;
  /** The organisation's draft being continued, if any. */
  draft?: Local<Assessment>;
  /** The organisation's current published assessment, which a published one replaces. */
  current?: Local<Assessment>;
}

/**
 * A co-responsible CSO's own view of the commitment, shown beside the government's, never merged:
 * kept as a draft until published with its evidence; once published it replaces the organisation's
 * current one, which stays in the history.
 */
export function saveAssessment(
  ctx: CommandContext,
  commitment: Local<Commitment>,
  input: AssessmentInput,
): Promise<Refusal> {
  const base = { planId: commitment.planId, orgId: ctx.org as string, createdBy: ctx.user.name, status: input.status };
  const { evidence, evidenceIds, removed } = evidenceChanges(input, base);
  const draft = input.draft ? asDoc(input.draft) : undefined;
  const assessment: Assessment = {
    ...draft,
    _id: draft?._id ?? newId('assessment:'),
    type: 'assessment',
    ...base,
    commitmentId: commitment.id,
    by: 'cso',
    createdBy: draft?.createdBy ?? ctx.user.name,
    createdAt: creationTime(draft),
    ...(draft ? { updatedAt: now() } : {}),
    percent: input.percent,
    narrative: input.narrative.trim(),
    date: today(),
    evidenceIds,
    ...(input.current ? { supersedes: input.current.id } : {}),
  };
  return saveTogether(ctx, [...evidence, assessment, ...removed]);
}

/**
 * A new evaluation's id starts with the time it is written: the public side takes a commitment's
 * latest evaluation by date and then by id, so the one saved last in a day is the one shown.
 */
const evaluationId = () => newId(`evaluation:${now().toLowerCase().replace(/:/g, '')}-`);

/** The committee's end-of-term evaluation; a level other than the one progress suggests needs a reason. */
export function saveEvaluation(
  ctx: CommandContext,
  commitment: Local<Commitment>,
  input: {
    progress: number;
    level: CompletionLevel;
    reason: string;
    openedGovernmentLevel: OpenedGovernmentLevel | '';
    openedGovernment: string;
  },
): Promise<Refusal> {
  return saveTogether(ctx, [
    {
      _id: evaluationId(),
      type: 'evaluation',
      planId: commitment.planId,
      commitmentId: commitment.id,
      suggestedLevel: suggestedCompletion(input.progress),
      progressAtEvaluation: input.progress,
      level: input.level,
      ...(input.reason.trim() ? { reason: input.reason.trim() } : {}),
      ...(input.openedGovernmentLevel ? { openedGovernmentLevel: input.openedGovernmentLevel } : {}),
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
