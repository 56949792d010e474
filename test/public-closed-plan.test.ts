import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicDoc, PublicReport } from '../shared/src/public.js';
import { closePlan } from '../sync-server/src/admin/plans.js';
import { ACTIVITY_MAX, newestFirst, PlanDigest, RECENT_REPORTS } from '../sync-server/src/api/public-digest.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { restartTestServer, startTestServer, type TestServer, untilPublic } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
  await closePlan(server.couch, server.names, DEMO_PLAN_ID);
  await untilPublic(server, (index) => index.plans.some((p) => p._id === DEMO_PLAN_ID && p.closed));
}, 120_000);
afterAll(async () => server?.stop());

/** Every public page about the plan: the API's, its open data in both languages, and the Atom feeds. */
async function pagesOf(s: TestServer): Promise<Map<string, string>> {
  const plan = encodeURIComponent(DEMO_PLAN_ID);
  const index = s.store.getIndex();
  // Sorted: the index holds them in the feed's order, which differs between reads on a cluster.
  const commitments = [...index.commitments.keys()].sort().map(encodeURIComponent);
  const orgs = [...index.organizations.keys()].sort().map(encodeURIComponent);
  const csvs = ['commitments', 'key-actions', 'reports', 'answer-record', 'questions', 'evaluation'];
  const paths = [
    '/api/plans',
    `/api/plans/${plan}`,
    `/api/plans/${plan}?keyActions=false`,
    `/api/plans/${plan}/export.json`,
    `/api/plans/${plan}/answer-record`,
    `/api/plans/${plan}/evaluation`,
    ...csvs.flatMap((table) => ['es', 'en'].map((lang) => `/api/plans/${plan}/${table}.csv?lang=${lang}`)),
    ...commitments.map((id) => `/api/commitments/${id}`),
    '/api/organizations',
    ...orgs.map((id) => `/api/organizations/${id}`),
    '/api/activity',
    '/api/activity?limit=500',
    `/api/activity?plan=${plan}&limit=500`,
    '/activity.atom',
    `/activity.atom?plan=${plan}`,
    ...commitments.map((id) => `/commitments/${id}/activity.atom`),
  ];
  const pages = new Map<string, string>();
  for (const path of paths) {
    const reply = await fetch(`${s.url}${path}`);
    expect(reply.status, path).toBe(200);
    pages.set(path, await reply.text());
  }
  return pages;
}

describe('a closed plan read on demand', () => {
  it('answers every page, open data and feed as it did from memory, and holds the plan only once read', async () => {
    // Just closed, the plan is still in memory: these are the answers from memory.
    expect(server.store.plansHeld).toContain(DEMO_PLAN_ID);
    const fromMemory = await pagesOf(server);

    server = await restartTestServer(server);
    await server.store.settled();
    expect(server.store.plansHeld).not.toContain(DEMO_PLAN_ID);
    expect(server.store.plansRead).toBe(0);
    // The pages about every plan are answered from what is kept of the closed plan, without reading it.
    const organizations = await (await fetch(`${server.url}/api/organizations/org%3Asfp`)).text();
    expect(organizations).toBe(fromMemory.get('/api/organizations/org%3Asfp'));
    expect(await (await fetch(`${server.url}/api/activity?limit=500`)).text()).toBe(
      fromMemory.get('/api/activity?limit=500'),
    );
    expect(server.store.plansRead).toBe(0);

    const onDemand = await pagesOf(server);
    expect([...onDemand.keys()]).toEqual([...fromMemory.keys()]);
    for (const [path, body] of fromMemory) expect(onDemand.get(path), path).toBe(body);
    expect(server.store.plansRead).toBe(1);
    expect(server.store.plansHeld).toContain(DEMO_PLAN_ID);
  }, 120_000);

  it('takes in a change to a closed plan that is not in memory', async () => {
    server = await restartTestServer(server);
    await server.store.settled();
    const report = server.store.getIndex().reports.find((r) => r.planId === DEMO_PLAN_ID) as PublicReport;
    // An administrator's correction in the store: the publisher reads the closed plan and publishes it.
    const workspace = useDb(server.couch, server.names.workspace);
    await workspace.insert({ ...(await workspace.get(report._id)), narrative: 'Corrected after the plan closed.' });
    await server.publisher.settled();
    await server.store.settled();
    const page = (await (
      await fetch(`${server.url}/api/commitments/${encodeURIComponent(report.commitmentId)}`)
    ).json()) as {
      reports: { id: string; narrative?: string }[];
    };
    expect(page.reports.find((r) => r.id === report._id)?.narrative).toBe('Corrected after the plan closed.');
    const activity = (await (await fetch(`${server.url}/api/activity?limit=500`)).json()) as {
      activity: { id: string; summary: string }[];
    };
    expect(activity.activity.find((a) => a.id === report._id)?.summary).toBe('Corrected after the plan closed.');
  }, 120_000);
});

describe('a closed plan’s digest', () => {
  const report = (i: number, orgId: string): PublicReport =>
    ({
      _id: `report:r${i}`,
      type: 'progressReport',
      planId: 'plan:p',
      commitmentId: 'commitment:c',
      orgId,
      date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    }) as PublicReport;

  it('keeps the newest of the plan as documents come, whatever their order', () => {
    const all = Array.from({ length: 2000 }, (_, i) => report((i * 7919) % 2000, `org:o${i % 3}`));
    const digest = new PlanDigest(all.slice(0, 700));
    for (const doc of all.slice(700)) digest.add(doc);
    const kept = digest.docs();
    const newest = [...all].sort(newestFirst);
    const ids = (docs: PublicDoc[]) => new Set(docs.map((d) => d._id));
    for (const doc of newest.slice(0, ACTIVITY_MAX)) expect(ids(kept).has(doc._id)).toBe(true);
    for (const org of ['org:o0', 'org:o1', 'org:o2'])
      for (const doc of newest.filter((r) => r.orgId === org).slice(0, RECENT_REPORTS))
        expect(ids(kept).has(doc._id)).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(ACTIVITY_MAX + 3 * RECENT_REPORTS);
    expect(digest.has(newest[0]?._id as string)).toBe(true);
    expect(digest.has(newest.at(-1)?._id as string)).toBe(false);
  });
});
