import express, { type Request, type Response, type Router } from 'express';
import type { Lang } from './follow-texts.js';
import { type Context, invalid, type PageInput, route, sendPage } from './link-pages.js';
import { personOfStopToken, REMINDER_KINDS, type ReminderKind, setReminderChoices } from './people.js';
import { KIND_NAMES, STOP_PAGE } from './reminder-texts.js';

/** "deadlineSoon,overdue" → the kinds, or null when any is not one. */
function kindsOf(text: string): ReminderKind[] | null {
  const kinds = text.split(',');
  return kinds.length && kinds.every((k) => (REMINDER_KINDS as readonly string[]).includes(k))
    ? (kinds as ReminderKind[])
    : null;
}

const named = (lang: Lang, kinds: readonly ReminderKind[]) =>
  kinds.map((k) => KIND_NAMES[lang][k]).join(lang === 'en' ? '; or that ' : '; o de que ');

/**
 * `/api/reminders/stop/{token}/{kinds}`, the List-Unsubscribe address of every reminder mail: a
 * GET shows a page with a button, a POST (the button, or the mail client's RFC 8058 one-click
 * `List-Unsubscribe=One-Click`) turns those kinds of reminder off in the person's mail choices,
 * the same choices the app's "E-mail reminders" screen sets.
 */
export function reminderStopRoutes(router: Router, { personal, site }: Context): void {
  const page = (req: Request, res: Response, status: number, parts: (lang: Lang) => PageInput) =>
    sendPage(site, req, res, status, parts);
  const found = async (req: Request) => {
    const kinds = kindsOf(String(req.params.kinds));
    const name = kinds ? await personOfStopToken(personal, String(req.params.token)) : null;
    return kinds && name ? { kinds, name } : null;
  };
  router.get(
    '/reminders/stop/:token/:kinds',
    route(async (req, res) => {
      const stop = await found(req);
      if (!stop) return page(req, res, 404, invalid);
      await page(req, res, 200, (lang) => ({
        title: STOP_PAGE[lang].title,
        body: STOP_PAGE[lang].body(named(lang, stop.kinds)),
        button: STOP_PAGE[lang].button,
      }));
    }),
  );
  router.post(
    '/reminders/stop/:token/:kinds',
    express.urlencoded({ extended: false, limit: '1kb' }),
    route(async (req, res) => {
      const stop = await found(req);
      if (!stop) return page(req, res, 404, invalid);
      await setReminderChoices(personal, stop.name, Object.fromEntries(stop.kinds.map((k) => [k, false])));
      await page(req, res, 200, (lang) => ({
        title: STOP_PAGE[lang].title,
        body: STOP_PAGE[lang].done(named(lang, stop.kinds)),
      }));
    }),
  );
}
