import type { PublicCommitment } from '../../../shared/src/public';
import type { OgpValue } from '../../../shared/src/types';

export interface Criteria {
  q: string;
  institution: string;
  org: string;
  value: string;
  theme: string;
  state: string;
}

export const FILTER_KEYS = ['q', 'institution', 'org', 'value', 'theme', 'state'] as const;

export function criteriaFrom(params: URLSearchParams): Criteria {
  const get = (key: string) => params.get(key) ?? '';
  return {
    q: get('q'),
    institution: get('institution'),
    org: get('org'),
    value: get('value'),
    theme: get('theme'),
    state: get('state'),
  };
}

/** The address with these criteria, leaving other parameters (plan, lang) as they are. */
export function withCriteria(url: URL, criteria: Criteria): string {
  const next = new URL(url);
  for (const key of FILTER_KEYS) {
    if (criteria[key]) next.searchParams.set(key, criteria[key]);
    else next.searchParams.delete(key);
  }
  return next.pathname + next.search;
}

/** Lower case without accents, so "informacion" finds "información". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** What the filters read of a commitment. */
export type FilterableCommitment = Pick<
  PublicCommitment,
  | 'number'
  | 'ogpId'
  | 'title'
  | 'titleEn'
  | 'objective'
  | 'ogpValues'
  | 'themes'
  | 'responsibleOrgIds'
  | 'coResponsibleOrgIds'
  | 'supportOrgIds'
  | 'scheduleState'
>;

export function matches(c: FilterableCommitment, criteria: Criteria, orgNames: (id: string) => string): boolean {
  if (criteria.institution && !c.responsibleOrgIds.includes(criteria.institution)) return false;
  if (criteria.org && ![...c.coResponsibleOrgIds, ...(c.supportOrgIds ?? [])].includes(criteria.org)) return false;
  if (criteria.value && !c.ogpValues.includes(criteria.value as OgpValue)) return false;
  if (criteria.theme && !c.themes.includes(criteria.theme)) return false;
  if (criteria.state && c.scheduleState !== criteria.state) return false;
  if (criteria.q) {
    const haystack = fold(
      [
        String(c.number),
        c.ogpId ?? '',
        c.title,
        c.titleEn ?? '',
        c.objective,
        ...[...c.responsibleOrgIds, ...c.coResponsibleOrgIds].map(orgNames),
      ].join(' '),
    );
    return fold(criteria.q)
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => haystack.includes(word));
  }
  return true;
}
