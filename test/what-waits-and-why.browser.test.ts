import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentResponse, PlanResponse } from '../shared/src/api-types.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { DEMO_PASSWORD, DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { createUser, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * Issue 32: the committee sees what waits for it, forms open with what is stored, a late item says
 * why, charts name their columns, and the completion scale is the IRM's five values.
 */

let server: TestServer;
let browser: Browser;

const reviewPlan = [
  {
    _id: 'plan:espera',
    type: 'plan',
    country: 'México',
    title: 'Plan con revisión pendiente',
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    languages: ['es'],
    reviewRequired: true,
    committeeOrgIds: ['org:nosc'],
  },
  {
    _id: 'commitment:espera-1',
    type: 'commitment',
    planId: 'plan:espera',
    number: 1,
    title: 'Padrón abierto de proveedores',
    objective: 'Publicar el padrón de proveedores.',
    ogpValues: ['accessToInformation'],
    themes: [],
    responsibleOrgIds: ['org:sfp'],
    coResponsibleOrgIds: [],
    startDate: '2024-01-01',
    endDate: '2026-12-31',
  },
  {
    _id: 'keyAction:espera-1-1',
    type: 'keyAction',
    planId: 'plan:espera',
    commitmentId: 'commitment:espera-1',
    number: 1,
    title: 'Publicar el padrón',
    responsibleOrgIds: ['org:sfp'],
    startDate: '2024-01-01',
    endDate: '2026-06-30',
    weight: 1,
  },
].map((doc) => ({ where: doc._id, doc: doc as Record<string, unknown> }));

async function signIn(page: Page, user: string) {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
}

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await importRecords(server.couch, server.names, 'plan en espera', reviewPlan);
  const reporter = await createUser(server, { name: 'sfp-espera', role: 'reporter', org: 'sfp' });
  for (const [i, narrative] of ['Padrón preliminar con 40 dependencias.', 'Padrón con 60 dependencias.'].entries()) {
    const sent = await reporter.put(server.names.workspace, {
      _id: `report:espera-${i}`,
      type: 'progressReport',
      planId: 'plan:espera',
      commitmentId: 'commitment:espera-1',
      keyActionId: 'keyAction:espera-1-1',
      orgId: 'org:sfp',
      createdBy: reporter.name,
      createdAt: new Date().toISOString(),
      status: 'submitted',
      percent: 40 + i * 20,
      narrative,
      date: `2024-0${6 + i}-30`,
      evidenceIds: [],
    });
    expect(sent.status).toBe(201);
  }
  await untilPublic(server, (index) => index.plans.length > 0);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the committee sees what waits for it', () => {
  it('counts and lists the reports waiting for review on its first screen, as the review screen does', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, 'demo-comite');
    const inbox = page.getByTestId('inbox');
    await expect.poll(() => inbox.textContent(), { timeout: 20_000 }).toContain('2 reportes esperan revisión');
    expect(await inbox.textContent()).not.toContain('No hay nada pendiente');
    expect(await inbox.getByTestId('inbox-review').getByRole('link').count()).toBe(2);
    const nav = page.getByRole('navigation', { name: 'Planes' }).getByRole('link', { name: /^Revisión/ });
    expect(await nav.textContent()).toContain('2');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-committee-inbox');
    // A waiting report leads to itself on the review screen, whose count is the same.
    await inbox.getByRole('link', { name: /Padrón preliminar/ }).click();
    await expect
      .poll(() => page.getByTestId('review-detail').textContent())
      .toContain('Padrón preliminar con 40 dependencias.');
    await expect.poll(() => page.getByTestId('review-queue').getByTestId('review-item').count()).toBe(2);
  });
});

describe('forms open with what is stored', () => {
  it('shows the saved evaluation on reload, and a second save keeps it; the scale has the IRM’s five values', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, 'demo-comite');
    await page.getByRole('link', { name: /Cuarto Plan/ }).click();
    await page.getByRole('link', { name: /Estrategia subnacional/ }).click();
    const level = page.getByLabel('Nivel de cumplimiento');
    await level.waitFor();
    expect(await level.locator('option').allTextContents()).toEqual([
      'Sin evidencia disponible',
      'Sin iniciar',
      'Limitado',
      'Sustancial',
      'Completo',
    ]);
    await level.selectOption('limited');
    await page.getByLabel('Razón').fill('Solo 9 de 32 entidades adoptaron la estrategia.');
    await page.getByLabel('¿Abrió el gobierno? (escala del IRM)').selectOption('marginal');
    await page.getByLabel('Nota sobre la apertura del gobierno').fill('Mesas locales en pocos estados.');
    await page.getByRole('button', { name: 'Guardar evaluación' }).click();
    await page.getByText('Evaluación guardada.').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Nivel de cumplimiento').inputValue(), { timeout: 20_000 }).toBe('limited');
    expect(await page.getByLabel('Razón').inputValue()).toBe('Solo 9 de 32 entidades adoptaron la estrategia.');
    expect(await page.getByLabel('¿Abrió el gobierno? (escala del IRM)').inputValue()).toBe('marginal');
    expect(await page.getByLabel('Nota sobre la apertura del gobierno').inputValue()).toBe(
      'Mesas locales en pocos estados.',
    );
    // A second save without touching anything keeps what was stored.
    await page.getByRole('button', { name: 'Guardar evaluación' }).click();
    await page.getByText('Evaluación guardada.').waitFor();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    await server.publisher.settled();
    await expect
      .poll(
        async () => {
          const body = (await (
            await fetch(`${server.url}/api/commitments/commitment%3Amx-4pa-13`)
          ).json()) as CommitmentResponse;
          return body.evaluation;
        },
        { timeout: 20_000 },
      )
      .toMatchObject({
        level: 'limited',
        reason: 'Solo 9 de 32 entidades adoptaron la estrategia.',
        openedGovernmentLevel: 'marginal',
      });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'app-evaluation-form');

    // "No Evidence Available", the IRM's fifth value, is recorded and shown in both languages.
    await page.getByLabel('Nivel de cumplimiento').selectOption('noEvidence');
    await page.getByRole('button', { name: 'Guardar evaluación' }).click();
    await page.getByText('Evaluación guardada.').waitFor();
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    await server.publisher.settled();
    const dashboard = await browser.newPage();
    await dashboard.goto(`${server.url}/commitments/commitment%3Amx-4pa-13`);
    await expect
      .poll(() => dashboard.getByTestId('commitment-evaluation').textContent(), { timeout: 20_000 })
      .toContain('Sin evidencia disponible');
    const csv = await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}/evaluation.csv?lang=es`)).text();
    expect(csv).toContain('Sin evidencia disponible');
  });
});

describe('a late item says why', () => {
  it('gives expected against reported progress, the missed end date, the days overdue and the latest report, in the API and CSVs', async () => {
    const plan = (await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}`)).json()) as PlanResponse;
    const second = plan.commitments.find((c) => c.number === 2);
    expect(second?.scheduleState).toBe('delayed');
    expect(second?.delay).toMatchObject({ expectedPercent: 100, reportedPercent: 88, endDate: '2021-08-31' });
    expect(second?.delay?.daysOverdue).toBeGreaterThan(1000);
    expect(second?.delay?.latestReport?.narrative).toContain('piloto e informe público de resultados');
    const lateAction = second?.keyActions?.find((k) => k.number === 3);
    expect(lateAction?.delay).toMatchObject({ expectedPercent: 100, reportedPercent: 70 });
    expect(plan.commitments.find((c) => c.number === 10)?.delay).toBeUndefined();

    const csv = await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}/commitments.csv`)).text();
    const [header, ...rows] = csv.split('\n');
    expect(header).toContain('expected_percent,days_overdue,delay_explanation');
    expect(rows.find((r) => r.startsWith('commitment:mx-4pa-02'))).toContain(',100,');
    const spanish = await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}/key-actions.csv?lang=es`)).text();
    expect(spanish.split('\n')[0]).toContain('avance_esperado,dias_de_retraso,explicacion_del_retraso');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}`);
    const card = page.getByTestId('commitment-card').filter({ hasText: /^2\./ });
    await expect.poll(() => card.getByTestId('delay').textContent(), { timeout: 20_000 }).toContain('88\u202F%');
    const why = (await card.getByTestId('delay').textContent()) ?? '';
    expect(why).toContain('se esperaba 100\u202F%');
    expect(why).toContain('31 ago 2021');
    expect(why).toMatch(/\d[\d\s.,]* días de retraso/);

    await page.goto(`${server.url}/commitments/commitment%3Amx-4pa-02`);
    const head = page.getByTestId('commitment-delay');
    await expect.poll(() => head.textContent(), { timeout: 20_000 }).toContain('se esperaba 100\u202F%');
    expect(await head.textContent()).toContain('piloto e informe público de resultados');
    const row = page.locator('.timeline-row').filter({ hasText: 'Piloto e informe' });
    expect(await row.getByTestId('delay').textContent()).toContain('70\u202F%');
    // Today is on the timeline, with a visible label, even after the plan's end.
    expect(await page.getByTestId('timeline-today-label').isVisible()).toBe(true);
    expect(await page.locator('.timeline-today').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-commitment-delay');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => head.textContent()).toContain('expected 100%');
    await page.getByRole('button', { name: 'Español' }).click();
  });
});

describe('charts name their columns', () => {
  it('shows each commitment’s name beside its figure in the progress chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?plan=${encodeURIComponent(DEMO_PLAN_ID)}`);
    const chart = page.getByTestId('progress-chart');
    await expect.poll(() => chart.getByRole('link').count(), { timeout: 20_000 }).toBe(13);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point: names people see
    const visible = await chart.evaluate((el) => (el as HTMLElement).innerText);
    expect(visible).toContain('Incidencia ciudadana para el desarrollo rural');
    expect(visible).toContain('88\u202F%');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-overview');
  });
});
