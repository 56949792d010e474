import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsWithPrefix, useDb } from '../sync-server/src/couch/client.js';
import type { BounceRecord } from '../sync-server/src/mail/bounces.js';
import { enqueueMail, mailIdOf, mailOf, type PausedAddress, pausedAddressIdOf } from '../sync-server/src/mail/queue.js';
import { runAdmin, startTestServer, type TestServer, uniqueName } from './helpers.js';
import { type ReceivedMail, TestSmtp, until } from './smtp.js';

/*
 * Bounces that come back by mail after the SMTP server took the mail (DSN, RFC 3464): each mail
 * leaves from a VERP address naming it, realistic Postfix and Exim reports for it are read by
 * `admin mail bounces`, a permanent failure pauses the address as a refusal at send time does, a
 * delay pauses nothing, and a report naming no mail of ours, or naming it with a forged key,
 * changes nothing.
 */

const smtp = new TestSmtp();
let server: TestServer;
let dir: string;
const personal = () => useDb(server.couch, server.names.personal);

/** Sends one mail through the loopback SMTP server and returns it as it arrived. */
async function sendOne(key: string, to: string): Promise<ReceivedMail> {
  await enqueueMail(personal(), { key, to, subject: 'Nuevo reporte', text: 'Un reporte nuevo.', lang: 'es' });
  const [received] = await smtp.waitFor(1, to);
  await until(
    () => mailOf(personal(), key),
    (doc) => doc?.state === 'sent',
  );
  return received as ReceivedMail;
}

/** A report from test/dsn/, written for a mail as the receiving side's MTA would, to a file. */
function report(template: string, mail: ReceivedMail, overrides: { bounceTo?: string; recipient?: string } = {}) {
  const text = fs
    .readFileSync(path.join('test/dsn', template), 'utf8')
    .replaceAll('@@BOUNCE_TO@@', overrides.bounceTo ?? mail.from)
    .replaceAll('@@RECIPIENT@@', overrides.recipient ?? (mail.to[0] as string))
    .replaceAll('@@MESSAGE_ID@@', mail.parsed.messageId ?? '');
  const file = path.join(dir, `${uniqueName(template)}.eml`);
  fs.writeFileSync(file, text);
  return file;
}

const paused = (address: string) =>
  personal()
    .get(pausedAddressIdOf(address))
    .then((doc) => doc as unknown as PausedAddress)
    .catch(() => null);

async function bouncesOf(key: string): Promise<BounceRecord[]> {
  const all = await docsWithPrefix<BounceRecord>(personal(), 'bounce:');
  return all.filter((b) => b.mailId === mailIdOf(key));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-dsn-'));
  await smtp.start();
  server = await startTestServer({
    env: {
      TABLERO_SMTP_URL: smtp.url,
      TABLERO_MAIL_FROM: 'Tablero <avisos@tablero.example>',
      TABLERO_BOUNCE_ADDRESS: 'rebotes@tablero.example',
    },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await smtp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bounces that come back by mail', () => {
  it('sends each mail from the bounce address with a token of its own; the From: stays', async () => {
    const a = await sendOne('verp-a', `${uniqueName('a')}@example.net`);
    const b = await sendOne('verp-b', `${uniqueName('b')}@example.net`);
    expect(a.from).toMatch(/^rebotes\+[0-9a-f]{48}@tablero\.example$/);
    expect(b.from).toMatch(/^rebotes\+[0-9a-f]{48}@tablero\.example$/);
    expect(a.from).not.toBe(b.from);
    expect(a.from.split('@')[0]?.length).toBeLessThanOrEqual(64);
    expect(a.parsed.from?.value[0]?.address).toBe('avisos@tablero.example');
    // The queue still forgets the address once sent: only its hash stays, for the bounce.
    const sent = await mailOf(personal(), 'verp-a');
    expect(JSON.stringify(sent)).not.toContain(a.to[0]);
  });

  it('pauses the address on a permanent failure, once however often the report is read, and sends it nothing more', async () => {
    const to = `${uniqueName('nadie')}@example.net`;
    const mail = await sendOne('gone-1', to);
    const file = report('postfix-failed.eml', mail);
    const first = await runAdmin(server, 'mail', 'bounces', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`failed for good (5.1.1): ${to} is paused`);
    expect(await paused(to)).toMatchObject({
      address: to,
      reason: expect.stringMatching(/^bounced 5\.1\.1: smtp; 550/),
    });
    const again = await runAdmin(server, 'mail', 'bounces', file);
    expect(again.stdout).toContain('already read (5.1.1)');
    expect(await bouncesOf('gone-1')).toHaveLength(1);
    // Paused exactly as a refusal at send time: the next mail is not sent, and the CLI lists it.
    await enqueueMail(personal(), { key: 'gone-2', to, subject: 'Otro', text: 'Otro.', lang: 'es' });
    await until(
      () => mailOf(personal(), 'gone-2'),
      (doc) => doc?.state === 'paused',
    );
    expect(smtp.to(to)).toHaveLength(1);
    expect((await runAdmin(server, 'mail', 'paused')).stdout).toContain(to);
  });

  it('records a delay and pauses nothing: the next mail goes', async () => {
    const to = `${uniqueName('lento')}@example.net`;
    const mail = await sendOne('slow-1', to);
    const read = await runAdmin(server, 'mail', 'bounces', report('exim-delayed.eml', mail));
    expect(read.stdout).toContain('delayed (4.0.0)');
    expect(await paused(to)).toBeNull();
    expect(await bouncesOf('slow-1')).toMatchObject([{ action: 'delayed', status: '4.0.0' }]);
    await enqueueMail(personal(), { key: 'slow-2', to, subject: 'Otro', text: 'Otro.', lang: 'es' });
    await smtp.waitFor(2, to);
  });

  it('changes nothing for a forged key, a token of no mail, another recipient, or a mail that is not a report', async () => {
    const to = `${uniqueName('lectora')}@example.net`;
    const mail = await sendOne('kept-1', to);
    const token = /\+([0-9a-f]{48})@/.exec(mail.from)?.[1] as string;
    const forgedKey = `rebotes+${token.slice(0, 32)}${'0'.repeat(16)}@tablero.example`;
    const noMail = `rebotes+${'ab'.repeat(24)}@tablero.example`;
    const files = [
      report('postfix-failed.eml', mail, { bounceTo: forgedKey }),
      report('postfix-failed.eml', mail, { bounceTo: noMail }),
      report('postfix-failed.eml', mail, { recipient: `${uniqueName('otra')}@example.net` }),
      report('vacation.eml', mail),
    ];
    const read = await runAdmin(server, 'mail', 'bounces', ...files.slice(0, 1));
    expect(read.stdout).toContain('ignored: names no mail Tablero sent');
    for (const file of files.slice(1)) {
      const { stdout } = await runAdmin(server, 'mail', 'bounces', file);
      expect(stdout).toMatch(/\tignored: /);
    }
    expect(await paused(to)).toBeNull();
    expect(await bouncesOf('kept-1')).toHaveLength(0);
  });

  it('reads a maildir once (each report is filed as seen) and a report on standard input', async () => {
    const maildir = path.join(dir, 'Maildir');
    for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
    const first = `${uniqueName('md')}@example.net`;
    fs.renameSync(
      report('postfix-failed.eml', await sendOne('md-1', first)),
      path.join(maildir, 'new', '1796310602.M1P2.mx'),
    );
    const read = await runAdmin(server, 'mail', 'bounces', maildir);
    expect(read.stdout).toContain(`${first} is paused`);
    expect(fs.readdirSync(path.join(maildir, 'new'))).toEqual([]);
    expect(fs.readdirSync(path.join(maildir, 'cur'))).toEqual(['1796310602.M1P2.mx:2,S']);
    expect((await runAdmin(server, 'mail', 'bounces', maildir)).stdout).toBe('');

    // As an MTA's pipe alias runs it: the report on standard input.
    const piped = `${uniqueName('pipe')}@example.net`;
    const raw = fs.readFileSync(report('postfix-failed.eml', await sendOne('pipe-1', piped)));
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        'npx',
        ['tsx', 'sync-server/src/admin-cli/main.ts', 'mail', 'bounces', '-'],
        { env: { ...process.env, TABLERO_DATA_DIR: server.dataDir, TABLERO_DB_PREFIX: server.config.dbPrefix } },
        (error, out) => (error ? reject(error) : resolve(out)),
      );
      child.stdin?.end(raw);
    });
    expect(stdout).toContain(`${piped} is paused`);
    expect(await paused(piped)).toMatchObject({ address: piped });
  });
});
