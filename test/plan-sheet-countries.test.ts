import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commitment, KeyAction, Plan } from '../shared/src/types.js';
import { planFromSheet, type SheetMap, type SheetPlan } from '../sync-server/src/admin/spreadsheet/plan-sheet.js';
import { readSheet, type Sheet, SheetReadError } from '../sync-server/src/admin/spreadsheet/read-sheet.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { runAdmin, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * Plans as other countries' teams keep them: OGP's own commitment template in its four languages,
 * several columns for one field, kinds said by the columns, Latin-1 files, gaps in the source.
 * Canada's plan is read from test/data/canada-nap4/, a copy of the brief's, exactly as kept there.
 */

const CANADA = path.join(import.meta.dirname, 'data', 'canada-nap4');

/** A sheet from rows of cells, as readSheet would give it. */
const sheetOf = (rows: string[][]): Sheet => ({
  rows: rows.map((cells, i) => ({ number: i + 1, cells })),
  format: 'csv',
  encoding: 'UTF-8',
});
const settings = { id: 'ec-1pa', country: 'Ecuador', title: 'Plan', startDate: '2025-01-01' };
const importOf = (rows: string[][], map: SheetMap = {}, lang: 'es' | 'en' = 'en'): SheetPlan =>
  planFromSheet(sheetOf(rows), map, settings, { organizations: [] }, lang);
const docOf = <T>(result: SheetPlan, id: string) => result.records.find((r) => r.doc._id === id)?.doc as T;
const orgNamed = (result: SheetPlan, name: string) => result.newOrganizations.find((o) => o.name === name);

// Ecuador's shape: OGP's Spanish template headings, two "other actors" columns, organisations by name.
const ECUADOR = [
  [
    'No.',
    'Nombre del compromiso',
    '¿Cuál es la problemática que el compromiso aborda?',
    '¿Cuál es el compromiso?',
    '¿Por qué es relevante a los valores de OGP?',
    'Institución o actor responsable de la implementación',
    'Otros actores de gobierno',
    'Otros actores (OSC, academia, sector privado, multilaterales)',
    'Actividad y producto entregable',
    'Fecha de inicio',
    'Fecha de término',
  ],
  [
    '1',
    'Transparencia en industrias extractivas',
    'Participación limitada',
    'Publicar los contratos',
    'Transparencia y acceso a la información; Uso de tecnologías e innovación',
    'Presidencia de la República',
    'Ministerio del Trabajo',
    'Open Contracting Partnership (OCP); Universidad Central',
    'Hito 1: Diagnóstico',
    '2025-02-01',
    '2025-06-30',
  ],
  ['1', '', '', '', '', '', '', 'EITI', 'Hito 2: Portal', '2025-07-01', '2025-12-31'],
  [
    '2',
    'Trabajo decente',
    'Poca información',
    'Abrir datos de empleo',
    'Colaboración e innovación',
    'Ministerio del Trabajo',
    '',
    'Grupo FARO',
    'Hito 1: Mesas',
    '2025-03-01',
    '2025-09-30',
  ],
];

describe("OGP's commitment template and the words countries use", () => {
  it("reads OGP's Spanish template headings and Ecuador's value labels", () => {
    const result = importOf(ECUADOR);
    expect(result.problems).toEqual([]);
    const first = docOf<Commitment>(result, 'commitment:ec-1pa-01');
    expect(first).toMatchObject({
      problem: 'Participación limitada',
      objective: 'Publicar los contratos',
      ogpValues: ['accessToInformation', 'technologyAndInnovation'],
    });
    expect(docOf<Commitment>(result, 'commitment:ec-1pa-02').ogpValues).toEqual(['technologyAndInnovation']);
  });

  it.each([
    [
      'en',
      [
        'Commitment title',
        'What is the public problem that the commitment will address?',
        'What is the commitment?',
        'Lead implementing agency/actor',
        'Milestone activity with a verifiable deliverable',
        'Start date',
        'End date',
      ],
    ],
    [
      'fr',
      [
        "Titre de l'engagement",
        "Quel est le problème public que l'engagement abordera ?",
        "Quel est l'engagement ?",
        'Institution/acteur responsable de la mise en œuvre',
        'Activité et livrable vérifiable',
        'Date de début',
        'Date de fin',
      ],
    ],
    [
      'pt',
      [
        'Título do compromisso',
        'Qual é o problema público que o compromisso abordará?',
        'Qual é o compromisso?',
        'Instituição/ator responsável pela implementação',
        'Atividade e produto verificável',
        'Data de início',
        'Data de término',
      ],
    ],
  ])('reads the template in %s', (_, headers) => {
    const result = importOf([headers, ['Open data', 'P', 'O', 'Ministry A', 'Portal', '2025-01-01', '2025-06-30']]);
    expect(result.problems).toEqual([]);
    expect(docOf<Commitment>(result, 'commitment:ec-1pa-01')).toMatchObject({ problem: 'P', objective: 'O' });
  });

  it('takes "Hito N:" and "Milestone N:" as the number, not as part of the title', () => {
    const result = importOf(ECUADOR);
    expect(docOf<KeyAction>(result, 'keyAction:ec-1pa-01-2')).toMatchObject({ number: 2, title: 'Portal' });
    const english = importOf([
      ['Commitment', 'Objective', 'Lead institution', 'Milestone', 'Start', 'End'],
      ['A', 'B', 'Ministry', 'Milestone 3: Launch', '2025-01-01', '2025-02-01'],
    ]);
    expect(docOf<KeyAction>(english, 'keyAction:ec-1pa-01-3')).toMatchObject({ number: 3, title: 'Launch' });
  });
});

describe('several columns for one field, and kinds from what the columns say', () => {
  it('reads both "other actors" columns by default', () => {
    const first = docOf<Commitment>(importOf(ECUADOR), 'commitment:ec-1pa-01');
    expect(first.supportOrgIds).toEqual([
      'org:ministerio-del-trabajo',
      'org:ocp',
      'org:universidad-central',
      'org:eiti',
    ]);
  });

  it('takes several headers for one field in the mapping file', () => {
    const rows = [
      ['Compromiso', 'Meta', 'Líder', 'Aliados A', 'Aliados B', 'Hito', 'Inicio', 'Fin'],
      ['Datos', 'Abrir', 'Ministerio A', 'Fundación X', 'Cámara Y', 'Portal', '2025-01-01', '2025-06-30'],
    ];
    const result = importOf(rows, {
      columns: { objective: 'Meta', responsible: 'Líder', support: ['Aliados A', 'Aliados B'] },
    });
    expect(result.problems).toEqual([]);
    expect(docOf<Commitment>(result, 'commitment:ec-1pa-01').supportOrgIds).toEqual([
      'org:fundacion-x',
      'org:camara-y',
    ]);
  });

  it('gives the kind the columns say, lets a later and stronger role win, and lists every inference', () => {
    const result = importOf(ECUADOR);
    // Met first as another government actor, then leading commitment 2: a public body either way.
    expect(orgNamed(result, 'Ministerio del Trabajo')?.kind).toBe('government');
    expect(orgNamed(result, 'Presidencia de la República')?.kind).toBe('government');
    expect(orgNamed(result, 'Open Contracting Partnership')?.kind).toBe('other');
    const summary = result.inferred.join('\n');
    expect(summary).toMatch(/Ministerio del Trabajo.*government.*column G "Otros actores de gobierno"/);
    expect(summary).toMatch(/Presidencia de la República.*government.*leads commitment 1/);
    expect(summary).toMatch(/Grupo FARO.*other/);
  });

  it('a supporting actor that later leads becomes a public body, and the summary says why', () => {
    const result = importOf([
      ['Compromiso', 'Objetivo', 'Institución responsable', 'Otros actores', 'Hito', 'Inicio', 'Fin'],
      ['A', 'O', 'Ministerio A', 'Defensoría del Pueblo', 'H', '2025-01-01', '2025-02-01'],
      ['B', 'O', 'Defensoría del Pueblo', '', 'H', '2025-01-01', '2025-02-01'],
    ]);
    expect(orgNamed(result, 'Defensoría del Pueblo')?.kind).toBe('government');
    expect(result.inferred.join('\n')).toMatch(/Defensoría del Pueblo.*government.*leads commitment 2.*row 3/);
  });
});

describe('reading the file', () => {
  const csv =
    'Compromiso;Objetivo;Institución responsable;Hito;Inicio;Fin\nA;Participación ciudadana;Ministerio;H;2025-01-01;2025-02-01\n';
  const latin1 = Uint8Array.from([...csv].map((ch) => ch.charCodeAt(0)));

  it('detects Windows-1252 (Latin-1), UTF-8 and UTF-8 with a BOM, and names it', async () => {
    const read = await readSheet('plan.csv', latin1);
    expect(read.encoding).toBe('Windows-1252');
    expect(read.rows[1]?.cells[1]).toBe('Participación ciudadana');
    expect((await readSheet('plan.csv', new TextEncoder().encode(csv))).encoding).toBe('UTF-8');
    const bom = await readSheet('plan.csv', new TextEncoder().encode(`\uFEFF${csv}`));
    expect(bom.encoding).toBe('UTF-8 with BOM');
    expect(bom.rows[0]?.cells[0]).toBe('Compromiso');
  });

  it('refuses a file that is not a sheet in one plain sentence', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    for (const name of ['plan.xlsx', 'plan.csv']) {
      const error = await readSheet(name, png).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SheetReadError);
      const message = (error as Error).message;
      expect(message).toMatch(/^plan\.(xlsx|csv) is not a spreadsheet/);
      expect(message.split('\n')).toHaveLength(1);
      expect(message).not.toMatch(/jszip|\\x|\uFFFD|PNG/);
    }
    const spanish = await readSheet('plan.xlsx', png, undefined, 'es').catch((e: unknown) => e);
    expect((spanish as Error).message).toMatch(/^plan\.xlsx no es una hoja de cálculo/);
  });
});

describe("messages in the site's language", () => {
  const bad = [
    ['Compromiso', 'Objetivo', 'Institución responsable', 'Hito', 'Inicio', 'Fin', 'Valores OGP'],
    ['A', 'Publicar\nlos datos', 'Ministerio', 'H', 'mañana', '2025-02-01', 'Transparencia radical'],
    ['A', 'Otra cosa\nen dos líneas', 'Ministerio', 'H2', '2025-13-01', '2025-02-01', ''],
  ];
  it('says each problem in Spanish, one line each, in row order', () => {
    const { problems } = importOf(bad, {}, 'es');
    expect(problems).toContain(
      'fila 2, columna E "Inicio": "mañana" no es una fecha (escriba 2021-03-31 o 31/03/2021)',
    );
    expect(problems.some((p) => p.startsWith('fila 2, columna G "Valores OGP": "Transparencia radical" no es'))).toBe(
      true,
    );
    expect(problems).toContain('fila 3, columna E "Inicio": "2025-13-01" no es un día del calendario');
    for (const problem of problems) expect(problem).not.toContain('\n');
    const rows = problems.map((p) => Number(/^fila (\d+)/.exec(p)?.[1] ?? 0));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });
  it('and in English', () => {
    const { problems } = importOf(bad, {}, 'en');
    expect(problems).toContain('row 2, column E "Inicio": "mañana" is not a date (write 2021-03-31 or 31/03/2021)');
  });
});

describe('a plan with gaps', () => {
  it('imports without inventing: what the sheet does not state is recorded as not stated, and said', () => {
    const result = importOf([
      ['Commitment', 'Lead institution', 'OGP values', 'Milestone', 'Milestone start date', 'Milestone end date'],
      ['Open data', 'Ministry A', '', 'Portal', '', '2025-06'],
      ['Open data', 'Ministry A', '', 'Data', '2025-03-01', '2025-09'],
    ]);
    expect(result.problems).toEqual([]);
    const commitment = docOf<Commitment>(result, 'commitment:ec-1pa-01');
    expect(commitment.objective).toBe('');
    expect(commitment.unverifiedFields).toEqual(
      expect.arrayContaining(['objective', 'ogpValues', 'keyAction.1.startDate']),
    );
    expect(commitment.unverifiedFields).not.toContain('keyAction.2.startDate');
    // The milestone's start is the plan's, marked as not stated, and so is the commitment's (a milestone may start before the others).
    expect(docOf<KeyAction>(result, 'keyAction:ec-1pa-01-1').startDate).toBe('2025-01-01');
    const summary = result.inferred.join('\n');
    expect(summary).toMatch(/1 commitment states no objective/);
    expect(summary).toMatch(/1 milestone states no start date.*row 2/);
  });

  it("imports indicators with due dates as the key action's deliverables", () => {
    const result = importOf([
      [
        'Commitment',
        'Objective',
        'Lead institution',
        'Milestone',
        'Start',
        'Milestone end date',
        'Deliverables (indicators)',
        'Indicator due dates',
      ],
      [
        'A',
        'O',
        'TBS',
        'M',
        '2025-01-01',
        '2025-06',
        'Pilot launched; Stories published',
        'A.1.1: 2025-06; A.1.2: none',
      ],
    ]);
    expect(result.problems).toEqual([]);
    expect(docOf<KeyAction>(result, 'keyAction:ec-1pa-01-1').deliverable).toBe(
      'Pilot launched (2025-06)\nStories published',
    );
  });
});

describe('the command line', () => {
  let server: TestServer;
  let dir: string;
  const admin = (...args: string[]) => runAdmin(server, ...args);
  const get = async <T>(id: string) => (await useDb(server.couch, server.names.workspace).get(id)) as unknown as T;
  beforeAll(async () => {
    server = await startTestServer();
    dir = fs.mkdtempSync(path.join(server.dataDir, 'countries-'));
    expect((await admin('site', 'setup', '--language', 'en')).code).toBe(0);
  });
  afterAll(async () => server?.stop());

  it("imports Canada's 2018-2020 plan from its files as kept", async () => {
    const sheet = path.join(CANADA, 'canada-nap4-2018-2020.csv');
    const args = ['plan', 'import', sheet, '--plan', 'ca-4', '--country', 'Canada'];
    const result = await admin(
      ...args,
      '--title',
      "Canada's 2018-2020 National Action Plan on Open Government",
      '--start',
      '2018-09-01',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('commitment: 10 new');
    expect(result.stdout).toContain('keyAction: 56 new');
    expect(result.stdout).toContain('UTF-8');
    expect(result.stdout).toMatch(/10 commitments state no objective/);
    expect(result.stdout).toMatch(/56 milestones state no start date/);
    expect(result.stdout).toMatch(/org:tbs\s+TBS \(government\)/);
    const plan = await get<Plan>('plan:ca-4');
    expect(plan).toMatchObject({ startDate: '2018-09-01', endDate: '2020-08-31' });
    const c1 = await get<Commitment>('commitment:ca-4-01');
    expect(c1).toMatchObject({ number: 1, title: 'User-friendly open government', objective: '' });
    expect(c1.responsibleOrgIds).toEqual(['org:tbs', 'org:csps', 'org:nrcan', 'org:statcan', 'org:esdc']);
    expect(c1.unverifiedFields).toEqual(
      expect.arrayContaining(['objective', 'ogpValues', 'startDate', 'keyActions.startDate']),
    );
    const k = await get<KeyAction>('keyAction:ca-4-01-2');
    expect(k).toMatchObject({ number: 2, endDate: '2020-06-30', responsibleOrgIds: ['org:csps', 'org:tbs'] });
    expect(k.deliverable?.split('\n')[0]).toBe('Materials for teachers and educators drafted and published (2019-06)');
    expect((await get<Commitment>('commitment:ca-4-05')).supportOrgIds).toEqual(['org:sbdas']);
    const orgs = await admin('org', 'list');
    expect(orgs.stdout.match(/\tgovernment\t/g)?.length).toBeGreaterThanOrEqual(18);

    const again = await admin(...args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('changed 0');
  });

  it('adds a user for an organisation named by its name or acronym, and refuses an ambiguous one', async () => {
    const org = (id: string, name: string, acronym: string) =>
      useDb(server.couch, server.names.workspace).insert({
        _id: `org:${id}`,
        type: 'organization',
        kind: 'government',
        name,
        acronym,
      } as never);
    await org('mintel-ec', 'Ministerio de Telecomunicaciones y de la Sociedad de la Información', 'MINTEL');
    await org('mt-ec', 'Ministerio del Trabajo', 'MT');
    await org('mt-ec-2', 'Mesa Técnica', 'MT');
    const user = (orgName: string) =>
      admin(
        'user',
        'add',
        '--name',
        uniqueName('ec'),
        '--password',
        'a-long-password',
        '--role',
        'reporter',
        '--org',
        orgName,
      );
    const byName = await user('Ministerio de Telecomunicaciones y de la Sociedad de la Información');
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain('org:mintel-ec');
    expect((await user('mintel')).code).toBe(0);
    const ambiguous = await user('MT');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/--org: "MT" names 2 organisations.*org:mt-ec.*org:mt-ec-2/);
    const none = await user('Ministerio de Nada');
    expect(none.stderr).toMatch(/--org: no organisation has the id, name or acronym "Ministerio de Nada".*org list/);
  });

  it('refuses a file that is not a sheet in one sentence, without writing', async () => {
    const file = path.join(dir, 'logo.xlsx');
    fs.writeFileSync(file, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    const result = await admin('plan', 'import', file, '--plan', 'x-1', '--country', 'X', '--title', 'X');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Error: .*logo\.xlsx is not a spreadsheet[^\n]*$/);
  });
});
