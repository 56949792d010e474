import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { allDocuments, useDb } from '../sync-server/src/couch/client.js';
import { allFollows, type Follow } from '../sync-server/src/mail/follows.js';
import { report, review, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';
import { type ReceivedMail, TestSmtp } from './smtp.js';

/*
 * Following a commitment, end to end against a real SMTP server on loopback: the double opt-in,
 * one mail per published report with RFC 8058's headers, one-click unsubscription that deletes
 * the address, the daily digest at its hour on a moved clock, the follower's choice between the
 * two, and an attacker's tries at the endpoints.
 */

const smtp = new TestSmtp();
let server: TestServer;
let reporter: Client;
let committee: Client;
let offset = 0;
const clock = () => Date.now() + offset;
/** Moves the server's clock to an instant (only forward: the tests before moved it too). */
const setClock = (iso: string) => {
  offset = Math.max(offset, Date.parse(iso) - Date.now());
};

const post = (path: string, body: unknown, type = 'application/json') =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const confirmLink = (mail: ReceivedMail | undefined) =>
  /https?:\/\/\S+\/api\/follow\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail?.parsed.text ?? '')?.[0] as string;
const header = (mail: ReceivedMail | undefined, name: string) =>
  mail?.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');

async function publishReport(narrative: string): Promise<string> {
  const doc = report({ createdBy: reporter.name, status: 'published', narrative });
  expect((await reporter.put(server.names.workspace, doc)).status).toBe(201);
  await untilPublic(server, (index) => index.reports.some((r) => r._id === doc._id));
  await server.notifier.catchUp();
  return doc._id;
}

/** Follows and confirms; returns the address and its first mail (the confirmation). */
async function follow(body: Record<string, unknown>): Promise<{ email: string; confirmation: ReceivedMail }> {
  const email = `${uniqueName('f')}@example.org`;
  expect((await post('/api/follow', { email, ...body })).status).toBe(202);
  const [confirmation] = await smtp.waitFor(1, email);
  const confirmed = await fetch(confirmLink(confirmation), { method: 'POST' });
  expect(confirmed.status).toBe(200);
  return { email, confirmation: confirmation as ReceivedMail };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    env: {
      TABLERO_SMTP_URL: smtp.url,
      TABLERO_MAIL_RETRY_S: '0.2',
      TABLERO_FOLLOWS_PER_HOUR: '1000',
      TABLERO_DIGEST_HOUR: '7',
      TABLERO_TIME_ZONE: 'America/Mexico_City',
    },
    now: clock,
  });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  reporter = await createUser(server, { name: uniqueName('rep'), org: 'org:gov-a', role: 'reporter' });
  committee = await createUser(server, { name: uniqueName('com'), org: 'org:com-d', role: 'committee' });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('following a commitment', () => {
  it('follow → confirm → a report published → one mail with the headers → one-click unsubscribe → no more mail', async () => {
    const email = `${uniqueName('journalist')}@example.org`;
    const asked = await post('/api/follow', { email, commitmentId: 'commitment:test-1' });
    expect(asked.status).toBe(202);
    const [confirmation] = await smtp.waitFor(1, email);
    expect(confirmation?.parsed.subject).toContain('Confirme');
    const link = confirmLink(confirmation);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/follow\/confirm\//);

    // A link scanner opens the link: the page has a button, and nothing is confirmed.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(
      /<form method="post" action="\/api\/follow\/confirm\/[A-Za-z0-9_-]{43}\?lang=es"><button type="submit">Confirmar<\/button>/,
    );
    expect(html).toContain('<html lang="es">');
    await publishReport('Published before the confirmation');
    await settle();
    expect(smtp.to(email)).toHaveLength(1);

    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    const reportId = await publishReport('Se publicó el padrón.');
    const mails = await smtp.waitFor(2, email);
    await settle();
    expect(smtp.to(email)).toHaveLength(2);
    const notice = mails[1];
    expect(notice?.parsed.subject).toBe('Nuevo reporte de avance: Commitment test-1');
    expect(notice?.parsed.text).toContain('Se publicó el padrón.');
    expect(notice?.parsed.text).toContain(`${server.url}/commitments/commitment%3Atest-1`);
    expect(notice?.parsed.html).toBeFalsy();
    expect(notice?.raw).not.toMatch(/<img|track|utm_/i);
    const unsubscribe = /^<(https?:\/\/[^>]+\/api\/unsubscribe\/[A-Za-z0-9_-]{43})>$/.exec(
      header(notice, 'List-Unsubscribe') ?? '',
    )?.[1] as string;
    expect(unsubscribe).toBeTruthy();
    expect(header(notice, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(notice, 'Content-Language')).toBe('es');
    expect(reportId).toBeTruthy();

    // The mail client's one-click POST (RFC 8058).
    const gone = await post(
      new URL(unsubscribe).pathname,
      'List-Unsubscribe=One-Click',
      'application/x-www-form-urlencoded',
    );
    expect(gone.status).toBe(200);
    const left = await allDocuments(useDb(server.couch, server.names.personal));
    expect(JSON.stringify(left)).not.toContain(email);
    await publishReport('After the unsubscription');
    await settle();
    expect(smtp.to(email)).toHaveLength(2);
    // The link is spent: a second POST finds nothing.
    expect(
      (await post(new URL(unsubscribe).pathname, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded'))
        .status,
    ).toBe(404);
  });

  it('tells followers of a plan and of an organisation, once each, of a public observation and a meeting', async () => {
    const planFollower = await follow({ planId: 'plan:test' });
    const orgFollower = await follow({ organizationId: 'org:gov-a' });
    const other = await follow({ commitmentId: 'commitment:test-2' });
    const observation = review({ createdBy: committee.name, text: 'Falta la evidencia del padrón.' });
    const meeting = review({
      createdBy: committee.name,
      kind: 'meeting',
      participantOrgIds: ['org:gov-a'],
      agreements: 'Publicar los datos.',
    });
    for (const doc of [observation, meeting])
      expect((await committee.put(server.names.workspace, doc)).status).toBe(201);
    await untilPublic(server, (index) => index.reviews.some((r) => r._id === meeting._id));
    await server.notifier.catchUp();
    for (const { email } of [planFollower, orgFollower]) {
      const mails = await smtp.waitFor(3, email);
      expect(
        mails
          .map((m) => m.parsed.subject)
          .slice(1)
          .sort(),
      ).toEqual(['Nueva observación del comité: Commitment test-1', 'Nueva reunión de revisión: Commitment test-1']);
    }
    await settle();
    expect(smtp.to(other.email)).toHaveLength(1);
    expect(smtp.to(planFollower.email)).toHaveLength(3);
  });

  it('tells of an answer to a question once it is public, once per answer', async () => {
    const { email } = await follow({ commitmentId: 'commitment:test-2' });
    // The public projection of an answered question, as the publisher writes it (#34).
    const question = {
      _id: `question:${uniqueName('q')}`,
      type: 'question',
      planId: 'plan:test',
      commitmentId: 'commitment:test-2',
      text: '¿Cuándo se publica el padrón?',
      askedAt: new Date().toISOString(),
      publishedAt: new Date().toISOString(),
      answerableOrgIds: ['org:gov-b'],
      answers: [{ orgId: 'org:gov-b', text: 'En marzo.', answeredAt: new Date().toISOString() }],
    };
    await useDb(server.couch, server.names.public).insert(question);
    await server.notifier.catchUp();
    const [, answered] = await smtp.waitFor(2, email);
    expect(answered?.parsed.subject).toBe('Pregunta respondida: Commitment test-2');
    expect(answered?.parsed.text).toContain('En marzo.');
    // The same answer seen again (the document rewritten) tells nothing new.
    const stored = await useDb(server.couch, server.names.public).get(question._id);
    await useDb(server.couch, server.names.public).insert({ ...stored, text: `${question.text} ` });
    await server.notifier.catchUp();
    await settle();
    expect(smtp.to(email)).toHaveLength(2);
  });

  it('forgets a follow nobody confirmed within a week, with its address', async () => {
    const email = `${uniqueName('never')}@example.org`;
    expect((await post('/api/follow', { email, commitmentId: 'commitment:test-1' })).status).toBe(202);
    await smtp.waitFor(1, email);
    const personal = useDb(server.couch, server.names.personal);
    expect(JSON.stringify(await allDocuments(personal))).toContain(email);
    offset += 8 * 24 * 60 * 60 * 1000;
    await publishReport('A week later');
    expect(JSON.stringify(await allDocuments(personal))).not.toContain(email);
  });

  it("sends the daily digest at the digest hour in the site's time zone, not a day after its first item", async () => {
    // 08:00 in Mexico City (UTC-6): the day's digest hour (07:00) has just gone.
    setClock('2027-01-10T14:00:00Z');
    const { email } = await follow({ commitmentId: 'commitment:test-1', digest: 'daily' });
    await publishReport('Primer avance del día');
    await publishReport('Segundo avance del día');
    await settle();
    expect(smtp.to(email)).toHaveLength(1);
    // 06:59 the next day there: 07:00 UTC went by, the site's 07:00 has not.
    setClock('2027-01-11T12:59:00Z');
    await server.notifier.catchUp();
    await server.mail.wake();
    await settle();
    expect(smtp.to(email)).toHaveLength(1);
    // 07:01 there, 23 hours after the first item: the digest goes.
    setClock('2027-01-11T13:01:00Z');
    await server.notifier.catchUp();
    await server.mail.wake();
    const [, digest] = await smtp.waitFor(2, email);
    expect(digest?.parsed.subject).toContain('2 novedades');
    expect(digest?.parsed.text).toContain('Primer avance del día');
    expect(digest?.parsed.text).toContain('Segundo avance del día');
    expect(digest?.parsed.text).toMatch(/\/api\/follow\/settings\/[A-Za-z0-9_-]{43}/);
    expect(header(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    await server.notifier.catchUp();
    await settle();
    expect(smtp.to(email)).toHaveLength(2);
  });

  it("lets the follower switch between a mail per item and the daily digest from every mail's link, by POST only", async () => {
    const { email } = await follow({ commitmentId: 'commitment:test-1' });
    const followId = (await allFollows(useDb(server.couch, server.names.personal))).find((f) => f.email === email)
      ?._id as string;
    const digestOf = async () => (await useDb(server.couch, server.names.personal).get(followId)) as unknown as Follow;
    await publishReport('Avance para elegir');
    const [, notice] = await smtp.waitFor(2, email);
    const link = /https?:\/\/\S+\/api\/follow\/settings\/[A-Za-z0-9_-]{43}/.exec(
      notice?.parsed.text ?? '',
    )?.[0] as string;
    expect(link).toBeTruthy();
    // A link scanner's GET shows the choice and changes nothing.
    const page = await (await fetch(link)).text();
    expect(page).toContain('value="immediate" checked');
    expect(page).toContain('un resumen al día, a las 07:00 (America/Mexico_City)');
    expect(page).toMatch(/href="\/api\/unsubscribe\/[A-Za-z0-9_-]{43}\?lang=es"/);
    expect((await digestOf()).digest).toBe('immediate');
    const choose = (digest: string) =>
      post(new URL(link).pathname, `digest=${digest}`, 'application/x-www-form-urlencoded');
    const bad = await choose('hourly');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('digest:');
    expect((await digestOf()).digest).toBe('immediate');

    const daily = await choose('daily');
    expect(daily.status).toBe(200);
    expect(await daily.text()).toContain('Guardado: recibirá un resumen al día, a las 07:00 (America/Mexico_City).');
    expect((await digestOf()).digest).toBe('daily');
    await publishReport('Avance del resumen');
    await settle();
    expect(smtp.to(email)).toHaveLength(2);

    expect((await choose('immediate')).status).toBe(200);
    await publishReport('Avance inmediato otra vez');
    const mails = await smtp.waitFor(3, email);
    expect(mails[2]?.parsed.text).toContain('Avance inmediato otra vez');
    // A token of nothing finds nothing.
    expect(
      (await post('/api/follow/settings/' + 'x'.repeat(43), 'digest=daily', 'application/x-www-form-urlencoded'))
        .status,
    ).toBe(404);
  });
});

describe("a commitment's Atom feed", () => {
  it('lists what was published on that commitment only, linking its page', async () => {
    await publishReport('Avance para el feed');
    const reply = await fetch(`${server.url}/commitments/${encodeURIComponent('commitment:test-1')}/activity.atom`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/atom+xml');
    const feed = await reply.text();
    expect(feed).toContain('Avance para el feed');
    expect(feed).toContain(`<link rel="self" href="${server.url}/commitments/commitment%3Atest-1/activity.atom"/>`);
    expect(feed).not.toContain('commitment%3Atest-2');
    expect(feed).not.toContain('@example.org');
    for (const id of ['commitment:none', '..%2Fpersonal', 'commitment%3Atest-1%2F..'])
      expect((await fetch(`${server.url}/commitments/${id}/activity.atom`)).status, id).toBe(404);
  });
});

describe('an attacker at the follow endpoints', () => {
  it('gets the same 202 whether or not the address already follows, and no second mail', async () => {
    const email = `${uniqueName('twice')}@example.org`;
    const first = await post('/api/follow', { email, commitmentId: 'commitment:test-2' });
    const second = await post('/api/follow', { email, commitmentId: 'commitment:test-2' });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(await second.text()).toBe(await first.text());
    await smtp.waitFor(1, email);
    await settle();
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('cannot flood one address with confirmation mails by following everything: five a day, then silence', async () => {
    const email = `${uniqueName('victim')}@example.org`;
    const targets = [
      { commitmentId: 'commitment:test-1' },
      { commitmentId: 'commitment:test-2' },
      { commitmentId: 'commitment:review-1' },
      { planId: 'plan:test' },
      { planId: 'plan:review' },
      { organizationId: 'org:gov-a' },
      { organizationId: 'org:gov-b' },
    ];
    for (const target of targets) expect((await post('/api/follow', { email, ...target })).status).toBe(202);
    await smtp.waitFor(5, email);
    await settle();
    expect(smtp.to(email)).toHaveLength(5);
    const follows = (
      await allDocuments<{ type?: string; email?: string }>(useDb(server.couch, server.names.personal))
    ).filter((d) => d.type === 'follow' && d.email === email);
    expect(follows).toHaveLength(5);
  });

  it('gets a 400 naming the field for bad input, and nothing is stored or sent', async () => {
    const cases: [unknown, string][] = [
      [{ commitmentId: 'commitment:test-1' }, 'email'],
      [{ email: 'not-an-address', commitmentId: 'commitment:test-1' }, 'email'],
      [{ email: 'a@example.org\r\nBcc: b@example.org', commitmentId: 'commitment:test-1' }, 'email'],
      [{ email: 'a@example.org' }, 'commitmentId'],
      [{ email: 'a@example.org', commitmentId: 'commitment:test-1', planId: 'plan:test' }, 'commitmentId'],
      [{ email: 'a@example.org', commitmentId: 'plan:test' }, 'commitmentId'],
      [{ email: 'a@example.org', commitmentId: 'commitment:../../personal' }, 'commitmentId'],
      [{ email: 'a@example.org', commitmentId: 'commitment:no-such' }, 'commitmentId'],
      [{ email: 'a@example.org', planId: 42 }, 'planId'],
      [{ email: 'a@example.org', organizationId: 'org:gov-a%2F..' }, 'organizationId'],
      [{ email: 'a@example.org', commitmentId: 'commitment:test-1', digest: 'hourly' }, 'digest'],
      [{ email: 'a@example.org', commitmentId: 'commitment:test-1', admin: true }, 'admin'],
      [['a@example.org'], 'body'],
    ];
    const before = (await allDocuments(useDb(server.couch, server.names.personal))).length;
    for (const [body, field] of cases) {
      const reply = await post('/api/follow', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(((await reply.json()) as { field: string }).field, JSON.stringify(body)).toBe(field);
    }
    expect((await post('/api/follow', '{"email": ', 'application/json')).status).toBe(400);
    expect((await allDocuments(useDb(server.couch, server.names.personal))).length).toBe(before);
    expect(smtp.to('a@example.org')).toHaveLength(0);
  });

  it('cannot confirm or unsubscribe with a guessed, reused or wrong-purpose token, encoded or not', async () => {
    const email = `${uniqueName('tok')}@example.org`;
    await post('/api/follow', { email, commitmentId: 'commitment:test-1' });
    const [mail] = await smtp.waitFor(1, email);
    const confirm = new URL(confirmLink(mail)).pathname;
    const confirmToken = confirm.split('/').pop() as string;
    const unsubscribe = new URL(/^<([^>]+)>$/.exec(header(mail, 'List-Unsubscribe') ?? '')?.[1] as string).pathname;
    const unsubscribeToken = unsubscribe.split('/').pop() as string;
    expect(confirmToken).not.toBe(unsubscribeToken);
    const guesses = [
      `/api/follow/confirm/${unsubscribeToken}`,
      `/api/unsubscribe/${confirmToken}`,
      `/api/follow/confirm/${'A'.repeat(43)}`,
      `/api/follow/confirm/${confirmToken.slice(0, 42)}`,
      `/api/follow/confirm/${confirmToken}x`,
      `/api/follow/confirm/..%2F${confirmToken}`,
      `/api/unsubscribe/%2E%2E%2F_all_docs`,
      `/api/unsubscribe/${encodeURIComponent(`${unsubscribeToken}?x`)}`,
      `/api/unsubscribe/_design%2Fmail`,
    ];
    for (const path of guesses) {
      const reply = await post(path, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded');
      expect(reply.status, path).toBe(404);
    }
    // Still pending and still subscribed: the right tokens work once each.
    expect((await post(confirm, '')).status).toBe(200);
    expect((await post(confirm, '')).status).toBe(404);
    expect((await post(unsubscribe, '')).status).toBe(200);
    expect((await post(unsubscribe, '')).status).toBe(404);
  });

  it('is limited per client address', async () => {
    const limited = await startTestServer({ env: { TABLERO_SMTP_URL: smtp.url, TABLERO_FOLLOWS_PER_HOUR: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const reply = await fetch(`${limited.url}/api/follow`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `${uniqueName('flood')}@example.org`, commitmentId: 'commitment:none' }),
        });
        statuses.push(reply.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await limited.stop();
    }
  });

  it('serves the pages in English too, with the same button', async () => {
    const email = `${uniqueName('en')}@example.org`;
    await post('/api/follow', { email, commitmentId: 'commitment:test-1' });
    const [mail] = await smtp.waitFor(1, email);
    const html = await (await fetch(`${confirmLink(mail)}?lang=en`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<button type="submit">Confirm</button>');
    expect(html).toContain('hreflang="es"');
  });
});
