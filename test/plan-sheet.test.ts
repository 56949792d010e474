import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commitment, KeyAction, Organization, Plan } from '../shared/src/types.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { runAdmin, startTestServer, type TestServer } from './helpers.js';

/*
 * Plan spreadsheets as OGP teams keep them (one row per milestone, the commitment repeated),
 * imported with `npm run admin -- plan import`, as an officer would from the README.
 */

let server: TestServer;
let dir: string;

const admin = (...args: string[]) => runAdmin(server, ...args);

const file = (name: string, content: string | Uint8Array) => {
  const where = path.join(dir, name);
  fs.writeFileSync(where, content);
  return where;
};
const get = async <T>(id: string) => (await useDb(server.couch, server.names.workspace).get(id)) as unknown as T;
const count = async () => (await useDb(server.couch, server.names.workspace).info()).doc_count;

async function xlsx(rows: (string | number | Date)[][], merge?: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Action plan');
  for (const row of rows) sheet.addRow(row);
  if (merge) sheet.mergeCells(merge);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  server = await startTestServer();
  dir = fs.mkdtempSync(path.join(server.dataDir, 'sheets-'));
  // The import speaks the site's language; these tests read its English.
  expect((await admin('site', 'setup', '--language', 'en')).code).toBe(0);
});
afterAll(async () => server?.stop());

// Spanish headers, semicolons (a Spanish-locale export), a multi-line cell, organisations by name.
const SPANISH = `N.º compromiso;Compromiso;Objetivo;Valores OGP;Temas;Institución responsable;Contraparte (sociedad civil);Hito;Responsable del hito;Fecha de inicio del hito;Fecha de término del hito;Entregable
1;Datos abiertos de contrataciones;"Publicar los contratos
en formato abierto.";"Acceso a la información; Rendición de cuentas";Contrataciones;Ministerio de Hacienda (MH);Fundación Datos Abiertos (FDA);Diagnóstico;;01/02/2025;30/04/2025;Informe
1;Datos abiertos de contrataciones;"Publicar los contratos
en formato abierto.";"Acceso a la información; Rendición de cuentas";Contrataciones;Ministerio de Hacienda (MH);Fundación Datos Abiertos (FDA);Portal de contrataciones;"MH; FDA";2025-05;2025-12;Portal en línea
2;Participación en salud;Mesas de diálogo con pacientes;Participación ciudadana;Salud;Ministerio de Salud;"Red de Pacientes
Colectivo Salud Abierta";Mesas regionales;;2025-03-01;2026-06-30;Actas
`;

describe('importing a plan spreadsheet', () => {
  it('reads a Spanish sheet, creates the organisations it names, infers what it does not say, and changes nothing when imported again', async () => {
    const sheet = file('plan-es.csv', SPANISH);
    const before = await count();
    const dry = await admin(
      'plan',
      'import',
      sheet,
      '--plan',
      'ej-1pa',
      '--country',
      'Ejemplo',
      '--title',
      'Primer plan',
      '--dry-run',
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would create 11');
    expect(dry.stdout).toContain('nothing was written');
    expect(dry.stdout).toContain('2 milestones without a responsible institution inherit their commitment');
    expect(dry.stdout).toContain('the plan starts on 2025-02-01');
    expect(dry.stdout).toMatch(/org:fda {2}Fundación Datos Abiertos \(cso\), FDA: as its column says, row 2, column G/);
    expect(await count()).toBe(before);

    const done = await admin(
      'plan',
      'import',
      sheet,
      '--plan',
      'ej-1pa',
      '--country',
      'Ejemplo',
      '--title',
      'Primer plan',
    );
    expect(done.code, done.stderr).toBe(0);
    const plan = await get<Plan>('plan:ej-1pa');
    expect(plan).toMatchObject({ country: 'Ejemplo', startDate: '2025-02-01', endDate: '2026-06-30' });
    const first = await get<Commitment>('commitment:ej-1pa-01');
    expect(first).toMatchObject({
      objective: 'Publicar los contratos\nen formato abierto.',
      ogpValues: ['accessToInformation', 'publicAccountability'],
      responsibleOrgIds: ['org:mh'],
      coResponsibleOrgIds: ['org:fda'],
      startDate: '2025-02-01',
      endDate: '2025-12-31',
    });
    expect((await get<Commitment>('commitment:ej-1pa-02')).coResponsibleOrgIds).toHaveLength(2);
    expect(await get<KeyAction>('keyAction:ej-1pa-01-1')).toMatchObject({
      responsibleOrgIds: ['org:mh'],
      title: 'Diagnóstico',
    });
    expect(await get<KeyAction>('keyAction:ej-1pa-01-2')).toMatchObject({
      startDate: '2025-05-01',
      endDate: '2025-12-31',
    });
    expect(await get<Organization>('org:fda')).toMatchObject({
      kind: 'cso',
      name: 'Fundación Datos Abiertos',
      acronym: 'FDA',
    });

    const again = await admin('plan', 'import', sheet, '--plan', 'ej-1pa');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('created 0, changed 0, left 6 as they were');
  });

  it('reads an English workbook with its own headers and words through a mapping file, merged cells and all', async () => {
    const workbook = await xlsx(
      [
        ['Open Government Action Plan of Exampleland'],
        ['#', 'Commitment name', 'Objective', 'Values', 'Lead institution', 'Milestone', 'Start', 'End'],
        [
          1,
          'Open budgets',
          'Publish the budget\nevery month.',
          'Proactive transparency; Civic participation',
          'Ministry of Finance (MOF)',
          'Monthly data',
          new Date(Date.UTC(2025, 0, 15)),
          '2025-06-30',
        ],
        [1, '', '', '', '', 'Citizen budget', '2025-07-01', '2025-12-31'],
      ],
      'B3:B4',
    );
    const map = file(
      'map.json',
      JSON.stringify({
        columns: { commitmentNumber: '#', commitmentTitle: 'Commitment name' },
        values: { 'Proactive transparency': 'accessToInformation' },
        plan: { id: 'xl-1pa', country: 'Exampleland', title: 'First plan', languages: ['en'] },
      }),
    );
    const result = await admin('plan', 'import', file('plan-en.xlsx', workbook), '--map', map);
    expect(result.code, result.stderr).toBe(0);
    expect(await get<Commitment>('commitment:xl-1pa-01')).toMatchObject({
      title: 'Open budgets',
      objective: 'Publish the budget\nevery month.',
      ogpValues: ['accessToInformation', 'civicParticipation'],
      responsibleOrgIds: ['org:mof'],
    });
    expect(await get<KeyAction>('keyAction:xl-1pa-01-1')).toMatchObject({
      startDate: '2025-01-15',
      title: 'Monthly data',
    });
    expect(await get<KeyAction>('keyAction:xl-1pa-01-2')).toMatchObject({
      title: 'Citizen budget',
      responsibleOrgIds: ['org:mof'],
    });
    expect((await get<Plan>('plan:xl-1pa')).languages).toEqual(['en']);
  });

  it('names every problem of a bad sheet in one run, with its row and column, and writes nothing', async () => {
    const before = await count();
    const bad = `N.º compromiso,Compromiso,Valores OGP,Institución responsable,Hito,Fecha de inicio del hito,Fecha de término del hito
1,Datos abiertos,Transparencia radical,Ministerio X,Diagnóstico,2025-13-01,2025-06-30
1,Datos abiertos,Acceso a la información,Ministerio X,Portal,2025-02-30,2025-06-30
1,Datos abiertos,Acceso a la información,Ministerio X,Diagnóstico,2025-01-01,2025-06-30
2,Salud,Participación ciudadana,Ministerio Y,Mesas,2025-09-01,2025-03-01
2,Salud,Participación ciudadana,Ministerio Y,Foro,mañana,2025-03-01
`;
    const result = await admin(
      'plan',
      'import',
      file('bad.csv', bad),
      '--plan',
      'bad-1pa',
      '--country',
      'X',
      '--title',
      'Y',
    );
    expect(result.code).toBe(1);
    const problems = result.stderr;
    expect(problems).toContain('nothing was written');
    // An objective the sheet does not give is not stated, not a problem (nor ten of them).
    expect(problems).not.toContain('Objetivo');
    expect(problems).toContain('row 2, column C "Valores OGP": "Transparencia radical" is not one of OGP\'s values');
    expect(problems).toContain('row 2, column F "Fecha de inicio del hito": "2025-13-01" is not a day of the calendar');
    expect(problems).toContain('row 3, column F "Fecha de inicio del hito": "2025-02-30" is not a day of the calendar');
    expect(problems).toContain('row 4: the same milestone as row 2 of commitment 1');
    expect(problems).toContain(
      'row 5, column G "Fecha de término del hito": 2025-03-01 is before the start, 2025-09-01',
    );
    expect(problems).toContain('row 6, column F "Fecha de inicio del hito": "mañana" is not a date');
    expect(await count()).toBe(before);
  });

  it('starts from the template it writes: the example row imports as it is', async () => {
    const out = path.join(dir, 'plantilla.xlsx');
    const template = await admin('plan', 'template', '--out', out);
    expect(template.code, template.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'plantilla.map.json'))).toBe(true);
    const result = await admin(
      'plan',
      'import',
      out,
      '--plan',
      'tpl-1pa',
      '--country',
      'País',
      '--title',
      'Plan',
      '--dry-run',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/commitment: 1 new/);
    expect(result.stdout).toMatch(/keyAction: 1 new/);
  });

  it('deletes a plan, but not one with published reports unless told to', async () => {
    expect((await admin('plan', 'delete', '--plan', 'xl-1pa')).code).toBe(0);
    await expect(get('plan:xl-1pa')).rejects.toThrow();
    await expect(get('commitment:xl-1pa-01')).rejects.toThrow();
    await useDb(server.couch, server.names.workspace).insert({
      _id: 'report:sheet-published',
      type: 'progressReport',
      planId: 'plan:ej-1pa',
      commitmentId: 'commitment:ej-1pa-01',
      keyActionId: 'keyAction:ej-1pa-01-1',
      orgId: 'org:mh',
      createdBy: 'ana',
      createdAt: new Date().toISOString(),
      status: 'published',
      percent: 10,
      narrative: 'Avance.',
      date: '2025-03-01',
      evidenceIds: [],
    } as never);
    const refused = await admin('plan', 'delete', '--plan', 'ej-1pa');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('has 1 published progress report');
    expect((await get<Plan>('plan:ej-1pa'))._id).toBe('plan:ej-1pa');
    expect((await admin('plan', 'delete', '--plan', 'ej-1pa', '--force')).code).toBe(0);
    await expect(get('report:sheet-published')).rejects.toThrow();
  });
});

describe("the README's import section", () => {
  it('lists every header and OGP word the importer reads', async () => {
    const { COLUMNS, OGP_VALUE_WORDS } = await import('../sync-server/src/admin/spreadsheet/vocabulary.js');
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    for (const [column, { headers }] of Object.entries(COLUMNS))
      expect(readme, column).toContain(
        `| \`${column}\` | ${COLUMNS[column as keyof typeof COLUMNS].required ? 'yes' : ''} | ${headers.join(' · ')} |`,
      );
    for (const [value, words] of Object.entries(OGP_VALUE_WORDS))
      expect(readme, value).toContain(`| \`${value}\` | ${words.join(' · ')} |`);
  });

  it('imports the worked example as the README says', async () => {
    const result = await admin(
      'plan',
      'import',
      path.join(import.meta.dirname, '..', 'docs', 'examples', 'plan-ejemplo.csv'),
      '--plan',
      'ej-2pa',
      '--country',
      'República de Ejemplo',
      '--title',
      'Primer Plan',
      '--dry-run',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('the plan starts on 2025-01-01');
    expect(result.stdout).toContain('the plan ends on 2026-03-31');
    expect(result.stdout).toContain('3 milestones without a responsible institution inherit');
    expect(result.stdout).toContain('Observatorio Fiscal (cso)');
  });
});
