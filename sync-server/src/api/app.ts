import { stringify } from 'csv-stringify/sync';
import express, { type Request, type Response, type Router } from 'express';
import { acceptedEncoding, compressBody, gunzipBody, sendEncoded } from '../http/encoded-body.js';
import { answerRecordTables, planAnswerRecordView } from './answer-record-views.js';
import { csvLang, inLanguage } from './csv-language.js';
import { evaluationTable } from './evaluation-csv.js';
import { openApi } from './openapi.js';
import type { PublicIndex, PublicStore } from './public-store.js';
import { notModified } from './revalidate.js';
import {
  activityView,
  commitmentView,
  evaluationView,
  exportTables,
  NotFound,
  organizationsView,
  organizationView,
  plansView,
  planView,
} from './views.js';

/**
 * Replies with the value computed for the current data version, or 304 when the client already
 * has it (see revalidate.ts).
 */
async function reply(
  store: PublicStore,
  req: Request,
  res: Response,
  key: string,
  compute: () => string | Promise<string>,
  type = 'json',
): Promise<void> {
  if (notModified(store, req, res)) return;
  let body: Encoded;
  try {
    // Serialised and compressed once per data version, then served from memory.
    body = await store.remember(
      key,
      async () => encodeOnce(await compute()),
      (encoded) => encoded.gzip.length + encoded.br.length,
    );
  } catch (error) {
    if (error instanceof NotFound) {
      res.status(404).json({ error: 'not_found', reason: error.message });
      return;
    }
    throw error;
  }
  res.type(type === 'json' ? 'application/json' : type);
  const encoding = acceptedEncoding(req);
  sendEncoded(res, encoding, encoding === 'identity' ? gunzipBody(body.gzip) : body[encoding]);
}

interface Encoded {
  gzip: Buffer;
  br: Buffer;
}

/**
 * A body in the encodings browsers accept. The text itself is not kept: it is several times their
 * size (a large plan's page, 3 MB), nearly every client takes one of them, and the rare one that
 * takes neither gets the gzip one unpacked.
 */
function encodeOnce(text: string): Encoded {
  const raw = Buffer.from(text);
  return { gzip: compressBody(raw, 'gzip'), br: compressBody(raw, 'br') };
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * CSV for spreadsheets: a cell that begins with =, +, -, @, a tab or a carriage return is read as a
 * formula by spreadsheet programs, so it is written with a leading apostrophe (OWASP's advice).
 */
export function csv(rows: object[]): string {
  return stringify(rows, {
    header: true,
    bom: true,
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
}

/** The plan's whole export as JSON, and its tables as CSV in the language asked for, named after the plan. */
function exportRoutes(api: Router, store: PublicStore): void {
  api.get('/plans/:id/export.json', (req, res) => {
    res.attachment(`${req.params.id.replace(/[^a-z0-9-]/gi, '_')}.json`);
    return reply(store, req, res, `export.json ${req.params.id}`, async () => {
      const index = await store.indexFor(req.params.id);
      const plan = planView(index, req.params.id);
      const detail = plan.commitments.map((c) => commitmentView(index, c.id));
      return json({
        ...plan,
        keyActions: detail.flatMap((d) => d.keyActions),
        reports: detail.flatMap((d) => d.reports),
        evidence: detail.flatMap((d) => d.evidence),
        reviews: detail.flatMap((d) => d.reviews),
        assessments: detail.flatMap((d) => d.assessments),
        questions: detail.flatMap((d) => d.questions),
        commitments: plan.commitments.map(({ keyActions, csoFigures, ...c }) => c),
      });
    });
  });
  /** A plan's table as CSV, in the language asked for, named after the plan. */
  const csvTable = (file: string, rows: (index: PublicIndex, planId: string) => Parameters<typeof inLanguage>[0]) =>
    api.get(`/plans/:id/${file}.csv`, (req, res) => {
      const lang = csvLang(req.query.lang);
      res.attachment(`${req.params.id.replace(/[^a-z0-9-]/gi, '_')}-${file}.csv`);
      return reply(
        store,
        req,
        res,
        `${file}.csv ${req.params.id} ${lang}`,
        async () => csv(inLanguage(rows(await store.indexFor(req.params.id), req.params.id), lang)),
        'text/csv; charset=utf-8',
      );
    });
  for (const table of ['commitments', 'keyActions', 'reports'] as const)
    csvTable(table === 'keyActions' ? 'key-actions' : table, (index, id) => exportTables(index, id)[table]);
  api.get('/plans/:id/answer-record', (req, res) =>
    reply(store, req, res, `answer-record ${req.params.id}`, async () =>
      json(planAnswerRecordView(await store.indexFor(req.params.id), req.params.id)),
    ),
  );
  for (const table of ['answerRecord', 'questions'] as const)
    csvTable(
      table === 'answerRecord' ? 'answer-record' : 'questions',
      (index, id) => answerRecordTables(index, id)[table],
    );
  evaluationRoutes(api, store);
}

/** The committee's evaluation of a plan, as JSON and as CSV. */
function evaluationRoutes(api: Router, store: PublicStore): void {
  api.get('/plans/:id/evaluation', (req, res) =>
    reply(store, req, res, `evaluation ${req.params.id}`, async () =>
      json(evaluationView(await store.indexFor(req.params.id), req.params.id)),
    ),
  );
  api.get('/plans/:id/evaluation.csv', (req, res) => {
    const lang = csvLang(req.query.lang);
    const name = lang === 'es' ? 'evaluacion' : 'evaluation';
    res.attachment(`${req.params.id.replace(/[^a-z0-9-]/gi, '_')}-${name}.csv`);
    return reply(
      store,
      req,
      res,
      `evaluation.csv ${req.params.id} ${lang}`,
      async () => csv(evaluationTable(evaluationView(await store.indexFor(req.params.id), req.params.id), lang)),
      'text/csv; charset=utf-8',
    );
  });
}

/** Long-poll: answers when the public data changes (or after `timeout` ms), for live pages. */
function changesRoute(api: Router, store: PublicStore): void {
  api.get('/changes', async (req, res) => {
    const since = req.query.since;
    if (since === store.version) {
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      await store.nextChange(Math.min(Number(req.query.timeout) || 25_000, 55_000), gone.signal);
      if (gone.signal.aborted) return;
    }
    res.json({ version: store.version });
  });
}

export function publicApi(store: PublicStore): Router {
  const api = express.Router();
  api.get('/', (_req, res) => {
    res.json({
      name: 'Tablero public API',
      openapi: '/api/openapi.json',
      plans: '/api/plans',
      organizations: '/api/organizations',
      activity: '/api/activity',
    });
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  api.get('/plans', (req, res) => reply(store, req, res, 'plans', () => json(plansView(store.getIndex()))));
  api.get('/plans/:id', (req, res) => {
    const keyActions = req.query.keyActions !== 'false';
    return reply(store, req, res, `plan ${req.params.id} ${keyActions}`, async () =>
      json(planView(await store.indexFor(req.params.id), req.params.id, keyActions)),
    );
  });
  exportRoutes(api, store);
  api.get('/commitments/:id', (req, res) =>
    reply(store, req, res, `commitment ${req.params.id}`, async () =>
      json(commitmentView(await store.indexForCommitment(req.params.id), req.params.id)),
    ),
  );
  api.get('/organizations', (req, res) =>
    reply(store, req, res, 'organizations', () => json(organizationsView(store.getIndex()))),
  );
  api.get('/organizations/:id', (req, res) =>
    reply(store, req, res, `organization ${req.params.id}`, () =>
      json(organizationView(store.getIndex(), req.params.id)),
    ),
  );
  api.get('/activity', (req, res) => {
    const plan = typeof req.query.plan === 'string' ? req.query.plan : undefined;
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
    return reply(store, req, res, `activity ${plan} ${limit}`, async () =>
      json(activityView(await store.indexFor(plan), plan, limit)),
    );
  });
  changesRoute(api, store);
  api.use((_req, res) => {
    res.status(404).json({ error: 'not_found', reason: 'No such API route; see /api/openapi.json.' });
  });
  return api;
}
