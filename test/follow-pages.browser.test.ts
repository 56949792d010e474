import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { allFollows } from '../sync-server/src/mail/follows.js';
import { headingOutline, launchBrowser, outlineFaults, seriousViolations } from './browser.js';
import { testPlan } from './fixtures.js';
import { startTestServer, type TestServer, uniqueName } from './helpers.js';
import { TestSmtp } from './smtp.js';

/*
 * The pages a follow mail's links open, in Chromium: no script, under the site's CSP, a button the
 * keyboard reaches; accessible (axe-core) in Spanish and in English.
 */

const smtp = new TestSmtp();
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({ env: { TABLERO_SMTP_URL: smtp.url, TABLERO_MAIL_RETRY_S: '0.2' } });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  await server.publisher.settled();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp.stop();
});

describe('the confirmation and unsubscription pages', () => {
  it('confirm with the button, by keyboard, then unsubscribe in English; accessible all along', async () => {
    const email = `${uniqueName('page')}@example.org`;
    const asked = await fetch(`${server.url}/api/follow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, commitmentId: 'commitment:test-1' }),
    });
    expect(asked.status).toBe(202);
    const [mail] = await smtp.waitFor(1, email);
    const confirm = /https?:\/\/\S+\/api\/follow\/confirm\/[A-Za-z0-9_-]{43}/.exec(
      mail?.parsed.text ?? '',
    )?.[0] as string;
    const unsubscribe = /^<([^>]+)>$/.exec(
      mail?.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/^[^:]+:\s*/, '') ?? '',
    )?.[1] as string;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const check = async (heading: string) => {
      expect(await page.locator('h1').textContent()).toBe(heading);
      expect(outlineFaults(await headingOutline(page))).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    };

    await page.goto(confirm);
    await check('Confirmar el seguimiento');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const personal = useDb(server.couch, server.names.personal);
    expect((await allFollows(personal)).find((f) => f.email === email)?.state).toBe('pending');
    // The keyboard reaches the button; Enter sends the form.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Confirmar');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await check('Confirmar el seguimiento');
    expect(await page.locator('main p').textContent()).toContain('Listo');
    expect((await allFollows(personal)).find((f) => f.email === email)?.state).toBe('active');

    // The choice every mail links to: by label, saved by the form's POST.
    await page.goto(unsubscribe.replace('/api/unsubscribe/', '/api/follow/settings/'));
    await check('Cuándo recibir los avisos');
    expect(await page.getByLabel('un aviso por cada novedad').isChecked()).toBe(true);
    await page.getByLabel(/un resumen al día/).check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Guardar' }).click()]);
    await check('Cuándo recibir los avisos');
    expect(await page.locator('main p').first().textContent()).toContain('Guardado: recibirá un resumen al día');
    expect((await allFollows(personal)).find((f) => f.email === email)?.digest).toBe('daily');
    await page.getByRole('link', { name: 'English' }).click();
    await check('When to receive notices');
    expect(await page.getByLabel(/one summary a day/).isChecked()).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'tablero-follow-settings.png') });

    await page.goto(`${unsubscribe}?lang=en`);
    await check('Stop receiving notices');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Stop receiving notices' }).click()]);
    await check('Stop receiving notices');
    expect(await page.locator('main p').textContent()).toContain('address was deleted');
    expect((await allFollows(personal)).find((f) => f.email === email)).toBeUndefined();
    expect(errors).toEqual([]);
    // The link again: a page saying so (a 404), in the language asked for.
    await page.goto(`${unsubscribe}?lang=es`);
    await check('Enlace no válido');
    await page.close();
  });

  it("follow from the commitment's page: the address and the digest, then the confirmation mail; accessible", async () => {
    const email = `${uniqueName('dash')}@example.org`;
    const page = await browser.newPage();
    await page.goto(`${server.url}/commitments/commitment%3Atest-1`);
    const form = page.getByRole('form', { name: 'Seguir este compromiso por correo' });
    await form.waitFor();
    // An address the browser takes and the server does not (no domain to deliver to): said beside the field.
    await form.getByLabel('Su correo').fill('nadie@ejemplo');
    await form.getByRole('button', { name: 'Seguir' }).click();
    await expect.poll(() => form.locator('.field-error').textContent()).toContain('una sola dirección');
    expect(await form.getByLabel('Su correo').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Su correo').fill(email);
    await form.getByLabel('un resumen al día').check();
    await form.getByRole('button', { name: 'Seguir' }).click();
    await expect.poll(() => page.getByTestId('follow-status').textContent()).toContain('va en camino');
    await form.screenshot({ path: path.join(os.tmpdir(), 'tablero-follow-form.png') });
    expect(await seriousViolations(page)).toEqual([]);
    const [mail] = await smtp.waitFor(1, email);
    expect(mail?.parsed.subject).toContain('Confirme');
    const follow = (await allFollows(useDb(server.couch, server.names.personal))).find((f) => f.email === email);
    expect(follow).toMatchObject({
      state: 'pending',
      digest: 'daily',
      target: { kind: 'commitment', id: 'commitment:test-1' },
    });
    await page.close();
  });
});
