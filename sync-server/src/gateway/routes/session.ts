import express, { type Router } from 'express';
import type { Accounts } from '../accounts.js';
import { asyncRoute, GatewayError } from '../errors.js';

/** `/_session`: who am I, sign in (JSON only), sign out. */
export function sessionRoutes(accounts: Accounts, onSignIn?: (name: string) => Promise<void>): Router {
  const router = express.Router();
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
      const name = typeof body?.name === 'string' ? body.name : '';
      const password = typeof body?.password === 'string' ? body.password : '';
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
      await onSignIn?.(signedIn.person.name);
      res.set('Set-Cookie', accounts.cookie(signedIn.token, req));
      res.json({ ok: true, name: signedIn.person.name, roles: signedIn.person.roles });
    }),
  );
  router.delete('/_session', (req, res) => {
    res.set('Set-Cookie', accounts.clearCookie(req));
    res.json({ ok: true });
  });
  return router;
}
