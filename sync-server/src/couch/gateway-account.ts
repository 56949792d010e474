import { randomBytes } from 'node:crypto';
import type { DbNames } from '../config.js';
import { type AdminCredentials, type Couch, getOrNull, isStatus, useDb } from './client.js';
import { hashPassword, passwordMatches, type StoredHash } from './passwords.js';

/** The role that makes an account a member of one workspace database, and of nothing else. */
export const gatewayRole = (workspaceDb: string) => `tablero-gateway:${workspaceDb}`;
/** The gateway's account of one workspace database, in `_users`. */
export const gatewayAccountName = (workspaceDb: string) => `tablero-gateway.${workspaceDb}`;

const ACCOUNT_DOC = 'gateway-account';
/** A 24-byte random password needs no work factor against guessing; the store checks it on every request. */
const ITERATIONS = 10;

interface GatewayAccountDoc {
  _id: string;
  _rev: string;
  name: string;
  password: string;
}

/**
 * The account the gateway reaches the store with: a member of the workspace database only, so even
 * a path that escaped could not read `_users`, the server's secrets or another database, nor call
 * a server route. Its password is kept in the server database (server admins only), so every
 * Tablero server on one store uses the same account; the `_users` entry is made or mended to match.
 */
export async function ensureGatewayAccount(admin: Couch, names: DbNames): Promise<AdminCredentials> {
  const secrets = useDb(admin, names.server);
  let stored = await getOrNull<GatewayAccountDoc>(secrets, ACCOUNT_DOC);
  if (!stored) {
    const fresh = {
      _id: ACCOUNT_DOC,
      name: gatewayAccountName(names.workspace),
      password: randomBytes(24).toString('base64url'),
    };
    await secrets.insert(fresh).catch((error) => {
      // Another server on the same store made it first.
      if (!isStatus(error, 409)) throw error;
    });
    stored = await getOrNull<GatewayAccountDoc>(secrets, ACCOUNT_DOC);
  }
  if (!stored) throw new Error(`${names.server}/${ACCOUNT_DOC}: the gateway account could not be stored.`);
  await ensureUser(admin, stored, gatewayRole(names.workspace));
  return { name: stored.name, password: stored.password };
}

async function ensureUser(admin: Couch, account: GatewayAccountDoc, role: string): Promise<void> {
  const users = useDb(admin, '_users');
  const id = `org.couchdb.user:${account.name}`;
  for (let attempt = 1; ; attempt++) {
    const existing = await getOrNull<StoredHash & { roles?: unknown }>(users, id);
    const roles = existing?.roles;
    if (
      existing &&
      Array.isArray(roles) &&
      roles.length === 1 &&
      roles[0] === role &&
      (await passwordMatches(existing, account.password))
    )
      return;
    try {
      await users.insert({
        _id: id,
        ...(existing ? { _rev: existing._rev } : {}),
        type: 'user',
        name: account.name,
        roles: [role],
        ...(await hashPassword(account.password, ITERATIONS)),
      });
      return;
    } catch (error) {
      if (!isStatus(error, 409) || attempt === 5) throw error;
    }
  }
}
