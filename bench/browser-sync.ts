/**
 * The reporter app's first sync of a large plan as people run it: the built app in Chromium with
 * a profile on disk (RxDB on Dexie, IndexedDB), signed in through its screen. Beside it, in the
 * same browser and through the same gateway: PouchDB replicating into IndexedDB, and a raw paged
 * `_changes` read that stores nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { launchProfile } from '../scripts/chromium.js';
import type { RunningServer } from '../sync-server/src/server.js';
import { addBenchUser } from './bench-store.js';

export interface BrowserSyncFigures {
  docs: number;
  /** From pressing "Iniciar sesión" to the plan on screen. */
  firstScreenMs: number;
  /** From pressing "Iniciar sesión" to the first sync done (its progress bar gone). */
  appMs: number;
  /** The app's IndexedDB once synced. */
  appBytes: number;
  pouch: { ms: number; docs: number };
  raw: { ms: number; docs: number };
  /** Every run of the app and of the raw read, alternated (the figures above are the first run's). */
  runs: { appMs: number; rawMs: number }[];
}

const NAME = 'bench-browser';
const PASSWORD = 'bench-browser-password';

async function baselinesScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'browser/sync-baselines.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    define: { global: 'window', 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]?.text as string;
}

async function signIn(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/app/`);
  await page.getByLabel('Usuario').fill(NAME);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  const t = Date.now();
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  return t;
}

async function withProfile<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-bench-profile-'));
  const context = await launchProfile(dir);
  try {
    return await run(context);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureBrowserSync(
  server: RunningServer,
  orgSlug: string,
  planTitle: RegExp,
  runs = 3,
): Promise<BrowserSyncFigures> {
  await addBenchUser(server, { name: NAME, password: PASSWORD, role: 'reporter', org: orgSlug });
  const url = server.url;

  const appRun = () =>
    withProfile(async (context) => {
      const page = await context.newPage();
      const start = await signIn(page, url);
      await page.getByRole('link', { name: planTitle }).first().waitFor({ timeout: 120_000 });
      const firstScreenMs = Date.now() - start;
      await page.getByTestId('first-sync').waitFor({ state: 'detached', timeout: 600_000 });
      const appMs = Date.now() - start;
      const appBytes = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
      return { firstScreenMs, appMs, appBytes };
    });

  const script = await baselinesScript();
  const baseline = (which: 'pouchdbReplication' | 'rawChanges') =>
    withProfile(async (context) => {
      const page = await context.newPage();
      await signIn(page, url);
      await page.getByRole('link', { name: planTitle }).first().waitFor({ timeout: 120_000 });
      // A page of the server's origin that holds only the baseline, so the app's own sync is not running beside it.
      await page.route(`${url}/bench-sync`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>bench</title><script>${script}</script>`,
        }),
      );
      await page.goto(`${url}/bench-sync`);
      return page.evaluate(
        ([fn, db]) =>
          (
            window as unknown as { benchSync: Record<string, (u: string) => Promise<{ ms: number; docs: number }>> }
          ).benchSync[fn as string]?.(db as string) as Promise<{ ms: number; docs: number }>,
        [which, `${url}/db/${server.names.workspace}`],
      );
    });
  const measured: { app: Awaited<ReturnType<typeof appRun>>; raw: { ms: number; docs: number } }[] = [];
  for (let run = 0; run < runs; run++) measured.push({ app: await appRun(), raw: await baseline('rawChanges') });
  const pouch = await baseline('pouchdbReplication');
  const [first] = measured as [(typeof measured)[number]];
  return {
    docs: first.raw.docs,
    ...first.app,
    pouch,
    raw: first.raw,
    runs: measured.map(({ app, raw }) => ({ appMs: app.appMs, rawMs: raw.ms })),
  };
}
