import { describe, expect, it } from 'vitest';
import { keyActionsDue } from './deadlines.js';

const action = (id: string, endDate: string, orgs: string[], planId = 'plan:a') => ({
  _id: id,
  planId,
  endDate,
  responsibleOrgIds: orgs,
});

describe('key actions due', () => {
  const actions = [
    action('keyAction:soon', '2026-01-10', ['org:a']),
    action('keyAction:later', '2026-02-10', ['org:a']),
    action('keyAction:past', '2025-12-01', ['org:a', 'org:b']),
    action('keyAction:reported', '2026-01-05', ['org:a']),
    action('keyAction:others', '2026-01-05', ['org:b']),
    action('keyAction:closed', '2025-12-01', ['org:a'], 'plan:closed'),
  ];
  const reports = [
    { keyActionId: 'keyAction:reported', orgId: 'org:a', status: 'submitted' },
    { keyActionId: 'keyAction:soon', orgId: 'org:a', status: 'draft' },
    { keyActionId: 'keyAction:past', orgId: 'org:b', status: 'published' },
  ];

  it('names what ends within the days or ended, with no report of the organisation that counts', () => {
    const due = keyActionsDue(actions, reports, new Set(['org:a']), '2026-01-03', {
      daysBefore: 7,
      closedPlans: new Set(['plan:closed']),
    });
    expect(due.map((d) => [d.keyAction._id, d.kind, d.daysLeft])).toEqual([
      ['keyAction:soon', 'deadlineSoon', 7],
      ['keyAction:past', 'overdue', -33],
    ]);
  });

  it('counts another responsible organisation’s report for that organisation only', () => {
    expect(keyActionsDue(actions, reports, new Set(['org:b']), '2026-01-03').map((d) => d.keyAction._id)).toEqual([
      'keyAction:others',
    ]);
  });
});
