import type { Assessment, Evaluation, Evidence, ProgressReport } from '../../../../shared/src/types';
import type { Local } from '../local-docs';
import { documents, type Query } from './query';

/** What the organisations and the committee write: reports, their evidence, assessments, evaluations. */

export const reportById = (id: string | undefined): Query<Local<ProgressReport>> | null =>
  id ? documents({ id }) : null;

export const publishedReportsOfPlan = (planId: string): Query<Local<ProgressReport>> =>
  documents({ type: 'progressReport', planId, status: 'published' });

export const reportsOfCommitment = (commitmentId: string): Query<Local<ProgressReport>> =>
  documents({ type: 'progressReport', commitmentId });

export const reportsOfKeyAction = (keyActionId: string | undefined): Query<Local<ProgressReport>> | null =>
  keyActionId ? documents({ type: 'progressReport', keyActionId }) : null;

/** An organisation's reports; none for someone with no organisation. */
export const reportsOfOrg = (orgId: string | undefined): Query<Local<ProgressReport>> | null =>
  orgId ? documents({ type: 'progressReport', orgId }) : null;

/** An organisation's reports still in its hands: drafts, and those the committee returned. */
export const draftsAndReturnedOf = (orgId: string | undefined): Query<Local<ProgressReport>> | null =>
  orgId ? documents({ type: 'progressReport', orgId, status: { $in: ['draft', 'returned'] } }) : null;

/** The reports the committee has seen or has to: submitted, returned and published. */
export const reportsForReview = (): Query<Local<ProgressReport>> =>
  documents({ type: 'progressReport', status: { $in: ['submitted', 'returned', 'published'] } });

/** The reports submitted to the committee; none for someone who is not on it (they cannot review). */
export const submittedReports = (committee: boolean): Query<Local<ProgressReport>> | null =>
  committee ? documents({ type: 'progressReport', status: 'submitted' }) : null;

/** Evidence documents by id; none when no id is asked for. */
export const evidenceByIds = (ids: readonly string[]): Query<Local<Evidence>> | null =>
  ids.length ? documents({ id: { $in: [...ids] } }) : null;

/** An organisation's assessments of a commitment; none for someone with no organisation. */
export const assessmentsOf = (commitmentId: string, orgId: string | undefined): Query<Local<Assessment>> | null =>
  orgId ? documents({ type: 'assessment', commitmentId, orgId }) : null;

export const assessmentDraftsOf = (orgId: string | undefined): Query<Local<Assessment>> | null =>
  orgId ? documents({ type: 'assessment', orgId, status: 'draft' }) : null;

export const evaluationsOf = (commitmentId: string): Query<Local<Evaluation>> =>
  documents({ type: 'evaluation', commitmentId });
