import { createHash } from 'node:crypto';
import validator from 'validator';
import { type Db, getOrNull, isStatus } from '../couch/client.js';

/** A mail to send, as a caller hands it to the queue. */
export interface MailToSend {
  /**
   * One mail per recipient and event: `question-answered:<questionId>`, `follow:<followId>:<eventId>`.
   * The queued document's id is derived from it, so enqueuing the same key again is a no-op.
   */
  key: string;
  /** One address. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) for a follow's mails. */
  headers?: Record<string, string>;
  /** The language the mail is written in (Content-Language). */
  lang: 'es' | 'en';
  /**
   * The id of a record in the personal database (a follow) the mail is on behalf of: deleting that
   * record (an unsubscription) cancels the mail if it is still queued.
   */
  owner?: string;
}

export type MailState =
  /** Waiting to be sent at `dueAt`. */
  | 'queued'
  /** A server holds it until `dueAt` (its lease) while it sends; after that another may take it. */
  | 'sending'
  /** Sent: only the outcome is kept, not the address or the text. */
  | 'sent'
  /** The mail server refused it for good (5xx); the address is paused. */
  | 'refused'
  /** Not sent: its address was paused by an earlier refusal. */
  | 'paused'
  /** Not sent: what it was on behalf of (a follow) was deleted first. */
  | 'cancelled';

export interface QueuedMail extends Partial<MailToSend> {
  _id: string;
  _rev?: string;
  type: 'mail';
  state: MailState;
  /** Milliseconds since the epoch: when it may be sent (queued) or when its sender's lease ends (sending). */
  dueAt: number;
  attempts: number;
  createdAt: number;
  /** Stable across retries and servers, so a receiver can tell a mail sent twice after a crash. */
  messageId: string;
  holder?: string;
  lastError?: string;
  sentAt?: number;
  /**
   * Written when a server first takes the mail, and kept once it is sent: the secret half of the
   * token in its envelope sender (mail/bounces.ts), so only a bounce of this mail can name it.
   */
  bounceKey?: string;
  /** The id of its address's pause (a hash of the address, not the address): what a bounce pauses. */
  pauseId?: string;
}

/**
 * An address the mail server refused for good, at send time or later by a bounce (a DSN): nothing
 * more is sent to it until an administrator resumes it.
 */
export interface PausedAddress {
  _id: string;
  _rev?: string;
  type: 'pausedAddress';
  address: string;
  pausedAt: number;
  reason: string;
}

export class MailInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The queue document of a key: the same key always gives the same document, on every server. */
export const mailIdOf = (key: string) => `mail:${hash(key)}`;

export const pausedAddressIdOf = (address: string) => `pausedAddress:${hash(address.trim().toLowerCase())}`;

/** Pauses an address; pausing one already paused keeps the first pause and its reason. */
export async function pauseAddress(personal: Db, address: string, reason: string, now: number): Promise<void> {
  const doc: PausedAddress = { _id: pausedAddressIdOf(address), type: 'pausedAddress', address, pausedAt: now, reason };
  await personal.insert(doc as never).catch((error: unknown) => {
    if (!isStatus(error, 409)) throw error;
  });
}

/** One plain address (no display name), as the public types it. */
export function isMailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && validator.isEmail(value);
}

/** A header name or value that cannot end the header block or smuggle another header in. */
const SAFE_HEADER_NAME = /^[A-Za-z0-9-]{1,76}$/;
const SAFE_HEADER_VALUE = /^[^\r\n]{0,998}$/;

function checked(mail: MailToSend): MailToSend {
  if (typeof mail.key !== 'string' || !mail.key || mail.key.length > 500)
    throw new MailInputError('key', 'key: a non-empty idempotency key of at most 500 characters.');
  if (!isMailAddress(mail.to)) throw new MailInputError('to', `to: "${String(mail.to)}" is not one e-mail address.`);
  if (typeof mail.subject !== 'string' || !mail.subject || !SAFE_HEADER_VALUE.test(mail.subject))
    throw new MailInputError('subject', 'subject: one line of text.');
  if (typeof mail.text !== 'string' || !mail.text) throw new MailInputError('text', 'text: the plain-text body.');
  if (mail.lang !== 'es' && mail.lang !== 'en') throw new MailInputError('lang', 'lang: "es" or "en".');
  if (mail.owner !== undefined && (typeof mail.owner !== 'string' || !/^[a-zA-Z]+:[A-Za-z0-9_-]+$/.test(mail.owner)))
    throw new MailInputError('owner', 'owner: the id of a record in the personal database.');
  for (const [name, value] of Object.entries(mail.headers ?? {}))
    if (!SAFE_HEADER_NAME.test(name) || !SAFE_HEADER_VALUE.test(value))
      throw new MailInputError('headers', `headers: "${name}" is not a single-line header.`);
  return mail;
}

/**
 * Puts one mail in the queue, which lives in the server-only personal database
 * (`useDb(couch, names.personal)`): it survives a restart or a crash, and whichever Tablero server
 * holds it next sends it (mail/deliverer.ts), with retries while the SMTP server is away.
 *
 * Idempotent per `key`: enqueuing a key already queued or sent changes nothing and returns
 * `{ queued: false }`, so a caller may enqueue again after a crash or from several servers and the
 * recipient still gets one mail. Once sent, the queue keeps only the outcome (no address, no text).
 *
 * Throws `MailInputError` (with the field) for a bad address, an empty subject or body, or a header
 * that is not one line.
 */
export async function enqueueMail(
  personal: Db,
  mail: MailToSend,
  now: number = Date.now(),
): Promise<{ id: string; queued: boolean }> {
  const { key, to, subject, text, html, headers, lang, owner } = checked(mail);
  const id = mailIdOf(key);
  const doc: QueuedMail = {
    _id: id,
    type: 'mail',
    state: 'queued',
    dueAt: now,
    attempts: 0,
    createdAt: now,
    messageId: `<${id.slice('mail:'.length, 'mail:'.length + 32)}@tablero.mail>`,
    key,
    to,
    subject,
    text,
    ...(html ? { html } : {}),
    ...(headers ? { headers } : {}),
    lang,
    ...(owner ? { owner } : {}),
  };
  try {
    await personal.insert(doc as never);
    return { id, queued: true };
  } catch (error) {
    if (isStatus(error, 409)) return { id, queued: false };
    throw error;
  }
}

/** The queue's record of a key (its state, when it was sent), or null when it was never enqueued. */
export function mailOf(personal: Db, key: string): Promise<QueuedMail | null> {
  return getOrNull<QueuedMail>(personal, mailIdOf(key));
}
