import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Accounts, Person } from '../gateway/accounts.js';
import { GatewayError } from '../gateway/errors.js';
import { originProblem } from '../gateway/guard.js';

/** The administrator making the request, set by the door. */
export const adminOf = (res: Response): Person => res.locals.admin as Person;

/**
 * Headers of every answer, and the checks a request to the admin API passes before anything:
 * a write is JSON and comes from the site's own page (a browser always sends `Origin` with one, so
 * one without it is not the admin page either). Reads need no `Origin`: the session cookie is
 * `SameSite=Lax` and no answer carries CORS headers, so another site cannot read them.
 */
export function adminGuard(req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  next(writeProblem(req) ?? undefined);
}

function writeProblem(req: Request): GatewayError | null {
  if (['GET', 'HEAD'].includes(req.method)) return null;
  const problem = originProblem(req);
  if (problem) return problem;
  if (req.headers.origin === undefined)
    return new GatewayError(403, 'forbidden', 'Origin: the admin API takes writes from the site’s own page.');
  if (!req.is('application/json'))
    return new GatewayError(415, 'bad_content_type', 'Content-Type: send JSON (application/json).');
  return null;
}

/** Only a signed-in account with the `admin` role passes: the gateway's own session, read again now. */
export function adminOnly(accounts: Accounts): RequestHandler {
  return (req, res, next) => {
    accounts
      .personOf(req)
      .then((person) => {
        if (!person) throw new GatewayError(401, 'unauthorized', 'Sign in with an administrator’s account.');
        if (!person.roles.includes('admin'))
          throw new GatewayError(403, 'forbidden', 'This account is not an administrator.');
        res.locals.admin = person;
        next();
      })
      .catch(next);
  };
}
