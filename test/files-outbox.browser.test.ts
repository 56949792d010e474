import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * The evidence files outbox on a field connection (issue 30): an upload held on a dead connection
 * does not stop the others, a large file cut near its end goes on from where it stopped, and each
 * file that does not go says why and what the person can do.
 */
let server: TestServer;
let browser: Browser;
const MiB = 1024 * 1024;
const sha = (bytes: Buffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
const pdfOf = (bytes: number) =>
  Buffer.concat([new Uint8Array(Buffer.from('%PDF-1.4\n')), new Uint8Array(randomBytes(bytes - 9))]);

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function onServer(hash: string): Promise<boolean> {
  const record = await getOrNull<{ _attachments?: object }>(useDb(server.couch, server.names.files), `file:${hash}`);
  return Boolean(record?._attachments);
}

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill('demo-gobierno');
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
  return { context, page };
}

/** A draft with these files, saved offline so that nothing goes before the test's routes are set. */
async function draftWithFiles(context: BrowserContext, page: Page, files: { name: string; buffer: Buffer }[]) {
  await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
  await page.getByRole('button', { name: 'Nuevo reporte de avance' }).waitFor();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
  await page.getByLabel('Porcentaje de avance').fill('20');
  await page.getByLabel('Fecha del avance').fill('2021-02-01');
  await page.getByLabel('Descripción del avance').fill('Con evidencia pesada.');
  await page
    .getByTestId('file-input')
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/pdf', buffer: f.buffer })));
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await page.waitForURL(/#\/report\//);
}

describe('evidence files outbox', () => {
  it('sends the other files while one upload is held on a dead connection, and that one once it is back', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await signedIn();
    const files = [pdfOf(3 * MiB), pdfOf(200_000)].map((buffer, i) => ({ name: `acta-${i}.pdf`, buffer }));
    await draftWithFiles(context, page, files);
    // Whichever file the outbox tries first is held: its requests get no answer, ever.
    let held: string | undefined;
    let online = false;
    const holding: Route[] = [];
    await context.route('**/api/files/**', (route) => {
      const hash = /\/api\/files\/([a-f0-9]{64})/.exec(route.request().url())?.[1];
      // Held once back online, so that the deadline ends it, not the change of connectivity.
      if (online) held ??= hash;
      if (hash === held) holding.push(route);
      else void route.continue();
    });
    const start = Date.now();
    online = true;
    await context.setOffline(false);
    const hashes = files.map((f) => sha(f.buffer));
    await expect.poll(() => held !== undefined, { timeout: 20_000 }).toBe(true);
    const free = hashes.find((h) => h !== held) as string;
    await expect.poll(() => onServer(free), { timeout: 60_000 }).toBe(true);
    console.log(`other file on the server ${Date.now() - start} ms after the connection came back`);
    expect(await onServer(held as string)).toBe(false);
    expect(holding.length).toBeGreaterThan(0);
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await expect.poll(() => onServer(held as string), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 30_000 }).toBe('Todo enviado');
    await context.close();
  });

  // 8 MiB, not 25: the property is the same, and under the full suite's load joining 24 MiB on the
  // embedded store outlasted the test (the README's figure is from a 24 MiB run).
  it('goes on from where an 8 MB upload was cut at 90 %, not from zero', { timeout: 180_000 }, async () => {
    const { context, page } = await signedIn();
    const file = pdfOf(8 * MiB);
    await draftWithFiles(context, page, [{ name: 'estudio.pdf', buffer: file }]);
    let sent = 0;
    let cut = false;
    await context.route('**/api/files/**', async (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      const bytes = request.postDataBuffer()?.length ?? 0;
      sent += bytes;
      // The connection drops once nine tenths of the file have gone.
      if (!cut && sent > 0.9 * file.length) {
        cut = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const start = Date.now();
    await context.setOffline(false);
    await expect.poll(() => onServer(sha(file)), { timeout: 150_000 }).toBe(true);
    console.log(`on the server ${Date.now() - start} ms after the connection came back`);
    console.log(`sent ${(sent / MiB).toFixed(1)} MiB for a ${(file.length / MiB).toFixed(1)} MiB file cut at 90 %`);
    expect(cut).toBe(true);
    // The piece cut on its way is sent again, never the nine tenths before it.
    expect(sent).toBeLessThan(file.length + 2 * MiB);
    await context.close();
  });

  it('says for each file that does not go what is wrong and what the person can do, in Spanish and English', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await signedIn();
    const full = { name: 'informe-anual.pdf', buffer: pdfOf(300_000) };
    const large = { name: 'fotos-del-taller.pdf', buffer: pdfOf(400_000) };
    await draftWithFiles(context, page, [full, large]);
    // The server's disk is full for one; for the other, its limit is lower than the app's.
    await context.route(`**/api/files/${sha(full.buffer)}**`, (route) =>
      route.fulfill({
        status: 507,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'insufficient_storage', reason: 'The server has no space left for files.' }),
      }),
    );
    await context.route(`**/api/files/${sha(large.buffer)}**`, (route) =>
      route.fulfill({
        status: 413,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'too_large', reason: 'The file is larger than the 0 MB limit.' }),
      }),
    );
    await context.setOffline(false);
    const waiting = page.getByTestId('files-waiting');
    await expect.poll(() => waiting.textContent(), { timeout: 30_000 }).toContain('el servidor no tiene espacio');
    await expect.poll(() => waiting.textContent(), { timeout: 30_000 }).toContain('una versión más pequeña');
    const text = await waiting.textContent();
    expect(text).toContain('informe-anual.pdf');
    expect(text).toContain('avise a quien administra el servidor');
    expect(text).toContain('fotos-del-taller.pdf');
    expect(text).toContain('adjunte una versión más pequeña');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-files-waiting');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => waiting.textContent()).toContain('the server has no space left');
    expect(await waiting.textContent()).toContain('attach a smaller version');

    // Space is back: a retry sends it, and the list says what still waits.
    await context.unroute(`**/api/files/${sha(full.buffer)}**`);
    await waiting.getByRole('button', { name: /Retry now.*informe-anual\.pdf/ }).click();
    await expect.poll(() => onServer(sha(full.buffer)), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => waiting.textContent(), { timeout: 10_000 }).not.toContain('informe-anual.pdf');
    expect(await waiting.textContent()).toContain('fotos-del-taller.pdf');
    await context.close();
  });
});
