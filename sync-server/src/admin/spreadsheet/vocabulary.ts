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
 * The columns a plan spreadsheet may have, each with the headers OGP teams use for it: their own
 * in Spanish and English, and the headings of OGP's commitment template in Spanish, English,
 * French and Portuguese (countries copy the template's headings into their sheets as they are).
 * One row is one milestone (key action); the commitment's columns repeat on each of its rows.
 * A mapping file (`--map`) names other headers.
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
      'ID del compromiso',
      'Commitment ID',
      "N° de l'engagement",
      'N.º do compromisso',
    ],
  },
  commitmentTitle: {
    required: true,
    headers: [
      'Compromiso',
      'Nombre del compromiso',
      'Título del compromiso',
      'Commitment',
      'Commitment title',
      'Engagement',
      "Titre de l'engagement",
      'Compromisso',
      'Título do compromisso',
    ],
  },
  ogpId: { required: false, headers: ['ID OGP', 'Código OGP', 'OGP ID', 'OGP code'] },
  problem: {
    required: false,
    headers: [
      'Problema',
      'Problemática',
      'Problema público',
      'Problem',
      'Problem addressed',
      '¿Cuál es la problemática que el compromiso aborda?',
      '¿Cuál es el problema público que el compromiso aborda?',
      'What is the public problem that the commitment will address?',
      'Status quo or problem addressed by the commitment',
      "Quel est le problème public que l'engagement abordera ?",
      'Qual é o problema público que o compromisso abordará?',
    ],
  },
  objective: {
    required: false,
    headers: [
      'Objetivo',
      'Objetivo general',
      'Objetivo del compromiso',
      'Descripción del compromiso',
      'Objective',
      'Commitment description',
      'Objective / description',
      '¿Cuál es el compromiso?',
      'What is the commitment?',
      'Main objective',
      "Quel est l'engagement ?",
      'Qual é o compromisso?',
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
      '¿Por qué es relevante a los valores de OGP?',
      'Why is this commitment relevant to OGP values?',
      'Pourquoi cet engagement est-il pertinent pour les valeurs du PGO ?',
      'Por que este compromisso é relevante para os valores da OGP?',
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
      'Lead institution(s)',
      'Institución o actor responsable de la implementación',
      'Lead implementing agency/actor',
      'Institution/acteur responsable de la mise en œuvre',
      'Instituição/ator responsável pela implementação',
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
      'Civil-society counterpart(s)',
    ],
  },
  support: {
    required: false,
    headers: [
      'Otros actores',
      'Otros actores involucrados',
      'Actores de apoyo',
      'Supporting actors',
      'Other actors',
      'Otros actores de gobierno',
      'Otros actores (OSC, academia, sector privado, multilaterales)',
      'Actores gubernamentales',
      'OSC, sector privado, multilaterales, grupos de trabajo',
      'State actors involved',
      'CSOs, private sector, multilaterals, working groups',
      'Autres acteurs impliqués',
      'Acteurs gouvernementaux',
      'Outros atores envolvidos',
      'Atores governamentais',
    ],
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
    headers: [
      'Hito',
      'Acción clave',
      'Hito / acción clave',
      'Actividad',
      'Milestone',
      'Key action',
      'Activity',
      'Milestone title',
      'Actividad y producto entregable',
      'Milestone activity with a verifiable deliverable',
      'Activité et livrable vérifiable',
      'Jalon',
      'Atividade e produto verificável',
      'Marco',
    ],
  },
  milestoneResponsible: {
    required: false,
    headers: ['Responsable del hito', 'Institución responsable del hito', 'Milestone lead', 'Milestone responsible'],
  },
  milestoneStart: {
    required: false,
    headers: [
      'Fecha de inicio del hito',
      'Fecha de inicio',
      'Inicio',
      'Milestone start date',
      'Start date',
      'Start',
      'Date de début',
      'Data de início',
    ],
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
      'Date de fin',
      'Data de término',
    ],
  },
  deliverable: {
    required: false,
    headers: [
      'Entregable',
      'Producto',
      'Medio de verificación',
      'Deliverable',
      'Output',
      'Means of verification',
      'Deliverables (indicators)',
      'Indicadores',
      'Indicators',
    ],
  },
  deliverableDue: {
    required: false,
    headers: ['Fechas de los entregables', 'Indicator due dates', 'Deliverable due dates'],
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
    'Transparencia y acceso a la información',
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
    'Uso de tecnologías e innovación',
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

/**
 * The kind of organisation a column's header says its entries are ("Otros actores de gobierno",
 * "Contraparte (sociedad civil)", "Academia"), or undefined when it says none or several
 * ("OSC, academia, sector privado": the header cannot tell which entry is which).
 */
export function kindInHeader(header: string): OrgKind | undefined {
  const text = ` ${normalise(header)} `;
  const said = (Object.entries(HEADER_KIND_WORDS) as [OrgKind, readonly string[]][]).filter(([, words]) =>
    words.some((word) => text.includes(` ${word} `)),
  );
  return said.length === 1 ? said[0]?.[0] : undefined;
}

const HEADER_KIND_WORDS: Record<OrgKind, readonly string[]> = {
  government: [
    'de gobierno',
    'gubernamental',
    'gubernamentales',
    'government',
    'state actors',
    'gouvernementaux',
    'governamentais',
  ],
  cso: ['sociedad civil', 'osc', 'cso', 'csos', 'civil society', 'societe civile', 'sociedade civil', 'oscs'],
  autonomous: ['autonomo', 'autonomos', 'autonomous'],
  other: ['academia', 'sector privado', 'private sector', 'multilaterales', 'multilaterals'],
};
