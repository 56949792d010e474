/**
 * The server's resident memory as the workspace accumulates plans: the built server started as its
 * own process (as it runs in production), on a store holding 25,000, 100,000 and 250,000 workspace
 * documents (plans of 25,551 documents each, one in course and the others closed: a country's decade
 * of plans and their reports), once
 * everything is published and the API has served each plan's pages. Measured in the server's process
 * (`/proc/<pid>/status`), not the bench's. `npx tsx bench/server-memory.ts` runs it alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAdminConnection } from '../sync-server/src/admin/connection.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { configFromEnv } from '../sync-server/src/config.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { gatewayAccountName } from '../sync-server/src/couch/gateway-account.js';
import { couchUrl } from './bench-store.js';
import { LARGE, largePlan } from './large-plan.js';
import { startServerProcess, stopServerProcess } from './server-process.js';

export interface MemoryFigure {
  documents: number;
  plans: number;
  /** Resident memory once everything is published and every plan's overview was read. */
  rssMiB: number;
  /** The highest resident memory seen while the store grew to this size. */
  peakMiB: number;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

async function publishedAll(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { publisher?: { lagSequences: number | null } };
    if (health.publisher?.lagSequences === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // The API's store follows the public database behind the publisher: its version (the ETag) stops
  // moving once it has read everything published.
  let etag: string | null = null;
  for (let still = 0; still < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = (await fetch(`${url}/api/plans`, { method: 'HEAD' })).headers.get('etag');
    still = now === etag ? still + 1 : 0;
    etag = now;
  }
}

/** Imports plans one after the other into the running server's store until it holds `target` documents. */
export async function measureServerMemory(targets: number[]): Promise<MemoryFigure[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-memory-'));
  const prefix = couchUrl ? `benchmem${process.pid}_` : '';
  const server = await startServerProcess(
    {
      TABLERO_DATA_DIR: dataDir,
      TABLERO_DEMO: '0',
      TABLERO_DB_PREFIX: prefix,
      ...(couchUrl ? { COUCHDB_URL: couchUrl } : {}),
    },
    { entry: 'built' },
  );
  const pid = server.child.pid as number;
  let peak = rssMiB(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 200);
  const admin = await openAdminConnection(
    configFromEnv({
      TABLERO_DATA_DIR: dataDir,
      TABLERO_DB_PREFIX: prefix,
      ...(couchUrl ? { COUCHDB_URL: couchUrl } : {}),
    }),
  );
  const figures: MemoryFigure[] = [];
  let documents = 0;
  let plans = 0;
  try {
    for (const target of targets) {
      while (documents < target) {
        plans++;
        // The first plan is the one in course; the others are the decade's earlier plans, closed.
        const records = largePlan(`m${plans}`).map((record) =>
          plans > 1 && record.doc.type === 'plan'
            ? { ...record, doc: { ...record.doc, closed: true, closedOn: '2026-12-31' } }
            : record,
        );
        await importRecords(admin.couch, admin.names, `plan ${plans}`, records);
        documents += records.length;
      }
      await publishedAll(server.url);
      for (let p = 1; p <= plans; p++) await (await fetch(`${server.url}/api/plans/plan%3Am${p}`)).arrayBuffer();
      // Let a collection run so the figure is what the process keeps, not what it has yet to free.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      figures.push({ documents, plans, rssMiB: rssMiB(pid), peakMiB: peak });
      console.log(
        `server memory: ${documents} documents in ${plans} plans: ${figures.at(-1)?.rssMiB} MiB (peak ${peak} MiB)`,
      );
    }
  } finally {
    clearInterval(sampler);
    await stopServerProcess(server.child);
    if (couchUrl) {
      for (const name of await admin.couch.db.list()) if (name.startsWith(prefix)) await admin.couch.db.destroy(name);
      // The gateway's account of the run's workspace: `_users` outlives the databases.
      const users = useDb(admin.couch, '_users');
      const account = await getOrNull(users, `org.couchdb.user:${gatewayAccountName(admin.names.workspace)}`);
      if (account) await users.destroy(account._id, account._rev);
    }
    await admin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

const PLAN_DOCS = LARGE.commitments * (1 + LARGE.keyActionsPerCommitment * (1 + LARGE.reportsPerKeyAction));

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureServerMemory([25_000, 100_000, 250_000]);
  console.log(JSON.stringify({ planDocs: PLAN_DOCS, figures }, null, 2));
  process.exit(0);
}
