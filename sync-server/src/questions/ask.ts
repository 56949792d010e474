import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import validator from 'validator';
import type { PublicReport } from '../../../shared/src/public.js';
import { type AskedQuestion, checkQuestion } from '../../../shared/src/questions.js';
import type { Question } from '../../../shared/src/types.js';
import type { PublicStore } from '../api/public-store.js';
import type { DbNames } from '../config.js';
import { type Couch, type Db, getOrNull, useDb } from '../couch/client.js';
import { limitPosts } from '../http/rate-limit.js';
import { isMailAddress } from '../mail/queue.js';
import { type AskerLang, askerLang } from './answered-mail.js';
import { forgetAsker } from './askers.js';
import type { FormTokens } from './form-token.js';

/** The field a person never sees (hidden from view and from assistive technology); only scripts fill it. */
export const HONEYPOT_FIELD = 'website';

export interface AskLimits {
  /** Posts one address may make per window. */
  perAddress: number;
  /** Questions one commitment may receive per window, from everyone. */
  perCommitment: number;
  windowMs: number;
}

export const DEFAULT_ASK_LIMITS: AskLimits = { perAddress: 10, perCommitment: 60, windowMs: 60 * 60_000 };

/** The limits, per hour, from TABLERO_QUESTIONS_PER_ADDRESS and TABLERO_QUESTIONS_PER_COMMITMENT when set. */
export function askLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AskLimits {
  const count = (value: string | undefined, fallback: number) =>
    value && Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : fallback;
  return {
    perAddress: count(env.TABLERO_QUESTIONS_PER_ADDRESS, DEFAULT_ASK_LIMITS.perAddress),
    perCommitment: count(env.TABLERO_QUESTIONS_PER_COMMITMENT, DEFAULT_ASK_LIMITS.perCommitment),
    windowMs: DEFAULT_ASK_LIMITS.windowMs,
  };
}

export interface AskOptions {
  couch: Couch;
  names: DbNames;
  store: PublicStore;
  tokens: FormTokens;
  limits?: AskLimits;
  /** The server-only personal database, where askers' addresses are kept. */
  personal: Db;
  /** Keeps the asker's e-mail address, server-side only, to tell them of the answer. */
  keepEmail: (questionId: string, email: string, lang: AskerLang) => Promise<void>;
}

/** What a question is asked about, as the public side shows it. */
interface Subject {
  planId: string;
  commitmentId: string;
  reportId?: string;
}

const TOKEN_REASONS = {
  missing: [
    'ask for the form first (GET /api/questions/form).',
    'abra primero el formulario (GET /api/questions/form).',
  ],
  forged: ['is not a form token this server issued.', 'no es un código de formulario de este servidor.'],
  'too-soon': [
    'the form was sent too fast; wait a moment and send it again.',
    'el formulario se envió demasiado rápido; espere un momento y envíelo de nuevo.',
  ],
  expired: ['the form is too old; reload the page.', 'el formulario es demasiado antiguo; recargue la página.'],
} as const;

function badRequest(res: Response, field: string, reason: string, reasonEs: string): void {
  res.status(400).json({ error: 'bad_request', field, reason, reason_es: reasonEs });
}

/**
 * `POST /api/commitments/:id/questions` and `POST /api/reports/:id/questions`: the public asks,
 * with no account. The question is stored in the workspace as `pending` (or `published` on a plan
 * moderated afterwards) for the plan's committee; the e-mail address, when given, goes to
 * `keepEmail` and never into the workspace. Rate limited per address and per commitment.
 */
/**
 * The second stage of a post: what it asks about must be public, the question well formed and its
 * form token good; what was asked and about what then waits in `res.locals` for `receive`.
 */
function checkAsk(tokens: FormTokens, find: (id: string) => Promise<Subject | null>) {
  return async (req: Request, res: Response, next: () => void) => {
    const subject = await find(req.params.id as string);
    if (!subject) return void res.status(404).json({ error: 'not_found', reason: `${req.params.id} is not public.` });
    const input = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const checked = checkQuestion(input, (value) => validator.isEmail(value) && isMailAddress(value));
    if ('problem' in checked)
      return badRequest(res, checked.problem.field, checked.problem.reason, checked.problem.reasonEs);
    const tokenProblem = tokens.problem(input.token);
    if (tokenProblem) {
      const [reason, reasonEs] = TOKEN_REASONS[tokenProblem];
      return badRequest(res, 'token', `token: ${reason}`, `token: ${reasonEs}`);
    }
    res.locals.subject = subject;
    res.locals.question = checked.question;
    // A filled honeypot is a script: it is told what a person is told, and nothing is stored.
    res.locals.bot = typeof input[HONEYPOT_FIELD] === 'string' && input[HONEYPOT_FIELD] !== '';
    res.locals.lang = askerLang(input.lang);
    next();
  };
}

export function askRoutes(options: AskOptions): Router {
  const limits = options.limits ?? askLimitsFromEnv();
  const router = express.Router();
  const perAddress = limitPosts({
    windowMs: limits.windowMs,
    limit: limits.perAddress,
    reason: 'Too many questions from this address; try again later.',
    reasonEs: 'Demasiadas preguntas desde esta dirección; intente más tarde.',
  });
  // Counted after the subject is known and the question is well formed, so bad posts do not use up a commitment's share.
  const perCommitment = limitPosts({
    windowMs: limits.windowMs,
    limit: limits.perCommitment,
    key: (_req, res) => String((res.locals.subject as Subject).commitmentId),
    reason: 'This commitment has received many questions lately; try again later.',
    reasonEs: 'Este compromiso recibió muchas preguntas en poco tiempo; intente más tarde.',
  });

  router.get('/questions/form', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ token: options.tokens.issue(), minSeconds: options.tokens.minMs / 1000, honeypot: HONEYPOT_FIELD });
  });
  const body = express.json({ limit: '16kb' });
  const check = (find: (id: string) => Promise<Subject | null>) => checkAsk(options.tokens, find);
  // Express 5 hands a rejected promise to the error handler.
  const store = (_req: Request, res: Response) => receive(options, res);
  // The asker's own request to delete their address, with the key the 202 gave them.
  router.delete('/questions/:id/email', async (req, res) => {
    const id = req.params.id;
    if (!options.tokens.ownsQuestion(id, req.query.key))
      return void badRequest(
        res,
        'key',
        'key: not the key this question was given.',
        'key: no es la clave que recibió esta pregunta.',
      );
    const removed = await forgetAsker(options.personal, id);
    res.json({ ok: true, removed });
  });
  router.post(
    '/commitments/:id/questions',
    perAddress,
    body,
    check((id) => commitmentSubject(options.store, id)),
    perCommitment,
    store,
  );
  router.post(
    '/reports/:id/questions',
    perAddress,
    body,
    check((id) => reportSubject(options.store, id)),
    perCommitment,
    store,
  );
  return router;
}

async function commitmentSubject(store: PublicStore, id: string): Promise<Subject | null> {
  const commitment = store.getIndex().commitments.get(id);
  return commitment ? { planId: commitment.planId, commitmentId: commitment._id } : null;
}

async function reportSubject(store: PublicStore, id: string): Promise<Subject | null> {
  const report: PublicReport | undefined = await store.report(id);
  return report?.status === 'published'
    ? { planId: report.planId, commitmentId: report.commitmentId, reportId: report._id }
    : null;
}

/**
 * The plan's moderation as the workspace has it now: the public side shows a change only once it
 * is published, and a question asked meanwhile must not skip the committee (seen on a cluster).
 */
async function moderationOf(options: AskOptions, planId: string): Promise<unknown> {
  const plan = await getOrNull<{ questionModeration?: unknown }>(useDb(options.couch, options.names.workspace), planId);
  return plan?.questionModeration;
}

async function receive(options: AskOptions, res: Response): Promise<void> {
  const subject = res.locals.subject as Subject;
  const asked = res.locals.question as AskedQuestion;
  const at = new Date().toISOString();
  const id = `question:${at.slice(0, 10).replaceAll('-', '')}-${randomBytes(8).toString('hex')}`;
  const status = (await moderationOf(options, subject.planId)) === 'after' ? 'published' : 'pending';
  if (!res.locals.bot) {
    const question: Question = {
      _id: id,
      type: 'question',
      ...subject,
      text: asked.text,
      ...(asked.name ? { name: asked.name } : {}),
      status,
      receivedAt: at,
      ...(status === 'published' ? { publishedAt: at } : {}),
    };
    // The address first: a question stored without it would never tell its asker.
    if (asked.email) await options.keepEmail(id, asked.email, res.locals.lang as AskerLang);
    // useDb tells this process's followers of the write (known-writes), so the publisher waits for it.
    await useDb(options.couch, options.names.workspace).insert(question as unknown as Record<string, unknown>);
  }
  // Only the asker learns this link: it deletes their address before the answer comes.
  const key = options.tokens.questionKey(id);
  const forget = asked.email ? { forgetEmail: `/api/questions/${encodeURIComponent(id)}/email?key=${key}` } : {};
  res.status(202).json({ id, status, ...forget });
}
