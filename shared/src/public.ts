import type { ScheduleState } from './schedule.js';
import type { CompletionLevel, EvidenceFile, IrmAssessment, OgpValue, OrgKind, ReviewKind, Status } from './types.js';

/** Documents of the public database: sanitised projections written only by the publisher. */
export interface PublicPlan {
  _id: string;
  type: 'plan';
  country: string;
  title: string;
  titleEn?: string;
  description?: string;
  startDate: string;
  endDate: string;
  languages: string[];
  reviewRequired: boolean;
  committeeOrgIds: string[];
  closed?: boolean;
  closedOn?: string;
  sourceUrls?: string[];
  progress: number;
  scheduleCounts: Record<ScheduleState, number>;
  commitmentCount: number;
  keyActionCount: number;
  reportCount: number;
  asOf: string;
}

export interface PublicOrganization {
  _id: string;
  type: 'organization';
  kind: OrgKind;
  name: string;
  acronym?: string;
  url?: string;
}

export interface PublicCommitment {
  _id: string;
  type: 'commitment';
  planId: string;
  number: number;
  ogpId?: string;
  title: string;
  titleEn?: string;
  problem?: string;
  objective: string;
  ogpValues: OgpValue[];
  themes: string[];
  responsibleOrgIds: string[];
  coResponsibleOrgIds: string[];
  supportOrgIds?: string[];
  startDate: string;
  endDate: string;
  irm?: IrmAssessment;
  sourceUrl?: string;
  unverifiedFields?: string[];
  progress: number;
  scheduleState: ScheduleState;
  keyActionCount: number;
  lastReportDate?: string;
  demo?: boolean;
}

export interface PublicKeyAction {
  _id: string;
  type: 'keyAction';
  planId: string;
  commitmentId: string;
  number: number;
  title: string;
  responsibleOrgIds: string[];
  startDate: string;
  endDate: string;
  weight: number;
  deliverable?: string;
  demo?: boolean;
  progress: number;
  scheduleState: ScheduleState;
  lastReportDate?: string;
}

export interface PublicReport {
  _id: string;
  type: 'progressReport';
  planId: string;
  commitmentId: string;
  keyActionId: string;
  orgId: string;
  percent?: number;
  narrative?: string;
  date: string;
  status: Extract<Status, 'published' | 'withdrawn'>;
  withdrawnReason?: string;
  corrects?: string;
  correctedBy?: string;
  reviewedAt?: string;
  evidenceIds: string[];
  demo?: boolean;
}

export interface PublicEvidence {
  _id: string;
  type: 'evidence';
  planId: string;
  orgId: string;
  title: string;
  kind: string;
  file?: EvidenceFile;
  url?: string;
  date: string;
  demo?: boolean;
}

export interface PublicReview {
  _id: string;
  type: 'review';
  planId: string;
  kind: ReviewKind;
  commitmentId: string;
  reportId?: string;
  text: string;
  date: string;
  orgId: string;
  participantOrgIds?: string[];
  agreements?: string;
  minutesEvidenceIds?: string[];
  demo?: boolean;
}

export interface PublicAssessment {
  _id: string;
  type: 'assessment';
  planId: string;
  commitmentId: string;
  orgId: string;
  by: 'cso' | 'committee';
  percent: number;
  narrative: string;
  date: string;
  demo?: boolean;
}

export interface PublicEvaluation {
  _id: string;
  type: 'evaluation';
  planId: string;
  commitmentId: string;
  suggestedLevel: CompletionLevel;
  progressAtEvaluation: number;
  level: CompletionLevel;
  reason?: string;
  openedGovernment?: string;
  date: string;
  orgId: string;
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
  | PublicEvaluation;

/** Public documents as the API serves them: `id` instead of CouchDB's `_id`. */
export type Api<T extends { _id: string }> = Omit<T, '_id'> & { id: string };
