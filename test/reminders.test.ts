import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { setPersonEmail } from '../sync-server/src/mail/people.js';
import { report, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';
import { type ReceivedMail, TestSmtp } from './smtp.js';

/*
 * Reminders for the people who report, on a moved clock: a key action nearing its end date with
 * no report, then overdue, a returned report, the committee's weekly digest; each once, and only
 * those each person chose. The fixture's key actions end on 2025-12-31.
 */

const smtp = new TestSmtp();
let server: TestServer;
let now = Date.parse('2025-12-20T12:00:00Z');
const at = (iso: string) => {
  now = Date.parse(`${iso}T12:00:00Z`);
};
let repA: Client;
let repB: Client;
let committee: Client;
const address = (client: Client) => `${client.name}@example.org`;
const subjectsOf = (client: Client) => smtp.to(address(client)).map((m) => m.parsed.subject ?? '');

async function round(): Promise<void> {
  await server.reminders.round();
  await server.mail.wake();
}

const settings = (client: Client, method = 'GET', body?: unknown, auth = true) =>
  fetch(`${server.url}/api/me/mail`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(auth
        ? {
            authorization: `Basic ${Buffer.from(`${client.credentials?.name}:${client.credentials?.password}`).toString('base64')}`,
          }
        : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    env: { TABLERO_SMTP_URL: smtp.url, TABLERO_MAIL_RETRY_S: '0.2', TABLERO_REMINDER_DAYS: '7' },
    now: () => now,
  });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  repA = await createUser(server, { name: uniqueName('repa'), org: 'org:gov-a', role: 'reporter' });
  repB = await createUser(server, { name: uniqueName('repb'), org: 'org:gov-b', role: 'reporter' });
  committee = await createUser(server, { name: uniqueName('com'), org: 'org:com-d', role: 'committee' });
  const personal = useDb(server.couch, server.names.personal);
  for (const client of [repA, repB, committee]) await setPersonEmail(personal, client.name, address(client));
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('reminders on a moved clock', () => {
  it('remind of a key action due within the days, without a report, once', async () => {
    await round();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subjectsOf(repA)).toEqual([]);
    // gov-a reports on one of its key actions; the others stay unreported.
    const done = report({ createdBy: repA.name, status: 'published', keyActionId: 'keyAction:test-1-1' });
    expect((await repA.put(server.names.workspace, done)).status).toBe(201);
    at('2025-12-26');
    await round();
    await round();
    const [both] = await smtp.waitFor(1, address(repA));
    await smtp.waitFor(1, address(repB));
    await new Promise((resolve) => setTimeout(resolve, 800));
    // The round's reminders in one mail, each named.
    expect(subjectsOf(repA)).toEqual(['Tablero: 2 recordatorios']);
    expect(both?.parsed.text).toContain('«Key action review-1-1» termina el 2025-12-31');
    expect(both?.parsed.text).toContain('«Key action test-1-2» termina el 2025-12-31');
    expect(both?.parsed.text).not.toContain('test-1-1');
    expect(subjectsOf(repB)).toEqual(['Vence en 5 días: Key action test-2-1']);
    const [mail] = smtp.to(address(repB));
    expect(mail?.parsed.text).toContain(`${server.url}/app/`);
  });

  it('remind of an overdue key action, unless the person chose not to be', async () => {
    expect((await settings(repA, 'PUT', { reminders: { overdue: false } })).status).toBe(200);
    expect(await (await settings(repA)).json()).toMatchObject({
      email: address(repA),
      reminders: { overdue: false, deadlineSoon: true, returned: true, weeklyDigest: true },
    });
    at('2026-01-02');
    await round();
    await smtp.waitFor(2, address(repB));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(subjectsOf(repB)).toEqual(['Vence en 5 días: Key action test-2-1', 'Vencida: Key action test-2-1']);
    expect(subjectsOf(repA)).toHaveLength(1);
  });

  it('tell the reporters when the committee returns a report, and the committee weekly of what waits', async () => {
    const ws = server.names.workspace;
    const submitted = report({
      createdBy: repA.name,
      planId: 'plan:review',
      commitmentId: 'commitment:review-1',
      keyActionId: 'keyAction:review-1-1',
      status: 'submitted',
    });
    const waiting = report({ ...submitted, _id: `${submitted._id}-2`, keyActionId: 'keyAction:review-1-1' });
    expect((await repA.put(ws, submitted)).status).toBe(201);
    expect((await repA.put(ws, waiting)).status).toBe(201);
    await round();
    const [digest] = await smtp.waitFor(1, address(committee));
    expect(digest?.parsed.subject).toBe('Pendiente del comité: 2 reportes, 0 preguntas');
    const returned = await committee.update(ws, submitted._id, {
      status: 'returned',
      reviewedBy: committee.name,
      returnReason: 'Adjunte la minuta.',
    });
    expect(returned.status).toBe(201);
    await round();
    await smtp.waitFor(2, address(repA));
    await round();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(subjectsOf(repA).filter((s) => s.startsWith('Reporte devuelto'))).toEqual([
      'Reporte devuelto: Key action review-1-1',
    ]);
    // The same week: no second digest; the next week: one more.
    expect(subjectsOf(committee)).toHaveLength(1);
    // A question from the public waits for moderation in the committee's plan.
    await useDb(server.couch, ws).insert({
      _id: `question:${uniqueName('q')}`,
      type: 'question',
      planId: 'plan:review',
      commitmentId: 'commitment:review-1',
      text: '¿Cuándo?',
      status: 'pending',
      receivedAt: new Date(now).toISOString(),
    });
    at('2026-01-09');
    await round();
    await smtp.waitFor(2, address(committee));
    expect(subjectsOf(committee)[1]).toBe('Pendiente del comité: 1 reporte, 1 pregunta');
  });

  it('stop one kind of reminder for one person with one click from the mail (RFC 8058)', async () => {
    const header = (mail: ReceivedMail | undefined, name: string) =>
      mail?.parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    const [soon] = smtp.to(address(repB));
    expect(header(soon, 'list-unsubscribe')).toMatch(
      /^<http:\/\/\S+\/api\/reminders\/stop\/[A-Za-z0-9_-]{43}\/deadlineSoon>$/,
    );
    const digest = smtp.to(address(committee))[1];
    expect(header(digest, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const stop = /^<([^>]+)>$/.exec(header(digest, 'list-unsubscribe') ?? '')?.[1] as string;
    expect(stop).toMatch(/\/weeklyDigest$/);
    expect(digest?.parsed.text).toContain(`Para dejar de recibir recordatorios como estos: ${stop}`);
    const choices = async () => ((await (await settings(committee)).json()) as { reminders: object }).reminders;

    // A link scanner's GET: a page with a button, and nothing changes; a token of nobody's finds nothing.
    const page = await fetch(stop);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post"[^>]*><button type="submit">Dejar de recibirlos<\/button>/);
    const forged = stop.replace(/stop\/[A-Za-z0-9_-]{43}/, `stop/${'A'.repeat(43)}`);
    const oneClick = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
    expect((await oneClick(forged)).status).toBe(404);
    expect((await oneClick(stop.replace(/weeklyDigest$/, 'tracking'))).status).toBe(404);
    expect(await choices()).toEqual({ deadlineSoon: true, overdue: true, returned: true, weeklyDigest: true });

    const stopped = await oneClick(stop);
    expect(stopped.status).toBe(200);
    expect(await stopped.text()).toContain('ya no recibirá los recordatorios de que el resumen semanal');
    expect(await choices()).toEqual({ deadlineSoon: true, overdue: true, returned: true, weeklyDigest: false });
    // The next week the reports still wait, and no digest comes.
    at('2026-01-16');
    await round();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(subjectsOf(committee)).toHaveLength(2);
  });
});

describe('the mail settings endpoint', () => {
  it('answers only the signed-in person, and refuses bad choices naming the field', async () => {
    expect((await settings(repA, 'GET', undefined, false)).status).toBe(401);
    expect((await settings(repA, 'PUT', { reminders: { overdue: true } }, false)).status).toBe(401);
    const wrong = await fetch(`${server.url}/api/me/mail`, {
      headers: { authorization: `Basic ${Buffer.from(`${repA.name}:wrong-password`).toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const cases: [unknown, string][] = [
      [{ reminders: { overdue: 'no' } }, 'reminders.overdue'],
      [{ reminders: { tracking: true } }, 'reminders.tracking'],
      [{ reminders: [] }, 'reminders'],
      [{ email: 'other@example.org' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const reply = await settings(repB, 'PUT', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(((await reply.json()) as { field: string }).field).toBe(field);
    }
    expect(await (await settings(repB)).json()).toEqual({
      email: address(repB),
      reminders: { deadlineSoon: true, overdue: true, returned: true, weeklyDigest: true },
    });
  });
});
