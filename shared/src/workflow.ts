import type { Status } from './types.js';

/** Who moves a report, evidence or assessment between statuses. */
export type Actor = 'author' | 'committee';

/**
 * The status workflow: `TRANSITIONS[from][to]` lists who may make that move. Staying in the same
 * status is an edit. `draft → published` is for plans without review; on plans that ask for
 * review the publisher refuses a report the committee did not validate.
 */
export const TRANSITIONS: Record<Status, Partial<Record<Status, Actor[]>>> = {
  draft: { draft: ['author'], submitted: ['author'], published: ['author'] },
  returned: { returned: ['author'], draft: ['author'], submitted: ['author'] },
  submitted: { draft: ['author'], published: ['committee'], returned: ['committee'] },
  published: { withdrawn: ['author', 'committee'] },
  withdrawn: {},
};

/** The statuses a new document may be created in. */
export const INITIAL_STATUSES: Status[] = ['draft', 'submitted', 'published'];

/** Statuses in which the author may still change the content. */
export const EDITABLE_STATUSES: Status[] = ['draft', 'returned'];

/** Fields that record the workflow rather than the content; the rest is frozen once submitted. */
export const WORKFLOW_FIELDS = [
  'status',
  'returnReason',
  'reviewedBy',
  'reviewedByOrgId',
  'reviewedAt',
  'withdrawnReason',
  'updatedAt',
] as const;

export function canTransition(from: Status | null, to: Status, actor: Actor): boolean {
  if (from === null) return actor === 'author' && INITIAL_STATUSES.includes(to);
  return TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** The moves open to an actor from a status, for the UI's buttons. */
export function nextStatuses(from: Status, actor: Actor): Status[] {
  return (Object.keys(TRANSITIONS[from]) as Status[]).filter((to) => to !== from && canTransition(from, to, actor));
}
