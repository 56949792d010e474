import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { type Db, isStatus, listDocs } from '../couch/client.js';
import { sameSecret } from '../couch/constant-time.js';
import { pauseAddress, pausedAddressIdOf, type QueuedMail } from './queue.js';

/*
 * Bounces that come back by mail, after the SMTP server took the mail: delivery status
 * notifications (DSN, RFC 3464). Each mail leaves with a token in its envelope sender
 * (`bounces+<token>@domain`, VERP), so the DSN, which goes to the envelope sender, names the mail
 * it is about. The token is the mail's Message-ID (which the queue knows it by) and a random key
 * written on the mail when it was first taken: the Message-ID alone can be worked out from public
 * ids, the key cannot, so nobody but a receiver of the mail can pause its address.
 */

const MESSAGE_ID = /^<([0-9a-f]{32})@tablero\.mail>$/;
const KEY = /^[0-9a-f]{16}$/;
/** The token in an address: after a "+", before the "@". */
const TOKEN_IN_ADDRESS = /\+([0-9a-f]{32})([0-9a-f]{16})@/i;

/** The envelope sender of a mail: the bounce address with the mail's token, or as it is for a mail with none. */
export function envelopeSenderOf(mail: QueuedMail, bounceAddress: string): string {
  const id = MESSAGE_ID.exec(mail.messageId)?.[1];
  if (!id || !mail.bounceKey || !KEY.test(mail.bounceKey)) return bounceAddress;
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${id}${mail.bounceKey}${bounceAddress.slice(at)}`;
}

/** One recipient's block of a delivery-status report. */
export interface DsnRecipient {
  finalRecipient?: string;
  originalRecipient?: string;
  action: string;
  status: string;
  diagnostic?: string;
}

/** The fields of a message/delivery-status body: one block per message, then one per recipient. */
export function deliveryStatusFields(body: string): Record<string, string>[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields: Record<string, string> = {};
      // A line that starts with white space continues the field above it.
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      return fields;
    })
    .filter((fields) => Object.keys(fields).length > 0);
}

/** "rfc822; Ana@Example.org" → "Ana@Example.org". */
const addressOfField = (value: string | undefined) => value?.replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, '');

export interface Dsn {
  /** The token of the address the report was sent to, when it is one of Tablero's. */
  token?: { messageId: string; key: string };
  recipients: DsnRecipient[];
}

/** The headers a report's own address is found in: To, and those the receiving MTA adds. */
const ADDRESSED_TO = ['to', 'delivered-to', 'x-original-to', 'envelope-to', 'cc'];

/** Reads a mail as a DSN; null when it is not one (an auto-reply, a person's answer, spam). */
export async function parseDsn(raw: Buffer | string): Promise<Dsn | null> {
  const parsed = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextLinks: true });
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value !== 'multipart/report' || type.params?.['report-type']?.toLowerCase() !== 'delivery-status')
    return null;
  const report = parsed.attachments.find((part) =>
    ['message/delivery-status', 'message/global-delivery-status'].includes(part.contentType),
  );
  if (!report) return null;
  const [, ...blocks] = deliveryStatusFields(report.content.toString('utf8'));
  const recipients = blocks
    .filter((fields) => fields.action && fields.status)
    .map((fields) => ({
      finalRecipient: addressOfField(fields['final-recipient']),
      originalRecipient: addressOfField(fields['original-recipient']),
      action: (fields.action ?? '').toLowerCase(),
      status: (fields.status ?? '').split(/\s/)[0] ?? '',
      diagnostic: fields['diagnostic-code'],
    }));
  const addressed = parsed.headerLines
    .filter((line) => ADDRESSED_TO.includes(line.key))
    .map((line) => line.line)
    .join('\n');
  const match = TOKEN_IN_ADDRESS.exec(addressed);
  const token = match?.[1] && match[2] ? { messageId: match[1].toLowerCase(), key: match[2].toLowerCase() } : undefined;
  return { ...(token ? { token } : {}), recipients };
}

/** A bounce recorded in the personal database, once per mail and kind of failure. */
export interface BounceRecord {
  _id: string;
  type: 'bounce';
  mailId: string;
  action: 'failed' | 'delayed';
  status: string;
  diagnostic?: string;
  receivedAt: number;
}

export type BounceOutcome =
  | { kind: 'paused'; address: string; status: string }
  | { kind: 'delayed'; status: string }
  | { kind: 'duplicate'; status: string }
  /** Not a DSN, or one that names no mail of Tablero's, or not that mail's recipient: nothing changed. */
  | { kind: 'ignored'; reason: string };

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The mail a token names, when its key is the one written on it. */
async function mailOfToken(personal: Db, token: { messageId: string; key: string }): Promise<QueuedMail | null> {
  // A mail's id starts with the hash its Message-ID was made of (mail/queue.ts).
  const start = `mail:${token.messageId}`;
  const rows = await listDocs<QueuedMail>(personal, { startkey: start, endkey: `${start}\ufff0`, limit: 2 });
  const mail = rows.length === 1 ? rows[0]?.doc : undefined;
  return mail?.bounceKey && sameSecret(mail.bounceKey, token.key) ? mail : null;
}

/**
 * Reads one DSN and acts on it: a permanent failure (Action: failed, Status 5.x.x) of a Tablero
 * mail pauses its address exactly as a refusal at send time does; a delay (Action: delayed, or a
 * 4.x.x status) is recorded and pauses nothing, since the receiving server is still trying.
 * Idempotent: the same report again records nothing more.
 */
export async function readBounce(personal: Db, raw: Buffer | string, now: number = Date.now()): Promise<BounceOutcome> {
  const dsn = await parseDsn(raw);
  if (!dsn) return { kind: 'ignored', reason: 'not a delivery status notification' };
  if (!dsn.token) return { kind: 'ignored', reason: 'not addressed to a Tablero bounce address' };
  const mail = await mailOfToken(personal, dsn.token);
  if (!mail?.pauseId) return { kind: 'ignored', reason: 'names no mail Tablero sent' };
  // Only the recipient the mail went to: the token says which mail, the address must be its own.
  const mine = (address: string | undefined) => address !== undefined && pausedAddressIdOf(address) === mail.pauseId;
  const recipient = dsn.recipients.find((r) => mine(r.originalRecipient) || mine(r.finalRecipient));
  if (!recipient) return { kind: 'ignored', reason: 'names another recipient than the mail had' };
  const permanent = recipient.action === 'failed' && recipient.status.startsWith('5');
  const delayed = recipient.action === 'delayed' || recipient.status.startsWith('4');
  if (!permanent && !delayed) return { kind: 'ignored', reason: `reports "${recipient.action}", not a failure` };
  const action = permanent ? 'failed' : 'delayed';
  const address = (mine(recipient.originalRecipient) ? recipient.originalRecipient : recipient.finalRecipient) ?? '';
  const reason = `bounced ${recipient.status}${recipient.diagnostic ? `: ${recipient.diagnostic}` : ''}`.slice(0, 500);
  // The pause first: a crash between the two leaves the report to be read again, not a pause lost.
  if (permanent) await pauseAddress(personal, address, reason, now);
  const record: BounceRecord = {
    _id: `bounce:${hash(`${mail._id}|${action}|${recipient.status}`)}`,
    type: 'bounce',
    mailId: mail._id,
    action,
    status: recipient.status,
    ...(recipient.diagnostic ? { diagnostic: recipient.diagnostic.slice(0, 500) } : {}),
    receivedAt: now,
  };
  try {
    await personal.insert(record as never);
  } catch (error) {
    if (isStatus(error, 409)) return { kind: 'duplicate', status: recipient.status };
    throw error;
  }
  return permanent
    ? { kind: 'paused', address, status: recipient.status }
    : { kind: 'delayed', status: recipient.status };
}
