import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../shared/src/index.js';
import { latestAudit } from '../sync-server/src/admin/audit.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD, DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { headingOutline, launchBrowser, outlineFaults, screenshot, seriousViolations } from './browser.js';
import { madeAccount, startTestServer, type TestServer, untilPublic } from './helpers.js';

/*
 * A new administrator on a fresh server (as `npm start` leaves it: the demo loaded), with no
 * terminal: sets up the site, makes their own account and removes the demo, imports Canada's
 * 2018-2020 plan sheet, fixes an organisation's kind, merges the two spellings of one
 * institution, invites two reporters (one accepts and signs in to the app), and the plan is
 * public. Every click and every field filled is counted, to report what it costs a person.
 */

const CANADA = path.join(import.meta.dirname, '..', '..', 'shared', 'data', 'canada-nap4', 'canada-nap4-2018-2020.csv');
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b10d1d"/><path d="M32 12 L38 30 L50 28 L40 40 L44 52 L32 44 L20 52 L24 40 L14 28 L26 30 Z" fill="#fff"/></svg>`;

let server: TestServer;
let browser: Browser;
let page: Page;
let dir: string;
const steps = { clicks: 0, fields: 0 };

async function click(target: Locator): Promise<void> {
  steps.clicks++;
  await target.click();
}
async function fill(target: Locator, value: string): Promise<void> {
  steps.fields++;
  await target.fill(value);
}
async function choose(target: Locator, label: string): Promise<void> {
  steps.fields++;
  await target.selectOption({ label });
}
async function upload(target: Locator, file: string): Promise<void> {
  steps.fields++;
  await target.setInputFiles(file);
}
/** Pasting a link into the address bar is one field. */
async function open(where: Page, address: string): Promise<void> {
  steps.fields++;
  await where.goto(address);
}

async function accessible(where: Page, name: string): Promise<void> {
  const violations = await seriousViolations(where);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
  expect(outlineFaults(await headingOutline(where)), name).toEqual([]);
}

const section = (name: string) => click(page.getByRole('navigation').getByRole('link', { name }));

async function signIn(where: Page, name: string, password: string): Promise<void> {
  await fill(where.getByLabel('Usuario'), name);
  await fill(where.getByLabel('Contraseña'), password);
  await click(where.locator('form').getByRole('button', { name: 'Iniciar sesión' }));
}

async function invite(email: string, name: string, role: string, org?: string): Promise<string> {
  const form = page.getByRole('region', { name: 'Invitar a una persona' });
  await fill(form.getByLabel('Correo electrónico'), email);
  await fill(form.getByLabel('Usuario'), name);
  if (role !== 'Reporta avances') await choose(form.getByRole('combobox', { name: /^Rol/ }), role);
  if (org) await choose(form.getByRole('combobox', { name: /^Organización/ }), org);
  await click(form.getByRole('button', { name: 'Invitar' }));
  const link = form.getByLabel('Enlace de invitación');
  await link.waitFor();
  return link.inputValue();
}

/** The Plans section freshly loaded (a hash change alone would keep the form's values). */
async function plansPage(): Promise<Locator> {
  await page.goto(`${server.url}/admin/#plans`);
  await page.reload();
  return page.getByRole('region', { name: 'Importar un plan desde una hoja' });
}

/** Chooses a sheet, names its plan (id, country, title, start) and asks for the preview. */
async function checkSheet(sheet: Locator, file: string, [id, country, title, start]: string[]): Promise<void> {
  await sheet.getByLabel('Elegir archivo').setInputFiles(path.join(dir, file));
  await sheet.getByLabel('Identificador del plan').fill(id ?? '');
  await sheet.getByLabel('País').fill(country ?? '');
  await sheet.getByLabel('Título').fill(title ?? '');
  if (start) await sheet.getByLabel('Inicio').fill(start);
  await sheet.getByRole('button', { name: 'Revisar antes de importar' }).click();
}

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
  dir = fs.mkdtempSync(path.join(server.dataDir, 'admin-page-'));
  // The same institution written two ways, as sheets kept by several offices have it.
  const sheet = fs.readFileSync(CANADA, 'utf8').replace(/^(C04,[^\n]*?),TBS,/m, '$1,Treasury Board Secretariat,');
  fs.writeFileSync(path.join(dir, 'canada-nap4-2018-2020.csv'), sheet);
  fs.writeFileSync(path.join(dir, 'logo.svg'), LOGO);
  // An office's copy of the same sheet whose lead column has a header of its own.
  fs.writeFileSync(path.join(dir, 'canada-office-copy.csv'), sheet.replace('Lead institution(s)', 'Who leads'));
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// A whole administrator's journey in the browser: a slower CI machine takes 1.5× this one's time.
describe('the admin page', { timeout: 180_000 }, () => {
  it('takes a new administrator from a fresh server to a public plan and two invited reporters, no terminal', async () => {
    const me = 'ana.admin';
    madeAccount(server, me);
    madeAccount(server, 'tbs-reporter');
    madeAccount(server, 'pco-reporter');
    // Signed in with the demo administrator the README names.
    await page.goto(`${server.url}/admin/`);
    await accessible(page, 'sign-in');
    await signIn(page, 'demo-admin', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Sitio' }).waitFor();

    // Site: name, logo, language, public address.
    await fill(page.getByLabel('Nombre'), 'Open Government Canada');
    await choose(page.getByRole('combobox', { name: 'Idioma' }), 'English');
    // The address people reach the site at; here, the test server's own.
    await fill(page.getByLabel('Dirección pública'), server.url);
    await upload(page.getByLabel('Logotipo'), path.join(dir, 'logo.svg'));
    await click(page.getByRole('button', { name: 'Guardar' }));
    await page.getByRole('status').filter({ hasText: 'Guardado.' }).waitFor();
    await accessible(page, 'site');
    await screenshot(page, 'admin-site');

    // Their own account first: removing the demo disables the demo administrator.
    await section('Personas');
    const own = await invite('ana@example.ca', me, 'Administración');
    await open(page, own);
    await fill(page.getByLabel('Contraseña', { exact: true }), 'ana-chose-this');
    await fill(page.getByLabel('Repita la contraseña'), 'ana-chose-this');
    await click(page.getByRole('button', { name: 'Crear mi cuenta' }));
    await page.getByRole('status').filter({ hasText: me }).waitFor();
    await page.goto(`${server.url}/admin/`);
    await click(page.getByRole('button', { name: 'Cerrar sesión' }));
    await signIn(page, me, 'ana-chose-this');

    // The demo, removed with one confirmed action.
    await page.getByText('El plan de demostración y sus cuentas siguen aquí.').waitFor();
    await click(page.getByRole('button', { name: 'Quitar la demostración' }));
    await accessible(page, 'confirm demo removal');
    await click(page.getByRole('button', { name: 'Sí, quitarla' }));
    await page.getByText('No hay datos de demostración.').waitFor();

    // Plans: the sheet, checked before anything is written, then imported.
    await section('Planes');
    const sheet = page.getByRole('region', { name: 'Importar un plan desde una hoja' });
    await upload(sheet.getByLabel('Elegir archivo'), path.join(dir, 'canada-nap4-2018-2020.csv'));
    await fill(sheet.getByLabel('Identificador del plan'), 'ca-4');
    await fill(sheet.getByLabel('País'), 'Canada');
    await fill(sheet.getByLabel('Título'), "Canada's 2018-2020 National Action Plan on Open Government");
    await fill(sheet.getByLabel('Inicio'), '2018-09-01');
    await click(sheet.getByRole('button', { name: 'Revisar antes de importar' }));
    const preview = page.getByRole('region', { name: 'Lo que se importaría' });
    await preview.waitFor();
    const counts = (type: string) =>
      preview
        .getByRole('row', { name: new RegExp(type) })
        .getByRole('cell')
        .allTextContents();
    expect(await counts('Compromisos')).toEqual(['10', '0', '0']);
    expect(await counts('Acciones clave')).toEqual(['56', '0', '0']);
    expect(await preview.textContent()).toContain('Treasury Board Secretariat — Gobierno');
    expect(await getOrNull(useDb(server.couch, server.names.workspace), 'plan:ca-4')).toBeNull();
    await accessible(page, 'import preview');
    await screenshot(page, 'admin-import-preview');
    await click(preview.getByRole('button', { name: 'Importar' }));
    await page
      .getByRole('status')
      .filter({ hasText: /Importado: \d+ registros nuevos/ })
      .waitFor();

    // Organisations: one kind fixed, the two spellings of the Treasury Board merged.
    await section('Organizaciones');
    await fill(page.getByLabel('Buscar organización'), 'SBDA');
    await click(page.getByRole('button', { name: 'Editar SBDAs' }));
    const edit = page.getByRole('region', { name: 'Editar: SBDAs' });
    await choose(edit.getByRole('combobox', { name: /^Tipo/ }), 'Gobierno');
    await click(edit.getByRole('button', { name: 'Guardar' }));
    await edit.waitFor({ state: 'detached' });
    const merge = page.getByRole('region', { name: 'Unir dos organizaciones' });
    await choose(merge.getByRole('combobox', { name: /^Organización que desaparece/ }), 'Treasury Board Secretariat');
    await choose(merge.getByRole('combobox', { name: /^Organización que queda/ }), 'TBS');
    await click(merge.getByRole('button', { name: 'Ver lo que cambiaría' }));
    await merge.getByText(/Se cambiarán \d+ registros y 0 cuentas/).waitFor();
    expect(await merge.textContent()).toMatch(/Compromisos: .+ \(responsable\)/);
    await accessible(page, 'merge preview');
    await screenshot(page, 'admin-merge-preview');
    await click(merge.getByRole('button', { name: 'Unir' }));
    await merge.getByText('Organizaciones unidas.').waitFor();

    // People: two reporters invited; one accepts and signs in to the app.
    await section('Personas');
    const tbsLink = await invite('lee@tbs.example.ca', 'tbs-reporter', 'Reporta avances', 'TBS');
    await invite('kim@pco.example.ca', 'pco-reporter', 'Reporta avances', 'PCO');
    await accessible(page, 'people');
    await screenshot(page, 'admin-people');

    const reporter = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await open(reporter, tbsLink);
    await reporter.getByLabel('Repita la contraseña').waitFor();
    await accessible(reporter, 'invitation');
    await fill(reporter.getByLabel('Contraseña', { exact: true }), 'lee-chose-this');
    await fill(reporter.getByLabel('Repita la contraseña'), 'lee-chose-this');
    await click(reporter.getByRole('button', { name: 'Crear mi cuenta' }));
    await reporter.getByRole('status').filter({ hasText: 'tbs-reporter' }).waitFor();
    await screenshot(reporter, 'admin-invitation-accepted');
    await click(reporter.getByRole('link', { name: 'Abrir la aplicación' }));
    await signIn(reporter, 'tbs-reporter', 'lee-chose-this');
    await reporter.getByRole('link', { name: /Canada's 2018-2020/ }).waitFor({ timeout: 30_000 });
    // The link works once.
    await reporter.goto(tbsLink);
    await reporter.getByRole('alert').filter({ hasText: 'Esta invitación ya se usó.' }).waitFor();

    // The plan is public, and the page says who signed in last.
    await untilPublic(server, (index) => index.plans.map((p) => p._id).join() === 'plan:ca-4');
    // The merged-away spelling is gone from the public side too; its commitment names the one that stays.
    await untilPublic(
      server,
      (index) =>
        !index.organizations.has('org:treasury-board-secretariat') &&
        index.organizations.get('org:sbdas')?.kind === 'government',
    );
    const commitment = server.store.getIndex().commitments.get('commitment:ca-4-04');
    expect(commitment?.responsibleOrgIds).toContain('org:tbs');
    expect(commitment?.responsibleOrgIds).not.toContain('org:treasury-board-secretariat');
    await page.reload();
    const row = page.getByRole('row', { name: /tbs-reporter/ });
    expect(await row.textContent()).not.toContain('nunca');
    expect(await page.getByRole('row', { name: /pco-reporter/ }).count()).toBe(0);
    const dashboard = await (await browser.newContext()).newPage();
    await dashboard.goto(`${server.url}/`);
    await dashboard.getByRole('heading', { name: /Canada's 2018-2020/ }).waitFor();

    const workspace = useDb(server.couch, server.names.workspace);
    expect(await getOrNull(workspace, DEMO_PLAN_ID)).toBeNull();
    expect((await getOrNull<Organization>(workspace, 'org:sbdas'))?.kind).toBe('government');
    const actions = (await latestAudit(server.couch, server.names)).map((r) => `${r.who} ${r.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'demo-admin site.setup',
        `${me} demo.remove`,
        `${me} plan.import`,
        `${me} organisation.merge`,
        `${me} person.invite`,
        'tbs-reporter invitation.accept',
      ]),
    );
    console.log(`admin page, fresh server to public plan: ${steps.clicks} clicks, ${steps.fields} fields`);
  }, 180_000);

  it('maps a header of the office’s own in the page, and the next import of that sheet needs no mapping', async () => {
    const sheet = await plansPage();
    const check = () =>
      checkSheet(sheet, 'canada-office-copy.csv', ['ca-4-office', 'Canada', 'Canada, office copy', '2018-09-01']);
    await check();
    const whoLeads = sheet.getByRole('combobox', { name: /«Who leads» es/ });
    await whoLeads.selectOption({ label: 'Institución responsable' });
    await accessible(page, 'column mapping');
    await screenshot(page, 'admin-column-mapping');
    await sheet.getByRole('button', { name: 'Revisar antes de importar' }).click();
    const preview = page.getByRole('region', { name: 'Lo que se importaría' });
    await preview.waitFor();
    await expect.poll(() => whoLeads.count()).toBe(0);
    await preview.getByRole('button', { name: 'Importar' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Importado/ })
      .waitFor();
    const workspace = useDb(server.couch, server.names.workspace);
    expect(
      (await getOrNull<{ responsibleOrgIds: string[] }>(workspace, 'commitment:ca-4-office-01'))?.responsibleOrgIds,
    ).toContain('org:tbs');

    // The same sheet again, a week later: the mapping saved with the plan is used; nothing to choose.
    await page.reload();
    await check();
    await preview.waitFor();
    expect(await whoLeads.count()).toBe(0);
    const counts = await preview
      .getByRole('row', { name: /Compromisos/ })
      .getByRole('cell')
      .allTextContents();
    expect(counts).toEqual(['0', '0', '10']);
  }, 120_000);

  it('takes a word of the sheet’s own for an OGP value, and keeps it with the plan', async () => {
    const sheetText = `N.º compromiso,Compromiso,Objetivo,Valores OGP,Institución responsable,Hito,Fecha de inicio del hito,Fecha de término del hito
1,Presupuesto abierto,Publicar el presupuesto mensual.,Transparencia activa,Ministerio de Economía y Finanzas (MEF),Portal de datos,2025-01-01,2025-06-30
`;
    fs.writeFileSync(path.join(dir, 'ecuador.csv'), sheetText);
    const sheet = await plansPage();
    const check = () => checkSheet(sheet, 'ecuador.csv', ['ec-1', 'Ecuador', 'Plan de Acción 2025']);
    await check();
    await sheet
      .getByRole('alert')
      .filter({ hasText: '"Transparencia activa" no es uno de los valores de OGP' })
      .waitFor();
    await sheet.getByText('Palabras de la hoja', { exact: true }).first().click();
    await sheet.getByLabel('Palabra', { exact: true }).fill('Transparencia activa');
    await sheet.getByRole('combobox', { name: /^Significa/ }).selectOption({ label: 'Acceso a la información' });
    await sheet.getByRole('button', { name: 'Añadir' }).click();
    await accessible(page, 'word mapping');
    await screenshot(page, 'admin-word-mapping');
    await sheet.getByRole('button', { name: 'Revisar antes de importar' }).click();
    const preview = page.getByRole('region', { name: 'Lo que se importaría' });
    await preview.getByRole('button', { name: 'Importar' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Importado/ })
      .waitFor();
    const workspace = useDb(server.couch, server.names.workspace);
    expect((await getOrNull<{ ogpValues: string[] }>(workspace, 'commitment:ec-1-01'))?.ogpValues).toEqual([
      'accessToInformation',
    ]);
    await page.reload();
    await check();
    await preview.waitFor();
    expect(
      await preview
        .getByRole('row', { name: /Compromisos/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['0', '0', '1']);
  }, 120_000);

  it('lists who did what, from the page and the terminal, and reads in English as well', async () => {
    await page.goto(`${server.url}/admin/#site`);
    await page.reload();
    const audit = page.getByRole('list').filter({ hasText: 'organisation.merge' });
    await audit.waitFor();
    expect(await audit.textContent()).toMatch(/ana\.admin · organisation\.merge · org:tbs · en esta página/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Site' }).waitFor();
    await page.getByText('Who did what').waitFor();
    await accessible(page, 'site, in English');
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 2, name: 'Invite a person' }).waitFor();
    await accessible(page, 'people, in English');
    await screenshot(page, 'admin-people-en');
    await page.getByRole('button', { name: 'Español' }).click();
  });
});
