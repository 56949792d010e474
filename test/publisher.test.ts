import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../shared/src/index.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { Publisher } from '../sync-server/src/publisher/publisher.js';
import { assessment, report, review, testPlan } from './fixtures.js';
import {
  type Client,
  createUser,
  publishEveryKind,
  startTestServer,
  type TestServer,
  uniqueName,
  untilPublic,
} from './helpers.js';

let server: TestServer;
let ws: string;
let repA: Client;
let repB: Client;
let committee: Client;

async function publicDocs(): Promise<Record<string, unknown>[]> {
  const result = await useDb(server.couch, server.names.public).list({ include_docs: true });
  return result.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc as Record<string, unknown>);
}
async function publicDoc(id: string) {
  return (await publicDocs()).find((d) => d._id === id);
}
async function api<T = Record<string, unknown>>(path: string): Promise<T> {
  const response = await fetch(`${server.url}/api${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  server = await startTestServer();
  ws = server.names.workspace;
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  repA = await createUser(server, { name: uniqueName('rep-a'), role: 'reporter', org: 'gov-a' });
  repB = await createUser(server, { name: uniqueName('rep-b'), role: 'reporter', org: 'gov-b' });
  committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
});
afterAll(async () => server?.stop());

describe('publisher', () => {
  it('publishes published reports with computed progress, and never drafts or internal fields', async () => {
    const draft = report({
      createdBy: repA.name,
      narrative: 'Draft mentioning ana@example.org',
      internalNote: 'not for the public',
    });
    const published = report({ createdBy: repA.name, status: 'published', percent: 60, internalNote: 'internal only' });
    const other = report({
      createdBy: repA.name,
      status: 'published',
      percent: 20,
      keyActionId: 'keyAction:test-1-2',
      date: '2024-07-01',
    });
    for (const doc of [draft, published, other]) expect((await repA.put(ws, doc)).status).toBe(201);
    await server.publisher.settled();

    const docs = await publicDocs();
    const text = JSON.stringify(docs);
    expect(docs.map((d) => d._id)).not.toContain(draft._id);
    expect(text).not.toContain('ana@example.org');
    expect(text).not.toContain('internalNote');
    expect(text).not.toContain('createdBy');
    expect(text).not.toContain(repA.name);
    expect(await publicDoc(published._id)).toMatchObject({ percent: 60, status: 'published' });
    // key action weights 3 and 1: (3 × 60 + 1 × 20) / 4 = 50
    expect(await publicDoc('commitment:test-1')).toMatchObject({ progress: 50 });
    expect(await publicDoc('keyAction:test-1-1')).toMatchObject({ progress: 60 });
    // commitments 50 % and 0 %
    expect(await publicDoc('plan:test')).toMatchObject({ progress: 25, commitmentCount: 2, reportCount: 2 });

    await untilPublic(server, (index) => (index.reportsByCommitment.get('commitment:test-1') ?? []).length === 2);
    const page = await api<{ reports: { id: string }[] }>('/commitments/commitment:test-1');
    expect(page.reports.map((r) => r.id)).toEqual([published._id, other._id]);
    expect(JSON.stringify(page)).not.toContain(draft._id);
  });

  it('refuses, with a reason, a report from an organisation not responsible for the key action', async () => {
    // gov-b reports on its own commitment's key action, but names one that belongs to gov-a.
    const stray = report({
      createdBy: repB.name,
      orgId: 'org:gov-b',
      status: 'published',
      keyActionId: 'keyAction:test-1-1',
      percent: 100,
    });
    expect((await repB.put(ws, stray)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(stray._id)).toBeUndefined();
    expect(server.publisher.refusals.get(stray._id)?.reason).toBe(
      'orgId: org:gov-b is not responsible for keyAction:test-1-1',
    );
    expect(await publicDoc('keyAction:test-1-1')).toMatchObject({ progress: 60 });
  });

  it('shows a correction and a withdrawal on the public side', async () => {
    const first = report({
      createdBy: repA.name,
      status: 'published',
      percent: 80,
      keyActionId: 'keyAction:test-1-2',
      date: '2024-08-01',
    });
    expect((await repA.put(ws, first)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc('keyAction:test-1-2')).toMatchObject({ progress: 80 });

    const correction = report({
      createdBy: repA.name,
      status: 'published',
      percent: 70,
      keyActionId: 'keyAction:test-1-2',
      date: '2024-08-01',
      corrects: first._id,
    });
    expect((await repA.put(ws, correction)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(first._id)).toMatchObject({ correctedBy: correction._id, percent: 80 });
    expect(await publicDoc('keyAction:test-1-2')).toMatchObject({ progress: 70 });

    expect(
      (await repA.update(ws, correction._id, { status: 'withdrawn', withdrawnReason: 'Counted twice.' })).status,
    ).toBe(201);
    await server.publisher.settled();
    const withdrawn = await publicDoc(correction._id);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Counted twice.' });
    expect(withdrawn).not.toHaveProperty('narrative');
    // The withdrawn correction no longer corrects: the first report counts again.
    expect(await publicDoc('keyAction:test-1-2')).toMatchObject({ progress: 80 });
  });

  it('publishes public observations and CSO assessments, never internal ones', async () => {
    const cso = await createUser(server, { name: uniqueName('cso'), role: 'reporter', org: 'cso-c' });
    const open = review({ createdBy: committee.name, text: 'Public observation.' });
    const internal = review({ createdBy: committee.name, text: 'Internal observation.', visibility: 'internal' });
    const view = assessment({ createdBy: cso.name });
    const notCoLeading = assessment({ createdBy: cso.name, commitmentId: 'commitment:test-2' });
    for (const [who, doc] of [
      [committee, open],
      [committee, internal],
      [cso, view],
      [cso, notCoLeading],
    ] as const)
      expect((await who.put(ws, doc)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(open._id)).toMatchObject({ text: 'Public observation.' });
    expect(await publicDoc(internal._id)).toBeUndefined();
    expect(JSON.stringify(await publicDocs())).not.toContain('Internal observation.');
    expect(await publicDoc(view._id)).toMatchObject({ by: 'cso', percent: 30 });
    expect(server.publisher.refusals.get(notCoLeading._id)?.reason).toBe(
      'orgId: org:cso-c does not co-lead commitment:test-2',
    );
  });

  it('publishes evidence only with a published report, and without its internal fields', async () => {
    const evidence: Evidence = {
      _id: `evidence:${uniqueName('e')}`,
      type: 'evidence',
      planId: 'plan:test',
      orgId: 'org:gov-a',
      createdBy: repA.name,
      createdAt: new Date().toISOString(),
      status: 'published',
      title: 'Minutes',
      kind: 'link',
      url: 'https://example.org/minutes',
      internalNote: 'ask legal',
    };
    expect((await repA.put(ws, evidence)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(evidence._id)).toBeUndefined();
    const withEvidence = report({
      createdBy: repA.name,
      status: 'published',
      evidenceIds: [evidence._id],
      date: '2024-09-01',
    });
    expect((await repA.put(ws, withEvidence)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(evidence._id)).toMatchObject({ title: 'Minutes', url: 'https://example.org/minutes' });
    expect(await publicDoc(evidence._id)).not.toHaveProperty('internalNote');
  });

  it('after every kind of document is published, no public document names a person or carries an internal field', async () => {
    const cso = await createUser(server, { name: uniqueName('cso'), role: 'reporter', org: 'cso-c' });
    const written = await publishEveryKind(server, { reporter: repA, cso, committee });
    await server.publisher.settled();

    const docs = await publicDocs();
    expect(new Set(docs.map((d) => d.type))).toEqual(
      new Set([
        'plan',
        'organization',
        'commitment',
        'keyAction',
        'progressReport',
        'evidence',
        'review',
        'assessment',
        'evaluation',
      ]),
    );
    for (const id of written) expect(docs.map((d) => d._id)).toContain(id);
    const internalFields = [
      'createdBy',
      'createdAt',
      'updatedAt',
      'reviewedBy',
      'returnReason',
      'internalNote',
      'visibility',
    ];
    const people = [repA.name, repB.name, committee.name, cso.name];
    for (const doc of docs) {
      for (const field of internalFields) expect(doc, `${String(doc._id)}.${field}`).not.toHaveProperty(field);
      const text = JSON.stringify(doc);
      for (const name of people) expect(text, `${String(doc._id)} names ${name}`).not.toContain(name);
    }
  });

  it('loses and duplicates nothing across a restart, resuming from its checkpoint', async () => {
    await server.publisher.settled();
    const before = await publicDocs();
    await server.publisher.stop();
    // While it is down: a new report, a withdrawal, a new draft.
    const whileDown = report({ createdBy: repA.name, status: 'published', percent: 90, date: '2024-10-01' });
    expect((await repA.put(ws, whileDown)).status).toBe(201);
    const latest = before.find(
      (d) => d.type === 'progressReport' && d.status === 'published' && d.keyActionId === 'keyAction:test-1-1',
    ) as { _id: string };
    expect((await repA.update(ws, latest._id, { status: 'withdrawn', withdrawnReason: 'Superseded.' })).status).toBe(
      201,
    );
    const draft = report({ createdBy: repA.name });
    expect((await repA.put(ws, draft)).status).toBe(201);

    const checkpoint = await useDb(server.couch, ws).get('_local/tablero-publisher');
    expect(checkpoint).toHaveProperty('seq');
    const restarted = new Publisher(server.couch, server.names, () => undefined);
    server.publisher = restarted;
    await restarted.start();
    await restarted.settled();
    expect(restarted.stats.changes).toBeGreaterThanOrEqual(3);
    expect(restarted.stats.changes).toBeLessThan(20);

    const after = await publicDocs();
    const ids = after.map((d) => d._id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(whileDown._id);
    expect(ids).not.toContain(draft._id);
    expect(after.find((d) => d._id === latest._id)).toMatchObject({ status: 'withdrawn' });
    expect(after.length).toBe(before.length + 1);
    expect(after.find((d) => d._id === 'keyAction:test-1-1')).toMatchObject({ progress: 90 });

    // A second restart with nothing new writes nothing.
    await restarted.stop();
    const again = new Publisher(server.couch, server.names, () => undefined);
    server.publisher = again;
    await again.start();
    await again.settled();
    expect(again.stats.publicWrites).toBe(0);
  });

  it('keeps publishing and saving its checkpoint when someone else wrote the checkpoint since', async () => {
    await server.publisher.settled();
    // Another lease holder finishing a batch, or a restore, writes the checkpoint behind this publisher's back.
    const workspace = useDb(server.couch, ws);
    const stored = await workspace.get('_local/tablero-publisher');
    await workspace.insert({ ...stored, at: 0 });
    const next = report({ createdBy: repA.name, status: 'published', percent: 95, date: '2024-11-01' });
    expect((await repA.put(ws, next)).status).toBe(201);
    await server.publisher.settled();
    expect(await publicDoc(next._id)).toMatchObject({ percent: 95 });
    const saved = (await workspace.get('_local/tablero-publisher')) as unknown as { seq: string | number; at: number };
    expect(saved.at).toBeGreaterThan(0);
    // Nothing is left after the saved checkpoint. (Not compared with the feed's last sequence: on a
    // clustered CouchDB two reads of the same state give different, opaque sequences.)
    const after = (await server.couch.request({ db: ws, path: '_changes', qs: { since: String(saved.seq) } })) as {
      results: { id: string }[];
    };
    expect(after.results.map((row) => row.id).filter((id) => !id.startsWith('_design/'))).toEqual([]);
  });

  it('holds the open plans in memory, reads a closed plan only when a change reaches it, and lets it go after', async () => {
    const admin = useDb(server.couch, ws);
    const copy = async (id: string, fields: Record<string, unknown>) =>
      admin.insert({ ...(await admin.get(id)), _rev: undefined, ...fields } as never);
    for (const slug of ['old1', 'old2']) {
      await copy('plan:test', {
        _id: `plan:${slug}`,
        title: `Closed plan ${slug}`,
        startDate: '2020-01-01',
        endDate: '2021-12-31',
        closed: true,
        closedOn: '2022-01-15',
      });
      await copy('commitment:test-1', { _id: `commitment:${slug}-1`, planId: `plan:${slug}` });
      await copy('keyAction:test-1-1', {
        _id: `keyAction:${slug}-1-1`,
        planId: `plan:${slug}`,
        commitmentId: `commitment:${slug}-1`,
      });
    }
    await server.publisher.settled();
    await server.publisher.stop();
    const publisher = new Publisher(server.couch, server.names, () => undefined);
    server.publisher = publisher;
    await publisher.start();
    await publisher.settled();
    expect(publisher.plansHeld.sort()).toEqual(['plan:review', 'plan:test']);
    expect(publisher.stats.plansRead).toBe(0);

    await admin.insert({ ...(await admin.get('commitment:old1-1')), title: 'Renamed in the closed plan' });
    await publisher.settled();
    expect(await publicDoc('commitment:old1-1')).toMatchObject({ title: 'Renamed in the closed plan' });
    expect(publisher.stats.plansRead).toBe(1);
    expect(publisher.plansHeld.sort()).toEqual(['plan:old1', 'plan:review', 'plan:test']);

    const other = await admin.get('keyAction:old2-1-1');
    await admin.insert({ ...other, title: 'Renamed key action of the other closed plan' });
    await publisher.settled();
    expect(await publicDoc('keyAction:old2-1-1')).toMatchObject({
      title: 'Renamed key action of the other closed plan',
    });
    expect(publisher.plansHeld.sort()).toEqual(['plan:old2', 'plan:review', 'plan:test']);
    // The closed plan's figures are of its closing day, and its documents as a whole publication gives them.
    const plan = await publicDoc('plan:old2');
    expect(plan).toMatchObject({ title: 'Closed plan old2' });
    await admin.destroy('keyAction:old1-1-1', (await admin.get('keyAction:old1-1-1'))._rev);
    await publisher.settled();
    expect(await publicDoc('keyAction:old1-1-1')).toBeUndefined();
    expect(publisher.plansHeld).toContain('plan:old1');
    // A batch that reaches no closed plan lets go of the one held: a quiet publisher holds none.
    await admin.insert({ _id: 'org:publisher-quiet', type: 'organization', kind: 'cso', name: 'Quiet' } as never);
    await publisher.settled();
    expect(publisher.plansHeld.sort()).toEqual(['plan:review', 'plan:test']);
    // And once the feed is quiet, whatever the store's long-poll does.
    await admin.insert({ ...(await admin.get('commitment:old2-1')), title: 'Renamed again' });
    await publisher.settled();
    expect(publisher.plansHeld).toContain('plan:old2');
    for (const end = Date.now() + 15_000; publisher.plansHeld.includes('plan:old2') && Date.now() < end; )
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(publisher.plansHeld.sort()).toEqual(['plan:review', 'plan:test']);
  }, 30_000);

  it('recomputing only what each batch touched publishes what a whole publication does', async () => {
    const admin = useDb(server.couch, ws);
    const put = async (doc: Record<string, unknown>) => {
      await admin.insert(doc as never);
      await server.publisher.settled();
    };
    const change = async (id: string, fields: Record<string, unknown>) => put({ ...(await admin.get(id)), ...fields });
    const remove = async (id: string) => {
      await admin.destroy(id, (await admin.get(id))._rev);
      await server.publisher.settled();
    };
    // Each change below touches one commitment, the plan's own documents, or a document others depend on.
    await put(
      report({
        createdBy: 'admin',
        status: 'published',
        commitmentId: 'commitment:test-2',
        keyActionId: 'keyAction:test-2-1',
        orgId: 'org:gov-b',
        percent: 70,
      }) as never,
    );
    const withEvidence = (await publicDocs()).find(
      (d) => d.type === 'progressReport' && (d.evidenceIds as string[] | undefined)?.length,
    ) as { _id: string; evidenceIds: string[] } | undefined;
    const evidenceId = withEvidence?.evidenceIds[0] as string;
    await change(evidenceId, { status: 'draft' });
    expect(await publicDoc(evidenceId)).toBeUndefined();
    expect(await publicDoc(withEvidence?._id as string)).toMatchObject({ evidenceIds: [] });
    await change('commitment:test-1', { title: 'Commitment test-1, renamed' });
    await remove('keyAction:test-1-2');
    await put({ ...(await admin.get('commitment:test-2')), _id: 'commitment:test-3', _rev: undefined, number: 3 });
    await put({
      ...(await admin.get('keyAction:test-2-1')),
      _id: 'keyAction:test-3-1',
      _rev: undefined,
      commitmentId: 'commitment:test-3',
    });
    await remove('commitment:test-2');
    await put(review({ createdBy: 'admin', visibility: 'public', commitmentId: 'commitment:test-3' }) as never);
    await change('org:gov-b', { name: 'Ministry B, renamed' });

    const incremental = await publicDocs();
    expect(incremental.find((d) => d._id === 'plan:test')).toMatchObject({ commitmentCount: 2 });
    expect(incremental.map((d) => d._id)).not.toContain('keyAction:test-2-1');
    await server.publisher.stop();
    await admin.destroy('_local/tablero-publisher', (await admin.get('_local/tablero-publisher'))._rev);
    const whole = new Publisher(server.couch, server.names, () => undefined);
    server.publisher = whole;
    await whole.start();
    await whole.settled();
    expect(whole.stats.publicWrites).toBe(0);
    expect(await publicDocs()).toEqual(incremental);
  });
});
