import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { DOCS_DIR, launchBrowser, seriousViolations } from './browser.js';
import { Client, startTestServer, type TestServer, untilPublic } from './helpers.js';

let server: TestServer;
let browser: Browser;
let page: Page;

const sha = (bytes: Buffer) => createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
// A one-page PDF that says what it is, as a scanned signed record would.
const pdf = Buffer.from(`%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 300]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 60>>stream
BT /F1 22 Tf 40 200 Td (Minuta firmada de la mesa) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF`);

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A photo taken at the event, as a reporter would attach it (drawn and captured in the browser). */
async function photo(): Promise<Buffer> {
  const studio = await browser.newPage({ viewport: { width: 480, height: 320 } });
  await studio.setContent(
    '<body style="margin:0;background:linear-gradient(#7fb3d5,#d6eaf8)"><div style="position:absolute;left:40px;top:150px;width:400px;height:120px;background:#1e8449;border-radius:12px"></div><p style="position:absolute;left:60px;top:40px;font:bold 32px sans-serif;color:#154360">Taller con OSC</p></body>',
  );
  const bytes = await studio.screenshot({ type: 'png' });
  await studio.close();
  return bytes;
}

describe('evidence on the public commitment page', () => {
  it('shows a thumbnail of a photo, opens PDFs and images in a sandboxed viewer, and downloads the rest', async () => {
    const sfp = new Client(server.couchUrl, { name: 'demo-gobierno', password: DEMO_PASSWORD });
    const auth = `Basic ${Buffer.from(`demo-gobierno:${DEMO_PASSWORD}`).toString('base64')}`;
    const image = await photo();
    const csv = Buffer.from('entidad,adherida\nJalisco,sí\n');
    const files = [
      { bytes: pdf, name: 'minuta-firmada.pdf', mediaType: 'application/pdf', kind: 'minutes' },
      { bytes: image, name: 'taller.png', mediaType: 'image/png', kind: 'photo' },
      { bytes: csv, name: 'entidades.csv', mediaType: 'text/csv', kind: 'dataset' },
    ];
    const ids: string[] = [];
    for (const [i, file] of files.entries()) {
      const put = await fetch(`${server.url}/api/files/${sha(file.bytes)}`, {
        method: 'PUT',
        headers: { 'content-type': file.mediaType, authorization: auth },
        body: new Uint8Array(file.bytes),
      });
      expect(put.status).toBeLessThan(300);
      const id = `evidence:viewer-${i}`;
      const written = await sfp.put(server.names.workspace, {
        _id: id,
        type: 'evidence',
        planId: 'plan:mx-4pa',
        orgId: 'org:sfp',
        createdBy: 'demo-gobierno',
        createdAt: new Date().toISOString(),
        status: 'published',
        title: file.name,
        kind: file.kind,
        file: { sha256: sha(file.bytes), name: file.name, mediaType: file.mediaType, size: file.bytes.length },
      });
      expect(written.status).toBe(201);
      ids.push(id);
    }
    const report = await sfp.put(server.names.workspace, {
      _id: 'report:viewer',
      type: 'progressReport',
      planId: 'plan:mx-4pa',
      commitmentId: 'commitment:mx-4pa-11',
      keyActionId: 'keyAction:mx-4pa-11-1',
      orgId: 'org:sfp',
      createdBy: 'demo-gobierno',
      createdAt: new Date().toISOString(),
      status: 'published',
      percent: 70,
      narrative: 'Mesa de trabajo con la minuta firmada, la foto del taller y el padrón.',
      date: '2021-04-20',
      evidenceIds: ids,
    });
    expect(report.status).toBe(201);
    await untilPublic(server, (index) => ids.every((id) => index.evidence.has(id)));

    await page.goto(`${server.url}/commitments/commitment%3Amx-4pa-11`);
    const item = page.getByTestId('report').filter({ hasText: 'la foto del taller' });
    // Thumbnails load lazily: the report is brought into view first, as a reader scrolls to it.
    await item.scrollIntoViewIfNeeded();
    const thumb = item.locator('img.evidence-thumb');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await item.getByRole('link', { name: /entidades\.csv/ }).getAttribute('download')).toBe('entidades.csv');
    expect(await item.getByRole('button', { name: /entidades\.csv/ }).count()).toBe(0);

    // Media types read as people say them, beside the size.
    expect(await item.getByRole('link', { name: /entidades\.csv/ }).textContent()).toMatch(/\(CSV, \d+ B\)/);
    expect(await item.textContent()).not.toContain('application/pdf');
    await item.scrollIntoViewIfNeeded();
    // The file's visible name opens the viewer, as its tile does; downloading is a link of its own.
    expect(await item.getByRole('button', { name: 'Ver minuta-firmada.pdf' }).count()).toBe(1);
    expect(await item.getByRole('link', { name: /Descargar minuta-firmada\.pdf/ }).getAttribute('download')).toBe(
      'minuta-firmada.pdf',
    );
    await item.locator('.evidence-title', { hasText: 'minuta-firmada.pdf' }).click();
    const viewer = page.getByRole('dialog', { name: 'minuta-firmada.pdf' });
    await viewer.waitFor();
    const frame = viewer.locator('iframe');
    expect(await frame.getAttribute('src')).toBe(`/api/files/${sha(pdf)}?inline=1`);
    expect(await viewer.getByRole('link', { name: /Descargar/ }).getAttribute('download')).toBe('minuta-firmada.pdf');
    await page.waitForTimeout(1500);
    expect(await seriousViolations(page)).toEqual([]);
    // The viewport, as the person sees the viewer over the page.
    await page.screenshot({ path: path.join(DOCS_DIR, 'evidence-viewer.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);

    await item.getByRole('button', { name: 'Ver taller.png' }).click();
    const imageViewer = page.getByRole('dialog', { name: 'taller.png' });
    await expect.poll(() => imageViewer.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    await imageViewer.getByRole('button', { name: 'Cerrar' }).click();
    await expect.poll(() => imageViewer.count()).toBe(0);
  });
});
