import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM), where bounces go. */
  from: string;
  to: string[];
  parsed: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server on a free loopback port (the smtp-server package) that keeps every mail it
 * accepts. It can be taken down and brought up again on the same port, and told to refuse an
 * address for good (550), as a mail provider does for an address that does not exist.
 */
export class TestSmtp {
  readonly received: ReceivedMail[] = [];
  readonly refused = new Set<string>();
  /** While set, a mail's data is read but never answered, as a mail server that hangs mid-send. */
  hold = false;
  /** How many mails were being sent while held. */
  heldCount = 0;
  /**
   * With `hold`: a held mail counts as received, as when a mail server delivered it and its answer
   * never reached the sender (the sender crashed, the link dropped): the sender will send it again.
   */
  keepHeld = false;
  port = 0;
  private server: SMTPServer | undefined;

  get url(): string {
    return `smtp://${this.host}:${this.port}`;
  }

  /** The address it listens on: loopback unless a test needs another (to see TLS required). */
  host = '127.0.0.1';

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address.toLowerCase())) {
          const error = new Error('5.1.1 no such mailbox') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Uint8Array[] = [];
        stream.on('data', (chunk: Uint8Array) => chunks.push(chunk));
        stream.on('end', () => {
          const held = this.hold;
          if (held) this.heldCount++;
          if (held && !this.keepHeld) return;
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            const { mailFrom, rcptTo } = session.envelope;
            this.received.push({
              from: mailFrom ? mailFrom.address : '',
              to: rcptTo.map((r) => r.address),
              parsed,
              raw,
            });
            if (!held) callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the port: senders get "connection refused" until `start()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    // Held connections would keep close() waiting: end them as a crashed server would.
    for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? [])
      connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  /** Waits until `count` mails have come to `address` (or any address), failing after `ms`. */
  async waitFor(count: number, address?: string, ms = 20_000): Promise<ReceivedMail[]> {
    const giveUp = Date.now() + ms;
    for (;;) {
      const got = address ? this.to(address) : this.received;
      if (got.length >= count) return got;
      if (Date.now() > giveUp)
        throw new Error(`expected ${count} mail(s)${address ? ` to ${address}` : ''}, got ${got.length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Reads until `ok` holds of what is read (a queued mail's state, say), failing with the last value after `ms`. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const giveUp = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > giveUp) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
