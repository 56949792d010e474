import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { allDocuments, useDb } from '../sync-server/src/couch/client.js';
import { allFollows } from '../sync-server/src/mail/follows.js';
import { personMailOf } from '../sync-server/src/mail/people.js';
import { enqueueMail, mailOf } from '../sync-server/src/mail/queue.js';
import { testPlan } from './fixtures.js';
import { runAdmin, startTestServer, type TestServer, uniqueName } from './helpers.js';

/*
 * The admin CLI's side of mail: the outbox of a server with no SMTP server, accounts' addresses,
 * and the followers' addresses exported and deleted.
 */

let server: TestServer;
const personal = () => useDb(server.couch, server.names.personal);

async function until(check: () => Promise<boolean>): Promise<void> {
  const giveUp = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const addReporter = (name: string, email: string) =>
  runAdmin(
    server,
    'user',
    'add',
    '--name',
    name,
    '--password',
    'secret-pass',
    '--role',
    'reporter',
    '--org',
    'org:gov-a',
    '--email',
    email,
  );

beforeAll(async () => {
  server = await startTestServer({ env: { TABLERO_SMTP_URL: '' } });
  await importRecords(server.couch, server.names, 'fixture', testPlan());
}, 60_000);
afterAll(() => server?.stop());

describe('admin mail commands', () => {
  it('lists the outbox: when, to whom, about what, which file', async () => {
    await enqueueMail(personal(), {
      key: 'cli-1',
      to: 'lector@example.org',
      subject: 'Hello outbox',
      text: 'x',
      lang: 'en',
    });
    await until(async () => (await mailOf(personal(), 'cli-1'))?.state === 'sent');
    const { code, stdout } = await runAdmin(server, 'mail', 'outbox');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d{4}-\d\d-\d\dT.*\tlector@example\.org\tHello outbox\t.*\/outbox\/[a-f0-9]{64}\.eml$/m);
  });

  it('gives accounts an address, at creation or later, and refuses a bad one naming the option', async () => {
    const name = uniqueName('rep');
    const added = await addReporter(name, 'rep@example.org');
    expect(added.code, added.stderr).toBe(0);
    expect((await personMailOf(personal(), name)).email).toBe('rep@example.org');
    const changed = await runAdmin(server, 'user', 'email', name, 'new@example.org');
    expect(changed.code, changed.stderr).toBe(0);
    expect((await personMailOf(personal(), name)).email).toBe('new@example.org');
    const bad = await runAdmin(server, 'user', 'email', name, 'not an address');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--email');
    expect((await personMailOf(personal(), name)).email).toBe('new@example.org');
    const nobody = await runAdmin(server, 'user', 'email', 'no-such-person', 'x@example.org');
    expect(nobody.code).not.toBe(0);
    const refused = await addReporter(uniqueName('rep'), 'bad');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--email');
    // The account's document in _users holds no address.
    expect(JSON.stringify(await server.couch.use('_users').get(`org.couchdb.user:${name}`))).not.toContain(
      '@example.org',
    );
  });

  it('exports the followers with their addresses, and deletes one address with all its follows', async () => {
    const email = `${uniqueName('follower')}@example.org`;
    for (const body of [{ commitmentId: 'commitment:test-1' }, { planId: 'plan:test' }]) {
      await server.publisher.settled();
      const reply = await fetch(`${server.url}/api/follow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, ...body }),
      });
      expect(reply.status).toBe(202);
    }
    const exported = await runAdmin(server, 'followers', 'export');
    expect(exported.code, exported.stderr).toBe(0);
    const exportedLines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { email: string; target: { id: string } });
    expect(
      exportedLines
        .filter((l) => l.email === email)
        .map((l) => l.target.id)
        .sort(),
    ).toEqual(['commitment:test-1', 'plan:test']);
    // A backup carries no personal data: the personal database stays out of it.
    const file = path.join(server.dataDir, 'backup.jsonl.gz');
    const backedUp = await runAdmin(server, 'backup', '--out', file);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const lines = gunzipSync(new Uint8Array(fs.readFileSync(file))).toString('utf8');
    expect(lines).toContain('commitment:test-1');
    expect(lines).not.toContain(email);
    expect(lines).not.toContain('followToken:');
    const deleted = await runAdmin(server, 'followers', 'delete', '--email', email);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('Deleted 2 follows');
    expect((await allFollows(personal())).filter((f) => f.email === email)).toEqual([]);
    expect(JSON.stringify(await allDocuments(personal()))).not.toContain(email);
  });
});
