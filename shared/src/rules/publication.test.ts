import { describe, expect, it } from 'vitest';
import {
  assessmentPublicationProblem,
  evaluationPublicationProblem,
  reportPublicationProblem,
  reviewPublicationProblem,
} from './publication.js';

const plan = { _id: 'plan:p', reviewRequired: false, committeeOrgIds: ['org:com'] };
const keyAction = { commitmentId: 'commitment:c', responsibleOrgIds: ['org:gov'] };
const report = {
  keyActionId: 'keyAction:k',
  commitmentId: 'commitment:c',
  orgId: 'org:gov',
  status: 'published' as const,
};

describe('what the publisher publishes (the app counts the same)', () => {
  it('publishes a report of a responsible organisation on a key action of its commitment', () => {
    expect(reportPublicationProblem(report, keyAction, plan)).toBeNull();
  });

  it('keeps out, with a code, the field and a reason in both languages, what breaks a rule', () => {
    expect(reportPublicationProblem({ ...report, orgId: 'org:other' }, keyAction, plan)).toEqual({
      code: 'not-responsible',
      field: 'orgId',
      reason: 'orgId: org:other is not responsible for keyAction:k',
      reasonEs: 'orgId: org:other no es responsable de keyAction:k',
    });
    expect(reportPublicationProblem({ ...report, commitmentId: 'commitment:x' }, keyAction, plan)?.code).toBe(
      'not-in-commitment',
    );
    expect(reportPublicationProblem(report, undefined, plan)?.code).toBe('not-in-commitment');
    expect(reportPublicationProblem(report, keyAction, { ...plan, reviewRequired: true })?.code).toBe('not-reviewed');
    expect(
      reportPublicationProblem({ ...report, reviewedBy: 'carla' }, keyAction, { ...plan, reviewRequired: true }),
    ).toBeNull();
  });

  it('publishes observations, assessments and evaluations only from those the plan gives the role to', () => {
    const commitments = new Set(['commitment:c']);
    expect(reviewPublicationProblem({ orgId: 'org:com', commitmentId: 'commitment:c' }, plan, commitments)).toBeNull();
    expect(reviewPublicationProblem({ orgId: 'org:gov', commitmentId: 'commitment:c' }, plan, commitments)?.code).toBe(
      'not-committee',
    );
    expect(
      evaluationPublicationProblem({ orgId: 'org:com', commitmentId: 'commitment:z' }, plan, commitments)?.code,
    ).toBe('not-in-plan');
    const commitment = { _id: 'commitment:c', coResponsibleOrgIds: ['org:cso'] };
    const cso = { orgId: 'org:cso', commitmentId: 'commitment:c', by: 'cso' as const };
    expect(assessmentPublicationProblem(cso, commitment, plan)).toBeNull();
    expect(assessmentPublicationProblem({ ...cso, orgId: 'org:gov' }, commitment, plan)?.code).toBe(
      'not-co-responsible',
    );
    expect(assessmentPublicationProblem({ ...cso, by: 'committee' }, commitment, plan)?.code).toBe('not-committee');
  });
});
