/**
 * OGP's own vocabularies (its policy areas, which plans use as themes, and the IRM's assessment
 * fields) in the dashboard's languages. Plans record them as OGP publishes them, in English; a
 * term not listed here is shown as recorded.
 */
import type { ScheduleState } from './schedule.js';
import type { CompletionLevel, OgpValue, OpenedGovernmentLevel } from './types.js';

type Names = { es: string; en: string };

/** Tablero's own coded values, named once for the dashboard, the app and the Spanish CSV exports. */
export const SCHEDULE_STATE_NAMES: Record<ScheduleState, Names> = {
  notStarted: { es: 'Sin iniciar', en: 'Not started' },
  onTrack: { es: 'En tiempo', en: 'On track' },
  delayed: { es: 'Con retraso', en: 'Delayed' },
  completed: { es: 'Cumplido', en: 'Completed' },
};

export const OGP_VALUE_NAMES: Record<OgpValue, Names> = {
  accessToInformation: { es: 'Acceso a la información', en: 'Access to information' },
  civicParticipation: { es: 'Participación cívica', en: 'Civic participation' },
  publicAccountability: { es: 'Rendición de cuentas', en: 'Public accountability' },
  technologyAndInnovation: { es: 'Tecnología e innovación', en: 'Technology and innovation' },
};

export const COMPLETION_LEVEL_NAMES: Record<CompletionLevel, Names> = {
  noEvidence: { es: 'Sin evidencia disponible', en: 'No Evidence Available' },
  notStarted: { es: 'Sin iniciar', en: 'Not started' },
  limited: { es: 'Limitado', en: 'Limited' },
  substantial: { es: 'Sustancial', en: 'Substantial' },
  complete: { es: 'Completo', en: 'Complete' },
};

/** The IRM's "Did it open government?" scale. */
export const OPENED_GOVERNMENT_NAMES: Record<OpenedGovernmentLevel, Names> = {
  didNotChange: { es: 'No cambió', en: 'Did not change' },
  marginal: { es: 'Marginal', en: 'Marginal' },
  major: { es: 'Importante', en: 'Major' },
  outstanding: { es: 'Sobresaliente', en: 'Outstanding' },
};

/** A vocabulary's names in one language, by code. */
export function namesIn<K extends string>(vocabulary: Record<K, Names>, lang: 'es' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries<Names>(vocabulary).map(([code, names]) => [code, names[lang]])) as Record<
    K,
    string
  >;
}

export const POLICY_AREAS: Record<string, Names> = {
  'Access to Information': { es: 'Acceso a la información', en: 'Access to Information' },
  'Anti-Corruption': { es: 'Anticorrupción', en: 'Anti-Corruption' },
  'Beneficial Ownership': { es: 'Beneficiarios finales', en: 'Beneficial Ownership' },
  'Capacity Building': { es: 'Fortalecimiento de capacidades', en: 'Capacity Building' },
  'Civic Space': { es: 'Espacio cívico', en: 'Civic Space' },
  'Democratizing Decision-Making': {
    es: 'Democratización de la toma de decisiones',
    en: 'Democratizing Decision-Making',
  },
  'Digital Governance': { es: 'Gobernanza digital', en: 'Digital Governance' },
  'Economic Inclusion': { es: 'Inclusión económica', en: 'Economic Inclusion' },
  Education: { es: 'Educación', en: 'Education' },
  'Environment and Climate': { es: 'Medio ambiente y clima', en: 'Environment and Climate' },
  'Extractive Industries': { es: 'Industrias extractivas', en: 'Extractive Industries' },
  'Fiscal Openness': { es: 'Apertura fiscal', en: 'Fiscal Openness' },
  Gender: { es: 'Género', en: 'Gender' },
  Health: { es: 'Salud', en: 'Health' },
  'Human Rights': { es: 'Derechos humanos', en: 'Human Rights' },
  Inclusion: { es: 'Inclusión', en: 'Inclusion' },
  'International Environmental Agreements': {
    es: 'Acuerdos ambientales internacionales',
    en: 'International Environmental Agreements',
  },
  Justice: { es: 'Justicia', en: 'Justice' },
  Labor: { es: 'Trabajo', en: 'Labor' },
  'Open Contracting': { es: 'Contrataciones abiertas', en: 'Open Contracting' },
  'Open Data': { es: 'Datos abiertos', en: 'Open Data' },
  'Open Parliaments': { es: 'Parlamento abierto', en: 'Open Parliaments' },
  'People with Disabilities': { es: 'Personas con discapacidad', en: 'People with Disabilities' },
  'Public Participation': { es: 'Participación pública', en: 'Public Participation' },
  'Public Participation in Budget/Fiscal Policy': {
    es: 'Participación pública en el presupuesto y la política fiscal',
    en: 'Public Participation in Budget/Fiscal Policy',
  },
  'Public Procurement': { es: 'Compras públicas', en: 'Public Procurement' },
  'Public Service Delivery': { es: 'Prestación de servicios públicos', en: 'Public Service Delivery' },
  'Publication of Budget/Fiscal Information': {
    es: 'Publicación de información presupuestaria y fiscal',
    en: 'Publication of Budget/Fiscal Information',
  },
  'Right to Information': { es: 'Derecho a la información', en: 'Right to Information' },
  'Social Accountability': { es: 'Contraloría social', en: 'Social Accountability' },
  Subnational: { es: 'Subnacional', en: 'Subnational' },
  'Sustainable Development Goals': { es: 'Objetivos de Desarrollo Sostenible', en: 'Sustainable Development Goals' },
  'Water and Sanitation': { es: 'Agua y saneamiento', en: 'Water and Sanitation' },
  Youth: { es: 'Juventudes', en: 'Youth' },
};

export const IRM_FIELDS: Record<string, Names> = {
  verifiable: { es: 'Verificable', en: 'Verifiable' },
  relevant: { es: 'Relevante', en: 'Relevant' },
  ambition: { es: 'Ambición', en: 'Ambition' },
  potentialImpact: { es: 'Impacto potencial', en: 'Potential impact' },
  earlyResults: { es: 'Resultados tempranos', en: 'Early results' },
};

export const IRM_VALUES: Record<string, Names> = {
  Yes: { es: 'Sí', en: 'Yes' },
  No: { es: 'No', en: 'No' },
  High: { es: 'Alta', en: 'High' },
  Moderate: { es: 'Moderada', en: 'Moderate' },
  Low: { es: 'Baja', en: 'Low' },
  None: { es: 'Ninguno', en: 'None' },
  Outstanding: { es: 'Sobresalientes', en: 'Outstanding' },
  Major: { es: 'Importantes', en: 'Major' },
  Marginal: { es: 'Marginales', en: 'Marginal' },
  'Did not change': { es: 'No cambió', en: 'Did not change' },
  'No early results to report yet': { es: 'Aún sin resultados tempranos', en: 'No early results to report yet' },
  Transformative: { es: 'Transformador', en: 'Transformative' },
  Minor: { es: 'Menor', en: 'Minor' },
  Unclear: { es: 'Poco claro', en: 'Unclear' },
};

/** A term of a vocabulary in a language, or the term as recorded when the vocabulary lacks it. */
export function termIn(vocabulary: Record<string, Names>, term: string, lang: 'es' | 'en'): string {
  return vocabulary[term]?.[lang] ?? term;
}
