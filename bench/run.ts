/**
 * `npm run bench`: figures measured in one run on the embedded server, each beside a baseline
 * measured in the same run, so the ratios mean something on any machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { configFromEnv } from '../sync-server/src/config.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { Publisher } from '../sync-server/src/publisher/publisher.js';
import { startServer } from '../sync-server/src/server.js';
import { LARGE, largePlan } from './large-plan.js';

const rows: string[][] = [];
function record(what: string, figure: string, baseline: string, ratio: string) {
  rows.push([what, figure, baseline, ratio]);
  console.log(`${what}: ${figure}   (baseline ${baseline}; ${ratio})`);
}
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en')} docs/s`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-bench-'));
const server = await startServer({
  ...configFromEnv({ TABLERO_DATA_DIR: dataDir, TABLERO_PORT: '0' }),
  demo: false,
  quiet: true,
  dbPrefix: 'bench_',
});

try {
  const records = largePlan('bench');
  const total = records.length;
  console.log(
    `Large plan: ${LARGE.commitments} commitments, ${LARGE.commitments * LARGE.keyActionsPerCommitment} key actions, ${LARGE.commitments * LARGE.keyActionsPerCommitment * LARGE.reportsPerKeyAction} reports (${total} documents)`,
  );

  // Baseline: the same documents straight into _bulk_docs, in chunks of 1,000, no checks.
  const rawDb = useDb(server.couch, 'bench_raw');
  await server.couch.db.create('bench_raw');
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
  );

  t = performance.now();
  const again = await importRecords(server.couch, server.names, 'large plan', records);
  const reimportMs = performance.now() - t;
  record(
    're-import of the same file (no writes)',
    rate(again.unchanged, reimportMs),
    `first import ${rate(total, importMs)}`,
    `${(importMs / reimportMs).toFixed(1)}× faster`,
  );

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
  record(
    'publisher, 1,000 new reports written and published',
    rate(1000, followMs),
    `writing them ${rate(1000, writeMs)}`,
    `${(writeMs / followMs).toFixed(2)}× write speed`,
  );
  await publisher.stop();
  server.publisher = publisher;

  // Public API: the plan overview, fresh responses against ETag revalidation (304).
  const changed = server.store.nextChange(30_000);
  await changed;
  for (let i = 0; i < 40 && !server.store.getIndex().plans.length; i++) await server.store.nextChange(500);
  const url = `${server.url}/api/plans/plan:bench`;
  const first = await fetch(url);
  const body = await first.text();
  const etag = first.headers.get('etag') as string;
  const load = (headers: Record<string, string>) =>
    autocannon({ url, connections: 10, duration: 8, headers }) as unknown as Promise<autocannon.Result>;
  const full = await load({});
  const revalidate = await load({ 'if-none-match': etag });
  const fmt = (r: autocannon.Result) =>
    `${Math.round(r.requests.average).toLocaleString('en')} req/s, p99 ${r.latency.p99} ms`;
  record(
    `API plan overview (${(body.length / 1024).toFixed(0)} KiB JSON), full responses`,
    fmt(full),
    '—',
    `${full.non2xx} errors`,
  );
  record(
    'API plan overview, If-None-Match revalidation (304)',
    fmt(revalidate),
    `full ${fmt(full)}`,
    `${(revalidate.requests.average / full.requests.average).toFixed(1)}× the request rate`,
  );

  const readme = [
    '| measure | figure | baseline | ratio |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  console.log(
    `\nMarkdown for the README:\n\n${readme}\n\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`,
  );
} finally {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
