import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { requestUser } from './session.js';

/**
 * Closes the gaps between express-pouchdb and Apache CouchDB 3 that matter for Tablero, by
 * answering as CouchDB does before express-pouchdb sees the request:
 * - in `_users`, someone who is not a server admin reads and writes only their own account
 *   document, and never changes its roles (express-pouchdb lets a user give themselves any role);
 * - only server admins create or delete databases (express-pouchdb leaves such a request by an
 *   anonymous user hanging) and use `_config`, `_all_dbs`, `_replicate` and similar server routes.
 * Apache CouchDB enforces all of this itself, so this is mounted for the embedded server only.
 */
// express-pouchdb's own body parser skips a body that is already parsed.
const parseJson = express.json({ type: () => true, limit: '1mb' });

export function embeddedGuard(sessionUrl: () => string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const [first = '', second] = segments;
    const serverRoute = [
      '_config',
      '_all_dbs',
      '_replicate',
      '_restart',
      '_active_tasks',
      '_db_updates',
      '_node',
      '_stats',
      '_log',
    ].includes(first);
    const dbRoute =
      segments.length === 1 && !first.startsWith('_') && (req.method === 'PUT' || req.method === 'DELETE');
    const usersRoute = first === '_users';
    if (!serverRoute && !dbRoute && !usersRoute) return next();

    const user = await requestUser(sessionUrl(), req);
    if (user.roles.includes('_admin')) return next();
    const deny = (status: 401 | 403, reason: string) =>
      res.status(status).json({ error: status === 401 ? 'unauthorized' : 'forbidden', reason });
    if (!user.name) return deny(401, 'You are not a server admin.');
    if (!usersRoute) return deny(403, 'You are not a server admin.');
    const ownId = `org.couchdb.user:${user.name}`;
    if (second !== ownId || segments.length !== 2) return deny(403, 'You may only read and update your own account.');
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (req.method !== 'PUT') return deny(403, 'You may only read and update your own account.');
    await new Promise<void>((resolve) => parseJson(req, res, () => resolve()));
    const body = req.body as { roles?: unknown; name?: unknown; _deleted?: unknown } | undefined;
    if (!body || JSON.stringify(body.roles) !== JSON.stringify(user.roles) || body.name !== user.name || body._deleted)
      return deny(403, 'roles: only an administrator changes the roles of an account.');
    return next();
  };
}
