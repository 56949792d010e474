import express, { type Request, type Response, type Router } from 'express';
import type { DbNames } from '../config.js';
import { type Couch, type Db, getOrNull, useDb } from '../couch/client.js';
import { isDocId } from '../couch/store-ids.js';
import { limitPosts } from '../http/rate-limit.js';
import type { DigestTime } from './digest-hour.js';
import { type Choice, followPage } from './follow-pages.js';
import { takeConfirmation } from './follow-quota.js';
import { settingsRoutes } from './follow-settings.js';
import { confirmMail, type Lang, PAGE } from './follow-texts.js';
import {
  confirmFollow,
  createFollow,
  deleteFollow,
  type Follow,
  type FollowKind,
  type FollowTarget,
  followIdOf,
  followOfToken,
} from './follows.js';
import { type Context, invalid, type PageInput, route, type SiteInfo, sendPage, titleOf } from './link-pages.js';
import { enqueueMail, isMailAddress } from './queue.js';
import { reminderStopRoutes } from './reminder-stop.js';

export type { SiteInfo };

export interface FollowRoutesOptions {
  couch: Couch;
  names: DbNames;
  site: () => Promise<SiteInfo>;
  now?: () => number;
  /** Follow requests per client address and window. */
  limits?: { windowMs: number; perAddress: number };
  /** When daily digests go, as the settings page names it; 07:00 UTC unless set. */
  digest?: DigestTime;
}

/** The body's field for each kind, and the id prefix its value must have. */
const FIELD: Record<FollowKind, { field: string; prefix: string }> = {
  commitment: { field: 'commitmentId', prefix: 'commitment:' },
  plan: { field: 'planId', prefix: 'plan:' },
  organization: { field: 'organizationId', prefix: 'org:' },
};

class BadInput extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (res: Response, error: BadInput) =>
  res.status(400).json({ error: 'bad_request', field: error.field, reason: error.message });

interface FollowRequest {
  email: string;
  target: FollowTarget;
  digest: Follow['digest'];
}

function parseFollow(body: unknown): FollowRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new BadInput(
      'body',
      'The body must be a JSON object: {"email", "commitmentId" | "planId" | "organizationId"}.',
    );
  const input = body as Record<string, unknown>;
  const known = new Set(['email', 'digest', ...Object.values(FIELD).map((f) => f.field)]);
  const unknown = Object.keys(input).find((key) => !known.has(key));
  if (unknown) throw new BadInput(unknown, `${unknown}: not a field of a follow request.`);
  if (!isMailAddress(input.email)) throw new BadInput('email', 'email: one e-mail address, name@example.org.');
  const given = (Object.entries(FIELD) as [FollowKind, (typeof FIELD)[FollowKind]][]).filter(
    ([, { field }]) => input[field] !== undefined,
  );
  if (given.length !== 1)
    throw new BadInput('commitmentId', 'commitmentId: give exactly one of commitmentId, planId or organizationId.');
  const [kind, { field, prefix }] = given[0] as [FollowKind, (typeof FIELD)[FollowKind]];
  const id = input[field];
  if (typeof id !== 'string' || !id.startsWith(prefix) || !isDocId(id))
    throw new BadInput(field, `${field}: an id such as ${prefix}mx-2019-01.`);
  const digest = input.digest ?? 'immediate';
  if (digest !== 'immediate' && digest !== 'daily')
    throw new BadInput('digest', 'digest: "immediate" (a mail per event) or "daily" (one mail a day).');
  return { email: input.email, target: { kind, id }, digest };
}

/** The dashboard page of what is followed. */
export function pageOf(publicUrl: string, target: FollowTarget): string {
  if (target.kind === 'commitment') return `${publicUrl}/commitments/${encodeURIComponent(target.id)}`;
  if (target.kind === 'organization') return `${publicUrl}/organizations/${encodeURIComponent(target.id)}`;
  return `${publicUrl}/`;
}

export const unsubscribeUrl = (publicUrl: string, token: string) => `${publicUrl}/api/unsubscribe/${token}`;

/**
 * The page where a follower chooses a mail per item or a daily digest. It takes the unsubscription
 * link's token: whoever may end the follow may choose how often it mails.
 */
export const settingsUrl = (publicUrl: string, token: string) => `${publicUrl}/api/follow/settings/${token}`;

/** RFC 8058 one-click unsubscription, in every mail of a follow. */
export const unsubscribeHeaders = (url: string) => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/**
 * `POST /api/follow` and the pages of its links. The answer to a follow request is the same 202
 * whether or not the address already follows, so nobody learns who follows what; the
 * confirmation link's page confirms only by its button's POST, never by a GET, since mail
 * scanners open links; the unsubscription address takes RFC 8058's one-click POST too.
 */
export function followRoutes(options: FollowRoutesOptions): Router {
  const context: Context = {
    personal: useDb(options.couch, options.names.personal),
    publicDb: useDb(options.couch, options.names.public),
    site: options.site,
    now: options.now ?? Date.now,
    digest: options.digest ?? { hour: 7, timeZone: 'UTC' },
  };
  const router = express.Router();
  const limits = options.limits ?? { windowMs: 60 * 60 * 1000, perAddress: 20 };
  const perAddress = limitPosts({
    windowMs: limits.windowMs,
    limit: limits.perAddress,
    reason: 'Too many follow requests from this address; try again later.',
    reasonEs: 'Demasiadas solicitudes de seguimiento desde esta dirección; intente más tarde.',
  });
  router.post(
    '/follow',
    perAddress,
    express.json({ limit: '4kb' }),
    route((req, res) => askToFollow(context, req, res)),
  );
  linkRoutes(router, context);
  settingsRoutes(router, context);
  // Reminder mails' stop links are pages of the same kind, on the same site and language.
  reminderStopRoutes(router, context);
  return router;
}

/** A follow request: a pending follow and its confirmation mail the first time, the same 202 every time. */
async function askToFollow({ personal, publicDb, site, now }: Context, req: Request, res: Response): Promise<void> {
  let request: FollowRequest;
  let title: string | null;
  try {
    request = parseFollow(req.body);
    title = await titleOf(publicDb, request.target);
    const { field } = FIELD[request.target.kind];
    if (title === null)
      throw new BadInput(field, `${field}: there is no public ${request.target.kind} ${request.target.id}.`);
  } catch (error) {
    if (error instanceof BadInput) return void refuse(res, error);
    throw error;
  }
  const info = await site();
  const existing = await getOrNull(personal, followIdOf(request.email, request.target));
  const allowed = !existing && (await takeConfirmation(personal, request.email, now()));
  const created = allowed ? await createFollow(personal, { ...request, lang: info.language }, now()) : null;
  if (created)
    await enqueueMail(personal, {
      key: `follow-confirm:${created.follow._id}`,
      to: created.follow.email,
      lang: info.language,
      owner: created.follow._id,
      ...confirmMail(info.language, {
        site: info.name ?? 'Tablero',
        kind: request.target.kind,
        title,
        confirmUrl: `${info.publicUrl}/api/follow/confirm/${created.confirmToken}`,
      }),
      headers: unsubscribeHeaders(unsubscribeUrl(info.publicUrl, created.unsubscribeToken)),
    });
  res.status(202).json({
    ok: true,
    reason: 'If the address can receive mail, a confirmation link is on its way.',
    reason_es: 'Si la dirección puede recibir correo, va en camino un enlace de confirmación.',
  });
}

/** The confirmation and unsubscription links: a GET shows a page with a button, only a POST acts. */
function linkRoutes(router: Router, { personal, publicDb, site, now }: Context): void {
  const page = (req: Request, res: Response, status: number, parts: (lang: Lang) => PageInput) =>
    sendPage(site, req, res, status, parts);
  const titled = async (target: FollowTarget) => (await titleOf(publicDb, target)) ?? target.id;
  router.get(
    '/follow/confirm/:token',
    route(async (req, res) => {
      const found = await followOfToken(personal, String(req.params.token), 'confirm');
      if (!found) return page(req, res, 404, invalid);
      const title = await titled(found.follow.target);
      await page(req, res, 200, (lang) => ({
        title: PAGE[lang].confirmTitle,
        body: PAGE[lang].confirmBody(found.follow.target.kind, title),
        button: PAGE[lang].confirmButton,
      }));
    }),
  );
  router.post(
    '/follow/confirm/:token',
    route(async (req, res) => {
      const confirmed = await confirmFollow(personal, String(req.params.token), now());
      if (!confirmed) return page(req, res, 404, invalid);
      const title = await titled(confirmed.target);
      await page(req, res, 200, (lang) => ({
        title: PAGE[lang].confirmTitle,
        body: PAGE[lang].confirmed(confirmed.target.kind, title),
      }));
    }),
  );
  router.get(
    '/unsubscribe/:token',
    route(async (req, res) => {
      const found = await followOfToken(personal, String(req.params.token), 'unsubscribe');
      if (!found) return page(req, res, 404, invalid);
      const title = await titled(found.follow.target);
      await page(req, res, 200, (lang) => ({
        title: PAGE[lang].unsubscribeTitle,
        body: PAGE[lang].unsubscribeBody(found.follow.target.kind, title),
        button: PAGE[lang].unsubscribeButton,
      }));
    }),
  );
  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click"; the page's button posts an empty form. Both end the follow.
  router.post(
    '/unsubscribe/:token',
    express.urlencoded({ extended: false, limit: '1kb' }),
    route(async (req, res) => {
      const found = await followOfToken(personal, String(req.params.token), 'unsubscribe');
      if (!found) return page(req, res, 404, invalid);
      await deleteFollow(personal, found.follow._id);
      await page(req, res, 200, (lang) => ({ title: PAGE[lang].unsubscribeTitle, body: PAGE[lang].unsubscribed }));
    }),
  );
}
