/*
 * What the publisher publishes, and which fields: the app computes figures with the same rules,
 * so a reporter never sees progress the public side will not show.
 */
import type {
  PublicAssessment,
  PublicCommitment,
  PublicEvaluation,
  PublicEvidence,
  PublicKeyAction,
  PublicOrganization,
  PublicPlan,
  PublicReport,
  PublicReview,
} from '../public.js';
import type {
  Assessment,
  Commitment,
  Evaluation,
  Evidence,
  KeyAction,
  Organization,
  Plan,
  ProgressReport,
  Review,
} from '../types.js';
import type { Problem } from './permissions.js';

/** Fields a public document copies from its workspace document: a name both types do not declare does not compile. */
type Copied<W, P> = readonly (keyof W & keyof P)[];

export const PUBLIC_FIELDS = {
  plan: [
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
    'questionModeration',
    'revisions',
  ] as const satisfies Copied<Plan, PublicPlan>,
  organization: ['kind', 'name', 'acronym', 'url'] as const satisfies Copied<Organization, PublicOrganization>,
  commitment: [
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
  ] as const satisfies Copied<Commitment, PublicCommitment>,
  keyAction: [
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
  ] as const satisfies Copied<KeyAction, PublicKeyAction>,
  /** A published report; a withdrawn one keeps only `withdrawnReport`'s fields. */
  report: [
    'planId',
    'commitmentId',
    'keyActionId',
    'orgId',
    'percent',
    'narrative',
    'date',
    'corrects',
    'reviewedAt',
    'reviewedByOrgId',
    'demo',
  ] as const satisfies Copied<ProgressReport, PublicReport>,
  withdrawnReport: [
    'planId',
    'commitmentId',
    'keyActionId',
    'orgId',
    'date',
    'withdrawnReason',
    'demo',
  ] as const satisfies Copied<ProgressReport, PublicReport>,
  evidence: ['planId', 'orgId', 'title', 'kind', 'file', 'url', 'demo'] as const satisfies Copied<
    Evidence,
    PublicEvidence
  >,
  review: [
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
  ] as const satisfies Copied<Review, PublicReview>,
  assessment: [
    'planId',
    'commitmentId',
    'orgId',
    'by',
    'percent',
    'narrative',
    'date',
    'evidenceIds',
    'supersedes',
    'demo',
  ] as const satisfies Copied<Assessment, PublicAssessment>,
  evaluation: [
    'planId',
    'commitmentId',
    'suggestedLevel',
    'progressAtEvaluation',
    'level',
    'reason',
    'openedGovernmentLevel',
    'openedGovernment',
    'date',
    'orgId',
  ] as const satisfies Copied<Evaluation, PublicEvaluation>,
};

/** Copies the listed fields that are present: public documents are built field by field, never copied whole. */
export function pick<T extends object, K extends keyof T>(doc: T, keys: readonly K[]): Pick<T, K> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (doc[key] !== undefined) out[key] = doc[key];
  // Absent fields are left out rather than set to undefined: optional in both types.
  return out as Pick<T, K>;
}

type PlanRules = Pick<Plan, '_id' | 'reviewRequired' | 'committeeOrgIds'>;

/**
 * Why a published or withdrawn report stays off the public side, or null when it is published:
 * it must be on a key action of its commitment that its organisation is responsible for, and on
 * a plan that asks for review, validated by the committee.
 */
export function reportPublicationProblem(
  report: Pick<ProgressReport, 'keyActionId' | 'commitmentId' | 'orgId' | 'status' | 'reviewedBy'>,
  keyAction: Pick<KeyAction, 'commitmentId' | 'responsibleOrgIds'> | undefined,
  plan: PlanRules,
): Problem | null {
  if (!keyAction || keyAction.commitmentId !== report.commitmentId)
    return problem(
      'not-in-commitment',
      'keyActionId',
      `${report.keyActionId} is not a key action of ${report.commitmentId}`,
      `${report.keyActionId} no es una acción clave de ${report.commitmentId}`,
    );
  if (!keyAction.responsibleOrgIds.includes(report.orgId))
    return problem(
      'not-responsible',
      'orgId',
      `${report.orgId} is not responsible for ${report.keyActionId}`,
      `${report.orgId} no es responsable de ${report.keyActionId}`,
    );
  if (plan.reviewRequired && report.status === 'published' && !report.reviewedBy)
    return problem(
      'not-reviewed',
      'status',
      'this plan asks for review and the committee has not validated the report',
      'este plan pide revisión y el comité no ha validado el reporte',
    );
  return null;
}

/** Why a public observation or meeting stays off the public side, or null. */
export function reviewPublicationProblem(
  review: Pick<Review, 'orgId' | 'commitmentId'>,
  plan: PlanRules,
  commitmentIds: ReadonlySet<string>,
): Problem | null {
  return committeeProblem(review.orgId, plan) ?? commitmentProblem(review.commitmentId, plan, commitmentIds);
}

/** Why a published assessment stays off the public side, or null: a CSO's must co-lead the commitment. */
export function assessmentPublicationProblem(
  assessment: Pick<Assessment, 'orgId' | 'commitmentId' | 'by'>,
  commitment: Pick<Commitment, '_id' | 'coResponsibleOrgIds'> | undefined,
  plan: PlanRules,
): Problem | null {
  if (!commitment) return commitmentProblem(assessment.commitmentId, plan, new Set());
  if (assessment.by === 'cso' && !commitment.coResponsibleOrgIds.includes(assessment.orgId))
    return problem(
      'not-co-responsible',
      'orgId',
      `${assessment.orgId} does not co-lead ${commitment._id}`,
      `${assessment.orgId} no es corresponsable de ${commitment._id}`,
    );
  return assessment.by === 'committee' ? committeeProblem(assessment.orgId, plan) : null;
}

/** Why an evaluation stays off the public side, or null. */
export function evaluationPublicationProblem(
  evaluation: Pick<Evaluation, 'orgId' | 'commitmentId'>,
  plan: PlanRules,
  commitmentIds: ReadonlySet<string>,
): Problem | null {
  return commitmentProblem(evaluation.commitmentId, plan, commitmentIds) ?? committeeProblem(evaluation.orgId, plan);
}

function committeeProblem(orgId: string, plan: PlanRules): Problem | null {
  return plan.committeeOrgIds.includes(orgId)
    ? null
    : problem(
        'not-committee',
        'orgId',
        `${orgId} is not on the plan's committee`,
        `${orgId} no forma parte del comité del plan`,
      );
}

function commitmentProblem(commitmentId: string, plan: PlanRules, commitmentIds: ReadonlySet<string>): Problem | null {
  return commitmentIds.has(commitmentId)
    ? null
    : problem(
        'not-in-plan',
        'commitmentId',
        `${commitmentId} is not in ${plan._id}`,
        `${commitmentId} no pertenece a ${plan._id}`,
      );
}

function problem(code: string, field: string, reason: string, reasonEs: string): Problem {
  return { code, field, reason: `${field}: ${reason}`, reasonEs: `${field}: ${reasonEs}` };
}
