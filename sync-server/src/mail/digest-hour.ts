/** When the followers' daily digests go: a fixed hour of the day, in the site's time zone. */
export interface DigestTime {
  /** 0–23: the hour on the clock. */
  hour: number;
  /** An IANA zone name (America/Mexico_City), or UTC. */
  timeZone: string;
}

const HOUR_MS = 60 * 60 * 1000;

/** Whether the runtime knows the zone: Intl throws a RangeError for one it does not. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds (summer time included). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first time at or after `after` that the zone's clock shows `hour`:00. A day on which that
 * hour does not exist (the clock jumps over it) gives the first instant after the jump.
 */
export function nextDigestAt(after: number, { hour, timeZone }: DigestTime): number {
  const local = new Date(after + offsetAt(after, timeZone));
  for (let day = 0; day <= 2; day++) {
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + day, hour);
    // The wall time's instant, with the offset that holds then (it may differ from now's).
    const guess = wall - offsetAt(wall, timeZone);
    const instant = wall - offsetAt(guess, timeZone);
    if (instant >= after) return instant;
  }
  return after + 24 * HOUR_MS;
}
