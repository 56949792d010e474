import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nano from 'nano';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import type { Health } from '../sync-server/src/api/health.js';
import { useDb, withCredentials } from '../sync-server/src/couch/client.js';
import { ensureGatewayAccount } from '../sync-server/src/couch/gateway-account.js';
import { enqueueMail, MailInputError, mailIdOf, mailOf, pausedAddressIdOf } from '../sync-server/src/mail/queue.js';
import { outboxFiles } from '../sync-server/src/mail/transport.js';
import { testPlan } from './fixtures.js';
import { createUser, runAdmin, startTestServer, type TestServer, uniqueName } from './helpers.js';
import { TestSmtp, until } from './smtp.js';

/*
 * The mail queue against a real SMTP server on loopback: one mail per key, retries while the SMTP
 * server is down, a permanent refusal pauses the address, and without SMTP the mail is an .eml
 * file in the outbox. The personal database that holds the queue is no client's to reach.
 */

const smtp = new TestSmtp();
let server: TestServer;
let personal: ReturnType<typeof useDb>;

const mail = (key: string, to: string) => ({
  key,
  to,
  subject: `Aviso ${key}`,
  text: `Texto de ${key}`,
  lang: 'es' as const,
  headers: { 'List-Unsubscribe': '<https://tablero.example/api/unsubscribe/x>' },
});

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    env: { TABLERO_SMTP_URL: smtp.url, TABLERO_MAIL_RETRY_S: '0.2', TABLERO_MAIL_RETRY_MAX_S: '0.5' },
  });
  personal = useDb(server.couch, server.names.personal);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
});

describe('the mail queue', () => {
  it('sends one mail per key, however often it is enqueued, and then keeps only the outcome', async () => {
    const to = `${uniqueName('once')}@example.org`;
    const first = await enqueueMail(personal, mail('event-1', to));
    const again = await enqueueMail(personal, mail('event-1', to));
    expect(first).toEqual({ id: again.id, queued: true });
    expect(again.queued).toBe(false);
    const [received] = await smtp.waitFor(1, to);
    expect(received?.parsed.subject).toBe('Aviso event-1');
    expect(received?.raw).toContain('List-Unsubscribe: <https://tablero.example/api/unsubscribe/x>');
    expect(received?.parsed.headers.get('content-language')).toBe('es');
    const sent = await until(
      () => mailOf(personal, 'event-1'),
      (doc) => doc?.state === 'sent',
    );
    expect(sent).not.toHaveProperty('to');
    expect(sent).not.toHaveProperty('text');
    expect(JSON.stringify(sent)).not.toContain(to);
    // Enqueued once more after it was sent: still nothing new.
    expect((await enqueueMail(personal, mail('event-1', to))).queued).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('tries again while the SMTP server is down, and each mail arrives once when it is back', async () => {
    const to = `${uniqueName('down')}@example.org`;
    await smtp.stop();
    for (let i = 0; i < 3; i++) await enqueueMail(personal, mail(`down-${to}-${i}`, to));
    const failing = await until(
      () => mailOf(personal, `down-${to}-0`),
      // Between two attempts: tried twice, waiting for the next.
      (doc) => (doc?.attempts ?? 0) >= 2 && doc?.state === 'queued',
    );
    expect(failing?.lastError).toBeTruthy();
    // The operator sees it: mail waiting, and why.
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as Health;
    expect(health.mail?.waiting).toBeGreaterThanOrEqual(3);
    expect(health.mail?.transport).toBe(`smtp://127.0.0.1:${smtp.port}`);
    expect(health.mail?.lastFailure?.reason).toMatch(/ECONNREFUSED/);
    await smtp.start();
    await smtp.waitFor(3, to);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const subjects = smtp.to(to).map((m) => m.parsed.subject);
    expect(subjects.sort()).toEqual([0, 1, 2].map((i) => `Aviso down-${to}-${i}`));
  });

  it('records a permanent refusal, pauses the address, and sends it nothing more', async () => {
    const to = `${uniqueName('gone')}@example.org`;
    smtp.refused.add(to);
    await enqueueMail(personal, mail(`gone-1-${to}`, to));
    const refused = await until(
      () => mailOf(personal, `gone-1-${to}`),
      (doc) => doc?.state === 'refused',
    );
    expect(refused?.lastError).toMatch(/550/);
    expect(await personal.get(pausedAddressIdOf(to))).toMatchObject({ type: 'pausedAddress', address: to });
    smtp.refused.delete(to);
    await enqueueMail(personal, mail(`gone-2-${to}`, to));
    await until(
      () => mailOf(personal, `gone-2-${to}`),
      (doc) => doc?.state === 'paused',
    );
    expect(smtp.to(to)).toHaveLength(0);
    // The administrator sees it paused, and resumes it.
    const listed = await runAdmin(server, 'mail', 'paused');
    expect(listed.stdout).toContain(to);
    expect(listed.stdout).toMatch(/550/);
    expect((await runAdmin(server, 'mail', 'resume', '--email', to)).code).toBe(0);
    await enqueueMail(personal, mail(`gone-3-${to}`, to));
    await smtp.waitFor(1, to);
  });

  it('gives a mail the same Message-ID and envelope sender on every attempt, so a receiver can drop a second copy', async () => {
    const to = `${uniqueName('twice')}@example.org`;
    const key = `twice-${to}`;
    // The mail server delivers the mail, and its answer never reaches Tablero: the at-least-once window.
    smtp.hold = true;
    smtp.keepHeld = true;
    await enqueueMail(personal, mail(key, to));
    await smtp.waitFor(1, to);
    smtp.hold = false;
    smtp.keepHeld = false;
    // The connection ends with no answer: to Tablero the mail was not sent, and it is tried again.
    await smtp.stop();
    await smtp.start();
    const [first, second] = await smtp.waitFor(2, to);
    await until(
      () => mailOf(personal, key),
      (doc) => doc?.state === 'sent',
    );
    expect(first?.parsed.messageId).toMatch(/^<[0-9a-f]{32}@tablero\.mail>$/);
    expect(second?.parsed.messageId).toBe(first?.parsed.messageId);
    expect(second?.from).toBe(first?.from);
    expect(second?.parsed.date?.toISOString()).toBe(first?.parsed.date?.toISOString());
  });

  it('sends once a mail whose queue document has conflicting revisions, as a CouchDB cluster can make, and clears them', async () => {
    const to = `${uniqueName('conflict')}@example.org`;
    const key = `conflict-${to}`;
    const id = mailIdOf(key);
    const base = {
      _id: id,
      type: 'mail',
      state: 'queued',
      dueAt: Date.now(),
      attempts: 0,
      createdAt: Date.now(),
      messageId: '<conflict@tablero.mail>',
      key,
      to,
      subject: key,
      text: 'x',
      lang: 'es',
    };
    // Two first revisions with no common parent: what two nodes accepting one write each leave.
    await personal.bulk({
      docs: [
        { ...base, _rev: '1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        { ...base, _rev: '1-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
      ],
      new_edits: false,
    } as never);
    await server.mail.wake();
    await smtp.waitFor(1, to);
    await until(
      () => personal.get(id, { conflicts: true }) as Promise<{ state?: string; _conflicts?: string[] }>,
      (doc) => doc.state === 'sent' && !doc._conflicts,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('refuses a mail it could not send as given, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ to: 'not an address' }, 'to'],
      [{ to: 'a@b.org\r\nBcc: c@d.org' }, 'to'],
      [{ subject: 'one\r\nBcc: c@d.org' }, 'subject'],
      [{ key: '' }, 'key'],
      [{ lang: 'fr' }, 'lang'],
      [{ headers: { 'X-A': 'x\r\nBcc: c@d.org' } }, 'headers'],
    ];
    for (const [change, field] of cases) {
      const error = await enqueueMail(personal, { ...mail('bad', 'a@b.org'), ...change } as never).catch((e) => e);
      expect(error, JSON.stringify(change)).toBeInstanceOf(MailInputError);
      expect((error as MailInputError).field).toBe(field);
    }
    expect(await mailOf(personal, 'bad')).toBeNull();
  });
});

describe('the personal database', () => {
  it('is no member of the gateway account, which reads the workspace only', async () => {
    const gateway = nano(withCredentials(server.storeUrl, await ensureGatewayAccount(server.couch, server.names)));
    const denied = await gateway
      .use(server.names.personal)
      .list()
      .catch((error: { statusCode?: number }) => error);
    expect((denied as { statusCode?: number }).statusCode).toBeGreaterThanOrEqual(401);
    expect(await server.couch.request({ db: server.names.personal, path: '_security' })).toEqual({
      admins: { names: [], roles: [] },
      members: { names: [], roles: ['_admin'] },
    });
  });

  it('cannot be reached through the gateway or the public API, signed in or not, however the path is spelt', async () => {
    await importRecords(server.couch, server.names, 'fixture', testPlan());
    await enqueueMail(personal, mail('secret', 'secret-person@example.org'));
    const committee = await createUser(server, { name: uniqueName('com'), org: 'org:com-d', role: 'committee' });
    const p = server.names.personal;
    const w = server.names.workspace;
    const paths = [
      `db/${p}`,
      `db/${p}/_all_docs?include_docs=true`,
      `db/${p}/_changes?include_docs=true`,
      `db/${p}/_design/mail/_view/due`,
      `db/${encodeURIComponent(`../${p}`)}/_all_docs`,
      `db/${w}/..%2F${p}/_all_docs`,
      `db/${w}/%2E%2E%2F${p}%2F_all_docs`,
      `db/${w}/..%2f..%2f${p}`,
      `db/_all_dbs`,
      `db/${w}%3F/../${p}`,
      `api/${p}`,
      `api/${p}/_all_docs`,
      `api/..%2F${p}`,
      `${p}/_all_docs`,
    ];
    const authorization = `Basic ${Buffer.from(`${committee.credentials?.name}:${committee.credentials?.password}`).toString('base64')}`;
    for (const url of paths)
      for (const headers of [{}, { authorization }] as Record<string, string>[]) {
        const reply = await fetch(`${server.url}/${url}`, { headers });
        const body = await reply.text();
        expect(reply.status, url).toBeGreaterThanOrEqual(400);
        expect(body, url).not.toContain('secret-person');
        expect(body, url).not.toContain('mail:');
      }
  });
});

describe('without an SMTP server', () => {
  let local: TestServer;
  beforeAll(async () => {
    local = await startTestServer({
      env: { TABLERO_SMTP_URL: '', TABLERO_MAIL_FROM: 'Tablero MX <avisos@tablero.example>' },
    });
  }, 60_000);
  afterAll(() => local?.stop());

  it('writes each mail as an .eml file in the outbox of the data folder, once', async () => {
    const db = useDb(local.couch, local.names.personal);
    await enqueueMail(db, { ...mail('outbox-1', 'reader@example.org'), lang: 'en' });
    await enqueueMail(db, mail('outbox-1', 'reader@example.org'));
    await until(
      () => mailOf(db, 'outbox-1'),
      (doc) => doc?.state === 'sent',
    );
    const files = outboxFiles(local.dataDir);
    expect(files).toHaveLength(1);
    expect(path.dirname(files[0]?.file as string)).toBe(path.join(local.dataDir, 'outbox'));
    const parsed = await simpleParser(fs.readFileSync(files[0]?.file as string, 'utf8'));
    expect(parsed.subject).toBe('Aviso outbox-1');
    expect(parsed.from?.text).toContain('avisos@tablero.example');
    expect(parsed.headers.get('content-language')).toBe('en');
    expect(parsed.messageId).toMatch(/@tablero\.mail>?$/);
  });
});
