import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { DEMO_PASSWORD } from '../sync-server/src/bootstrap/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let browser: Browser;

/** A small plan that asks for review, led by SFP (the demo reporter's organisation). */
const reviewPlan = [
  {
    _id: 'plan:revision',
    type: 'plan',
    country: 'México',
    title: 'Plan con revisión del Comité',
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    languages: ['es'],
    reviewRequired: true,
    committeeOrgIds: ['org:nosc'],
  },
  {
    _id: 'commitment:revision-1',
    type: 'commitment',
    planId: 'plan:revision',
    number: 1,
    title: 'Contrataciones abiertas',
    objective: 'Publicar las contrataciones en datos abiertos.',
    ogpValues: ['accessToInformation'],
    themes: ['Open Contracting'],
    responsibleOrgIds: ['org:sfp'],
    coResponsibleOrgIds: ['org:gesoc'],
    startDate: '2024-01-01',
    endDate: '2026-12-31',
  },
  {
    _id: 'keyAction:revision-1-1',
    type: 'keyAction',
    planId: 'plan:revision',
    commitmentId: 'commitment:revision-1',
    number: 1,
    title: 'Publicar el estándar de datos',
    responsibleOrgIds: ['org:sfp'],
    startDate: '2024-01-01',
    endDate: '2025-12-31',
    weight: 1,
  },
].map((doc) => ({ where: doc._id, doc: doc as Record<string, unknown> }));

async function signIn(page: Page, user: string) {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Plan con revisión/ }).waitFor();
}

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await importRecords(server.couch, server.names, 'review plan', reviewPlan);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('committee review', () => {
  it('returns a report with a reason; the reporter corrects it; the dashboard shows the corrected history', async () => {
    const reporter = await (await browser.newContext()).newPage();
    const committee = await (await browser.newContext()).newPage();
    await signIn(reporter, 'demo-gobierno');
    await reporter.getByRole('link', { name: /Plan con revisión/ }).click();
    await reporter.getByRole('link', { name: /Contrataciones abiertas/ }).click();
    await reporter.getByRole('link', { name: /Publicar el estándar/ }).click();
    await reporter.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await reporter.getByLabel('Porcentaje de avance').fill('40');
    await reporter.getByLabel('Fecha del avance').fill('2024-06-30');
    await reporter.getByLabel('Descripción del avance').fill('Borrador del estándar listo.');
    expect(await reporter.getByRole('button', { name: 'Publicar' }).count()).toBe(0);
    await reporter.getByRole('button', { name: 'Enviar a revisión' }).click();
    await expect.poll(() => reporter.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await signIn(committee, 'demo-comite');
    await committee.getByRole('link', { name: 'Revisión', exact: true }).click();
    const item = committee.getByTestId('review-queue').getByTestId('review-item');
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    expect(await item.textContent()).toContain('Borrador del estándar listo.');
    expect(await seriousViolations(committee)).toEqual([]);
    await screenshot(committee, 'app-committee-review');
    await item.getByLabel('Motivo de la devolución').fill('Adjunte la liga al estándar publicado.');
    await item.getByRole('button', { name: 'Devolver' }).click();
    await expect.poll(() => committee.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await expect
      .poll(() => reporter.getByTestId('app-history').textContent(), { timeout: 20_000 })
      .toContain('Devuelto por el Comité: Adjunte la liga al estándar publicado.');
    await reporter.getByRole('link', { name: 'Editar reporte' }).click();
    await reporter
      .getByLabel('Descripción del avance')
      .fill('Estándar publicado en datos.gob.mx, con la liga adjunta.');
    await reporter.getByLabel('Título del enlace').fill('Estándar de contrataciones');
    await reporter.getByLabel('Dirección (https://…)').fill('https://www.datos.gob.mx/estandar');
    await reporter.getByRole('button', { name: 'Agregar enlace' }).click();
    await reporter.getByRole('button', { name: 'Enviar a revisión' }).click();
    await expect.poll(() => reporter.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await expect.poll(() => item.textContent(), { timeout: 20_000 }).toContain('Estándar publicado en datos.gob.mx');
    await item.getByRole('button', { name: 'Validar y publicar' }).click();
    await expect.poll(() => committee.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await server.publisher.settled();
    const dashboard = await browser.newPage();
    await dashboard.goto(`${server.url}/commitments/commitment%3Arevision-1`);
    await expect.poll(() => dashboard.getByTestId('report').count(), { timeout: 20_000 }).toBe(1);
    const history = await dashboard.getByTestId('report-history').textContent();
    expect(history).toContain('Estándar publicado en datos.gob.mx');
    expect(history).not.toContain('Borrador del estándar listo.');
    expect(await dashboard.locator('[data-testid=report] .evidence a').getAttribute('href')).toBe(
      'https://www.datos.gob.mx/estandar',
    );
  });
});
