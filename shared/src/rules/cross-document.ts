/*
 * Rules that need more than the document written: the gateway applies them before a write is
 * stored, and the progress arithmetic (used by the publisher and the app) ignores what breaks them,
 * so a document written before a rule existed cannot change public figures either.
 */

interface CorrectionFacts {
  _id?: string;
  type?: unknown;
  status?: unknown;
  orgId?: unknown;
  keyActionId?: unknown;
}

/**
 * Why `report` may not correct `target`, or null when it may: only a published report of the same
 * organisation on the same key action is corrected.
 */
export function correctionProblem(
  report: CorrectionFacts & { corrects?: unknown },
  target: CorrectionFacts | null,
): string | null {
  if (report.corrects === undefined) return null;
  if (target?.type !== 'progressReport' || target.status !== 'published')
    return `corrects: ${String(report.corrects)} is not a published progress report.`;
  if (target.orgId !== report.orgId)
    return `corrects: ${String(report.corrects)} was reported by ${String(target.orgId)}; an organisation corrects only its own reports.`;
  if (target.keyActionId !== report.keyActionId)
    return `corrects: ${String(report.corrects)} is about another key action (${String(target.keyActionId)}).`;
  return null;
}
