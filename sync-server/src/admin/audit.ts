import { randomBytes } from 'node:crypto';
import type { DbNames } from '../config.js';
import { type Couch, listDocs, storeFieldsOff, useDb } from '../couch/client.js';

/** One administrative action: who did it, when, what, on what. Kept in the server database only. */
export interface AuditRecord {
  type: 'audit';
  at: string;
  who: string;
  /** Where it came from: the admin page or the command line. */
  via: 'web' | 'cli';
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

const PREFIX = 'audit:';

/**
 * Writes the record of an action. Ids sort by time, so the latest are read with one descending
 * range; the random tail keeps two actions in the same millisecond apart.
 */
export async function recordAudit(couch: Couch, names: DbNames, record: Omit<AuditRecord, 'type' | 'at'>) {
  const at = new Date().toISOString();
  await useDb(couch, names.server).insert({
    _id: `${PREFIX}${at}:${randomBytes(4).toString('hex')}`,
    type: 'audit',
    at,
    ...record,
  });
}

/** The latest records, newest first. */
export async function latestAudit(couch: Couch, names: DbNames, limit = 100): Promise<AuditRecord[]> {
  const rows = await listDocs<AuditRecord>(useDb(couch, names.server), {
    descending: true,
    startkey: `${PREFIX}\ufff0`,
    endkey: PREFIX,
    limit,
  });
  return rows.flatMap((row) => (row.doc ? [storeFieldsOff(row.doc)] : []));
}
