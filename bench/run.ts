/**
 * `npm run bench`: figures measured in one run on the embedded server (or the Apache CouchDB at
 * COUCHDB_URL), each beside a baseline measured in the same run, so the ratios mean something on
 * any machine.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../scripts/chromium.js';
import { backup, restore } from '../sync-server/src/admin/backup.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { bootstrap } from '../sync-server/src/bootstrap/bootstrap.js';
import { configFromEnv, dbNames } from '../sync-server/src/config.js';
import { allDocuments, useDb } from '../sync-server/src/couch/client.js';
import { demoRecords, readDemoSource } from '../sync-server/src/demo/demo-data.js';
import { RENDERER_DIST } from '../sync-server/src/paths.js';
import { Publisher } from '../sync-server/src/publisher/publisher.js';
import { startServer } from '../sync-server/src/server.js';
import { benchPrefix, couchUrl, removeBenchData } from './bench-store.js';
import { measureBrowserSync } from './browser-sync.js';
import { gatewayWritesRow, measureGatewayWrites } from './gateway-writes.js';
import { LARGE, largePlan } from './large-plan.js';
import { measureLiveClients } from './live-clients.js';
import { type LoadResult, loadFromProcess } from './load-process.js';
import { measureQuestionFlood, questionFloodRow } from './question-flood.js';
import { measureServerMemory } from './server-memory.js';
import { measureSync } from './sync.js';

const rows: string[][] = [];
/** One row of the table: the figure, its baseline from this run, and against the goal `within` or `OVER`. */
function record(what: string, figure: string, baseline: string, ratio: string, goal?: { text: string; met: boolean }) {
  const verdict = goal ? `${goal.met ? 'within' : 'OVER'} (goal ${goal.text})` : '—';
  rows.push([what, figure, baseline, ratio, verdict]);
  console.log(`${what}: ${figure}   (baseline ${baseline}; ${ratio}; ${verdict})`);
}
const atLeast = (ratio: number, goal: number) => ({ text: `≥ ${goal}×`, met: ratio >= goal });
/** Bytes a response takes on the wire with this Accept-Encoding (fetch would decompress them). */
function bytesOnWire(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en')} docs/s`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-bench-'));
const server = await startServer({
  ...configFromEnv({ TABLERO_DATA_DIR: dataDir, TABLERO_PORT: '0', ...(couchUrl ? { COUCHDB_URL: couchUrl } : {}) }),
  demo: false,
  quiet: true,
  dbPrefix: benchPrefix,
});

try {
  const records = largePlan('bench');
  const total = records.length;
  console.log(
    `Large plan: ${LARGE.commitments} commitments, ${LARGE.commitments * LARGE.keyActionsPerCommitment} key actions, ${LARGE.commitments * LARGE.keyActionsPerCommitment * LARGE.reportsPerKeyAction} reports (${total} documents)`,
  );

  // Baseline: the same documents straight into _bulk_docs, in chunks of 1,000, no checks.
  const rawDb = useDb(server.couch, `${benchPrefix}raw`);
  await server.couch.db.create(`${benchPrefix}raw`);
  let t = performance.now();
  const docs = records.map((r) => r.doc);
  for (let i = 0; i < docs.length; i += 1000) await rawDb.bulk({ docs: docs.slice(i, i + 1000) });
  const rawMs = performance.now() - t;

  // Tablero's import: schema and reference checks, diff against what is stored, then _bulk_docs.
  await server.publisher.stop();
  t = performance.now();
  await importRecords(server.couch, server.names, 'large plan', records);
  const importMs = performance.now() - t;
  record(
    'plan import (validated, all or nothing)',
    rate(total, importMs),
    `raw _bulk_docs ${rate(total, rawMs)}`,
    `${(rawMs / importMs).toFixed(2)}× raw speed`,
    atLeast(rawMs / importMs, 0.8),
  );

  t = performance.now();
  const again = await importRecords(server.couch, server.names, 'large plan', records);
  const reimportMs = performance.now() - t;
  record(
    're-import of the same file (no writes)',
    rate(again.unchanged, reimportMs),
    `first import ${rate(total, importMs)}`,
    `${(importMs / reimportMs).toFixed(2)}× its speed (it reads every stored record to compare)`,
  );

  // The least any publication can cost: reading the workspace as the publisher does, plus writing as
  // many documents raw. The publisher reads everything and writes about as much, so the raw-write
  // ratio has a ceiling well under 1× on a store that reads slower than it writes.
  t = performance.now();
  const workspaceDocs = await allDocuments(useDb(server.couch, server.names.workspace));
  const readAllMs = performance.now() - t;

  // Publisher: a fresh publisher publishes the whole workspace (initial), then follows new reports.
  const publisher = new Publisher(server.couch, server.names, () => undefined);
  t = performance.now();
  await publisher.start();
  await publisher.settled();
  const publishMs = performance.now() - t;
  record(
    'publisher, initial publication of the workspace',
    rate(total, publishMs),
    `raw _bulk_docs ${rate(total, rawMs)}`,
    `${(rawMs / publishMs).toFixed(2)}× raw speed`,
    atLeast(rawMs / publishMs, 0.8),
  );
  record(
    'publisher, initial publication, against reading and writing at store speed',
    rate(total, publishMs),
    `read all ${rate(workspaceDocs.length, readAllMs)} + raw write ${rate(total, rawMs)}`,
    `${((readAllMs + rawMs) / publishMs).toFixed(2)}× that floor`,
  );

  const extra = records
    .filter((r) => r.doc.type === 'progressReport')
    .slice(0, 1000)
    .map((r) => ({ ...r.doc, _id: `${r.doc._id}-late`, date: '2024-09-01', percent: 99 }));
  t = performance.now();
  const ws = useDb(server.couch, server.names.workspace);
  await ws.bulk({ docs: extra });
  const writeMs = performance.now() - t;
  t = performance.now();
  await publisher.settled();
  const followMs = performance.now() - t + writeMs;
  // The floor of following them: reading the 1,000 documents back by id, writing 1,000 raw.
  t = performance.now();
  const late = await ws.fetch({ keys: extra.map((d) => d._id) });
  const readLateMs = performance.now() - t;
  t = performance.now();
  await rawDb.bulk({
    docs: late.rows.flatMap((row) =>
      'doc' in row && row.doc ? [{ ...row.doc, _id: `${row.doc._id}-floor`, _rev: undefined }] : [],
    ),
  });
  const writeLateMs = performance.now() - t;
  record(
    'publisher, 1,000 new reports written and published',
    rate(1000, followMs),
    `writing them ${rate(1000, writeMs)}`,
    `${(writeMs / followMs).toFixed(2)}× write speed`,
    atLeast(writeMs / followMs, 0.8),
  );
  record(
    'publisher, 1,000 new reports, against reading and writing them at store speed',
    rate(1000, followMs),
    `write ${rate(1000, writeMs)} + read ${rate(1000, readLateMs)} + raw write ${rate(1000, writeLateMs)}`,
    `${((writeMs + readLateMs + writeLateMs) / followMs).toFixed(2)}× that floor`,
  );
  await publisher.stop();
  server.publisher = publisher;

  // Backup of the whole site (workspace, public, files, accounts) and its restore onto new databases.
  const backupFile = path.join(dataDir, 'bench-backup.jsonl.gz');
  t = performance.now();
  const saved = await backup(server.couch, server.names, backupFile);
  const backupMs = performance.now() - t;
  const copy = dbNames(`${benchPrefix}copy_`);
  await bootstrap(server.couch, copy);
  t = performance.now();
  await restore(server.couch, copy, backupFile);
  const restoreMs = performance.now() - t;
  const documents = Object.values(saved).reduce((a, b) => a + b, 0);
  record(
    `backup, then restore onto empty databases (${documents.toLocaleString('en')} documents, ${(fs.statSync(backupFile).size / 1048576).toFixed(1)} MiB file)`,
    `backup ${(backupMs / 1000).toFixed(1)} s, restore ${(restoreMs / 1000).toFixed(1)} s`,
    `raw _bulk_docs of the plan ${rate(total, rawMs)}`,
    `restore ${rate(documents, restoreMs)}`,
  );

  // Desktop replication: a fresh client's initial sync, beside PouchDB; then 1,000 offline drafts pushed.
  const sync = await measureSync(server, 'plan:bench', 'org:bench-o1', {
    id: 'keyAction:bench-1-1',
    commitmentId: 'commitment:bench-1',
  });
  record(
    `desktop initial sync through the gateway, read rights applied (${sync.docs.toLocaleString('en')} documents readable; mean of 2 runs, alternated with the baseline's)`,
    `${(sync.rxdbMs / 1000).toFixed(1)} s`,
    `same replication from the store unfiltered, ${sync.unfilteredDocs.toLocaleString('en')} documents: ${(sync.unfilteredMs / 1000).toFixed(1)} s`,
    `${(sync.unfilteredMs / sync.rxdbMs).toFixed(2)}× its speed`,
    atLeast(sync.unfilteredMs / sync.rxdbMs, 0.8),
  );
  record(
    `desktop initial sync of ${sync.docs.toLocaleString('en')} documents, protocol only (memory storage in Node)`,
    `${(sync.rxdbMs / 1000).toFixed(1)} s, ${rate(sync.docs, sync.rxdbMs)}`,
    `PouchDB replication ${(sync.pouchMs / 1000).toFixed(1)} s, ${rate(sync.docs, sync.pouchMs)}`,
    `${(sync.pouchMs / sync.rxdbMs).toFixed(2)}× PouchDB's speed`,
  );

  // The same first sync as people run it: the built app in Chromium, IndexedDB on disk.
  const inBrowser = await measureBrowserSync(server, 'bench-o1', /Benchmark plan/);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  record(
    `reporter app's first sync in Chromium (RxDB on Dexie, IndexedDB on disk), ${inBrowser.docs.toLocaleString('en')} documents, from pressing "Iniciar sesión"`,
    `first screen ${seconds(inBrowser.firstScreenMs)}, fully synced ${seconds(inBrowser.appMs)}, ${(inBrowser.appBytes / 1048576).toFixed(0)} MiB stored`,
    `PouchDB replicating into IndexedDB in the same browser ${seconds(inBrowser.pouch.ms)}`,
    `${(inBrowser.pouch.ms / inBrowser.appMs).toFixed(2)}× PouchDB's speed`,
    atLeast(inBrowser.pouch.ms / inBrowser.appMs, 1.2),
  );
  const ratios = inBrowser.runs.map((run) => run.rawMs / run.appMs);
  record(
    `reporter app's first sync in Chromium, against reading the same changes and storing nothing (${ratios.length} runs, alternated)`,
    `fully synced ${inBrowser.runs.map((run) => seconds(run.appMs)).join(', ')}`,
    `raw paged _changes?include_docs read in the same browser ${inBrowser.runs.map((run) => seconds(run.rawMs)).join(', ')}`,
    `${ratios.map((ratio) => `${ratio.toFixed(2)}×`).join(', ')} its speed`,
    { text: '≥ 0.6× in each run', met: ratios.every((ratio) => ratio >= 0.6) },
  );
  record(
    'desktop push of 1,000 offline drafts after reconnecting',
    `${(sync.pushMs / 1000).toFixed(1)} s, ${rate(1000, sync.pushMs)}`,
    `1,000 reports straight into _bulk_docs ${rate(1000, writeMs)}`,
    `${(writeMs / sync.pushMs).toFixed(2)}× that speed`,
  );

  // Public API: the overview as the dashboard asks for it, on the wire, then under load.
  await server.publisher.settled();
  await server.store.settled();
  await server.store.until((index) => index.plans.length > 0, 60_000);
  const overview = `${server.url}/api/plans/plan%3Abench?keyActions=false`;
  const detail = `${server.url}/api/commitments/commitment%3Abench-1`;
  const json = await (await fetch(overview)).text();
  const wire = await bytesOnWire(overview, 'br');
  record(
    `API plan overview, ${LARGE.commitments} commitments, on the wire (brotli)`,
    `${(wire / 1024).toFixed(0)} KiB`,
    `the JSON itself ${(json.length / 1024).toFixed(0)} KiB`,
    `${((wire / json.length) * 100).toFixed(0)} % of it`,
    { text: '≤ 200 KiB', met: wire <= 200 * 1024 },
  );
  const etag = (await fetch(overview)).headers.get('etag') as string;
  const fmt = (r: LoadResult, revalidating = false) =>
    `${r.requestsPerSecond.toLocaleString('en')} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${revalidating ? r.errors : r.errors + r.non2xx} errors`;
  const mib = () => Math.round(process.memoryUsage().rss / 1048576);
  const underLoad = { text: 'p99 < 50 ms, no errors', met: (r: LoadResult) => r.p99 < 50 && r.errors + r.non2xx === 0 };
  for (const [name, url] of [
    ['overview', overview],
    ['commitment page', detail],
  ] as const) {
    const before = mib();
    const result = await loadFromProcess({
      urls: [url],
      connections: 50,
      durationSeconds: 20,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    record(
      `API ${name} under load: 50 connections from another process, 20 s, full responses`,
      fmt(result),
      `server memory ${before} MiB before, ${mib()} MiB after`,
      `${result.total.toLocaleString('en')} requests`,
      { text: underLoad.text, met: underLoad.met(result) },
    );
  }
  // The public asking at once: a flood of questions while the commitment page is under the same load.
  const flood = questionFloodRow(
    await measureQuestionFlood(server.url, 'commitment:bench-1'),
    underLoad.met,
    underLoad.text,
  );
  record(flood.what, flood.figure, flood.baseline, flood.ratio, flood.goal);
  const revalidate = await loadFromProcess({
    urls: [overview],
    connections: 50,
    durationSeconds: 10,
    headers: { 'if-none-match': etag },
  });
  record('API plan overview, If-None-Match revalidation (304), 50 connections', fmt(revalidate, true), '—', '—');
  // People opening the dashboard at once: its page, scripts and styles, then the data it asks for.
  const dashboardHtml = await (await fetch(`${server.url}/`)).text();
  const assets = [...dashboardHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => `${server.url}${m[1]}`);
  const crowd = await loadFromProcess({
    urls: [`${server.url}/`, ...assets, `${server.url}/api/plans`, overview, detail],
    connections: 200,
    durationSeconds: 20,
    headers: { 'accept-encoding': 'br, gzip' },
  });
  record(
    `dashboard opened by 200 connections at once from another process (its page, ${assets.length} scripts and styles, the plans, the overview and a commitment, in turn), 20 s`,
    fmt(crowd),
    '—',
    `${crowd.total.toLocaleString('en')} requests`,
    { text: 'p99 < 250 ms, no errors', met: crowd.p99 < 250 && crowd.errors + crowd.non2xx === 0 },
  );

  // Live clients: people with the dashboard or the app open while a report is published.
  const LIVE = 1000;
  const write = {
    planId: 'plan:bench',
    commitmentId: 'commitment:bench-1',
    keyActionId: 'keyAction:bench-1-1',
    orgId: 'org:bench-o1',
  };
  // A publisher running, as on a live site (the ones above were measured and stopped).
  const livePublisher = new Publisher(server.couch, server.names, () => undefined);
  await livePublisher.start();
  // One report at a time while the large plan is live: from its write to the commitment's public page.
  const latencies: number[] = [];
  for (let i = 0; i < 50; i++) {
    const c = 1 + ((i * 37) % LARGE.commitments);
    const id = `report:bench-latency-${i}`;
    const t0 = performance.now();
    await ws.insert({
      ...records.find((r) => r.doc._id === `report:bench-${c}-1-1`)?.doc,
      _id: id,
      date: '2024-10-01',
      percent: 50,
    } as never);
    for (;;) {
      const page = (await (await fetch(`${server.url}/api/commitments/commitment%3Abench-${c}`)).json()) as {
        reports: { id: string }[];
      };
      if (page.reports.some((r) => r.id === id)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const p50 = Math.round(latencies[24] as number);
  const p99 = Math.round(latencies[49] as number);
  record(
    `a report written, until it is on the commitment's /api/ page, while the ${total.toLocaleString('en')}-document plan is live (50 reports, one at a time)`,
    `p50 ${p50} ms, p99 ${p99} ms`,
    '—',
    '—',
    { text: 'p50 < 500 ms, p99 < 2000 ms', met: p50 < 500 && p99 < 2000 },
  );

  for (const feed of ['dashboard', 'app'] as const) {
    const live = await measureLiveClients(server, LIVE, feed, write);
    record(
      `${LIVE.toLocaleString('en')} ${feed === 'dashboard' ? 'dashboards long-polling /api/changes' : 'apps long-polling the sync gateway'}, one report published`,
      `every client told: p50 ${live.p50} ms, p99 ${live.p99} ms, ${live.missed} missed`,
      `server memory ${live.rssBeforeMiB} MiB idle, ${live.rssWaitingMiB} MiB holding ${live.openSockets} open sockets`,
      `${live.clients.toLocaleString('en')} clients`,
      { text: 'p99 < 2 s, none missed', met: live.p99 < 2000 && live.missed === 0 },
    );
  }
  await livePublisher.stop();

  // Dashboard: first render of the overview of the large plan, beside the 13-commitment demo plan.
  await importRecords(server.couch, server.names, 'demo', demoRecords(readDemoSource()));
  const demoPublisher = new Publisher(server.couch, server.names, () => undefined);
  await demoPublisher.start();
  server.publisher = demoPublisher;
  await server.publisher.settled();
  await server.store.settled();
  await server.store.until((index) => index.plans.length === 2, 60_000);
  const browser = await launchBrowser();
  const firstRender = async (planId: string, count: number) => {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}/?plan=${encodeURIComponent(planId)}`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=commitment-card]').length === n,
        count,
        { timeout: 30_000 },
      );
      times.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    return times.sort((a, b) => a - b)[2] as number;
  };
  const smallMs = await firstRender('plan:mx-4pa', 13);
  const largeMs = await firstRender('plan:bench', LARGE.commitments);
  await browser.close();
  await demoPublisher.stop();
  const RENDER_BUDGET_MS = 2000;
  record(
    `dashboard first render, ${LARGE.commitments} commitments (median of 5)`,
    `${Math.round(largeMs)} ms`,
    `13 commitments ${Math.round(smallMs)} ms`,
    `${(largeMs / smallMs).toFixed(1)}×`,
    { text: `≤ ${RENDER_BUDGET_MS} ms`, met: largeMs <= RENDER_BUDGET_MS },
  );

  // What a page loads, as the server sends it (compressed): the files its HTML names, and for the
  // reporter app also what it loads once someone signs in (the local database, lazily).
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const named = (page: string, ext: string) => {
    const html = fs.readFileSync(path.join(RENDERER_DIST, page, 'index.html'), 'utf8');
    return [...html.matchAll(/\/assets\/([^"]+)"/g)].map((m) => m[1] as string).filter((f) => f.endsWith(ext));
  };
  const onWire = async (files: string[]) => {
    let sum = 0;
    for (const f of files) sum += await bytesOnWire(`${server.url}/assets/${f}`, 'br, gzip');
    return sum;
  };
  const lazyWorkspace = fs.readdirSync(path.join(RENDERER_DIST, 'assets')).filter((f) => /^workspace-.*\.js$/.test(f));
  const budgets: [string, string[], string, number][] = [
    ['dashboard JavaScript shipped', named('dashboard', '.js'), 'dashboard', 100 * 1024],
    ['dashboard CSS shipped', named('dashboard', '.css'), 'dashboard', 10 * 1024],
    ['reporter app JavaScript shipped, first screen', named('app', '.js'), 'app', 150 * 1024],
  ];
  for (const [what, files, , budget] of budgets) {
    const size = await onWire(files);
    record(what, kib(size), `${files.length} files`, `${((size / budget) * 100).toFixed(0)} % of budget`, {
      text: `≤ ${kib(budget)}`,
      met: size <= budget,
    });
  }
  const signedIn = await onWire([...named('app', '.js'), ...lazyWorkspace]);
  record('reporter app JavaScript once signed in (with the local database)', kib(signedIn), '—', '—');

  // Last, so the drafts it writes change no other row.
  const writes = gatewayWritesRow(
    await measureGatewayWrites(server, 'org:bench-o1', {
      id: 'keyAction:bench-1-1',
      commitmentId: 'commitment:bench-1',
    }),
  );
  record(writes.what, writes.figure, writes.baseline, writes.ratio, writes.goal);

  // The server as it runs in production, in its own process, as the workspace accumulates a decade of plans.
  const memory = await measureServerMemory([25_000, 100_000, 250_000]);
  const first = memory[0] as (typeof memory)[number];
  for (const figure of memory) {
    const ratio = figure.rssMiB / first.rssMiB;
    record(
      `server's resident memory, in its own process, ${figure.documents.toLocaleString('en')} workspace documents (${figure.plans} plans, one open)${couchUrl ? '' : ', the embedded store in the same process'}`,
      `${figure.rssMiB} MiB (peak ${figure.peakMiB} MiB)`,
      `${first.documents.toLocaleString('en')} documents: ${first.rssMiB} MiB`,
      `${ratio.toFixed(2)}× that`,
      figure.documents >= 250_000
        ? { text: '≤ 512 MiB and ≤ 1.5×', met: figure.rssMiB <= 512 && ratio <= 1.5 }
        : undefined,
    );
  }

  const readme = [
    '| measure | figure | baseline | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log(
    `\nMarkdown for the README:\n\n${readme}\n\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, store: ${couchUrl ? 'COUCHDB_URL' : 'embedded'}`,
  );
} finally {
  await removeBenchData(server);
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
