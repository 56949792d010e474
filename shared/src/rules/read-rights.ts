/*
 * Who reads what in the workspace: the read matrix the gateway applies to every document it
 * serves (GET, _all_docs, _bulk_get, _changes), so a device holds only what its person may read.
 *
 * | document                                   | who reads it                                        |
 * | ------------------------------------------ | --------------------------------------------------- |
 * | organization                               | every signed-in person                              |
 * | plan, commitment, keyAction                | members of the plan                                 |
 * | report, evidence, assessment: published,   | members of the plan                                 |
 * |   withdrawn                                |                                                     |
 * |   submitted, returned                      | its organisation and the plan's committee           |
 * |   draft                                    | its organisation                                    |
 * | review (observation, meeting): public      | members of the plan                                 |
 * |   internal                                 | its organisation and the plan's committee           |
 * | evaluation                                 | members of the plan (the publisher publishes it)    |
 * | question: published                        | members of the plan                                 |
 * |   pending, rejected                        | the plan's committee (it moderates them)            |
 * | answer                                     | members of the plan                                 |
 * | `internalNote` of any document             | its organisation only (removed for everyone else)   |
 *
 * A member of a plan is a person whose organisation the plan names (committee, responsible,
 * co-responsible, supporting organisations of its commitments and key actions), or an
 * administrator. The plan's committee is its committee organisations' people with the committee
 * role. Server admins (the server itself) read everything and never go through this.
 */
import { ORG_LIST_FIELDS } from '../references.js';
import type { Plan, UserCtx } from '../types.js';

/** What the read rules need to know about a person, computed once per request. */
export interface ReadScope {
  name: string;
  org: string | undefined;
  /** Plans the person is a member of. */
  plans: ReadonlySet<string>;
  /** Plans on whose committee the person sits. */
  committeePlans: ReadonlySet<string>;
}

/** Plan structure as the read rules need it: for each plan, the organisations it names. */
export interface PlanMembership {
  plans: ReadonlyMap<string, Pick<Plan, '_id' | 'committeeOrgIds'>>;
  /** Organisations named by each plan, its committee included. */
  orgsByPlan: ReadonlyMap<string, ReadonlySet<string>>;
}

export function orgOfRoles(roles: readonly string[]): string | undefined {
  return roles.find((role) => role.startsWith('org:'));
}

export function readScope(user: UserCtx & { name: string }, membership: PlanMembership): ReadScope {
  const org = orgOfRoles(user.roles);
  const isAdmin = user.roles.includes('admin');
  const isCommittee = user.roles.includes('committee');
  const plans = new Set<string>();
  const committeePlans = new Set<string>();
  for (const [planId, plan] of membership.plans) {
    if (isAdmin || (org && membership.orgsByPlan.get(planId)?.has(org))) plans.add(planId);
    if (isCommittee && org && plan.committeeOrgIds.includes(org)) committeePlans.add(planId);
  }
  return { name: user.name, org, plans, committeePlans };
}

/** A stable summary of a scope: when it changes, documents read before may have become readable. */
export function scopeFingerprint(scope: ReadScope): string {
  return JSON.stringify([scope.org ?? '', [...scope.plans].sort(), [...scope.committeePlans].sort()]);
}

type Doc = { _id: string; _rev?: string; [field: string]: unknown };

/**
 * `read`: serve it. `hide`: the person never sees it. `retract`: the person may hold an earlier
 * version that was readable (a submitted report taken back to draft, an observation made internal),
 * so a deletion stub is served to remove it from the device.
 */
export type ReadDecision = 'read' | 'hide' | 'retract';

const generation = (rev: string | undefined) => Number.parseInt(rev ?? '1', 10) || 1;

export function readDecision(doc: Doc, scope: ReadScope): ReadDecision {
  const planId = (doc.type === 'plan' ? doc._id : doc.planId) as string;
  const member = scope.plans.has(planId);
  const committee = scope.committeePlans.has(planId);
  const own = scope.org !== undefined && doc.orgId === scope.org;
  const earlierVersions = generation(doc._rev) > 1;
  switch (doc.type) {
    case 'organization':
      return 'read';
    case 'plan':
    case 'commitment':
    case 'keyAction':
    case 'evaluation':
      return member ? 'read' : 'hide';
    case 'progressReport':
    case 'evidence':
    case 'assessment':
      if (own) return 'read';
      switch (doc.status) {
        case 'published':
        case 'withdrawn':
          return member ? 'read' : 'hide';
        case 'submitted':
        case 'returned':
          return committee ? 'read' : 'hide';
        default:
          return committee && earlierVersions ? 'retract' : 'hide';
      }
    case 'answer':
      return member || own ? 'read' : 'hide';
    case 'question':
      if (committee) return 'read';
      if (doc.status === 'published') return member ? 'read' : 'hide';
      return member && earlierVersions ? 'retract' : 'hide';
    case 'review':
      if (own || committee) return 'read';
      if (doc.visibility === 'public') return member ? 'read' : 'hide';
      return member && earlierVersions ? 'retract' : 'hide';
    default:
      return 'hide';
  }
}

/** Fields only the author organisation reads. */
export const OWN_ORG_FIELDS = ['internalNote'] as const;

/** The document as this person may read it: fields only its organisation reads are removed. */
export function redactFor<T extends Doc>(doc: T, scope: ReadScope): T {
  if (doc.orgId === scope.org || !OWN_ORG_FIELDS.some((field) => field in doc)) return doc;
  const copy: Doc = { ...doc };
  for (const field of OWN_ORG_FIELDS) delete copy[field];
  return copy as T;
}

/**
 * On a write by someone who could not read some fields of the stored version (a committee member
 * validating a report with an internal note), those fields are kept as they are.
 */
export function restoreRedacted<T extends Doc>(newDoc: T, oldDoc: Doc | null, scope: ReadScope): T {
  if (!oldDoc || oldDoc.orgId === scope.org || newDoc._deleted) return newDoc;
  const copy: Doc = { ...newDoc };
  for (const field of OWN_ORG_FIELDS) if (field in oldDoc && !(field in copy)) copy[field] = oldDoc[field];
  return copy as T;
}

/** The plans and the organisations each names, from the plan, commitment and key action documents. */
export function planMembership(structure: Iterable<Doc>): PlanMembership {
  const plans = new Map<string, Pick<Plan, '_id' | 'committeeOrgIds'>>();
  const orgsByPlan = new Map<string, Set<string>>();
  for (const doc of structure) {
    const planId = (doc.type === 'plan' ? doc._id : doc.planId) as string | undefined;
    if (!planId || !['plan', 'commitment', 'keyAction'].includes(doc.type as string)) continue;
    if (doc.type === 'plan')
      plans.set(planId, { _id: planId, committeeOrgIds: (doc.committeeOrgIds as string[]) ?? [] });
    const orgs = orgsByPlan.get(planId) ?? new Set<string>();
    orgsByPlan.set(planId, orgs);
    for (const field of ORG_LIST_FIELDS) for (const org of (doc[field] as string[] | undefined) ?? []) orgs.add(org);
  }
  return { plans, orgsByPlan };
}
