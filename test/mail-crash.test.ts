import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../bench/server-process.js';
import { connect, type Db, getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { type EmbeddedStore, startEmbeddedStore } from '../sync-server/src/couch/embedded.js';
import { gatewayAccountName } from '../sync-server/src/couch/gateway-account.js';
import { enqueueMail, mailOf } from '../sync-server/src/mail/queue.js';
import { startTestServer, type TestServer, uniqueName } from './helpers.js';
import { TestSmtp } from './smtp.js';

/*
 * Mail that never gets lost: Tablero servers in their own processes on one store, killed with
 * SIGKILL with mails queued and with a mail half-sent, and two servers sending one queue. Every
 * mail arrives once.
 */

let store: EmbeddedStore | undefined;
let storeUrl: string;
let dir: string;
const smtp = new TestSmtp();
const LEASE_S = 2;

/** A server in its own process, as production runs it, with its mail on the test's SMTP server. */
async function startProcess(prefix: string): Promise<ChildProcess> {
  const { child } = await startServerProcess({
    COUCHDB_URL: storeUrl,
    TABLERO_DB_PREFIX: prefix,
    TABLERO_DEMO: '0',
    TABLERO_DATA_DIR: path.join(dir, prefix),
    TABLERO_PUBLISHER_LEASE_S: String(LEASE_S),
    TABLERO_SMTP_URL: smtp.url,
    TABLERO_MAIL_RETRY_S: '0.2',
    TABLERO_MAIL_RETRY_MAX_S: '0.5',
    TABLERO_MAIL_LEASE_S: String(LEASE_S),
  });
  return child;
}

async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const giveUp = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const prefixes: string[] = [];
const newPrefix = () => {
  const prefix = `t${randomBytes(4).toString('hex')}_`;
  prefixes.push(prefix);
  return prefix;
};

const subjects = (to: string) =>
  smtp
    .to(to)
    .map((m) => m.parsed.subject ?? '')
    .sort();
const mail = (key: string, to: string) => ({ key, to, subject: key, text: `Texto ${key}`, lang: 'es' as const });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-mail-crash-'));
  if (process.env.COUCHDB_URL) storeUrl = process.env.COUCHDB_URL;
  else {
    store = await startEmbeddedStore(path.join(dir, 'store'));
    storeUrl = store.adminUrl;
  }
  await smtp.start();
}, 60_000);
afterAll(async () => {
  // On a shared Apache CouchDB, the databases the processes made outlive the run otherwise.
  const couch = connect(storeUrl);
  const users = useDb(couch, '_users');
  for (const prefix of prefixes) {
    for (const db of ['workspace', 'public', 'files', 'server', 'personal'])
      await couch.db.destroy(`${prefix}${db}`).catch(() => undefined);
    // And the gateway's account of each workspace, which `_users` keeps after its database is gone.
    const account = await getOrNull(users, `org.couchdb.user:${gatewayAccountName(`${prefix}workspace`)}`);
    if (account) await users.destroy(account._id, account._rev);
  }
  await smtp.stop();
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a server killed with SIGKILL', () => {
  it('with mails queued while the SMTP server is down: each arrives once after the restart', async () => {
    const prefix = newPrefix();
    const to = `${uniqueName('queued')}@example.org`;
    await smtp.stop();
    const server = await startProcess(prefix);
    const personal: Db = useDb(connect(storeUrl), `${prefix}personal`);
    const keys = Array.from({ length: 5 }, (_, i) => `queued-${to}-${i}`);
    for (const key of keys) await enqueueMail(personal, mail(key, to));
    await until(async () => ((await mailOf(personal, keys[0] as string))?.attempts ?? 0) >= 2, 'failed attempts');
    server.kill('SIGKILL');
    await smtp.start();
    const again = await startProcess(prefix);
    try {
      await until(async () => smtp.to(to).length >= keys.length, 'the mails');
      await new Promise((resolve) => setTimeout(resolve, (LEASE_S + 1) * 1000));
      expect(subjects(to)).toEqual([...keys].sort());
    } finally {
      again.kill('SIGKILL');
    }
  });

  it('while a mail is being sent: it is sent again once its lease runs out, and arrives once', async () => {
    const prefix = newPrefix();
    const to = `${uniqueName('midsend')}@example.org`;
    const server = await startProcess(prefix);
    const personal: Db = useDb(connect(storeUrl), `${prefix}personal`);
    smtp.hold = true;
    const held = smtp.heldCount;
    await enqueueMail(personal, mail(`midsend-${to}`, to));
    await until(async () => smtp.heldCount > held, 'the mail half-sent');
    expect((await mailOf(personal, `midsend-${to}`))?.state).toBe('sending');
    server.kill('SIGKILL');
    // The SMTP server never answered: it has not taken the mail, as a real one would not.
    await smtp.stop();
    smtp.hold = false;
    await smtp.start();
    const again = await startProcess(prefix);
    try {
      await until(async () => smtp.to(to).length >= 1, 'the mail after the lease ran out');
      await until(async () => (await mailOf(personal, `midsend-${to}`))?.state === 'sent', 'the outcome');
      await new Promise((resolve) => setTimeout(resolve, (LEASE_S + 1) * 1000));
      expect(subjects(to)).toEqual([`midsend-${to}`]);
    } finally {
      again.kill('SIGKILL');
    }
  });
});

describe('two servers on one store', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    const dbPrefix = `t${randomBytes(4).toString('hex')}_`;
    const env = { TABLERO_SMTP_URL: smtp.url, TABLERO_MAIL_RETRY_S: '0.2', TABLERO_MAIL_LEASE_S: String(LEASE_S) };
    first = await startTestServer({ couchUrl: storeUrl, dbPrefix, env, leaseSeconds: LEASE_S });
    second = await startTestServer({ couchUrl: storeUrl, dbPrefix, env, leaseSeconds: LEASE_S });
  }, 60_000);
  afterAll(async () => {
    await first?.close();
    await second?.stop();
  });

  it('send each mail once between them, enqueued through either, twice', async () => {
    const to = `${uniqueName('two')}@example.org`;
    const keys = Array.from({ length: 30 }, (_, i) => `two-${to}-${i}`);
    const dbs = [first, second].map((s) => useDb(s.couch, s.names.personal));
    await Promise.all(keys.flatMap((key) => dbs.map((db) => enqueueMail(db, mail(key, to)))));
    await until(async () => smtp.to(to).length >= keys.length, 'the mails');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(subjects(to)).toEqual([...keys].sort());
    const states = await Promise.all(keys.map((key) => mailOf(dbs[0] as Db, key)));
    expect(new Set(states.map((s) => s?.state))).toEqual(new Set(['sent']));
  });
});
