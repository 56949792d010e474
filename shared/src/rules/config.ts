import { ID_PREFIX, ID_SLUG, SCHEMAS } from '../schemas/index.js';
import type { Plan } from '../types.js';
import { EDITABLE_STATUSES, INITIAL_STATUSES, TRANSITIONS, WORKFLOW_FIELDS } from '../workflow.js';
import type { RulesConfig } from './validate-doc.js';

/** Plan-level facts the rules depend on; the server rebuilds its design document when they change. */
export interface PlanFacts {
  closedPlanIds: string[];
  reviewPlanIds: string[];
  committees: Record<string, string[]>;
  planStarts: Record<string, string>;
}

export const NO_PLANS: PlanFacts = { closedPlanIds: [], reviewPlanIds: [], committees: {}, planStarts: {} };

/** A device's clock may differ from the server's by this much. */
export const CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** The facts of these plans, for the rules (the server, the app and the importer alike). */
export function planFacts(
  plans: readonly Pick<Plan, '_id' | 'closed' | 'reviewRequired' | 'committeeOrgIds' | 'startDate'>[],
): PlanFacts {
  const sorted = [...plans].sort((a, b) => a._id.localeCompare(b._id));
  return {
    closedPlanIds: sorted.filter((p) => p.closed).map((p) => p._id),
    reviewPlanIds: sorted.filter((p) => p.reviewRequired).map((p) => p._id),
    committees: Object.fromEntries(sorted.map((p) => [p._id, [...(p.committeeOrgIds ?? [])].sort()])),
    planStarts: Object.fromEntries(sorted.map((p) => [p._id, p.startDate])),
  };
}

export function rulesConfig(facts: PlanFacts = NO_PLANS): RulesConfig {
  return {
    idPrefix: ID_PREFIX,
    idPattern: ID_SLUG,
    schemas: SCHEMAS,
    transitions: TRANSITIONS,
    initialStatuses: INITIAL_STATUSES,
    editableStatuses: EDITABLE_STATUSES,
    workflowFields: WORKFLOW_FIELDS,
    adminTypes: ['plan', 'organization', 'commitment', 'keyAction'],
    authoredTypes: ['progressReport', 'evidence', 'assessment'],
    immutableFields: ['planId', 'orgId', 'createdAt', 'commitmentId', 'keyActionId', 'by'],
    closedPlanIds: [...facts.closedPlanIds].sort(),
    reviewPlanIds: [...facts.reviewPlanIds].sort(),
    committees: facts.committees,
    planStarts: facts.planStarts,
    clockSkewMs: CLOCK_SKEW_MS,
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
  };
}
