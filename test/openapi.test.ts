import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { testPlan } from './fixtures.js';
import { createUser, publishEveryKind, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

/*
 * Every JSON route's real responses, checked against what /api/openapi.json says of them. The
 * schemas forbid undocumented properties, so a field the server starts sending (or a documented
 * one it stops sending) fails here before a re-user meets it.
 */

let server: TestServer;
let spec: { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  // Reprogrammed: a key action ends later, so plan test has a public revision to document.
  const revised = testPlan().map(({ where, doc }) => ({
    where,
    doc: doc._id === 'keyAction:test-1-1' ? { ...doc, endDate: '2026-06-30' } : doc,
  }));
  await importRecords(server.couch, server.names, 'fixture-revised.json', revised);
  const person = (role: Role, org: string) => createUser(server, { name: uniqueName(org), role, org });
  await publishEveryKind(server, {
    reporter: await person('reporter', 'gov-a'),
    cso: await person('reporter', 'cso-c'),
    committee: await person('committee', 'com-d'),
  });
  await publishQuestion();
  await untilPublic(
    server,
    (index) =>
      index.plans.length === 3 &&
      index.assessments.length > 0 &&
      index.questions.length > 0 &&
      index.plans.some((p) => p.revisions?.length),
  );
  spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as typeof spec;
  ajv.addSchema({ ...spec, $id: 'openapi' });
});
afterAll(async () => server?.stop());

/** A published question on commitment test-1 with gov-a's answer, written as the server and the gateway would. */
async function publishQuestion(): Promise<void> {
  const at = new Date().toISOString();
  await useDb(server.couch, server.names.workspace).bulk({
    docs: [
      {
        _id: 'question:openapi',
        type: 'question',
        planId: 'plan:test',
        commitmentId: 'commitment:test-1',
        text: 'When?',
        name: 'Ana',
        status: 'published',
        receivedAt: at,
        publishedAt: at,
      },
      {
        _id: 'answer:openapi',
        type: 'answer',
        planId: 'plan:test',
        commitmentId: 'commitment:test-1',
        questionId: 'question:openapi',
        orgId: 'org:gov-a',
        text: 'Soon.',
        createdBy: 'someone',
        createdAt: at,
        receivedAt: at,
      },
    ],
  });
}

/** Fetches `path` and checks the body against the 200 response of `route` in the spec. */
async function conforms(route: string, path: string): Promise<unknown> {
  const reply = await fetch(`${server.url}/api${path}`);
  expect(reply.status, path).toBe(200);
  const body: unknown = await reply.json();
  const pointer = `openapi#/paths/${route.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
  const validate = ajv.compile({ $ref: pointer });
  const errors = validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  expect(errors, path).toEqual([]);
  return body;
}

describe('the public API as /api/openapi.json describes it', () => {
  it('documents every route the API answers', async () => {
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/activity',
        '/changes',
        '/follow',
        '/follow/confirm/{token}',
        '/unsubscribe/{token}',
        '/me/mail',
        '/commitments/{id}',
        '/files/{sha256}',
        '/organizations',
        '/organizations/{id}',
        '/plans',
        '/plans/{id}',
        '/plans/{id}/commitments.csv',
        '/plans/{id}/evaluation',
        '/plans/{id}/evaluation.csv',
        '/plans/{id}/export.json',
        '/plans/{id}/key-actions.csv',
        '/plans/{id}/reports.csv',
        '/plans/{id}/answer-record',
        '/plans/{id}/answer-record.csv',
        '/plans/{id}/questions.csv',
        '/questions/form',
        '/questions/{id}/email',
        '/commitments/{id}/questions',
        '/reports/{id}/questions',
        '/site',
      ].sort(),
    );
  });

  it('answers every JSON route, for every plan, commitment and organisation, as documented', async () => {
    const { plans } = (await conforms('/plans', '/plans')) as { plans: { id: string }[] };
    const commitmentIds: string[] = [];
    for (const { id } of plans) {
      const plan = (await conforms('/plans/{id}', `/plans/${encodeURIComponent(id)}`)) as {
        commitments: { id: string }[];
      };
      commitmentIds.push(...plan.commitments.map((c) => c.id));
      await conforms('/plans/{id}', `/plans/${encodeURIComponent(id)}?keyActions=false`);
      await conforms('/plans/{id}/export.json', `/plans/${encodeURIComponent(id)}/export.json`);
      await conforms('/plans/{id}/evaluation', `/plans/${encodeURIComponent(id)}/evaluation`);
      await conforms('/plans/{id}/answer-record', `/plans/${encodeURIComponent(id)}/answer-record`);
    }
    const seen = new Set<string>();
    for (const id of commitmentIds) {
      const detail = (await conforms('/commitments/{id}', `/commitments/${encodeURIComponent(id)}`)) as Record<
        string,
        unknown[]
      >;
      for (const list of ['reports', 'evidence', 'reviews', 'assessments', 'questions', 'revisions'])
        if (detail[list]?.length) seen.add(list);
    }
    // Every kind of record was in some response, so each of their schemas was exercised.
    expect([...seen].sort()).toEqual(['assessments', 'evidence', 'questions', 'reports', 'reviews', 'revisions']);
    const { organizations } = (await conforms('/organizations', '/organizations')) as {
      organizations: { id: string }[];
    };
    for (const { id } of organizations)
      await conforms('/organizations/{id}', `/organizations/${encodeURIComponent(id)}`);
    const { activity } = (await conforms('/activity', '/activity?limit=500')) as { activity: unknown[] };
    expect(activity.length).toBeGreaterThan(0);
    await conforms('/changes', '/changes?since=x');
    await conforms('/site', '/site');
  });

  it('fails a response that does not match, so the check can catch drift', () => {
    const validate = ajv.compile({ $ref: 'openapi#/components/schemas/Report' });
    expect(validate({ id: 'report:x', type: 'progressReport', createdBy: 'ana' })).toBe(false);
  });
});
