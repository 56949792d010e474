import { correctionProblem } from './rules/cross-document.js';
import type { IsoDate, Status } from './types.js';

/** The fields of a progress report that progress arithmetic reads. */
export interface ReportFacts {
  _id: string;
  keyActionId: string;
  percent: number;
  date: IsoDate;
  createdAt: string;
  status: Status;
  orgId?: string;
  corrects?: string;
}

/**
 * Published reports that count: a report corrected by a later published report stays in the
 * history but no longer counts; a withdrawn one never counts.
 */
export function countingReports<R extends ReportFacts>(reports: readonly R[]): R[] {
  const published = reports.filter((r) => r.status === 'published');
  const byId = new Map(published.map((r) => [r._id, r]));
  const corrected = new Set(
    published
      .filter((r) => r.corrects && !correctionProblem({ ...r, type: 'progressReport' }, targetOf(byId, r.corrects)))
      .map((r) => r.corrects),
  );
  return published.filter((r) => !corrected.has(r._id));
}

function targetOf<R extends ReportFacts>(byId: Map<string, R>, id: string | undefined) {
  const target = id ? byId.get(id) : undefined;
  return target ? { ...target, type: 'progressReport' } : null;
}

/** Newest first: by reported date, then by when it was written. */
export function byRecency(a: ReportFacts, b: ReportFacts): number {
  return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id);
}

/** A key action's progress is its latest counting report's percent, or 0 before any report. */
export function keyActionProgress(reports: readonly ReportFacts[]): number {
  const latest = [...countingReports(reports)].sort(byRecency)[0];
  return latest ? latest.percent : 0;
}

/** A commitment's progress: its key actions' progress weighted by their weight. */
export function commitmentProgress(keyActions: readonly { weight: number; progress: number }[]): number {
  if (keyActions.length === 0) return 0;
  const total = keyActions.reduce((sum, k) => sum + k.weight, 0);
  if (total === 0) return mean(keyActions.map((k) => k.progress));
  return keyActions.reduce((sum, k) => sum + k.weight * k.progress, 0) / total;
}

/** A plan's progress: the mean of its commitments' progress, each commitment counting once. */
export function planProgress(commitments: readonly { progress: number }[]): number {
  return mean(commitments.map((c) => c.progress));
}

/** One decimal, for storage and display: 66.666… becomes 66.7. */
export function roundPercent(value: number): number {
  return Math.round(value * 10) / 10;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The completion level progress suggests; the committee confirms it or changes it with a reason. */
export function suggestedCompletion(progress: number): 'notStarted' | 'limited' | 'substantial' | 'complete' {
  if (progress >= 100) return 'complete';
  if (progress >= 50) return 'substantial';
  if (progress > 0) return 'limited';
  return 'notStarted';
}
