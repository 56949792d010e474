import { answerRecord } from '../../../shared/src/answer-record.js';
import type {
  ActivityItem,
  ActivityResponse,
  ApiOrganizations,
  CommitmentResponse,
  CsoFigure,
  DelayReason,
  EvaluationResponse,
  OrganizationResponse,
  OrganizationRole,
  OrganizationsResponse,
  PlanResponse,
  PlansResponse,
} from '../../../shared/src/api-types.js';
import { csoFigures } from '../../../shared/src/assessments.js';
import { revisionsOf } from '../../../shared/src/plan-revision.js';
import { suggestedCompletion } from '../../../shared/src/progress.js';
import type { Api, PublicCommitment, PublicDoc, PublicPlan } from '../../../shared/src/public.js';
import { orgIdsOf } from '../../../shared/src/references.js';
import { commitmentQuestions } from './answer-records.js';
import { commitmentDelay, keyActionDelay } from './delays.js';
import { newestFirst, RECENT_REPORTS } from './public-digest.js';
import type { PublicIndex } from './public-store.js';

export class NotFound extends Error {}

/** API documents use `id`, not CouchDB's `_id`. */
export function out<T extends { _id: string }>(doc: T): Api<T> {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

export function orgsOf(index: PublicIndex, ids: Iterable<string>): ApiOrganizations {
  const result: ApiOrganizations = {};
  for (const id of ids) {
    const org = index.organizations.get(id);
    if (org) result[id] = out(org);
  }
  return result;
}

function orgIdsOfAll(docs: readonly PublicDoc[]): Set<string> {
  return new Set(docs.flatMap(orgIdsOf));
}

function planOf(index: PublicIndex, id: string): PublicPlan {
  const plan = index.plans.find((p) => p._id === id);
  if (!plan) throw new NotFound(`There is no public plan ${id}.`);
  return plan;
}

/** The current figure of each co-responsible organisation for a commitment. */
function csoFiguresOf(index: PublicIndex, commitmentId: string): CsoFigure[] {
  return csoFigures((index.assessmentsByCommitment.get(commitmentId) ?? []).map(out));
}

export function plansView(index: PublicIndex): PlansResponse {
  return { plans: index.plans.map(out) };
}

/** A plan and its commitments; with their key actions unless `keyActions` is false (the overview's lighter form). */
export function planView(index: PublicIndex, id: string, keyActions = true): PlanResponse {
  const plan = planOf(index, id);
  const commitments = (index.commitmentsByPlan.get(id) ?? []).map((c) => ({
    ...out(c),
    ...commitmentDelay(index, c, plan.asOf),
    csoFigures: csoFiguresOf(index, c._id),
    ...(keyActions
      ? {
          keyActions: (index.keyActionsByCommitment.get(c._id) ?? []).map((k) => ({
            ...out(k),
            ...keyActionDelay(index, k, plan.asOf),
          })),
        }
      : {}),
  }));
  const named = orgIdsOfAll([plan, ...(index.commitmentsByPlan.get(id) ?? [])]);
  for (const c of commitments) for (const f of c.csoFigures) named.add(f.orgId);
  return { plan: out(plan), commitments, organizations: orgsOf(index, named) };
}

export function commitmentView(index: PublicIndex, id: string): CommitmentResponse {
  const commitment = index.commitments.get(id);
  if (!commitment) throw new NotFound(`There is no public commitment ${id}.`);
  const plan = planOf(index, commitment.planId);
  const keyActions = index.keyActionsByCommitment.get(id) ?? [];
  const reports = index.reportsByCommitment.get(id) ?? [];
  const reviews = index.reviewsByCommitment.get(id) ?? [];
  const assessments = index.assessmentsByCommitment.get(id) ?? [];
  const evaluation = (index.evaluationsByCommitment.get(id) ?? []).at(-1);
  const asked = commitmentQuestions(index, id, [
    ...new Set([...commitment.responsibleOrgIds, ...commitment.coResponsibleOrgIds]),
  ]);
  const evidenceIds = new Set([
    ...reports.flatMap((r) => r.evidenceIds),
    ...reviews.flatMap((r) => r.minutesEvidenceIds ?? []),
    ...assessments.flatMap((a) => a.evidenceIds ?? []),
  ]);
  const evidence = [...evidenceIds].flatMap((e) => {
    const found = index.evidence.get(e);
    return found ? [out(found)] : [];
  });
  return {
    commitment: { ...out(commitment), ...commitmentDelay(index, commitment, plan.asOf) },
    plan: {
      id: plan._id,
      title: plan.title,
      titleEn: plan.titleEn,
      country: plan.country,
      languages: plan.languages,
      ...(plan.questionModeration ? { questionModeration: plan.questionModeration } : {}),
    },
    revisions: revisionsOf(plan.revisions, commitment._id),
    keyActions: keyActions.map((k) => ({ ...out(k), ...keyActionDelay(index, k, plan.asOf) })),
    reports: reports.map(out),
    evidence,
    reviews: reviews.map(out),
    assessments: assessments.map(out),
    evaluation: evaluation ? out(evaluation) : null,
    questions: asked.questions.map(out),
    answerRecord: asked.answerRecord,
    organizations: orgsOf(
      index,
      orgIdsOfAll([
        commitment,
        ...keyActions,
        ...reports,
        ...reviews,
        ...assessments,
        ...(evaluation ? [evaluation] : []),
      ]),
    ),
  };
}

export function organizationsView(index: PublicIndex): OrganizationsResponse {
  const counts = new Map<string, number>();
  for (const c of index.commitments.values())
    for (const id of new Set([...c.responsibleOrgIds, ...c.coResponsibleOrgIds]))
      counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    organizations: [...index.organizations.values()]
      .sort((a, b) => a.name.localeCompare(b.name, 'es'))
      .map((o) => ({ ...out(o), commitmentCount: counts.get(o._id) ?? 0 })),
  };
}

export function organizationView(index: PublicIndex, id: string): OrganizationResponse {
  const organization = index.organizations.get(id);
  if (!organization) throw new NotFound(`There is no public organisation ${id}.`);
  const roleIn = (c: PublicCommitment): OrganizationRole | null =>
    c.responsibleOrgIds.includes(id)
      ? 'responsible'
      : c.coResponsibleOrgIds.includes(id)
        ? 'coResponsible'
        : c.supportOrgIds?.includes(id)
          ? 'support'
          : null;
  // In the plans' order, then by number: the index holds them in the order the store gave them,
  // which on a sharded CouchDB database is not the order they were written in.
  const planOrder = new Map(index.plans.map((plan, i) => [plan._id, i]));
  const rank = (c: PublicCommitment) => planOrder.get(c.planId) ?? index.plans.length;
  const ordered = [...index.commitments.values()].sort((a, b) => rank(a) - rank(b) || a.number - b.number);
  const commitments = ordered.flatMap((c) => {
    const role = roleIn(c);
    if (!role) return [];
    const keyActions = (index.keyActionsByCommitment.get(c._id) ?? []).filter((k) => k.responsibleOrgIds.includes(id));
    return [{ ...out(c), role, keyActions: keyActions.map(out) }];
  });
  const reports = index.reports.filter((r) => r.orgId === id).sort(newestFirst);
  return {
    organization: out(organization),
    commitments,
    recentReports: reports.slice(0, RECENT_REPORTS).map(out),
    answerRecord: answerRecord(index.questions, id),
    organizations: orgsOf(index, orgIdsOfAll(commitments.map((c) => index.commitments.get(c.id) as PublicCommitment))),
  };
}

export function activityView(index: PublicIndex, planId: string | undefined, limit: number): ActivityResponse {
  const items: ActivityItem[] = [];
  const base = (doc: {
    _id: string;
    date: string;
    planId: string;
    commitmentId: string;
    orgId: string;
    demo?: boolean;
  }) => ({
    id: doc._id,
    date: doc.date,
    planId: doc.planId,
    commitmentId: doc.commitmentId,
    commitmentTitle: index.commitments.get(doc.commitmentId)?.title ?? doc.commitmentId,
    orgId: doc.orgId,
    orgName: index.organizations.get(doc.orgId)?.acronym ?? index.organizations.get(doc.orgId)?.name ?? doc.orgId,
    ...(doc.demo ? { demo: true } : {}),
  });
  for (const r of index.reports)
    items.push({
      kind: 'report',
      ...base(r),
      summary: r.status === 'withdrawn' ? `Withdrawn: ${r.withdrawnReason ?? ''}` : (r.narrative ?? ''),
      ...(r.percent !== undefined ? { percent: r.percent } : {}),
    });
  for (const r of index.reviews) items.push({ kind: 'review', ...base(r), summary: r.text });
  for (const a of index.assessments)
    items.push({ kind: 'assessment', ...base(a), summary: a.narrative, percent: a.percent });
  return {
    activity: items
      .filter((i) => !planId || i.planId === planId)
      .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))
      .slice(0, limit),
  };
}

/** Why a row is late, as CSV columns; empty cells for a row that is not. */
function delayColumns({ delay }: { delay?: DelayReason }) {
  return {
    expected_percent: delay?.expectedPercent ?? '',
    days_overdue: delay?.daysOverdue ?? '',
    delay_explanation: delay?.latestReport ? `${delay.latestReport.date}: ${delay.latestReport.narrative}` : '',
  };
}

/** Flat rows for the CSV exports of a plan. */
export function exportTables(index: PublicIndex, planId: string) {
  const plan = planOf(index, planId);
  const name = (ids: readonly string[] | undefined) =>
    (ids ?? []).map((id) => index.organizations.get(id)?.acronym ?? index.organizations.get(id)?.name ?? id).join('; ');
  const commitments = index.commitmentsByPlan.get(planId) ?? [];
  const keyActions = commitments.flatMap((c) => index.keyActionsByCommitment.get(c._id) ?? []);
  const reports = commitments.flatMap((c) => index.reportsByCommitment.get(c._id) ?? []);
  return {
    plan,
    commitments: commitments.map((c) => ({
      id: c._id,
      number: c.number,
      ogp_id: c.ogpId ?? '',
      title: c.title,
      progress_percent: c.progress,
      cso_assessments: csoFiguresOf(index, c._id)
        .map((f) => `${name([f.orgId])}: ${f.percent} %`)
        .join('; '),
      schedule_state: c.scheduleState,
      responsible: name(c.responsibleOrgIds),
      co_responsible: name(c.coResponsibleOrgIds),
      ogp_values: c.ogpValues.join('; '),
      start_date: c.startDate,
      end_date: c.endDate,
      last_report_date: c.lastReportDate ?? '',
      key_actions: c.keyActionCount,
      ...delayColumns(commitmentDelay(index, c, plan.asOf)),
    })),
    keyActions: keyActions.map((k) => ({
      id: k._id,
      commitment_id: k.commitmentId,
      number: k.number,
      title: k.title,
      responsible: name(k.responsibleOrgIds),
      start_date: k.startDate,
      end_date: k.endDate,
      weight: k.weight,
      progress_percent: k.progress,
      schedule_state: k.scheduleState,
      ...delayColumns(keyActionDelay(index, k, plan.asOf)),
      demo_data: k.demo ? 'yes' : 'no',
    })),
    reports: reports.map((r) => ({
      id: r._id,
      commitment_id: r.commitmentId,
      key_action_id: r.keyActionId,
      organization: name([r.orgId]),
      date: r.date,
      status: r.status,
      percent: r.percent ?? '',
      narrative: r.narrative ?? r.withdrawnReason ?? '',
      corrects: r.corrects ?? '',
      corrected_by: r.correctedBy ?? '',
      evidence: r.evidenceIds.map((e) => index.evidence.get(e)?.url ?? `/api/evidence/${e}`).join('; '),
      demo_data: r.demo ? 'yes' : 'no',
    })),
  };
}

/**
 * The end-of-term evaluation of a plan: per commitment, the progress the reports give (with the
 * date of the last one as its source), the level that progress suggests, and the committee's
 * latest evaluation with its reason and "did it open government?" note.
 */
export function evaluationView(index: PublicIndex, planId: string): EvaluationResponse {
  const plan = planOf(index, planId);
  const commitments = index.commitmentsByPlan.get(planId) ?? [];
  const rows = commitments.map((c): EvaluationResponse['rows'][number] => {
    const evaluation = (index.evaluationsByCommitment.get(c._id) ?? []).at(-1);
    return {
      commitmentId: c._id,
      number: c.number,
      title: c.title,
      titleEn: c.titleEn,
      progress: c.progress,
      scheduleState: c.scheduleState,
      progressSource: c.lastReportDate
        ? { kind: 'publishedReports', lastReportDate: c.lastReportDate }
        : { kind: 'noReports' },
      suggestedLevel: suggestedCompletion(c.progress),
      evaluation: evaluation ? out(evaluation) : null,
      csoFigures: csoFiguresOf(index, c._id),
      demo: Boolean(c.demo),
    };
  });
  return {
    plan: {
      id: plan._id,
      title: plan.title,
      titleEn: plan.titleEn,
      country: plan.country,
      startDate: plan.startDate,
      endDate: plan.endDate,
      progress: plan.progress,
      asOf: plan.asOf,
      closed: Boolean(plan.closed),
    },
    rows,
    organizations: orgsOf(
      index,
      rows.flatMap((r) => [...(r.evaluation ? [r.evaluation.orgId] : []), ...r.csoFigures.map((f) => f.orgId)]),
    ),
  };
}
