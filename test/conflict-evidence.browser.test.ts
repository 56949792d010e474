import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { Client, startTestServer, type TestServer } from './helpers.js';

/**
 * Issue 30: a conflict card shows both versions' evidence and what each choice keeps; the evidence
 * the chosen version leaves out is deleted, not left on the server attached to nothing.
 */
let server: TestServer;
let browser: Browser;
const pdf = Buffer.from('%PDF-1.4\n% Fotos del taller en campo\n');

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function evidenceOnServer(): Promise<{ id: string; title: string }[]> {
  const rows = await useDb(server.couch, server.names.workspace).list({
    startkey: 'evidence:',
    endkey: 'evidence:\ufff0',
    include_docs: true,
  });
  return rows.rows.map((r) => ({ id: r.id, title: String((r.doc as { title?: string } | undefined)?.title) }));
}

describe('a conflict card', () => {
  it('shows both versions’ evidence, says what each choice keeps, and leaves no evidence orphaned', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/`);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    await page.goto(`${server.url}/app/#/new/${encodeURIComponent('keyAction:mx-4pa-11-2')}`);
    await page.getByLabel('Porcentaje de avance').fill('10');
    await page.getByLabel('Descripción del avance').fill('Inicio del levantamiento.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/#\/report\//);
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

    // In the field, offline: a file. At the office, meanwhile: a link.
    await context.setOffline(true);
    await page.getByLabel('Descripción del avance').fill('Levantamiento en campo, con fotos.');
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'fotos-campo.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    const office = new Client(server.couchUrl, { name: 'demo-gobierno', password: DEMO_PASSWORD });
    const officeLink = {
      _id: 'evidence:oficina-acta',
      type: 'evidence',
      planId: 'plan:mx-4pa',
      orgId: 'org:sfp',
      createdBy: 'demo-gobierno',
      createdAt: new Date().toISOString(),
      status: 'draft',
      title: 'Acta de la oficina',
      kind: 'link',
      url: 'https://example.org/acta',
    };
    expect((await office.put(server.names.workspace, officeLink)).status).toBe(201);
    expect(
      (
        await office.update(server.names.workspace, id, {
          narrative: 'Levantamiento según la oficina.',
          evidenceIds: ['evidence:oficina-acta'],
        })
      ).status,
    ).toBe(201);
    await context.setOffline(false);

    const issues = page.getByTestId('issues');
    await expect
      .poll(() => issues.textContent(), { timeout: 30_000 })
      .toContain('Este reporte se editó en dos lugares');
    const mine = issues.getByTestId('conflict-mine');
    const theirs = issues.getByTestId('conflict-theirs');
    await expect
      .poll(() => mine.textContent(), { timeout: 10_000 })
      .toContain('Archivo: fotos-campo.pdf (solo en esta versión)');
    await expect.poll(() => theirs.textContent(), { timeout: 10_000 }).toContain('Enlace: Acta de la oficina');
    expect(await theirs.textContent()).toContain(
      'Se quita y se borra la evidencia que solo tiene la otra versión: Archivo: fotos-campo.pdf',
    );
    expect(await mine.textContent()).toContain(
      'Se quita y se borra la evidencia que solo tiene la otra versión: Enlace: Acta de la oficina',
    );
    expect(await issues.textContent()).toContain('Combinar conserva la evidencia de ambas versiones.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-conflict-evidence');

    // The field file reached the server as evidence of its own before the report met the conflict.
    await expect
      .poll(async () => (await evidenceOnServer()).some((e) => e.title === 'fotos-campo.pdf'), { timeout: 20_000 })
      .toBe(true);
    await theirs.getByRole('button', { name: 'Conservar la del servidor' }).click();
    await expect
      .poll(async () => (await evidenceOnServer()).some((e) => e.title === 'fotos-campo.pdf'), { timeout: 20_000 })
      .toBe(false);
    expect((await evidenceOnServer()).some((e) => e.id === 'evidence:oficina-acta')).toBe(true);
    expect((await office.get(server.names.workspace, id)).body.evidenceIds).toEqual(['evidence:oficina-acta']);
    await expect.poll(() => page.getByTestId('issues').count()).toBe(0);
    await context.close();
  });
});
