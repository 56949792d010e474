import type { OgpValue, OrgKind } from '../../../../shared/src/types.js';

/** Lower case, no accents, punctuation as spaces: "N.º Compromiso" and "No compromiso" meet. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[º°]/g, 'o')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The columns a plan spreadsheet may have, each with the headers OGP teams use for it in Spanish
 * and English. One row is one milestone (key action); the commitment's columns repeat on each of
 * its rows. A mapping file (`--map`) names other headers.
 */
export const COLUMNS = {
  commitmentNumber: {
    required: false,
    headers: [
      'N.º compromiso',
      'No. compromiso',
      'Número de compromiso',
      'N.º',
      'No.',
      'Número',
      'Commitment number',
      'Commitment no.',
      'No',
    ],
  },
  commitmentTitle: {
    required: true,
    headers: ['Compromiso', 'Nombre del compromiso', 'Título del compromiso', 'Commitment', 'Commitment title'],
  },
  ogpId: { required: false, headers: ['ID OGP', 'Código OGP', 'OGP ID', 'OGP code'] },
  problem: {
    required: false,
    headers: ['Problema', 'Problemática', 'Problema público', 'Problem', 'Problem addressed'],
  },
  objective: {
    required: true,
    headers: [
      'Objetivo',
      'Objetivo general',
      'Objetivo del compromiso',
      'Descripción del compromiso',
      'Objective',
      'Commitment description',
    ],
  },
  ogpValues: {
    required: false,
    headers: [
      'Valores OGP',
      'Valores',
      'Valores de gobierno abierto',
      'Relevancia',
      'OGP values',
      'Values',
      'Relevance',
    ],
  },
  themes: { required: false, headers: ['Temas', 'Tema', 'Área de política', 'Themes', 'Theme', 'Policy area'] },
  responsible: {
    required: true,
    headers: [
      'Institución responsable',
      'Instituciones responsables',
      'Entidad responsable',
      'Responsable',
      'Lead institution',
      'Responsible institution',
      'Lead agency',
    ],
  },
  responsibleKind: {
    required: false,
    headers: ['Tipo de institución responsable', 'Tipo de institución', 'Lead institution type', 'Institution type'],
  },
  coResponsible: {
    required: false,
    headers: [
      'Contraparte (sociedad civil)',
      'Contraparte de sociedad civil',
      'Contraparte',
      'Organizaciones de la sociedad civil',
      'Corresponsables',
      'Civil society counterpart',
      'CSO counterpart',
      'Co-lead',
    ],
  },
  support: {
    required: false,
    headers: ['Otros actores', 'Otros actores involucrados', 'Actores de apoyo', 'Supporting actors', 'Other actors'],
  },
  commitmentStart: { required: false, headers: ['Fecha de inicio del compromiso', 'Commitment start date'] },
  commitmentEnd: {
    required: false,
    headers: ['Fecha de término del compromiso', 'Fecha de fin del compromiso', 'Commitment end date'],
  },
  milestoneNumber: {
    required: false,
    headers: ['N.º hito', 'No. hito', 'Número de hito', 'N.º de hito', 'Milestone number', 'Milestone no.'],
  },
  milestone: {
    required: true,
    headers: ['Hito', 'Acción clave', 'Hito / acción clave', 'Actividad', 'Milestone', 'Key action', 'Activity'],
  },
  milestoneResponsible: {
    required: false,
    headers: ['Responsable del hito', 'Institución responsable del hito', 'Milestone lead', 'Milestone responsible'],
  },
  milestoneStart: {
    required: true,
    headers: ['Fecha de inicio del hito', 'Fecha de inicio', 'Inicio', 'Milestone start date', 'Start date', 'Start'],
  },
  milestoneEnd: {
    required: true,
    headers: [
      'Fecha de término del hito',
      'Fecha de fin del hito',
      'Fecha de término',
      'Fecha de fin',
      'Término',
      'Fin',
      'Milestone end date',
      'End date',
      'End',
    ],
  },
  deliverable: {
    required: false,
    headers: ['Entregable', 'Producto', 'Medio de verificación', 'Deliverable', 'Output', 'Means of verification'],
  },
  weight: { required: false, headers: ['Peso', 'Ponderación', 'Weight'] },
  sourceUrl: { required: false, headers: ['Fuente', 'Enlace', 'Source', 'Link'] },
} as const satisfies Record<string, { required: boolean; headers: readonly string[] }>;

export type Column = keyof typeof COLUMNS;

/** OGP's four values as plans write them; the sheet's words are matched after `normalise`. */
export const OGP_VALUE_WORDS: Record<OgpValue, readonly string[]> = {
  accessToInformation: [
    'Acceso a la información',
    'Acceso a información',
    'Transparencia',
    'Access to information',
    'Transparency',
  ],
  civicParticipation: [
    'Participación ciudadana',
    'Participación cívica',
    'Participación',
    'Civic participation',
    'Citizen participation',
    'Public participation',
  ],
  publicAccountability: [
    'Rendición de cuentas',
    'Rendición de cuentas pública',
    'Public accountability',
    'Accountability',
  ],
  technologyAndInnovation: [
    'Tecnología e innovación',
    'Tecnología e innovación para la apertura y la rendición de cuentas',
    'Colaboración e innovación',
    'Innovación',
    'Technology and innovation',
    'Technology and innovation for openness and accountability',
  ],
};

export const ORG_KIND_WORDS: Record<OrgKind, readonly string[]> = {
  government: [
    'Gobierno',
    'Gubernamental',
    'Institución pública',
    'Sector público',
    'Government',
    'Public institution',
  ],
  cso: ['Sociedad civil', 'OSC', 'Organización de la sociedad civil', 'CSO', 'Civil society', 'NGO', 'ONG'],
  autonomous: ['Autónomo', 'Órgano autónomo', 'Organismo autónomo', 'Autonomous'],
  other: ['Otro', 'Academia', 'Sector privado', 'Other', 'Private sector'],
};

/** A lookup from normalised words to what they mean, including the keys themselves. */
export function lookup<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, list] of Object.entries(words) as [K, readonly string[]][])
    for (const word of [key, ...list]) map.set(normalise(word), key);
  return map;
}
