import { type DigestTime, isTimeZone } from './digest-hour.js';

/** How Tablero sends mail, read from the environment by config.ts. */
export interface MailConfig {
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465; undefined: .eml files in the outbox. */
  smtpUrl: string | undefined;
  /** The From: of every mail. */
  from: string;
  /**
   * The envelope sender (Return-Path) bounces go to, as `local@domain`; each mail is sent from
   * `local+<token>@domain` (VERP), the token naming the mail (mail/bounces.ts reads them back).
   */
  bounceAddress: string;
  /** The first wait before a mail the SMTP server did not take is tried again; it doubles up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  /** How long a server may take to send one mail before another server may take it over. */
  leaseMs: number;
  /** Days before a key action's end date on which its reporters are reminded. */
  reminderDays: number;
  /** Follow requests a client address may make in an hour. */
  followsPerHour: number;
  /** When the followers' daily digests go (mail/digest-hour.ts). */
  digest: DigestTime;
}

/** The address a mail-server host name is checked against: loopback needs no TLS (tests, a local relay). */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export function isLoopbackSmtp(url: string): boolean {
  return LOOPBACK.test(new URL(url).hostname);
}

function smtpUrl(value: string | undefined, fail: (message: string) => never): string | undefined {
  if (!value) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return fail(`TABLERO_SMTP_URL: "${value}" is not a URL (smtp://user:pass@host:587 or smtps://…:465).`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    return fail(`TABLERO_SMTP_URL: "${parsed.protocol}" is neither smtp: (STARTTLS) nor smtps: (TLS, port 465).`);
  return value;
}

/** The address in "Name <name@example.org>", or the whole text when it is a bare address. */
function addressOf(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

export function mailConfigFromEnv(
  env: NodeJS.ProcessEnv,
  positive: (name: string, value: string) => number,
  fail: (message: string) => never,
): MailConfig {
  const from = env.TABLERO_MAIL_FROM || 'Tablero <tablero@localhost>';
  if (!/@[^@\s>]+>?\s*$/.test(from)) fail(`TABLERO_MAIL_FROM: "${from}" has no address (Name <name@example.org>).`);
  const bounceAddress = env.TABLERO_BOUNCE_ADDRESS || addressOf(from);
  if (!/^[^@\s<>]+@[^@\s<>]+$/.test(bounceAddress))
    fail(`TABLERO_BOUNCE_ADDRESS: "${bounceAddress}" is not one plain address (bounces@example.org).`);
  const hour = env.TABLERO_DIGEST_HOUR ?? '7';
  if (!/^([01]?\d|2[0-3])$/.test(hour)) fail(`TABLERO_DIGEST_HOUR: "${hour}" is not an hour from 0 to 23.`);
  // The site's zone: TABLERO_TIME_ZONE, else TZ (which the README has set to the country's), else UTC.
  const timeZone = env.TABLERO_TIME_ZONE || (env.TZ && isTimeZone(env.TZ) ? env.TZ : 'UTC');
  if (!isTimeZone(timeZone))
    fail(`TABLERO_TIME_ZONE: "${timeZone}" is not a time zone this server knows (America/Mexico_City, UTC).`);
  return {
    smtpUrl: smtpUrl(env.TABLERO_SMTP_URL, fail),
    from,
    bounceAddress,
    retryMs: Math.round(positive('TABLERO_MAIL_RETRY_S', env.TABLERO_MAIL_RETRY_S ?? '60') * 1000),
    retryMaxMs: Math.round(positive('TABLERO_MAIL_RETRY_MAX_S', env.TABLERO_MAIL_RETRY_MAX_S ?? '21600') * 1000),
    leaseMs: Math.round(positive('TABLERO_MAIL_LEASE_S', env.TABLERO_MAIL_LEASE_S ?? '120') * 1000),
    reminderDays: Math.round(positive('TABLERO_REMINDER_DAYS', env.TABLERO_REMINDER_DAYS ?? '7')),
    followsPerHour: Math.round(positive('TABLERO_FOLLOWS_PER_HOUR', env.TABLERO_FOLLOWS_PER_HOUR ?? '20')),
    digest: { hour: Number(hour), timeZone },
  };
}
