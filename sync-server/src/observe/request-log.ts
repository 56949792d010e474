import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './log.js';
import { type Metrics, routeOf } from './metrics.js';

/**
 * Gives every request an id (the proxy's `X-Request-Id` when it sends a sane one), returns it in
 * the answer, and when the answer is sent logs one line and counts it.
 */
export function requestLog(log: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    const id = given && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The address as it came: routers mounted under /db and /api rewrite req.url while they run.
      const route = routeOf(req.originalUrl.split('?')[0] ?? '/');
      metrics.request(req.method, route, res.statusCode);
      log('request', {
        requestId: id,
        method: req.method,
        route,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
