import type { ScheduleState } from './schedule.js';
import type {
  Assessment,
  Commitment,
  Evaluation,
  Evidence,
  KeyAction,
  Organization,
  Plan,
  ProgressReport,
  Question,
  Review,
} from './types.js';

/*
 * Documents of the public database: sanitised projections written only by the publisher.
 * Plans, organisations, commitments and key actions are written by administrators and public
 * whole; of what organisations and the committee author, only the fields picked here are.
 */

type Stored<T> = Omit<T, '_rev' | '_deleted'>;

export interface PublicPlan extends Stored<Plan> {
  progress: number;
  scheduleCounts: Record<ScheduleState, number>;
  commitmentCount: number;
  keyActionCount: number;
  reportCount: number;
  asOf: string;
}

export interface PublicOrganization extends Stored<Organization> {}

export interface PublicCommitment extends Stored<Commitment> {
  progress: number;
  scheduleState: ScheduleState;
  keyActionCount: number;
  lastReportDate?: string;
  /** Progress computed from illustrative key actions is illustrative too. */
  demo?: boolean;
}

export interface PublicKeyAction extends Stored<KeyAction> {
  progress: number;
  scheduleState: ScheduleState;
  lastReportDate?: string;
}

export interface PublicReport
  extends Pick<
      ProgressReport,
      | '_id'
      | 'type'
      | 'planId'
      | 'commitmentId'
      | 'keyActionId'
      | 'orgId'
      | 'date'
      | 'withdrawnReason'
      | 'corrects'
      | 'reviewedAt'
      | 'reviewedByOrgId'
      | 'evidenceIds'
      | 'demo'
    >,
    /** A withdrawn report keeps only the withdrawal. */
    Partial<Pick<ProgressReport, 'percent' | 'narrative'>> {
  status: 'published' | 'withdrawn';
  /** A later report that corrects this one; it no longer counts. */
  correctedBy?: string;
}

export interface PublicEvidence
  extends Pick<Evidence, '_id' | 'type' | 'planId' | 'orgId' | 'title' | 'kind' | 'file' | 'url' | 'demo'> {
  /** The day the evidence was recorded. */
  date: string;
}

export interface PublicReview
  extends Pick<
    Review,
    | '_id'
    | 'type'
    | 'planId'
    | 'kind'
    | 'commitmentId'
    | 'reportId'
    | 'text'
    | 'date'
    | 'orgId'
    | 'participantOrgIds'
    | 'agreements'
    | 'minutesEvidenceIds'
    | 'demo'
  > {}

export interface PublicAssessment
  extends Pick<
    Assessment,
    | '_id'
    | 'type'
    | 'planId'
    | 'commitmentId'
    | 'orgId'
    | 'by'
    | 'percent'
    | 'narrative'
    | 'date'
    | 'evidenceIds'
    | 'supersedes'
    | 'demo'
  > {}

export interface PublicEvaluation
  extends Pick<
    Evaluation,
    | '_id'
    | 'type'
    | 'planId'
    | 'commitmentId'
    | 'suggestedLevel'
    | 'progressAtEvaluation'
    | 'level'
    | 'reason'
    | 'openedGovernmentLevel'
    | 'openedGovernment'
    | 'date'
    | 'orgId'
  > {}

/** An organisation's answer, as public: which organisation, what, and when the server received it. */
export interface PublicAnswer {
  orgId: string;
  text: string;
  answeredAt: string;
}

/**
 * A published question with its answers: never its asker's e-mail (which is not in the workspace
 * either), never a pending or rejected one. A question gaining its first answer here is the public
 * event "a question was answered".
 */
export interface PublicQuestion
  extends Pick<Question, '_id' | 'type' | 'planId' | 'commitmentId' | 'reportId' | 'text' | 'name'> {
  askedAt: string;
  publishedAt: string;
  /** Who is to answer: the commitment's responsible and co-responsible organisations. */
  answerableOrgIds: string[];
  /** Oldest first. */
  answers: PublicAnswer[];
}

export type PublicDoc =
  | PublicPlan
  | PublicOrganization
  | PublicCommitment
  | PublicKeyAction
  | PublicReport
  | PublicEvidence
  | PublicReview
  | PublicAssessment
  | PublicEvaluation
  | PublicQuestion;

/** Public documents as the API serves them: `id` instead of CouchDB's `_id`. */
export type Api<T extends { _id: string }> = Omit<T, '_id'> & { id: string };
