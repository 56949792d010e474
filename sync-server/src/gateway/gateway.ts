import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { UserCtx } from '../../../shared/src/index.js';
import { migrateDoc } from '../../../shared/src/migrations.js';
import { correctionProblem } from '../../../shared/src/rules/cross-document.js';
import { type DocumentRefusal, type Refusal, writeRefusal } from '../../../shared/src/rules/permissions.js';
import {
  type ReadScope,
  readDecision,
  readScope,
  redactFor,
  restoreRedacted,
} from '../../../shared/src/rules/read-rights.js';
import { type Couch, isStatus, useDb } from '../couch/client.js';
import { sendJson } from '../http/encoded-body.js';
import type { Accounts, Person } from './accounts.js';
import { filteredChanges } from './changes.js';
import type { WorkspaceDirectory } from './directory.js';
import { asyncRoute, GatewayError } from './errors.js';

export interface GatewayOptions {
  couch: Couch;
  workspaceDb: string;
  accounts: Accounts;
  directory: WorkspaceDirectory;
  /** Documents the publisher would not publish, with why (cross-document rules). */
  publicationRefusals: () => ReadonlyMap<string, DocumentRefusal>;
  /** Told the code of each write refused, for the metrics. */
  onRefusal?: (code: string) => void;
}

export type StoredDoc = { _id: string; _rev: string; _deleted?: boolean; [field: string]: unknown };
type ClientDoc = { _id?: unknown; _rev?: unknown; _deleted?: unknown; [field: string]: unknown };

/** One row of a write's answer: CouchDB's fields, and for a refusal its code, field and Spanish reason. */
interface WriteResult {
  id: string;
  ok?: true;
  rev?: string;
  error?: string;
  reason?: string;
  code?: string;
  field?: string;
  reason_es?: string;
}

/** What a signed-in person's request carries through the gateway. */
export interface Caller {
  person: Person;
  scope: ReadScope;
}

const CLIENT_UNDERSCORE_FIELDS = new Set(['_id', '_rev', '_deleted']);

/**
 * Tablero's gateway at `/db/`: the only way clients reach the workspace. It serves what the reporter
 * app, replication and sign-in need and nothing else of the CouchDB API, reading and writing the
 * store with the server's own rights after applying the person's read matrix
 * (shared/src/rules/read-rights.ts) and write rules (shared/src/rules/validate-doc.ts). No
 * client-supplied code is evaluated, other databases are not reachable, and nothing is served as
 * anything but JSON.
 */
export function gateway(options: GatewayOptions): Router {
  const { couch, workspaceDb, accounts, directory, publicationRefusals } = options;
  const store = useDb(couch, workspaceDb);
  const router = express.Router();

  router.use((req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    if (!['GET', 'HEAD'].includes(req.method)) {
      // A state-changing request comes from the site's own pages (or a non-browser client), as JSON.
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && hostOf(origin) !== req.headers.host)
        return next(new GatewayError(403, 'forbidden', `Origin: requests from ${origin} are not accepted.`));
      if (hasBody(req) && !req.is('application/json'))
        return next(new GatewayError(415, 'bad_content_type', 'Content-Type: send JSON (application/json).'));
    }
    next();
  });
  router.use(express.json({ limit: '8mb', strict: true }));

  router.get('/', (_req, res) => {
    res.json({ couchdb: 'Welcome', vendor: { name: 'Tablero' } });
  });

  router.get(
    '/_session',
    asyncRoute(async (req, res) => {
      const person = await accounts.personOf(req);
      res.json({ ok: true, userCtx: person ?? { name: null, roles: [] } });
    }),
  );
  router.post(
    '/_session',
    asyncRoute(async (req, res) => {
      const body = req.body as { name?: unknown; password?: unknown };
      const name = typeof body.name === 'string' ? body.name : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const signedIn = await accounts.signIn(name, password, req.ip ?? '');
      if (signedIn && 'wait' in signedIn) {
        res.set('Retry-After', String(signedIn.wait));
        throw new GatewayError(
          429,
          'too_many_requests',
          `Too many failed sign-ins; try again in ${signedIn.wait} seconds.`,
        );
      }
      if (!signedIn) throw new GatewayError(401, 'unauthorized', 'Name or password is incorrect.');
      res.set('Set-Cookie', accounts.cookie(signedIn.token, req));
      res.json({ ok: true, name: signedIn.person.name, roles: signedIn.person.roles });
    }),
  );
  router.delete('/_session', (req, res) => {
    res.set('Set-Cookie', accounts.clearCookie(req));
    res.json({ ok: true });
  });

  const db = express.Router();
  router.use(`/${workspaceDb}`, db);

  // Everything under the database needs a signed-in person with a Tablero role.
  db.use(
    asyncRoute(async (req, res, next) => {
      const [person] = await Promise.all([accounts.personOf(req), directory.refresh()]);
      if (!person) throw new GatewayError(401, 'unauthorized', 'Sign in to reach the workspace.');
      res.locals.caller = { person, scope: readScope(person, directory.membership()) } satisfies Caller;
      next();
    }),
  );
  const callerOf = (res: Response) => res.locals.caller as Caller;

  db.get(
    '/',
    asyncRoute(async (_req, res) => {
      const info = await store.info();
      res.json({ db_name: workspaceDb, update_seq: info.update_seq, instance_start_time: '0' });
    }),
  );

  db.get(
    '/_changes',
    asyncRoute(async (req, res) => {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      try {
        sendJson(
          req,
          res,
          await filteredChanges(couch, workspaceDb, directory, callerOf(res).scope, req.query, abort.signal),
        );
      } catch (error) {
        // The client went away (or the server is stopping): nobody is waiting for an answer.
        if (abort.signal.aborted) return void res.end();
        throw error;
      }
    }),
  );

  /** Current versions of these ids as the store holds them (null where there is none). */
  async function current(ids: string[]): Promise<Map<string, { rev?: string; deleted?: boolean; doc?: StoredDoc }>> {
    if (ids.length === 0) return new Map();
    const result = await store.fetch({ keys: ids }, { include_docs: true });
    const found = new Map<string, { rev?: string; deleted?: boolean; doc?: StoredDoc }>();
    for (const row of result.rows as { key: string; value?: { rev: string; deleted?: boolean }; doc?: unknown }[]) {
      if (row.value)
        found.set(row.key, {
          rev: row.value.rev,
          ...(row.value.deleted ? { deleted: true } : {}),
          ...(row.doc ? { doc: row.doc as StoredDoc } : {}),
        });
    }
    return found;
  }

  const readable = (doc: StoredDoc | undefined, scope: ReadScope): doc is StoredDoc =>
    !!doc && readDecision(doc, scope) === 'read';

  async function allDocs(req: Request, res: Response) {
    const keys = req.method === 'POST' ? (req.body as { keys?: unknown }).keys : parseJsonParam(req, 'keys');
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string') || keys.length > 1000)
      throw new GatewayError(400, 'bad_request', 'keys: list the document ids to read (at most 1,000).');
    checkParams(req, ['keys', 'include_docs']);
    const includeDocs = req.query.include_docs === 'true';
    const { scope } = callerOf(res);
    const found = await current(keys as string[]);
    const rows = (keys as string[]).map((key) => {
      const row = found.get(key);
      if (!isClientId(key) || !row) return { key, error: 'not_found' };
      if (row.deleted)
        return { key, id: key, value: { rev: row.rev, deleted: true }, ...(includeDocs ? { doc: null } : {}) };
      if (!readable(row.doc, scope)) return { key, error: 'not_found' };
      return { key, id: key, value: { rev: row.rev }, ...(includeDocs ? { doc: redactFor(row.doc, scope) } : {}) };
    });
    sendJson(req, res, { total_rows: rows.length, offset: 0, rows });
  }
  db.get('/_all_docs', asyncRoute(allDocs));
  db.post('/_all_docs', asyncRoute(allDocs));

  db.post(
    '/_bulk_get',
    asyncRoute(async (req, res) => {
      // PouchDB asks with latest=true (and attachments=true, of which there are none): latest versions are all it gets.
      checkParams(req, ['revs', 'latest', 'attachments']);
      const latest = req.query.latest === 'true';
      const wanted = (req.body as { docs?: unknown }).docs;
      if (!Array.isArray(wanted) || wanted.length > 1000)
        throw new GatewayError(400, 'bad_request', 'docs: list the documents to read (at most 1,000).');
      const requests = wanted.map((w: { id?: unknown; rev?: unknown }) => ({
        id: typeof w?.id === 'string' ? w.id : '',
        rev: typeof w?.rev === 'string' ? w.rev : undefined,
      }));
      const { scope } = callerOf(res);
      const ids = [...new Set(requests.map((r) => r.id).filter(isClientId))];
      // The store's _bulk_get also gives the revision history when asked for; only latest versions are served.
      const stored = ids.length
        ? ((await couch.request({
            db: workspaceDb,
            path: '_bulk_get',
            method: 'POST',
            qs: req.query.revs === 'true' ? { revs: true } : {},
            body: { docs: ids.map((id) => ({ id })) },
          })) as { results: { id: string; docs: { ok?: StoredDoc }[] }[] })
        : { results: [] };
      const byId = new Map(stored.results.map((r) => [r.id, r.docs[0]?.ok]));
      const results = requests.map(({ id, rev }) => {
        const doc = byId.get(id);
        if (!doc || (!doc._deleted && !readable(doc, scope)) || (rev && rev !== doc._rev && !latest))
          return { id, docs: [{ error: { id, rev: rev ?? 'undefined', error: 'not_found', reason: 'missing' } }] };
        return { id, docs: [{ ok: doc._deleted ? doc : redactFor(doc, scope) }] };
      });
      sendJson(req, res, { results });
    }),
  );

  db.post(
    '/_revs_diff',
    asyncRoute(async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const ids = Object.keys(body);
      if (ids.length > 1000 || ids.some((id) => !Array.isArray(body[id])))
        throw new GatewayError(400, 'bad_request', 'Send { "id": ["rev", …] } for at most 1,000 documents.');
      const { scope } = callerOf(res);
      const found = await current(ids.filter(isClientId));
      const visible = ids.filter((id) => {
        const row = found.get(id);
        return row && (row.deleted || readable(row.doc, scope));
      });
      const known = visible.length
        ? ((await couch.request({
            db: workspaceDb,
            path: '_revs_diff',
            method: 'POST',
            body: Object.fromEntries(visible.map((id) => [id, body[id]])),
          })) as Record<string, unknown>)
        : {};
      const answer: Record<string, unknown> = {};
      for (const id of ids) {
        if (!visible.includes(id)) answer[id] = { missing: body[id] };
        else if (known[id]) answer[id] = known[id];
      }
      res.json(answer);
    }),
  );

  /** Checks each document with the person's rights and writes the accepted ones; results in request order. */
  async function write(docs: ClientDoc[], caller: Caller) {
    const ids = docs.map((d) => (typeof d._id === 'string' ? d._id : ''));
    const found = await current(ids.filter(isClientId));
    const corrected = await current(
      docs.map((d) => (typeof d.corrects === 'string' ? d.corrects : '')).filter(isClientId),
    );
    const facts = directory.facts();
    const results: (WriteResult | undefined)[] = [];
    const toStore: { index: number; doc: Record<string, unknown> }[] = [];
    const seen = new Set<string>();
    for (const [index, doc] of docs.entries()) {
      const id = ids[index] as string;
      const problem = shapeProblem(doc, id) ?? (seen.has(id) ? 'This document appears twice in one request.' : null);
      seen.add(id);
      if (problem) {
        results[index] = { id, error: 'forbidden', reason: problem };
        options.onRefusal?.('bad-shape');
        continue;
      }
      const stored = found.get(id);
      const old = stored?.doc && !stored.deleted ? stored.doc : null;
      // A document from an older app is stored at the current version of its shape.
      const next = migrateDoc(restoreRedacted(doc as StoredDoc, old, caller.scope));
      const userCtx: UserCtx = { name: caller.person.name, roles: caller.person.roles };
      const refusal = writeRefusal(next, old, userCtx, facts) ?? crossDocumentRefusal(next, old, corrected);
      if (!refusal) {
        toStore.push({ index, doc: next });
        continue;
      }
      options.onRefusal?.(refusal.code);
      results[index] = {
        id,
        error: refusal.status === 401 ? 'unauthorized' : 'forbidden',
        reason: refusal.reason,
        code: refusal.code,
        reason_es: refusal.reasonEs,
        ...(refusal.field ? { field: refusal.field } : {}),
      };
    }
    if (toStore.length) {
      const stored = await store.bulk({ docs: toStore.map((t) => t.doc) });
      // The embedded store's results are not in request order: match them by id.
      const byId = new Map(stored.map((r) => [r.id, r]));
      for (const { index } of toStore) {
        const id = ids[index] as string;
        const r = byId.get(id);
        results[index] =
          r && !r.error
            ? { id, ok: true, rev: r.rev as string }
            : { id, error: r?.error ?? 'unknown_error', reason: r?.reason ?? 'The store did not answer for it.' };
      }
    }
    return results.map((r, i) => r ?? { id: ids[i] as string, error: 'unknown_error', reason: '' });
  }

  db.post(
    '/_bulk_docs',
    asyncRoute(async (req, res) => {
      const body = req.body as { docs?: unknown; new_edits?: unknown };
      if (body.new_edits === false)
        throw new GatewayError(
          403,
          'forbidden',
          'new_edits: clients write new revisions only; new_edits=false is refused.',
        );
      if (!Array.isArray(body.docs) || body.docs.length > 1000 || body.docs.some((d) => !isObject(d)))
        throw new GatewayError(400, 'bad_request', 'docs: send a list of at most 1,000 documents.');
      res.status(201).json(await write(body.docs as ClientDoc[], callerOf(res)));
    }),
  );

  /** One document write, answered as CouchDB answers it. */
  async function writeOne(doc: ClientDoc, res: Response) {
    const [result] = await write([doc], callerOf(res));
    if (!result) throw new GatewayError(500, 'unknown_error', 'No result.');
    if (result.ok) return void res.status(201).json(result);
    const status = { conflict: 409, unauthorized: 401, forbidden: 403 }[result.error ?? ''] ?? 400;
    const { id: _id, error, reason, ...details } = result;
    throw new GatewayError(status, error ?? 'bad_request', reason ?? '', details as Record<string, string>);
  }

  db.post(
    '/',
    asyncRoute(async (req, res) => {
      if (!isObject(req.body)) throw new GatewayError(400, 'bad_request', 'Send a document as a JSON object.');
      await writeOne(req.body as ClientDoc, res);
    }),
  );

  // What the publisher refused of the person's organisation, so the device shows it instead of "published".
  db.get(
    '/_tablero/publication-refusals',
    asyncRoute(async (_req, res) => {
      const { scope } = callerOf(res);
      const refusals = publicationRefusals();
      const stored = await current([...refusals.keys()].filter(isClientId));
      const mine = [...refusals.values()].filter(({ id }) => {
        const doc = stored.get(id)?.doc;
        return doc && scope.org !== undefined && doc.orgId === scope.org;
      });
      res.json({ refusals: mine });
    }),
  );

  // Replication checkpoints of other clients (PouchDB), kept per person.
  const localId = (req: Request, res: Response) =>
    `_local/tablero-user~${encodeURIComponent(callerOf(res).person.name)}~${String(req.params.localId)}`;
  db.get(
    '/_local/:localId',
    asyncRoute(async (req, res) => {
      checkParams(req, []);
      const doc = await store.get(localId(req, res)).catch((error) => {
        if (isStatus(error, 404)) throw new GatewayError(404, 'not_found', 'missing');
        throw error;
      });
      res.json({ ...doc, _id: `_local/${req.params.localId}` });
    }),
  );
  db.put(
    '/_local/:localId',
    asyncRoute(async (req, res) => {
      if (!isObject(req.body) || JSON.stringify(req.body).length > 16_384)
        throw new GatewayError(400, 'bad_request', 'A checkpoint is a JSON object of at most 16 KB.');
      const body = req.body as Record<string, unknown>;
      if (Object.keys(body).some((k) => k.startsWith('_') && !['_id', '_rev'].includes(k)))
        throw new GatewayError(403, 'forbidden', 'A checkpoint has no attachments or special fields.');
      try {
        const saved = await store.insert({ ...body, _id: localId(req, res) });
        res.status(201).json({ ok: true, id: `_local/${req.params.localId}`, rev: saved.rev });
      } catch (error) {
        if (isStatus(error, 409)) throw new GatewayError(409, 'conflict', 'Document update conflict.');
        throw error;
      }
    }),
  );
  db.delete(
    '/_local/:localId',
    asyncRoute(async (req, res) => {
      const rev = typeof req.query.rev === 'string' ? req.query.rev : '';
      await store.destroy(localId(req, res), rev).catch((error) => {
        if (isStatus(error, 404) || isStatus(error, 409))
          throw new GatewayError(error.statusCode, isStatus(error, 404) ? 'not_found' : 'conflict', 'missing');
        throw error;
      });
      res.json({ ok: true, id: `_local/${req.params.localId}` });
    }),
  );

  // Design documents, _security, _purge and the like are not documents a client names.
  db.param('id', (_req, _res, next, id: string) =>
    next(isClientId(id) ? undefined : new GatewayError(404, 'not_found', 'Tablero does not serve this address.')),
  );
  db.get(
    '/:id',
    asyncRoute(async (req, res) => {
      checkParams(req, []);
      const id = String(req.params.id);
      const { scope } = callerOf(res);
      const row = isClientId(id) ? (await current([id])).get(id) : undefined;
      if (!row?.doc || row.deleted || !readable(row.doc, scope))
        throw new GatewayError(404, 'not_found', row?.deleted ? 'deleted' : 'missing');
      res.set('ETag', `"${row.rev}"`);
      res.json(redactFor(row.doc, scope));
    }),
  );
  db.put(
    '/:id',
    asyncRoute(async (req, res) => {
      checkParams(req, ['rev']);
      if (!isObject(req.body)) throw new GatewayError(400, 'bad_request', 'Send a document as a JSON object.');
      const doc = { ...(req.body as ClientDoc) };
      if (doc._id !== undefined && doc._id !== req.params.id)
        throw new GatewayError(400, 'bad_request', '_id: differs from the id in the address.');
      doc._id = req.params.id;
      if (typeof req.query.rev === 'string') doc._rev = req.query.rev;
      await writeOne(doc, res);
    }),
  );
  db.delete(
    '/:id',
    asyncRoute(async (req, res) => {
      checkParams(req, ['rev']);
      const rev = typeof req.query.rev === 'string' ? req.query.rev : undefined;
      if (!rev) throw new GatewayError(400, 'bad_request', 'rev: name the revision to delete (?rev=…).');
      await writeOne({ _id: req.params.id, _rev: rev, _deleted: true }, res);
    }),
  );

  router.use((_req, _res, next) => next(new GatewayError(404, 'not_found', 'Tablero does not serve this address.')));
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    // The person went away (or the server is stopping) while the store was answering: nobody to tell.
    if (req.socket.destroyed) return;
    const known = error instanceof GatewayError ? error : fromExpress(error);
    // The server's own handler logs it, with the request's id, and answers 500.
    if (!known) return next(error);
    res.status(known.status).json({ error: known.code, reason: known.message, ...known.details });
  });
  return router;
}

/** Rules that need another document than the one written (shared/src/rules/cross-document.ts). */
function crossDocumentRefusal(
  doc: StoredDoc,
  old: StoredDoc | null,
  others: Map<string, { doc?: StoredDoc; deleted?: boolean }>,
): Refusal | null {
  if (doc.type !== 'progressReport' || doc.corrects === undefined || doc._deleted || old?.corrects === doc.corrects)
    return null;
  const target = others.get(String(doc.corrects));
  const problem = correctionProblem(doc, target?.deleted ? null : (target?.doc ?? null));
  return problem ? { status: 403, field: 'corrects', ...problem } : null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A workspace document id a client may name: not a design or local document, not empty. */
export function isClientId(id: string): boolean {
  return id.length > 0 && id.length <= 300 && !id.startsWith('_');
}

/** Problems a written document has before any rule is applied; null when there are none. */
function shapeProblem(doc: ClientDoc, id: string): string | null {
  if (!isClientId(id)) return '_id: must be a workspace document id (design and local documents are not writable).';
  if ('_attachments' in doc)
    return '_attachments: evidence files are uploaded through /api/files, never attached to documents.';
  for (const field of Object.keys(doc))
    if (field.startsWith('_') && !CLIENT_UNDERSCORE_FIELDS.has(field))
      return `${field}: is not a field a client may set.`;
  if (doc._rev !== undefined && typeof doc._rev !== 'string') return '_rev: must be a revision string.';
  if (doc._deleted !== undefined && typeof doc._deleted !== 'boolean') return '_deleted: must be true or false.';
  return null;
}

/** Refuses query parameters the gateway does not serve, naming the first one. */
export function checkParams(req: Request, allowed: string[]): void {
  for (const name of Object.keys(req.query))
    if (!allowed.includes(name))
      throw new GatewayError(400, 'bad_request', `${name}: this parameter is not served here.`);
}

function parseJsonParam(req: Request, name: string): unknown {
  const raw = req.query[name];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new GatewayError(400, 'bad_request', `${name}: is not valid JSON.`);
  }
}

/** Body-parser errors (bad JSON, too large) as clear refusals. */
function fromExpress(error: unknown): GatewayError | null {
  const e = error as { type?: string; status?: number } | null;
  if (e?.type === 'entity.parse.failed') return new GatewayError(400, 'bad_request', 'The body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new GatewayError(413, 'too_large', 'The request body is too large.');
  if (e?.type && e.status && e.status < 500)
    return new GatewayError(e.status, 'bad_request', 'The request was malformed.');
  return null;
}
