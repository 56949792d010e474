import express, { type Request, type Response, type Router } from 'express';
import { isStatus } from '../couch/client.js';
import { type Lang, PAGE, SETTINGS_PAGE } from './follow-texts.js';
import { type Follow, followOfToken } from './follows.js';
import { type Context, invalid, type PageInput, route, sendPage, titleOf } from './link-pages.js';

/**
 * `/api/follow/settings/{token}`, linked from every mail of a follow: a GET shows the choice
 * between a mail per item and a daily digest, only the form's POST changes it (mail scanners open
 * links). The token is the follow's unsubscription token.
 */
export function settingsRoutes(router: Router, { personal, publicDb, site, digest }: Context): void {
  const { hour, timeZone } = digest;
  const form = async (follow: Follow, token: string, chosen: Follow['digest']) => {
    const title = (await titleOf(publicDb, follow.target)) ?? follow.target.id;
    return (lang: Lang): PageInput => {
      const t = SETTINGS_PAGE[lang];
      return {
        title: t.title,
        body: t.body(follow.target.kind, title),
        button: t.button,
        choice: {
          name: 'digest',
          legend: t.legend,
          options: [
            { value: 'immediate', label: t.immediate, checked: chosen === 'immediate' },
            { value: 'daily', label: t.daily(hour, timeZone), checked: chosen === 'daily' },
          ],
        },
        links: [{ href: `/api/unsubscribe/${token}`, label: PAGE[lang].unsubscribeButton }],
      };
    };
  };
  const page = (req: Request, res: Response, status: number, parts: (lang: Lang) => PageInput) =>
    sendPage(site, req, res, status, parts);

  router.get(
    '/follow/settings/:token',
    route(async (req, res) => {
      const token = String(req.params.token);
      const found = await followOfToken(personal, token, 'unsubscribe');
      if (!found) return page(req, res, 404, invalid);
      await page(req, res, 200, await form(found.follow, token, found.follow.digest));
    }),
  );
  router.post(
    '/follow/settings/:token',
    express.urlencoded({ extended: false, limit: '1kb' }),
    route(async (req, res) => {
      const token = String(req.params.token);
      const found = await followOfToken(personal, token, 'unsubscribe');
      if (!found) return page(req, res, 404, invalid);
      const chosen = (req.body as Record<string, unknown> | undefined)?.digest;
      if (chosen !== 'immediate' && chosen !== 'daily') {
        const parts = await form(found.follow, token, found.follow.digest);
        return page(req, res, 400, (lang) => ({
          ...parts(lang),
          title: SETTINGS_PAGE[lang].badTitle,
          body: SETTINGS_PAGE[lang].bad,
        }));
      }
      if (chosen !== found.follow.digest)
        await personal.insert({ ...found.follow, digest: chosen } as never).catch((error: unknown) => {
          // Chosen twice at once: the other write stands, and the page says what this one chose.
          if (!isStatus(error, 409)) throw error;
        });
      const parts = await form(found.follow, token, chosen);
      await page(req, res, 200, (lang) => ({
        ...parts(lang),
        body: SETTINGS_PAGE[lang].saved(chosen, hour, timeZone),
      }));
    }),
  );
}
