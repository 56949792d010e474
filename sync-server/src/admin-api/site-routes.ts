import express, { type Router } from 'express';
import { latestAudit } from '../admin/audit.js';
import { setUpSite, siteOverview } from '../admin/site-setup.js';
import { AdminInputError } from '../admin/users.js';
import { getOrNull, useDb } from '../couch/client.js';
import { DEMO_PLAN_ID } from '../demo/demo-data.js';
import { removeDemo } from '../demo/remove-demo.js';
import { bodyOf, fileOf, text } from './body.js';
import { type AdminContext, audit } from './context.js';
import { adminOf } from './door.js';

/** The site's name, logo, language and address; removing the demo; who did what. */
export function siteRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.get('/me', (_req, res) => {
    res.json(adminOf(res));
  });
  /** The settings, and whether the demo plan is still here to be removed. */
  const overview = async () => ({
    ...(await siteOverview(couch, names)),
    demoPresent: Boolean(await getOrNull(useDb(couch, names.workspace), DEMO_PLAN_ID)),
  });
  router.get('/site', async (_req, res) => {
    res.json(await overview());
  });
  router.put('/site', async (req, res) => {
    const body = bodyOf(req);
    const name = text(body, 'name', false);
    const language = text(body, 'language', false);
    const publicUrl = text(body, 'publicUrl', false);
    const logo = body.logo === undefined ? undefined : fileOf(body, 'logo');
    await setUpSite(couch, names, {
      ...(name !== undefined ? { name } : {}),
      ...(language !== undefined ? { language } : {}),
      ...(publicUrl !== undefined ? { publicUrl } : {}),
      ...(logo ? { logo: { fileName: logo.name, bytes: logo.bytes } } : {}),
    });
    await audit(ctx, res, 'site.setup', undefined, { name, language, publicUrl, logo: logo?.name });
    res.json(await overview());
  });
  router.post('/demo/remove', async (req, res) => {
    if (bodyOf(req).confirm !== true) throw new AdminInputError('confirm the removal with true', 'confirm');
    const removed = await removeDemo(couch, names);
    await audit(ctx, res, 'demo.remove', undefined, removed);
    res.json(removed);
  });
  router.get('/audit', async (_req, res) => {
    res.json({ records: await latestAudit(couch, names) });
  });
  return router;
}
