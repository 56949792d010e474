import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import type { Health } from '../sync-server/src/api/health.js';
import { routeOf } from '../sync-server/src/observe/metrics.js';
import { report, testPlan } from './fixtures.js';
import { createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  process.env.TABLERO_METRICS_TOKEN = 'scrape-secret';
  server = await startTestServer();
  delete process.env.TABLERO_METRICS_TOKEN;
  await importRecords(server.couch, server.names, 'fixture', testPlan());
});
afterAll(async () => server?.stop());

describe('watching a server', () => {
  it('says in /api/health that the store answers, who publishes, and how far behind it is', async () => {
    const reply = await fetch(`${server.url}/api/health`);
    expect(reply.status).toBe(200);
    const health = (await reply.json()) as Health;
    expect(health).toMatchObject({
      status: 'ok',
      server: server.serverId,
      store: { reachable: true },
      publisher: { here: true, leaseHolder: server.serverId },
      longPolls: { public: 0, sync: 0 },
    });
    await server.publisher.settled();
    expect(((await (await fetch(`${server.url}/api/health`)).json()) as Health).publisher.lagSequences).toBe(0);
  });

  it('counts requests by route pattern and status, and refusals by reason, for a scraper with the token', async () => {
    const reporter = await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' });
    await reporter.put(server.names.workspace, report({ createdBy: reporter.name, percent: 140 }));
    await fetch(`${server.url}/api/commitments/commitment%3Atest-1`);
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const text = await (
      await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer scrape-secret' } })
    ).text();
    expect(text).toMatch(
      /tablero_http_requests_total\{method="GET",route="\/api\/commitments\/\{id\}",status="200"\} 1/,
    );
    expect(text).toMatch(/tablero_http_requests_total\{method="PUT",route="\/db\/\{db\}\/\{doc\}",status="403"\} 1/);
    expect(text).toMatch(/tablero_write_refusals_total\{code="[a-z-]+"\} 1/);
    expect(text).toContain('tablero_publisher_here 1');
    expect(text).toContain('tablero_long_polls{feed="public"} 0');
  });

  it('gives every answer a request id, the proxy’s when it sends a sane one', async () => {
    const given = await fetch(`${server.url}/api/plans`, { headers: { 'x-request-id': 'proxy-123' } });
    expect(given.headers.get('x-request-id')).toBe('proxy-123');
    const odd = await fetch(`${server.url}/api/plans`, { headers: { 'x-request-id': '<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('labels routes by pattern, so ids never become labels', () => {
    expect(routeOf('/db/tablero_workspace/_changes')).toBe('/db/{db}/_changes');
    expect(routeOf('/db/tablero_workspace/report%3Aabc')).toBe('/db/{db}/{doc}');
    expect(routeOf('/db/tablero_workspace/_local/x')).toBe('/db/{db}/_local/{id}');
    expect(routeOf('/api/plans/plan%3Amx/evaluation.csv')).toBe('/api/plans/{id}/evaluation.csv');
    expect(routeOf('/commitments/commitment:1')).toBe('/commitments/{id}');
    expect(routeOf('/api/health')).toBe('/api/health');
    expect(routeOf('/wp-login.php')).toBe('other');
  });
});
