import express, { type Router } from 'express';
import type { Accounts } from '../gateway/accounts.js';
import { GatewayError } from '../gateway/errors.js';
import { adminErrors } from './answers.js';
import { backupRoutes } from './backup-routes.js';
import type { AdminContext } from './context.js';
import { adminGuard, adminOnly } from './door.js';
import { organisationRoutes } from './organisation-routes.js';
import { invitationRoutes, peopleRoutes } from './people-routes.js';
import { planRoutes } from './plan-routes.js';
import { siteRoutes } from './site-routes.js';

/** Sheets and backups come inside the JSON body, as base64. */
const BODY_LIMIT = '64mb';

/**
 * `/admin/api/`: what the admin page does, each action through the same functions as the command
 * line (sync-server/src/admin/). Every address but the invitation's two needs a signed-in account
 * with the `admin` role; every write is JSON from the site's own page, and leaves an audit record.
 */
export function adminApi(ctx: AdminContext & { accounts: Accounts }): Router {
  const router = express.Router();
  router.use(adminGuard);
  router.use(express.json({ limit: BODY_LIMIT, strict: true }));
  router.use(invitationRoutes(ctx));
  router.use(adminOnly(ctx.accounts));
  for (const routes of [siteRoutes, organisationRoutes, peopleRoutes, planRoutes, backupRoutes])
    router.use(routes(ctx));
  router.use((_req, _res, next) => next(new GatewayError(404, 'not_found', 'No such admin address.')));
  router.use(adminErrors);
  return router;
}
