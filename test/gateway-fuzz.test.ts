import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, it } from 'vitest';
import type { Evidence } from '../shared/src/index.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { report, review, testPlan } from './fixtures.js';
import { type Client, createUser, startTestServer, type TestServer, uniqueName, untilPublic } from './helpers.js';

/**
 * Issue #28: a property-based attack on every route of the gateway (/db/) and the public API
 * (/api/) that takes a path parameter, a query parameter or an id in a JSON body. fast-check sends
 * generated encodings of traversals (`%2F`, `%2f`, `%252F`, `%5C`, `%2E%2E`, `%3F`, `%23`, unicode
 * look-alikes, overlong ids) aimed at what must stay out of reach (the session signing key, the
 * accounts' password hashes, other databases, another organisation's drafts), as an anonymous
 * visitor, a reporter and a committee member. After every request: no answer (body or headers)
 * carries anything the person may not read, no answer is a 5xx, and the store is as it was.
 * Runs against the embedded store, or against the Apache CouchDB at COUCHDB_URL when it is set.
 * TABLERO_FUZZ_SEED replays a run; TABLERO_FUZZ_RUNS scales the number of runs per property.
 */

type PersonaName = 'anonymous' | 'reporter' | 'committee';
const PERSONAS: readonly PersonaName[] = ['anonymous', 'reporter', 'committee'];

/** One request as it goes on the wire: the path exactly as written, never normalised by a URL parser. */
interface Attack {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  /** Basic credentials other than the persona's (a generated account name). */
  basic?: string;
  /** Another loopback source address, so the sign-in throttle does not stand in for the check. */
  localAddress?: string;
}

interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** Something no persona in `readers` is missing may see in an answer. */
interface Secret {
  label: string;
  value: string;
  readers: ReadonlySet<PersonaName>;
}

const seed = process.env.TABLERO_FUZZ_SEED ? Number(process.env.TABLERO_FUZZ_SEED) : undefined;
const scale = Number(process.env.TABLERO_FUZZ_RUNS ?? 1) || 1;
const runs = (n: number) => Math.max(1, Math.round(n * scale));
const canary = (what: string) => `canary-${what}-${randomBytes(8).toString('hex')}`;
const utf8 = (text: string) => encodeURIComponent(text);
const nobody: ReadonlySet<PersonaName> = new Set();

// node:http rather than fetch: fetch's URL parser resolves `..` and `%2e%2e` before sending, so
// the server would never see them; the attacker's curl sends them as written.
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(base: URL, auth: string | undefined, attack: Attack): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const basic = attack.basic ?? auth;
    if (basic) headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    if (attack.body !== undefined) {
      headers['content-type'] = attack.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(attack.body));
    }
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: attack.method,
        path: `/${attack.path}`,
        headers,
        ...(attack.localAddress ? { localAddress: attack.localAddress, agent: false } : { agent }),
        timeout: 20_000,
      },
      (response) => {
        const chunks: Uint8Array[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(new Uint8Array(chunk)));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: JSON.stringify(response.headers),
            // latin1 keeps every byte as one character: a canary inside binary content is still found.
            body: Buffer.concat(chunks).toString('latin1'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within 20 s to ${attack.method} /${attack.path}`)),
    );
    request.on('error', reject);
    request.end(attack.body);
  });
}

const shown = (attack: Attack) => {
  const path = attack.path.length > 300 ? `${attack.path.slice(0, 300)}…(${attack.path.length} chars)` : attack.path;
  const body = attack.body && attack.body.length > 300 ? `${attack.body.slice(0, 300)}…` : attack.body;
  return `${attack.method} /${path}${body === undefined ? '' : ` ${body}`}${attack.basic ? ` [basic ${attack.basic.slice(0, 120)}]` : ''}`;
};

const seqNumber = (seq: unknown) => Number.parseInt(String(seq ?? 0).split('-')[0] ?? '0', 10) || 0;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The keys whose values differ between two states, for a readable failure. */
function differences(before: unknown, after: unknown, at = ''): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (typeof before !== 'object' || typeof after !== 'object' || !before || !after)
    return [`${at || '(root)'}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) =>
    differences(a[key], b[key], at ? `${at}.${key}` : key),
  );
}

interface DbCount {
  docs: number;
  deleted: number;
  seq: number;
}

/** What is cheap to read after every request: databases, their counts and sequence numbers, known revisions. */
interface Fingerprint {
  dbs: string[];
  counts: Record<string, DbCount>;
  accounts: Record<string, string | null>;
  locals: Record<string, string | null>;
}

interface Snapshot extends Fingerprint {
  revs: Record<string, Record<string, string>>;
}

/**
 * The store as the server's admin sees it. `_local` documents are in no `_all_docs` and move no
 * sequence, so the publisher's lease and checkpoint (which the server rewrites by itself) are out of
 * it by construction, and the `_local` documents that matter are read one by one. On a shared
 * Apache CouchDB other test files create databases and accounts meanwhile: only this run's
 * databases and accounts (and names carrying this run's prefix) are compared there.
 */
class StoreWatch {
  private readonly shared: boolean;
  private readonly prefix: string;

  constructor(
    private readonly server: TestServer,
    private readonly accountIds: () => string[],
    private readonly localRevs: Record<string, () => Promise<string | null>>,
    /** Read only for the whole snapshot: each is a request through the gateway, too slow for every run. */
    private readonly slowRevs: Record<string, () => Promise<string | null>> = {},
  ) {
    this.shared = server.config.couchUrl !== undefined;
    this.prefix = server.config.dbPrefix;
  }

  private async request(params: Record<string, unknown>): Promise<unknown> {
    return (await this.server.couch.request(params)) as unknown;
  }

  private async databases(): Promise<string[]> {
    const all = (await this.server.couch.db.list()) as string[];
    const mine = all.filter((name) => !this.shared || name.startsWith(this.prefix) || name === '_replicator');
    return [...new Set([...mine, ...(this.shared ? [] : ['_users'])])].sort();
  }

  async fingerprint(): Promise<Fingerprint> {
    const dbs = await this.databases();
    const [infos, accounts, locals] = await Promise.all([
      Promise.all(dbs.map((db) => this.request({ db, method: 'GET' }))),
      this.accounts(),
      Promise.all(Object.entries(this.localRevs).map(async ([id, read]) => [id, await read()] as const)),
    ]);
    const counts: Record<string, DbCount> = {};
    for (const [i, db] of dbs.entries()) {
      const info = infos[i] as { doc_count?: number; doc_del_count?: number; update_seq?: unknown };
      counts[db] = { docs: info.doc_count ?? -1, deleted: info.doc_del_count ?? -1, seq: seqNumber(info.update_seq) };
    }
    return { dbs, counts, accounts, locals: Object.fromEntries(locals) };
  }

  async snapshot(): Promise<Snapshot> {
    const fingerprint = await this.fingerprint();
    for (const [id, read] of Object.entries(this.slowRevs)) fingerprint.locals[id] = await read();
    const revs: Record<string, Record<string, string>> = {};
    for (const db of fingerprint.dbs) {
      const all = (await this.request({ db, path: '_all_docs' })) as { rows: { id: string; value: { rev: string } }[] };
      revs[db] = Object.fromEntries(all.rows.map((row) => [row.id, row.value.rev]));
    }
    return { ...fingerprint, revs };
  }

  /** The part of a snapshot that `fingerprint` reads. */
  cheap(snapshot: Snapshot): Fingerprint {
    const locals = Object.entries(snapshot.locals).filter(([id]) => !(id in this.slowRevs));
    return {
      dbs: snapshot.dbs,
      counts: snapshot.counts,
      accounts: snapshot.accounts,
      locals: Object.fromEntries(locals),
    };
  }

  private async accounts(): Promise<Record<string, string | null>> {
    const keys = this.accountIds();
    const found = (await this.request({ db: '_users', path: '_all_docs', method: 'POST', body: { keys } })) as {
      rows: { key: string; value?: { rev: string; deleted?: boolean } }[];
    };
    return Object.fromEntries(
      found.rows.map((row) => [row.key, row.value ? `${row.value.rev}${row.value.deleted ? ' deleted' : ''}` : null]),
    );
  }
}

/** A string field of a document that looks like a signing key. */
function keyOf(doc: unknown): string | null {
  if (!doc || typeof doc !== 'object') return null;
  for (const field of ['key', 'secret', 'value']) {
    const value = (doc as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length >= 16) return value;
  }
  return null;
}

/**
 * The session signing key, wherever the server keeps it: `_local/tablero-session-secret` in the
 * workspace today, and it is moving to a database of its own. Every database of this run is tried,
 * at the known ids and at any document whose id names a session secret.
 */
async function findSessionKey(server: TestServer): Promise<{ db: string; id: string; key: string }> {
  const all = (await server.couch.db.list()) as string[];
  const dbs = [
    ...new Set([...Object.values(server.names), ...all.filter((n) => n.startsWith(server.config.dbPrefix))]),
  ];
  const read = async (db: string, id: string) => {
    try {
      return keyOf(await server.couch.request({ db, doc: id }));
    } catch {
      return null;
    }
  };
  for (const db of dbs) {
    const ids = ['_local/tablero-session-secret', 'tablero-session-secret', '_local/session-secret', 'session-secret'];
    for (const path of ['_all_docs', '_local_docs']) {
      const listed = (await server.couch.request({ db, path }).catch(() => ({ rows: [] }))) as {
        rows: { id: string }[];
      };
      ids.push(...listed.rows.map((row) => row.id).filter((id) => /session|secret/i.test(id)));
    }
    for (const id of new Set(ids)) {
      const key = await read(db, id);
      if (key) return { db, id, key };
    }
  }
  throw new Error(`The session signing key is in none of ${dbs.join(', ')}: tell this test where it lives now.`);
}

/** What the store admin can read that nobody else may: every account's hash, the store's own secrets. */
async function storeSecrets(server: TestServer): Promise<Secret[]> {
  const users = (await server.couch.request({ db: '_users', path: '_all_docs', qs: { include_docs: true } })) as {
    rows: { id: string; doc?: { derived_key?: unknown; salt?: unknown } }[];
  };
  const secrets: Secret[] = [];
  for (const row of users.rows)
    for (const field of ['derived_key', 'salt'] as const) {
      const value = row.doc?.[field];
      if (typeof value === 'string' && value.length >= 16)
        secrets.push({ label: `${row.id}'s ${field}`, value, readers: nobody });
    }
  // Apache CouchDB's admin hashes and cookie secret (the embedded store has no such configuration).
  for (const path of ['_node/_local/_config/admins', '_node/_local/_config/chttpd_auth']) {
    const section = (await server.couch.request({ path }).catch(() => ({}))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(section))
      if (typeof value === 'string' && value.length >= 16 && (path.endsWith('admins') || name === 'secret'))
        secrets.push({ label: `${path} ${name}`, value, readers: nobody });
  }
  if (server.admin.password.length >= 12)
    secrets.push({ label: "the store admin's password", value: server.admin.password, readers: nobody });
  return secrets;
}

/** The server, its people, and where each thing the attacks aim at lives. */
interface World {
  server: TestServer;
  base: URL;
  ws: string;
  prefix: string;
  auth: Record<PersonaName, string | undefined>;
  names: { reporter: string; committee: string; other: string };
  /** Readable by the reporter and the committee member; and one no persona may read. */
  readableId: string;
  draftId: string;
  sha: string;
  secretAt: { db: string; id: string };
  /** Revisions an attacker may have learnt, for `?rev=` and `_rev`. */
  revs: string[];
  plantedPassword: string;
  secrets: Secret[];
  watch: StoreWatch;
}

const basicOf = (client: Client) => `${client.credentials?.name}:${client.credentials?.password}`;

async function accepted(reply: Promise<{ status: number; body: unknown }>, what: string): Promise<string> {
  const { status, body } = await reply;
  if (status !== 201) throw new Error(`${what}: expected 201, got ${status} ${JSON.stringify(body)}`);
  return String((body as { rev?: unknown }).rev);
}

/** Another organisation's documents in every state, each with a canary where no persona may read it. */
async function seedCanaries(server: TestServer, people: Record<'rep' | 'committee' | 'other', Client>) {
  const ws = server.names.workspace;
  const onB = { createdBy: people.other.name, orgId: 'org:gov-b', commitmentId: 'commitment:test-2' };
  const values = {
    draft: canary('draft'),
    draftNote: canary('draft-note'),
    publishedNote: canary('published-note'),
    submitted: canary('submitted'),
    internalReview: canary('internal-review'),
    file: canary('file'),
    evidenceTitle: canary('evidence-title'),
    checkpoint: canary('checkpoint'),
  };
  const draft = report({
    ...onB,
    keyActionId: 'keyAction:test-2-1',
    narrative: values.draft,
    internalNote: values.draftNote,
  });
  const published = report({
    ...onB,
    keyActionId: 'keyAction:test-2-1',
    status: 'published',
    internalNote: values.publishedNote,
  });
  const submitted = report({
    ...onB,
    keyActionId: 'keyAction:test-2-1',
    status: 'submitted',
    narrative: values.submitted,
  });
  const internal = review({ createdBy: people.committee.name, visibility: 'internal', text: values.internalReview });
  const bytes = Buffer.from(`${values.file}\n`);
  const sha = createHash('sha256').update(new Uint8Array(bytes)).digest('hex');
  const upload = await fetch(`${server.url}/api/files/${sha}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain', authorization: `Basic ${btoa(basicOf(people.other))}` },
    body: new Uint8Array(bytes),
  });
  expect(upload.status).toBe(201);
  const evidence: Evidence = {
    _id: `evidence:${uniqueName('unpublished')}`,
    type: 'evidence',
    planId: 'plan:test',
    orgId: 'org:gov-b',
    createdBy: people.other.name,
    createdAt: new Date().toISOString(),
    status: 'draft',
    title: values.evidenceTitle,
    kind: 'minutes',
    file: { sha256: sha, name: 'acta.txt', mediaType: 'text/plain', size: bytes.length },
  };
  const draftRev = await accepted(people.other.put(ws, draft), 'their draft');
  await accepted(people.other.put(ws, published), 'their published report');
  await accepted(people.other.put(ws, submitted), 'their submitted report');
  await accepted(people.other.put(ws, evidence), 'their unpublished evidence');
  await accepted(people.committee.put(ws, internal), 'the internal observation');
  await accepted(
    people.other.request('PUT', `${ws}/_local/fuzz-checkpoint`, { seq: values.checkpoint }),
    'their checkpoint',
  );
  const committeeReads = new Set<PersonaName>(['committee']);
  const secrets: Secret[] = [
    ...Object.entries(values).map(([label, value]) => ({
      label: `another organisation's ${label}`,
      value,
      readers: label === 'submitted' || label === 'internalReview' ? committeeReads : nobody,
    })),
    { label: 'the unpublished file (base64)', value: bytes.toString('base64'), readers: nobody },
  ];
  return { draftId: draft._id, draftRev, sha, secrets };
}

/**
 * A checkpoint of the reporter's own that looks like an account with the admin role: harmless
 * where it is, an admin sign-in if an account name could be made to reach it.
 */
async function plantAccount(rep: Client, ws: string): Promise<string> {
  const password = `planted-${randomBytes(6).toString('hex')}`;
  const salt = randomBytes(16).toString('hex');
  const derived = pbkdf2Sync(password, salt, 10, 32, 'sha256').toString('hex');
  await accepted(
    rep.request('PUT', `${ws}/_local/planted`, {
      type: 'user',
      name: 'planted',
      roles: ['admin'],
      password_scheme: 'pbkdf2',
      pbkdf2_prf: 'sha256',
      iterations: 10,
      salt,
      derived_key: derived,
    }),
    'the planted checkpoint',
  );
  return password;
}

async function buildWorld(server: TestServer): Promise<World> {
  const ws = server.names.workspace;
  await importRecords(server.couch, server.names, 'fixture', testPlan());
  const people = {
    rep: await createUser(server, { name: uniqueName('rep'), role: 'reporter', org: 'gov-a' }),
    committee: await createUser(server, { name: uniqueName('committee'), role: 'committee', org: 'com-d' }),
    other: await createUser(server, { name: uniqueName('other'), role: 'reporter', org: 'gov-b' }),
  };
  const seeded = await seedCanaries(server, people);
  const plantedPassword = await plantAccount(people.rep, ws);
  await untilPublic(server, (index) => index.commitments.has('commitment:test-2'));
  const found = await findSessionKey(server);
  const secrets = [
    ...seeded.secrets,
    { label: 'the session signing key', value: found.key, readers: nobody },
    ...(await storeSecrets(server)),
  ];
  const userIds = Object.values(people).map((p) => `org.couchdb.user:${p.name}`);
  const revOf = async (db: string, id: string) =>
    String(((await server.couch.request({ db, doc: id })) as { _rev: string })._rev);
  const revs = [
    seeded.draftRev,
    await revOf(ws, 'plan:test'),
    await revOf(found.db, found.id),
    ...(await Promise.all(userIds.map((id) => revOf('_users', id)))),
  ];
  const checkpointRev = async () => {
    const reply = await people.other.request('GET', `${ws}/_local/fuzz-checkpoint`);
    return reply.status === 200 ? `${String(reply.body._rev)} ${String(reply.body.seq)}` : `status ${reply.status}`;
  };
  const watch = new StoreWatch(
    server,
    () => [...userIds, `org.couchdb.user:${server.config.dbPrefix}evil`],
    { [`${found.db}/${found.id}`]: () => revOf(found.db, found.id).catch(() => null) },
    { "another person's checkpoint": checkpointRev },
  );
  return {
    server,
    base: new URL(server.url),
    ws,
    prefix: server.config.dbPrefix,
    auth: { anonymous: undefined, reporter: basicOf(people.rep), committee: basicOf(people.committee) },
    names: { reporter: people.rep.name, committee: people.committee.name, other: people.other.name },
    readableId: 'plan:test',
    draftId: seeded.draftId,
    sha: seeded.sha,
    secretAt: { db: found.db, id: found.id },
    revs,
    plantedPassword,
    secrets,
    watch,
  };
}

// Each way a separator, a dot segment or something else may be spelt so that one decoding or
// normalisation on the way to the store turns it into structure.
const SLASHES = ['/', '%2F', '%2f', '%252F', '%5C', '%5c', '\\', utf8('∕'), utf8('⁄'), utf8('／')];
const DOTS = ['..', '%2E%2E', '%2e%2e', '.%2E', '%2e.', '%252E%252E', utf8('‥'), utf8('．．')];
const NOISE = [
  '%3F',
  '%23',
  '?',
  '#',
  '%00',
  '%0A',
  '%2e%2e/',
  '../',
  '..%2F',
  '%2F..%2F',
  '/..',
  utf8('．'),
  '%25',
  '%20',
  ';',
  '%C0%AE%C0%AE',
  '%ff',
];

/** What a traversal aims at, as path segments from the store's root (or from where the id lands). */
function targets(w: World): string[][] {
  const { ws, prefix, names, sha } = w;
  const files = w.server.names.files;
  const user = (name: string) => ['_users', `org.couchdb.user:${name}`];
  return [
    ['tablero-session-secret'],
    [w.secretAt.db, ...w.secretAt.id.split('/')],
    user(names.reporter),
    user(names.committee),
    user(names.other),
    user(`${prefix}evil`),
    ['_users', '_all_docs?include_docs=true'],
    [ws, '_all_docs?include_docs=true'],
    [ws, w.draftId],
    [w.draftId],
    [ws, '_changes?include_docs=true'],
    [ws, '_design', 'tablero'],
    ['_all_dbs'],
    ['_config'],
    ['_node', '_local', '_config'],
    ['_session'],
    ['_replicate'],
    ['_uuids'],
    [files, `file:${sha}`],
    [files, `file:${sha}?attachments=true`],
    [files, `file:${sha}`, 'content'],
    [w.server.names.public, '_all_docs?include_docs=true'],
    [`tablero-user~${encodeURIComponent(names.other)}~fuzz-checkpoint`],
    [ws, '_local', `tablero-user~${encodeURIComponent(names.reporter)}~planted`],
    [`${prefix}stolen`],
  ];
}

const SEGMENT_ENCODINGS: ((segment: string) => string)[] = [
  (s) => s,
  (s) => encodeURIComponent(s),
  (s) => encodeURIComponent(encodeURIComponent(s)),
];

/**
 * An id as it goes on the wire: a start (nothing, `x`, `_local`, a type prefix, an id the person may
 * read, one nobody may; sometimes 300-5,000 characters longer), some noise, up to six "go up" steps and a target,
 * each spelt one of the ways above.
 */
function wireId(w: World, focus: string[][] = []): fc.Arbitrary<string> {
  // Padding shrinks away (fc.option shrinks to nil), so a counterexample is as short as it can be.
  const start = fc
    .tuple(
      fc.constantFrom('x', '', '_local', 'report:', w.readableId, w.draftId),
      fc.option(fc.integer({ min: 300, max: 5000 }), { freq: 6, nil: undefined }),
    )
    .map(([base, pad]) => `${base}${'x'.repeat(pad ?? 0)}`);
  // Mostly none: noise in front of a traversal mostly makes the store refuse it before it travels.
  const noise = fc.option(fc.constantFrom(...NOISE), { freq: 3, nil: '' });
  const traversal = fc
    .record({
      start,
      noise,
      slash: fc.constantFrom(...SLASHES),
      dots: fc.constantFrom(...DOTS),
      ups: fc.integer({ min: 0, max: 6 }),
      target: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...targets(w)) },
        ...(focus.length ? [{ weight: 2, arbitrary: fc.constantFrom(...focus) }] : []),
      ),
      encode: fc.constantFrom(...SEGMENT_ENCODINGS),
    })
    .map(
      ({ start, noise, slash, dots, ups, target, encode }) =>
        `${start}${noise}${`${slash}${dots}`.repeat(ups)}${slash}${target.map(encode).join(slash)}`,
    );
  const odd = fc.tuple(start, fc.array(fc.constantFrom(...NOISE, ...SLASHES, ...DOTS), { minLength: 1, maxLength: 5 }));
  return fc.oneof(
    { weight: 5, arbitrary: traversal },
    { weight: 1, arbitrary: odd.map(([s, pieces]) => `${s}${pieces.join('')}`) },
  );
}

const json = (value: unknown) => JSON.stringify(value);

/** Bodies that look like what the route takes, carrying revisions an attacker may have learnt. */
function checkpointBodies(w: World): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(json({ seq: 'fuzz' })),
    fc.constantFrom(...w.revs).map((rev) => json({ _rev: rev, seq: 'fuzz', key: 'fuzz-key-0123456789abcdef' })),
    fc
      .constantFrom(...w.revs)
      .map((rev) =>
        json({ _rev: rev, type: 'user', name: 'fuzz', roles: ['_admin', 'admin'], password: 'fuzz-password' }),
      ),
  );
}

/** Documents none of the personas may write, so a write that is accepted is a hole, not a legitimate change. */
function refusedDocs(w: World): fc.Arbitrary<Record<string, unknown>> {
  const theirs = report({ createdBy: w.names.other, orgId: 'org:gov-b', commitmentId: 'commitment:test-2' });
  const { _id, ...fields } = theirs;
  return fc.constantFrom<Record<string, unknown>>(
    {},
    fields,
    { type: 'plan', country: 'Fuzzland', title: 'Fuzz' },
    { type: 'user', name: 'fuzz', roles: ['admin'], password: 'fuzz-password' },
  );
}

const withRev = (w: World) => fc.option(fc.constantFrom(...w.revs), { nil: undefined });
const revQuery = (rev: string | undefined) => (rev ? `?rev=${encodeURIComponent(rev)}` : '');

/** `GET`/`PUT`/`DELETE /db/{ws}/_local/{id}` and `/db/{ws}/{id}`. */
function documentRoutes(w: World, under: '_local/' | ''): fc.Arbitrary<Attack> {
  const path = (id: string) => `db/${w.ws}/${under}${id}`;
  const id = wireId(w);
  const body = under ? checkpointBodies(w) : refusedDocs(w).map(json);
  return fc.oneof(
    { weight: 2, arbitrary: id.map((p): Attack => ({ method: 'GET', path: path(p) })) },
    fc
      .tuple(id, body, withRev(w))
      .map(([p, b, rev]): Attack => ({ method: 'PUT', path: `${path(p)}${revQuery(rev)}`, body: b })),
    fc
      .tuple(id, fc.constantFrom(...w.revs))
      .map(([p, rev]): Attack => ({ method: 'DELETE', path: `${path(p)}${revQuery(rev)}` })),
  );
}

/** The `{workspace}` segment of every /db route. */
function workspaceRoutes(w: World): fc.Arbitrary<Attack> {
  const keys = json({ keys: [w.draftId, w.readableId] });
  const routes: [string, string, string?][] = [
    ['GET', ''],
    ['POST', '', json({ _id: 'report:fuzz', type: 'plan' })],
    ['GET', '/_changes?include_docs=true'],
    ['GET', `/_all_docs?include_docs=true&keys=${encodeURIComponent(json([w.draftId]))}`],
    ['POST', '/_all_docs?include_docs=true', keys],
    ['POST', '/_bulk_get?revs=true', json({ docs: [{ id: w.draftId }] })],
    ['POST', '/_bulk_docs', json({ docs: [{ _id: w.draftId, _rev: w.revs[0], _deleted: true }] })],
    ['POST', '/_revs_diff', json({ [w.draftId]: ['1-x'] })],
    ['GET', '/_tablero/publication-refusals'],
    ['GET', '/_local/fuzz-checkpoint'],
    ['PUT', '/_local/fuzz', json({ seq: 'fuzz' })],
    ['GET', `/${encodeURIComponent(w.draftId)}`],
    ['DELETE', `/${encodeURIComponent(w.draftId)}?rev=${encodeURIComponent(w.revs[0] ?? '')}`],
  ];
  // A database name spelt otherwise, or one reached by going up from another.
  const segment = fc.oneof(
    wireId(w),
    fc.constantFrom(...SLASHES).map((s) => `x${s}..${s}${w.ws}`),
    fc.constantFrom(w.ws.toUpperCase(), `${w.ws}%00`, `${w.ws}%2F`, encodeURIComponent(w.ws).replace('_', '%5F')),
  );
  return fc
    .tuple(segment, fc.constantFrom(...routes))
    .map(([p, [method, rest, body]]): Attack => ({ method, path: `db/${p}${rest}`, ...(body ? { body } : {}) }));
}

/** Every API route with a path parameter (sync-server/src/api/app.ts, files.ts, dashboard.ts, mail/follow-routes.ts). */
function apiRoutes(w: World): fc.Arbitrary<Attack> {
  const templates = [
    'api/plans/{}',
    'api/plans/{}/export.json',
    'api/plans/{}/commitments.csv',
    'api/plans/{}/key-actions.csv',
    'api/plans/{}/reports.csv',
    'api/plans/{}/evaluation',
    'api/plans/{}/evaluation.csv',
    'api/commitments/{}',
    'api/organizations/{}',
    'api/files/{}',
    'api/follow/confirm/{}',
    'api/unsubscribe/{}',
    'commitments/{}/activity.atom',
  ];
  const id = fc.oneof(
    wireId(w),
    fc.constantFrom(...SLASHES).map((s) => `${w.sha}${s}..${s}${w.sha}`),
  );
  const upload = fc
    .tuple(id, fc.constantFrom('text/plain', 'application/pdf'))
    .map(
      ([p, type]): Attack => ({ method: 'PUT', path: `api/files/${p}`, body: 'fuzz evidence\n', contentType: type }),
    );
  const read = fc
    .tuple(id, fc.constantFrom(...templates), fc.constantFrom('GET', 'HEAD'))
    .map(([p, template, method]): Attack => ({ method, path: template.replace('{}', p) }));
  // A follow's links act on a POST (RFC 8058's one-click body): a generated token must find nothing.
  const followLink = fc.tuple(id, fc.constantFrom('api/follow/confirm/{}', 'api/unsubscribe/{}')).map(
    ([p, template]): Attack => ({
      method: 'POST',
      path: template.replace('{}', p),
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: read },
    { weight: 1, arbitrary: upload },
    { weight: 1, arbitrary: followLink },
  );
}

/** Query-string parameters of the gateway and the API, with the same ids. */
function queryRoutes(w: World): fc.Arbitrary<Attack> {
  const ws = `db/${w.ws}`;
  const templates: [string, string][] = [
    ['GET', `${ws}/_changes?since={}`],
    ['GET', `${ws}/_changes?include_docs=true&since={}&limit={}`],
    ['GET', `${ws}/_all_docs?include_docs=true&keys={}`],
    ['GET', `${ws}/_all_docs?include_docs=true&keys=%5B%22{}%22%5D`],
    ['POST', `${ws}/_bulk_get?revs={}`],
    ['DELETE', `${ws}/${w.readableId}?rev={}`],
    ['PUT', `${ws}/${w.readableId}?rev={}`],
    ['DELETE', `${ws}/_local/fuzz-checkpoint?rev={}`],
    ['GET', `${ws}/${w.readableId}?{}=1`],
    ['GET', `${ws}/_local/x?{}`],
    ['GET', 'api/activity?plan={}'],
    ['GET', `api/files/${w.sha}?evidence={}`],
    ['GET', `api/files/${w.sha}?inline=1&evidence={}`],
    ['GET', 'api/changes?timeout=1&since={}'],
    ['GET', 'activity.atom?plan={}'],
    ['GET', `api/plans/${w.readableId}?keyActions={}`],
    ['GET', `api/plans/${w.readableId}/reports.csv?lang={}`],
  ];
  // A JSON list of ids is what `keys` takes: the generated id inside one, too.
  const value = fc.oneof(
    wireId(w),
    wireId(w).map((p) => encodeURIComponent(json([safeDecode(p)]))),
    wireId(w).map((p) => `evidence:${p}`),
  );
  return fc.tuple(value, fc.constantFrom(...templates)).map(([p, [method, template]]): Attack => {
    const body = method === 'POST' ? json({ docs: [{ id: w.draftId }] }) : method === 'PUT' ? json({}) : undefined;
    return { method, path: template.replaceAll('{}', p), ...(body ? { body } : {}) };
  });
}

/** Ids inside JSON bodies: `_all_docs` keys, `_bulk_get` ids, `_bulk_docs` and `POST` `_id`s, `_revs_diff` keys. */
function bodyRoutes(w: World): fc.Arbitrary<Attack> {
  const ws = `db/${w.ws}`;
  const id = fc.oneof(wireId(w), wireId(w).map(safeDecode));
  const rev = fc.constantFrom(...w.revs);
  return fc.oneof(
    id.map((p): Attack => ({ method: 'POST', path: `${ws}/_all_docs?include_docs=true`, body: json({ keys: [p] }) })),
    fc.tuple(id, rev).map(
      ([p, r]): Attack => ({
        method: 'POST',
        path: `${ws}/_bulk_get?revs=true`,
        body: json({ docs: [{ id: p, rev: r }] }),
      }),
    ),
    fc.tuple(id, rev, refusedDocs(w)).map(
      ([p, r, doc]): Attack => ({
        method: 'POST',
        path: `${ws}/_bulk_docs`,
        body: json({ docs: [{ ...doc, _id: p, _rev: r }] }),
      }),
    ),
    fc
      .tuple(id, refusedDocs(w))
      .map(([p, doc]): Attack => ({ method: 'POST', path: ws, body: json({ ...doc, _id: p }) })),
    fc.tuple(id, rev).map(([p, r]): Attack => ({ method: 'POST', path: `${ws}/_revs_diff`, body: json({ [p]: [r] }) })),
    fc
      .tuple(id, checkpointBodies(w))
      .map(
        ([p, b]): Attack => ({ method: 'PUT', path: `${ws}/_local/fuzz`, body: json({ ...JSON.parse(b), _id: p }) }),
      ),
  );
}

/**
 * Account names, which the server turns into `_users` ids: at sign-in (a JSON body) and in Basic
 * credentials, with the password of the reporter's planted look-alike account. From a loopback
 * address of their own, so the sign-in throttle never answers for the rule under test.
 */
function signInRoutes(w: World): fc.Arbitrary<Attack> {
  // The planted look-alike is what a name must reach to sign in: aimed at more often than the rest.
  const planted = [[w.ws, '_local', `tablero-user~${encodeURIComponent(w.names.reporter)}~planted`]];
  const name = fc.oneof(wireId(w, planted), wireId(w, planted).map(safeDecode)).map((n) => n.replaceAll(':', ''));
  const address = fc
    .tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 }), fc.integer({ min: 2, max: 254 }))
    .map(([a, b, c]) => `127.${a}.${b}.${c}`);
  const password = w.plantedPassword;
  return fc.tuple(name, address, fc.integer({ min: 0, max: 2 })).map(([n, localAddress, how]): Attack => {
    if (how === 0) return { method: 'POST', path: 'db/_session', body: json({ name: n, password }), localAddress };
    return {
      method: 'GET',
      path: how === 1 ? 'db/_session' : `db/${w.ws}/${w.readableId}`,
      basic: `${n}:${password}`,
      localAddress,
    };
  });
}

/** Nobody is signed in by a name that is no account's: the answer names no person and serves nothing. */
function signInProblem(answer: Answer): string | null {
  if (answer.status === 200 && /"name":"(?!null)/.test(answer.body)) return 'signed in';
  if (answer.status === 200 && !answer.body.includes('"userCtx"')) return 'served a document';
  return null;
}

describe('the gateway and the API against generated encodings of every parameter', () => {
  let server: TestServer;
  let w: World;
  let baseline: Snapshot;
  /** The request that changed the store, once one has: later runs cannot be judged against the baseline. */
  let changedBy: string | undefined;
  /** 5xx answers, gathered rather than failing at once, so that they do not hide a leak found later. */
  const serverErrors = new Set<string>();

  beforeAll(async () => {
    server = await startTestServer();
    w = await buildWorld(server);
    // The people's first requests check their passwords (and may upgrade a hash): before the baseline.
    for (const persona of PERSONAS)
      await send(w.base, w.auth[persona], { method: 'GET', path: `db/${w.ws}/plan:test` });
    await server.publisher.settled();
    const first = await w.watch.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    baseline = await w.watch.snapshot();
    // Left alone, the store does not move: anything that moves later is the attacks' doing.
    expect(differences(first, baseline)).toEqual([]);
  });
  afterAll(async () => {
    agent.destroy();
    await server?.stop();
  });

  /** One request and everything that must hold after it. */
  async function attack(persona: PersonaName, request: Attack, extra?: (answer: Answer) => string | null) {
    if (changedBy) throw new Error(`The store had already been changed, by ${changedBy}`);
    const answer = await send(w.base, w.auth[persona], request);
    const what = `${persona} ${shown(request)} → ${answer.status}`;
    if (answer.status >= 500) serverErrors.add(`${what}: ${answer.body.slice(0, 200)}`);
    const text = `${answer.headers}\n${answer.body}`;
    for (const secret of w.secrets) {
      if (secret.readers.has(persona)) continue;
      const at = Math.max(text.indexOf(secret.value), text.indexOf(encodeURIComponent(secret.value)));
      if (at >= 0)
        throw new Error(`${what} answered ${secret.label}: …${text.slice(Math.max(0, at - 200), at + 100)}…`);
    }
    const problem = extra?.(answer);
    if (problem) throw new Error(`${what}: ${problem}: ${answer.body.slice(0, 300)}`);
    const now = await w.watch.fingerprint();
    const expected = w.watch.cheap(baseline);
    if (!isDeepStrictEqual(now, expected)) {
      changedBy = what;
      throw new Error(`${what} changed the store: ${differences(expected, now).join('; ')}`);
    }
  }

  /** Runs one family of attacks, then compares the whole store and checks that the server still serves. */
  async function family(
    // The test's own expect: a soft failure is then told under the test that found it.
    testExpect: ExpectStatic,
    make: (w: World) => fc.Arbitrary<Attack>,
    numRuns: number,
    persona: fc.Arbitrary<PersonaName> = fc.constantFrom(...PERSONAS),
    extra?: (answer: Answer) => string | null,
  ) {
    serverErrors.clear();
    try {
      await fc.assert(
        fc.asyncProperty(persona, make(w), (who, request) => attack(who, request, extra)),
        { numRuns: runs(numRuns), ...(seed === undefined ? {} : { seed }), interruptAfterTimeLimit: 120_000 },
      );
      await server.publisher.settled();
      expect(differences(baseline, await w.watch.snapshot())).toEqual([]);
      expect((await send(w.base, undefined, { method: 'GET', path: 'api/plans' })).status).toBe(200);
      const plan = await send(w.base, w.auth.reporter, { method: 'GET', path: `db/${w.ws}/${w.readableId}` });
      expect(plan.status).toBe(200);
    } finally {
      const errors = [...serverErrors];
      testExpect.soft(errors.slice(0, 5), `${errors.length} answers were 5xx (the first five)`).toEqual([]);
      // The next family starts from the store as it is now, so each reports its own findings.
      if (changedBy) {
        await server.publisher.settled();
        baseline = await w.watch.snapshot();
        changedBy = undefined;
      }
    }
  }

  it(
    'GET/PUT/DELETE /db/{workspace}/_local/{id}',
    ({ expect }) => family(expect, (w) => documentRoutes(w, '_local/'), 300),
    180_000,
  );
  it('GET/PUT/DELETE /db/{workspace}/{id}', ({ expect }) => family(expect, (w) => documentRoutes(w, ''), 120), 180_000);
  it('the {workspace} segment of every /db route', ({ expect }) => family(expect, workspaceRoutes, 100), 180_000);
  it('every /api route with a path parameter', ({ expect }) => family(expect, apiRoutes, 150), 180_000);
  it('query-string parameters of the gateway and the API', ({ expect }) => family(expect, queryRoutes, 120), 180_000);
  it(
    'ids in JSON bodies',
    ({ expect }) => family(expect, bodyRoutes, 120, fc.constantFrom<PersonaName>('reporter', 'committee')),
    180_000,
  );
  it(
    'account names at sign-in and in Basic credentials',
    ({ expect }) => family(expect, signInRoutes, 150, fc.constant<PersonaName>('anonymous'), signInProblem),
    180_000,
  );
});
