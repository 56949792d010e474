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

export function isoDay(time: Date | number = Date.now()): IsoDate {
  return new Date(time).toISOString().slice(0, 10);
}
