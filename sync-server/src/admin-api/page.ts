import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { APP_CSP } from '../../../shared/src/csp.js';
import type { Accounts } from '../gateway/accounts.js';
import { RENDERER_DIST } from '../paths.js';
import { adminApi } from './admin-api.js';
import type { AdminContext } from './context.js';

/** `/admin/`: the administration page (built by vite beside the app and the dashboard) and its API. */
export function adminSite(ctx: AdminContext & { accounts: Accounts }): Router {
  const router = express.Router();
  router.use('/api', adminApi(ctx));
  const page = path.join(RENDERER_DIST, 'admin', 'index.html');
  router.get(['/', '/invitation'], (_req, res) => {
    if (!fs.existsSync(page)) {
      res.status(503).type('text').send('The admin page is not built yet: run "npm run build" (npm start does it).');
      return;
    }
    res.set({ 'Cache-Control': 'no-cache', 'Content-Security-Policy': APP_CSP });
    res.sendFile(page);
  });
  return router;
}
