import express, { type Router } from 'express';
import type { SiteResponse } from '../../../shared/src/api-types.js';
import type { SiteSettingsCache } from '../site/settings.js';
import type { PublicStore } from './public-store.js';

/** Tablero's own mark (three rising bars), the tab's icon of a site with no logo of its own. */
export const TABLERO_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/><rect x="3" y="9" width="2" height="4" fill="white"/><rect x="7" y="6" width="2" height="7" fill="white"/><rect x="11" y="3" width="2" height="10" fill="white"/></svg>';

/** What the environment says of the site; `admin site setup` stores settings that win over it. */
export interface SiteDefaults {
  name: string | undefined;
  logoUrl: string | undefined;
  workspaceDb: string;
  publicUrl: string;
  /** TABLERO_REMINDER_DAYS: the app's inbox names key actions due within as many days as the reminders do. */
  reminderDays: number;
}

/** The site as the dashboard, the app and the Atom feed see it, and its logo. */
export class Site {
  constructor(
    private readonly settings: SiteSettingsCache,
    private readonly defaults: SiteDefaults,
    private readonly store: PublicStore,
  ) {}

  async view(): Promise<SiteResponse> {
    const settings = await this.settings.get();
    const name = settings.name ?? this.defaults.name;
    const logoUrl = settings.logo ? `/site/logo?v=${settings.logo.sha256.slice(0, 12)}` : this.defaults.logoUrl;
    return {
      ...(name ? { name } : {}),
      ...(logoUrl ? { logoUrl } : {}),
      language: settings.language ?? 'es',
      workspaceDb: this.defaults.workspaceDb,
      publicUrl: settings.publicUrl ?? this.defaults.publicUrl,
      reminderDays: this.defaults.reminderDays,
      // The demo notice shows only while demo records are public.
      demo: this.store.memo('has demo', (index) => [...index.commitments.values()].some((c) => c.demo)),
    };
  }

  routes(): Router {
    const router = express.Router();
    router.get('/api/site', async (_req, res, next) => {
      try {
        res.set('Cache-Control', 'no-cache').json(await this.view());
      } catch (error) {
        next(error);
      }
    });
    // The pages' icon: the site's logo where it has one (stored, else the environment's address),
    // else Tablero's, so a tab says whose site it is.
    router.get('/site/icon', async (_req, res, next) => {
      try {
        const logo = (await this.settings.get()).logo;
        if (!logo && this.defaults.logoUrl) {
          res.set('Cache-Control', 'public, max-age=300').redirect(302, this.defaults.logoUrl);
          return;
        }
        res.set({
          'Cache-Control': 'public, max-age=300',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        });
        if (logo) res.type(logo.mediaType).send(Buffer.from(logo.base64, 'base64'));
        else res.type('image/svg+xml').send(TABLERO_ICON);
      } catch (error) {
        next(error);
      }
    });
    router.get('/site/logo', async (req, res, next) => {
      try {
        const logo = (await this.settings.get()).logo;
        if (!logo) {
          res.status(404).json({ error: 'not_found', reason: 'This site has no logo of its own.' });
          return;
        }
        const etag = `"${logo.sha256}"`;
        res.set({
          ETag: etag,
          'Cache-Control': 'public, max-age=300',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        });
        if (req.headers['if-none-match'] === etag) {
          res.status(304).end();
          return;
        }
        res.type(logo.mediaType).send(Buffer.from(logo.base64, 'base64'));
      } catch (error) {
        next(error);
      }
    });
    return router;
  }
}
