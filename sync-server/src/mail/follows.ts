import { createHash, randomBytes } from 'node:crypto';
import { type Db, docsWithPrefix, getOrNull, isStatus, viewDocs } from '../couch/client.js';
import type { QueuedMail } from './queue.js';

/** What a person can follow: one commitment, a whole plan, or what one organisation is responsible for. */
export const FOLLOW_KINDS = ['commitment', 'plan', 'organization'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

export interface FollowTarget {
  kind: FollowKind;
  id: string;
}

/**
 * A person's follow, in the personal database only. The address is kept while the follow lasts
 * and deleted with it. Its links' tokens are found by their hashes (followToken documents).
 */
export interface Follow {
  _id: string;
  _rev?: string;
  type: 'follow';
  email: string;
  target: FollowTarget;
  state: 'pending' | 'active';
  digest: 'immediate' | 'daily';
  lang: 'es' | 'en';
  createdAt: number;
  confirmedAt?: number;
  /**
   * The token of its unsubscription link, which every mail of the follow carries; kept as it is
   * (the database is the server admins' alone) so later mails can carry it too.
   */
  unsubscribeToken: string;
}

/** A link's token, by its hash: one purpose each, so a confirmation link never unsubscribes, nor the reverse. */
export interface FollowToken {
  _id: string;
  _rev?: string;
  type: 'followToken';
  purpose: TokenPurpose;
  followId: string;
}

export type TokenPurpose = 'confirm' | 'unsubscribe';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One follow per address and target: following again finds the same document, on every server. */
export const followIdOf = (email: string, target: FollowTarget) =>
  `follow:${sha256(`${email.trim().toLowerCase()}\n${target.kind}\n${target.id}`)}`;

const tokenIdOf = (token: string) => `followToken:${sha256(token)}`;

/** 256 random bits, URL-safe: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const isTokenShaped = (token: string) => TOKEN.test(token);

export interface NewFollow {
  follow: Follow;
  confirmToken: string;
  unsubscribeToken: string;
}

/**
 * Records a pending follow and its two links' tokens; null when this address already follows (or
 * asked to follow) this target, so asking again sends nothing more.
 */
export async function createFollow(
  personal: Db,
  input: { email: string; target: FollowTarget; digest: Follow['digest']; lang: Follow['lang'] },
  now: number,
): Promise<NewFollow | null> {
  const confirmToken = randomBytes(32).toString('base64url');
  const unsubscribeToken = randomBytes(32).toString('base64url');
  const follow: Follow = {
    _id: followIdOf(input.email, input.target),
    type: 'follow',
    email: input.email.trim(),
    target: input.target,
    state: 'pending',
    digest: input.digest,
    lang: input.lang,
    createdAt: now,
    unsubscribeToken,
  };
  try {
    await personal.insert(follow as never);
  } catch (error) {
    if (isStatus(error, 409)) return null;
    throw error;
  }
  const tokens: FollowToken[] = [
    { _id: tokenIdOf(confirmToken), type: 'followToken', purpose: 'confirm', followId: follow._id },
    { _id: tokenIdOf(unsubscribeToken), type: 'followToken', purpose: 'unsubscribe', followId: follow._id },
  ];
  await personal.bulk({ docs: tokens as never[] });
  return { follow, confirmToken, unsubscribeToken };
}

/** The follow a link's token is for, when the token is one of that purpose and still valid. */
export async function followOfToken(
  personal: Db,
  token: string,
  purpose: TokenPurpose,
): Promise<{ follow: Follow & { _rev: string }; token: FollowToken & { _rev: string } } | null> {
  if (!isTokenShaped(token)) return null;
  const stored = await getOrNull<FollowToken>(personal, tokenIdOf(token));
  if (stored?.type !== 'followToken' || stored.purpose !== purpose) return null;
  const follow = await getOrNull<Follow>(personal, stored.followId);
  return follow ? { follow, token: stored } : null;
}

/** Confirms a pending follow; its confirmation link then stops working (it was for one use). */
export async function confirmFollow(personal: Db, token: string, now: number): Promise<Follow | null> {
  const found = await followOfToken(personal, token, 'confirm');
  if (!found) return null;
  const confirmed: Follow = { ...found.follow, state: 'active', confirmedAt: now };
  try {
    await personal.insert(confirmed as never);
  } catch (error) {
    // Confirmed twice at once (two clicks, two servers): the other write did it.
    if (!isStatus(error, 409)) throw error;
  }
  await personal.destroy(found.token._id, found.token._rev).catch(() => undefined);
  return confirmed;
}

/**
 * Ends a follow at once: the follow and its address, its links' tokens, its digest not yet sent,
 * and every mail of it still queued (those become `cancelled`, without the address).
 */
export async function deleteFollow(personal: Db, followId: string): Promise<boolean> {
  const follow = await getOrNull<Follow>(personal, followId);
  if (!follow) return false;
  const tokens = await docsWithPrefix<FollowToken>(personal, 'followToken:');
  const queued = await viewDocs<QueuedMail>(personal, 'mail', 'by_owner', { key: followId });
  const digest = await getOrNull(personal, digestIdOf(followId));
  const docs: object[] = [
    { _id: follow._id, _rev: follow._rev, _deleted: true },
    ...tokens.filter((token) => token.followId === followId).map(deleted),
    ...(digest ? [deleted(digest)] : []),
    ...queued.flatMap(({ doc }) => (doc ? [cancelled(doc)] : [])),
  ];
  await personal.bulk({ docs: docs as never[] });
  return true;
}

const deleted = (doc: { _id: string; _rev: string }) => ({ _id: doc._id, _rev: doc._rev, _deleted: true });

/** A queued mail that will not be sent: only that it was, and when, is kept. */
function cancelled(mail: QueuedMail & { _rev: string }): QueuedMail {
  const { _id, _rev, createdAt, messageId, attempts } = mail;
  return { _id, _rev, type: 'mail', state: 'cancelled', dueAt: createdAt, createdAt, messageId, attempts };
}

/** The daily digest a follow is gathering. */
export const digestIdOf = (followId: string) => `followDigest:${followId.slice('follow:'.length)}`;

/** Active follows of any of these targets. */
export async function followsOf(personal: Db, targets: readonly FollowTarget[]): Promise<Follow[]> {
  if (!targets.length) return [];
  const rows = await viewDocs<Follow>(personal, 'mail', 'follows_by_target', {
    keys: targets.map((t) => [t.kind, t.id]),
  });
  const unique = new Map<string, Follow>();
  for (const row of rows) if (row.doc) unique.set(row.id, row.doc);
  return [...unique.values()];
}

/** Every follow with its address, for the admin CLI's export. */
export async function allFollows(personal: Db): Promise<Follow[]> {
  return docsWithPrefix<Follow>(personal, 'follow:');
}
