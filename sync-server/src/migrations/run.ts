import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrateDoc } from '../../../shared/src/migrations.js';
import type { DbNames } from '../config.js';
import { type Couch, docsByKeys, documentPages, getOrNull, isStatus, useDb } from '../couch/client.js';

/** Which migrations ran on this workspace, when, and how many documents each changed. */
export const MIGRATIONS_ID = '_local/tablero-migrations';
const PAGE = 1000;

interface Applied {
  name: string;
  at: string;
  changed: number;
}

/**
 * Brings every stored workspace document to the current version of its shape, applying the
 * migrations not yet recorded, in order, once. Safe to run on every start and on several
 * servers at once: it writes only documents that change, and a document someone else changed
 * meanwhile is read again and migrated again.
 */
export async function runMigrations(
  couch: Couch,
  names: DbNames,
  log: (message: string, fields?: Record<string, unknown>) => void,
): Promise<Applied[]> {
  const db = useDb(couch, names.workspace);
  const record = await getOrNull<{ applied: Applied[] }>(db, MIGRATIONS_ID);
  const done = new Set((record?.applied ?? []).map((a) => a.name));
  const pending = MIGRATIONS.filter((m) => !done.has(m.name));
  if (!pending.length) return [];
  let changed = 0;
  for await (const page of documentPages(db, { pageSize: PAGE })) {
    const writes = page.flatMap(({ id, doc }) => {
      if (id.startsWith('_')) return [];
      const migrated = migrateDoc(doc);
      return migrated === doc ? [] : [migrated];
    });
    if (writes.length) changed += await writeMigrated(db, writes);
  }
  const at = new Date().toISOString();
  const applied = pending.map((m) => ({ name: m.name, at, changed }));
  try {
    await db.insert({
      _id: MIGRATIONS_ID,
      ...(record ? { _rev: record._rev } : {}),
      applied: [...(record?.applied ?? []), ...applied],
    } as never);
  } catch (error) {
    // Another server recorded the same migrations while this one ran them: they are done either way.
    if (!isStatus(error, 409)) throw error;
  }
  log(`migrated the workspace to version ${CURRENT_SCHEMA_VERSION}`, {
    migrations: pending.map((m) => m.name),
    changed,
  });
  return applied;
}

async function writeMigrated(db: ReturnType<typeof useDb>, docs: Record<string, unknown>[]): Promise<number> {
  const results = await db.bulk({ docs });
  const conflicts = results.filter((r) => r.error === 'conflict').map((r) => r.id);
  const failed = results.find((r) => r.error && r.error !== 'conflict');
  if (failed) throw new Error(`migrating ${failed.id}: ${failed.error} ${failed.reason ?? ''}`);
  let written = results.length - conflicts.length;
  if (conflicts.length) {
    const fresh = await docsByKeys<Record<string, unknown>>(db, conflicts);
    const again = [...fresh.values()].flatMap((doc) => {
      const migrated = migrateDoc(doc);
      return migrated === doc ? [] : [migrated];
    });
    if (again.length) written += await writeMigrated(db, again);
  }
  return written;
}
