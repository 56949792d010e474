import {
  type Assessment,
  byRecency,
  type Commitment,
  commitmentProgress,
  countingReports,
  type Evidence,
  type IsoDate,
  type KeyAction,
  keyActionProgress,
  type Organization,
  type Plan,
  type ProgressReport,
  planProgress,
  type Review,
  roundPercent,
  SCHEDULE_STATES,
  type ScheduleState,
  scheduleState,
  type WorkspaceDoc,
} from '../../../shared/src/index.js';
import type { PublicDoc } from '../../../shared/src/public.js';

/** A document kept out of the public database, and why: logged, and shown to administrators. */
export interface Refusal {
  id: string;
  reason: string;
}

export interface Projection {
  docs: PublicDoc[];
  refusals: Refusal[];
}

/** Picks the listed fields that are present: public documents are built field by field, never copied whole. */
function pick<T extends object, K extends keyof T>(doc: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (doc[key] !== undefined) out[key] = doc[key];
  return out;
}

export function projectOrganization(org: Organization): PublicDoc {
  return { _id: org._id, type: 'organization', ...pick(org, ['kind', 'name', 'acronym', 'url']) } as PublicDoc;
}

/**
 * The public side of one plan, from the workspace documents that belong to it. Rules that need
 * several documents are checked here: a report counts only if its organisation is responsible
 * for its key action, and so on; what breaks them is refused with a reason.
 */
export function projectPlan(plan: Plan, docs: readonly WorkspaceDoc[], today: IsoDate): Projection {
  const asOf = plan.closed && plan.closedOn ? plan.closedOn : today;
  const refusals: Refusal[] = [];
  const out: PublicDoc[] = [];
  const refuse = (id: string, reason: string) => refusals.push({ id, reason });
  const of = <T extends WorkspaceDoc['type']>(type: T) =>
    docs.filter((d): d is Extract<WorkspaceDoc, { type: T }> => d.type === type && !d._deleted);

  const commitments = of('commitment').sort((a, b) => a.number - b.number);
  const commitmentById = new Map(commitments.map((c) => [c._id, c]));
  const keyActions = of('keyAction').filter((k) => commitmentById.has(k.commitmentId));
  const keyActionById = new Map(keyActions.map((k) => [k._id, k]));
  const evidenceById = new Map(of('evidence').map((e) => [e._id, e]));

  const reports: ProgressReport[] = [];
  for (const report of of('progressReport')) {
    if (report.status !== 'published' && report.status !== 'withdrawn') continue;
    const keyAction = keyActionById.get(report.keyActionId);
    if (!keyAction || keyAction.commitmentId !== report.commitmentId)
      refuse(report._id, `keyActionId: ${report.keyActionId} is not a key action of ${report.commitmentId}`);
    else if (!keyAction.responsibleOrgIds.includes(report.orgId))
      refuse(report._id, `orgId: ${report.orgId} is not responsible for ${report.keyActionId}`);
    else if (plan.reviewRequired && report.status === 'published' && !report.reviewedBy)
      refuse(report._id, 'status: this plan asks for review and the committee has not validated the report');
    else reports.push(report);
  }
  const correctedBy = new Map<string, string>();
  for (const r of countingReports(reports)) if (r.corrects) correctedBy.set(r.corrects, r._id);

  const publicEvidence = new Set<string>();
  const reviews = of('review').filter((r) => r.visibility === 'public');
  for (const review of reviews) {
    if (!plan.committeeOrgIds.includes(review.orgId))
      refuse(review._id, `orgId: ${review.orgId} is not on the plan's committee`);
    else if (!commitmentById.has(review.commitmentId))
      refuse(review._id, `commitmentId: ${review.commitmentId} is not in ${plan._id}`);
    else {
      out.push(projectReview(review));
      for (const id of review.minutesEvidenceIds ?? []) publicEvidence.add(id);
    }
  }
  for (const report of reports) {
    if (report.status !== 'published') {
      out.push({
        _id: report._id,
        type: 'progressReport',
        ...pick(report, [
          'planId',
          'commitmentId',
          'keyActionId',
          'orgId',
          'date',
          'status',
          'withdrawnReason',
          'demo',
        ]),
        evidenceIds: [],
      } as PublicDoc);
      continue;
    }
    const evidenceIds = report.evidenceIds.filter((id) => evidenceById.get(id)?.status === 'published');
    for (const id of evidenceIds) publicEvidence.add(id);
    out.push({
      _id: report._id,
      type: 'progressReport',
      ...pick(report, [
        'planId',
        'commitmentId',
        'keyActionId',
        'orgId',
        'percent',
        'narrative',
        'date',
        'status',
        'corrects',
        'reviewedAt',
        'demo',
      ]),
      evidenceIds,
      ...(correctedBy.has(report._id) ? { correctedBy: correctedBy.get(report._id) } : {}),
    } as PublicDoc);
  }
  for (const id of publicEvidence) {
    const evidence = evidenceById.get(id);
    if (evidence?.status === 'published') out.push(projectEvidence(evidence));
  }

  for (const assessment of of('assessment')) {
    if (assessment.status !== 'published') continue;
    const commitment = commitmentById.get(assessment.commitmentId);
    if (!commitment) refuse(assessment._id, `commitmentId: ${assessment.commitmentId} is not in ${plan._id}`);
    else if (assessment.by === 'cso' && !commitment.coResponsibleOrgIds.includes(assessment.orgId))
      refuse(assessment._id, `orgId: ${assessment.orgId} does not co-lead ${commitment._id}`);
    else if (assessment.by === 'committee' && !plan.committeeOrgIds.includes(assessment.orgId))
      refuse(assessment._id, `orgId: ${assessment.orgId} is not on the plan's committee`);
    else out.push(projectAssessment(assessment));
  }

  for (const evaluation of of('evaluation')) {
    if (!commitmentById.has(evaluation.commitmentId))
      refuse(evaluation._id, `commitmentId: ${evaluation.commitmentId} is not in ${plan._id}`);
    else if (!plan.committeeOrgIds.includes(evaluation.orgId))
      refuse(evaluation._id, `orgId: ${evaluation.orgId} is not on the plan's committee`);
    else
      out.push({
        _id: evaluation._id,
        type: 'evaluation',
        ...pick(evaluation, [
          'planId',
          'commitmentId',
          'suggestedLevel',
          'progressAtEvaluation',
          'level',
          'reason',
          'openedGovernment',
          'date',
          'orgId',
        ]),
      } as PublicDoc);
  }

  const reportsByKeyAction = groupBy(reports, (r) => r.keyActionId);
  const keyActionsByCommitment = groupBy(keyActions, (k) => k.commitmentId);
  const counts = Object.fromEntries(SCHEDULE_STATES.map((s) => [s, 0])) as Record<ScheduleState, number>;
  const commitmentSummaries: { progress: number }[] = [];
  for (const commitment of commitments) {
    const own = (keyActionsByCommitment.get(commitment._id) ?? []).sort((a, b) => a.number - b.number);
    const measured = own.map((keyAction) => {
      const history = reportsByKeyAction.get(keyAction._id) ?? [];
      const progress = keyActionProgress(history);
      const latest = [...countingReports(history)].sort(byRecency)[0];
      out.push(
        projectKeyAction(
          keyAction,
          roundPercent(progress),
          scheduleState({ ...keyAction, progress }, asOf),
          latest?.date,
        ),
      );
      return { weight: keyAction.weight, progress, latest: latest?.date };
    });
    const progress = commitmentProgress(measured);
    const state = scheduleState({ ...commitment, progress }, asOf);
    counts[state]++;
    commitmentSummaries.push({ progress });
    const lastReportDate = measured
      .map((m) => m.latest)
      .filter(Boolean)
      .sort()
      .pop();
    out.push(projectCommitment(commitment, roundPercent(progress), state, own, lastReportDate));
  }
  out.push({
    _id: plan._id,
    type: 'plan',
    ...pick(plan, [
      'country',
      'title',
      'titleEn',
      'description',
      'startDate',
      'endDate',
      'languages',
      'reviewRequired',
      'committeeOrgIds',
      'closed',
      'closedOn',
      'sourceUrls',
    ]),
    progress: roundPercent(planProgress(commitmentSummaries)),
    scheduleCounts: counts,
    commitmentCount: commitments.length,
    keyActionCount: keyActions.length,
    reportCount: reports.filter((r) => r.status === 'published').length,
    asOf,
  } as PublicDoc);
  return { docs: out, refusals };
}

function projectCommitment(
  c: Commitment,
  progress: number,
  state: ScheduleState,
  keyActions: readonly KeyAction[],
  lastReportDate?: string,
): PublicDoc {
  return {
    _id: c._id,
    type: 'commitment',
    ...pick(c, [
      'planId',
      'number',
      'ogpId',
      'title',
      'titleEn',
      'problem',
      'objective',
      'ogpValues',
      'themes',
      'responsibleOrgIds',
      'coResponsibleOrgIds',
      'supportOrgIds',
      'startDate',
      'endDate',
      'irm',
      'sourceUrl',
      'unverifiedFields',
    ]),
    progress,
    scheduleState: state,
    keyActionCount: keyActions.length,
    ...(lastReportDate ? { lastReportDate } : {}),
    // Progress computed from illustrative key actions is illustrative too.
    ...(keyActions.some((k) => k.demo) ? { demo: true } : {}),
  } as PublicDoc;
}

function projectKeyAction(k: KeyAction, progress: number, state: ScheduleState, lastReportDate?: string): PublicDoc {
  return {
    _id: k._id,
    type: 'keyAction',
    ...pick(k, [
      'planId',
      'commitmentId',
      'number',
      'title',
      'responsibleOrgIds',
      'startDate',
      'endDate',
      'weight',
      'deliverable',
      'demo',
    ]),
    progress,
    scheduleState: state,
    ...(lastReportDate ? { lastReportDate } : {}),
  } as PublicDoc;
}

function projectEvidence(e: Evidence): PublicDoc {
  return {
    _id: e._id,
    type: 'evidence',
    ...pick(e, ['planId', 'orgId', 'title', 'kind', 'file', 'url', 'demo']),
    date: e.createdAt.slice(0, 10),
  } as PublicDoc;
}

function projectReview(r: Review): PublicDoc {
  return {
    _id: r._id,
    type: 'review',
    ...pick(r, [
      'planId',
      'kind',
      'commitmentId',
      'reportId',
      'text',
      'date',
      'orgId',
      'participantOrgIds',
      'agreements',
      'minutesEvidenceIds',
      'demo',
    ]),
  } as PublicDoc;
}

function projectAssessment(a: Assessment): PublicDoc {
  return {
    _id: a._id,
    type: 'assessment',
    ...pick(a, ['planId', 'commitmentId', 'orgId', 'by', 'percent', 'narrative', 'date', 'demo']),
  } as PublicDoc;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
