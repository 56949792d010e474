import { createHash } from 'node:crypto';
import { credentialsOf, withoutCredentials } from './client.js';
import { gatewayRole } from './gateway-account.js';
import { passwordMatches, type StoredHash } from './passwords.js';
import { isEncodedSegment } from './store-client.js';
import { isDocId } from './store-ids.js';

const ROLE_PREFIX = gatewayRole('');

const READ_ONLY = new Set(['GET', 'HEAD']);
/** The workspace endpoints the gateway's store client uses, each with the method it uses. */
const ENDPOINTS: Record<string, string> = {
  _changes: 'GET',
  _all_docs: 'POST',
  _bulk_get: 'POST',
  _bulk_docs: 'POST',
  _revs_diff: 'POST',
};
/** Options the gateway sends; no filter, view or other option that makes the store run code. */
const OPTIONS = new Set(['since', 'limit', 'include_docs', 'style', 'revs', 'rev', 'feed', 'timeout']);

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
};

/**
 * What the gateway's own account may ask of the embedded store: the workspace database's
 * endpoints, its documents (read; writes go through `_bulk_docs`) and the people's checkpoints —
 * never `_users`, another database, a design document, the server's own `_local` documents or a
 * server route. Apache CouchDB enforces the same with the account's membership of the workspace
 * alone; the embedded store's permission checks are not trusted (README, "Why a gateway").
 */
export function gatewayMayReach(method: string, url: string, workspaceDb: string): boolean {
  const [path = '', query = ''] = url.split('?', 2);
  const segments = path.split('/');
  if (segments[0] !== '' || segments[1] !== encodeURIComponent(workspaceDb)) return false;
  const rest = segments.slice(2);
  if (!rest.every(isEncodedSegment)) return false;
  if (![...new URLSearchParams(query).keys()].every((name) => OPTIONS.has(name))) return false;
  const [first, second] = rest;
  if (first === undefined) return READ_ONLY.has(method);
  if (rest.length === 1) return ENDPOINTS[first] === method || (READ_ONLY.has(method) && isDocId(decoded(first)));
  return (
    rest.length === 2 &&
    first === '_local' &&
    decoded(second ?? '').startsWith('tablero-user~') &&
    ['GET', 'PUT', 'DELETE'].includes(method)
  );
}

/**
 * Whether a `_bulk_docs` body the gateway's account sends writes Tablero documents only. The path
 * allowlist cannot see ids inside a body, and express-pouchdb, running what passed with the
 * store's rights, would otherwise store a design document or a server `_local` document from it;
 * Apache CouchDB refuses those to a database member by itself. The gateway sends nothing else.
 */
export function gatewayMayBulkWrite(body: unknown): boolean {
  const docs = (body as { docs?: unknown } | null)?.docs;
  return (
    Array.isArray(docs) &&
    docs.every((doc) => typeof doc === 'object' && doc !== null && isDocId((doc as { _id?: unknown })._id))
  );
}

/**
 * The embedded store's gateway accounts, as Apache CouchDB knows them: `_users` entries whose one
 * role makes them a member of one workspace (`tablero-gateway:{db}`). A checked password is
 * remembered for a minute, as the account's revision stands.
 */
export class GatewayAccounts {
  private readonly checked = new Map<string, { workspaceDb: string; at: number }>();

  constructor(private readonly adminUrl: string) {}

  /** The workspace database these Basic credentials are the gateway account of; undefined if none. */
  async workspaceOf(authorization: string): Promise<string | undefined> {
    const basic = /^Basic\s+(.+)$/i.exec(authorization)?.[1];
    if (!basic) return undefined;
    const key = createHash('sha256').update(basic).digest('base64url');
    const cached = this.checked.get(key);
    if (cached && Date.now() - cached.at < 60_000) return cached.workspaceDb;
    const credentials = Buffer.from(basic, 'base64').toString();
    const colon = credentials.indexOf(':');
    if (colon < 1) return undefined;
    const account = await this.account(credentials.slice(0, colon));
    const role = Array.isArray(account?.roles) && account.roles.length === 1 ? String(account.roles[0]) : '';
    if (!account || !role.startsWith(ROLE_PREFIX) || !(await passwordMatches(account, credentials.slice(colon + 1))))
      return undefined;
    const workspaceDb = role.slice(ROLE_PREFIX.length);
    if (this.checked.size > 100) this.checked.clear();
    this.checked.set(key, { workspaceDb, at: Date.now() });
    return workspaceDb;
  }

  private async account(name: string): Promise<(StoredHash & { roles?: unknown }) | null> {
    const { name: admin, password } = credentialsOf(this.adminUrl);
    const url = `${withoutCredentials(this.adminUrl)}/_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
    const reply = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${admin}:${password}`).toString('base64')}` },
    });
    return reply.ok ? ((await reply.json()) as StoredHash & { roles?: unknown }) : null;
  }
}
