import { ID_PREFIX, ID_SLUG, SCHEMAS } from '../schemas/index.js';
import { EDITABLE_STATUSES, INITIAL_STATUSES, TRANSITIONS, WORKFLOW_FIELDS } from '../workflow.js';
import type { RulesConfig } from './validate-doc.js';

/** Plan-level facts the rules depend on; the server rebuilds its design document when they change. */
export interface PlanFacts {
  closedPlanIds: string[];
  reviewPlanIds: string[];
}

export function rulesConfig(facts: PlanFacts = { closedPlanIds: [], reviewPlanIds: [] }): RulesConfig {
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
  };
}
