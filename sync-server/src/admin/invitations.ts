import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, getOrNull, isStatus, listDocs, useDb } from '../couch/client.js';
import { isAccountName } from '../couch/store-ids.js';
import { setPersonEmail } from '../mail/people.js';
import { isMailAddress } from '../mail/queue.js';
import { AdminInputError, addUser, rolesFor } from './users.js';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

export interface InvitationInput {
  email: string;
  /** The account's name, which the person signs in with. */
  name: string;
  role: Role;
  org?: string;
}

/** An invitation as stored: the token itself never is, only its hash. */
interface InvitationDoc {
  _id: string;
  _rev?: string;
  type: 'invitation';
  email: string;
  name: string;
  roles: string[];
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  usedAt?: string;
}

export interface PendingInvitation {
  email: string;
  name: string;
  roles: string[];
  expiresAt: string;
}

const idOf = (token: string) => `invitation:${createHash('sha256').update(token).digest('hex')}`;

/**
 * Makes a one-time invitation to an account of this role and organisation, and gives its token,
 * which goes in the link the person opens to choose their password. Only its hash is kept, so the
 * server database does not hold a usable link.
 */
export async function createInvitation(
  couch: Couch,
  names: DbNames,
  input: InvitationInput,
  createdBy: string,
): Promise<{ token: string; expiresAt: string; id: string }> {
  if (!isMailAddress(input.email))
    throw new AdminInputError(`"${input.email ?? ''}" is not an e-mail address`, 'email');
  if (!isAccountName(input.name ?? ''))
    throw new AdminInputError(`"${input.name ?? ''}" must be 2-60 lower-case letters, digits, . _ @ -`, 'name');
  if (await getOrNull(useDb(couch, '_users'), `org.couchdb.user:${input.name}`))
    throw new AdminInputError(`the user ${input.name} exists already`, 'name');
  const roles = await rolesFor(couch, names, input.role, input.org);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString();
  const doc: InvitationDoc = {
    _id: idOf(token),
    type: 'invitation',
    email: input.email,
    name: input.name,
    roles,
    createdAt: new Date().toISOString(),
    createdBy,
    expiresAt,
  };
  await useDb(couch, names.server).insert(doc as never);
  return { token, expiresAt, id: doc._id };
}

/** Why a link does not work, for the page the person opened. */
export class InvitationRefused extends Error {
  constructor(readonly why: 'unknown' | 'used' | 'expired') {
    super(
      why === 'used'
        ? 'This invitation was used already; sign in, or ask for a new one.'
        : why === 'expired'
          ? 'This invitation has expired; ask for a new one.'
          : 'This invitation link is not valid.',
    );
  }
}

async function usable(couch: Couch, names: DbNames, token: string): Promise<InvitationDoc & { _rev: string }> {
  const found = /^[A-Za-z0-9_-]{20,64}$/.test(token)
    ? await getOrNull<InvitationDoc>(useDb(couch, names.server), idOf(token))
    : null;
  if (found?.type !== 'invitation') throw new InvitationRefused('unknown');
  if (found.usedAt) throw new InvitationRefused('used');
  if (found.expiresAt < new Date().toISOString()) throw new InvitationRefused('expired');
  return found;
}

/** Who an unused invitation is for, shown on the page where they choose their password. */
export async function invitationFor(couch: Couch, names: DbNames, token: string): Promise<PendingInvitation> {
  const { email, name, roles, expiresAt } = await usable(couch, names, token);
  return { email, name, roles, expiresAt };
}

/**
 * Opens the account the invitation is for with the password the person chose, its e-mail address
 * kept where the account's mail settings are. The invitation is
 * marked used first, by revision, so two uses of one link cannot both open it; when the account
 * cannot be made the mark is taken back.
 */
export async function acceptInvitation(couch: Couch, names: DbNames, token: string, password: string): Promise<string> {
  const invitation = await usable(couch, names, token);
  if (typeof password !== 'string' || password.length < 8)
    throw new AdminInputError('must have at least 8 characters', 'password');
  const db = useDb(couch, names.server);
  let rev: string;
  // Once used, the invitation keeps no address: the person's own record holds it from then on.
  const { email, ...used } = invitation;
  try {
    rev = (await db.insert({ ...used, email: '', usedAt: new Date().toISOString() } as never)).rev;
  } catch (error) {
    if (isStatus(error, 409)) throw new InvitationRefused('used');
    throw error;
  }
  const [role, org] = invitation.roles;
  try {
    await addUser(couch, names, { name: invitation.name, password, role: role as Role, ...(org ? { org } : {}) });
  } catch (error) {
    await db.insert({ ...invitation, _rev: rev } as never).catch(() => undefined);
    throw error;
  }
  // Where reminders and other mail for the account go (mail/people.ts, in the personal database).
  await setPersonEmail(useDb(couch, names.personal), invitation.name, email);
  return invitation.name;
}

/** Invitations not used yet and not expired, for the People list. */
export async function pendingInvitations(couch: Couch, names: DbNames): Promise<PendingInvitation[]> {
  const now = new Date().toISOString();
  const rows = await listDocs<InvitationDoc>(useDb(couch, names.server), {
    startkey: 'invitation:',
    endkey: 'invitation:\ufff0',
  });
  return rows.flatMap(({ doc }) => {
    return doc && !doc.usedAt && doc.expiresAt > now
      ? [{ email: doc.email, name: doc.name, roles: doc.roles, expiresAt: doc.expiresAt }]
      : [];
  });
}
