/** Document types stored in the workspace database. Every document carries a `type`. */

import type { PlanRevision } from './plan-revision.js';

export const ORG_KINDS = ['government', 'cso', 'autonomous', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const OGP_VALUES = [
  'accessToInformation',
  'civicParticipation',
  'publicAccountability',
  'technologyAndInnovation',
] as const;
export type OgpValue = (typeof OGP_VALUES)[number];

export const STATUSES = ['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export const EVIDENCE_KINDS = ['document', 'link', 'photo', 'minutes', 'dataset'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const ROLES = ['reporter', 'committee', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const DOC_TYPES = [
  'plan',
  'organization',
  'commitment',
  'keyAction',
  'progressReport',
  'evidence',
  'review',
  'assessment',
  'evaluation',
  'question',
  'answer',
] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO timestamp, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type IsoTime = string;

interface CouchFields {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  /** The version of the document's shape (see migrations.ts); absent on documents from before versions. */
  schemaVersion?: number;
}

export interface Plan extends CouchFields {
  type: 'plan';
  country: string;
  title: string;
  titleEn?: string;
  description?: string;
  startDate: IsoDate;
  endDate: IsoDate;
  languages: string[];
  /** When true a report goes draft → submitted → published | returned, validated by the committee. */
  reviewRequired: boolean;
  /** Organisations on the coordinating committee. */
  committeeOrgIds: string[];
  closed?: boolean;
  closedOn?: IsoDate;
  sourceUrls?: string[];
  /**
   * When the public's questions appear: `before` (the default) after the committee publishes
   * them, `after` at once, the committee rejecting afterwards what breaks the rules.
   */
  questionModeration?: QuestionModeration;
  /** The plan's public history: each revision of its structure once published (plan-revision.ts). */
  revisions?: PlanRevision[];
}

export const QUESTION_MODERATIONS = ['before', 'after'] as const;
export type QuestionModeration = (typeof QUESTION_MODERATIONS)[number];

export interface Organization extends CouchFields {
  type: 'organization';
  kind: OrgKind;
  name: string;
  acronym?: string;
  url?: string;
}

export interface IrmAssessment {
  verifiable?: string;
  relevant?: string;
  ambition?: string;
  earlyResults?: string;
}

export interface Commitment extends CouchFields {
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
  /** Organisations that support the commitment without leading it. */
  supportOrgIds?: string[];
  startDate: IsoDate;
  endDate: IsoDate;
  irm?: IrmAssessment;
  sourceUrl?: string;
  /** Fields the sources could not confirm; shown as such, never as fact. */
  unverifiedFields?: string[];
}

export interface KeyAction extends CouchFields {
  type: 'keyAction';
  planId: string;
  commitmentId: string;
  number: number;
  title: string;
  responsibleOrgIds: string[];
  startDate: IsoDate;
  endDate: IsoDate;
  weight: number;
  deliverable?: string;
  /** Illustrative content, shown with a "demo data" label. */
  demo?: boolean;
}

/** Fields shared by the documents an organisation authors and moves through the status workflow. */
interface Authored extends CouchFields {
  planId: string;
  orgId: string;
  createdBy: string;
  createdAt: IsoTime;
  updatedAt?: IsoTime;
  /** When the server received this version, by its own clock (set by the gateway, never by a device). */
  receivedAt?: IsoTime;
  status: Status;
  returnReason?: string;
  reviewedBy?: string;
  /**
   * The organisation of the committee member who validated or returned it: the public learns which
   * organisation validated a figure, never the person (`reviewedBy` stays in the workspace).
   */
  reviewedByOrgId?: string;
  reviewedAt?: IsoTime;
  withdrawnReason?: string;
  /** Never leaves the workspace. */
  internalNote?: string;
  demo?: boolean;
}

export interface ProgressReport extends Authored {
  type: 'progressReport';
  commitmentId: string;
  keyActionId: string;
  percent: number;
  narrative: string;
  date: IsoDate;
  evidenceIds: string[];
  /** A published report this one corrects; the corrected one stays in the public history. */
  corrects?: string;
}

export interface EvidenceFile {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
}

export interface Evidence extends Authored {
  type: 'evidence';
  title: string;
  kind: EvidenceKind;
  file?: EvidenceFile;
  url?: string;
}

export const REVIEW_KINDS = ['observation', 'meeting'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface Review extends CouchFields {
  type: 'review';
  planId: string;
  kind: ReviewKind;
  commitmentId: string;
  /** A report the observation is about, when it is not about the whole commitment. */
  reportId?: string;
  text: string;
  visibility: 'public' | 'internal';
  date: IsoDate;
  orgId: string;
  createdBy: string;
  createdAt: IsoTime;
  /** When the server received this version, by its own clock (set by the gateway, never by a device). */
  receivedAt?: IsoTime;
  participantOrgIds?: string[];
  agreements?: string;
  minutesEvidenceIds?: string[];
  demo?: boolean;
}

export interface Assessment extends Authored {
  type: 'assessment';
  commitmentId: string;
  /** A CSO's own view, or the committee's. Never merged with the government's figure. */
  by: 'cso' | 'committee';
  percent: number;
  narrative: string;
  date: IsoDate;
  evidenceIds?: string[];
  /** The organisation's earlier assessment of the commitment this one replaces; it stays in the history. */
  supersedes?: string;
}

/**
 * The IRM's completion scale, in its order: "No Evidence Available" is for a commitment whose
 * progress nobody can show, which is not the same as one shown not to have started. Adding it
 * needed no migration: every stored level is still one of these.
 */
export const COMPLETION_LEVELS = ['noEvidence', 'notStarted', 'limited', 'substantial', 'complete'] as const;
export type CompletionLevel = (typeof COMPLETION_LEVELS)[number];

/** The IRM's "Did it open government?" scale. */
export const OPENED_GOVERNMENT_LEVELS = ['didNotChange', 'marginal', 'major', 'outstanding'] as const;
export type OpenedGovernmentLevel = (typeof OPENED_GOVERNMENT_LEVELS)[number];

/** The committee's end-of-term evaluation of a commitment, in the words of OGP's IRM. */
export interface Evaluation extends CouchFields {
  type: 'evaluation';
  planId: string;
  commitmentId: string;
  /** Suggested from reported progress when the evaluation was written. */
  suggestedLevel: CompletionLevel;
  progressAtEvaluation: number;
  level: CompletionLevel;
  /** Required when the committee changes the suggested level. */
  reason?: string;
  /** "Did it open government?" on the IRM's scale… */
  openedGovernmentLevel?: OpenedGovernmentLevel;
  /** …and the committee's note on it. */
  openedGovernment?: string;
  date: IsoDate;
  orgId: string;
  createdBy: string;
  createdAt: IsoTime;
  /** When the server received this version, by its own clock (set by the gateway, never by a device). */
  receivedAt?: IsoTime;
}

export const QUESTION_STATUSES = ['pending', 'published', 'rejected'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/**
 * A question or comment from the public on a commitment (or one of its published reports), written
 * by the server when it arrives. The asker's e-mail is never here: it is personal data, kept in the
 * server's personal database, which no device replicates.
 */
export interface Question extends CouchFields {
  type: 'question';
  planId: string;
  commitmentId: string;
  /** The published report it is about, when it is not about the whole commitment. */
  reportId?: string;
  /** Plain text, shown escaped. */
  text: string;
  name?: string;
  status: QuestionStatus;
  /** When the server received it, by its own clock. */
  receivedAt: IsoTime;
  /** When it became public, by the server's clock (set by the server, never by a device). */
  publishedAt?: IsoTime;
  moderatedBy?: string;
  moderatedByOrgId?: string;
  moderatedAt?: IsoTime;
  /** Why the committee rejected it; the committee's alone, never public. */
  rejectionReason?: string;
}

/** A responsible (or co-responsible) organisation's public answer to a published question. */
export interface Answer extends CouchFields {
  type: 'answer';
  planId: string;
  commitmentId: string;
  questionId: string;
  orgId: string;
  text: string;
  createdBy: string;
  createdAt: IsoTime;
  updatedAt?: IsoTime;
  /** When the server received this version, by its own clock (set by the gateway, never by a device). */
  receivedAt?: IsoTime;
}

export type WorkspaceDoc =
  | Plan
  | Organization
  | Commitment
  | KeyAction
  | ProgressReport
  | Evidence
  | Review
  | Assessment
  | Evaluation
  | Question
  | Answer;

export type DocOfType<T extends DocType> = Extract<WorkspaceDoc, { type: T }>;

/** What CouchDB passes to `validate_doc_update` as `userCtx`. */
export interface UserCtx {
  name: string | null;
  roles: string[];
  db?: string;
}
