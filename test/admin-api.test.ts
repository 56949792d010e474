import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commitment, KeyAction, Organization } from '../shared/src/index.js';
import { latestAudit } from '../sync-server/src/admin/audit.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { personMailOf } from '../sync-server/src/mail/people.js';
import { testPlan } from './fixtures.js';
import {
  type Client,
  createUser,
  madeAccount,
  runAdmin,
  startTestServer,
  type TestServer,
  uniqueName,
} from './helpers.js';
import { TestSmtp } from './smtp.js';

/**
 * The admin API as an attacker meets it: every address refused to anonymous visitors, reporters
 * and committee members, to another site's page, to a body that is not JSON and to path
 * parameters that try to reach outside; then what an administrator does through it.
 */
let server: TestServer;
let admin: string;
let reporter: Client;
const CANADA = path.join(import.meta.dirname, '..', '..', 'shared', 'data', 'canada-nap4', 'canada-nap4-2018-2020.csv');

/** How a person proves who they are: the gateway's Basic auth, which reads the same account as its session cookie. */
const authOf = (person: Client) =>
  `Basic ${Buffer.from(`${person.credentials?.name}:${person.credentials?.password}`).toString('base64')}`;

interface Call {
  auth?: string;
  cookie?: string;
  origin?: string | null;
  type?: string;
}

async function call(method: string, address: string, body?: unknown, how: Call = {}) {
  const headers: Record<string, string> = {};
  if (how.cookie) headers.cookie = how.cookie;
  if (how.auth) headers.authorization = how.auth;
  const origin = how.origin === undefined ? server.url : how.origin;
  if (origin !== null && method !== 'GET') headers.origin = origin;
  if (body !== undefined) headers['content-type'] = how.type ?? 'application/json';
  const reply = await fetch(`${server.url}/admin/api/${address}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await reply.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: reply.status, body: parsed, headers: reply.headers };
}

const asAdmin = (method: string, address: string, body?: unknown) => call(method, address, body, { auth: admin });

/** Every address of the admin API but the invitation's, with a body that an administrator's request could carry. */
const ENDPOINTS: [string, string, unknown?][] = [
  ['GET', 'me'],
  ['GET', 'site'],
  ['PUT', 'site', { name: 'Pwned' }],
  ['POST', 'demo/remove', { confirm: true }],
  ['GET', 'audit'],
  ['GET', 'organisations'],
  ['POST', 'organisations', { id: 'evil', name: 'Evil', kind: 'cso' }],
  ['PUT', 'organisations/gov-a', { name: 'Pwned', kind: 'cso' }],
  ['POST', 'organisations/merge-preview', { from: 'gov-b', into: 'gov-a' }],
  ['POST', 'organisations/merge', { from: 'gov-b', into: 'gov-a' }],
  ['GET', 'people'],
  ['POST', 'invitations', { email: 'x@example.org', name: 'evil-x', role: 'admin' }],
  ['PUT', 'people/someone', { role: 'admin' }],
  ['POST', 'people/someone/password', { password: 'pwned-pwned' }],
  ['POST', 'people/someone/disable', {}],
  ['GET', 'plans'],
  ['POST', 'plans/import', { file: { name: 'x.csv', base64: '' }, settings: { id: 'x' } }],
  ['POST', 'plans', { id: 'evil', title: 'E', country: 'E', startDate: '2024-01-01', endDate: '2024-12-31' }],
  ['POST', 'plans/test/close', {}],
  ['PUT', 'plans/test/review', { committeeOrgIds: [], reviewRequired: false }],
  ['GET', 'plans/test/export'],
  ['GET', 'backup'],
  ['POST', 'restore', { file: { name: 'b.jsonl.gz', base64: '' } }],
];

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  const adminUser = await createUser(server, { name: uniqueName('boss'), role: 'admin' });
  admin = authOf(adminUser);
  reporter = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
});
afterAll(async () => server?.stop());

const workspace = () => useDb(server.couch, server.names.workspace);

describe('the admin API refuses', () => {
  it('every address to anonymous visitors, reporters and committee members, changing nothing', async () => {
    const committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
    const visitors: [string, Call, number][] = [
      ['anonymous', {}, 401],
      ['reporter', { auth: authOf(reporter) }, 403],
      ['committee', { auth: authOf(committee) }, 403],
      ['forged session', { cookie: 'TableroSession=Ym9zcw.9999999999.x.y' }, 401],
    ];
    const before = await getOrNull<Organization>(workspace(), 'org:gov-a');
    for (const [who, how, status] of visitors)
      for (const [method, address, body] of ENDPOINTS) {
        const reply = await call(method, address, body, how);
        expect(reply.status, `${who} ${method} ${address}`).toBe(status);
        expect(reply.headers.get('access-control-allow-origin')).toBeNull();
      }
    expect(await getOrNull(workspace(), 'org:gov-a')).toEqual(before);
    expect(await getOrNull(workspace(), 'org:evil')).toBeNull();
    expect(await getOrNull(workspace(), 'plan:evil')).toBeNull();
    expect((await getOrNull<{ closed?: boolean }>(workspace(), 'plan:test'))?.closed).toBeUndefined();
  });

  it('an administrator’s write from another site, with no Origin, or with Origin null', async () => {
    for (const origin of ['https://evil.example', 'null', `${server.url}.evil.example`, null])
      for (const [method, address, body] of ENDPOINTS.filter(([m]) => m !== 'GET')) {
        const reply = await call(method, address, body, { auth: admin, origin });
        expect(reply.status, `${origin} ${method} ${address}`).toBe(403);
      }
    expect((await getOrNull<Organization>(workspace(), 'org:gov-a'))?.name).not.toBe('Pwned');
  });

  it('a body that is not JSON (a form another site could post), and JSON that is not an object', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      expect((await call('PUT', 'site', 'name=Pwned', { auth: admin, type })).status).toBe(415);
    expect((await call('POST', 'people/someone/disable', undefined, { auth: admin })).status).toBe(415);
    expect((await asAdmin('PUT', 'site', '[1]')).status).toBe(400);
    expect((await call('PUT', 'site', '{"name":', { auth: admin })).status).toBe(400);
  });

  it('path parameters with encoded slashes, dots and query characters, naming the field', async () => {
    // On a shared Apache CouchDB, `_users` also holds other test servers' people: compare with before.
    const disabledBefore = await disabledPeople();
    for (const id of [
      '..%2F_users',
      '%2e%2e',
      '..',
      'gov-a%2F..%2F..%2F_users',
      'gov-a%3Frev%3D1',
      'gov-a%23x',
      '_design%2Fx',
      'GOV-A',
      '%00',
    ])
      for (const address of [`organisations/${id}`, `plans/${id}/close`, `plans/${id}/review`]) {
        const method = address.endsWith('close') ? 'POST' : 'PUT';
        const reply = await asAdmin(method, address, { name: 'X', kind: 'cso', committeeOrgIds: [] });
        expect([400, 404], `${method} ${address}`).toContain(reply.status);
        if (reply.status === 400) expect(reply.body.field).toBe('id');
      }
    // A dot segment the client itself resolves (%2e%2e) reaches another address, which answers 404.
    for (const name of ['..%2F..%2Fx', 'a%2Fb', 'Admin', 'x%3Fy', '.%2E%2Fx'])
      expect((await asAdmin('POST', `people/${name}/disable`, {})).body.field, name).toBe('name');
    expect((await asAdmin('POST', 'people/%2e%2e/disable', {})).status).toBe(404);
    expect((await asAdmin('GET', 'plans/..%2F..%2Fx/export')).body.field).toBe('id');
    expect((await asAdmin('GET', 'plans/.%2e/export')).status).toBe(404);
    expect(await disabledPeople()).toEqual(disabledBefore);
  });
});

/** The names of the people the admin API lists as disabled, sorted. */
async function disabledPeople(): Promise<string[]> {
  const people = (await asAdmin('GET', 'people')).body.people as { name: string; disabled: boolean }[];
  return people
    .filter((person) => person.disabled)
    .map((person) => person.name)
    .sort();
}

describe('an administrator', () => {
  it('sets up the site; a bad value is a 400 naming the field and changes nothing; the action is audited', async () => {
    const bad = await asAdmin('PUT', 'site', { name: 'Tablero de Ecuador', language: 'fr' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'language' } });
    expect((await asAdmin('GET', 'site')).body.name).toBeUndefined();
    expect((await asAdmin('PUT', 'site', { publicUrl: 'ftp://x' })).body.field).toBe('publicUrl');
    const logo = { name: 'logo.exe', base64: Buffer.from('MZ').toString('base64') };
    expect((await asAdmin('PUT', 'site', { logo })).body.field).toBe('logo');
    const png = { name: 'logo.png', base64: Buffer.from('not really a png but bytes').toString('base64') };
    const good = await asAdmin('PUT', 'site', { name: 'Tablero de Ecuador', language: 'en', logo: png });
    expect(good).toMatchObject({ status: 200, body: { name: 'Tablero de Ecuador', language: 'en', demo: false } });
    const records = await latestAudit(server.couch, server.names);
    expect(records[0]).toMatchObject({ action: 'site.setup', via: 'web', detail: { name: 'Tablero de Ecuador' } });
    expect(records[0]?.who).toMatch(/^boss-/);
    expect((await asAdmin('GET', 'audit')).body.records).toEqual(records);
  });

  it('edits an organisation, refusing a bad kind by name', async () => {
    const bad = await asAdmin('PUT', 'organisations/gov-b', { name: 'Ministerio B', kind: 'company' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'kind' } });
    expect(bad.body.reason).toMatch(/must be one of/);
    const good = await asAdmin('PUT', 'organisations/gov-b', {
      name: 'Ministerio B',
      kind: 'autonomous',
      acronym: 'MB',
    });
    expect(good).toMatchObject({ status: 200, body: { wrote: true } });
    expect(await getOrNull(workspace(), 'org:gov-b')).toMatchObject({ kind: 'autonomous', acronym: 'MB' });
  });

  it('merges two organisations, showing first what changes, then rewriting every reference and account', async () => {
    await asAdmin('POST', 'organisations', { id: 'gov-a-dup', name: 'Gobierno A (dup)', kind: 'government' });
    const ws = workspace();
    const k = (await ws.get('keyAction:test-1-2')) as unknown as KeyAction;
    await ws.insert({ ...k, responsibleOrgIds: ['org:gov-a-dup', 'org:cso-c', 'org:gov-a'] } as never);
    const c = (await ws.get('commitment:test-2')) as unknown as Commitment;
    await ws.insert({ ...c, coResponsibleOrgIds: ['org:gov-a-dup'] } as never);
    const dupReporter = await createUser(server, { name: uniqueName('dup'), role: 'reporter', org: 'gov-a-dup' });
    const preview = await asAdmin('POST', 'organisations/merge-preview', { from: 'gov-a-dup', into: 'gov-a' });
    expect(preview.status).toBe(200);
    expect(preview.body.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'keyAction:test-1-2', type: 'keyAction', fields: ['responsibleOrgIds'] }),
        expect.objectContaining({ id: 'commitment:test-2', type: 'commitment', fields: ['coResponsibleOrgIds'] }),
      ]),
    );
    expect(preview.body.accounts).toEqual([dupReporter.name]);
    expect(await getOrNull(ws, 'org:gov-a-dup')).not.toBeNull();
    expect((await asAdmin('POST', 'organisations/merge', { from: 'gov-a', into: 'gov-a' })).body.field).toBe('into');
    expect((await asAdmin('POST', 'organisations/merge', { from: 'nobody', into: 'gov-a' })).body.field).toBe('from');

    expect((await asAdmin('POST', 'organisations/merge', { from: 'gov-a-dup', into: 'gov-a' })).status).toBe(200);
    expect(await getOrNull(ws, 'org:gov-a-dup')).toBeNull();
    expect(((await ws.get('keyAction:test-1-2')) as unknown as KeyAction).responsibleOrgIds).toEqual([
      'org:gov-a',
      'org:cso-c',
    ]);
    expect(((await ws.get('commitment:test-2')) as unknown as Commitment).coResponsibleOrgIds).toEqual(['org:gov-a']);
    const account = await server.couch.use('_users').get(`org.couchdb.user:${dupReporter.name}`);
    expect((account as unknown as { roles: string[] }).roles).toEqual(['reporter', 'org:gov-a']);
  });

  it('invites a person, who chooses a password once: the link used again is refused', async () => {
    const name = uniqueName('ana');
    madeAccount(server, name);
    const bad = await asAdmin('POST', 'invitations', { email: 'ana', name, role: 'reporter', org: 'gov-a' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'email' } });
    const noOrg = await asAdmin('POST', 'invitations', { email: 'ana@example.org', name, role: 'reporter' });
    expect(noOrg).toMatchObject({ status: 400, body: { field: 'org' } });
    const invited = await asAdmin('POST', 'invitations', {
      email: 'ana@example.org',
      name,
      role: 'reporter',
      org: 'gov-a',
    });
    expect(invited.status).toBe(201);
    const link = String(invited.body.link);
    expect(link.startsWith(`${server.url}/admin/invitation#`)).toBe(true);
    const token = link.split('#')[1] as string;
    const people = await asAdmin('GET', 'people');
    expect(people.body.invitations).toEqual([expect.objectContaining({ name, email: 'ana@example.org' })]);

    // The invited person has no account: these two addresses are theirs, and need the site's Origin too.
    expect((await call('POST', 'invitation/check', { token })).body).toMatchObject({
      name,
      roles: ['reporter', 'org:gov-a'],
    });
    expect(
      (await call('POST', 'invitation/accept', { token, password: 'chosen-pw' }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect((await call('POST', 'invitation/accept', { token, password: 'short' })).body.field).toBe('password');
    expect((await call('POST', 'invitation/accept', { token, password: 'chosen-password' })).status).toBe(200);
    // The address moves to the account's mail record; the used invitation keeps none.
    expect((await personMailOf(useDb(server.couch, server.names.personal), name)).email).toBe('ana@example.org');
    const invitations = await useDb(server.couch, server.names.server).list({ include_docs: true });
    expect(JSON.stringify(invitations.rows)).not.toContain('ana@example.org');
    const again = await call('POST', 'invitation/accept', { token, password: 'another-password' });
    expect(again).toMatchObject({ status: 410, body: { error: 'invitation_used' } });
    expect((await call('POST', 'invitation/check', { token })).status).toBe(410);
    expect(
      (await call('POST', 'invitation/accept', { token: 'x'.repeat(32), password: 'another-password' })).status,
    ).toBe(410);

    const signIn = await fetch(`${server.couchUrl}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: 'chosen-password' }),
    });
    expect(signIn.status).toBe(200);
    const listed = (await asAdmin('GET', 'people')).body.people as { name: string; lastSignIn: string | null }[];
    expect(listed.find((p) => p.name === name)?.lastSignIn).toMatch(/^\d{4}-/);
    expect((await asAdmin('GET', 'people')).body.invitations).toEqual([]);
  });

  it('previews a plan sheet without writing, then imports it, and keeps the mapping for the next import', async () => {
    // The office's own header for the lead institutions: the mapping made in the page names it.
    const sheet = fs.readFileSync(CANADA, 'utf8').replace('Lead institution(s)', 'Who leads');
    const file = { name: 'canada.csv', base64: Buffer.from(sheet).toString('base64') };
    const settings = { id: 'ca-4', country: 'Canada', title: 'Canada 2018-2020', startDate: '2018-09-01' };
    const map = { columns: { responsible: 'Who leads' } };
    const preview = await asAdmin('POST', 'plans/import', { file, settings, map, dryRun: true, lang: 'es' });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.summary).toMatchObject({ byType: { commitment: { created: 10 }, keyAction: { created: 56 } } });
    expect(preview.body.newOrganizations).toEqual(
      expect.arrayContaining([{ id: 'org:tbs', name: 'TBS', kind: 'government' }]),
    );
    expect((preview.body.notes as string[]).join('\n')).toMatch(/objetivo/);
    // The page's own fields, not the command line's options.
    expect((preview.body.notes as string[]).join('\n')).toContain('dé «Fin» para indicar otro');
    expect((preview.body.notes as string[]).join('\n')).not.toMatch(/--[a-z]/);
    expect(await getOrNull(workspace(), 'plan:ca-4')).toBeNull();
    expect(await getOrNull(workspace(), 'org:tbs')).toBeNull();

    const badSheet =
      'Commitment number,Commitment title,Milestone number,Milestone title,Milestone end date\n1,A,1.1,B,2020-13-45\n';
    const bad = await asAdmin('POST', 'plans/import', {
      file: { name: 'bad.csv', base64: Buffer.from(badSheet).toString('base64') },
      settings: { id: 'bad', country: 'X', title: 'X' },
      lang: 'es',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as string[]).join('\n')).toMatch(/fila 2/i);
    expect((bad.body.problems as string[]).join('\n')).not.toMatch(/--[a-z]/);
    expect(await getOrNull(workspace(), 'plan:bad')).toBeNull();

    const done = await asAdmin('POST', 'plans/import', { file, settings, map });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await getOrNull(workspace(), 'plan:ca-4')).toMatchObject({ country: 'Canada' });
    expect(((await workspace().get('commitment:ca-4-01')) as unknown as Commitment).responsibleOrgIds[0]).toBe(
      'org:tbs',
    );
    // The next import of the same sheet sends no mapping: the one saved with the plan is used.
    const again = await asAdmin('POST', 'plans/import', { file, settings, dryRun: true });
    expect(again.body).toMatchObject({ map, summary: { created: 0, updated: 0 } });
  });

  it('edits a public plan’s title and dates, recorded in its public history; a bad date names the field', async () => {
    const bad = await asAdmin('PUT', 'plans/test', { startDate: '2030-01-01', endDate: '2020-01-01' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'endDate' } });
    const edited = await asAdmin('PUT', 'plans/test', { title: 'Plan de prueba, revisado', endDate: '2026-12-31' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.revisions).toEqual([expect.objectContaining({ planId: 'plan:test', revision: 1 })]);
    const stored = await getOrNull<{ revisions: { source?: string; changes: { field?: string }[] }[] }>(
      workspace(),
      'plan:test',
    );
    expect(stored?.revisions[0]?.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['title', 'endDate']));
    expect((await latestAudit(server.couch, server.names))[0]).toMatchObject({
      action: 'plan.edit',
      target: 'plan:test',
    });
  });

  it('closes a plan, sets its committee, exports it, and downloads a backup', async () => {
    const review = await asAdmin('PUT', 'plans/test/review', { committeeOrgIds: ['org:nobody'], reviewRequired: true });
    expect(review.status).toBe(400);
    expect(
      (await asAdmin('PUT', 'plans/test/review', { committeeOrgIds: ['org:com-d'], reviewRequired: true })).status,
    ).toBe(200);
    expect(await getOrNull(workspace(), 'plan:test')).toMatchObject({ reviewRequired: true });
    expect((await asAdmin('POST', 'plans/test/close', {})).status).toBe(200);
    expect(await getOrNull(workspace(), 'plan:test')).toMatchObject({ closed: true });
    const exported = await fetch(`${server.url}/admin/api/plans/test/export?format=csv`, {
      headers: { authorization: admin },
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('commitment:test-1');
    const backup = await fetch(`${server.url}/admin/api/backup`, { headers: { authorization: admin } });
    expect(backup.status).toBe(200);
    expect(backup.headers.get('content-type')).toMatch(/gzip/);
    const backupBytes = Buffer.from(await backup.arrayBuffer());
    expect(backupBytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const file = { name: 'b.jsonl.gz', base64: backupBytes.toString('base64') };
    // Not onto a site that has plans.
    expect((await asAdmin('POST', 'restore', { file })).body.field).toBe('file');
    expect((await asAdmin('POST', 'restore', { file: { name: 'b.jsonl.gz', base64: '' } })).status).toBe(400);

    // Onto an empty site, by its own administrator.
    const empty = await startTestServer();
    try {
      const boss = await createUser(empty, { name: uniqueName('boss'), role: 'admin' });
      const reply = await fetch(`${empty.url}/admin/api/restore`, {
        method: 'POST',
        headers: { authorization: authOf(boss), origin: empty.url, 'content-type': 'application/json' },
        body: JSON.stringify({ file }),
      });
      expect(reply.status, await reply.clone().text()).toBe(200);
      expect(await reply.json()).toMatchObject({ workspace: expect.any(Number), accounts: expect.any(Number) });
      expect(await getOrNull(useDb(empty.couch, empty.names.workspace), 'plan:ca-4')).toMatchObject({
        country: 'Canada',
      });
    } finally {
      await empty.stop();
    }
  });
});

describe('the command line', () => {
  it('calls the same functions and leaves the same audit record, marked as from the command line', async () => {
    const result = await runAdmin(
      server,
      'org',
      'add',
      '--id',
      'cli-org',
      '--name',
      'Desde la terminal',
      '--kind',
      'other',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await getOrNull(workspace(), 'org:cli-org')).toMatchObject({ name: 'Desde la terminal' });
    expect((await latestAudit(server.couch, server.names))[0]).toMatchObject({
      via: 'cli',
      action: 'org add',
      target: 'cli-org',
    });
    const before = (await latestAudit(server.couch, server.names)).length;
    const bad = await runAdmin(server, 'org', 'add', '--id', 'cli-org', '--name', 'X', '--kind', 'company');
    expect(bad.stderr).toContain('--kind: must be one of');
    // A refused command did nothing, so it leaves no record.
    expect((await latestAudit(server.couch, server.names)).length).toBe(before);
  });
});

describe('with a mail server', () => {
  it('sends the invitation by mail in the site’s language, and the page is not shown the link', async () => {
    const smtp = await new TestSmtp().start();
    const mailed = await startTestServer({ env: { TABLERO_SMTP_URL: smtp.url } });
    try {
      const boss = await createUser(mailed, { name: uniqueName('boss'), role: 'admin' });
      const send = (address: string, body: unknown) =>
        fetch(`${mailed.url}/admin/api/${address}`, {
          method: 'POST',
          headers: { authorization: authOf(boss), origin: mailed.url, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await importRecords(mailed.couch, mailed.names, 'fixture', testPlan());
      const name = uniqueName('luz');
      madeAccount(mailed, name);
      const to = `${name}@example.org`;
      const reply = await send('invitations', { email: to, name, role: 'reporter', org: 'gov-a' });
      expect(reply.status).toBe(201);
      const answer = (await reply.json()) as Record<string, unknown>;
      expect(answer).toMatchObject({ mailed: true });
      expect(answer.link).toBeUndefined();
      const [received] = await smtp.waitFor(1, to);
      expect(received?.parsed.subject).toMatch(/^Invitación a /);
      const token = /\/admin\/invitation#([A-Za-z0-9_-]+)/.exec(received?.parsed.text ?? '')?.[1] as string;
      expect((await send('invitation/accept', { token, password: 'luz-chose-this' })).status).toBe(200);
      expect((await send('invitation/accept', { token, password: 'luz-chose-this' })).status).toBe(410);
    } finally {
      await mailed.stop();
      await smtp.stop();
    }
  });
});
