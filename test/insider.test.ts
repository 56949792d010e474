import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { PBKDF2_ITERATIONS } from '../sync-server/src/couch/passwords.js';
import { report, review, testPlan } from './fixtures.js';
import {
  type Client,
  createUser,
  madeAccount,
  type Reply,
  startTestServer,
  type TestServer,
  uniqueName,
  untilPublic,
} from './helpers.js';

/** What a signed-in insider tries against the write rules, the files, the exports and the accounts. */
let server: TestServer;
let ws: string;
let repA: Client;
let repB: Client;
let cso: Client;
let committee: Client;
let outsideCommittee: Client;

beforeAll(async () => {
  process.env.TABLERO_PUBLIC_URL = 'https://tablero.example.org';
  try {
    server = await startTestServer();
  } finally {
    delete process.env.TABLERO_PUBLIC_URL;
  }
  ws = server.names.workspace;
  await importRecords(server.couch, server.names, 'fixture', [
    ...testPlan(),
    {
      where: 'org:other-com',
      doc: { _id: 'org:other-com', type: 'organization', kind: 'cso', name: 'Other committee' },
    },
  ]);
  repA = await createUser(server, { name: uniqueName('rep-a'), role: 'reporter', org: 'gov-a' });
  repB = await createUser(server, { name: uniqueName('rep-b'), role: 'reporter', org: 'gov-b' });
  cso = await createUser(server, { name: uniqueName('cso'), role: 'reporter', org: 'cso-c' });
  committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
  outsideCommittee = await createUser(server, { name: uniqueName('xcom'), role: 'committee', org: 'other-com' });
});
afterAll(async () => server?.stop());

function refused(reply: Reply, reason: RegExp) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(403);
  expect(String(reply.body.reason)).toMatch(reason);
}
const accepted = (reply: Reply) => expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
const onReview = { planId: 'plan:review', commitmentId: 'commitment:review-1', keyActionId: 'keyAction:review-1-1' };
const now = () => new Date().toISOString();

describe('committee powers', () => {
  it('hold only on plans whose committee includes the person’s organisation', async () => {
    const submitted = report({ createdBy: repA.name, status: 'submitted', ...onReview });
    accepted(await repA.put(ws, submitted));
    const stored = await useDb(server.couch, ws).get(submitted._id);
    const validate = { ...stored, status: 'published', reviewedBy: outsideCommittee.name, reviewedAt: now() };
    expect((await outsideCommittee.put(ws, validate)).status).toBe(403);
    const published = report({ createdBy: repA.name, status: 'published' });
    accepted(await repA.put(ws, published));
    const publishedStored = await useDb(server.couch, ws).get(published._id);
    const withdraw = { ...publishedStored, status: 'withdrawn', withdrawnReason: 'Because I can.' };
    expect((await outsideCommittee.put(ws, withdraw)).status).toBe(403);
    refused(
      await outsideCommittee.put(ws, review({ createdBy: outsideCommittee.name, orgId: 'org:other-com' })),
      /^Only committee members of plan:test/,
    );
    accepted(await committee.put(ws, { ...validate, reviewedBy: committee.name }));
  });
});

describe('corrections', () => {
  it('are refused across organisations and do not change public progress', async () => {
    const original = report({ createdBy: repA.name, status: 'published', percent: 60, date: '2024-06-01' });
    accepted(await repA.put(ws, original));
    const cross = report({
      createdBy: cso.name,
      orgId: 'org:cso-c',
      keyActionId: 'keyAction:test-1-2',
      status: 'published',
      percent: 30,
      corrects: original._id,
    });
    refused(await cso.put(ws, cross), /^corrects: .* an organisation corrects only its own reports/);
    refused(
      await repA.put(ws, report({ createdBy: repA.name, keyActionId: 'keyAction:test-1-2', corrects: original._id })),
      /^corrects: .* another key action/,
    );
    // Written past the gateway (as an older version might have): the publisher does not apply it.
    await useDb(server.couch, ws).insert({ ...cross, keyActionId: 'keyAction:test-1-1' } as never);
    await untilPublic(server, (index) => index.reports.some((r) => r._id === original._id));
    await server.publisher.settled();
    const page = (await fetch(`${server.url}/api/commitments/commitment:test-1`).then((r) => r.json())) as {
      keyActions: { id: string; progress: number }[];
      reports: { _id: string; correctedBy?: string }[];
    };
    expect(page.keyActions.find((k) => k.id === 'keyAction:test-1-1')?.progress).toBe(60);
    accepted(
      await repA.put(ws, report({ createdBy: repA.name, status: 'published', percent: 65, corrects: original._id })),
    );
  });
});

describe('refusals', () => {
  it('carry a stable code, the field, and a Spanish reason beside the English one', async () => {
    const reply = await repA.put(ws, report({ createdBy: repA.name, percent: 150 }));
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({
      error: 'forbidden',
      code: 'too-large',
      field: 'percent',
      reason: 'progressReport.percent: must be at most 100.',
      reason_es: 'progressReport.percent: debe ser como máximo 100.',
    });
    const bulk = await repA.request<{ code?: string; reason_es?: string }[]>('POST', `${ws}/_bulk_docs`, {
      docs: [report({ createdBy: repA.name, orgId: 'org:gov-b' })],
    });
    expect(bulk.body[0]).toMatchObject({
      code: 'other-organisation',
      reason_es: 'orgId: usted escribe por org:gov-a, no por org:gov-b.',
    });
  });
});

describe('publication refusals', () => {
  it('reach the organisation whose report the publisher refused, and nobody else', async () => {
    // gov-b is not responsible for keyAction:test-1-1: the write rules accept it, the publisher does not.
    const notTheirs = report({ createdBy: repB.name, orgId: 'org:gov-b', status: 'published' });
    accepted(await repB.put(ws, notTheirs));
    await server.publisher.settled();
    const path = `${ws}/_tablero/publication-refusals`;
    await expect
      .poll(async () => (await repB.request<{ refusals: { id: string }[] }>('GET', path)).body.refusals)
      .toContainEqual(
        expect.objectContaining({
          id: notTheirs._id,
          code: 'not-responsible',
          field: 'orgId',
          reason: expect.stringMatching(/^orgId: org:gov-b is not responsible/),
          reasonEs: expect.stringMatching(/^orgId: org:gov-b no es responsable/),
        }),
      );
    const others = await repA.request<{ refusals: { id: string }[] }>('GET', path);
    expect(others.body.refusals.map((r) => r.id)).not.toContain(notTheirs._id);
  });
});

describe('dates', () => {
  it('refuses reports dated in the future, creation times out of range and days that are not in the calendar', async () => {
    refused(
      await repA.put(ws, report({ createdBy: repA.name, date: '2099-12-31' })),
      /^date: 2099-12-31 is in the future/,
    );
    refused(
      await repA.put(ws, report({ createdBy: repA.name, createdAt: '2001-01-01T00:00:00.000Z' })),
      /^createdAt: .* before the plan began/,
    );
    refused(
      await repA.put(ws, report({ createdBy: repA.name, createdAt: '2099-01-01T00:00:00.000Z' })),
      /^createdAt: .* is in the future/,
    );
    refused(
      await repA.put(ws, report({ createdBy: repA.name, date: '2024-02-30' })),
      /^progressReport\.date: "2024-02-30" is not a day of the calendar/,
    );
    const tomorrowish = new Date(Date.now() + 6 * 3600_000).toISOString();
    accepted(await repA.put(ws, report({ createdBy: repA.name, createdAt: tomorrowish })));
  });
  it('refuses a calendar-invalid date in a plan file, naming the record and the field', async () => {
    const records = testPlan().map((r) =>
      r.doc._id === 'keyAction:test-2-1' ? { ...r, doc: { ...r.doc, startDate: '2020-02-30' } } : r,
    );
    await expect(importRecords(server.couch, server.names, 'plan.json', records)).rejects.toThrow(
      /keyAction:test-2-1.*startDate/s,
    );
  });
});

describe('evidence files', () => {
  const sha = (bytes: Buffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
  const auth = (client: Client) =>
    `Basic ${Buffer.from(`${client.credentials?.name}:${client.credentials?.password}`).toString('base64')}`;
  const upload = (who: Client, body: Buffer, type: string) =>
    fetch(`${server.url}/api/files/${sha(body)}`, {
      method: 'PUT',
      headers: { 'content-type': type, authorization: auth(who) },
      body: new Uint8Array(body),
    });
  const evidence = (who: Client, org: string, file: Buffer, mediaType: string) => ({
    _id: `evidence:${sha(file).slice(0, 12)}-${org}`,
    type: 'evidence',
    planId: 'plan:test',
    orgId: `org:${org}`,
    createdBy: who.name,
    createdAt: now(),
    status: 'published',
    title: 'Minutes',
    kind: 'document',
    file: { sha256: sha(file), name: 'minutes.pdf', mediaType, size: file.length },
  });

  /** Published evidence is evidence a published report refers to. */
  async function publishWith(who: Client, org: string, proof: { _id: string }) {
    accepted(await who.put(ws, proof));
    const onOwnKeyAction =
      org === 'gov-b' ? { commitmentId: 'commitment:test-2', keyActionId: 'keyAction:test-2-1' } : {};
    accepted(
      await who.put(
        ws,
        report({
          createdBy: who.name,
          orgId: `org:${org}`,
          status: 'published',
          evidenceIds: [proof._id],
          ...onOwnKeyAction,
        }),
      ),
    );
  }

  it('are not made public by another organisation’s evidence naming their hash', async () => {
    const secret = Buffer.from('%PDF-1.4\n% gov-a internal draft, never published\n');
    expect((await upload(repA, secret, 'application/pdf')).status).toBe(201);
    await publishWith(repB, 'gov-b', evidence(repB, 'gov-b', secret, 'application/pdf'));
    await untilPublic(server, (index) => [...index.evidence.values()].some((e) => e.file?.sha256 === sha(secret)));
    expect((await fetch(`${server.url}/api/files/${sha(secret)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/files/${sha(secret)}`, { method: 'HEAD' })).status).toBe(404);
  });

  it('are served with the type checked at upload, whatever the evidence claims', async () => {
    const file = Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n');
    expect((await upload(repA, file, 'application/pdf')).status).toBe(201);
    await publishWith(repA, 'gov-a', evidence(repA, 'gov-a', file, 'text/html'));
    await untilPublic(server, (index) => [...index.evidence.values()].some((e) => e.file?.sha256 === sha(file)));
    const served = await fetch(`${server.url}/api/files/${sha(file)}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
  });
});

describe('exports and feeds', () => {
  it('neutralise spreadsheet formulas and build links from the configured public address', async () => {
    accepted(
      await repA.put(
        ws,
        report({ createdBy: repA.name, status: 'published', narrative: '=HYPERLINK("https://evil.example","x")' }),
      ),
    );
    await untilPublic(server, (index) => [...index.reports.values()].some((r) => r.narrative?.startsWith('=')));
    const csv = await fetch(`${server.url}/api/plans/plan:test/reports.csv`).then((r) => r.text());
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const atom = await fetch(`${server.url}/activity.atom`, { headers: { host: 'attacker.test' } }).then((r) =>
      r.text(),
    );
    expect(atom).toContain('https://tablero.example.org/');
    expect(atom).not.toContain('attacker.test');
  });
});

describe('accounts', () => {
  it('throttle repeated wrong passwords per account, even when the right one follows', async () => {
    const target = await createUser(server, { name: uniqueName('target'), role: 'reporter', org: 'gov-a' });
    const signIn = (password: string) =>
      fetch(`${server.couchUrl}/_session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: target.name, password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signIn(`wrong-${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const right = await signIn(target.credentials?.password as string);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('store passwords with PBKDF2-SHA256 at today’s work factor, and upgrade older hashes at sign-in', async () => {
    const users = useDb(server.couch, '_users');
    const fresh = await createUser(server, { name: uniqueName('fresh'), role: 'reporter', org: 'gov-a' });
    expect(await users.get(`org.couchdb.user:${fresh.name}`)).toMatchObject({
      pbkdf2_prf: 'sha256',
      iterations: PBKDF2_ITERATIONS,
    });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    // An account as the embedded store hashes a plain password: PBKDF2-SHA1, 10 iterations. It is
    // stored hashed, since Apache CouchDB hashes a plain one at its own work factor.
    const name = uniqueName('legacy');
    madeAccount(server, name);
    const salt = randomBytes(16).toString('hex');
    await users.insert({
      _id: `org.couchdb.user:${name}`,
      name,
      type: 'user',
      roles: ['reporter', 'org:gov-a'],
      password_scheme: 'pbkdf2',
      iterations: 10,
      salt,
      derived_key: pbkdf2Sync('legacy-password', salt, 10, 20, 'sha1').toString('hex'),
    });
    expect(await users.get(`org.couchdb.user:${name}`)).toMatchObject({ iterations: 10 });
    const login = await fetch(`${server.couchUrl}/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: 'legacy-password' }),
    });
    expect(login.status).toBe(200);
    expect(await users.get(`org.couchdb.user:${name}`)).toMatchObject({
      pbkdf2_prf: 'sha256',
      iterations: PBKDF2_ITERATIONS,
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const who = await fetch(`${server.couchUrl}/_session`, { headers: { cookie } }).then((r) => r.json());
    expect(who.userCtx.name).toBe(name);
  });

  it('send strict headers on every page and no server banner', async () => {
    for (const path of ['/', '/commitments/commitment:test-1', '/app/', '/api/plans', '/db/']) {
      const reply = await fetch(`${server.url}${path}`);
      expect(reply.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'|default-src 'none'/);
      expect(reply.headers.get('x-frame-options'), path).toBe('DENY');
      expect(reply.headers.get('x-powered-by'), path).toBeNull();
    }
  });
});
