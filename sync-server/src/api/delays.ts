import type { DelayReason } from '../../../shared/src/api-types.js';
import type { PublicCommitment, PublicKeyAction, PublicReport } from '../../../shared/src/public.js';
import { delayFacts } from '../../../shared/src/schedule.js';
import type { PublicIndex } from './public-store.js';

/*
 * "Why is it late?", answered where the public reads a state: the figures the state was measured
 * by (expected against reported progress, the end date, the days past it) and the latest report
 * that counts, in its author's own words.
 */

/** The latest report that counts towards progress: published and not corrected, newest first. */
function latestCounting(reports: readonly PublicReport[]): PublicReport | undefined {
  return reports
    .filter((r) => r.status === 'published' && !r.correctedBy && r.percent !== undefined)
    .sort((a, b) => b.date.localeCompare(a.date) || b._id.localeCompare(a._id))[0];
}

function reasonOf(item: PublicCommitment | PublicKeyAction, asOf: string, latest: PublicReport | undefined) {
  const reason: DelayReason = delayFacts(item, asOf);
  if (latest)
    reason.latestReport = {
      id: latest._id,
      keyActionId: latest.keyActionId,
      date: latest.date,
      orgId: latest.orgId,
      percent: latest.percent ?? 0,
      narrative: latest.narrative ?? '',
    };
  return reason;
}

/** A key action's `delay` while it is delayed, measured as of the plan's day. */
export function keyActionDelay(index: PublicIndex, k: PublicKeyAction, asOf: string): { delay?: DelayReason } {
  if (k.scheduleState !== 'delayed') return {};
  const reports = (index.reportsByCommitment.get(k.commitmentId) ?? []).filter((r) => r.keyActionId === k._id);
  return { delay: reasonOf(k, asOf, latestCounting(reports)) };
}

/**
 * A commitment's `delay` while it is delayed. Its explanation is the latest report on one of its
 * delayed key actions, the ones that hold it back; on any key action when none is delayed itself.
 */
export function commitmentDelay(index: PublicIndex, c: PublicCommitment, asOf: string): { delay?: DelayReason } {
  if (c.scheduleState !== 'delayed') return {};
  const reports = index.reportsByCommitment.get(c._id) ?? [];
  const late = new Set(
    (index.keyActionsByCommitment.get(c._id) ?? []).filter((k) => k.scheduleState === 'delayed').map((k) => k._id),
  );
  const behind = latestCounting(reports.filter((r) => late.has(r.keyActionId)));
  return { delay: reasonOf(c, asOf, behind ?? latestCounting(reports)) };
}
