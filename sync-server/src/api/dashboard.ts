import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { APP_CSP } from '../../../shared/src/csp.js';
import { RENDERER_DIST } from '../paths.js';
import { atomFeed } from './atom.js';
import type { PublicStore } from './public-store.js';
import { notModified } from './revalidate.js';
import type { Site } from './site.js';
import { activityView } from './views.js';

let worker: { source: string; built: number } | undefined;
/**
 * The app's service worker, with the list of what it stores at install: the app's page and every
 * built asset (the reporter app's lazy chunks included), so it works offline after one visit. Its
 * version follows the build, so a new release replaces the old cache.
 */
function serviceWorker(): string {
  const assets = path.join(RENDERER_DIST, 'assets');
  const built = fs.existsSync(assets) ? fs.statSync(assets).mtimeMs : 0;
  if (worker?.built !== built) {
    const files = fs.existsSync(assets) ? fs.readdirSync(assets).sort() : [];
    const list = ['/app/', ...files.map((f) => `/assets/${f}`)];
    const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 12);
    const source = fs.readFileSync(path.join(RENDERER_DIST, 'app', 'sw.js'), 'utf8');
    worker = {
      built,
      source: `const PRECACHE = ${JSON.stringify(list)};\nconst PRECACHE_VERSION = ${JSON.stringify(version)};\n${source}`,
    };
  }
  return worker.source;
}

const attribute = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The dashboard's page with a commitment's Atom feed announced in its head, beside the site's. */
function withFeedLink(html: string, commitmentId: string): string {
  // Percent-encoded, the id has no character that could end the attribute (", <, >, &).
  const href = `/commitments/${encodeURIComponent(commitmentId)}/activity.atom`;
  const link = `<link rel="alternate" type="application/atom+xml" href="${href}" data-feed="page">`;
  // Before the site's own feed, so a reader that takes the first one takes the commitment's.
  const at = html.search(/<link rel="alternate"|<\/head>/);
  return at < 0 ? html : `${html.slice(0, at)}${link}\n    ${html.slice(at)}`;
}

/** The public dashboard: built React pages, the client-side routes that load them, and the Atom feed. */
export function dashboard(store: PublicStore, site: Site): Router {
  const router = express.Router();
  const index = path.join(RENDERER_DIST, 'dashboard', 'index.html');
  router.use(
    '/assets',
    express.static(path.join(RENDERER_DIST, 'assets'), { immutable: true, maxAge: '1y', index: false }),
  );
  router.get('/activity.atom', async (req, res, next) => {
    const plan = typeof req.query.plan === 'string' ? req.query.plan : undefined;
    if (notModified(store, req, res)) return;
    try {
      // The site's address is its configured one, never taken from a request's Host header.
      const { name, publicUrl } = await site.view();
      const { activity } = activityView(await store.indexFor(plan), plan, 50);
      res.type('application/atom+xml').send(atomFeed(activity, publicUrl, name ?? 'Tablero de gobierno abierto'));
    } catch (error) {
      next(error);
    }
  });
  // One commitment's feed, for those who follow it with a feed reader rather than by mail.
  router.get('/commitments/:id/activity.atom', async (req, res, next) => {
    const commitment = store.getIndex().commitments.get(req.params.id);
    if (!commitment) return void res.status(404).json({ error: 'not_found', reason: 'There is no such commitment.' });
    if (notModified(store, req, res)) return;
    try {
      const { name, publicUrl } = await site.view();
      const index = await store.indexFor(commitment.planId);
      const { activity } = activityView(index, commitment.planId, Number.MAX_SAFE_INTEGER);
      const page = `/commitments/${encodeURIComponent(commitment._id)}`;
      res
        .type('application/atom+xml')
        .send(
          atomFeed(
            activity.filter((item) => item.commitmentId === commitment._id).slice(0, 50),
            publicUrl,
            `${commitment.title} · ${name ?? 'Tablero de gobierno abierto'}`,
            { self: `${page}/activity.atom`, alternate: page },
          ),
        );
    } catch (error) {
      next(error);
    }
  });
  // The reporter and committee app, the same one the desktop app loads.
  router.get('/app/sw.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.type('application/javascript').send(serviceWorker());
  });
  router.get('/app/', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', APP_CSP);
    res.sendFile(path.join(RENDERER_DIST, 'app', 'index.html'));
  });
  router.get(['/', '/commitments/:id', '/organizations/:id', '/activity', '/data', '/evaluation'], (req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The dashboard is not built yet: run "npm run build" (npm start does it).');
      return;
    }
    res.set('Cache-Control', 'no-cache');
    const { id } = req.params;
    const commitment = typeof id === 'string' && req.path.startsWith('/commitments/') ? id : undefined;
    if (commitment && store.getIndex().commitments.has(commitment))
      // A feed reader given the page finds the commitment's feed without running the page's script.
      return void res.type('html').send(withFeedLink(fs.readFileSync(index, 'utf8'), commitment));
    res.sendFile(index);
  });
  return router;
}
