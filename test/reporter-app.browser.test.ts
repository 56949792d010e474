import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDb } from '../sync-server/src/couch/client.js';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.js';
import { headingOutline, launchBrowser, outlineFaults, screenshot, seriousViolations } from './browser.js';
import { Client, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pdf = Buffer.from('%PDF-1.4\n% Minuta de la mesa de trabajo del 12 de marzo\n');

describe('reporter app', () => {
  it('signs in, drafts a report with a file offline, keeps it through a reload, and publishes it online', async () => {
    await page.goto(`${server.url}/app/`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Usuario').fill('demo-gobierno');
    await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('link', { name: /Cuarto Plan/ }).waitFor();
    // One visit is enough for the app to open offline, once it says so.
    await page.getByTestId('offline-ready').waitFor();
    await page.getByRole('link', { name: /Cuarto Plan/ }).click();
    await expect.poll(() => page.getByTestId('app-commitments').locator('li').count()).toBe(3);
    await screenshot(page, 'app-commitments');
    await page.getByRole('link', { name: /Divulgación de beneficiarios/ }).click();
    await page.getByRole('link', { name: /Diseño y desarrollo/ }).click();
    const keyActionUrl = page.url();

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('sync-indicator').textContent()).toContain('Sin conexión');
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await page.getByLabel('Porcentaje de avance').fill('65');
    await page.getByLabel('Fecha del avance').fill('2021-03-15');
    await page
      .getByLabel('Descripción del avance')
      .fill('Se instaló el grupo técnico y se definió el estándar de datos de beneficiarios finales.');
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'minuta.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'programa.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('programa.exe: ese tipo de archivo no se acepta');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(() => page.getByTestId('pending').textContent()).toMatch(/[1-9]\d* cambios? sin enviar/);
    await screenshot(page, 'app-report-editor');

    await page.reload();
    await page.getByLabel('Descripción del avance').waitFor();
    expect(await page.getByLabel('Descripción del avance').inputValue()).toContain('grupo técnico');
    expect(await page.getByTestId('evidence-list').textContent()).toContain('minuta.pdf');
    expect(await page.getByTestId('sync-indicator').textContent()).toContain('Sin conexión');

    await context.setOffline(false);
    await page.getByRole('button', { name: 'Publicar' }).click();
    await page.waitForURL(keyActionUrl);
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    expect(await page.getByTestId('app-history').textContent()).toContain('Publicado');
    await screenshot(page, 'app-key-action');

    await server.publisher.settled();
    const found = async () => {
      const reply = (await (await fetch(`${server.url}/api/commitments/commitment:mx-4pa-11`)).json()) as {
        reports: { narrative?: string; evidenceIds: string[] }[];
        evidence: { id: string; file?: { sha256: string; name: string } }[];
      };
      return reply;
    };
    await expect
      .poll(async () => (await found()).reports.some((r) => r.narrative?.includes('grupo técnico')), {
        timeout: 15_000,
      })
      .toBe(true);
    const page11 = await found();
    const report = page11.reports.find((r) => r.narrative?.includes('grupo técnico'));
    const evidence = page11.evidence.find((e) => report?.evidenceIds.includes(e.id));
    expect(evidence?.file?.name).toBe('minuta.pdf');
    const file = await fetch(`${server.url}/api/files/${evidence?.file?.sha256}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('says why a sign-in fails', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${server.url}/app/`);
    await fresh.getByLabel('Usuario').fill('demo-gobierno');
    await fresh.getByLabel('Contraseña').fill('wrong-password');
    await fresh.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    await expect.poll(() => fresh.getByRole('alert').textContent()).toBe('Usuario o contraseña incorrectos.');
    await fresh.close();
  });

  it('shows a conflict between two devices and saves the version the person combines', async () => {
    await page.goto(`${server.url}/app/#/new/${encodeURIComponent('keyAction:mx-4pa-11-3')}`);
    await page.getByLabel('Porcentaje de avance').fill('10');
    await page.getByLabel('Descripción del avance').fill('Inicio del piloto.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/#\/report\//);
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

    await context.setOffline(true);
    await page.getByLabel('Descripción del avance').fill('Versión escrita en campo.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    const office = new Client(server.couchUrl, { name: 'demo-gobierno', password: DEMO_PASSWORD });
    expect(
      (await office.update(server.names.workspace, id, { narrative: 'Versión escrita en la oficina.' })).status,
    ).toBe(201);
    await context.setOffline(false);

    const issues = page.getByTestId('issues');
    await expect
      .poll(() => issues.textContent(), { timeout: 30_000 })
      .toContain('Este reporte se editó en dos lugares');
    expect(await issues.textContent()).toContain('Versión escrita en campo.');
    expect(await issues.textContent()).toContain('Versión escrita en la oficina.');
    await screenshot(page, 'app-conflict');
    await issues.getByRole('button', { name: 'Combinar ambas' }).click();
    const combined = issues.getByLabel('Descripción del avance');
    expect(await combined.inputValue()).toContain('Versión escrita en campo.');
    await combined.fill('Versión escrita en campo, con los datos de la oficina.');
    await issues.getByRole('button', { name: 'Guardar la versión combinada' }).click();
    await expect
      .poll(async () => (await office.get(server.names.workspace, id)).body.narrative, { timeout: 20_000 })
      .toBe('Versión escrita en campo, con los datos de la oficina.');
    expect(await page.getByTestId('issues').count()).toBe(0);
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
  });

  it('leaves a draft and its evidence as they were when a publish is refused, so it can be fixed and saved', async () => {
    await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await page.getByLabel('Porcentaje de avance').fill('40');
    await page.getByLabel('Fecha del avance').fill('2021-04-01');
    await page.getByLabel('Descripción del avance').fill('Borrador con su minuta.');
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'minuta-2.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/#\/report\//);
    await page.getByLabel('Porcentaje de avance').fill('120');
    await page.getByRole('button', { name: 'Publicar' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain('Porcentaje de avance: debe ser como máximo 100.');
    // In plain words, beside the field it is about.
    const percent = page.getByLabel('Porcentaje de avance');
    expect(await percent.getAttribute('aria-invalid')).toBe('true');
    const described = await percent.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe(
      'Porcentaje de avance: debe ser como máximo 100.',
    );
    await page.getByLabel('Porcentaje de avance').fill('50');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Guardado en este equipo.');
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    expect(await page.getByTestId('evidence-list').textContent()).toContain('minuta-2.pdf');
  });

  it('shows on the first screen who is signed in, the drafts and a report the committee returned, with its reason', async () => {
    await useDb(server.couch, server.names.workspace).insert({
      _id: 'report:returned-for-inbox',
      type: 'progressReport',
      planId: 'plan:mx-4pa',
      commitmentId: 'commitment:mx-4pa-11',
      keyActionId: 'keyAction:mx-4pa-11-1',
      orgId: 'org:sfp',
      createdBy: 'demo-gobierno',
      createdAt: new Date().toISOString(),
      status: 'returned',
      returnReason: 'Falta la minuta firmada de la mesa de trabajo.',
      reviewedBy: 'demo-comite',
      reviewedAt: new Date().toISOString(),
      percent: 70,
      narrative: 'Avance enviado a revisión y devuelto.',
      date: '2021-05-01',
      evidenceIds: [],
    } as never);
    await page.goto(`${server.url}/app/#/`);
    const inbox = page.getByTestId('inbox');
    await expect.poll(() => inbox.textContent(), { timeout: 20_000 }).toContain('Devueltos por el comité');
    expect(await inbox.textContent()).toContain('Motivo: Falta la minuta firmada de la mesa de trabajo.');
    expect(await inbox.textContent()).toContain('Sesión de demo-gobierno (SFP)');
    expect(await inbox.textContent()).toContain('Mis borradores');
    expect(await seriousViolations(page)).toEqual([]);
    expect(outlineFaults(await headingOutline(page))).toEqual([]);
    // The note that the app works offline lines up with the screen above it.
    const contentLeft = (await page.locator('main h1').first().boundingBox())?.x;
    expect((await page.getByTestId('offline-ready').boundingBox())?.x).toBe(contentLeft);
    await screenshot(page, 'app-inbox');
    await inbox.getByRole('link', { name: /Avance enviado a revisión y devuelto/ }).click();
    await page.waitForURL(/#\/report\/report%3Areturned-for-inbox/);
  });

  it('warns before a figure lowers the key action, and takes a file or link off a draft', async () => {
    const keyAction = (await (await fetch(`${server.url}/api/commitments/commitment%3Amx-4pa-11`)).json()) as {
      keyActions: { id: string; progress: number }[];
    };
    const target = keyAction.keyActions.find((k) => k.progress > 0) as { id: string; progress: number };
    await page.goto(`${server.url}/app/#/keyAction/${encodeURIComponent(target.id)}`);
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await page.getByLabel('Porcentaje de avance').fill(String(Math.max(0, Math.floor(target.progress) - 10)));
    await expect
      .poll(() => page.getByTestId('lowers-progress').textContent())
      .toContain(`baja el avance de la acción clave de ${target.progress}\u202F%`);
    await page.getByLabel('Porcentaje de avance').fill('100');
    expect(await page.getByTestId('lowers-progress').count()).toBe(0);

    await page.getByLabel('Título del enlace').fill('Enlace equivocado');
    await page.getByLabel('Dirección (https://…)').fill('https://example.org/equivocado');
    await page.getByRole('button', { name: 'Agregar enlace' }).click();
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'acta-3.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% acta 3\n') });
    await page.getByLabel('Descripción del avance').fill('Borrador con un enlace que sobra.');
    // What is typed reads as text, not in its label's bold.
    for (const field of ['Porcentaje de avance', 'Descripción del avance'])
      expect(await page.getByLabel(field).evaluate((el) => getComputedStyle(el).fontWeight)).toBe('400');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/#\/report\//);
    await expect.poll(() => page.getByTestId('evidence-list').textContent()).toContain('Enlace equivocado');
    // The person comes back to the draft once it was sent (two saves a second apart, while the first is
    // still on its way, can meet as a conflict: both versions are then kept for the person to choose).
    await expect.poll(() => page.getByTestId('pending').textContent(), { timeout: 20_000 }).toBe('Todo enviado');
    await page.getByRole('button', { name: 'Quitar Enlace equivocado' }).click();
    // A change clears the last "saved": the next one is this save's.
    expect(await page.getByRole('status').allTextContents()).not.toContain('Guardado en este equipo.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Guardado en este equipo.');
    await page.reload();
    await expect.poll(() => page.getByTestId('evidence-list').textContent()).toContain('acta-3.pdf');
    expect(await page.getByTestId('evidence-list').textContent()).not.toContain('Enlace equivocado');
    expect(await seriousViolations(page)).toEqual([]);
  });
  it('confirms the first save of a new report, then corrects and withdraws a published report from the app', async () => {
    const workspace = useDb(server.couch, server.names.workspace);
    await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await page.getByLabel('Porcentaje de avance').fill('35');
    await page.getByLabel('Fecha del avance').fill('2021-06-01');
    await page.getByLabel('Descripción del avance').fill('Cifra que luego se corrige.');
    await page.getByRole('button', { name: 'Guardar borrador' }).click();
    await page.waitForURL(/#\/report\//);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain(
        'Reporte guardado en este equipo. Puede seguir editándolo; se envía al servidor en cuanto hay conexión.',
      );
    const original = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    await page.getByRole('button', { name: 'Publicar' }).click();
    await page.waitForURL(/#\/keyAction\//);

    const published = page.getByTestId('app-report').filter({ hasText: 'Cifra que luego se corrige.' });
    await published.getByRole('button', { name: 'Corregir' }).click();
    await page.getByRole('heading', { name: 'Corregir un reporte publicado' }).waitFor();
    expect(await page.getByLabel('Porcentaje de avance').inputValue()).toBe('35');
    await page.getByLabel('Porcentaje de avance').fill('45');
    await page.getByLabel('Descripción del avance').fill('Corrección: la cifra era 45 %.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Publicar' }).click();
    await page.waitForURL(/#\/keyAction\//);
    const correction = page.getByTestId('app-report').filter({ hasText: 'Corrección: la cifra era 45 %.' });
    await expect.poll(() => correction.textContent()).toContain('Corrige el reporte del 1 jun 2021');
    await expect
      .poll(
        async () =>
          (await workspace.find({ selector: { type: 'progressReport', corrects: original } })).docs.map(
            (d) => (d as unknown as { percent: number; status: string }).percent,
          ),
        { timeout: 20_000 },
      )
      .toEqual([45]);

    await correction.getByRole('button', { name: 'Retirar' }).click();
    await correction.getByLabel('Motivo del retiro (se muestra en la historia pública)').fill('Se reportó dos veces.');
    expect(await seriousViolations(page)).toEqual([]);
    await correction.getByRole('button', { name: 'Retirar el reporte' }).click();
    await expect.poll(() => correction.textContent()).toContain('Retirado: Se reportó dos veces.');
    await expect
      .poll(
        async () =>
          (await workspace.find({ selector: { type: 'progressReport', corrects: original } })).docs.map(
            (d) => (d as unknown as { status: string }).status,
          ),
        { timeout: 20_000 },
      )
      .toEqual(['withdrawn']);
  });
  it('shows where each screen sits in its plan, every level above it a link', async () => {
    const plan = 'Cuarto Plan de Acción Nacional de Gobierno Abierto de México 2019-2021 (4PA)';
    const commitment = '11. Divulgación de beneficiarios finales';
    const keyAction = 'Instalación de la mesa de trabajo y diagnóstico';
    const trail = () =>
      page.getByRole('navigation', { name: 'Ruta de navegación' }).getByRole('link').allTextContents();
    await page.goto(`${server.url}/app/#/keyAction/keyAction%3Amx-4pa-11-1`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe(keyAction);
    await expect.poll(trail).toEqual([plan, commitment]);
    await page.getByRole('button', { name: 'Nuevo reporte de avance' }).click();
    await expect.poll(trail).toEqual([plan, commitment, keyAction]);
    expect(outlineFaults(await headingOutline(page))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('navigation', { name: 'Ruta de navegación' }).getByRole('link', { name: commitment }).click();
    await page.waitForURL(/#\/commitment\/commitment%3Amx-4pa-11$/);
    await expect.poll(trail).toEqual([plan]);
    await page.getByRole('link', { name: plan }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe(plan);
    expect(await page.getByRole('navigation', { name: 'Ruta de navegación' }).count()).toBe(0);
  });

  it('says so when what a link points to is not on the device, rather than loading for ever', async () => {
    for (const hash of [
      '#/plan/plan%3Anone',
      '#/commitment/commitment%3Amx-4pa-1',
      '#/keyAction/keyAction%3Anone',
      '#/new/keyAction%3Anone',
      '#/report/report%3Anone',
      '#/correct/report%3Anone',
    ]) {
      await page.goto(`${server.url}/app/${hash}`);
      await expect
        .poll(async () => (await page.getByTestId('not-on-device').allTextContents()).join(''), { timeout: 10_000 })
        .toContain('no está en este equipo');
      expect(await page.locator('main h1').textContent()).toBe('No encontrado');
    }
    await page.getByTestId('not-on-device').getByRole('link', { name: 'Ver los planes' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Pendientes');
  });

  it('speaks English when asked: its own words, and the plan’s titles where the plan has them in English', async () => {
    await page.goto(`${server.url}/app/#/commitment/commitment%3Amx-4pa-13`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('13. Subnational Open Government Strategy');
    expect(await page.getByRole('heading', { name: 'Key actions' }).count()).toBe(1);
    expect(await page.getByTestId('sync-indicator').textContent()).toMatch(/Everything sent|changes? not yet sent/);
    expect(await page.locator('main p[lang=es]').first().textContent()).toContain('Vincular las agendas');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Español' }).click();
    await expect
      .poll(() => page.locator('main h1').textContent())
      .toBe('13. Estrategia subnacional de gobierno abierto');
  });
});
