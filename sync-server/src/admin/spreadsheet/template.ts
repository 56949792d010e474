import ExcelJS from 'exceljs';
import type { SheetMap } from './plan-sheet.js';
import type { Column } from './vocabulary.js';

/** The template's columns in order, with the header it gives each in Spanish and English. */
const TEMPLATE: [Column, string, string][] = [
  ['commitmentNumber', 'N.º compromiso', 'Commitment number'],
  ['commitmentTitle', 'Compromiso', 'Commitment'],
  ['objective', 'Objetivo', 'Objective'],
  ['problem', 'Problema', 'Problem'],
  ['ogpValues', 'Valores OGP', 'OGP values'],
  ['themes', 'Temas', 'Themes'],
  ['responsible', 'Institución responsable', 'Lead institution'],
  ['coResponsible', 'Contraparte (sociedad civil)', 'Civil society counterpart'],
  ['support', 'Otros actores', 'Supporting actors'],
  ['milestoneNumber', 'N.º hito', 'Milestone number'],
  ['milestone', 'Hito', 'Milestone'],
  ['milestoneResponsible', 'Responsable del hito', 'Milestone lead'],
  ['milestoneStart', 'Fecha de inicio del hito', 'Milestone start date'],
  ['milestoneEnd', 'Fecha de término del hito', 'Milestone end date'],
  ['deliverable', 'Entregable', 'Deliverable'],
  ['weight', 'Peso', 'Weight'],
  ['ogpId', 'ID OGP', 'OGP ID'],
  ['sourceUrl', 'Fuente', 'Source'],
];

const EXAMPLE = {
  es: [
    '1',
    'Datos abiertos de contrataciones',
    'Publicar los contratos públicos en formato abierto.',
    'Los contratos no se pueden consultar ni reutilizar.',
    'Acceso a la información; Rendición de cuentas',
    'Contrataciones públicas',
    'Ministerio de Hacienda (MH)',
    'Fundación Datos Abiertos (FDA)',
    '',
    '1',
    'Publicar el portal de contrataciones abiertas',
    '',
    '2025-01-01',
    '2025-06-30',
    'Portal en línea',
    '1',
    '',
    '',
  ],
  en: [
    '1',
    'Open contracting data',
    'Publish public contracts as open data.',
    'Contracts cannot be consulted or reused.',
    'Access to information; Public accountability',
    'Public procurement',
    'Ministry of Finance (MOF)',
    'Open Data Foundation (ODF)',
    '',
    '1',
    'Launch the open contracting portal',
    '',
    '2025-01-01',
    '2025-06-30',
    'Portal online',
    '1',
    '',
    '',
  ],
};

/** An empty plan sheet (headers, one example row to overwrite) and a sample mapping file to start from. */
export async function planTemplate(language: 'es' | 'en'): Promise<{ xlsx: Uint8Array; map: SheetMap }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(language === 'es' ? 'Plan' : 'Plan');
  sheet.addRow(TEMPLATE.map(([, es, en]) => (language === 'es' ? es : en)));
  sheet.addRow(EXAMPLE[language]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 24;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const map: SheetMap = {
    columns: { commitmentTitle: language === 'es' ? 'Nombre del compromiso' : 'Commitment name' },
    values: { [language === 'es' ? 'Transparencia proactiva' : 'Proactive transparency']: 'accessToInformation' },
    orgKinds: { [language === 'es' ? 'Academia' : 'University']: 'other' },
    plan: {
      id: 'xx-1pa',
      country: language === 'es' ? 'País' : 'Country',
      title: language === 'es' ? 'Primer Plan de Acción de Gobierno Abierto' : 'First Open Government Action Plan',
      languages: [language],
      reviewRequired: false,
      committeeOrgIds: [],
    },
  };
  return { xlsx: new Uint8Array(await workbook.xlsx.writeBuffer()), map };
}
