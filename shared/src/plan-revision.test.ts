import { describe, expect, it } from 'vitest';
import { planRevision, revisionsOf, withRevision } from './plan-revision.js';

const plan = { _id: 'plan:ec', title: 'Plan 2025-2026', startDate: '2025-01-01', endDate: '2026-12-31' };
const c1 = { _id: 'commitment:ec-01', number: 1, title: 'Presupuesto abierto', endDate: '2025-12-31' };
const c2 = { _id: 'commitment:ec-02', number: 2, title: 'Compras', endDate: '2026-03-31' };
const k11 = {
  _id: 'keyAction:ec-01-1',
  commitmentId: c1._id,
  number: 1,
  title: 'Portal',
  startDate: '2025-01-01',
  endDate: '2025-06-30',
  responsibleOrgIds: ['org:mef'],
};
const k21 = { _id: 'keyAction:ec-02-1', commitmentId: c2._id, number: 1, title: 'Veedurías', endDate: '2026-03-31' };

describe('a plan’s revision', () => {
  it('is empty when nothing the public reads changed', () => {
    const same = { plan, commitments: [c1, c2], keyActions: [k11, k21] };
    expect(planRevision(same, structuredClone(same))).toEqual([]);
  });

  it('lists the plan’s changes, then commitment by commitment: fields changed, key actions added and removed', () => {
    const before = { plan, commitments: [c2, c1], keyActions: [k21, k11] };
    const k12 = { _id: 'keyAction:ec-01-2', commitmentId: c1._id, number: 2, title: 'Presupuesto ciudadano' };
    const after = {
      plan: { ...plan, endDate: '2027-06-30' },
      commitments: [c1, { ...c2, title: 'Compras públicas abiertas' }],
      keyActions: [{ ...k11, endDate: '2025-09-30', responsibleOrgIds: ['org:mef', 'org:of'] }, k12],
    };
    expect(planRevision(before, after)).toEqual([
      {
        change: 'changed',
        docType: 'plan',
        id: 'plan:ec',
        title: 'Plan 2025-2026',
        field: 'endDate',
        before: '2026-12-31',
        after: '2027-06-30',
      },
      {
        change: 'changed',
        docType: 'keyAction',
        id: k11._id,
        commitmentId: c1._id,
        number: '1.1',
        title: 'Portal',
        field: 'endDate',
        before: '2025-06-30',
        after: '2025-09-30',
      },
      {
        change: 'changed',
        docType: 'keyAction',
        id: k11._id,
        commitmentId: c1._id,
        number: '1.1',
        title: 'Portal',
        field: 'responsibleOrgIds',
        before: 'org:mef',
        after: 'org:mef, org:of',
      },
      {
        change: 'added',
        docType: 'keyAction',
        id: k12._id,
        commitmentId: c1._id,
        number: '1.2',
        title: 'Presupuesto ciudadano',
      },
      {
        change: 'changed',
        docType: 'commitment',
        id: c2._id,
        commitmentId: c2._id,
        number: '2',
        title: 'Compras públicas abiertas',
        field: 'title',
        before: 'Compras',
        after: 'Compras públicas abiertas',
      },
      { change: 'removed', docType: 'keyAction', id: k21._id, commitmentId: c2._id, number: '2.1', title: 'Veedurías' },
    ]);
  });

  it('is numbered, kept with the earlier ones, and each commitment sees only its own changes', () => {
    const first = withRevision(
      undefined,
      planRevision({ commitments: [c1], keyActions: [] }, { commitments: [c1, c2], keyActions: [] }),
      '2026-01-01T10:00:00.000Z',
      'plan-v2.csv',
    );
    expect(first).toMatchObject([{ revision: 1, source: 'plan-v2.csv', changes: [{ change: 'added', number: '2' }] }]);
    expect(withRevision(first, [], '2026-02-01T10:00:00.000Z', 'plan-v2.csv')).toEqual(first);
    const second = withRevision(
      first,
      planRevision(
        { commitments: [c1], keyActions: [] },
        { commitments: [{ ...c1, endDate: '2026-01-31' }], keyActions: [] },
      ),
      '2026-02-01T10:00:00.000Z',
      'plan-v3.csv',
    );
    expect(second.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisionsOf(second, c1._id)).toMatchObject([{ revision: 2, changes: [{ field: 'endDate' }] }]);
    expect(revisionsOf(second, c2._id)).toMatchObject([{ revision: 1, changes: [{ change: 'added' }] }]);
  });
});
