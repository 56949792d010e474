import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from './errors.js';

/** The site's own address, or null when `Origin` names none (`null`, garbage). */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/**
 * A state-changing request comes from the site's own pages or from a client that sends no
 * `Origin` (the desktop app's main process, scripts). `Origin: null` (a sandboxed frame, a
 * `data:` page, a redirect across sites) is not the site, so it is refused like any other.
 */
export function originProblem(req: Request): GatewayError | null {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return null;
  const origin = req.headers.origin;
  if (origin !== undefined && hostOf(origin) !== req.headers.host)
    return new GatewayError(403, 'forbidden', `Origin: requests from ${origin.slice(0, 100)} are not accepted.`);
  return null;
}

/** Headers on every answer, and the checks a state-changing request passes before anything else. */
export function guard(req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  const problem = originProblem(req);
  if (problem) next(problem);
  else if (!['GET', 'HEAD'].includes(req.method) && hasBody(req) && !req.is('application/json'))
    next(new GatewayError(415, 'bad_content_type', 'Content-Type: send JSON (application/json).'));
  else next();
}
