import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { assessment, report, review, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * The read matrix (shared/src/rules/read-rights.ts), through every replication route: for each
 * document kind and state and each person, GET, _all_docs, _changes and _bulk_get return exactly
 * the documents in the matrix, and the organisation's internal note only to that organisation.
 * Plans: plan:test names gov-a, gov-b, cso-c and its committee com-d; plan:review names gov-a and com-d.
 */
let server: TestServer;
const people: Record<string, Client> = {};

const STRUCTURE_TEST = [
  'plan:test',
  'commitment:test-1',
  'commitment:test-2',
  'keyAction:test-1-1',
  'keyAction:test-1-2',
  'keyAction:test-2-1',
];
const STRUCTURE_REVIEW = ['plan:review', 'commitment:review-1', 'keyAction:review-1-1'];
const ORGS = ['org:gov-a', 'org:gov-b', 'org:cso-c', 'org:com-d', 'org:gov-x'];

const evidence = (id: string, status: string) => ({
  _id: `evidence:${id}`,
  type: 'evidence',
  planId: 'plan:test',
  orgId: 'org:gov-a',
  createdBy: 'someone',
  createdAt: '2024-06-01T00:00:00.000Z',
  status,
  title: 'Minutes',
  kind: 'link',
  url: 'https://example.org/minutes',
  internalNote: 'Internal to gov-a.',
});
const onReview = { planId: 'plan:review', commitmentId: 'commitment:review-1', keyActionId: 'keyAction:review-1-1' };

/** Every kind and state of authored document, written by the server itself. */
const DOCS = [
  report({ _id: 'report:a-draft', createdBy: 'x', internalNote: 'Internal to gov-a.' }),
  report({ _id: 'report:a-submitted', createdBy: 'x', status: 'submitted', ...onReview }),
  report({
    _id: 'report:a-returned',
    createdBy: 'x',
    status: 'returned',
    returnReason: 'Add the minutes.',
    ...onReview,
  }),
  report({ _id: 'report:a-published', createdBy: 'x', status: 'published', internalNote: 'Internal to gov-a.' }),
  report({ _id: 'report:a-withdrawn', createdBy: 'x', status: 'withdrawn', withdrawnReason: 'Wrong key action.' }),
  report({
    _id: 'report:b-draft',
    createdBy: 'x',
    orgId: 'org:gov-b',
    commitmentId: 'commitment:test-2',
    keyActionId: 'keyAction:test-2-1',
  }),
  evidence('a-draft', 'draft'),
  evidence('a-published', 'published'),
  assessment({ _id: 'assessment:c-draft', createdBy: 'x', status: 'draft' }),
  assessment({ _id: 'assessment:c-published', createdBy: 'x' }),
  review({ _id: 'review:d-public', createdBy: 'x' }),
  review({ _id: 'review:d-internal', createdBy: 'x', visibility: 'internal' }),
  review({ _id: 'review:d-internal-review', createdBy: 'x', visibility: 'internal', planId: 'plan:review' }),
  {
    _id: 'evaluation:d',
    type: 'evaluation',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    suggestedLevel: 'limited',
    progressAtEvaluation: 30,
    level: 'limited',
    date: '2025-12-01',
    orgId: 'org:com-d',
    createdBy: 'x',
    createdAt: '2025-12-01T00:00:00.000Z',
  },
  ...(['pending', 'published', 'rejected'] as const).map((status) => ({
    _id: `question:${status}`,
    type: 'question',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    text: 'A question from the public.',
    status,
    receivedAt: '2025-06-01T00:00:00.000Z',
    ...(status === 'rejected' ? { rejectionReason: 'Off topic.' } : {}),
  })),
  {
    _id: 'answer:published.gov-a',
    type: 'answer',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    questionId: 'question:published',
    orgId: 'org:gov-a',
    text: 'An answer.',
    createdBy: 'x',
    createdAt: '2025-06-02T00:00:00.000Z',
  },
];

const PUBLIC_OF_TEST = [
  'question:published',
  'answer:published.gov-a',
  'report:a-published',
  'report:a-withdrawn',
  'evidence:a-published',
  'assessment:c-published',
  'review:d-public',
  'evaluation:d',
];

/** The matrix: what each person reads, besides the organisations everyone reads. */
const MATRIX: Record<string, string[]> = {
  'reporter gov-a': [
    ...STRUCTURE_TEST,
    ...STRUCTURE_REVIEW,
    ...PUBLIC_OF_TEST,
    'report:a-draft',
    'report:a-submitted',
    'report:a-returned',
    'evidence:a-draft',
  ],
  'reporter gov-b': [...STRUCTURE_TEST, ...PUBLIC_OF_TEST, 'report:b-draft'],
  'reporter cso-c': [...STRUCTURE_TEST, ...PUBLIC_OF_TEST, 'assessment:c-draft'],
  'committee com-d': [
    ...STRUCTURE_TEST,
    ...STRUCTURE_REVIEW,
    ...PUBLIC_OF_TEST,
    'report:a-submitted',
    'report:a-returned',
    'review:d-internal',
    'review:d-internal-review',
    // The committee moderates the public's questions: it alone reads those waiting and those it rejected.
    'question:pending',
    'question:rejected',
  ],
  'reporter gov-b with the committee role': [...STRUCTURE_TEST, ...PUBLIC_OF_TEST, 'report:b-draft'],
  admin: [...STRUCTURE_TEST, ...STRUCTURE_REVIEW, ...PUBLIC_OF_TEST],
  'reporter of an organisation no plan names': [],
};
const ALL_IDS = [...ORGS, ...STRUCTURE_TEST, ...STRUCTURE_REVIEW, ...DOCS.map((d) => d._id)];

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', [
    ...testPlan(),
    { where: 'org:gov-x', doc: { _id: 'org:gov-x', type: 'organization', kind: 'government', name: 'Ministry X' } },
  ]);
  await useDb(server.couch, server.names.workspace).bulk({ docs: DOCS as never[] });
  const make = (role: Role, org?: string) =>
    createUser(server, { name: uniqueName(role), role, ...(org ? { org } : {}) });
  people['reporter gov-a'] = await make('reporter', 'gov-a');
  people['reporter gov-b'] = await make('reporter', 'gov-b');
  people['reporter cso-c'] = await make('reporter', 'cso-c');
  people['committee com-d'] = await make('committee', 'com-d');
  // The committee role alone gives nothing on plans whose committee does not include the organisation.
  people['reporter gov-b with the committee role'] = await make('committee', 'gov-b');
  people.admin = await make('admin');
  people['reporter of an organisation no plan names'] = await make('reporter', 'gov-x');
});
afterAll(async () => server?.stop());

const sorted = (ids: string[]) => [...new Set(ids)].sort();

describe.each(Object.keys(MATRIX))('%s', (who) => {
  const expected = () => sorted([...ORGS, ...(MATRIX[who] ?? [])]);
  const person = () => people[who] as Client;
  const ws = () => server.names.workspace;

  it('reads exactly the matrix with GET', async () => {
    const read: string[] = [];
    for (const id of ALL_IDS) {
      const reply = await person().get(ws(), id);
      expect([200, 404], id).toContain(reply.status);
      if (reply.status === 200) read.push(id);
    }
    expect(sorted(read)).toEqual(expected());
  });

  it('reads exactly the matrix with _all_docs, _bulk_get and _changes', async () => {
    const all = await person().request<{ rows: { key: string; doc?: object; error?: string }[] }>(
      'POST',
      `${ws()}/_all_docs?include_docs=true`,
      { keys: ALL_IDS },
    );
    expect(sorted(all.body.rows.filter((r) => r.doc).map((r) => r.key))).toEqual(expected());
    const bulk = await person().request<{ results: { id: string; docs: { ok?: object }[] }[] }>(
      'POST',
      `${ws()}/_bulk_get`,
      { docs: ALL_IDS.map((id) => ({ id })) },
    );
    expect(sorted(bulk.body.results.filter((r) => r.docs[0]?.ok).map((r) => r.id))).toEqual(expected());
    const changes = await person().request<{ results: { id: string; deleted?: boolean; doc?: object }[] }>(
      'GET',
      `${ws()}/_changes?include_docs=true&limit=5`,
    );
    // A limit short of the total still pages correctly: read the rest from last_seq.
    const ids = changes.body.results.filter((r) => !r.deleted).map((r) => r.id);
    let since = (changes.body as unknown as { last_seq: string }).last_seq;
    for (;;) {
      const more = await person().request<{ results: { id: string; deleted?: boolean }[]; last_seq: string }>(
        'GET',
        `${ws()}/_changes?include_docs=true&limit=5&since=${encodeURIComponent(since)}`,
      );
      ids.push(...more.body.results.filter((r) => !r.deleted).map((r) => r.id));
      since = more.body.last_seq;
      if (more.body.results.length < 5) break;
    }
    expect(sorted(ids)).toEqual(expected());
    const text = JSON.stringify([all.body, bulk.body]);
    if (who === 'reporter gov-a') expect(text).toContain('Internal to gov-a.');
    else expect(text).not.toContain('Internal to gov-a.');
  });
});

describe('a change of what a person may read', () => {
  it('reaches a device whose checkpoint is past the documents that became readable', async () => {
    const outsider = people['reporter of an organisation no plan names'] as Client;
    const first = await outsider.request<{ results: { id: string }[]; last_seq: string }>(
      'GET',
      `${server.names.workspace}/_changes`,
    );
    expect(first.body.results.map((r) => r.id)).not.toContain('plan:test');
    const db = useDb(server.couch, server.names.workspace);
    const commitment = await db.get('commitment:test-2');
    await db.insert({ ...commitment, coResponsibleOrgIds: ['org:gov-x'] });
    const after = await outsider.request<{ results: { id: string }[] }>(
      'GET',
      `${server.names.workspace}/_changes?since=${encodeURIComponent(first.body.last_seq)}`,
    );
    expect(after.body.results.map((r) => r.id)).toEqual(expect.arrayContaining(['plan:test', 'report:a-published']));
  });

  it('takes back a submitted report from the committee’s devices when its organisation returns it to draft', async () => {
    const committee = people['committee com-d'] as Client;
    const first = await committee.request<{ last_seq: string }>('GET', `${server.names.workspace}/_changes`);
    const db = useDb(server.couch, server.names.workspace);
    const submitted = await db.get('report:a-submitted');
    await db.insert({ ...submitted, status: 'draft' });
    const after = await committee.request<{ results: { id: string; deleted?: boolean; doc?: object }[] }>(
      'GET',
      `${server.names.workspace}/_changes?include_docs=true&since=${encodeURIComponent(first.body.last_seq)}`,
    );
    const row = after.body.results.find((r) => r.id === 'report:a-submitted');
    expect(row).toMatchObject({ deleted: true, doc: { _deleted: true } });
    expect(JSON.stringify(row)).not.toContain('narrative');
  });

  it('shows a deletion to those who could read what it removed, and to nobody else', async () => {
    const db = useDb(server.couch, server.names.workspace);
    const before = Object.fromEntries(
      await Promise.all(
        ['reporter gov-a', 'reporter gov-b'].map(async (who) => [
          who,
          (await (people[who] as Client).request<{ last_seq: string }>('GET', `${server.names.workspace}/_changes`))
            .body.last_seq,
        ]),
      ),
    ) as Record<string, string>;
    const draft = await db.get('report:b-draft');
    await db.destroy('report:b-draft', draft._rev);
    const after = async (who: string) =>
      (
        await (people[who] as Client).request<{ results: { id: string; deleted?: boolean }[] }>(
          'GET',
          `${server.names.workspace}/_changes?since=${encodeURIComponent(before[who] as string)}`,
        )
      ).body.results;
    expect(await after('reporter gov-b')).toContainEqual(
      expect.objectContaining({ id: 'report:b-draft', deleted: true }),
    );
    expect((await after('reporter gov-a')).map((r) => r.id)).not.toContain('report:b-draft');
  });

  it('wakes a long-poll for a change the person may read, and not for one they may not', async () => {
    const reader = people['reporter cso-c'] as Client;
    const ws = server.names.workspace;
    const start = await reader.request<{ last_seq: string }>('GET', `${ws}/_changes`);
    let answered = false;
    const poll = reader
      .request<{ results: { id: string }[] }>(
        'GET',
        `${ws}/_changes?feed=longpoll&timeout=20000&since=${encodeURIComponent(start.body.last_seq)}`,
      )
      .then((reply) => {
        answered = true;
        return reply;
      });
    const db = useDb(server.couch, ws);
    await db.insert(report({ _id: 'report:gov-b-hidden', createdBy: 'x', orgId: 'org:gov-b' }) as never);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    await db.insert(report({ _id: 'report:a-visible', createdBy: 'x', status: 'published' }) as never);
    const reply = await poll;
    expect(reply.body.results.map((r) => r.id)).toEqual(['report:a-visible']);
  });
});
