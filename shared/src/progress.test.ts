import { describe, expect, it } from 'vitest';
import {
  commitmentProgress,
  countingReports,
  keyActionProgress,
  planProgress,
  type ReportFacts,
  roundPercent,
} from './progress.js';

const report = (id: string, percent: number, date: string, extra: Partial<ReportFacts> = {}): ReportFacts => ({
  _id: id,
  keyActionId: 'keyAction:a',
  percent,
  date,
  createdAt: `${date}T10:00:00Z`,
  status: 'published',
  ...extra,
});

describe('keyActionProgress', () => {
  it('is 0 before any published report', () => {
    expect(keyActionProgress([])).toBe(0);
    expect(keyActionProgress([report('r1', 40, '2020-01-01', { status: 'draft' })])).toBe(0);
  });
  it('takes the latest published report by date, not the highest', () => {
    const reports = [
      report('r1', 60, '2020-03-01'),
      report('r2', 40, '2020-05-01'),
      report('r3', 90, '2020-06-01', { status: 'submitted' }),
    ];
    expect(keyActionProgress(reports)).toBe(40);
  });
  it('breaks a same-day tie by when the report was written', () => {
    const reports = [
      report('r1', 30, '2020-03-01', { createdAt: '2020-03-02T09:00:00Z' }),
      report('r2', 35, '2020-03-01', { createdAt: '2020-03-01T09:00:00Z' }),
    ];
    expect(keyActionProgress(reports)).toBe(30);
  });
  it('ignores withdrawn and corrected reports', () => {
    const reports = [
      report('r1', 50, '2020-03-01'),
      report('r2', 80, '2020-04-01', { status: 'withdrawn' }),
      report('r3', 70, '2020-05-01'),
      report('r4', 65, '2020-05-01', { corrects: 'r3' }),
    ];
    expect(keyActionProgress(reports)).toBe(65);
  });
  it('lets a report correct only its own organisation’s report on the same key action', () => {
    const government = report('r1', 60, '2020-03-01', { orgId: 'org:gov' });
    const byCso = report('r2', 30, '2020-02-01', { orgId: 'org:cso', corrects: 'r1' });
    expect(countingReports([government, byCso]).map((r) => r._id)).toEqual(['r1', 'r2']);
    expect(keyActionProgress([government, byCso])).toBe(60);
    const elsewhere = report('r3', 10, '2020-02-01', { orgId: 'org:gov', keyActionId: 'keyAction:b', corrects: 'r1' });
    expect(countingReports([government, elsewhere]).map((r) => r._id)).toEqual(['r1', 'r3']);
    const own = report('r4', 55, '2020-02-01', { orgId: 'org:gov', corrects: 'r1' });
    expect(countingReports([government, own]).map((r) => r._id)).toEqual(['r4']);
  });
});

describe('commitmentProgress and planProgress', () => {
  it('weights key actions by their weight', () => {
    expect(
      commitmentProgress([
        { weight: 3, progress: 100 },
        { weight: 1, progress: 0 },
      ]),
    ).toBe(75);
  });
  it('falls back to a plain mean when every weight is 0, and is 0 without key actions', () => {
    expect(
      commitmentProgress([
        { weight: 0, progress: 50 },
        { weight: 0, progress: 100 },
      ]),
    ).toBe(75);
    expect(commitmentProgress([])).toBe(0);
  });
  it('counts each commitment once in the plan', () => {
    expect(planProgress([{ progress: 100 }, { progress: 0 }, { progress: 50 }])).toBe(50);
    expect(planProgress([])).toBe(0);
  });
  it('rounds to one decimal', () => {
    expect(roundPercent(200 / 3)).toBe(66.7);
  });
});
