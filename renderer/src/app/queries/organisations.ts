import type { Organization } from '../../../../shared/src/types';
import { type Local, orgCode } from '../local-docs';
import { documents, type Query, type QuerySource } from './query';
import { useQuery } from './use-query';

export const allOrganizations = (): Query<Local<Organization>> => documents({ type: 'organization' });

export const organizationById = (id: string | undefined): Query<Local<Organization>> | null =>
  id ? documents({ id }) : null;

/** Organisations' names by id (`org:sfp` → "Secretaría de la Función Pública (SFP)"), from the device. */
export function useOrgNames(source: QuerySource): Map<string, string> {
  const orgs = useQuery(source, allOrganizations());
  return new Map(
    (orgs ?? []).map((o) => [o.id, o.acronym && o.acronym !== o.name ? `${o.name} (${o.acronym})` : o.name]),
  );
}

/**
 * An organisation's short name for lists and lines (its acronym, else its name), from the device.
 * An imported plan's ids are long slugs of the name: they are shown only while the organisation is
 * not on the device yet.
 */
export function useOrgShortName(source: QuerySource): (id: string) => string {
  const orgs = useQuery(source, allOrganizations());
  const names = new Map((orgs ?? []).map((o) => [o.id, o.acronym || o.name]));
  return (id) => names.get(id) ?? orgCode(id);
}
