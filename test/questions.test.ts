import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { allDocuments, useDb } from '../sync-server/src/couch/client.js';
import { mailOf } from '../sync-server/src/mail/queue.js';
import { outboxDir } from '../sync-server/src/mail/transport.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

/**
 * The public's questions (#34): asked with no account through the public API, moderated by the
 * plan's committee through the gateway, answered by the commitment's responsible organisations.
 * plan:test's commitment test-1 is gov-a's, co-led by cso-c; test-2 is gov-b's; com-d is the committee.
 */
let server: TestServer;
const people = {} as Record<'govA' | 'govB' | 'csoC' | 'committee', Client>;
let token = '';
const ws = () => server.names.workspace;

process.env.TABLERO_QUESTIONS_PER_ADDRESS = '60';
process.env.TABLERO_QUESTIONS_PER_COMMITMENT = '20';

async function ask(path: string, body: Record<string, unknown>, withToken = true) {
  const response = await fetch(`${server.url}/api/${path}/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(withToken ? { token, ...body } : body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const storedQuestions = async () =>
  (await allDocuments<{ _id: string; type: string }>(useDb(server.couch, ws()))).filter((d) => d.type === 'question');

async function readable(person: Client): Promise<Map<string, Record<string, unknown>>> {
  const changes = await person.request<{ results: { id: string; deleted?: boolean; doc: Record<string, unknown> }[] }>(
    'GET',
    `${ws()}/_changes?include_docs=true`,
  );
  expect(changes.status).toBe(200);
  return new Map(changes.body.results.filter((r) => !r.deleted).map((r) => [r.id, r.doc]));
}

async function moderate(person: Client, id: string, changes: Record<string, unknown>) {
  const current = await person.get(ws(), id);
  const org = person === people.committee ? 'org:com-d' : 'org:gov-a';
  return person.put(ws(), {
    ...current.body,
    moderatedBy: person.name,
    moderatedByOrgId: org,
    moderatedAt: new Date().toISOString(),
    ...changes,
    _id: id,
  });
}

function answer(person: Client, questionId: string, org: string, commitment = 'commitment:test-1') {
  return person.put(ws(), {
    _id: `answer:${questionId.slice('question:'.length)}.${org.slice(4)}`,
    type: 'answer',
    planId: 'plan:test',
    commitmentId: commitment,
    questionId,
    orgId: org,
    text: `Answer from ${org}.`,
    createdBy: person.name,
    createdAt: new Date().toISOString(),
  });
}

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  const make = (role: Role, org: string) => createUser(server, { name: uniqueName(role), role, org });
  people.govA = await make('reporter', 'gov-a');
  people.govB = await make('reporter', 'gov-b');
  people.csoC = await make('reporter', 'cso-c');
  people.committee = await make('committee', 'com-d');
  await untilPublic(server, (index) => index.commitments.has('commitment:test-1'));
  token = ((await (await fetch(`${server.url}/api/questions/form`)).json()) as { token: string }).token;
  // The form's minimum time between handing out the form and a post.
  await new Promise((resolve) => setTimeout(resolve, 2100));
}, 60_000);
afterAll(async () => server?.stop());

describe('asking', () => {
  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(2001) }, 'text'],
      [{ text: 'See https://a.example https://b.example https://c.example' }, 'text'],
      [{ text: 'Bell \u0007 inside' }, 'text'],
      [{ text: 'Fine question?', email: 'not-an-address' }, 'email'],
      [{ text: 'Fine question?', email: ['a@b.example'] }, 'email'],
      [{ text: 'Fine question?', name: 'n'.repeat(101) }, 'name'],
      [{ text: 'Fine question?', name: 'Visit https://spam.example' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const reply = await ask('commitments/commitment:test-1', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.field).toBe(field);
      expect(String(reply.body.reason)).toMatch(new RegExp(`^${field}:`));
      expect(reply.body.reason_es).toBeTruthy();
    }
    const noToken = await ask('commitments/commitment:test-1', { text: 'Fine question?' }, false);
    expect([noToken.status, noToken.body.field]).toEqual([400, 'token']);
    const forged = await ask('commitments/commitment:test-1', { text: 'Fine question?', token: `${token}x` });
    expect([forged.status, forged.body.field]).toEqual([400, 'token']);
    const fresh = ((await (await fetch(`${server.url}/api/questions/form`)).json()) as { token: string }).token;
    const tooSoon = await ask('commitments/commitment:test-1', { text: 'Fine question?', token: fresh });
    expect([tooSoon.status, tooSoon.body.field]).toEqual([400, 'token']);
    expect(await storedQuestions()).toEqual([]);
  });

  it('answers 404 for what is not public, whatever the path holds', async () => {
    for (const path of [
      'commitments/commitment:nope',
      'commitments/commitment%3Atest-1%2F..%2F_all_docs',
      'commitments/..%2Fplan%3Atest',
      'commitments/commitment:test-1%3Fx=1',
      'reports/report:nope',
    ]) {
      const reply = await ask(path, { text: 'Is this public?' });
      expect(reply.status, path).toBe(404);
    }
    expect(await storedQuestions()).toEqual([]);
  });

  it('takes a filled honeypot for a script: 202 as for a person, and nothing stored', async () => {
    const reply = await ask('commitments/commitment:test-1', { text: 'Cheap pills', website: 'https://spam.example' });
    expect(reply.status).toBe(202);
    expect(await storedQuestions()).toEqual([]);
  });
});

describe('a question from asking to its public answer', () => {
  let id = '';
  it('is pending, read by the committee only, and never with the e-mail', async () => {
    const reply = await ask('commitments/commitment:test-1', {
      text: '¿Cuándo se publicarán los datos?',
      name: 'Ana',
      email: 'ana.asker@example.org',
    });
    expect(reply.status).toBe(202);
    expect(reply.body.status).toBe('pending');
    id = String(reply.body.id);
    const stored = (await storedQuestions()).find((q) => q._id === id);
    expect(stored).toMatchObject({ status: 'pending', text: '¿Cuándo se publicarán los datos?', name: 'Ana' });
    expect(JSON.stringify(stored)).not.toContain('ana.asker');
    expect((await readable(people.committee)).get(id)).toMatchObject({ status: 'pending', name: 'Ana' });
    for (const person of [people.govA, people.govB, people.csoC]) expect((await readable(person)).has(id)).toBe(false);
  });

  it('cannot be answered while pending, nor moderated by anyone but the committee', async () => {
    expect((await answer(people.govA, id, 'org:gov-a')).status).toBe(403);
    const byReporter = await moderate(people.govA, id, { status: 'published' });
    expect(byReporter.status).toBe(403);
    const rewritten = await moderate(people.committee, id, { status: 'published', text: 'Something else.' });
    expect([rewritten.status, rewritten.body.field]).toEqual([403, 'text']);
    const withoutReason = await moderate(people.committee, id, { status: 'rejected' });
    expect([withoutReason.status, withoutReason.body.field]).toEqual([403, 'rejectionReason']);
  });

  it('is published by the committee, the server stamping the time', async () => {
    const before = Date.now();
    const reply = await moderate(people.committee, id, { status: 'published', publishedAt: '2020-01-01T00:00:00Z' });
    expect(reply.status).toBe(201);
    const stored = (await people.committee.get(ws(), id)).body;
    expect(Date.parse(String(stored.publishedAt))).toBeGreaterThanOrEqual(before - 1000);
    for (const person of [people.govA, people.govB, people.csoC]) expect((await readable(person)).has(id)).toBe(true);
  });

  it('is answered by the responsible and co-responsible organisations, and by nobody else', async () => {
    const other = await answer(people.govB, id, 'org:gov-b');
    expect([other.status, other.body.field]).toEqual([403, 'orgId']);
    const forOthers = await answer(people.govB, id, 'org:gov-a');
    expect(forOthers.status).toBe(403);
    const wrongCommitment = await answer(people.govB, id, 'org:gov-b', 'commitment:test-2');
    expect([wrongCommitment.status, wrongCommitment.body.field]).toEqual([403, 'commitmentId']);
    const byCommittee = await answer(people.committee, id, 'org:com-d');
    expect(byCommittee.status).toBe(403);
    expect((await answer(people.govA, id, 'org:gov-a')).status).toBe(201);
    expect((await answer(people.csoC, id, 'org:cso-c')).status).toBe(201);
  });

  it('is public with its answers, their organisations and dates, and counts in the answer record', async () => {
    await untilPublic(server, (index) => index.questions.some((q) => q._id === id && q.answers.length === 2));
    const view = (await (await fetch(`${server.url}/api/commitments/commitment:test-1`)).json()) as {
      questions: {
        id: string;
        text: string;
        name?: string;
        answers: { orgId: string; text: string; answeredAt: string }[];
      }[];
      answerRecord: { received: number; answered: number; organizations: { orgId: string; answered: number }[] };
    };
    const published = view.questions.find((q) => q.id === id);
    expect(published).toMatchObject({ text: '¿Cuándo se publicarán los datos?', name: 'Ana' });
    expect(published?.answers.map((a) => [a.orgId, a.text])).toEqual([
      ['org:gov-a', 'Answer from org:gov-a.'],
      ['org:cso-c', 'Answer from org:cso-c.'],
    ]);
    expect(view.answerRecord).toMatchObject({ received: 1, answered: 1 });
    expect(view.answerRecord.organizations.map((o) => [o.orgId, o.answered])).toEqual([
      ['org:gov-a', 1],
      ['org:cso-c', 1],
    ]);
    const org = (await (await fetch(`${server.url}/api/organizations/org:gov-a`)).json()) as Record<string, unknown>;
    expect(org.answerRecord).toMatchObject({ received: 1, answered: 1, oldestUnansweredSince: null });
    const plan = (await (await fetch(`${server.url}/api/plans/plan:test/answer-record`)).json()) as Record<
      string,
      unknown
    >;
    expect(plan.record).toMatchObject({ received: 1, answered: 1 });
    const csv = await (await fetch(`${server.url}/api/plans/plan:test/questions.csv?lang=es`)).text();
    expect(csv).toContain('pregunta');
    expect(csv).toContain('¿Cuándo se publicarán los datos?');
    const records = await (await fetch(`${server.url}/api/plans/plan:test/answer-record.csv`)).text();
    expect(records.split('\n')[0]).toContain('median_days_to_answer');
  });

  it('tells the asker once, then deletes the address', async () => {
    await server.askers.tellAnswered();
    const personal = useDb(server.couch, server.names.personal);
    const askers = (await allDocuments<{ type: string }>(personal)).filter((d) => d.type === 'asker');
    expect(askers).toEqual([]);
    expect(await mailOf(personal, `question-answered:${id}`)).not.toBeNull();
    await server.askers.tellAnswered();
    const outbox = outboxDir(server.dataDir);
    const toAna = () =>
      (fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])
        .map((file) => fs.readFileSync(path.join(outbox, file), 'utf8'))
        .filter((mail) => mail.includes('ana.asker@example.org'));
    const end = Date.now() + 15_000;
    while (toAna().length === 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(toAna().length).toBe(1);
    expect(toAna()[0]).toContain('Answer from org:gov-a.');
  });
});

describe('the asker’s address', () => {
  it('is deleted at the asker’s request, with the key only they were given', async () => {
    const reply = await ask('commitments/commitment:test-1', { text: 'Forget me?', email: 'forget.me@example.org' });
    const forget = String(reply.body.forgetEmail);
    const personal = useDb(server.couch, server.names.personal);
    expect(
      (await allDocuments<{ type: string; email?: string }>(personal)).some((d) => d.email === 'forget.me@example.org'),
    ).toBe(true);
    const wrongKey = await fetch(`${server.url}${forget.replace(/key=.*/, 'key=nope')}`, { method: 'DELETE' });
    expect(wrongKey.status).toBe(400);
    const otherQuestion = await fetch(`${server.url}${forget.replace(/questions\/[^/]+\//, 'questions/question:x/')}`, {
      method: 'DELETE',
    });
    expect(otherQuestion.status).toBe(400);
    const deleted = await fetch(`${server.url}${forget}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ ok: true, removed: true });
    expect(
      (await allDocuments<{ type: string; email?: string }>(personal)).some((d) => d.email === 'forget.me@example.org'),
    ).toBe(false);
  });

  it('never reaches a device or a public address', async () => {
    await ask('commitments/commitment:test-1', { text: 'Secret address?', email: 'never.public@example.org' });
    await untilPublic(server, () => true);
    const found: string[] = [];
    for (const [who, person] of Object.entries(people)) {
      const changes = await person.request('GET', `${ws()}/_changes?include_docs=true&style=all_docs`);
      const all = await person.request('GET', `${ws()}/_all_docs?include_docs=true`);
      for (const body of [changes.body, all.body])
        if (/never\.public|ana\.asker/.test(JSON.stringify(body))) found.push(who);
    }
    const api = (path: string) => fetch(`${server.url}/api${path}`).then((r) => r.text());
    const paths = ['/plans', '/organizations', '/activity?limit=500', '/commitments/commitment:test-1'];
    for (const plan of ['plan:test', 'plan:review'])
      for (const tail of [
        '',
        '/export.json',
        '/answer-record',
        '/answer-record.csv',
        '/questions.csv',
        '/commitments.csv',
        '/reports.csv',
      ])
        paths.push(`/plans/${plan}${tail}`);
    for (const org of ['org:gov-a', 'org:gov-b', 'org:cso-c', 'org:com-d']) paths.push(`/organizations/${org}`);
    for (const path of paths) if (/never\.public|ana\.asker/.test(await api(path))) found.push(path);
    for (const page of [
      '/',
      '/commitments/commitment:test-1',
      '/commitments/commitment:test-1/activity.atom',
      '/organizations/org:gov-a',
      '/data',
      '/activity.atom',
    ])
      if (/never\.public|ana\.asker/.test(await fetch(`${server.url}${page}`).then((r) => r.text()))) found.push(page);
    const publicDocs = await allDocuments(useDb(server.couch, server.names.public));
    if (/never\.public|ana\.asker|asker/.test(JSON.stringify(publicDocs))) found.push('public db');
    expect(found).toEqual([]);
  });
});

describe('a question on a published report', () => {
  it('is taken on the report’s commitment, and refused on a draft', async () => {
    const published = report({ createdBy: people.govA.name, status: 'published' });
    const draft = report({ createdBy: people.govA.name });
    expect((await people.govA.put(ws(), published)).status).toBe(201);
    expect((await people.govA.put(ws(), draft)).status).toBe(201);
    await untilPublic(server, (index) => index.reports.some((r) => r._id === published._id));
    expect((await ask(`reports/${draft._id}`, { text: 'And this draft?' })).status).toBe(404);
    const reply = await ask(`reports/${encodeURIComponent(published._id)}`, { text: 'Where is the evidence?' });
    expect(reply.status).toBe(202);
    const stored = (await storedQuestions()).find((q) => q._id === reply.body.id);
    expect(stored).toMatchObject({
      planId: 'plan:test',
      commitmentId: 'commitment:test-1',
      reportId: published._id,
      status: 'pending',
    });
  });
});

describe('forged writes through the gateway', () => {
  it('refuses a question written by anyone but the server, its deletion, and another author’s answer', async () => {
    const forged = {
      _id: 'question:forged',
      type: 'question',
      planId: 'plan:test',
      commitmentId: 'commitment:test-1',
      text: 'Planted by an insider.',
      status: 'published',
      receivedAt: new Date().toISOString(),
    };
    for (const person of Object.values(people)) {
      const reply = await person.put(ws(), forged);
      expect([reply.status, reply.body.code], person.name).toEqual([403, 'server-only']);
    }
    const reply = await ask('commitments/commitment:test-1', { text: 'Will it stay?' });
    const id = String(reply.body.id);
    const stored = await people.committee.get(ws(), id);
    const deleted = await people.committee.request(
      'DELETE',
      `${ws()}/${encodeURIComponent(id)}?rev=${encodeURIComponent(String(stored.body._rev))}`,
    );
    expect(deleted.status).toBe(403);
    expect((await moderate(people.committee, id, { status: 'published', moderatedBy: people.govA.name })).status).toBe(
      403,
    );
    expect((await moderate(people.committee, id, { status: 'published', moderatedByOrgId: 'org:gov-a' })).status).toBe(
      403,
    );
    expect((await moderate(people.committee, id, { status: 'published' })).status).toBe(201);
    const written = await answer(people.govA, id, 'org:gov-a');
    expect(written.status).toBe(201);
    const answerId = `answer:${id.slice('question:'.length)}.gov-a`;
    const current = (await people.govA.get(ws(), answerId)).body;
    const second = await createUser(server, { name: uniqueName('reporter'), role: 'reporter', org: 'gov-a' });
    const rewritten = await second.put(ws(), { ...current, text: 'Rewritten by a colleague.' });
    expect([rewritten.status, rewritten.body.code]).toEqual([403, 'author-only']);
    const moved = await people.govA.put(ws(), { ...current, questionId: 'question:other' });
    expect(moved.status).toBe(403);
    // A civil-society organisation answers only on the commitments it co-leads (cso-c co-leads test-1, not test-2).
    const onTest2 = String((await ask('commitments/commitment:test-2', { text: 'And the other one?' })).body.id);
    expect((await moderate(people.committee, onTest2, { status: 'published' })).status).toBe(201);
    const cso = await answer(people.csoC, onTest2, 'org:cso-c', 'commitment:test-2');
    expect([cso.status, cso.body.field]).toEqual([403, 'orgId']);
    expect((await answer(people.govB, onTest2, 'org:gov-b', 'commitment:test-2')).status).toBe(201);
  });
});

describe('a plan moderated afterwards', () => {
  it('shows a question at once, and the committee’s rejection takes it down', async () => {
    const plan = (await people.committee.get(ws(), 'plan:review')).body;
    await useDb(server.couch, ws()).insert({ ...plan, questionModeration: 'after' } as never);
    await untilPublic(server, (index) =>
      index.plans.some((p) => p._id === 'plan:review' && p.questionModeration === 'after'),
    );
    const reply = await ask('commitments/commitment:review-1', { text: 'Visible at once?' });
    expect(reply.body.status).toBe('published');
    const id = String(reply.body.id);
    await untilPublic(server, (index) => index.questions.some((q) => q._id === id));
    expect((await readable(people.govA)).get(id)).toMatchObject({ status: 'published' });
    expect((await moderate(people.committee, id, { status: 'rejected', rejectionReason: 'Off topic.' })).status).toBe(
      201,
    );
    await untilPublic(server, (index) => !index.questions.some((q) => q._id === id));
    // Those who read it before are told it is gone, not left holding it.
    expect((await readable(people.govA)).has(id)).toBe(false);
  });
});

describe('a rejected question', () => {
  it('stays private, its reason the committee’s alone', async () => {
    const reply = await ask('commitments/commitment:test-2', { text: 'Insulting text.' });
    const id = String(reply.body.id);
    expect((await moderate(people.committee, id, { status: 'rejected', rejectionReason: 'Insults.' })).status).toBe(
      201,
    );
    expect((await readable(people.committee)).get(id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Insults.',
    });
    for (const person of [people.govA, people.govB, people.csoC]) expect((await readable(person)).has(id)).toBe(false);
    expect((await answer(people.govB, id, 'org:gov-b', 'commitment:test-2')).status).toBe(403);
    await untilPublic(server, () => true);
    expect(server.store.getIndex().questions.some((q) => q._id === id)).toBe(false);
    const page = await (await fetch(`${server.url}/api/commitments/commitment:test-2`)).text();
    expect(page).not.toContain('Insulting');
    const back = await moderate(people.committee, id, { status: 'pending', rejectionReason: undefined });
    expect(back.status).toBe(403);
  });
});

describe('floods', () => {
  it('get 429 with Retry-After, per commitment and then per address', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof ask>> | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const reply = await ask('commitments/commitment:test-2', { text: `Flood ${i}` });
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    expect(limited, statuses.join()).toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(String(limited?.body.reason)).toMatch(/commitment/);
    expect((await storedQuestions()).filter((q) => (q as { text?: string }).text?.startsWith('Flood')).length).toBe(
      statuses.filter((status) => status === 202).length,
    );
    // Other commitments still take questions, until the address has sent its share.
    expect((await ask('commitments/commitment:test-1', { text: 'Another one' })).status).toBe(202);
    let byAddress: Awaited<ReturnType<typeof ask>> | undefined;
    for (let i = 0; i < 70 && !byAddress; i++) {
      const reply = await ask('commitments/commitment:test-1', { text: '' });
      if (reply.status === 429) byAddress = reply;
    }
    expect(String(byAddress?.body.reason)).toMatch(/address/);
    expect(Number(byAddress?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
