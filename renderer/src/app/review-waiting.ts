import type { ProgressReport } from '../../../shared/src/types';
import { useDocs } from './hooks';
import type { Local } from './local-docs';
import type { Workspace } from './workspace';

/** A report waits for the committee while it is submitted: validating or returning it ends the wait. */
export const waitsForReview = (report: { status: string }): boolean => report.status === 'submitted';

/**
 * The reports waiting for the committee's review, newest first, read with the same test the
 * review screen counts with, so the first screen, the menu and the queue never disagree.
 * Empty for anyone who is not a committee member (they cannot review).
 */
export function useWaitingForReview(workspace: Workspace): Local<ProgressReport>[] | null {
  const committee = workspace.identity.roles.includes('committee');
  const reports = useDocs<Local<ProgressReport>>(workspace.local.workspace, {
    type: 'progressReport',
    status: committee ? 'submitted' : '-',
  });
  if (!reports) return null;
  return reports
    .filter(waitsForReview)
    .sort((a, b) => (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt));
}
