/*
 * The public API's responses, as the server builds them (`sync-server/src/api/views.ts`) and the
 * dashboard reads them; `/api/openapi.json` describes the same shapes, and a test checks real
 * responses against it.
 */

import type { AnswerRecord } from './answer-record.js';
import type { PlanRevision } from './plan-revision.js';
import type {
  Api,
  PublicAssessment,
  PublicCommitment,
  PublicEvaluation,
  PublicEvidence,
  PublicKeyAction,
  PublicOrganization,
  PublicPlan,
  PublicQuestion,
  PublicReport,
  PublicReview,
} from './public.js';
import type { DelayFacts } from './schedule.js';
import type { CompletionLevel } from './types.js';

export type ApiPlan = Api<PublicPlan>;
export type ApiCommitment = Api<PublicCommitment>;
export type ApiKeyAction = Api<PublicKeyAction>;
export type ApiOrganization = Api<PublicOrganization>;
export type ApiReport = Api<PublicReport>;
export type ApiEvidence = Api<PublicEvidence>;
export type ApiReview = Api<PublicReview>;
export type ApiAssessment = Api<PublicAssessment>;
export type ApiEvaluation = Api<PublicEvaluation>;
export type ApiQuestion = Api<PublicQuestion>;
/** An organisation's answer record: how many questions it was asked, answered, how fast. */
export type OrganizationAnswerRecord = AnswerRecord & { orgId: string };
/** The organisations a response mentions, by id. */
export type ApiOrganizations = Record<string, ApiOrganization>;

/**
 * Why a delayed commitment or key action is late: the figures its state is measured by, and the
 * latest counting report behind its progress, with that report's own explanation.
 */
export interface DelayReason extends DelayFacts {
  latestReport?: { id: string; keyActionId: string; date: string; orgId: string; percent: number; narrative: string };
}
/** A commitment or key action with its `delay`, present only while its state is delayed. */
export type Late<T> = T & { delay?: DelayReason };

export interface PlansResponse {
  plans: ApiPlan[];
}

/** A co-responsible organisation's current figure for a commitment, shown beside the government's. */
export interface CsoFigure {
  orgId: string;
  percent: number;
  date: string;
}

export interface PlanResponse {
  plan: ApiPlan;
  /** With their key actions, unless the request said `keyActions=false`. */
  commitments: (Late<ApiCommitment> & { csoFigures: CsoFigure[]; keyActions?: Late<ApiKeyAction>[] })[];
  organizations: ApiOrganizations;
}

export interface CommitmentResponse {
  commitment: Late<ApiCommitment>;
  /** `languages`: the languages the plan is written in, the first one its own. */
  plan: Pick<ApiPlan, 'id' | 'title' | 'titleEn' | 'country' | 'languages' | 'questionModeration'>;
  /** The plan's revisions that changed this commitment or its key actions, with those changes only. */
  revisions: PlanRevision[];
  keyActions: Late<ApiKeyAction>[];
  reports: ApiReport[];
  evidence: ApiEvidence[];
  reviews: ApiReview[];
  assessments: ApiAssessment[];
  /** The committee's end-of-term evaluation, once there is one. */
  evaluation: ApiEvaluation | null;
  /** Published questions from the public, with their answers. */
  questions: ApiQuestion[];
  /** The commitment's answer record as a whole, and each of its responsible and co-responsible organisations'. */
  answerRecord: AnswerRecord & { organizations: OrganizationAnswerRecord[] };
  organizations: ApiOrganizations;
}

export interface OrganizationsResponse {
  organizations: (ApiOrganization & { commitmentCount: number })[];
}

export type OrganizationRole = 'responsible' | 'coResponsible' | 'support';

export interface OrganizationResponse {
  organization: ApiOrganization;
  commitments: (ApiCommitment & { role: OrganizationRole; keyActions: ApiKeyAction[] })[];
  recentReports: ApiReport[];
  /** Over every plan: the public's questions on its commitments, and how it answers them. */
  answerRecord: AnswerRecord;
  organizations: ApiOrganizations;
}

/** A plan's answer record, as a whole and per organisation asked (`/api/plans/{id}/answer-record`). */
export interface AnswerRecordResponse {
  plan: Pick<ApiPlan, 'id' | 'title' | 'titleEn' | 'country'>;
  record: AnswerRecord;
  organizations: OrganizationAnswerRecord[];
  names: ApiOrganizations;
}

export interface ActivityItem {
  kind: 'report' | 'review' | 'assessment';
  id: string;
  date: string;
  planId: string;
  commitmentId: string;
  commitmentTitle: string;
  orgId: string;
  orgName: string;
  summary: string;
  percent?: number;
  demo?: boolean;
}

export interface ActivityResponse {
  activity: ActivityItem[];
}

export type ProgressSource = { kind: 'publishedReports'; lastReportDate: string } | { kind: 'noReports' };

export interface EvaluationRow {
  commitmentId: string;
  number: number;
  title: string;
  titleEn?: string;
  progress: number;
  scheduleState: ApiCommitment['scheduleState'];
  progressSource: ProgressSource;
  suggestedLevel: CompletionLevel;
  evaluation: ApiEvaluation | null;
  /** The co-responsible organisations' current figures, beside the government's. */
  csoFigures: CsoFigure[];
  demo: boolean;
}

export interface EvaluationResponse {
  plan: Pick<ApiPlan, 'id' | 'title' | 'titleEn' | 'country' | 'startDate' | 'endDate' | 'progress' | 'asOf'> & {
    closed: boolean;
  };
  rows: EvaluationRow[];
  organizations: ApiOrganizations;
}

export interface SiteResponse {
  name?: string;
  logoUrl?: string;
  /** The site's default language, when the person has not chosen one. */
  language: 'es' | 'en';
  workspaceDb: string;
  publicUrl: string;
  /** Demo records are public: pages say so. */
  demo: boolean;
  /** Days before a key action's end date its reporters are reminded (TABLERO_REMINDER_DAYS); the app's inbox uses it too. */
  reminderDays: number;
}

export interface ChangesResponse {
  version: string;
}
