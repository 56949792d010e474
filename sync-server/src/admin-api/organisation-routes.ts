import express, { type Router } from 'express';
import { listOrganisations, mergeOrganisations, mergePreview, saveOrganisation } from '../admin/organisations.js';
import { bodyOf, slugParam, text } from './body.js';
import { type AdminContext, audit } from './context.js';

/** Organisations: list, add, edit, and merge two into one with what the merge changes shown first. */
export function organisationRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  const fields = (body: Record<string, unknown>) => {
    const acronym = text(body, 'acronym', false);
    const url = text(body, 'url', false);
    return {
      name: text(body, 'name') as string,
      kind: text(body, 'kind') as string,
      ...(acronym ? { acronym } : {}),
      ...(url ? { url } : {}),
    };
  };
  router.get('/organisations', async (_req, res) => {
    res.json({ organisations: await listOrganisations(couch, names) });
  });
  router.post('/organisations', async (req, res) => {
    const body = bodyOf(req);
    const id = slugParam(text(body, 'id'), 'org:', 'id');
    const wrote = await saveOrganisation(couch, names, { id, ...fields(body) });
    if (wrote) await audit(ctx, res, 'organisation.add', id);
    res.status(wrote ? 201 : 200).json({ id, wrote });
  });
  router.put('/organisations/:id', async (req, res) => {
    const id = slugParam(req.params.id, 'org:', 'id');
    const body = bodyOf(req);
    const wrote = await saveOrganisation(couch, names, { id, ...fields(body) });
    if (wrote) await audit(ctx, res, 'organisation.edit', id, fields(body));
    res.json({ id, wrote });
  });
  const pair = (body: Record<string, unknown>) => ({
    from: slugParam(text(body, 'from'), 'org:', 'from'),
    into: slugParam(text(body, 'into'), 'org:', 'into'),
  });
  router.post('/organisations/merge-preview', async (req, res) => {
    const { from, into } = pair(bodyOf(req));
    res.json(await mergePreview(couch, names, from, into));
  });
  router.post('/organisations/merge', async (req, res) => {
    const { from, into } = pair(bodyOf(req));
    const merged = await mergeOrganisations(couch, names, from, into);
    await audit(ctx, res, 'organisation.merge', into, {
      from,
      documents: merged.documents.length,
      accounts: merged.accounts,
    });
    res.json(merged);
  });
  return router;
}
