import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { startTestServer, type TestServer, untilPublic } from './helpers.js';

let server: TestServer;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api${path}`, { headers });

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
});
afterAll(async () => server?.stop());

describe('public API on the demo data', () => {
  it('lists plans with progress', async () => {
    const body = (await (await get('/plans')).json()) as {
      plans: { id: string; progress: number; commitmentCount: number }[];
    };
    expect(body.plans).toHaveLength(1);
    expect(body.plans[0]).toMatchObject({ id: DEMO_PLAN_ID, commitmentCount: 13 });
    expect(body.plans[0]?.progress).toBeGreaterThan(0);
  });

  it('gives a plan with its 13 commitments, their state, organisations and key actions', async () => {
    const body = (await (await get(`/plans/${DEMO_PLAN_ID}`)).json()) as {
      commitments: {
        number: number;
        progress: number;
        scheduleState: string;
        responsibleOrgIds: string[];
        keyActions: { demo: boolean }[];
      }[];
      organizations: Record<string, { name: string }>;
    };
    expect(body.commitments.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(body.commitments[9]).toMatchObject({ progress: 100, scheduleState: 'completed' });
    expect(body.commitments[0]?.keyActions.every((k) => k.demo)).toBe(true);
    expect(body.organizations['org:sfp']?.name).toBe('Secretaría de la Función Pública');
  });

  it('gives a commitment with its chronological report history and evidence', async () => {
    const body = (await (await get('/commitments/commitment:mx-4pa-01')).json()) as {
      reports: { date: string; evidenceIds: string[]; demo: boolean }[];
      evidence: { id: string; url: string }[];
    };
    const dates = body.reports.map((r) => r.date);
    expect(dates.length).toBeGreaterThan(2);
    expect(dates).toEqual([...dates].sort());
    expect(body.reports.every((r) => r.demo)).toBe(true);
    const cited = new Set(body.reports.flatMap((r) => r.evidenceIds));
    expect(body.evidence.map((e) => e.id).sort()).toEqual([...cited].sort());
  });

  it('answers 304 to a client that has the current version, and a new ETag after a change', async () => {
    const first = await get('/plans');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const again = await get('/plans', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const { useDb } = await import('../sync-server/src/couch/client.js');
    const org = await useDb(server.couch, server.names.workspace).get('org:sfp');
    const changed = server.store.nextChange(10_000);
    await useDb(server.couch, server.names.workspace).insert({ ...org, acronym: 'SFP-MX' });
    await changed;
    const after = await get('/plans', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('exports CSV and JSON', async () => {
    const csv = await get(`/plans/${DEMO_PLAN_ID}/commitments.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toContain('id,number,ogp_id,title,progress_percent,cso_assessments,schedule_state');
    expect(lines).toHaveLength(14);
    const reports = await (await get(`/plans/${DEMO_PLAN_ID}/reports.csv`)).text();
    expect(reports).toContain('demo_data');
    // In Spanish: column names and coded values, no English word (ids aside).
    const spanish = await (await get(`/plans/${DEMO_PLAN_ID}/commitments.csv?lang=es`)).text();
    expect(spanish.split('\n')[0]).toContain('id,numero,id_ogp,titulo,avance_por_ciento,valoracion_osc,estado');
    expect(spanish).toMatch(/,(Con retraso|En tiempo|Cumplido|Sin iniciar),/);
    const informes = await (await get(`/plans/${DEMO_PLAN_ID}/reports.csv?lang=es`)).text();
    expect(informes.split('\n')[0]).toContain('estatus');
    expect(informes).toContain(',publicado,');
    for (const text of [spanish, informes])
      for (const english of [',delayed,', ',onTrack,', ',published,', ',yes', 'demo_data', 'schedule_state'])
        expect(text).not.toContain(english);
    const json = (await (await get(`/plans/${DEMO_PLAN_ID}/export.json`)).json()) as {
      commitments: unknown[];
      reports: unknown[];
    };
    expect(json.commitments).toHaveLength(13);
    expect(json.reports.length).toBeGreaterThan(10);
  });

  it('lists organisations and what each leads, and recent activity newest first', async () => {
    const orgs = (await (await get('/organizations')).json()) as {
      organizations: { id: string; commitmentCount: number }[];
    };
    expect(orgs.organizations.find((o) => o.id === 'org:sfp')?.commitmentCount).toBe(3);
    const sfp = (await (await get('/organizations/org:sfp')).json()) as {
      commitments: { number: number; role: string }[];
    };
    expect(sfp.commitments.map((c) => c.number)).toEqual([1, 11, 13]);
    const activity = (await (await get('/activity?limit=5')).json()) as { activity: { date: string }[] };
    expect(activity.activity).toHaveLength(5);
    const dates = activity.activity.map((a) => a.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('answers unknown records and routes with a JSON 404', async () => {
    const missing = await get('/commitments/commitment:nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: 'not_found',
      reason: 'There is no public commitment commitment:nope.',
    });
    expect((await get('/nothing')).status).toBe(404);
    expect(((await (await get('/openapi.json')).json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('keeps the answers of one data version within a budget of bytes, the least recently asked going first', async () => {
    let computed = 0;
    const answer = (key: string) =>
      server.store.remember(
        `budget test ${key}`,
        async () => {
          computed++;
          return key;
        },
        () => 7 * 1024 * 1024,
      );
    for (const key of ['a', 'b', 'a', 'c']) await answer(key);
    expect(computed).toBe(3);
    // 'b' was asked least recently: it went to make room for 'c'.
    await answer('a');
    expect(computed).toBe(3);
    await answer('b');
    expect(computed).toBe(4);
  });

  it('sends compressed answers: brotli or gzip for the API, gzip for the dashboard’s assets and pages', async () => {
    for (const [encoding, expected] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const reply = await fetch(`${server.url}/api/plans/plan:mx-4pa`, { headers: { 'accept-encoding': encoding } });
      expect(reply.headers.get('content-encoding')).toBe(expected);
      expect(reply.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(((await reply.json()) as { commitments: unknown[] }).commitments).toHaveLength(13);
    }
    const plain = await fetch(`${server.url}/api/plans/plan:mx-4pa`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { commitments: unknown[] }).commitments).toHaveLength(13);
    const page = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBe('gzip');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
  });
});
