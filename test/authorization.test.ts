import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { assessment, report, review, testPlan } from './fixtures.js';
import { Client, createUser, type Reply, startTestServer, type TestServer, uniqueName } from './helpers.js';

let server: TestServer;
let ws: string;
let pub: string;
let files: string;
let anonymous: Client;
let repA: Client;
let repB: Client;
let cso: Client;
let committee: Client;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  ws = server.names.workspace;
  pub = server.names.public;
  files = server.names.files;
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  anonymous = new Client(server.couchUrl);
  repA = await createUser(server, { name: uniqueName('rep-a'), role: 'reporter', org: 'gov-a' });
  repB = await createUser(server, { name: uniqueName('rep-b'), role: 'reporter', org: 'gov-b' });
  cso = await createUser(server, { name: uniqueName('cso'), role: 'reporter', org: 'cso-c' });
  committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
  admin = await createUser(server, { name: uniqueName('adm'), role: 'admin' });
});
afterAll(async () => server?.stop());

function refused(reply: Reply, status: number, reason: RegExp) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(String(reply.body.reason)).toMatch(reason);
}
function accepted(reply: Reply) {
  expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
}

describe('anonymous', () => {
  it('reads nothing through the gateway; the public side is /api/', async () => {
    expect((await anonymous.request('GET', `${ws}/_all_docs?keys=["plan:test"]`)).status).toBe(401);
    expect((await anonymous.request('GET', `${ws}/_changes`)).status).toBe(401);
    expect((await anonymous.request('GET', `${files}/_all_docs`)).status).toBe(404);
    expect((await anonymous.request('GET', `${pub}/_all_docs`)).status).toBe(404);
  });
  it('writes nowhere', async () => {
    expect((await anonymous.put(ws, report({ createdBy: 'x' }))).status).toBe(401);
    expect((await anonymous.put(pub, { _id: 'plan:fake' })).status).toBe(404);
    expect((await anonymous.request('PUT', `${pub}/_security`, { members: { roles: [] } })).status).toBe(404);
    expect((await anonymous.request('PUT', `${pub}/_design/evil`, { views: {} })).status).toBe(404);
    expect((await anonymous.request('PUT', `${ws.slice(0, -9)}evil`)).status).toBe(404);
    expect((await anonymous.request('DELETE', pub)).status).toBe(404);
  });
  it('cannot sign up with roles', async () => {
    const name = uniqueName('intruder');
    const reply = await anonymous.put('_users', {
      _id: `org.couchdb.user:${name}`,
      name,
      type: 'user',
      roles: ['admin'],
      password: 'x12345678',
    });
    expect(reply.status).toBe(404);
    expect((await anonymous.request('POST', '_session', { name, password: 'x12345678' })).status).toBe(401);
  });
});

describe('reporter', () => {
  it('writes drafts and publishes for their own organisation', async () => {
    const draft = report({ createdBy: repA.name });
    accepted(await repA.put(ws, draft));
    accepted(await repA.update(ws, draft._id, { percent: 45 }));
    accepted(await repA.update(ws, draft._id, { status: 'published' }));
  });
  it('cannot write for another organisation, even by forging the author fields', async () => {
    refused(
      await repA.put(ws, report({ createdBy: repA.name, orgId: 'org:gov-b' })),
      403,
      /^orgId: you write for org:gov-a, not for org:gov-b/,
    );
    refused(await repA.put(ws, report({ createdBy: repB.name })), 403, /^createdBy: must be your own user name/);
    const theirs = report({
      createdBy: repB.name,
      orgId: 'org:gov-b',
      commitmentId: 'commitment:test-2',
      keyActionId: 'keyAction:test-2-1',
    });
    const saved = await repB.put(ws, theirs);
    accepted(saved);
    // repA cannot read repB's draft; a write over it, knowing its id and revision, is refused all the same.
    expect((await repA.get(ws, theirs._id)).status).toBe(404);
    const known = { ...theirs, _rev: saved.body.rev as string };
    refused(await repA.put(ws, { ...known, percent: 99 }), 403, /^orgId: you write for org:gov-a/);
    refused(
      await repA.put(ws, { ...known, orgId: 'org:gov-a', createdBy: repA.name }),
      403,
      /createdBy: cannot change|orgId/,
    );
  });
  it('cannot rewrite published history, only withdraw it with a reason', async () => {
    const published = report({ createdBy: repA.name, status: 'published' });
    accepted(await repA.put(ws, published));
    refused(
      await repA.update(ws, published._id, { percent: 90 }),
      403,
      /^percent: a published progressReport cannot be edited/,
    );
    refused(
      await repA.update(ws, published._id, { status: 'draft' }),
      403,
      /^status: a progressReport moves from published to draft by nobody/,
    );
    refused(await repA.update(ws, published._id, { _deleted: true }), 403, /^_deleted: only a draft can be deleted/);
    refused(await repA.update(ws, published._id, { status: 'withdrawn' }), 403, /^withdrawnReason/);
    accepted(await repA.update(ws, published._id, { status: 'withdrawn', withdrawnReason: 'Wrong key action.' }));
  });
  it('deletes their own draft', async () => {
    const draft = report({ createdBy: repA.name });
    accepted(await repA.put(ws, draft));
    accepted(await repA.update(ws, draft._id, { _deleted: true }));
  });
  it('gets a message naming the field for bad input', async () => {
    refused(
      await repA.put(ws, report({ createdBy: repA.name, percent: 150 })),
      403,
      /^progressReport\.percent: must be at most 100\.$/,
    );
    refused(
      await repA.put(ws, { ...report({ createdBy: repA.name }), email: 'a@b.c' } as never),
      403,
      /^progressReport\.email: is not a field/,
    );
    refused(
      await repA.put(ws, report({ createdBy: repA.name, date: '2024-13-01' })),
      403,
      /^progressReport\.date: "2024-13-01" is not a date in the form YYYY-MM-DD/,
    );
    refused(
      await repA.put(ws, { ...report({ createdBy: repA.name }), _id: 'commitment:sneaky' }),
      403,
      /^_id: the id of a progressReport must start with "report:"/,
    );
    refused(
      await repA.put(ws, { _id: 'x:1', type: 'secret' } as never),
      400,
      /^id: "x:1" is not a Tablero document id/,
    );
    refused(
      await repA.put(ws, { _id: 'report:secret-1', type: 'secret' } as never),
      403,
      /^type: "secret" is not a Tablero document type/,
    );
  });
  it('cannot validate, review, or change the plan', async () => {
    refused(
      await repA.put(ws, report({ createdBy: repA.name, status: 'published', reviewedBy: repA.name })),
      403,
      /^reviewedBy: only the committee/,
    );
    refused(await repA.put(ws, review({ createdBy: repA.name, orgId: 'org:gov-a' })), 403, /^Only committee members/);
    refused(
      await repA.update(ws, 'commitment:test-1', { title: 'Rewritten' }),
      403,
      /^Only administrators can change a commitment/,
    );
    refused(
      await repA.put(ws, { _id: 'org:new', type: 'organization', kind: 'cso', name: 'New' }),
      403,
      /^Only administrators/,
    );
    expect((await repA.put(ws, { _id: '_design/evil' })).status).toBe(404);
    expect((await repA.request('PUT', `${ws}/_security`, { members: { roles: [] } })).status).toBe(404);
    expect((await repA.put(pub, { _id: 'plan:fake' })).status).toBe(404);
    expect((await repA.put(files, { _id: 'file:x' })).status).toBe(404);
  });
  it('reaches no account, not even their own', async () => {
    expect((await repA.get('_users', `org.couchdb.user:${repB.name}`)).status).toBe(404);
    expect((await repA.get('_users', `org.couchdb.user:${repA.name}`)).status).toBe(404);
    expect((await repA.request('GET', '_users/_all_docs')).status).toBe(404);
    expect((await anonymous.get('_users', `org.couchdb.user:${repB.name}`)).status).toBe(404);
    expect((await repA.request('GET', '_all_dbs')).status).toBe(404);
    const reply = await repA.put('_users', {
      _id: `org.couchdb.user:${repA.name}`,
      name: repA.name,
      type: 'user',
      roles: ['committee', 'org:gov-b'],
    });
    expect(reply.status).toBe(404);
    expect((await repA.request('GET', '_session')).body.userCtx).toMatchObject({ roles: ['reporter', 'org:gov-a'] });
  });
  it('on a plan that asks for review, submits and cannot publish', async () => {
    const base = {
      createdBy: repA.name,
      planId: 'plan:review',
      commitmentId: 'commitment:review-1',
      keyActionId: 'keyAction:review-1-1',
    };
    refused(await repA.put(ws, report({ ...base, status: 'published' })), 403, /^status: this plan asks for review/);
    const submitted = report({ ...base, status: 'submitted' });
    accepted(await repA.put(ws, submitted));
    refused(await repA.update(ws, submitted._id, { status: 'published' }), 403, /by the committee/);
    refused(
      await repA.update(ws, submitted._id, { narrative: 'Changed after submitting' }),
      403,
      /^status|^narrative: a submitted progressReport cannot be edited/,
    );
  });
});

describe('CSO reporter', () => {
  it('writes its own assessment, not the committee’s', async () => {
    accepted(await cso.put(ws, assessment({ createdBy: cso.name })));
    refused(
      await cso.put(ws, assessment({ createdBy: cso.name, by: 'committee' })),
      403,
      /^Your account \(reporter, org:cso-c\) may not write a document of type assessment on plan:test\.$/,
    );
    refused(
      await cso.put(ws, assessment({ createdBy: cso.name, orgId: 'org:gov-a' })),
      403,
      /^orgId: you write for org:cso-c/,
    );
  });
});

describe('committee', () => {
  const base = () => ({
    createdBy: repA.name,
    planId: 'plan:review',
    commitmentId: 'commitment:review-1',
    keyActionId: 'keyAction:review-1-1',
    status: 'submitted' as const,
  });
  it('validates a submitted report, signing as itself', async () => {
    const submitted = report(base());
    accepted(await repA.put(ws, submitted));
    refused(
      await committee.update(ws, submitted._id, { status: 'published', reviewedBy: 'someone-else' }),
      403,
      /^reviewedBy: must be your own user name/,
    );
    refused(
      await committee.update(ws, submitted._id, { status: 'published', reviewedBy: committee.name, percent: 100 }),
      403,
      /^percent: a submitted progressReport cannot be edited/,
    );
    accepted(
      await committee.update(ws, submitted._id, {
        status: 'published',
        reviewedBy: committee.name,
        reviewedAt: new Date().toISOString(),
      }),
    );
  });
  it('publishes its own meeting minutes on a plan that asks for review; reporters still submit theirs', async () => {
    const minutes = (who: Client, orgId: string) => ({
      _id: `evidence:${uniqueName('minutes')}`,
      type: 'evidence',
      planId: 'plan:review',
      orgId,
      createdBy: who.name,
      createdAt: new Date().toISOString(),
      status: 'published',
      title: 'Minuta de la reunión de revisión',
      kind: 'minutes',
      url: 'https://example.org/minuta',
    });
    accepted(await committee.put(ws, minutes(committee, 'org:com-d')));
    refused(await repA.put(ws, minutes(repA, 'org:gov-a')), 403, /^status: this plan asks for review/);
  });
  it('returns a report only with a reason', async () => {
    const submitted = report(base());
    accepted(await repA.put(ws, submitted));
    refused(
      await committee.update(ws, submitted._id, { status: 'returned', reviewedBy: committee.name }),
      403,
      /^returnReason/,
    );
    accepted(
      await committee.update(ws, submitted._id, {
        status: 'returned',
        reviewedBy: committee.name,
        returnReason: 'Attach the minutes.',
      }),
    );
    accepted(await repA.update(ws, submitted._id, { narrative: 'Now with minutes.', status: 'submitted' }));
  });
  it('writes observations as itself, and does not report for organisations', async () => {
    accepted(await committee.put(ws, review({ createdBy: committee.name })));
    refused(await committee.put(ws, review({ createdBy: repA.name })), 403, /^createdBy/);
    refused(
      await committee.put(ws, report({ createdBy: committee.name, orgId: 'org:com-d' })),
      403,
      /^Your account \(committee, org:com-d\) may not write a document of type progressReport/,
    );
    refused(await committee.put(ws, { _id: 'plan:other', type: 'plan' } as never), 403, /^plan\.|Only administrators/);
  });
});

describe('evaluation', () => {
  const evaluation = (createdBy: string, overrides: Record<string, unknown> = {}) => ({
    _id: `evaluation:${uniqueName('ev')}`,
    type: 'evaluation',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    suggestedLevel: 'limited',
    progressAtEvaluation: 30,
    level: 'limited',
    date: '2025-12-31',
    orgId: 'org:com-d',
    createdBy,
    createdAt: new Date().toISOString(),
    ...overrides,
  });
  it('is written only by the committee, with a reason when it changes the suggested level', async () => {
    refused(
      await repA.put(ws, evaluation(repA.name, { orgId: 'org:gov-a' })),
      403,
      /^Only committee members of plan:test evaluate its commitments/,
    );
    refused(
      await cso.put(ws, evaluation(cso.name, { orgId: 'org:cso-c' })),
      403,
      /^Only committee members of plan:test evaluate its commitments/,
    );
    refused(
      await committee.put(ws, evaluation(committee.name, { level: 'complete' })),
      403,
      /^reason: say why the level differs/,
    );
    refused(
      await committee.put(ws, evaluation(committee.name, { level: 'excellent' })),
      403,
      /^evaluation\.level: must be one of noEvidence, notStarted, limited, substantial, complete/,
    );
    accepted(await committee.put(ws, evaluation(committee.name)));
    accepted(
      await committee.put(
        ws,
        evaluation(committee.name, { level: 'substantial', reason: 'The portal works; the pilot report is late.' }),
      ),
    );
  });
});

describe('admin', () => {
  it('changes the plan but does not report for organisations', async () => {
    accepted(await admin.update(ws, 'commitment:test-2', { problem: 'A clearer problem statement.' }));
    refused(await admin.put(ws, report({ createdBy: admin.name })), 403, /^orgId|Only reporters/);
  });
  it('cannot write the public database either', async () => {
    expect((await admin.put(pub, { _id: 'plan:fake' })).status).toBe(404);
  });
});

describe('closed plan', () => {
  it('is read-only for everyone but server admins', async () => {
    const plan = await useDb(server.couch, ws).get('plan:review');
    await useDb(server.couch, ws).insert({ ...plan, closed: true, closedOn: '2025-12-31' });
    refused(
      await repA.put(
        ws,
        report({
          createdBy: repA.name,
          planId: 'plan:review',
          commitmentId: 'commitment:review-1',
          keyActionId: 'keyAction:review-1-1',
        }),
      ),
      403,
      /^planId: the plan plan:review is closed/,
    );
    refused(await admin.update(ws, 'commitment:review-1', { title: 'Late change' }), 403, /closed/);
    accepted(await repA.put(ws, report({ createdBy: repA.name })));
  });
});
