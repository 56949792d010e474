import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { assessment, report, review, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/**
 * Every document type × every kind of person × every forged field: a write that names another
 * organisation, another author, another reviewer, or a plan whose committee does not include the
 * writer's organisation, is refused. 0 wrongful accepts.
 */
let server: TestServer;
const people: Record<string, { client: Client; org: string | null; committeeOf: string[] }> = {};

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', [
    ...testPlan(),
    { where: 'org:other-com', doc: { _id: 'org:other-com', type: 'organization', kind: 'cso', name: 'Other' } },
  ]);
  const make = async (key: string, role: Role, org: string | null, committeeOf: string[]) => {
    const client = await createUser(server, { name: uniqueName(role), role, ...(org ? { org } : {}) });
    people[key] = { client, org: org ? `org:${org}` : null, committeeOf };
  };
  await make('gov-a reporter', 'reporter', 'gov-a', []);
  await make('cso-c reporter', 'reporter', 'cso-c', []);
  await make('com-d committee', 'committee', 'com-d', ['plan:test', 'plan:review']);
  await make('committee of no plan', 'committee', 'other-com', []);
  await make('admin', 'admin', null, []);
});
afterAll(async () => server?.stop());

const now = () => new Date().toISOString();
/** A valid document of each type written by `name` for `org`. */
const documents = (name: string, org: string) => ({
  progressReport: report({ createdBy: name, orgId: org }),
  publishedReport: report({ createdBy: name, orgId: org, status: 'published' }),
  evidence: {
    _id: `evidence:${uniqueName('e')}`,
    type: 'evidence',
    planId: 'plan:test',
    orgId: org,
    createdBy: name,
    createdAt: now(),
    status: 'draft',
    title: 'Minutes',
    kind: 'link',
    url: 'https://example.org/minutes',
  },
  assessment: assessment({ createdBy: name, orgId: org }),
  review: review({ createdBy: name, orgId: org }),
  evaluation: {
    _id: `evaluation:${uniqueName('ev')}`,
    type: 'evaluation',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    suggestedLevel: 'limited',
    progressAtEvaluation: 30,
    level: 'limited',
    date: '2025-01-01',
    orgId: org,
    createdBy: name,
    createdAt: now(),
  },
});

const forgeries: [
  string,
  (doc: Record<string, unknown>, writer: string, writerOrg: string) => Record<string, unknown>,
][] = [
  ['another organisation', (doc, _w, org) => ({ ...doc, orgId: org === 'org:gov-b' ? 'org:gov-a' : 'org:gov-b' })],
  ['another author', (doc) => ({ ...doc, createdBy: 'someone-else' })],
  ['a reviewer who is not the writer', (doc) => ({ ...doc, reviewedBy: 'someone-else', reviewedAt: now() })],
];

describe('forged writes', () => {
  it('are all refused, for every type, person and forged field', async () => {
    const wrongful: string[] = [];
    let tried = 0;
    for (const [who, person] of Object.entries(people)) {
      const org = person.org ?? 'org:gov-a';
      for (const [type, doc] of Object.entries(documents(person.client.name, org))) {
        for (const [forgery, forge] of forgeries) {
          const forged = forge(doc as unknown as Record<string, unknown>, person.client.name, org);
          const reply = await person.client.put(server.names.workspace, forged);
          tried++;
          if (reply.status < 300) wrongful.push(`${who} wrote a ${type} with ${forgery}`);
        }
      }
    }
    // Committee powers on a plan whose committee does not include the writer's organisation.
    const outsider = people['committee of no plan'] as (typeof people)[string];
    for (const [type, doc] of Object.entries(documents(outsider.client.name, 'org:other-com'))) {
      const reply = await outsider.client.put(server.names.workspace, doc);
      tried++;
      if (reply.status < 300 && ['review', 'evaluation'].includes(type))
        wrongful.push(`a committee member of no plan wrote a ${type}`);
    }
    expect(tried).toBeGreaterThan(90);
    expect(wrongful).toEqual([]);
  });
});
