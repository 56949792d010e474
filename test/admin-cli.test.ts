import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { Client, runAdmin, startTestServer, type TestServer, uniqueName } from './helpers.js';

let server: TestServer;
let dir: string;

/** Runs `npm run admin -- …` as a deployer would, against the test server. */
const admin = (...args: string[]) => runAdmin(server, ...args);

async function workspaceCount(): Promise<number> {
  return (await useDb(server.couch, server.names.workspace).info()).doc_count;
}

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

const GOOD_CSV = `type,id,kind,name,acronym,planId,country,title,startDate,endDate,languages,reviewRequired,committeeOrgIds,number,objective,ogpValues,themes,responsibleOrgIds,coResponsibleOrgIds,commitmentId,weight
organization,org:min-x,government,Ministerio X,MX,,,,,,,,,,,,,,,,
organization,org:osc-y,cso,Organización Y,,,,,,,,,,,,,,,,,
plan,plan:csv-plan,,,,,Testland,Plan CSV,2024-01-01,2025-12-31,es;en,no,org:osc-y,,,,,,,,
commitment,commitment:csv-1,,,,plan:csv-plan,,Datos abiertos,2024-01-01,2025-06-30,,,,1,Publicar datos,accessToInformation;civicParticipation,Open Data,org:min-x,org:osc-y,,
keyAction,keyAction:csv-1-1,,,,plan:csv-plan,,Diagnóstico,2024-01-01,2024-06-30,,,,1,,,,org:min-x,,commitment:csv-1,2
`;

beforeAll(async () => {
  server = await startTestServer();
  dir = fs.mkdtempSync(path.join(server.dataDir, 'files-'));
});
afterAll(async () => server?.stop());

// Each test starts the CLI as a deployer would, up to ten times; on a loaded machine one start took
// 13-16 s (2-3 s of it CPU), so the limit is the processes', not a speed goal (that is the bench's).
describe('admin CLI', { timeout: 240_000 }, () => {
  it('adds organisations and users, changes passwords and disables accounts', async () => {
    expect(await admin('org', 'add', '--id', 'min-z', '--name', 'Ministerio Z', '--kind', 'government')).toMatchObject({
      code: 0,
    });
    const bad = await admin('org', 'add', '--id', 'min-w', '--name', 'W', '--kind', 'company');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--kind: must be one of government, cso, autonomous, other.');
    const badId = await admin('org', 'add', '--id', 'Min W', '--name', 'W', '--kind', 'cso');
    expect(badId.stderr).toMatch(/--id: "org:Min W" must continue/);

    const name = uniqueName('rosa');
    expect(
      await admin('user', 'add', '--name', name, '--password', 'first-pass', '--role', 'reporter', '--org', 'min-z'),
    ).toMatchObject({ code: 0 });
    const noOrg = await admin(
      'user',
      'add',
      '--name',
      uniqueName('x'),
      '--password',
      'first-pass',
      '--role',
      'reporter',
      '--org',
      'nowhere',
    );
    expect(noOrg.stderr).toContain('--org: no organisation has the id, name or acronym "nowhere"');
    expect(
      (
        await admin(
          'user',
          'add',
          '--name',
          uniqueName('x'),
          '--password',
          'short',
          '--role',
          'reporter',
          '--org',
          'min-z',
        )
      ).stderr,
    ).toContain('--password: must have at least 8 characters.');
    const session = (password: string) => new Client(server.couchUrl).request('POST', '_session', { name, password });
    expect((await session('first-pass')).status).toBe(200);
    expect((await admin('user', 'passwd', '--name', name, '--password', 'second-pass')).code).toBe(0);
    expect((await session('first-pass')).status).toBe(401);
    expect((await session('second-pass')).status).toBe(200);
    expect((await admin('user', 'disable', '--name', name)).code).toBe(0);
    expect((await session('second-pass')).status).toBe(401);
    expect((await admin('user', 'list')).stdout).toMatch(new RegExp(`${name}\\t\\tdisabled`));
  });

  it('imports a CSV plan, and importing it again changes nothing', async () => {
    const file = write('plan.csv', GOOD_CSV);
    const first = await admin('plan', 'import', file);
    expect(first.stdout).toContain('created 5, changed 0, left 0 as they were');
    const again = await admin('plan', 'import', file);
    expect(again.stdout).toContain('created 0, changed 0, left 5 as they were');
    const commitment = await useDb(server.couch, server.names.workspace).get('commitment:csv-1');
    expect(commitment).toMatchObject({ ogpValues: ['accessToInformation', 'civicParticipation'], number: 1 });
  });

  it('rejects a file with bad rows whole, naming every bad row and field', async () => {
    const before = await workspaceCount();
    const rows = GOOD_CSV.trim().split('\n');
    const bad = [
      ...rows,
      'commitment,commitment:csv-2,,,,plan:csv-plan,,Sin fechas,,,,,,2,Objetivo,accessToInformation,,org:min-x,,,',
      'keyAction,keyAction:csv-2-1,,,,plan:csv-plan,,Acción,2024-01-01,2023-01-01,,,,1,,,,org:ghost,,commitment:csv-1,uno',
      'commitment,commitment:csv-3,,,,plan:csv-plan,,Valores,2024-01-01,2024-12-31,,,,3,Objetivo,transparency,,org:min-x,,,',
    ].join('\n');
    const result = await admin('plan', 'import', write('bad.csv', `${bad}\n`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing was written');
    expect(result.stderr).toContain('line 7, field startDate: is required');
    expect(result.stderr).toContain('line 8, field weight: "uno" is not a number');
    expect(result.stderr).toContain('line 9, field ogpValues.0: must be equal to one of the allowed values');
    expect(await workspaceCount()).toBe(before);

    const refs = [
      ...rows,
      'keyAction,keyAction:csv-2-1,,,,plan:csv-plan,,Acción,2024-01-01,2023-01-01,,,,1,,,,org:ghost,,commitment:csv-1,1',
    ].join('\n');
    const refResult = await admin('plan', 'import', write('refs.csv', `${refs}\n`));
    expect(refResult.stderr).toContain('line 7, field endDate: 2023-01-01 is before startDate 2024-01-01');
    expect(refResult.stderr).toContain(
      'line 7, field responsibleOrgIds: org:ghost is not a organization in this file or the workspace',
    );
    expect(await workspaceCount()).toBe(before);

    const json = await admin(
      'plan',
      'import',
      write(
        'bad.json',
        JSON.stringify({ plan: { _id: 'plan:j', title: '' }, commitments: [{ _id: 'commitment:j-1' }] }),
      ),
    );
    expect(json.stderr).toContain('plan, field title: must NOT have fewer than 1 characters');
    expect(json.stderr).toContain('commitments[0], field planId: is required');
    expect((await admin('plan', 'import', write('broken.json', '{"plan": '))).stderr).toContain('not valid JSON');
    expect((await admin('plan', 'import', path.join(dir, 'missing.csv'))).stderr).toContain(
      'missing.csv: no such file.',
    );
    expect(await workspaceCount()).toBe(before);
  });

  it('exports a plan that imports back unchanged, as JSON and as CSV', async () => {
    const json = path.join(dir, 'export.json');
    expect((await admin('plan', 'export', '--plan', 'csv-plan', '--out', json)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({
      plan: { _id: 'plan:csv-plan' },
      commitments: [{ _id: 'commitment:csv-1' }],
    });
    expect((await admin('plan', 'import', json)).stdout).toContain('created 0, changed 0, left 5 as they were');
    const csv = path.join(dir, 'export.csv');
    expect((await admin('plan', 'export', '--plan', 'csv-plan', '--format', 'csv', '--out', csv)).code).toBe(0);
    expect((await admin('plan', 'import', csv)).stdout).toContain('created 0, changed 0, left 5 as they were');
    expect((await admin('plan', 'export', '--plan', 'nope')).stderr).toContain('--plan: there is no plan plan:nope.');
  });

  it('starts a new plan that reuses the organisations, naming what is wrong otherwise', async () => {
    const made = await admin(
      'plan',
      'new',
      '--id',
      'next',
      '--title',
      'Quinto plan',
      '--start',
      '2025-01-01',
      '--end',
      '2027-12-31',
      '--country',
      'Testland',
      '--committee',
      'osc-y',
      '--review',
    );
    expect(made.code, made.stderr).toBe(0);
    expect(await useDb(server.couch, server.names.workspace).get('plan:next')).toMatchObject({
      reviewRequired: true,
      committeeOrgIds: ['org:osc-y'],
    });
    const bad = await admin(
      'plan',
      'new',
      '--id',
      'later',
      '--title',
      'X',
      '--start',
      '2025-13-01',
      '--end',
      '2027-12-31',
      '--country',
      'T',
      '--committee',
      'ghost',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('field startDate: must be a date in the form YYYY-MM-DD');
    expect(
      (
        await admin(
          'plan',
          'new',
          '--id',
          'next',
          '--title',
          'Again',
          '--start',
          '2025-01-01',
          '--end',
          '2027-12-31',
          '--country',
          'T',
        )
      ).stderr,
    ).toContain('the plan plan:next exists already');
  });

  it('explains unknown commands and closes plans', async () => {
    const unknown = await admin('plan', 'erase');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"plan erase" is not a command');
    const closed = await admin('plan', 'close', '--plan', 'csv-plan');
    expect(closed.code, closed.stderr).toBe(0);
    expect((await admin('plan', 'list')).stdout).toMatch(/plan:csv-plan\t2024-01-01\.\.2025-12-31\tclosed/);
  });

  // The embedded store's own case: only it holds the data folder and writes store.json there.
  it.skipIf(!!process.env.COUCHDB_URL)(
    'says what to do, without a stack trace, when the data folder is held by a server it cannot find',
    async () => {
      const storeFile = path.join(server.dataDir, 'store.json');
      const saved = fs.readFileSync(storeFile);
      fs.rmSync(storeFile);
      try {
        const result = await admin('org', 'list');
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/is in use by a running Tablero server .* Restart that server/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      } finally {
        fs.writeFileSync(storeFile, new Uint8Array(saved));
      }
    },
  );
});
