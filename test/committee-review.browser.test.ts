import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { DOCS_DIR, launchBrowser, screenshot, seriousViolations } from './browser.js';
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
    await reporter.getByTestId('file-input').setInputFiles({
      name: 'estandar.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% estándar\n'),
    });
    expect(await reporter.getByRole('button', { name: 'Publicar' }).count()).toBe(0);
    await reporter.getByRole('button', { name: 'Enviar a revisión' }).click();
    await expect.poll(() => reporter.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await signIn(committee, 'demo-comite');
    await committee.getByRole('link', { name: /^Revisión/ }).click();
    // One plan at a time: the one with reports waiting comes first.
    expect(await committee.getByLabel('Plan', { exact: true }).locator('option:checked').textContent()).toContain(
      'Plan con revisión',
    );
    const item = committee.getByTestId('review-queue').getByTestId('review-item');
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    expect(await item.textContent()).toContain('Borrador del estándar listo.');
    await item.click();
    const detail = committee.getByTestId('review-detail');
    expect(await detail.textContent()).toContain('Borrador del estándar listo.');
    // The evidence opens from the queue: the committee sees what it validates.
    await detail.getByRole('button', { name: 'Ver estandar.pdf' }).click();
    const viewer = committee.getByRole('dialog', { name: 'estandar.pdf' });
    await viewer.waitFor();
    const src = (await viewer.locator('iframe').getAttribute('src')) ?? '';
    expect(src).toContain('evidence=');
    const opened = await committee.evaluate(async (url) => (await fetch(url)).status, src);
    expect(opened).toBe(200);
    await committee.keyboard.press('Escape');
    expect(await seriousViolations(committee)).toEqual([]);
    // Compact: a list and one detail pane, not a form per report.
    expect(await committee.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(1600);
    await screenshot(committee, 'app-committee-review');
    await detail.getByLabel('Motivo de la devolución').fill('Adjunte la liga al estándar publicado.');
    await detail.getByRole('button', { name: 'Devolver' }).click();
    await expect.poll(() => committee.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    // The confirmation stays, and the returned report stays in sight until it comes back.
    await committee.waitForTimeout(1000);
    expect(await committee.getByTestId('review-confirmation').textContent()).toContain(
      'Devuelto con el motivo: Adjunte la liga al estándar publicado.',
    );
    expect(await committee.getByTestId('review-returned').textContent()).toContain('Borrador del estándar listo.');
    expect(await item.count()).toBe(0);

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
    expect(await committee.getByTestId('review-returned').getByTestId('review-item').count()).toBe(0);
    await item.click();
    await detail.getByRole('button', { name: 'Validar y publicar' }).click();
    await expect
      .poll(() => committee.getByTestId('review-confirmation').textContent())
      .toContain('Validado y publicado');
    await expect.poll(() => committee.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await server.publisher.settled();
    const dashboard = await browser.newPage();
    await dashboard.goto(`${server.url}/commitments/commitment%3Arevision-1`);
    await expect.poll(() => dashboard.getByTestId('report').count(), { timeout: 20_000 }).toBe(1);
    const history = await dashboard.getByTestId('report-history').textContent();
    expect(history).toContain('Estándar publicado en datos.gob.mx');
    expect(history).not.toContain('Borrador del estándar listo.');
    expect(
      await dashboard
        .locator('[data-testid=report] .evidence a', { hasText: 'Estándar de contrataciones' })
        .getAttribute('href'),
    ).toBe('https://www.datos.gob.mx/estandar');
    expect(await dashboard.getByRole('button', { name: 'Ver estandar.pdf' }).count()).toBe(1);

    // Once the plan is closed, the app offers nothing to write on it, and says why.
    const workspace = useDb(server.couch, server.names.workspace);
    const plan = await workspace.get('plan:revision');
    await workspace.insert({ ...plan, closed: true, closedOn: '2025-01-15' });
    await expect.poll(() => reporter.getByText('Este plan está cerrado').count(), { timeout: 20_000 }).toBe(1);
    expect(await reporter.getByRole('button', { name: 'Nuevo reporte de avance' }).count()).toBe(0);
    expect(await reporter.getByRole('button', { name: 'Retirar' }).count()).toBe(0);
  });

  it('records a CSO assessment, a review meeting and an evaluation, and prints the evaluation report', async () => {
    const cso = await (await browser.newContext()).newPage();
    await signIn(cso, 'demo-osc');
    await cso.getByRole('link', { name: /Cuarto Plan/ }).click();
    await cso.getByRole('link', { name: /Estrategia subnacional/ }).click();
    await cso.getByLabel('Porcentaje de avance').fill('40');
    await cso.getByLabel('Nuestra mirada sobre el avance').fill('Primera mirada: pocos estados.');
    await cso.getByRole('button', { name: 'Guardar borrador' }).click();
    await cso.getByText('Borrador de la valoración guardado en este equipo; aún no es público.').waitFor();
    // The draft waits in the inbox on the first screen, and leads back to its commitment.
    const commitmentUrl = cso.url();
    await cso.goto(`${server.url}/app/#/`);
    await expect
      .poll(() => cso.getByTestId('inbox').textContent())
      .toContain('Valoración (borrador), 40\u202F% — Primera mirada: pocos estados.');
    await cso.getByRole('link', { name: /Valoración \(borrador\)/ }).click();
    expect(cso.url()).toBe(commitmentUrl);
    await cso.getByRole('button', { name: 'Publicar' }).click();
    await expect.poll(() => cso.getByTestId('current-assessment').textContent()).toContain('40\u202F%');
    // A new assessment replaces the organisation's current one, with its evidence.
    await cso.getByLabel('Porcentaje de avance').fill('55');
    await cso.getByLabel('Nuestra mirada sobre el avance').fill('Faltan estados por sumarse a la estrategia.');
    await cso.getByLabel('Título del enlace').fill('Padrón de estados adheridos');
    await cso.getByLabel('Dirección (https://…)').fill('https://example.org/padron');
    const evidence = cso.getByRole('group', { name: 'Evidencia' });
    const chooser = cso.waitForEvent('filechooser');
    await evidence.getByRole('button', { name: 'Agregar archivos' }).click();
    await (await chooser).setFiles({
      name: 'padron.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await expect
      .poll(() => evidence.getByRole('alert').allTextContents())
      .toEqual([expect.stringContaining('padron.exe: ese tipo de archivo no se acepta')]);
    expect(await seriousViolations(cso)).toEqual([]);
    await cso.getByRole('button', { name: 'Publicar' }).click();
    await expect.poll(() => cso.getByTestId('current-assessment').textContent()).toContain('55\u202F%');
    expect(await cso.getByText('1 valoración anterior').count()).toBe(1);
    await expect.poll(() => cso.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    const committee = await (await browser.newContext()).newPage();
    await signIn(committee, 'demo-comite');
    await committee.getByRole('link', { name: /Cuarto Plan/ }).click();
    await committee.getByRole('link', { name: /Estrategia subnacional/ }).click();
    await committee
      .getByRole('textbox', { name: 'Observación' })
      .fill('El Comité pide publicar el padrón de entidades adheridas.');
    await committee.getByRole('button', { name: 'Agregar observación' }).click();
    await committee.getByText('Observación guardada.').waitFor();
    await committee.getByRole('textbox', { name: 'Observación' }).fill('Nota interna: confirmar datos con INAI.');
    await committee.getByLabel('Visibilidad').selectOption('internal');
    await committee.getByRole('button', { name: 'Agregar observación' }).click();
    await committee.getByLabel('Fecha de la reunión').fill('2021-06-15');
    await committee.getByLabel('Secretaría de la Función Pública (SFP)').check();
    await committee
      .getByLabel('Resumen de la reunión')
      .fill('Revisión semestral del compromiso con INAI, SFP y las OSC.');
    await committee.getByLabel('Acuerdos').fill('Publicar el calendario de incorporación de los estados.');
    const minutes = committee.getByRole('group', { name: 'Minuta (archivo)' });
    const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
      const chooser = committee.waitForEvent('filechooser');
      await minutes.getByRole('button', { name: 'Agregar archivos' }).click();
      await (await chooser).setFiles(file);
    };
    // A file that cannot be attached is named with the reason, not silently left out.
    await pick({ name: 'programa.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await expect
      .poll(() => minutes.getByRole('alert').allTextContents())
      .toEqual([expect.stringContaining('programa.exe: ese tipo de archivo no se acepta')]);
    await pick({
      name: 'minuta-revision.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% minuta\n'),
    });
    await pick({
      name: 'minuta-equivocada.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% otra\n'),
    });
    expect(await minutes.getByRole('alert').count()).toBe(0);
    await minutes.getByRole('button', { name: 'Quitar minuta-equivocada.pdf' }).click();
    expect(await minutes.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('minuta-revision.pdf'),
    ]);
    expect(await seriousViolations(committee)).toEqual([]);
    await committee.getByRole('button', { name: 'Guardar reunión' }).click();
    await committee.getByText('Reunión registrada').waitFor();
    // The form starts again empty, so a second press does not record the meeting twice.
    expect(await committee.getByLabel('Resumen de la reunión').inputValue()).toBe('');
    expect(await committee.getByRole('button', { name: 'Guardar reunión' }).isDisabled()).toBe(true);
    expect(await minutes.getByRole('listitem').count()).toBe(0);
    expect(await committee.getByText(/sugiere: Sustancial/).count()).toBe(1);
    await committee.getByLabel('Nivel de cumplimiento').selectOption('limited');
    await committee.getByRole('button', { name: 'Guardar evaluación' }).click();
    await expect
      .poll(() => committee.getByRole('alert').allTextContents())
      .toContain(
        'Razón (obligatoria si cambia el nivel sugerido): explique por qué el nivel difiere del que sugiere el avance.',
      );
    await committee.getByLabel('Razón').fill('Solo 9 de 32 entidades adoptaron la estrategia.');
    await committee.getByLabel('¿Abrió el gobierno? (escala del IRM)').selectOption('major');
    await committee
      .getByLabel('Nota sobre la apertura del gobierno')
      .fill('Sí, en los estados que la adoptaron: abrió mesas con OSC locales.');
    await committee.getByRole('button', { name: 'Guardar evaluación' }).click();
    await committee.getByText('Evaluación guardada.').waitFor();
    await expect.poll(() => committee.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');

    await server.publisher.settled();
    const dashboard = await browser.newPage();
    await dashboard.goto(`${server.url}/commitments/commitment%3Amx-4pa-13`);
    await expect
      .poll(() => dashboard.locator('.views').textContent(), { timeout: 20_000 })
      .toContain('Faltan estados por sumarse');
    await expect
      .poll(() => dashboard.getByTestId('report-history').textContent(), { timeout: 20_000 })
      .toContain('Publicar el calendario de incorporación');
    expect(await dashboard.getByRole('link', { name: /minuta-revision\.pdf/ }).count()).toBe(1);
    expect(await dashboard.getByTestId('report-history').textContent()).toContain('Participantes: SFP');
    expect(await dashboard.locator('.views').textContent()).toContain(
      'El Comité pide publicar el padrón de entidades adheridas.',
    );
    expect(await dashboard.locator('main').textContent()).not.toContain('Nota interna');
    const views = await dashboard.locator('.views').textContent();
    // The replaced assessment is in the history, folded away, not shown as current.
    expect(
      await dashboard
        .locator('.views')
        .getByText(/Primera mirada: pocos estados/)
        .isVisible(),
    ).toBe(false);
    expect(views).toContain('1 valoración anterior');
    expect(
      await dashboard
        .locator('.views')
        .getByRole('link', { name: /Padrón de estados adheridos/ })
        .count(),
    ).toBe(1);
    const evaluation = await dashboard.getByTestId('commitment-evaluation').textContent();
    expect(evaluation).toContain('Limitado');
    expect(evaluation).toContain('Importante');
    expect(evaluation).toContain('abrió mesas con OSC locales');

    await dashboard.goto(`${server.url}/?plan=plan%3Amx-4pa`);
    await expect
      .poll(() => dashboard.getByTestId('card-cso').allTextContents(), { timeout: 20_000 })
      .toContain('Según la sociedad civil: GESOC: 55\u202F%');

    await dashboard.goto(`${server.url}/evaluation?plan=plan%3Amx-4pa`);
    await expect.poll(() => dashboard.getByTestId('evaluation-row').count()).toBe(13);
    const row = dashboard.getByTestId('evaluation-row').nth(12);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('Solo 9 de 32 entidades');
    expect(await row.textContent()).toContain('Limitado');
    expect(await row.textContent()).toContain('Sustancial');
    expect(await row.getByTestId('evaluation-cso').textContent()).toBe('GESOC: 55\u202F%');
    expect(await row.textContent()).toContain('Importante');
    expect(await row.textContent()).toMatch(/Fuente: reportes publicados; el último, del/);
    expect(await seriousViolations(dashboard)).toEqual([]);
    await dashboard.emulateMedia({ media: 'print' });
    await screenshot(dashboard, 'evaluation-report');
    fs.mkdirSync(DOCS_DIR, { recursive: true });
    const pdf = await dashboard.pdf({
      path: path.join(DOCS_DIR, '..', 'evaluation-report.pdf'),
      format: 'A4',
      landscape: true,
      printBackground: true,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const csv = await (await fetch(`${server.url}/api/plans/plan:mx-4pa/evaluation.csv`)).text();
    expect(csv).toContain(
      'cso_assessments,suggested_level,level,reason,opened_government_level,opened_government,evaluated_on,evaluated_by',
    );
    expect(csv).toContain('Solo 9 de 32 entidades');
    expect(csv).toContain('GESOC: 55 %,substantial,limited');
    const commitments = await (await fetch(`${server.url}/api/plans/plan:mx-4pa/commitments.csv`)).text();
    expect(commitments.split('\n').find((line) => line.startsWith('commitment:mx-4pa-13'))).toContain(
      ',80,GESOC: 55 %,',
    );
    // The dashboard in Spanish links to a Spanish table: no English word in it.
    const href = await dashboard.locator('a[href*="evaluation.csv"]').getAttribute('href');
    const spanish = await (await fetch(`${server.url}${href}`)).text();
    expect(spanish).toContain('nivel_sugerido,nivel,razon,abrio_el_gobierno');
    expect(spanish).toContain('GESOC: 55 %,Sustancial,Limitado,Solo 9 de 32 entidades');
    expect(spanish).toContain('Importante');
    // (Record ids such as commitment:mx-4pa-13 are identifiers, not words.)
    for (const english of ['published', 'reports', 'yes', 'substantial', 'limited', 'major', 'level', 'source'])
      expect(spanish.replace(/commitment:[\w.-]+/g, '').toLowerCase()).not.toContain(english);
  });
});
