import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { launchBrowser, seriousViolations } from './browser.js';
import { testPlan } from './fixtures.js';
import {
  type Client,
  createUser,
  runAdmin,
  startTestServer,
  type TestServer,
  uniqueName,
  untilPublic,
} from './helpers.js';

/*
 * A plan's questionModeration (#34) set by the administrator, from the terminal and from the web
 * administration: moderated afterwards, a question is public at once, still rate limited, still
 * shown as text, and the committee can still take it down; moderated before again, the next one
 * waits. plan:test's committee is com-d.
 */

let server: TestServer;
let browser: Browser;
let committee: Client;
let admin: string;
let boss: Client;
let token = '';

// Read from the process's environment when the server starts (questions/ask.ts).
process.env.TABLERO_QUESTIONS_PER_COMMITMENT = '3';
process.env.TABLERO_QUESTIONS_PER_ADDRESS = '50';

const HOSTILE = '¿Dónde está el padrón? <img src="x" onerror="window.pwned = 1">';

async function ask(commitment: string, text: string) {
  const reply = await fetch(`${server.url}/api/commitments/${commitment}/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, text }),
  });
  return { status: reply.status, headers: reply.headers, body: (await reply.json()) as Record<string, unknown> };
}

const setModeration = (questionModeration: unknown) =>
  fetch(`${server.url}/admin/api/plans/test/review`, {
    method: 'PUT',
    headers: { authorization: admin, origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ committeeOrgIds: ['org:com-d'], reviewRequired: false, questionModeration }),
  });

const moderationOf = async () =>
  ((await committee.get(server.names.workspace, 'plan:test')).body as { questionModeration?: string })
    .questionModeration;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  committee = await createUser(server, { name: uniqueName('com'), role: 'committee', org: 'com-d' });
  boss = await createUser(server, { name: uniqueName('boss'), role: 'admin' });
  admin = `Basic ${Buffer.from(`${boss.credentials?.name}:${boss.credentials?.password}`).toString('base64')}`;
  await untilPublic(server, (index) => index.commitments.has('commitment:test-1'));
  token = ((await (await fetch(`${server.url}/api/questions/form`)).json()) as { token: string }).token;
  browser = await launchBrowser();
  // The form's minimum time between handing out the form and a post.
  await new Promise((resolve) => setTimeout(resolve, 2100));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a plan's question moderation, set by the administrator", () => {
  it('refuses a bad value from the terminal or the web, naming it, and changes nothing', async () => {
    const bad = await runAdmin(server, 'plan', 'questions', '--plan', 'test', '--moderation', 'sometimes');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--moderation');
    const web = await setModeration('sometimes');
    expect(web.status).toBe(400);
    expect(((await web.json()) as { field: string }).field).toBe('questionModeration');
    expect(await moderationOf()).toBeUndefined();
  });

  it('moderated afterwards: public at once, shown as text, rate limited, and the committee takes it down', async () => {
    const set = await runAdmin(server, 'plan', 'questions', '--plan', 'test', '--moderation', 'after');
    expect(set.code, set.stderr).toBe(0);
    expect(await moderationOf()).toBe('after');
    await untilPublic(server, (index) =>
      index.plans.some((p) => p._id === 'plan:test' && p.questionModeration === 'after'),
    );

    const asked = await ask('commitment:test-1', HOSTILE);
    expect(asked).toMatchObject({ status: 202, body: { status: 'published' } });
    const id = String(asked.body.id);
    await untilPublic(server, (index) => index.questions.some((q) => q._id === id));

    const page = await browser.newPage();
    await page.goto(`${server.url}/commitments/commitment%3Atest-1`);
    await page.getByText(HOSTILE).waitFor();
    expect(await page.locator('main img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);

    // Still limited per commitment (3 an hour here): published at once is no way round it.
    const statuses = [
      (await ask('commitment:test-1', 'Segunda')).status,
      (await ask('commitment:test-1', 'Tercera')).status,
    ];
    const flooded = await ask('commitment:test-1', 'Cuarta');
    expect([...statuses, flooded.status]).toEqual([202, 202, 429]);
    expect(Number(flooded.headers.get('retry-after'))).toBeGreaterThan(0);

    // The committee withdraws it afterwards: off the public side and the page.
    const current = (await committee.get(server.names.workspace, id)).body;
    const withdrawn = await committee.put(server.names.workspace, {
      ...current,
      status: 'rejected',
      rejectionReason: 'Contiene código.',
      moderatedBy: committee.name,
      moderatedByOrgId: 'org:com-d',
      moderatedAt: new Date().toISOString(),
    });
    expect(withdrawn.status).toBe(201);
    await untilPublic(server, (index) => !index.questions.some((q) => q._id === id));
    await page.reload();
    await page.getByRole('heading', { name: 'Preguntas del público' }).waitFor();
    expect(await page.getByText(HOSTILE).count()).toBe(0);
    await page.close();
  });

  it('moderated before again, from the web administration: the next question waits for the committee', async () => {
    const web = await setModeration('before');
    expect(web.status).toBe(200);
    expect(await moderationOf()).toBe('before');
    const asked = await ask('commitment:test-2', 'Una pregunta que espera');
    expect(asked).toMatchObject({ status: 202, body: { status: 'pending' } });
  });

  it("is chosen on the plan's card in the web administration, by label", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/admin/#plans`);
    await page.getByLabel('Usuario').fill(boss.credentials?.name ?? '');
    await page.getByLabel('Contraseña').fill(boss.credentials?.password ?? '');
    await page.locator('form').getByRole('button', { name: 'Iniciar sesión' }).click();
    const card = page.locator('article.panel').filter({ has: page.locator('code', { hasText: /^test$/ }) });
    await card.getByText('Comité y revisión').click();
    const before = card.getByLabel('Esperan a que el comité las publique');
    await before.waitFor();
    expect(await before.isChecked()).toBe(true);
    await card.getByLabel(/Se publican al instante/).check();
    expect(await seriousViolations(page)).toEqual([]);
    await card.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(moderationOf, { timeout: 10_000 }).toBe('after');
    await page.close();
  });
});
