import type { Assessment, KeyAction, ProgressReport, Review } from '../shared/src/index.js';
import type { PlanRecord } from '../sync-server/src/admin/plan-file.js';

const org = (id: string, kind: string, name: string) => ({ _id: `org:${id}`, type: 'organization', kind, name });
const plan = (id: string, reviewRequired: boolean) => ({
  _id: `plan:${id}`,
  type: 'plan',
  country: 'Testland',
  title: `Plan ${id}`,
  startDate: '2024-01-01',
  endDate: '2025-12-31',
  languages: ['es'],
  reviewRequired,
  committeeOrgIds: ['org:com-d'],
});
const commitment = (planId: string, id: string, number: number, responsible: string[], coResponsible: string[]) => ({
  _id: `commitment:${id}`,
  type: 'commitment',
  planId: `plan:${planId}`,
  number,
  title: `Commitment ${id}`,
  objective: 'An objective.',
  ogpValues: ['accessToInformation'],
  themes: ['Open Data'],
  responsibleOrgIds: responsible,
  coResponsibleOrgIds: coResponsible,
  startDate: '2024-01-01',
  endDate: '2025-12-31',
});
const keyAction = (
  planId: string,
  commitmentId: string,
  id: string,
  number: number,
  responsible: string[],
  weight = 1,
): KeyAction => ({
  _id: `keyAction:${id}`,
  type: 'keyAction',
  planId: `plan:${planId}`,
  commitmentId: `commitment:${commitmentId}`,
  number,
  title: `Key action ${id}`,
  responsibleOrgIds: responsible,
  startDate: '2024-01-01',
  endDate: '2025-12-31',
  weight,
});

/** Two plans (one asks for review), four organisations: gov-a, gov-b, cso-c and the committee's com-d. */
export function testPlan(): PlanRecord[] {
  const docs = [
    org('gov-a', 'government', 'Ministry A'),
    org('gov-b', 'government', 'Ministry B'),
    org('cso-c', 'cso', 'Civil Society C'),
    org('com-d', 'cso', 'Committee core group D'),
    plan('test', false),
    plan('review', true),
    commitment('test', 'test-1', 1, ['org:gov-a'], ['org:cso-c']),
    commitment('test', 'test-2', 2, ['org:gov-b'], []),
    commitment('review', 'review-1', 1, ['org:gov-a'], []),
    keyAction('test', 'test-1', 'test-1-1', 1, ['org:gov-a'], 3),
    keyAction('test', 'test-1', 'test-1-2', 2, ['org:gov-a', 'org:cso-c'], 1),
    keyAction('test', 'test-2', 'test-2-1', 1, ['org:gov-b']),
    keyAction('review', 'review-1', 'review-1-1', 1, ['org:gov-a']),
  ];
  return docs.map((doc) => ({ where: doc._id, doc: doc as unknown as Record<string, unknown> }));
}

let counter = 0;
const now = () => new Date().toISOString();

export function report(overrides: Partial<ProgressReport> & { createdBy: string }): ProgressReport {
  counter++;
  return {
    _id: `report:t${Date.now().toString(36)}-${counter}`,
    type: 'progressReport',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    keyActionId: 'keyAction:test-1-1',
    orgId: 'org:gov-a',
    createdAt: now(),
    status: 'draft',
    percent: 40,
    narrative: 'Progress so far.',
    date: '2024-06-01',
    evidenceIds: [],
    ...overrides,
  };
}

export function review(overrides: Partial<Review> & { createdBy: string }): Review {
  counter++;
  return {
    _id: `review:t${Date.now().toString(36)}-${counter}`,
    type: 'review',
    planId: 'plan:test',
    kind: 'observation',
    commitmentId: 'commitment:test-1',
    text: 'An observation.',
    visibility: 'public',
    date: '2024-06-02',
    orgId: 'org:com-d',
    createdAt: now(),
    ...overrides,
  };
}

export function assessment(overrides: Partial<Assessment> & { createdBy: string }): Assessment {
  counter++;
  return {
    _id: `assessment:t${Date.now().toString(36)}-${counter}`,
    type: 'assessment',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    orgId: 'org:cso-c',
    by: 'cso',
    createdAt: now(),
    status: 'published',
    percent: 30,
    narrative: 'Our view.',
    date: '2024-06-03',
    ...overrides,
  };
}
