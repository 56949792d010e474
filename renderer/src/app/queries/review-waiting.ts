import type { ProgressReport } from '../../../../shared/src/types';
import type { Local } from '../local-docs';
import type { Workspace } from '../workspace';
import { submittedReports } from './reports';
import { useQuery } from './use-query';

/** A report waits for the committee while it is submitted: validating or returning it ends the wait. */
export const waitsForReview = (report: { status: string }): boolean => report.status === 'submitted';

/** The reports waiting for review, newest first. */
export const newestWaiting = (reports: Local<ProgressReport>[]): Local<ProgressReport>[] =>
  reports.filter(waitsForReview).sort((a, b) => (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt));

/**
 * The reports waiting for the committee's review, newest first, read with the same test the
 * review screen counts with, so the first screen, the menu and the queue never disagree.
 * Empty for anyone who is not a committee member (they cannot review).
 */
export function useWaitingForReview(workspace: Workspace): Local<ProgressReport>[] | null {
  const reports = useQuery(workspace.local, submittedReports(workspace.identity.roles.includes('committee')));
  return reports && newestWaiting(reports);
}
