import express, { type Router } from 'express';
import { QUESTION_MODERATIONS } from '../../../shared/src/index.js';
import { planCsv, planDocs, planJson } from '../admin/plan-export.js';
import { PlanFileError } from '../admin/plan-file.js';
import {
  closePlan,
  importPlanFile,
  listPlans,
  newPlan,
  SheetProblems,
  savedSheetMap,
  saveSheetMap,
  updatePlan,
} from '../admin/plans.js';
import { parseSheetMap } from '../admin/spreadsheet/import-sheet.js';
import type { Lang } from '../admin/spreadsheet/messages.js';
import type { PlanSettings, SheetMap } from '../admin/spreadsheet/plan-sheet.js';
import { AdminInputError } from '../admin/users.js';
import { bodyOf, fileOf, flag, list, oneOf, slugParam, text } from './body.js';
import { type AdminContext, audit } from './context.js';
import { forThePage } from './sheet-wording.js';

/** The plan a sheet is for and what the page says about it, checked field by field. */
function sheetSettings(body: Record<string, unknown>): PlanSettings {
  const settings = (body.settings ?? {}) as Record<string, unknown>;
  if (typeof settings !== 'object' || Array.isArray(settings))
    throw new AdminInputError('must be an object', 'settings');
  const out: PlanSettings = { id: slugParam(text(settings, 'id'), 'plan:', 'id').slice('plan:'.length) };
  for (const field of ['country', 'title', 'startDate', 'endDate'] as const) {
    const value = text(settings, field, false);
    if (value) out[field] = value;
  }
  if (settings.committeeOrgIds !== undefined) out.committeeOrgIds = list(settings, 'committeeOrgIds');
  if (settings.reviewRequired !== undefined) out.reviewRequired = flag(settings, 'reviewRequired');
  return out;
}

/** The mapping sent with the sheet, or the one saved with the plan at its last import. */
async function mappingFor(ctx: AdminContext, body: Record<string, unknown>, planId: string): Promise<SheetMap> {
  if (body.map === undefined) return (await savedSheetMap(ctx.couch, ctx.names, planId)) ?? {};
  try {
    return parseSheetMap('map', JSON.stringify(body.map));
  } catch (error) {
    throw new AdminInputError((error as Error).message.replace(/^map:\s*/, ''), 'map');
  }
}

/** Import from a sheet: a dry run first (what would be written, or every problem), then the import, its mapping saved. */
function importRoute(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.post('/plans/import', async (req, res) => {
    const body = bodyOf(req);
    const file = fileOf(body, 'file');
    const settings = sheetSettings(body);
    const planId = `plan:${settings.id}`;
    const map = await mappingFor(ctx, body, planId);
    const dryRun = flag(body, 'dryRun');
    const lang = text(body, 'lang', false);
    const pageLang: Lang | undefined = lang === 'en' || lang === 'es' ? lang : undefined;
    const result = await importPlanFile(couch, names, file, {
      map,
      settings,
      dryRun,
      ...(pageLang ? { lang: pageLang } : {}),
    }).catch((error: unknown) => {
      if (!(error instanceof SheetProblems)) throw error;
      const said = error.problems.map((p) => forThePage(p, pageLang ?? 'es'));
      throw new SheetProblems(new PlanFileError(error.file, said), error.unreadHeaders);
    });
    result.notes = result.notes.map((n) => forThePage(n, result.lang));
    if (!dryRun) {
      if (body.map !== undefined) await saveSheetMap(couch, names, planId, map);
      await audit(ctx, res, 'plan.import', planId, { file: file.name, ...result.summary });
    }
    res.json({ ...result, planId, dryRun, map });
  });
  return router;
}

/** Plans: import from a sheet (a preview first), new plan, title and dates, close, committee and review, export. */
export function planRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  const { couch, names } = ctx;
  router.use(importRoute(ctx));
  router.get('/plans', async (_req, res) => {
    res.json({ plans: await listPlans(couch, names) });
  });
  router.post('/plans', async (req, res) => {
    const body = bodyOf(req);
    const plan = await newPlan(couch, names, {
      id: slugParam(text(body, 'id'), 'plan:', 'id').slice('plan:'.length),
      title: text(body, 'title') as string,
      country: text(body, 'country') as string,
      startDate: text(body, 'startDate') as string,
      endDate: text(body, 'endDate') as string,
      committeeOrgIds: list(body, 'committeeOrgIds'),
      reviewRequired: flag(body, 'reviewRequired'),
    });
    await audit(ctx, res, 'plan.new', plan._id);
    res.status(201).json(plan);
  });
  router.post('/plans/:id/close', async (req, res) => {
    const id = slugParam(req.params.id, 'plan:', 'id');
    bodyOf(req);
    const plan = await closePlan(couch, names, id);
    await audit(ctx, res, 'plan.close', id);
    res.json(plan);
  });
  router.put('/plans/:id/review', async (req, res) => {
    const id = slugParam(req.params.id, 'plan:', 'id');
    const body = bodyOf(req);
    const moderation = oneOf(body, 'questionModeration', QUESTION_MODERATIONS);
    const settings = {
      committeeOrgIds: list(body, 'committeeOrgIds'),
      reviewRequired: flag(body, 'reviewRequired'),
      // Questions from the public: the committee publishes each (before), or withdraws afterwards (after).
      ...(moderation ? { questionModeration: moderation } : {}),
    };
    const { plan } = await updatePlan(couch, names, id, settings);
    await audit(ctx, res, 'plan.review', id, settings);
    res.json(plan);
  });
  router.put('/plans/:id', async (req, res) => {
    const id = slugParam(req.params.id, 'plan:', 'id');
    const body = bodyOf(req);
    const changes = Object.fromEntries(
      ['title', 'country', 'startDate', 'endDate'].flatMap((field) => {
        const value = text(body, field, false);
        return value === undefined ? [] : [[field, value]];
      }),
    );
    const { plan, summary } = await updatePlan(couch, names, id, changes);
    await audit(ctx, res, 'plan.edit', id, { ...changes, revisions: summary.revisions });
    res.json({ plan, revisions: summary.revisions });
  });
  router.get('/plans/:id/export', async (req, res) => {
    const id = slugParam(req.params.id, 'plan:', 'id');
    const format = req.query.format === 'csv' ? 'csv' : 'json';
    const docs = await planDocs(couch, names, id);
    await audit(ctx, res, 'plan.export', id, { format });
    res.attachment(`${id.slice('plan:'.length)}.${format}`);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
    res.send(format === 'csv' ? planCsv(docs) : planJson(docs));
  });
  return router;
}
