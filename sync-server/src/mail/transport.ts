import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { envelopeSenderOf } from './bounces.js';
import { isLoopbackSmtp, type MailConfig } from './config.js';
import type { QueuedMail } from './queue.js';

/** How a mail leaves: an SMTP server, or a file in the outbox. */
export interface MailTransport {
  /** For logs: "smtp://mail.example.org:587" (no credentials) or the outbox folder. */
  readonly describe: string;
  send(mail: QueuedMail): Promise<void>;
  close(): void;
}

/** What the mail server answered when it refused: a permanent refusal (5xx) pauses the address. */
export class MailRefused extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Who a mail is from: the From: header, and the address bounces go to (with the mail's token). */
type Sender = Pick<MailConfig, 'from' | 'bounceAddress'>;

function messageOf(mail: QueuedMail, { from, bounceAddress }: Sender): SendMailOptions {
  return {
    from,
    to: mail.to,
    envelope: { from: envelopeSenderOf(mail, bounceAddress), to: mail.to },
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: mail.messageId,
    date: new Date(mail.createdAt),
    headers: { 'Content-Language': mail.lang ?? 'es', 'Auto-Submitted': 'auto-generated', ...mail.headers },
  };
}

/** The outbox folder of the data folder, where mails go as .eml files when no SMTP server is set. */
export const outboxDir = (dataDir: string) => path.join(dataDir, 'outbox');

/**
 * Writes each mail as an RFC 822 .eml file, named after its queue id: a mail written again after a
 * crash replaces its own file, so the outbox, too, has one file per mail.
 */
function outboxTransport(dir: string, from: Sender): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: dir,
    async send(mail) {
      const info = (await builder.sendMail(messageOf(mail, from))) as unknown as { message: Uint8Array };
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${mail._id.slice('mail:'.length)}.eml`);
      const partial = `${file}.partial`;
      fs.writeFileSync(partial, info.message);
      fs.renameSync(partial, file);
    },
    close: () => builder.close(),
  };
}

/**
 * SMTP through nodemailer. smtp:// upgrades with STARTTLS and refuses to send in the clear except
 * to a server on this machine; smtps:// speaks TLS from the first byte (port 465).
 */
function smtpTransport(url: string, from: Sender): MailTransport {
  const options: SMTPTransport.Options = {
    url,
    ...(isLoopbackSmtp(url) || url.startsWith('smtps:') ? {} : { requireTLS: true }),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  };
  const transporter = nodemailer.createTransport(options);
  const shown = new URL(url);
  return {
    describe: `${shown.protocol}//${shown.host}`,
    async send(mail) {
      try {
        await transporter.sendMail(messageOf(mail, from));
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new MailRefused((error as Error).message, code !== undefined && code >= 500 && code < 600);
      }
    },
    close: () => transporter.close(),
  };
}

export function mailTransport(config: MailConfig, dataDir: string): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config) : outboxTransport(outboxDir(dataDir), config);
}

/** The .eml files in an outbox, oldest first, for the admin CLI. */
export function outboxFiles(dataDir: string): { file: string; writtenAt: Date }[] {
  const dir = outboxDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => ({ file: path.join(dir, name), writtenAt: fs.statSync(path.join(dir, name)).mtime }))
    .sort((a, b) => a.writtenAt.getTime() - b.writtenAt.getTime());
}
