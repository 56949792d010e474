/**
 * Each organisation has one current assessment of a commitment: a newer one names the one it
 * replaces (`supersedes`), which stays in the history. A claim to replace another organisation's
 * assessment, or one of another commitment, is ignored.
 */
export function currentAssessments<
  T extends { id: string; orgId: string; by: string; commitmentId: string; supersedes?: string },
>(assessments: readonly T[]): T[] {
  const byId = new Map(assessments.map((a) => [a.id, a]));
  const replaced = new Set<string>();
  for (const a of assessments) {
    const old = a.supersedes ? byId.get(a.supersedes) : undefined;
    if (old && old.orgId === a.orgId && old.by === a.by && old.commitmentId === a.commitmentId) replaced.add(old.id);
  }
  return assessments.filter((a) => !replaced.has(a.id));
}

/** The figure each co-responsible organisation gives a commitment now, beside the government's. */
export function csoFigures<
  T extends {
    id: string;
    orgId: string;
    by: string;
    commitmentId: string;
    supersedes?: string;
    percent: number;
    date: string;
  },
>(assessments: readonly T[]): { orgId: string; percent: number; date: string }[] {
  return currentAssessments(assessments)
    .filter((a) => a.by === 'cso')
    .map((a) => ({ orgId: a.orgId, percent: a.percent, date: a.date }));
}
