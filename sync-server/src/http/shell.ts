import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import express from 'express';
import { SITE_CSP } from '../../../shared/src/csp.js';
import {
  isStoreFull,
  STORE_FULL_REASON,
  STORE_FULL_REASON_ES,
  STORE_FULL_RETRY_AFTER_S,
  type StorageWatch,
} from '../couch/store-full.js';
import { isStoreUnavailable, STORE_RETRY_AFTER_S, STORE_UNAVAILABLE_REASON } from '../couch/store-unavailable.js';
import type { Logger } from '../observe/log.js';
import type { Metrics } from '../observe/metrics.js';
import { requestLog } from '../observe/request-log.js';

/** The HTTP application every route hangs from, and the way to give it its routes once they are ready. */
export interface Shell {
  app: express.Express;
  /** From now on requests reach these routes instead of the 503 "starting". */
  serve(routes: express.Router): void;
}

/**
 * Tells the storage watch how writes end: a 507 means the store's disk is full, and any write that
 * succeeds after it means there is room again, so health recovers without a restart.
 */
function watchWrites(storage: StorageWatch): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      res.on('finish', () => {
        if (res.statusCode === 507) storage.failed();
        else if (res.statusCode >= 200 && res.statusCode < 300) storage.succeeded();
      });
    next();
  };
}

/** Every answer: no framing, no sniffing, a strict policy unless a route sets a stricter one. */
const securityHeaders: express.RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': SITE_CSP,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  });
  next();
};

/**
 * The one handler every error reaches: a client's bad request, the store full or out of reach
 * (told to retry), anything else logged with the request's id and answered 500 without a stack.
 */
function errorHandler(log: Logger): express.ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status = (error as { status?: number } | null)?.status;
    if (status && status >= 400 && status < 500 && !res.headersSent)
      return void res.status(status).json({ error: 'bad_request', reason: 'The request could not be served.' });
    if (isStoreFull(error) && !res.headersSent) {
      log.error('store full', { requestId: res.locals.requestId, error: (error as Error).message });
      return void res
        .set('Retry-After', String(STORE_FULL_RETRY_AFTER_S))
        .status(507)
        .json({ error: 'insufficient_storage', reason: STORE_FULL_REASON, reason_es: STORE_FULL_REASON_ES });
    }
    if (isStoreUnavailable(error) && !res.headersSent) {
      // Logged as an error: an operator wants to know the store is down, though the client is told to retry.
      log.error('store unavailable', { requestId: res.locals.requestId, error: (error as Error).message });
      return void res
        .set('Retry-After', String(STORE_RETRY_AFTER_S))
        .status(503)
        .json({ error: 'store_unavailable', reason: STORE_UNAVAILABLE_REASON });
    }
    log.error('unexpected error', { requestId: res.locals.requestId, error });
    if (res.headersSent) return void res.end();
    res
      .status(500)
      .json({ error: 'internal_error', reason: 'The server could not complete the request; it has been logged.' });
  };
}

/** The application before any route: it answers 503 with Retry-After until `serve` is called. */
export function shell(log: Logger, metrics: Metrics, storage: StorageWatch): Shell {
  let ready: express.Router | undefined;
  const app = express();
  app.disable('x-powered-by');
  // The public API tags its answers with the data's version itself; hashing every other body (a
  // 1,000-document page of the changes feed) for an ETag nobody revalidates is work for nothing.
  app.set('etag', false);
  // Everything compressible goes out compressed; the public API's answers come precompressed.
  app.use(compression());
  app.use(requestLog(log, metrics));
  app.use(watchWrites(storage));
  app.use(securityHeaders);
  app.use((req, res, next) => {
    if (ready) return ready(req, res, next);
    res
      .set('Retry-After', '5')
      .status(503)
      .json({ error: 'starting', reason: 'Tablero is starting; try again shortly.' });
  });
  app.use(errorHandler(log));
  return {
    app,
    serve: (routes) => {
      ready = routes;
    },
  };
}

/** Listens on the configured address; `url` is where this machine reaches it. */
export async function listen(
  app: express.Express,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = (server.address() as AddressInfo).port;
  const named = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${named === '0.0.0.0' ? '127.0.0.1' : named}:${address}` };
}
