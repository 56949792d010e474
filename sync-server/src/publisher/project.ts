import {
  type Answer,
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
  type Question,
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
  PublicQuestion,
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

/** What the plan's figures need of one commitment, kept by the publisher between batches. */
export interface CommitmentFigure {
  number: number;
  progress: number;
  state: ScheduleState;
  keyActionCount: number;
  publishedReports: number;
}

/** Some commitments' workspace documents by kind. */
interface CommitmentDocs {
  commitments: Commitment[];
  keyActions: KeyAction[];
  reports: ProgressReport[];
  assessments: Assessment[];
  questions: Question[];
  answers: Answer[];
}

export interface CommitmentsProjection extends Projection {
  figures: Map<string, CommitmentFigure>;
}

/** The types projected with their commitment; every other document of a plan is projected with the plan. */
const COMMITMENT_TYPES = new Set(['commitment', 'keyAction', 'progressReport', 'assessment', 'question', 'answer']);

/** The commitment a workspace or public document is projected with, if it is one of `COMMITMENT_TYPES`. */
export function commitmentOf(doc: { _id: string; type: string; commitmentId?: string }): string | undefined {
  if (doc.type === 'commitment') return doc._id;
  return COMMITMENT_TYPES.has(doc.type) ? doc.commitmentId : undefined;
}

/** The day a plan's schedule states are computed for: its closing day once closed. */
export const planAsOf = (plan: Plan, today: IsoDate): IsoDate => (plan.closed && plan.closedOn ? plan.closedOn : today);

function refuser(refusals: DocumentRefusal[]) {
  return (id: string, problem: Problem | null) => {
    if (problem) refusals.push({ id, status: 403, ...problem });
    return !problem;
  };
}

/**
 * Some of a plan's commitments with their key actions, reports and assessments (`docs`: every
 * such document of those commitments): what the publication rules
 * (`shared/src/rules/publication.ts`) let through, projected field by field, with the progress
 * computed from the reports that count, and the figures the plan's own document needs of them.
 */
export function projectCommitments(
  plan: Plan,
  docs: readonly WorkspaceDoc[],
  evidence: ReadonlyMap<string, Evidence>,
  asOf: IsoDate,
): CommitmentsProjection {
  const refusals: DocumentRefusal[] = [];
  const refuse = refuser(refusals);
  const all = sortByKind(docs);
  const keyActionById = new Map(all.keyActions.map((k) => [k._id, k]));
  const commitmentById = new Map(all.commitments.map((c) => [c._id, c]));
  const reports = all.reports.filter(
    (r) =>
      (r.status === 'published' || r.status === 'withdrawn') &&
      refuse(r._id, reportPublicationProblem(r, keyActionById.get(r.keyActionId), plan)),
  );
  const assessments = all.assessments.filter(
    (a) =>
      a.status === 'published' &&
      refuse(a._id, assessmentPublicationProblem(a, commitmentById.get(a.commitmentId), plan)),
  );
  const figures = new Map<string, CommitmentFigure>();
  const out: PublicDoc[] = [
    ...projectReports(reports, evidence, plan.committeeOrgIds),
    ...assessments.map((a) => projectAssessment(a, evidence)),
    ...projectFigures(all, reports, asOf, figures),
    ...projectQuestions(all, refuse),
  ];
  return { docs: out, refusals, figures };
}

/**
 * The plan's own document, with figures from every commitment's (`figures`, in any order), its
 * observations, meetings and evaluations, and the published evidence that public reports
 * (`evidenceIds`) and meeting minutes point to.
 */
export function projectPlanLevel(
  plan: Plan,
  docs: readonly WorkspaceDoc[],
  figures: readonly (readonly [string, CommitmentFigure])[],
  evidenceIds: ReadonlySet<string>,
  asOf: IsoDate,
): Projection {
  const refusals: DocumentRefusal[] = [];
  const refuse = refuser(refusals);
  const commitmentIds = new Set(figures.map(([id]) => id));
  const live = docs.filter((d) => !d._deleted);
  const reviews = live.filter(
    (r): r is Review =>
      r.type === 'review' &&
      r.visibility === 'public' &&
      refuse(r._id, reviewPublicationProblem(r, plan, commitmentIds)),
  );
  const evaluations = live.filter(
    (e): e is Evaluation =>
      e.type === 'evaluation' && refuse(e._id, evaluationPublicationProblem(e, plan, commitmentIds)),
  );
  const out: PublicDoc[] = [...reviews.map(projectReview), ...evaluations.map(projectEvaluation)];
  const evidence = evidenceById(live);
  const shown = new Set([...evidenceIds, ...reviews.flatMap((r) => r.minutesEvidenceIds ?? [])]);
  for (const id of shown) {
    const e = evidence.get(id);
    if (e?.status === 'published') out.push(projectEvidence(e));
  }
  // Summed in commitment order, so the plan's figure is the same whichever commitments were recomputed.
  const ordered = [...figures].map(([, f]) => f).sort((a, b) => a.number - b.number);
  const counts = Object.fromEntries(SCHEDULE_STATES.map((s) => [s, 0])) as Record<ScheduleState, number>;
  for (const f of ordered) counts[f.state]++;
  out.push({
    _id: plan._id,
    type: 'plan',
    ...pick(plan, PUBLIC_FIELDS.plan),
    progress: roundPercent(planProgress(ordered)),
    scheduleCounts: counts,
    commitmentCount: ordered.length,
    keyActionCount: ordered.reduce((sum, f) => sum + f.keyActionCount, 0),
    reportCount: ordered.reduce((sum, f) => sum + f.publishedReports, 0),
    asOf,
  });
  return { docs: out, refusals };
}

/** The evidence a report or an assessment points to (none for other documents), public or not. */
export function evidenceIdsOf(doc: WorkspaceDoc | PublicDoc): readonly string[] {
  return doc.type === 'progressReport' || doc.type === 'assessment' ? (doc.evidenceIds ?? []) : [];
}

/** The evidence public reports and assessments point to. */
export function referencedEvidence(docs: Iterable<PublicDoc>, into = new Set<string>()): Set<string> {
  for (const doc of docs) for (const id of evidenceIdsOf(doc)) into.add(id);
  return into;
}

export function evidenceById(docs: readonly WorkspaceDoc[]): Map<string, Evidence> {
  const map = new Map<string, Evidence>();
  for (const doc of docs) if (doc.type === 'evidence' && !doc._deleted) map.set(doc._id, doc);
  return map;
}

export function projectOrganization(org: Organization): PublicOrganization {
  return { _id: org._id, type: 'organization', ...pick(org, PUBLIC_FIELDS.organization) };
}

/** Commitment documents by kind, deleted ones and key actions of missing commitments left out. */
function sortByKind(docs: readonly WorkspaceDoc[]): CommitmentDocs {
  const all: CommitmentDocs = {
    commitments: [],
    keyActions: [],
    reports: [],
    assessments: [],
    questions: [],
    answers: [],
  };
  for (const doc of docs) {
    if (doc._deleted) continue;
    if (doc.type === 'commitment') all.commitments.push(doc);
    else if (doc.type === 'keyAction') all.keyActions.push(doc);
    else if (doc.type === 'progressReport') all.reports.push(doc);
    else if (doc.type === 'assessment') all.assessments.push(doc);
    else if (doc.type === 'question') all.questions.push(doc);
    else if (doc.type === 'answer') all.answers.push(doc);
  }
  all.commitments.sort((a, b) => a.number - b.number);
  all.keyActions.sort((a, b) => a.number - b.number);
  const commitmentIds = new Set(all.commitments.map((c) => c._id));
  all.keyActions = all.keyActions.filter((k) => commitmentIds.has(k.commitmentId));
  return all;
}

/**
 * Published reports with their published evidence and who corrected them; withdrawn ones keep only the withdrawal.
 * The validating organisation is public only while it is on the plan's committee: the rules let
 * only a committee member sign, but a committee can change after the signature.
 */
function projectReports(
  reports: readonly ProgressReport[],
  evidence: ReadonlyMap<string, Evidence>,
  committee: readonly string[],
): PublicReport[] {
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
    const { reviewedByOrgId, ...fields } = pick(report, PUBLIC_FIELDS.report);
    return {
      _id: report._id,
      type: 'progressReport',
      ...fields,
      ...(reviewedByOrgId && committee.includes(reviewedByOrgId) ? { reviewedByOrgId } : {}),
      status: 'published',
      evidenceIds: report.evidenceIds.filter((id) => evidence.get(id)?.status === 'published'),
      ...(corrector ? { correctedBy: corrector } : {}),
    };
  });
}

/** Key actions and commitments with the progress and schedule their counting reports give; their figures go in `figures`. */
function projectFigures(
  all: CommitmentDocs,
  reports: readonly ProgressReport[],
  asOf: IsoDate,
  figures: Map<string, CommitmentFigure>,
): (PublicKeyAction | PublicCommitment)[] {
  const out: (PublicKeyAction | PublicCommitment)[] = [];
  const reportsByKeyAction = groupBy(reports, (r) => r.keyActionId);
  const keyActionsByCommitment = groupBy(all.keyActions, (k) => k.commitmentId);
  const publishedByCommitment = new Map<string, number>();
  for (const r of reports)
    if (r.status === 'published')
      publishedByCommitment.set(r.commitmentId, (publishedByCommitment.get(r.commitmentId) ?? 0) + 1);
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
    figures.set(commitment._id, {
      number: commitment.number,
      progress,
      state,
      keyActionCount: own.length,
      publishedReports: publishedByCommitment.get(commitment._id) ?? 0,
    });
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
  return out;
}

/**
 * Published questions with the answers of the organisations their commitment names as responsible
 * or co-responsible (the gateway checks that on writing; a commitment's organisations may change
 * since). Pending and rejected questions, and the answers to them, stay in the workspace.
 */
function projectQuestions(
  all: CommitmentDocs,
  refuse: (id: string, problem: Problem | null) => boolean,
): PublicQuestion[] {
  const commitments = new Map(all.commitments.map((c) => [c._id, c]));
  const answersTo = groupBy(all.answers, (a) => a.questionId);
  return all.questions.flatMap((question): PublicQuestion[] => {
    const commitment = commitments.get(question.commitmentId);
    if (question.status !== 'published' || !commitment) return [];
    const answerable = [...new Set([...commitment.responsibleOrgIds, ...commitment.coResponsibleOrgIds])];
    const answers = (answersTo.get(question._id) ?? [])
      .filter((a) =>
        refuse(
          a._id,
          answerable.includes(a.orgId)
            ? null
            : {
                code: 'not-responsible',
                field: 'orgId',
                reason: `orgId: ${a.orgId} is not responsible for ${question.commitmentId}`,
                reasonEs: `orgId: ${a.orgId} no es responsable de ${question.commitmentId}`,
              },
        ),
      )
      .map((a) => ({ orgId: a.orgId, text: a.text, answeredAt: a.receivedAt ?? a.createdAt }))
      .sort((a, b) => a.answeredAt.localeCompare(b.answeredAt) || a.orgId.localeCompare(b.orgId));
    return [
      {
        _id: question._id,
        type: 'question',
        planId: question.planId,
        commitmentId: question.commitmentId,
        ...(question.reportId ? { reportId: question.reportId } : {}),
        text: question.text,
        ...(question.name ? { name: question.name } : {}),
        askedAt: question.receivedAt,
        publishedAt: question.publishedAt ?? question.receivedAt,
        answerableOrgIds: answerable,
        answers,
      },
    ];
  });
}

function projectEvidence(e: Evidence): PublicEvidence {
  return { _id: e._id, type: 'evidence', ...pick(e, PUBLIC_FIELDS.evidence), date: e.createdAt.slice(0, 10) };
}

function projectReview(r: Review): PublicReview {
  return { _id: r._id, type: 'review', ...pick(r, PUBLIC_FIELDS.review) };
}

function projectAssessment(a: Assessment, evidence: ReadonlyMap<string, Evidence>): PublicAssessment {
  const projected: PublicAssessment = { _id: a._id, type: 'assessment', ...pick(a, PUBLIC_FIELDS.assessment) };
  if (a.evidenceIds) projected.evidenceIds = a.evidenceIds.filter((id) => evidence.get(id)?.status === 'published');
  return projected;
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
