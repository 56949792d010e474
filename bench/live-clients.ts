import http from 'node:http';
import type { RunningServer } from '../sync-server/src/server.js';
import { addBenchUser } from './bench-store.js';

export interface LiveClientsFigures {
  clients: number;
  /** Publish → each client's long-poll answering, in ms. */
  p50: number;
  p99: number;
  max: number;
  missed: number;
  rssBeforeMiB: number;
  rssWaitingMiB: number;
  openSockets: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

function longPoll(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(performance.now()));
    });
    request.on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * `clients` people with the dashboard open (long-polling /api/changes) or the app open
 * (long-polling the gateway's changes feed) on one server; one report is written and published;
 * how long until every one of them hears of it, and what holding them all costs the server.
 */
export async function measureLiveClients(
  server: RunningServer,
  clients: number,
  feed: 'dashboard' | 'app',
  write: { planId: string; commitmentId: string; keyActionId: string; orgId: string },
): Promise<LiveClientsFigures> {
  const rssBefore = process.memoryUsage().rss;
  let url: string;
  let headers: Record<string, string> = {};
  if (feed === 'dashboard') {
    const { version } = (await (await fetch(`${server.url}/api/changes`)).json()) as { version: string };
    url = `${server.url}/api/changes?since=${encodeURIComponent(version)}&timeout=55000`;
  } else {
    const name = `live-${Date.now().toString(36)}`;
    await addBenchUser(server, {
      name,
      password: 'a-long-bench-password',
      role: 'reporter',
      org: write.orgId,
    });
    const session = await fetch(`${server.url}/db/_session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: 'a-long-bench-password' }),
    });
    headers = { cookie: (session.headers.get('set-cookie') ?? '').split(';')[0] as string };
    const now = (await (
      await fetch(`${server.couchUrl}/${server.names.workspace}/_changes?since=now`, { headers })
    ).json()) as {
      last_seq: string;
    };
    url = `${server.couchUrl}/${server.names.workspace}/_changes?feed=longpoll&since=${encodeURIComponent(now.last_seq)}&timeout=55000`;
  }
  const answers = Array.from({ length: clients }, () => longPoll(url, headers));
  const waiting = () => (feed === 'dashboard' ? server.store.waiting : Number.NaN);
  const deadline = Date.now() + 30_000;
  while (feed === 'dashboard' && waiting() < clients && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  const rssWaiting = process.memoryUsage().rss;
  const openSockets = await server.openConnections();
  const doc = {
    _id: `report:live-${feed}-${Date.now().toString(36)}`,
    type: 'progressReport',
    ...write,
    createdBy: 'bench',
    createdAt: new Date().toISOString(),
    status: 'published',
    percent: 77,
    narrative: 'Published while everyone waits.',
    date: '2024-10-01',
    evidenceIds: [],
  };
  const started = performance.now();
  await server.couch.use(server.names.workspace).insert(doc as never);
  const settled = await Promise.allSettled(answers);
  const times = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value - started] : [])).sort((a, b) => a - b);
  return {
    clients,
    p50: Math.round(percentile(times, 0.5)),
    p99: Math.round(percentile(times, 0.99)),
    max: Math.round(times.at(-1) ?? 0),
    missed: clients - times.length,
    rssBeforeMiB: Math.round(rssBefore / 1048576),
    rssWaitingMiB: Math.round(rssWaiting / 1048576),
    openSockets,
  };
}
