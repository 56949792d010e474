/** Fields that list organisations, across document types. */
export const ORG_LIST_FIELDS = [
  'responsibleOrgIds',
  'coResponsibleOrgIds',
  'supportOrgIds',
  'committeeOrgIds',
  'participantOrgIds',
] as const;

/** Every organisation a document names: its author organisation and the ones it lists. */
export function orgIdsOf(doc: object): string[] {
  const d = doc as Record<string, unknown>;
  const ids = typeof d.orgId === 'string' ? [d.orgId] : [];
  // The committee organisation that validated a report or evidence is named too.
  if (typeof d.reviewedByOrgId === 'string') ids.push(d.reviewedByOrgId);
  for (const field of ORG_LIST_FIELDS) ids.push(...((d[field] as string[] | undefined) ?? []));
  return ids;
}
