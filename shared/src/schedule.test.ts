import { describe, expect, it } from 'vitest';
import { delayFacts, expectedProgress, scheduleState } from './schedule.js';

const span = { startDate: '2020-01-01', endDate: '2020-12-31' };

describe('scheduleState', () => {
  it('is completed at 100 % whatever the date', () => {
    expect(scheduleState({ ...span, progress: 100 }, '2019-06-01')).toBe('completed');
    expect(scheduleState({ ...span, progress: 100 }, '2023-01-01')).toBe('completed');
  });
  it('is not started before the start, or early on with nothing reported', () => {
    expect(scheduleState({ ...span, progress: 0 }, '2019-12-01')).toBe('notStarted');
    expect(scheduleState({ ...span, progress: 0 }, '2020-02-01')).toBe('notStarted');
  });
  it('is delayed with nothing reported once the line expects more than the tolerance', () => {
    expect(scheduleState({ ...span, progress: 0 }, '2020-04-01')).toBe('delayed');
  });
  it('is on track near the straight line and delayed far behind it', () => {
    expect(scheduleState({ ...span, progress: 40 }, '2020-07-01')).toBe('onTrack');
    expect(scheduleState({ ...span, progress: 20 }, '2020-07-01')).toBe('delayed');
  });
  it('is delayed after the end date without 100 %', () => {
    expect(scheduleState({ ...span, progress: 95 }, '2021-01-02')).toBe('delayed');
  });
  it('expects a straight line from start to end', () => {
    expect(expectedProgress('2020-01-01', '2020-01-11', '2020-01-06')).toBe(50);
    expect(expectedProgress('2020-01-01', '2020-01-11', '2019-01-06')).toBe(0);
    expect(expectedProgress('2020-01-01', '2020-01-11', '2021-01-06')).toBe(100);
  });
});

describe('delayFacts', () => {
  it('says how far behind the line an item is while its end date is ahead', () => {
    expect(delayFacts({ ...span, progress: 20 }, '2020-07-01')).toEqual({
      asOf: '2020-07-01',
      expectedPercent: 50,
      reportedPercent: 20,
      endDate: '2020-12-31',
      daysOverdue: 0,
      daysLeft: 183,
    });
  });
  it('counts the days past a missed end date', () => {
    expect(delayFacts({ ...span, progress: 95 }, '2021-01-10T12:00:00Z')).toMatchObject({
      asOf: '2021-01-10',
      expectedPercent: 100,
      daysOverdue: 10,
      daysLeft: 0,
    });
  });
});
