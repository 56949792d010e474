import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { readScope } from '../../../shared/src/rules/read-rights.js';
import { isStoreFull, STORE_FULL_REASON, STORE_FULL_REASON_ES, STORE_FULL_RETRY_AFTER_S } from '../couch/store-full.js';
import { isStoreUnavailable, STORE_RETRY_AFTER_S, STORE_UNAVAILABLE_REASON } from '../couch/store-unavailable.js';
import type { Accounts, Person } from './accounts.js';
import type { GatewayContext } from './context.js';
import { asyncRoute, GatewayError } from './errors.js';
import { guard } from './guard.js';
import type { Caller } from './route.js';
import { checkpointRoutes } from './routes/checkpoints.js';
import { documentRoutes } from './routes/documents.js';
import { replicationRoutes } from './routes/replication.js';
import { sessionRoutes } from './routes/session.js';
import { changesRoute, infoRoute, publicationRefusalsRoute } from './routes/workspace-info.js';

export interface GatewayOptions extends GatewayContext {
  accounts: Accounts;
  /** Told each successful sign-in, for "last signed in" on the admin page. */
  onSignIn?: (name: string) => Promise<void>;
}

/**
 * Tablero's gateway at `/db/`: the only way clients reach the workspace. It serves what the reporter
 * app, replication and sign-in need and nothing else of the CouchDB API (a file per route under
 * routes/), reading and writing the store through the gateway's own account after applying the
 * person's read matrix (shared/src/rules/read-rights.ts) and write rules
 * (shared/src/rules/validate-doc.ts). Every route's parameters, query and body are checked before
 * it runs, and store paths are made from validated, encoded parts only (couch/store-client.ts).
 */
export function gateway(options: GatewayOptions): Router {
  const { accounts, directory, store } = options;
  const router = express.Router();
  router.use(guard);
  const parseJson = express.json({ limit: '8mb', strict: true });
  router.get('/', (_req, res) => {
    res.json({ couchdb: 'Welcome', vendor: { name: 'Tablero' } });
  });

  const db = express.Router();
  // Mounted before the sign-in's own body parser, so a workspace request's sign-in starts first.
  router.use(`/${store.db}`, db);
  // Everything under the database needs a signed-in person with a Tablero role. The account and the
  // directory are read while the body arrives and is parsed (a large upload on a slow link takes
  // longer than both); the person is told a missing sign-in before anything about the body.
  db.use((req, res, next) => {
    const signIn = Promise.all([accounts.personOf(req), directory.refresh()]);
    signIn.catch(() => undefined);
    res.locals.signIn = signIn;
    parseJson(req, res, (error?: unknown) => {
      res.locals.bodyProblem = error;
      next();
    });
  });
  db.use(
    asyncRoute(async (_req, res, next) => {
      const [person] = await (res.locals.signIn as Promise<[Person | null, unknown]>);
      if (!person) throw new GatewayError(401, 'unauthorized', 'Sign in to reach the workspace.');
      if (res.locals.bodyProblem) throw res.locals.bodyProblem;
      res.locals.caller = { person, scope: readScope(person, directory.membership()) } satisfies Caller;
      next();
    }),
  );
  infoRoute(db, options);
  changesRoute(db, options);
  replicationRoutes(db, options);
  publicationRefusalsRoute(db, options);
  checkpointRoutes(db, options);
  documentRoutes(db, options);

  router.use(parseJson);
  router.use(sessionRoutes(accounts, options.onSignIn));

  router.use((_req, _res, next) => next(new GatewayError(404, 'not_found', 'Tablero does not serve this address.')));
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    // The person went away (or the server is stopping) while the store was answering: nobody to tell.
    if (req.socket.destroyed) return;
    const known = error instanceof GatewayError ? error : (fromExpress(error) ?? fromStore(error));
    // The server's own handler logs it, with the request's id, and answers 500.
    if (!known) return next(error);
    if (known.status === 503) res.set('Retry-After', String(STORE_RETRY_AFTER_S));
    if (known.status === 507) res.set('Retry-After', String(STORE_FULL_RETRY_AFTER_S));
    res.status(known.status).json({ error: known.code, reason: known.message, ...known.details });
  });
  return router;
}

/** The store down or out of reach (its CouchDB node stopped): the app retries a 503, and keeps its edits meanwhile. */
function fromStore(error: unknown): GatewayError | null {
  if (isStoreFull(error))
    return new GatewayError(507, 'insufficient_storage', STORE_FULL_REASON, { reason_es: STORE_FULL_REASON_ES });
  return isStoreUnavailable(error) ? new GatewayError(503, 'store_unavailable', STORE_UNAVAILABLE_REASON) : null;
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
