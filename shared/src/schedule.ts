import type { IsoDate } from './types.js';

export const SCHEDULE_STATES = ['notStarted', 'onTrack', 'delayed', 'completed'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

/** How many percentage points behind the straight line from start to end still counts as on track. */
export const DEFAULT_TOLERANCE = 20;

const DAY = 86_400_000;
const toDay = (date: IsoDate): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY;

/** The progress a straight line from start (0 %) to end (100 %) expects on a day. */
export function expectedProgress(startDate: IsoDate, endDate: IsoDate, asOf: IsoDate): number {
  const start = toDay(startDate);
  const end = toDay(endDate);
  const now = toDay(asOf);
  if (now <= start) return 0;
  if (now >= end) return 100;
  return ((now - start) / (end - start)) * 100;
}

/**
 * Schedule state from planned dates and reported progress, as of a day (today, or the day a
 * closed plan ended):
 * - completed: 100 % reported;
 * - not started: nothing reported and the straight line expects less than the tolerance;
 * - delayed: past the end date, or further behind the straight line than the tolerance;
 * - on track: otherwise.
 */
export function scheduleState(
  item: { startDate: IsoDate; endDate: IsoDate; progress: number },
  asOf: IsoDate,
  tolerance = DEFAULT_TOLERANCE,
): ScheduleState {
  if (item.progress >= 100) return 'completed';
  const expected = expectedProgress(item.startDate, item.endDate, asOf);
  if (toDay(asOf) > toDay(item.endDate)) return 'delayed';
  if (item.progress === 0 && expected < tolerance) return 'notStarted';
  return item.progress + tolerance < expected ? 'delayed' : 'onTrack';
}

/** Why an item is late, in figures anyone can check against its dates and its reports. */
export interface DelayFacts {
  /** The day the figures are measured on: today, or the day a closed plan ended. */
  asOf: IsoDate;
  /** What the straight line from start to end expects by `asOf`, rounded to a whole percent. */
  expectedPercent: number;
  reportedPercent: number;
  endDate: IsoDate;
  /** Whole days past the end date; 0 while the end date is still ahead. */
  daysOverdue: number;
  /** Whole days until the end date; 0 once it has passed. */
  daysLeft: number;
}

/** The figures behind a schedule state, for an item the state calls delayed. */
export function delayFacts(
  item: { startDate: IsoDate; endDate: IsoDate; progress: number },
  asOf: IsoDate,
): DelayFacts {
  const days = Math.round(toDay(asOf) - toDay(item.endDate));
  return {
    asOf: asOf.slice(0, 10),
    expectedPercent: Math.round(expectedProgress(item.startDate, item.endDate, asOf)),
    reportedPercent: item.progress,
    endDate: item.endDate,
    daysOverdue: Math.max(days, 0),
    daysLeft: Math.max(-days, 0),
  };
}

export function isoDay(time: Date | number = Date.now()): IsoDate {
  return new Date(time).toISOString().slice(0, 10);
}
