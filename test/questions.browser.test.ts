import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { startTestServer, type TestServer, untilPublic } from './helpers.js';

/**
 * The public's questions end to end, as people do it: a citizen asks on the dashboard with no
 * account, the committee publishes it in the app, the responsible institution answers it in the
 * app, and the dashboard shows the answer beside the question with the answer record.
 */
let server: TestServer;
let browser: Browser;

const plan = [
  {
    _id: 'plan:preguntas',
    type: 'plan',
    country: 'México',
    title: 'Plan con preguntas del público',
    startDate: '2024-01-01',
    endDate: '2026-12-31',
    languages: ['es'],
    reviewRequired: false,
    committeeOrgIds: ['org:nosc'],
  },
  {
    _id: 'commitment:preguntas-1',
    type: 'commitment',
    planId: 'plan:preguntas',
    number: 1,
    title: 'Presupuesto abierto',
    objective: 'Publicar el presupuesto en datos abiertos.',
    ogpValues: ['accessToInformation'],
    themes: ['Fiscal Openness'],
    responsibleOrgIds: ['org:sfp'],
    coResponsibleOrgIds: ['org:gesoc'],
    startDate: '2024-01-01',
    endDate: '2026-12-31',
  },
].map((doc) => ({ where: doc._id, doc: doc as Record<string, unknown> }));

const QUESTION = '¿Cuándo se publicará el presupuesto de 2025? <script>alert(1)</script>';
const ADDRESS = 'lucia.pregunta@example.org';

async function signIn(page: Page, user: string) {
  await page.goto(`${server.url}/app/`);
  await page.getByLabel('Usuario').fill(user);
  await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByRole('link', { name: /Plan con preguntas/ }).waitFor();
}

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await importRecords(server.couch, server.names, 'questions plan', plan);
  await untilPublic(server, (index) => index.commitments.has('commitment:preguntas-1'));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('questions from the public', () => {
  it('a citizen asks on the dashboard, the committee publishes, the institution answers, the public sees it', async () => {
    const citizen = await (await browser.newContext()).newPage();
    await citizen.goto(`${server.url}/commitments/commitment:preguntas-1`);
    const form = citizen.getByRole('form', { name: 'Haga una pregunta o un comentario' });
    await form.getByLabel('Su pregunta o comentario').fill(QUESTION);
    await form.getByLabel('Su nombre (opcional, será público)').fill('Lucía');
    await form.getByLabel('Su correo (opcional, nunca público)').fill(ADDRESS);
    // A person takes a moment over the form; the server refuses a post sooner than that.
    await citizen.waitForTimeout(2200);
    expect(await seriousViolations(citizen)).toEqual([]);
    await form.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => form.getByTestId('ask-status').textContent()).toContain('quedó en espera');
    await screenshot(citizen, 'questions-ask-dashboard');
    await untilPublic(server, () => true);
    expect(await citizen.getByTestId('public-question').count()).toBe(0);

    const committee = await (await browser.newContext()).newPage();
    await signIn(committee, 'demo-comite');
    await expect
      .poll(() => committee.getByTestId('inbox-questions').textContent())
      .toContain('1 pregunta del público por moderar');
    // Offline too: the waiting question is in the device's own copy of the workspace.
    await committee.context().setOffline(true);
    await committee.getByRole('link', { name: '1 pregunta del público por moderar' }).click();
    const card = committee.getByTestId('moderate-question');
    await expect.poll(() => card.textContent()).toContain(QUESTION);
    await committee.context().setOffline(false);
    expect(await card.textContent()).toContain('Pregunta de Lucía');
    expect(await committee.content()).not.toContain(ADDRESS);
    expect(await seriousViolations(committee)).toEqual([]);
    await screenshot(committee, 'questions-moderate-app');
    await card.getByRole('button', { name: 'Publicar' }).click();
    // Published, it leaves the questions to moderate (the device's own copy says so at once).
    await expect.poll(() => card.count()).toBe(0);

    const institution = await (await browser.newContext()).newPage();
    await signIn(institution, 'demo-gobierno');
    await expect
      .poll(() => institution.getByTestId('inbox-questions').textContent(), { timeout: 20_000 })
      .toContain('1 pregunta del público por responder');
    await institution.getByRole('link', { name: '1 pregunta del público por responder' }).click();
    const answer = institution.getByTestId('answer-question');
    await answer.getByLabel('Respuesta de su organización').fill('Se publicará en marzo de 2025 en datos abiertos.');
    // Answered in the field with no connection: kept on the device, sent once the connection is back.
    await institution.context().setOffline(true);
    await answer.getByRole('button', { name: 'Guardar la respuesta' }).click();
    await expect.poll(() => answer.getByRole('status').textContent()).toContain('Respuesta guardada');
    await institution.waitForTimeout(500);
    expect(server.store.getIndex().questions.some((q) => q.answers.length > 0)).toBe(false);
    await institution.context().setOffline(false);
    expect(await seriousViolations(institution)).toEqual([]);
    await screenshot(institution, 'questions-answer-app');

    await untilPublic(server, (index) => index.questions.some((q) => q.answers.length === 1), 30_000);
    await citizen.reload();
    const shown = citizen.getByTestId('public-question');
    await shown.waitFor();
    expect(await shown.textContent()).toContain(QUESTION);
    expect(await citizen.getByTestId('public-answer').textContent()).toContain('Se publicará en marzo de 2025');
    expect(await citizen.getByTestId('public-answer').textContent()).toContain('SFP');
    expect(await citizen.getByTestId('public-question').textContent()).toContain('Sin respuesta de GESOC');
    const record = citizen.getByTestId('answer-record');
    expect(await record.getByRole('row', { name: /SFP/ }).textContent()).toMatch(/^SFP11/);
    // Escaped text, never markup: the script tag is shown, not run.
    expect(await citizen.locator('.public-questions script').count()).toBe(0);
    expect(await citizen.content()).not.toContain(ADDRESS);
    expect(await seriousViolations(citizen)).toEqual([]);
    await screenshot(citizen, 'questions-answered-dashboard');

    await citizen.getByRole('button', { name: 'English' }).click();
    await citizen.getByRole('heading', { name: 'Questions from the public' }).waitFor();
    expect(await citizen.getByTestId('public-answer').textContent()).toContain('Answer from SFP');
    expect(await citizen.getByRole('form', { name: 'Ask a question or leave a comment' }).count()).toBe(1);
    expect(await seriousViolations(citizen)).toEqual([]);
    await citizen.getByRole('button', { name: 'Español' }).click();

    await citizen.goto(`${server.url}/organizations/org:sfp`);
    await citizen.getByTestId('org-answer-record').waitFor();
    expect(await citizen.getByTestId('org-answer-record').getByRole('row', { name: /SFP/ }).textContent()).toMatch(
      /^SFP11/,
    );
    expect(await seriousViolations(citizen)).toEqual([]);
  }, 120_000);
});
