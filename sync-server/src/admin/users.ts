import { randomBytes } from 'node:crypto';
import { type Organization, ROLES, type Role } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, getOrNull, listDocs, useDb } from '../couch/client.js';
import { hashPassword } from '../couch/passwords.js';
import { isAccountName } from '../couch/store-ids.js';

export class AdminInputError extends Error {
  /** The field (or option) the refusal is about, for a form to point at; the message says it too. */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

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
  return [role, await findOrganisation(couch, names, org)];
}

/** Lower case, no accents, spaces for punctuation: "MINTEL" and "Mintel" name the same body. */
const comparable = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The organisation `--org` names: its id (`sfp` or `org:sfp`), or its name or acronym when only
 * one organisation has it. An officer knows the ministry's name, not the id the import made.
 */
export async function findOrganisation(couch: Couch, names: DbNames, org: string): Promise<string> {
  const workspace = useDb(couch, names.workspace);
  const orgId = org.startsWith('org:') ? org : `org:${org}`;
  if (/^org:[a-z0-9][a-z0-9._-]{0,79}$/.test(orgId)) {
    const found = await getOrNull<Organization>(workspace, orgId);
    if (found?.type === 'organization') return orgId;
  }
  const wanted = comparable(org);
  const matches = (await docsWithPrefix<Organization>(workspace, 'org:')).filter(
    (o) => comparable(o.name) === wanted || (o.acronym && comparable(o.acronym) === wanted),
  );
  if (matches.length === 1 && matches[0]) return matches[0]._id;
  if (matches.length > 1)
    throw new AdminInputError(
      `--org: "${org}" names ${matches.length} organisations (${matches.map((o) => `${o._id} ${o.name}`).join('; ')}); give the id.`,
    );
  throw new AdminInputError(
    `--org: no organisation has the id, name or acronym "${org}"; "org list" shows them, "org add" adds one.`,
  );
}

/** Adds an account; says the organisation it writes for, as found from `--org`. */
export async function addUser(
  couch: Couch,
  names: DbNames,
  user: NewUser,
  { replace = false } = {},
): Promise<string | undefined> {
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
  return roles.find((r) => r.startsWith('org:'));
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

/** Gives an account other roles (its role and organisation), as `rolesFor` makes them. */
export async function setRoles(couch: Couch, name: string, roles: string[]): Promise<void> {
  const user = await getUser(couch, name);
  await useDb(couch, '_users').insert({ ...user, roles });
}

export async function listUsers(couch: Couch): Promise<{ name: string; roles: string[]; disabled: boolean }[]> {
  const rows = await listDocs<UserDoc>(useDb(couch, '_users'), {
    startkey: 'org.couchdb.user:',
    endkey: 'org.couchdb.user:\ufff0',
  });
  return rows.flatMap(({ doc }) =>
    doc ? [{ name: doc.name, roles: doc.roles, disabled: Boolean(doc.tablero_disabled) }] : [],
  );
}
