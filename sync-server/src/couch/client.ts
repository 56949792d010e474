import nano, { type DocumentScope, type ServerScope } from 'nano';
import { sameContent } from '../../../shared/src/stable-json.js';
import { writeTold } from './known-writes.js';

export { sameContent };

export type Couch = ServerScope;
/** Documents are validated by Tablero's own schemas, so nano's per-database generic is not used. */
export type Db = DocumentScope<Record<string, unknown>>;

/**
 * A database through nano, with one guard: nano sends an id unencoded when `_design` or `_local`
 * occurs anywhere in it (its test is `/^_design|_local/`), so such an id is taken only in its
 * plain form (`_design/tablero`, `_local/tablero-lease`) and anything else is refused before a
 * request is made. Clients' requests never come here: the gateway has its own store client.
 * Its writes are told to this process's followers of the database (known-writes.ts), as the
 * gateway's are, so that their barriers wait for them on a cluster too.
 */
export function useDb(couch: Couch, name: string): Db {
  const db = couch.use<Record<string, unknown>>(name);
  const guarded = <F extends (id: string, ...rest: never[]) => unknown>(call: F): F =>
    ((id: string, ...rest: never[]) => {
      assertNanoSafeId(id);
      return call.call(db, id, ...rest);
    }) as F;
  db.get = guarded(db.get);
  db.head = guarded(db.head);
  db.destroy = guarded(told(name, db.destroy.bind(db)));
  db.insert = told(name, db.insert.bind(db));
  db.bulk = told(name, db.bulk.bind(db));
  return db;
}

/** `write`, telling the followers of `db` what it wrote once the store answers (nano's overloads kept). */
function told<F extends (...args: never[]) => Promise<unknown>>(db: string, write: F): F {
  return ((...args: never[]) =>
    writeTold(
      db,
      () => write(...args),
      (answer) => (Array.isArray(answer) ? answer : [answer]) as { id?: string; rev?: string }[],
    )) as F;
}

const SPECIAL = /_design|_local/;
const PLAIN_SPECIAL = /^_(?:design|local)\/[A-Za-z0-9._=-]+$/;

export function assertNanoSafeId(id: string): void {
  if (typeof id === 'string' && SPECIAL.test(id) && !PLAIN_SPECIAL.test(id))
    throw new Error(`${JSON.stringify(id.slice(0, 80))}: not an id this server reads or writes through nano.`);
}

/** A nano client; `parseUrl: false` keeps a path prefix such as `/db` in the URL. */
export function connect(url: string): Couch {
  // nano's typings lack `parseUrl`, which its code reads.
  return nano({ url: url.replace(/\/+$/, ''), parseUrl: false } as nano.Configuration);
}

/** A server admin's name and password, as they go into a store's address. */
export interface AdminCredentials {
  name: string;
  password: string;
}

/** The URL with these credentials in it, for nano. */
export function withCredentials(url: string, admin: AdminCredentials): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(admin.name);
  parsed.password = encodeURIComponent(admin.password);
  return parsed.toString().replace(/\/+$/, '');
}

/** The credentials a URL carries. */
export function credentialsOf(url: string): AdminCredentials {
  const parsed = new URL(url);
  return { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
}

/** The URL without its credentials, for logs and for clients that bring their own. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/+$/, '');
}

export function isStatus(error: unknown, status: number): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === status;
}

export async function getOrNull<T>(db: Db, id: string): Promise<(T & { _id: string; _rev: string }) | null> {
  try {
    return (await db.get(id)) as T & { _id: string; _rev: string };
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

/** A document as the store holds it: its fields, with the id and the revision the store gave it. */
export type Stored<T> = T & { _id: string; _rev: string };

/** A row of `_all_docs` or of a view read with the documents: `doc` is absent for a deleted or missing one. */
export interface DocRow<T, K = string> {
  id: string;
  key: K;
  value: { rev: string };
  doc?: Stored<T>;
}

/*
 * nano types a database's rows by the database's generic, which Tablero leaves loose (`Db`: the
 * documents are checked by Tablero's own schemas), so its rows are typed as the caller's documents
 * here, and only here: the callers get `Stored<T>` and cast nothing.
 */

/** `_all_docs` rows (by range, or of `keys`), with the documents unless `include_docs: false`. */
export async function listDocs<T>(db: Db, params: nano.DocumentListParams = {}): Promise<DocRow<T>[]> {
  const { rows } = await db.list({ include_docs: true, ...params });
  return rows as unknown as DocRow<T>[];
}

/** A view's rows with their documents. */
export async function viewDocs<T, K = unknown>(
  db: Db,
  ddoc: string,
  view: string,
  params: nano.DocumentViewParams = {},
): Promise<DocRow<T, K>[]> {
  const { rows } = await db.view(ddoc, view, { ...params, include_docs: true });
  return rows as unknown as DocRow<T, K>[];
}

/** A view's row: its key, the value its map emitted and, when read with them, its document. */
export interface ViewRow<T, K = unknown, V = unknown> {
  id: string;
  key: K;
  value: V;
  doc?: Stored<T>;
}

/** A view's rows as asked (with the documents only when `include_docs` is), and how many rows the view holds. */
export async function viewRows<T, K = unknown, V = unknown>(
  db: Db,
  ddoc: string,
  view: string,
  params: nano.DocumentViewParams = {},
): Promise<{ rows: ViewRow<T, K, V>[]; total: number }> {
  const { rows, total_rows } = await db.view(ddoc, view, params);
  return { rows: rows as unknown as ViewRow<T, K, V>[], total: total_rows };
}

/** A document by id, with nano's read parameters (`conflicts`, …); the store's 404 is thrown when there is none. */
export async function getDoc<T>(db: Db, id: string, params: nano.DocumentGetParams = {}): Promise<Stored<T>> {
  return (await db.get(id, params)) as unknown as Stored<T>;
}

/** A row of `_all_docs` read by keys: a missing id has no `value`, a deleted one `value.deleted` and no document. */
export interface KeyRow<T> {
  key: string;
  value?: { rev: string; deleted?: boolean };
  doc?: Stored<T> | null;
}

/** The `_all_docs` rows of `keys` with their documents (one POST), missing and deleted ids kept, for a caller that reads their revisions. */
export async function rowsByKeys<T>(db: Db, keys: string[]): Promise<KeyRow<T>[]> {
  const { rows } = await db.fetch({ keys });
  return rows as unknown as KeyRow<T>[];
}

/** The stored documents among `keys`, by id (`_all_docs` by keys): missing and deleted ones left out. */
export async function docsByKeys<T>(db: Db, keys: Iterable<string>): Promise<Map<string, Stored<T>>> {
  const found = new Map<string, Stored<T>>();
  const wanted = [...keys];
  for (let i = 0; i < wanted.length; i += 1000)
    for (const row of await rowsByKeys<T>(db, wanted.slice(i, i + 1000))) if (row.doc) found.set(row.key, row.doc);
  return found;
}

/** The one converter from the stored shape to the local one: a document's own fields, without `_id` and `_rev`. */
export function storeFieldsOff<T extends object>(doc: T): Omit<T, '_id' | '_rev'> {
  const { _id, _rev, ...fields } = doc as T & { _id?: unknown; _rev?: unknown };
  return fields;
}

/** `_all_docs` rows from `startkey` to `endkey` (or the whole database), a page at a time. */
async function* rowPages<T = Record<string, unknown>>(
  db: Db,
  params: { startkey?: string; endkey?: string; include_docs?: boolean; attachments?: boolean },
  size: number,
): AsyncGenerator<DocRow<T>[]> {
  let startkey = params.startkey;
  for (;;) {
    const rows = await listDocs<T>(db, {
      include_docs: false,
      ...params,
      limit: size + 1,
      ...(startkey ? { startkey } : {}),
    });
    yield rows.slice(0, size);
    if (rows.length <= size) return;
    startkey = rows[size]?.id;
  }
}

/**
 * Every document of a database, a page at a time, so a large database is never held whole in
 * memory. Design documents and the like come too: callers keep what they want.
 */
export async function* documentPages<T = Record<string, unknown>>(
  db: Db,
  options: { attachments?: boolean; pageSize?: number; startkey?: string; endkey?: string } = {},
): AsyncGenerator<{ id: string; doc: Stored<T> }[]> {
  const { pageSize, attachments, ...range } = options;
  const params = { include_docs: true, ...range, ...(attachments ? { attachments: true } : {}) };
  for await (const rows of rowPages<T>(db, params, pageSize ?? 1000))
    yield rows.flatMap((row) => (row.doc ? [{ id: row.id, doc: row.doc }] : []));
}

/**
 * The stored documents among `ids`. Ids of one type are read as a range of `_all_docs`: with the
 * documents where many are wanted (a range read is sequential, a lookup by key costs the store one
 * search each), without them where few are, then only those that exist are read by key.
 */
export async function storedDocuments<T>(db: Db, ids: Iterable<string>): Promise<Map<string, Stored<T>>> {
  const wanted = new Set(ids);
  const spans = new Map<string, { first: string; last: string; count: number }>();
  for (const id of wanted) {
    const prefix = id.slice(0, id.indexOf(':') + 1);
    const span = spans.get(prefix);
    if (!span) spans.set(prefix, { first: id, last: id, count: 1 });
    else {
      span.count++;
      if (id < span.first) span.first = id;
      else if (id > span.last) span.last = id;
    }
  }
  const found = new Map<string, Stored<T>>();
  const sparse: string[] = [];
  for (const { first, last, count } of spans.values()) {
    const dense = count >= DENSE_SPAN;
    for await (const rows of rowPages<T>(
      db,
      { startkey: first, endkey: last, ...(dense ? { include_docs: true } : {}) },
      2000,
    ))
      for (const row of rows) {
        if (!wanted.has(row.id)) continue;
        if (dense && row.doc) found.set(row.id, row.doc);
        else if (!dense) sparse.push(row.id);
      }
  }
  for (const [id, doc] of await docsByKeys<T>(db, sparse)) found.set(id, doc);
  return found;
}

/** Wanted ids of one type from which reading their whole range with documents beats lookups by key. */
const DENSE_SPAN = 200;

/**
 * Writes `docs` with `_bulk_docs` in chunks, a few chunks at once so the store's disk threads
 * work while the next one is sent. Yields each group of chunks' documents with their results (in
 * the same order), so a caller can stop at the first group the store refused.
 */
export async function* bulkWrites<D extends object>(
  db: Db,
  docs: readonly D[],
  { chunk = 1000, inFlight = 4 } = {},
): AsyncGenerator<{ docs: D[]; results: nano.DocumentBulkResponse[] }> {
  for (let i = 0; i < docs.length; i += chunk * inFlight) {
    const group = docs.slice(i, i + chunk * inFlight);
    const chunks: D[][] = [];
    for (let j = 0; j < group.length; j += chunk) chunks.push(group.slice(j, j + chunk));
    const results = await Promise.all(chunks.map((part) => db.bulk({ docs: part as never[] })));
    yield { docs: group, results: results.flat() };
  }
}

/**
 * Every document of a database (design documents left out), read as `ranges` id ranges at once.
 * The embedded store reads a document per lookup, one after the other, so a single read of a
 * large database waits mostly on its disk threads; several ranges keep them busy (2.3× faster
 * for the 25,551-document plan). The ids are listed first (no documents), to cut equal ranges.
 */
export async function allDocuments<T>(db: Db, ranges = 8): Promise<Stored<T>[]> {
  const ids = (await db.list()).rows.map((row) => row.id).filter((id) => !id.startsWith('_design/'));
  // No more ranges than ids, each split by that count: with fewer ids than ranges, a split by
  // `ranges` gave empty ranges whose missing end key Apache CouchDB refused as invalid JSON.
  const count = Math.min(ranges, ids.length);
  const parts = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const first = ids[Math.floor((i * ids.length) / count)] as string;
      const last = ids[Math.floor(((i + 1) * ids.length) / count) - 1] as string;
      const rows = await listDocs<T>(db, { startkey: first, endkey: last });
      return rows.flatMap((row) => (row.doc && !row.id.startsWith('_design/') ? [row.doc] : []));
    }),
  );
  return parts.flat();
}

/** Documents whose id starts with `prefix`, using the ids' type prefixes as a free index. */
export async function docsWithPrefix<T>(db: Db, prefix: string): Promise<Stored<T>[]> {
  const rows = await listDocs<T>(db, { startkey: prefix, endkey: `${prefix}\ufff0` });
  return rows.flatMap((row) => (row.doc ? [row.doc] : []));
}

/** Writes `doc` unless the stored one already has the same content; true when it wrote. */
export async function putIfChanged<T extends { _id: string }>(db: Db, doc: T): Promise<boolean> {
  // Another writer (the publisher and the CLI both maintain the rules) may get there first: re-read and compare.
  for (let attempt = 1; ; attempt++) {
    const existing = await getOrNull<T>(db, doc._id);
    if (existing && sameContent(existing, doc)) return false;
    try {
      await db.insert({ ...doc, ...(existing ? { _rev: existing._rev } : {}) });
      return true;
    } catch (error) {
      if (!isStatus(error, 409) || attempt === 5) throw error;
    }
  }
}

/** The number a sequence starts with (Apache CouchDB's are `123-g1AAA…`, the embedded store's plain numbers). */
export const seqNumber = (seq: unknown) => Number.parseInt(String(seq ?? 0).split('-')[0] ?? '0', 10) || 0;

export interface ChangesBatch<T> {
  results: { id: string; seq: string | number; deleted?: boolean; doc?: T }[];
  last_seq: string | number;
}

/**
 * One `_changes` request. Not through nano: nano's promise never settles when a long-poll is
 * aborted after its headers arrived, which left the publisher unable to stop.
 */
export async function fetchChanges<T>(
  couch: Couch,
  db: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<ChangesBatch<T>> {
  // nano keeps the credential-free URL and the Authorization header it derived in its config.
  const config = couch.config as unknown as { plainURL: string; headers?: Record<string, string> };
  const base = config.plainURL.replace(/\/+$/, '');
  const reply = await fetch(`${base}/${encodeURIComponent(db)}/_changes?${new URLSearchParams(params)}`, {
    headers: { accept: 'application/json', ...config.headers },
    ...(signal ? { signal } : {}),
  });
  if (!reply.ok) throw new Error(`_changes of ${db}: HTTP ${reply.status} ${await reply.text()}`);
  return (await reply.json()) as ChangesBatch<T>;
}
