import { randomBytes } from 'node:crypto';
import { type Organization, ROLES, type Role } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, getOrNull, useDb } from '../couch/client.js';
import { hashPassword } from '../couch/passwords.js';
import { isAccountName } from '../couch/store-ids.js';

export class AdminInputError extends Error {}

export interface NewUser {
  name: string;
  password: string;
  role: Role;
  org?: string;
}

interface UserDoc {
  _id: string;
  _rev?: string;
  name: string;
  type: 'user';
  roles: string[];
  password?: string;
  tablero_disabled?: boolean;
}

const userId = (name: string) => `org.couchdb.user:${name}`;

function checkName(name: string | undefined): string {
  if (!name || !isAccountName(name))
    throw new AdminInputError(`--name: "${name ?? ''}" must be 2-60 lower-case letters, digits, . _ @ -`);
  return name;
}

function checkPassword(password: string | undefined): string {
  if (!password || password.length < 8) throw new AdminInputError('--password: must have at least 8 characters.');
  return password;
}

/**
 * CouchDB roles of a Tablero account: its role, and `org:<id>` for the organisation it writes for.
 * A CSO reporter's `org:` role is all the rules need; the organisation's kind lives in its document.
 */
export async function rolesFor(
  couch: Couch,
  names: DbNames,
  role: string | undefined,
  org: string | undefined,
): Promise<string[]> {
  if (!role || !(ROLES as readonly string[]).includes(role))
    throw new AdminInputError(`--role: "${role ?? ''}" must be one of ${ROLES.join(', ')}.`);
  if (!org) {
    if (role !== 'admin') throw new AdminInputError(`--org: a ${role} writes for an organisation; name it with --org.`);
    return [role];
  }
  const orgId = org.startsWith('org:') ? org : `org:${org}`;
  const found = await getOrNull<Organization>(useDb(couch, names.workspace), orgId);
  if (found?.type !== 'organization')
    throw new AdminInputError(`--org: there is no organisation ${orgId}; add it with "org add" first.`);
  return [role, orgId];
}

export async function addUser(couch: Couch, names: DbNames, user: NewUser, { replace = false } = {}): Promise<void> {
  const name = checkName(user.name);
  const password = checkPassword(user.password);
  const roles = await rolesFor(couch, names, user.role, user.org);
  const users = useDb(couch, '_users');
  const existing = await getOrNull<UserDoc>(users, userId(name));
  if (existing && !replace) throw new AdminInputError(`--name: the user ${name} exists already.`);
  await users.insert({
    _id: userId(name),
    ...(existing ? { _rev: existing._rev } : {}),
    name,
    type: 'user',
    roles,
    ...(await hashPassword(password)),
  });
}

async function getUser(couch: Couch, name: string | undefined): Promise<UserDoc> {
  const user = await getOrNull<UserDoc>(useDb(couch, '_users'), userId(checkName(name)));
  if (!user) throw new AdminInputError(`--name: there is no user ${name}.`);
  return user;
}

export async function setPassword(couch: Couch, name: string | undefined, password: string | undefined): Promise<void> {
  const user = await getUser(couch, name);
  await useDb(couch, '_users').insert({
    ...user,
    ...(await hashPassword(checkPassword(password))),
    tablero_disabled: false,
  });
}

/**
 * Takes every role away (so no database admits the account) and replaces the password with a
 * random one, which also ends the account's open sessions.
 */
export async function disableUser(couch: Couch, name: string | undefined): Promise<void> {
  const user = await getUser(couch, name);
  await useDb(couch, '_users').insert({
    ...user,
    roles: [],
    ...(await hashPassword(randomBytes(24).toString('base64url'))),
    tablero_disabled: true,
  });
}

export async function listUsers(couch: Couch): Promise<{ name: string; roles: string[]; disabled: boolean }[]> {
  const result = await useDb(couch, '_users').list({
    include_docs: true,
    startkey: 'org.couchdb.user:',
    endkey: 'org.couchdb.user:\ufff0',
  });
  return result.rows.flatMap((row) => {
    const doc = row.doc as unknown as UserDoc | undefined;
    return doc ? [{ name: doc.name, roles: doc.roles, disabled: Boolean(doc.tablero_disabled) }] : [];
  });
}
