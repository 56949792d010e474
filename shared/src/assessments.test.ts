import { describe, expect, it } from 'vitest';
import { csoFigures, currentAssessments } from './assessments.js';

const a = (id: string, orgId: string, percent: number, supersedes?: string, commitmentId = 'commitment:c1') => ({
  id,
  orgId,
  by: 'cso',
  commitmentId,
  percent,
  date: '2021-01-01',
  ...(supersedes ? { supersedes } : {}),
});

describe('current assessments', () => {
  it('keeps one per organisation: the one that replaced the others', () => {
    const list = [
      a('assessment:1', 'org:a', 30),
      a('assessment:2', 'org:a', 50, 'assessment:1'),
      a('assessment:3', 'org:b', 20),
    ];
    expect(currentAssessments(list).map((x) => x.id)).toEqual(['assessment:2', 'assessment:3']);
    expect(csoFigures(list)).toEqual([
      { orgId: 'org:a', percent: 50, date: '2021-01-01' },
      { orgId: 'org:b', percent: 20, date: '2021-01-01' },
    ]);
  });
  it('ignores a claim to replace another organisation’s or another commitment’s assessment', () => {
    const list = [
      a('assessment:1', 'org:a', 30),
      a('assessment:2', 'org:b', 90, 'assessment:1'),
      a('assessment:3', 'org:a', 10, 'assessment:1', 'commitment:c2'),
    ];
    expect(currentAssessments(list).map((x) => x.id)).toEqual(['assessment:1', 'assessment:2', 'assessment:3']);
  });
});
