import { describe, expect, it } from 'vitest';
import { criteriaFrom, type FilterableCommitment, fold, matches, withCriteria } from './filters';

const commitment: FilterableCommitment = {
  number: 3,
  ogpId: 'MX0077',
  title: 'Información transparente y de calidad',
  objective: 'Publicar datos de salud.',
  ogpValues: ['accessToInformation'],
  themes: ['Open Data'],
  responsibleOrgIds: ['org:salud'],
  coResponsibleOrgIds: ['org:gire'],
  scheduleState: 'delayed',
};
const names = (id: string) => ({ 'org:salud': 'Secretaría de Salud', 'org:gire': 'GIRE' })[id] ?? id;
const none = criteriaFrom(new URLSearchParams());

describe('dashboard filters', () => {
  it('search ignores accents and case and needs every word', () => {
    expect(fold('Información')).toBe('informacion');
    expect(matches(commitment, { ...none, q: 'INFORMACION salud' }, names)).toBe(true);
    expect(matches(commitment, { ...none, q: 'informacion vivienda' }, names)).toBe(false);
    expect(matches(commitment, { ...none, q: 'gire' }, names)).toBe(true);
  });
  it('narrows by institution, organisation, value, theme and state', () => {
    expect(matches(commitment, { ...none, institution: 'org:salud', state: 'delayed' }, names)).toBe(true);
    expect(matches(commitment, { ...none, institution: 'org:gire' }, names)).toBe(false);
    expect(
      matches(commitment, { ...none, org: 'org:gire', value: 'accessToInformation', theme: 'Open Data' }, names),
    ).toBe(true);
    expect(matches(commitment, { ...none, state: 'completed' }, names)).toBe(false);
  });
  it('round-trips through the address, keeping other parameters', () => {
    const url = new URL('http://x/?plan=plan:a&lang=en');
    const next = withCriteria(url, { ...none, q: 'datos abiertos', state: 'delayed' });
    expect(next).toBe('/?plan=plan%3Aa&lang=en&q=datos+abiertos&state=delayed');
    expect(criteriaFrom(new URL(next, url).searchParams)).toMatchObject({
      q: 'datos abiertos',
      state: 'delayed',
      org: '',
    });
  });
});
