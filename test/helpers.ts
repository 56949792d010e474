import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Evidence } from '../shared/src/index.js';
import { addUser, type NewUser } from '../sync-server/src/admin/users.js';
import type { PublicIndex } from '../sync-server/src/api/public-store.js';
import { configFromEnv, type ServerConfig } from '../sync-server/src/config.js';
import { DEMO_USERS } from '../sync-server/src/demo/demo-data.js';
import { type RunningServer, startServer } from '../sync-server/src/server.js';
import { assessment, report, review } from './fixtures.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
  stop(): Promise<void>;
}

/**
 * A real server on a free loopback port: the embedded CouchDB-compatible server on a fresh
 * folder, or, when COUCHDB_URL is set, the Apache CouchDB it names, with databases under a
 * prefix of their own so runs never meet.
 */
export async function startTestServer(
  options: {
    demo?: boolean;
    dataDir?: string;
    port?: number;
    dbPrefix?: string;
    /** Another store than the embedded one or the environment's COUCHDB_URL (several servers on one store). */
    couchUrl?: string;
    leaseSeconds?: number;
    /** More environment, e.g. TABLERO_SMTP_URL for a test's own SMTP server. */
    env?: NodeJS.ProcessEnv;
    /** The clock of mail and reminders, to move time. */
    now?: () => number;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    TABLERO_PORT: String(options.port ?? 0),
    TABLERO_DATA_DIR: dataDir,
  };
  if (options.couchUrl) env.COUCHDB_URL = options.couchUrl;
  if (options.leaseSeconds) env.TABLERO_PUBLISHER_LEASE_S = String(options.leaseSeconds);
  const config: ServerConfig = {
    ...configFromEnv(env),
    dbPrefix: options.dbPrefix ?? `t${randomBytes(4).toString('hex')}_`,
    demo: options.demo ?? false,
    quiet: process.env.TABLERO_TEST_LOG !== '1',
  };
  const server = await startServer(config, options.now ? { now: options.now } : {});
  if (config.demo && config.couchUrl) demoServers.add(server.names.workspace);
  return {
    ...server,
    dataDir,
    config,
    async stop() {
      await server.close();
      if (config.couchUrl) {
        for (const name of Object.values(server.names)) await server.couch.db.destroy(name).catch(() => undefined);
        await removeAccounts(server);
        await removeDemoAccounts(server);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stops a server, keeping its data, and starts it again on the same port and data folder. */
export async function restartTestServer(server: TestServer, options: { demo?: boolean } = {}): Promise<TestServer> {
  await server.close();
  return startTestServer({
    ...options,
    dataDir: server.dataDir,
    port: Number(new URL(server.url).port),
    dbPrefix: server.config.dbPrefix,
  });
}

/** Runs `npm run admin -- …` as a deployer would, against the test server. */
export async function runAdmin(
  server: TestServer,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TABLERO_DATA_DIR: server.dataDir, TABLERO_DB_PREFIX: server.config.dbPrefix };
  // An account the CLI makes is removed with the test server's, from a shared CouchDB's `_users`.
  const named = args[args.indexOf('--name') + 1];
  if (args[0] === 'user' && args[1] === 'add' && args.includes('--name') && named) madeAccount(server, named);
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'sync-server/src/admin-cli/main.ts', ...args], {
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** User names unique to a run, since `_users` is shared by every database of a CouchDB. */
export function uniqueName(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}

/** The accounts test servers made, by workspace database: a restarted server removes those of its run too. */
const accountsMade = new Map<string, Set<string>>();

/** Notes an account a test made on this server's store, for `stop()` to remove from the shared `_users`. */
export function madeAccount(server: RunningServer, name: string): void {
  const names = accountsMade.get(server.names.workspace) ?? new Set<string>();
  accountsMade.set(server.names.workspace, names.add(name));
}

/**
 * Removes from `_users` the accounts this server's tests made and the gateway's own account for
 * its workspace: on an Apache CouchDB `_users` outlives the run's databases and is shared by every
 * run, so what is left there piles up and a fixed name fails the next run.
 */
async function removeAccounts(server: RunningServer): Promise<void> {
  const names = [...(accountsMade.get(server.names.workspace) ?? []), `tablero-gateway.${server.names.workspace}`];
  accountsMade.delete(server.names.workspace);
  const users = server.couch.use('_users');
  const found = await users.fetchRevs({ keys: names.map((name) => `org.couchdb.user:${name}`) });
  const docs = found.rows.flatMap((row) =>
    'value' in row && row.value && !(row.value as { deleted?: boolean }).deleted
      ? [{ _id: row.id, _rev: row.value.rev, _deleted: true }]
      : [],
  );
  if (docs.length) await users.bulk({ docs });
}

/** The demo servers of this process running on a shared CouchDB, by workspace database. */
const demoServers = new Set<string>();

/**
 * The demo's accounts have fixed names (the sign-in page shows them), so every demo server on one
 * CouchDB shares them: they are removed from `_users` when the last demo server of this process
 * stops. Test files run one at a time, so no other run's demo server uses them meanwhile.
 */
async function removeDemoAccounts(server: RunningServer): Promise<void> {
  if (!demoServers.delete(server.names.workspace) || demoServers.size > 0) return;
  for (const { name } of DEMO_USERS) madeAccount(server, name);
  await removeAccounts(server);
}

export async function createUser(server: RunningServer, user: Omit<NewUser, 'password'>): Promise<Client> {
  const password = `pw-${randomBytes(6).toString('hex')}`;
  await addUser(server.couch, server.names, { ...user, password });
  madeAccount(server, user.name);
  return new Client(server.couchUrl, { name: user.name, password });
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A person talking to the CouchDB API over HTTP, as the desktop app does; anonymous without credentials. */
export class Client {
  constructor(
    readonly base: string,
    readonly credentials?: { name: string; password: string },
  ) {}

  get name(): string {
    return this.credentials?.name ?? '(anonymous)';
  }

  async request<T = Record<string, unknown>>(method: string, urlPath: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.credentials)
      headers.authorization = `Basic ${Buffer.from(`${this.credentials.name}:${this.credentials.password}`).toString('base64')}`;
    const response = await fetch(`${this.base}/${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  put(db: string, doc: { _id: string; [field: string]: unknown } | object) {
    const id = (doc as { _id: string })._id;
    return this.request('PUT', `${db}/${encodeURIComponent(id)}`, doc);
  }

  get<T = Record<string, unknown>>(db: string, id: string) {
    return this.request<T>('GET', `${db}/${encodeURIComponent(id)}`);
  }

  /** Saves a new version of a stored document with `changes` applied. */
  async update(db: string, id: string, changes: Record<string, unknown>) {
    const current = await this.get(db, id);
    return this.put(db, { ...current.body, ...changes, _id: id });
  }
}

/** Waits until the public side shows what `check` looks for: the publisher, then the API's store, follow feeds. */
export async function untilPublic(
  server: RunningServer,
  check: (index: PublicIndex) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  await server.publisher.settled();
  await server.store.settled();
  await server.store.until(check, timeoutMs);
}

async function expectAccepted(reply: Promise<Reply>): Promise<void> {
  const { status, body } = await reply;
  if (status !== 201) throw new Error(`expected the write to be accepted, got ${status} ${JSON.stringify(body)}`);
}

/**
 * Writes one document of every kind the publisher publishes, on the fixture plans (`testPlan()`):
 * a meeting with minutes, a report validated by the committee, a correction, a committee and a
 * CSO assessment, an evaluation. Returns the ids that must become public.
 */
export async function publishEveryKind(
  server: RunningServer,
  people: { reporter: Client; cso: Client; committee: Client },
): Promise<string[]> {
  const ws = server.names.workspace;
  const minutes: Evidence = {
    _id: `evidence:${uniqueName('minutes')}`,
    type: 'evidence',
    planId: 'plan:review',
    orgId: 'org:com-d',
    createdBy: people.committee.name,
    createdAt: new Date().toISOString(),
    status: 'published',
    title: 'Meeting minutes',
    kind: 'link',
    url: 'https://example.org/meeting',
    internalNote: 'draft shared by e-mail',
  };
  const meeting = review({
    createdBy: people.committee.name,
    planId: 'plan:review',
    commitmentId: 'commitment:review-1',
    kind: 'meeting',
    participantOrgIds: ['org:gov-a', 'org:cso-c'],
    agreements: 'Publish the data.',
    minutesEvidenceIds: [minutes._id],
  });
  const submitted = report({
    createdBy: people.reporter.name,
    planId: 'plan:review',
    commitmentId: 'commitment:review-1',
    keyActionId: 'keyAction:review-1-1',
    status: 'submitted',
    internalNote: 'check with legal',
  });
  const onSecond = { keyActionId: 'keyAction:test-1-2', date: '2024-05-01' };
  const corrected = report({ createdBy: people.reporter.name, status: 'published', percent: 70, ...onSecond });
  const correction = report({
    createdBy: people.reporter.name,
    ...onSecond,
    status: 'published',
    percent: 65,
    corrects: corrected._id,
  });
  const committeeView = assessment({ createdBy: people.committee.name, orgId: 'org:com-d', by: 'committee' });
  const csoView = assessment({ createdBy: people.cso.name, internalNote: 'our own notes' });
  const evaluation = {
    _id: `evaluation:${uniqueName('ev')}`,
    type: 'evaluation',
    planId: 'plan:test',
    commitmentId: 'commitment:test-1',
    suggestedLevel: 'limited',
    progressAtEvaluation: 30,
    level: 'limited',
    openedGovernment: 'marginal',
    date: '2025-12-31',
    orgId: 'org:com-d',
    createdBy: people.committee.name,
    createdAt: new Date().toISOString(),
  };
  for (const [who, doc] of [
    [people.committee, minutes],
    [people.committee, meeting],
    [people.reporter, submitted],
    [people.reporter, corrected],
    [people.reporter, correction],
    [people.committee, committeeView],
    [people.cso, csoView],
    [people.committee, evaluation],
  ] as const)
    await expectAccepted(who.put(ws, doc));
  await expectAccepted(
    people.committee.update(ws, submitted._id, {
      status: 'published',
      reviewedBy: people.committee.name,
      reviewedAt: new Date().toISOString(),
    }),
  );
  return [minutes._id, meeting._id, submitted._id, correction._id, committeeView._id, csoView._id, evaluation._id];
}
