import type express from 'express';
import type { Request, Response } from 'express';
import { type Db, getOrNull } from '../couch/client.js';
import type { DigestTime } from './digest-hour.js';
import { type Choice, followPage } from './follow-pages.js';
import { type Lang, PAGE } from './follow-texts.js';
import type { FollowTarget } from './follows.js';

/*
 * What the pages behind the links of follow and reminder mails share (confirm, unsubscribe,
 * settings, stop a reminder): the routes' context, one page renderer, the invalid-link page.
 */

/** The site as the follow mails and pages name it (api/site.ts's view). */
export interface SiteInfo {
  name?: string;
  language: Lang;
  publicUrl: string;
}

export interface Context {
  personal: Db;
  publicDb: Db;
  site: () => Promise<SiteInfo>;
  now: () => number;
  digest: DigestTime;
}

export const route =
  (handler: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: express.NextFunction) =>
    handler(req, res).catch(next);

/** The public title of what is followed, or null when the public side has no such thing. */
export async function titleOf(publicDb: Db, target: FollowTarget): Promise<string | null> {
  const doc = await getOrNull<{ type?: string; title?: string; name?: string }>(publicDb, target.id);
  if (!doc || doc.type !== target.kind) return null;
  return (target.kind === 'organization' ? doc.name : doc.title) ?? target.id;
}

/** One of the links' pages, in the language asked for (`?lang=`) or the site's, with a link to the other. */
export async function sendPage(
  site: Context['site'],
  req: Request,
  res: Response,
  status: number,
  parts: (lang: Lang) => PageInput,
): Promise<void> {
  const info = await site();
  const lang: Lang = req.query.lang === 'en' || req.query.lang === 'es' ? req.query.lang : info.language;
  const other: Lang = lang === 'es' ? 'en' : 'es';
  const path = req.originalUrl.split('?')[0] ?? '';
  const { title, body, button, choice, links } = parts(lang);
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
    .type('html')
    .send(
      followPage({
        lang,
        site: info.name ?? 'Tablero',
        title,
        body,
        ...(button ? { form: { action: `${path}?lang=${lang}`, button, ...(choice ? { choice } : {}) } } : {}),
        ...(links ? { links: links.map((l) => ({ ...l, href: `${l.href}?lang=${lang}` })) } : {}),
        other: { href: `${path}?lang=${other}`, label: PAGE[lang].otherLanguage },
      }),
    );
}

export const invalid = (lang: Lang) => ({ title: PAGE[lang].invalidTitle, body: PAGE[lang].invalid });

export interface PageInput {
  title: string;
  body: string;
  button?: string;
  choice?: Choice;
  /** Other pages of the follow, by their path on this server. */
  links?: { href: string; label: string }[];
}
