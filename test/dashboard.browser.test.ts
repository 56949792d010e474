import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { DEMO_PLAN_ID } from '../sync-server/src/demo/demo-data.js';
import { DOCS_DIR, launchBrowser, screenshot, seriousViolations } from './browser.js';
import { report, testPlan } from './fixtures.js';
import { createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  await untilPublic(server, (index) => index.plans.length > 0);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const cards = () => page.getByTestId('commitment-card');

describe('public dashboard', () => {
  it('shows every commitment of the demo plan with its progress', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => cards().count()).toBe(13);
    const values = await page
      .locator('[data-testid=commitment-card] [role=progressbar]')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('aria-valuenow'))));
    expect(values).toHaveLength(13);
    const api = (await (await fetch(`${server.url}/api/plans/${DEMO_PLAN_ID}`)).json()) as {
      commitments: { progress: number }[];
    };
    expect(values).toEqual(api.commitments.map((c) => c.progress));
    await expect.poll(() => page.locator('h1').textContent()).toContain('Cuarto Plan de Acción');
    await screenshot(page, 'dashboard-overview');
  });

  it('narrows the list with a filter that survives a reload through the address', async () => {
    await page.locator('select[name=state]').selectOption('completed');
    await expect.poll(() => cards().count()).toBe(1);
    expect(page.url()).toContain('state=completed');
    await page.getByLabel('Buscar').fill('bosques');
    await expect.poll(() => page.url()).toContain('q=bosques');
    await page.reload();
    await expect.poll(() => cards().count()).toBe(1);
    expect(await cards().first().textContent()).toContain('bosques');
    expect(await page.getByLabel('Buscar').inputValue()).toBe('bosques');
    await page.getByLabel('Buscar').fill('zzzz');
    await expect.poll(() => cards().count()).toBe(0);
    await page.getByRole('button', { name: 'Quitar filtros' }).click();
    await expect.poll(() => cards().count()).toBe(13);
  });

  it('shows a commitment’s report history with its evidence', async () => {
    await page.goto(`${server.url}/`);
    await page
      .getByRole('link', { name: /Gasto abierto y responsable/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('report').count()).toBeGreaterThan(2);
    const history = await page.getByTestId('report-history').textContent();
    expect(history).toContain('demostración');
    const evidence = page.locator('[data-testid=report] .evidence a');
    expect(await evidence.count()).toBeGreaterThan(0);
    expect(await evidence.first().getAttribute('href')).toMatch(/^https:\/\/www\.opengovpartnership\.org\//);
    await screenshot(page, 'dashboard-commitment');
  });

  it('shows a report published through the API on the open page, without a reload', async () => {
    await page.goto(`${server.url}/commitments/commitment%3Amx-4pa-11`);
    await expect.poll(() => page.getByTestId('report').count()).toBeGreaterThan(0);
    const before = await page.getByTestId('report').count();
    const reporter = await createUser(server, { name: uniqueName('sfp'), role: 'reporter', org: 'sfp' });
    const fresh = report({
      createdBy: reporter.name,
      orgId: 'org:sfp',
      planId: DEMO_PLAN_ID,
      commitmentId: 'commitment:mx-4pa-11',
      keyActionId: 'keyAction:mx-4pa-11-2',
      status: 'published',
      percent: 55,
      narrative: 'Se publicó el padrón de beneficiarios finales en datos abiertos.',
      date: '2021-05-20',
    });
    expect((await reporter.put(server.names.workspace, fresh)).status).toBe(201);
    await expect.poll(() => page.getByTestId('report').count(), { timeout: 20_000 }).toBe(before + 1);
    expect(await page.getByTestId('report-history').textContent()).toContain('padrón de beneficiarios finales');
  });

  it('has no serious or critical accessibility violations on any page, in either language', async () => {
    const pages = [
      '/',
      '/commitments/commitment%3Amx-4pa-01',
      '/organizations/org%3Asfp',
      '/activity',
      '/data',
      '/?lang=en',
      '/commitments/commitment%3Amx-4pa-10?lang=en',
    ];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });

  it('switches to English and keeps the choice', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h2#list-title').textContent()).toBe('Commitments');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.goto(`${server.url}/activity`);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Recent activity');
    // Vocabularies in the page's language; content in English where the plan has it, and a notice where not.
    await page.goto(`${server.url}/commitments/commitment%3Amx-4pa-13`);
    await expect.poll(() => page.locator('main h1').textContent()).toContain('Subnational Open Government Strategy');
    const facts = (await page.locator('.fact-list').textContent()) ?? '';
    expect(facts).toContain('Capacity Building, Gender');
    expect(facts).toContain('Verifiable: Yes');
    expect(await page.getByTestId('language-notice').textContent()).toContain('only in Spanish');
    expect(await page.locator('[data-testid=objective][lang=es]').count()).toBe(1);
    await page.getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toContain('Estrategia subnacional');
    const hechos = (await page.locator('.fact-list').textContent()) ?? '';
    expect(hechos).toContain('Fortalecimiento de capacidades, Género');
    expect(hechos).toContain('Verificable: Sí');
    expect(hechos).toContain('Resultados tempranos: Importantes');
    for (const english of ['Capacity Building', 'Gender', 'Yes', 'High', 'Major', 'verifiable'])
      expect(hechos).not.toContain(english);
    expect(await page.getByTestId('language-notice').count()).toBe(0);
    await page.goto(`${server.url}/`);
    await page.getByTestId('commitment-card').first().waitFor();
    const themes = await page.getByLabel('Tema').locator('option').allTextContents();
    expect(themes).toContain('Género');
    expect(themes).not.toContain('Gender');
  });

  it('serves recent activity as an Atom feed', async () => {
    const reply = await fetch(`${server.url}/activity.atom`);
    expect(reply.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await reply.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml.match(/<entry>/g)?.length).toBeGreaterThan(10);
  });

  it("links each commitment's Atom feed, on the page and in its head, also when reached without a reload", async () => {
    const feed = '/commitments/commitment%3Amx-4pa-01/activity.atom';
    const headLinks = () => page.locator('head link[rel="alternate"][type="application/atom+xml"][data-feed="page"]');
    const siteFeed = page.locator('head link[rel="alternate"][href="/activity.atom"]');
    // As a feed reader gets it: the server's page announces the feed, no script run.
    const html = await (await fetch(`${server.url}/commitments/commitment%3Amx-4pa-01`)).text();
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" href="${feed}" data-feed="page">`);
    expect(html.indexOf(feed)).toBeLessThan(html.indexOf('href="/activity.atom"'));
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain('data-feed="page"');
    expect(await (await fetch(`${server.url}/commitments/commitment%3Anone`)).text()).not.toContain('data-feed="page"');

    await page.goto(`${server.url}/`);
    await expect.poll(() => cards().count()).toBe(13);
    expect(await headLinks().count()).toBe(0);
    await page.locator('a[href="/commitments/commitment%3Amx-4pa-01"]').first().click();
    const visible = page.getByTestId('commitment-feed');
    await visible.waitFor();
    expect(await visible.getAttribute('href')).toBe(feed);
    expect(await visible.textContent()).toBe('Suscribirse (Atom)');
    await expect.poll(() => headLinks().count()).toBe(1);
    expect(await headLinks().getAttribute('href')).toBe(feed);
    const reply = await fetch(`${server.url}${feed}`);
    expect(reply.headers.get('content-type')).toContain('application/atom+xml');
    // Back on a page with no feed of its own: the head announces none.
    await page.goBack();
    await expect.poll(() => headLinks().count()).toBe(0);
    expect(await siteFeed.count()).toBe(1);
  });

  it('works on a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${server.url}/`);
    await expect.poll(() => phone.getByTestId('commitment-card').count()).toBe(13);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'dashboard-overview-phone');
    await phone.goto(`${server.url}/commitments/commitment%3Amx-4pa-13`);
    await phone.getByTestId('report-history').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'dashboard-commitment-phone');
    // The end-of-term evaluation, read on a phone: one card per commitment, nothing off the screen.
    await phone.goto(`${server.url}/evaluation?plan=plan%3Amx-4pa`);
    await expect.poll(() => phone.getByTestId('evaluation-row').count()).toBe(13);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const row = phone.getByTestId('evaluation-row').first();
    // Each figure keeps its column's heading above it.
    const headings = await row
      .locator('td')
      .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(headings).toContain('"Nivel sugerido por el avance"');
    expect(await seriousViolations(phone)).toEqual([]);
    // The first screenful, as the person sees it (the whole page is thirteen cards long).
    await phone.screenshot({ path: path.join(DOCS_DIR, 'evaluation-phone.png') });
    await phone.close();
  });

  it('prints a commitment with its address, the print date, the evidence addresses, and no key action split across pages', async () => {
    const printed = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await printed.goto(`${server.url}/commitments/commitment%3Amx-4pa-11`);
    await printed.getByTestId('report-history').waitFor();
    await printed.emulateMedia({ media: 'print' });
    const footer = printed.getByTestId('print-footer');
    expect(await footer.isVisible()).toBe(true);
    const text = await footer.textContent();
    expect(text).toContain(`${server.url}/commitments/commitment%3Amx-4pa-11`);
    expect(text).toMatch(/Impreso el \d{1,2} \w+\.? \d{4}/);
    // Each link to evidence carries its address on paper.
    const link = printed.locator('[data-testid=report] .evidence a[href^="http"]').first();
    const address = await link.getAttribute('href');
    const after = await link.evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toContain(address);
    for (const selector of ['.timeline-row', '.history-item'])
      expect(
        await printed
          .locator(selector)
          .first()
          .evaluate((el) => getComputedStyle(el).breakInside),
      ).toBe('avoid');
    await printed.emulateMedia({ media: 'screen' });
    expect(await footer.isVisible()).toBe(false);
    await printed.close();
  });
  it('marks a plan’s text with the plan’s own language, and says so when the page is in another one', async () => {
    const records = testPlan().map((r) =>
      r.doc._id === 'plan:test' ? { ...r, doc: { ...r.doc, languages: ['en'] } } : r,
    );
    await importRecords(server.couch, server.names, 'an English plan', records);
    await untilPublic(server, (index) => index.commitments.has('commitment:test-1'));
    await page.goto(`${server.url}/commitments/commitment%3Atest-1`);
    await expect.poll(() => page.getByTestId('language-notice').textContent()).toContain('solo en inglés');
    expect(await page.locator('[data-testid=objective][lang=en]').count()).toBe(1);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toContain('Commitment test-1');
    expect(await page.getByTestId('language-notice').count()).toBe(0);
    await page.getByRole('button', { name: 'Español' }).click();
  });
});
