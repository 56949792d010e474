import type { Commitment, KeyAction, Organization, Plan, ProgressReport } from '../shared/src/index.js';
import type { PlanRecord } from '../sync-server/src/admin/plan-file.js';

export interface LargePlanSize {
  organizations: number;
  commitments: number;
  keyActionsPerCommitment: number;
  reportsPerKeyAction: number;
}

export const LARGE: LargePlanSize = {
  organizations: 50,
  commitments: 500,
  keyActionsPerCommitment: 10,
  reportsPerKeyAction: 4,
};

/** A synthetic plan of the size the benchmarks ask for, deterministic so runs compare. */
export function largePlan(planSlug: string, size: LargePlanSize = LARGE): PlanRecord[] {
  const docs: object[] = [];
  const planId = `plan:${planSlug}`;
  const orgs = Array.from(
    { length: size.organizations },
    (_, i): Organization => ({
      _id: `org:${planSlug}-o${i}`,
      type: 'organization',
      kind: i % 3 === 0 ? 'cso' : 'government',
      name: `Organisation ${i}`,
    }),
  );
  docs.push(...orgs);
  const plan: Plan = {
    _id: planId,
    type: 'plan',
    country: 'Benchland',
    title: `Benchmark plan ${planSlug}`,
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    languages: ['es'],
    reviewRequired: false,
    committeeOrgIds: [orgs[0]?._id as string],
  };
  docs.push(plan);
  for (let c = 1; c <= size.commitments; c++) {
    const lead = orgs[c % orgs.length] as Organization;
    const co = orgs[(c * 7) % orgs.length] as Organization;
    const commitment: Commitment = {
      _id: `commitment:${planSlug}-${c}`,
      type: 'commitment',
      planId,
      number: c,
      title: `Commitment ${c}: open data on topic ${c % 37}`,
      objective: 'Publish and use open data so people can follow public decisions.',
      ogpValues: ['accessToInformation'],
      themes: [`Theme ${c % 12}`],
      responsibleOrgIds: [lead._id],
      coResponsibleOrgIds: co._id === lead._id ? [] : [co._id],
      startDate: '2024-01-01',
      endDate: '2026-06-30',
    };
    docs.push(commitment);
    for (let k = 1; k <= size.keyActionsPerCommitment; k++) {
      const keyAction: KeyAction = {
        _id: `keyAction:${planSlug}-${c}-${k}`,
        type: 'keyAction',
        planId,
        commitmentId: commitment._id,
        number: k,
        title: `Key action ${k} of commitment ${c}`,
        responsibleOrgIds: [lead._id],
        startDate: '2024-01-01',
        endDate: '2026-06-30',
        weight: 1 + (k % 3),
      };
      docs.push(keyAction);
      for (let r = 1; r <= size.reportsPerKeyAction; r++) {
        const report: ProgressReport = {
          _id: `report:${planSlug}-${c}-${k}-${r}`,
          type: 'progressReport',
          planId,
          commitmentId: commitment._id,
          keyActionId: keyAction._id,
          orgId: lead._id,
          createdBy: 'bench',
          createdAt: `2024-0${r}-15T10:00:00.000Z`,
          status: 'published',
          percent: Math.min(100, r * ((c + k) % 30)),
          narrative: `Report ${r}: the work advances as planned, with meetings and published documents.`,
          date: `2024-0${r}-15`,
          evidenceIds: [],
        };
        docs.push(report);
      }
    }
  }
  return docs.map((doc) => ({ where: (doc as { _id: string })._id, doc: doc as Record<string, unknown> }));
}
