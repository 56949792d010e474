import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DbNames } from '../config.js';
import { type Couch, documentPages, getOrNull, useDb } from '../couch/client.js';
import { SITE_SETTINGS_ID } from '../site/settings.js';
import { AdminInputError } from './users.js';

/*
 * One file with everything a site is: the workspace, the public database, the evidence files with
 * their content, the accounts (password hashes, never passwords) and the site's settings. Gzipped
 * JSON lines, one document a line, with revisions, so a restore gives back the same documents.
 * The session key is left out: after a restore, devices sign in once more. The personal database
 * (followers' and accounts' e-mail addresses, the mail queue) is left out too: a backup file is
 * copied to other machines and kept for years, and personal data must not go with it. After a
 * restore, accounts get their addresses again (`user email`) and followers follow again.
 */
const FORMAT = 'tablero-backup';
const VERSION = 1;
const PAGE = 500;

type Part = 'workspace' | 'public' | 'files' | 'accounts' | 'settings';
interface Line {
  part: Part;
  doc: Record<string, unknown> & { _id: string };
}

async function* documents(couch: Couch, db: string, keep: (id: string) => boolean): AsyncGenerator<Line['doc']> {
  for await (const page of documentPages(useDb(couch, db), { attachments: true, pageSize: PAGE }))
    for (const { id, doc } of page) if (keep(id)) yield doc;
}

export async function backup(couch: Couch, names: DbNames, out: string): Promise<Record<Part, number>> {
  const counts: Record<Part, number> = { workspace: 0, public: 0, files: 0, accounts: 0, settings: 0 };
  const notDesign = (id: string) => !id.startsWith('_design/');
  async function* lines() {
    yield `${JSON.stringify({ format: FORMAT, version: VERSION, createdAt: new Date().toISOString() })}\n`;
    // The public database first, the workspace last: a server running during the restore then
    // publishes from the restored workspace over the restored public pages, never the reverse.
    const parts: [Part, string, (id: string) => boolean][] = [
      ['public', names.public, notDesign],
      ['files', names.files, notDesign],
      ['accounts', '_users', (id) => id.startsWith('org.couchdb.user:')],
      ['workspace', names.workspace, notDesign],
    ];
    for (const [part, db, keep] of parts)
      for await (const doc of documents(couch, db, keep)) {
        counts[part]++;
        yield `${JSON.stringify({ part, doc })}\n`;
      }
    const settings = await getOrNull(useDb(couch, names.workspace), SITE_SETTINGS_ID);
    if (settings) {
      counts.settings++;
      yield `${JSON.stringify({ part: 'settings', doc: settings })}\n`;
    }
  }
  await pipeline(lines, createGzip(), fs.createWriteStream(out));
  return counts;
}

/** The backup's lines after its header, parsed, with their numbers; a damaged or foreign file is refused. */
async function* backupLines(file: string): AsyncGenerator<{ line: Line; lineNumber: number }> {
  const input = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let header: { format?: unknown; version?: unknown } | null = null;
  let lineNumber = 0;
  for await (const text of input) {
    lineNumber++;
    if (!text) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AdminInputError(
        `${file}, line ${lineNumber}: not a backup line (the file is damaged or not a Tablero backup).`,
      );
    }
    if (!header) {
      header = (parsed ?? {}) as { format?: unknown; version?: unknown };
      if (header.format !== FORMAT || header.version !== VERSION)
        throw new AdminInputError(`${file}: not a Tablero backup of version ${VERSION}.`);
      continue;
    }
    yield { line: parsed as Line, lineNumber };
  }
  if (!header) throw new AdminInputError(`${file}: empty; not a Tablero backup.`);
}

/**
 * Restores a backup onto a server whose workspace is empty (bootstrapped, with no plan yet):
 * the same documents at the same revisions, so the public pages and the logins are as they were.
 */
export async function restore(couch: Couch, names: DbNames, file: string): Promise<Record<Part, number>> {
  if (!fs.existsSync(file)) throw new AdminInputError(`${file}: no such file.`);
  const workspace = useDb(couch, names.workspace);
  const existing = (await workspace.list({ limit: 5 })).rows.filter((r) => !r.id.startsWith('_design/'));
  if (existing.length)
    throw new AdminInputError(
      `restore: the workspace is not empty (it has ${existing[0]?.id}…); restore onto a new server, or another TABLERO_DB_PREFIX.`,
    );
  const counts: Record<Part, number> = { workspace: 0, public: 0, files: 0, accounts: 0, settings: 0 };
  const dbOf: Record<Exclude<Part, 'settings'>, string> = {
    workspace: names.workspace,
    public: names.public,
    files: names.files,
    accounts: '_users',
  };
  const batches = new Map<string, Line['doc'][]>();
  const flush = async (db: string) => {
    const docs = batches.get(db) ?? [];
    if (!docs.length) return;
    batches.set(db, []);
    // new_edits=false: the documents keep their revisions, as replication would give them.
    const results = await useDb(couch, db).bulk({ docs, new_edits: false } as never);
    const failed = (results as { error?: string; id: string; reason?: string }[]).filter((r) => r.error);
    if (failed.length) throw new Error(`restore: ${db} refused ${failed[0]?.id}: ${failed[0]?.reason}`);
  };
  let previous: string | undefined;
  for await (const { line, lineNumber } of backupLines(file)) {
    const { part, doc } = line;
    if (part === 'settings') {
      const { _rev, ...settings } = doc;
      await workspace.insert(settings as never);
    } else if (part in dbOf) {
      const db = dbOf[part];
      // Each database is complete before the next begins, in the file's order.
      if (previous && previous !== db) await flush(previous);
      previous = db;
      const list = batches.get(db) ?? [];
      list.push(doc);
      batches.set(db, list);
      if (list.length >= PAGE) await flush(db);
    } else throw new AdminInputError(`${file}, line ${lineNumber}: unknown part "${String(part)}".`);
    counts[part]++;
  }
  for (const db of batches.keys()) await flush(db);
  return counts;
}
