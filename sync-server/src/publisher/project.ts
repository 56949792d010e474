import {
  type Assessment,
  byRecency,
  type Commitment,
  commitmentProgress,
  countingReports,
  type Evaluation,
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
import type {
  PublicAssessment,
  PublicCommitment,
  PublicDoc,
  PublicEvaluation,
  PublicEvidence,
  PublicKeyAction,
  PublicOrganization,
  PublicPlan,
  PublicReport,
  PublicReview,
} from '../../../shared/src/public.js';
import type { DocumentRefusal, Problem } from '../../../shared/src/rules/permissions.js';
import {
  assessmentPublicationProblem,
  evaluationPublicationProblem,
  PUBLIC_FIELDS,
  pick,
  reportPublicationProblem,
  reviewPublicationProblem,
} from '../../../shared/src/rules/publication.js';

export interface Projection {
  docs: PublicDoc[];
  /** Documents kept out of the public database, and why: logged, and shown to their authors. */
  refusals: DocumentRefusal[];
}

/** A plan's workspace documents by kind, deleted ones left out. */
interface PlanDocs {
  commitments: Commitment[];
  keyActions: KeyAction[];
  reports: ProgressReport[];
  evidence: Map<string, Evidence>;
  reviews: Review[];
  assessments: Assessment[];
  evaluations: Evaluation[];
}

/**
 * The public side of one plan, from the workspace documents that belong to it: what the
 * publication rules (`shared/src/rules/publication.ts`) let through, projected field by field,
 * with the progress figures computed from the reports that count.
 */
export function projectPlan(plan: Plan, docs: readonly WorkspaceDoc[], today: IsoDate): Projection {
  const asOf = plan.closed && plan.closedOn ? plan.closedOn : today;
  const refusals: DocumentRefusal[] = [];
  const refuse = (id: string, problem: Problem | null) => {
    if (problem) refusals.push({ id, status: 403, ...problem });
    return !problem;
  };
  const all = sortByKind(docs);
  const commitmentIds = new Set(all.commitments.map((c) => c._id));
  const keyActionById = new Map(all.keyActions.map((k) => [k._id, k]));
  const commitmentById = new Map(all.commitments.map((c) => [c._id, c]));

  const reports = all.reports.filter(
    (r) =>
      (r.status === 'published' || r.status === 'withdrawn') &&
      refuse(r._id, reportPublicationProblem(r, keyActionById.get(r.keyActionId), plan)),
  );
  const reviews = all.reviews.filter(
    (r) => r.visibility === 'public' && refuse(r._id, reviewPublicationProblem(r, plan, commitmentIds)),
  );
  const assessments = all.assessments.filter(
    (a) =>
      a.status === 'published' &&
      refuse(a._id, assessmentPublicationProblem(a, commitmentById.get(a.commitmentId), plan)),
  );
  const evaluations = all.evaluations.filter((e) =>
    refuse(e._id, evaluationPublicationProblem(e, plan, commitmentIds)),
  );

  const out: PublicDoc[] = [
    ...reviews.map(projectReview),
    ...projectReports(reports, all.evidence),
    ...assessments.map(projectAssessment),
    ...evaluations.map(projectEvaluation),
  ];
  const evidenceIds = new Set(reviews.flatMap((r) => r.minutesEvidenceIds ?? []));
  for (const doc of out) if (doc.type === 'progressReport') for (const id of doc.evidenceIds) evidenceIds.add(id);
  for (const id of evidenceIds) {
    const evidence = all.evidence.get(id);
    if (evidence?.status === 'published') out.push(projectEvidence(evidence));
  }
  out.push(...projectFigures(plan, all, reports, asOf));
  return { docs: out, refusals };
}

export function projectOrganization(org: Organization): PublicOrganization {
  return { _id: org._id, type: 'organization', ...pick(org, PUBLIC_FIELDS.organization) };
}

function sortByKind(docs: readonly WorkspaceDoc[]): PlanDocs {
  const all: PlanDocs = {
    commitments: [],
    keyActions: [],
    reports: [],
    evidence: new Map(),
    reviews: [],
    assessments: [],
    evaluations: [],
  };
  for (const doc of docs) {
    if (doc._deleted) continue;
    if (doc.type === 'commitment') all.commitments.push(doc);
    else if (doc.type === 'keyAction') all.keyActions.push(doc);
    else if (doc.type === 'progressReport') all.reports.push(doc);
    else if (doc.type === 'evidence') all.evidence.set(doc._id, doc);
    else if (doc.type === 'review') all.reviews.push(doc);
    else if (doc.type === 'assessment') all.assessments.push(doc);
    else if (doc.type === 'evaluation') all.evaluations.push(doc);
  }
  all.commitments.sort((a, b) => a.number - b.number);
  all.keyActions.sort((a, b) => a.number - b.number);
  const commitmentIds = new Set(all.commitments.map((c) => c._id));
  all.keyActions = all.keyActions.filter((k) => commitmentIds.has(k.commitmentId));
  return all;
}

/** Published reports with their published evidence and who corrected them; withdrawn ones keep only the withdrawal. */
function projectReports(reports: readonly ProgressReport[], evidence: ReadonlyMap<string, Evidence>): PublicReport[] {
  const correctedBy = new Map<string, string>();
  for (const r of countingReports(reports)) if (r.corrects) correctedBy.set(r.corrects, r._id);
  return reports.map((report): PublicReport => {
    if (report.status !== 'published')
      return {
        _id: report._id,
        type: 'progressReport',
        ...pick(report, PUBLIC_FIELDS.withdrawnReport),
        status: 'withdrawn',
        evidenceIds: [],
      };
    const corrector = correctedBy.get(report._id);
    return {
      _id: report._id,
      type: 'progressReport',
      ...pick(report, PUBLIC_FIELDS.report),
      status: 'published',
      evidenceIds: report.evidenceIds.filter((id) => evidence.get(id)?.status === 'published'),
      ...(corrector ? { correctedBy: corrector } : {}),
    };
  });
}

/** Key actions, commitments and the plan with the progress and schedule their counting reports give. */
function projectFigures(
  plan: Plan,
  all: PlanDocs,
  reports: readonly ProgressReport[],
  asOf: IsoDate,
): (PublicKeyAction | PublicCommitment | PublicPlan)[] {
  const out: (PublicKeyAction | PublicCommitment | PublicPlan)[] = [];
  const reportsByKeyAction = groupBy(reports, (r) => r.keyActionId);
  const keyActionsByCommitment = groupBy(all.keyActions, (k) => k.commitmentId);
  const counts = Object.fromEntries(SCHEDULE_STATES.map((s) => [s, 0])) as Record<ScheduleState, number>;
  const commitmentFigures: { progress: number }[] = [];
  for (const commitment of all.commitments) {
    const own = keyActionsByCommitment.get(commitment._id) ?? [];
    const measured = own.map((keyAction) => {
      const history = reportsByKeyAction.get(keyAction._id) ?? [];
      const progress = keyActionProgress(history);
      const latest = [...countingReports(history)].sort(byRecency)[0]?.date;
      out.push({
        _id: keyAction._id,
        type: 'keyAction',
        ...pick(keyAction, PUBLIC_FIELDS.keyAction),
        progress: roundPercent(progress),
        scheduleState: scheduleState({ ...keyAction, progress }, asOf),
        ...(latest ? { lastReportDate: latest } : {}),
      });
      return { weight: keyAction.weight, progress, latest };
    });
    const progress = commitmentProgress(measured);
    const state = scheduleState({ ...commitment, progress }, asOf);
    counts[state]++;
    commitmentFigures.push({ progress });
    const lastReportDate = measured
      .map((m) => m.latest)
      .filter(Boolean)
      .sort()
      .pop();
    out.push({
      _id: commitment._id,
      type: 'commitment',
      ...pick(commitment, PUBLIC_FIELDS.commitment),
      progress: roundPercent(progress),
      scheduleState: state,
      keyActionCount: own.length,
      ...(lastReportDate ? { lastReportDate } : {}),
      // Progress computed from illustrative key actions is illustrative too.
      ...(own.some((k) => k.demo) ? { demo: true } : {}),
    });
  }
  out.push({
    _id: plan._id,
    type: 'plan',
    ...pick(plan, PUBLIC_FIELDS.plan),
    progress: roundPercent(planProgress(commitmentFigures)),
    scheduleCounts: counts,
    commitmentCount: all.commitments.length,
    keyActionCount: all.keyActions.length,
    reportCount: reports.filter((r) => r.status === 'published').length,
    asOf,
  });
  return out;
}

function projectEvidence(e: Evidence): PublicEvidence {
  return { _id: e._id, type: 'evidence', ...pick(e, PUBLIC_FIELDS.evidence), date: e.createdAt.slice(0, 10) };
}

function projectReview(r: Review): PublicReview {
  return { _id: r._id, type: 'review', ...pick(r, PUBLIC_FIELDS.review) };
}

function projectAssessment(a: Assessment): PublicAssessment {
  return { _id: a._id, type: 'assessment', ...pick(a, PUBLIC_FIELDS.assessment) };
}

function projectEvaluation(e: Evaluation): PublicEvaluation {
  return { _id: e._id, type: 'evaluation', ...pick(e, PUBLIC_FIELDS.evaluation) };
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
