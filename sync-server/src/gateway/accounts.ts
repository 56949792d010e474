import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { ROLES, type UserCtx } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, getOrNull, isStatus, useDb } from '../couch/client.js';
import { sameSecret } from '../couch/constant-time.js';
import { hashPassword, needsRehash, passwordMatches } from '../couch/passwords.js';
import { isAccountName } from '../couch/store-ids.js';
import { SignInThrottle } from './throttle.js';

/** A signed-in person as the gateway knows them: always a name and at least one Tablero role. */
export type Person = UserCtx & { name: string };

/** An account document in `_users`, as CouchDB (or the embedded server) stores it. */
export interface AccountDoc {
  _id: string;
  _rev: string;
  name: string;
  roles: string[];
  password_scheme?: string;
  pbkdf2_prf?: string;
  iterations?: number;
  derived_key?: string;
  salt?: string;
  tablero_disabled?: boolean;
}

export const SESSION_COOKIE = 'TableroSession';
/** The session signing key, in the server database (server admins only). */
const SECRET_ID = 'session-key';
/** Where earlier versions kept it: inside the workspace, which the gateway's own account reaches. */
const OLD_SECRET_ID = '_local/tablero-session-secret';

export interface AccountsOptions {
  /** How long a sign-in lasts on a device; revocation (`user disable`, a new password) ends it at once. */
  sessionSeconds: number;
}

const encode = (text: string) => Buffer.from(text).toString('base64url');
const decode = (text: string) => Buffer.from(text, 'base64url').toString();

/** Ties a session to the password it was opened with: a new password changes the salt and ends it. */
const passwordTag = (account: AccountDoc) =>
  createHash('sha256')
    .update(`${account.salt ?? ''}:${account.derived_key ?? ''}`)
    .digest('base64url')
    .slice(0, 16);

/** The account's roles when it may use Tablero: not disabled and with a Tablero role. */
function activeRoles(account: AccountDoc | null): string[] | null {
  if (!account || account.tablero_disabled || !Array.isArray(account.roles)) return null;
  return account.roles.some((role) => (ROLES as readonly string[]).includes(role)) ? account.roles : null;
}

/**
 * Sign-in and sessions, owned by Tablero rather than CouchDB: the password is checked against the
 * account's PBKDF2 hash in `_users` (the format Apache CouchDB and the embedded server write), and a
 * session is a signed token in an HttpOnly cookie. The signing key lives in the store, so sessions
 * survive restarts and are shared by every Tablero server on the same store. Every request reads
 * the account again, so disabling it or changing its password ends its sessions at once.
 */
export class Accounts {
  private readonly basicCache = new Map<string, { tag: string; at: number }>();
  private readonly throttle = new SignInThrottle();

  private constructor(
    private readonly couch: Couch,
    private readonly secret: string,
    readonly options: AccountsOptions,
  ) {}

  /**
   * Opens with the server database's key, made on first start. A key found where earlier versions
   * kept it is removed, never moved: it may have been read through the workspace, so sessions
   * signed with it end (people sign in once more; what their devices hold stays).
   */
  static async open(
    couch: Couch,
    names: Pick<DbNames, 'workspace' | 'server'>,
    options: AccountsOptions,
  ): Promise<Accounts> {
    const db = useDb(couch, names.server);
    let stored = await getOrNull<{ key: string }>(db, SECRET_ID);
    if (!stored) {
      try {
        await db.insert({ _id: SECRET_ID, key: randomBytes(32).toString('base64') });
      } catch (error) {
        // Another server on the same store made it first.
        if (!isStatus(error, 409)) throw error;
      }
      stored = await getOrNull<{ key: string }>(db, SECRET_ID);
    }
    if (!stored) throw new Error(`${names.server}/${SECRET_ID}: the session key could not be stored.`);
    await removeOldKey(couch, names.workspace);
    return new Accounts(couch, stored.key, options);
  }

  /**
   * The account as stored now: read for every request, so a disabled account or a changed
   * password ends its sessions at once. Requests arriving together (a thousand long-polls woken
   * by one change) share one read.
   */
  private account(name: string): Promise<AccountDoc | null> {
    if (!isAccountName(name)) return Promise.resolve(null);
    let read = this.accountReads.get(name);
    if (!read) {
      read = getOrNull<AccountDoc>(useDb(this.couch, '_users'), `org.couchdb.user:${name}`).finally(() =>
        this.accountReads.delete(name),
      );
      this.accountReads.set(name, read);
    }
    return read;
  }
  private readonly accountReads = new Map<string, Promise<AccountDoc | null>>();

  /**
   * The person when the password is right and the account active; `wait` (seconds) while failed
   * attempts on this account or from this address are throttled; null otherwise.
   */
  async signIn(
    name: string,
    password: string,
    address: string,
  ): Promise<{ person: Person; token: string } | { wait: number } | null> {
    const keys = throttleKeys(name, address);
    const wait = this.throttle.wait(keys);
    if (wait > 0) return { wait };
    const account = name && password && name.length <= 200 && password.length <= 1024 ? await this.account(name) : null;
    const roles = activeRoles(account);
    if (!account || !roles || !(await passwordMatches(account, password))) {
      this.throttle.failed(keys);
      return null;
    }
    this.throttle.succeeded(keys[0] as string);
    const current = needsRehash(account) ? await this.rehash(account, password) : account;
    return { person: { name, roles }, token: this.token(current) };
  }

  /** Stores the password again with today's work factor; the old hash stays if another write wins. */
  private async rehash(account: AccountDoc, password: string): Promise<AccountDoc> {
    const { password: _plain, ...rest } = account as AccountDoc & { password?: string };
    const upgraded = { ...rest, ...(await hashPassword(password)) };
    try {
      const saved = await useDb(this.couch, '_users').insert(upgraded);
      return { ...upgraded, _rev: saved.rev };
    } catch {
      return account;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  private token(account: AccountDoc): string {
    const expires = Math.floor(Date.now() / 1000) + this.options.sessionSeconds;
    const payload = `${encode(account.name)}.${expires}.${passwordTag(account)}`;
    return `${payload}.${this.sign(payload)}`;
  }

  /** Who makes this request: the session cookie, or HTTP basic auth; null when nobody valid is signed in. */
  async personOf(req: Request): Promise<Person | null> {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) return this.basic(decode(basic), req.ip ?? '');
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    return token ? this.session(token) : null;
  }

  private async session(token: string): Promise<Person | null> {
    const [name64 = '', expires = '', tag = '', signature = ''] = token.split('.');
    if (!signature || !sameSecret(signature, this.sign(`${name64}.${expires}.${tag}`))) return null;
    if (!(Number(expires) * 1000 > Date.now())) return null;
    const name = decode(name64);
    const account = await this.account(name);
    const roles = activeRoles(account);
    if (!account || !roles || passwordTag(account) !== tag) return null;
    return { name, roles };
  }

  /** Basic auth checks the hash once a minute per password, not on every request of a sync. */
  private async basic(credentials: string, address: string): Promise<Person | null> {
    const colon = credentials.indexOf(':');
    if (colon < 1) return null;
    const name = credentials.slice(0, colon);
    const keys = throttleKeys(name, address);
    const account = await this.account(name);
    const roles = activeRoles(account);
    if (!account || !roles) return null;
    const key = createHash('sha256').update(credentials).digest('base64url');
    const cached = this.basicCache.get(key);
    const tag = passwordTag(account);
    if (!(cached && cached.tag === tag && Date.now() - cached.at < 60_000)) {
      if (this.throttle.wait(keys) > 0) return null;
      if (!(await passwordMatches(account, credentials.slice(colon + 1)))) {
        this.throttle.failed(keys);
        return null;
      }
      this.throttle.succeeded(keys[0] as string);
      if (this.basicCache.size > 10_000) this.basicCache.clear();
      this.basicCache.set(key, { tag, at: Date.now() });
    }
    return { name, roles };
  }

  /** The Set-Cookie value of a session: HttpOnly, SameSite=Lax, Secure when the site is served over TLS. */
  cookie(token: string, req: Request): string {
    const secure = req.secure ? '; Secure' : '';
    return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${this.options.sessionSeconds}${secure}`;
  }

  clearCookie(req: Request): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${req.secure ? '; Secure' : ''}`;
  }
}

async function removeOldKey(couch: Couch, workspaceDb: string): Promise<void> {
  const workspace = useDb(couch, workspaceDb);
  const old = await getOrNull(workspace, OLD_SECRET_ID);
  if (old) await workspace.destroy(OLD_SECRET_ID, old._rev).catch(() => undefined);
}

/** Failed sign-ins count against the account and the address they come from. */
const throttleKeys = (name: string, address: string) => [`account ${name}`, `address ${address}`];

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
