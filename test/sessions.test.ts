import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { disableUser, setPassword } from '../sync-server/src/admin/users.js';
import { testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName } from './helpers.js';

/** A field laptop's session: it outlasts long stretches offline and ends only when revoked or expired. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await importRecords(server.couch, server.names, 'fixture', testPlan());
});
afterAll(async () => server?.stop());
afterEach(() => vi.useRealTimers());

async function signIn(person: Client): Promise<string> {
  const reply = await fetch(`${server.couchUrl}/_session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(person.credentials),
  });
  expect(reply.status).toBe(200);
  return (reply.headers.get('set-cookie') ?? '').split(';')[0] as string;
}
const feed = (cookie: string) =>
  fetch(`${server.couchUrl}/${server.names.workspace}/_changes?limit=1`, { headers: { cookie } }).then((r) => r.status);

describe('a session', () => {
  it('still syncs after 15 minutes and after 300 days without a request', async () => {
    const person = await createUser(server, { name: uniqueName('field'), role: 'reporter', org: 'gov-a' });
    const cookie = await signIn(person);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 15 * 60_000);
    expect(await feed(cookie)).toBe(200);
    vi.setSystemTime(Date.now() + 300 * 86_400_000);
    expect(await feed(cookie)).toBe(200);
    vi.setSystemTime(Date.now() + 70 * 86_400_000);
    expect(await feed(cookie)).toBe(401);
  });

  it('ends at once when the account is disabled or its password changed', async () => {
    const disabled = await createUser(server, { name: uniqueName('gone'), role: 'reporter', org: 'gov-a' });
    const cookie = await signIn(disabled);
    await disableUser(server.couch, disabled.name);
    expect(await feed(cookie)).toBe(401);
    const changed = await createUser(server, { name: uniqueName('moved'), role: 'reporter', org: 'gov-a' });
    const before = await signIn(changed);
    await setPassword(server.couch, changed.name, 'a-new-long-password');
    expect(await feed(before)).toBe(401);
  });
});
