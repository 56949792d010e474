/**
 * Writes through Tablero against writes straight into the store: the gateway's `_bulk_docs` as a
 * reporter (every document checked with the person's rights, then written with the gateway's
 * account) beside the server admin's raw `_bulk_docs` of as many documents into a database of
 * its own on the same store (so the gateway's directory does not read the baseline's writes back
 * as well as its own). Both sides alternate, a request of 1,000 documents at a time, so neither
 * always runs on a store the other has just warmed; a first request through the gateway, not
 * timed, lets its directory catch up with the plan just imported.
 *
 * Run alone with `npx tsx bench/gateway-writes.ts` (and COUCHDB_URL for Apache CouchDB); `npm run
 * bench` measures it last, so the drafts it writes change no other row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { configFromEnv } from '../sync-server/src/config.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { type RunningServer, startServer } from '../sync-server/src/server.js';
import { addBenchUser, benchPrefix, couchUrl, removeBenchData } from './bench-store.js';
import { largePlan } from './large-plan.js';

export interface GatewayWriteFigures {
  docs: number;
  gatewayMs: number;
  rawMs: number;
}

const BATCH = 1000;
const ROUNDS = 4;
const WRITER = 'bench-writer';

/** A draft report of the writer's organisation that passes every rule. */
function draft(slug: string, orgId: string, keyAction: { id: string; commitmentId: string }, i: number) {
  return {
    _id: `report:bench-${slug}-${i}`,
    type: 'progressReport',
    planId: 'plan:bench',
    commitmentId: keyAction.commitmentId,
    keyActionId: keyAction.id,
    orgId,
    createdBy: WRITER,
    createdAt: new Date().toISOString(),
    status: 'draft',
    percent: i % 100,
    narrative: `Draft ${i}, written to measure writes.`,
    date: '2024-10-01',
    evidenceIds: [],
  };
}

/** Signs the writer in through the gateway, as the reporter app does; the session cookie. */
async function signIn(server: RunningServer, password: string): Promise<string> {
  const reply = await fetch(`${server.couchUrl}/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: WRITER, password }),
  });
  const cookie = reply.headers.get('set-cookie')?.split(';')[0];
  if (!reply.ok || !cookie) throw new Error(`bench sign-in: HTTP ${reply.status} ${await reply.text()}`);
  return cookie;
}

export async function measureGatewayWrites(
  server: RunningServer,
  orgId: string,
  keyAction: { id: string; commitmentId: string },
): Promise<GatewayWriteFigures> {
  const password = 'bench-writer-password';
  await addBenchUser(server, { name: WRITER, password, role: 'reporter', org: orgId.replace(/^org:/, '') });
  const cookie = await signIn(server, password);
  const rawName = `${benchPrefix}rawwrites`;
  await server.couch.db.create(rawName);
  const raw = useDb(server.couch, rawName);
  await fetch(`${server.couchUrl}/${server.names.workspace}`, { headers: { cookie } });
  const batch = (slug: string, round: number) =>
    Array.from({ length: BATCH }, (_, i) => draft(slug, orgId, keyAction, round * BATCH + i));
  let gatewayMs = 0;
  let rawMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    const reply = await fetch(`${server.couchUrl}/${server.names.workspace}/_bulk_docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ docs: batch('gateway', round) }),
    });
    const results = (await reply.json()) as { error?: string; reason?: string }[];
    gatewayMs += performance.now() - t;
    const refused = results.find((r) => r.error);
    if (!reply.ok || refused) throw new Error(`bench gateway write: HTTP ${reply.status} ${JSON.stringify(refused)}`);
    t = performance.now();
    await raw.bulk({ docs: batch('raw', round) });
    rawMs += performance.now() - t;
  }
  return { docs: BATCH * ROUNDS, gatewayMs, rawMs };
}

/** The row for the README's table. */
export function gatewayWritesRow(f: GatewayWriteFigures) {
  const rate = (ms: number) => `${Math.round(f.docs / (ms / 1000)).toLocaleString('en')} docs/s`;
  const ratio = f.rawMs / f.gatewayMs;
  return {
    what: `writes through Tablero: a reporter's drafts in the gateway's _bulk_docs, rules applied (${f.docs.toLocaleString('en')} documents, ${BATCH.toLocaleString('en')} a request)`,
    figure: rate(f.gatewayMs),
    baseline: `raw _bulk_docs on the same store ${rate(f.rawMs)}`,
    ratio: `${ratio.toFixed(2)}× raw speed`,
    goal: { text: '≥ 0.8×', met: ratio >= 0.8 },
  };
}

/** Alone: a server on the store, the large plan, then this row only. */
async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-bench-writes-'));
  const server = await startServer({
    ...configFromEnv({ TABLERO_DATA_DIR: dataDir, TABLERO_PORT: '0', ...(couchUrl ? { COUCHDB_URL: couchUrl } : {}) }),
    demo: false,
    quiet: true,
    dbPrefix: benchPrefix,
  });
  try {
    await server.publisher.stop();
    await importRecords(server.couch, server.names, 'large plan', largePlan('bench'));
    const row = gatewayWritesRow(
      await measureGatewayWrites(server, 'org:bench-o1', {
        id: 'keyAction:bench-1-1',
        commitmentId: 'commitment:bench-1',
      }),
    );
    console.log(
      `| ${row.what} | ${row.figure} | ${row.baseline} | ${row.ratio} | ${row.goal.met ? 'within' : 'OVER'} (goal ${row.goal.text}) |`,
    );
    console.log(`store: ${couchUrl ? 'COUCHDB_URL' : 'embedded'}`);
  } finally {
    await removeBenchData(server);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
  // The server's store clients keep sockets alive; the run is over.
  process.exit(0);
}
