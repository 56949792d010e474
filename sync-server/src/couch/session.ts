import type { Request } from 'express';
import type { UserCtx } from '../../../shared/src/index.js';

/** Who makes a request, asked of CouchDB's `_session` with the request's own cookie or basic auth. */
export async function requestUser(sessionUrl: string, req: Request): Promise<UserCtx> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  if (req.headers.cookie) headers.cookie = req.headers.cookie;
  try {
    const reply = await fetch(sessionUrl, { headers });
    const session = (await reply.json()) as { userCtx?: UserCtx };
    return session.userCtx ?? { name: null, roles: [] };
  } catch {
    return { name: null, roles: [] };
  }
}
