import type { LocalDoc } from '../db/local-doc.js';

/** List fields a combined version keeps from both sides (evidence attached on either device). */
const UNION_FIELDS = ['evidenceIds', 'minutesEvidenceIds', 'participantOrgIds'] as const;

/**
 * One version from two conflicting ones: the server's, with every field only the device's version
 * has, the lists of evidence of both, and the text and figure the person settled on.
 */
export function combineVersions(
  mine: LocalDoc,
  theirs: LocalDoc,
  settled: { percent: number; narrative: string },
): LocalDoc {
  const combined: LocalDoc = { ...mine, ...theirs, ...settled };
  for (const field of UNION_FIELDS) {
    const a = theirs[field];
    const b = mine[field];
    if (Array.isArray(a) || Array.isArray(b))
      combined[field] = [...new Set([...((a as unknown[]) ?? []), ...((b as unknown[]) ?? [])])];
  }
  return combined;
}
