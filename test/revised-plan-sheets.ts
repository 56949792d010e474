import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { readPlanSheet } from '../sync-server/src/admin/spreadsheet/import-sheet.js';
import type { TestServer } from './helpers.js';

/** A small plan's sheet and the same plan reprogrammed (issue 31's revisions). */

const HEAD =
  'N.º compromiso,Compromiso,Objetivo,Valores OGP,Institución responsable,Hito,Fecha de inicio del hito,Fecha de término del hito';
export const FIRST = `${HEAD}
1,Presupuesto abierto,Publicar el presupuesto mensual.,Acceso a la información,Ministerio de Finanzas (MF),Portal de datos,2025-01-01,2025-06-30
1,Presupuesto abierto,Publicar el presupuesto mensual.,Acceso a la información,Ministerio de Finanzas (MF),Presupuesto ciudadano,2025-07-01,2025-12-31
2,Compras,Veedurías en las compras.,Participación ciudadana,Servicio de Compras (SC),Veedurías piloto,2025-03-01,2026-03-31
`;
// Reprogrammed: the portal six months later, a third milestone, commitment 2 renamed.
export const REVISED = `${HEAD}
1,Presupuesto abierto,Publicar el presupuesto mensual.,Acceso a la información,Ministerio de Finanzas (MF),Portal de datos,2025-01-01,2025-12-31
1,Presupuesto abierto,Publicar el presupuesto mensual.,Acceso a la información,Ministerio de Finanzas (MF),Presupuesto ciudadano,2025-07-01,2025-12-31
1,Presupuesto abierto,Publicar el presupuesto mensual.,Acceso a la información,Ministerio de Finanzas (MF),Informe anual,2026-01-01,2026-03-31
2,Compras públicas abiertas,Veedurías en las compras.,Participación ciudadana,Servicio de Compras (SC),Veedurías piloto,2025-03-01,2026-03-31
`;

// A sheet with real gaps, as Canada's: no start dates, no objective, no OGP values.
export const GAPS = `N.º compromiso,Compromiso,Institución responsable,Hito,Fecha de término del hito
1,Datos abiertos,Ministerio de Finanzas (MF),Portal de datos,2025-06-30
1,Datos abiertos,Ministerio de Finanzas (MF),Informe anual,2025-12-31
`;

/** Imports one of the sheets (as plan ec-1pa unless told), as the CLI and the admin page do. */
export async function importSheet(server: TestServer, name: string, csv: string, dryRun = false, id = 'ec-1pa') {
  const file = { name, bytes: new TextEncoder().encode(csv) };
  const settings = { id, country: 'Ecuador', title: 'Plan de Acción 2025-2026', startDate: '2025-01-01' };
  const sheet = await readPlanSheet(server.couch, server.names, file, {}, settings, 'es');
  return importRecords(server.couch, server.names, `/tmp/carpeta/${name}`, sheet.records, sheet.problems, { dryRun });
}
