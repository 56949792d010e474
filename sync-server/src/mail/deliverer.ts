import { randomBytes } from 'node:crypto';
import type { DocumentViewParams } from 'nano';
import { ChangesFollower } from '../couch/changes-follower.js';
import { type Couch, type Db, getDoc, getOrNull, isStatus, useDb, viewRows } from '../couch/client.js';
import { type DueRow, MAIL_DDOC } from './design-doc.js';
import { type PausedAddress, pauseAddress, pausedAddressIdOf, type QueuedMail } from './queue.js';
import { MailRefused, type MailTransport } from './transport.js';

export interface DelivererOptions {
  /** This server, as the lease on a mail names it. */
  serverId: string;
  /** How long this server holds a mail while it sends it; after that another server may. */
  leaseMs: number;
  /** The first wait after a failed attempt; doubled each time, up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  log: (message: string) => void;
  now?: () => number;
}

const BATCH = 50;

/** The queue as /api/health shows it, so an operator sees mail piling up when the SMTP server is away. */
export interface MailStatus {
  /** Where mail goes: the SMTP server (no credentials) or the outbox folder. */
  transport: string;
  /** Mails not yet sent, whether due now or waiting for a retry. */
  waiting: number;
  /** How long the longest-waiting one has been due (0 when none is overdue). */
  oldestDueSeconds: number;
  /** This server's last failed attempt, since its last success. */
  lastFailure: { at: string; reason: string } | null;
}

/**
 * Sends what the queue holds (mail/queue.ts), on every server at once: each mail is taken by one
 * server through a lease written on the mail itself (the store's revision check lets one writer
 * win), so several servers share the work and none sends a mail another holds. A server killed
 * mid-send leaves its mail `sending` with a lease that runs out; then any server sends it. The one
 * window that can give a mail twice is between the SMTP server taking it and the store recording
 * it, milliseconds; the mail's Message-ID is the same both times, so the receiver can tell.
 */
export class MailDeliverer {
  private readonly db: Db;
  private readonly follower: ChangesFollower<QueuedMail>;
  private readonly now: () => number;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private lastFailure: MailStatus['lastFailure'] = null;

  constructor(
    couch: Couch,
    personalDb: string,
    private readonly transport: MailTransport,
    private readonly options: DelivererOptions,
  ) {
    this.db = useDb(couch, personalDb);
    this.now = options.now ?? Date.now;
    this.follower = new ChangesFollower<QueuedMail>({
      couch,
      db: personalDb,
      name: 'mail',
      waitMs: 20_000,
      log: options.log,
      // Any change may be a new mail; the due view says which are.
      apply: () => void this.wake(),
    });
  }

  async start(): Promise<void> {
    await this.wake();
    this.follower.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.follower.stop();
    await this.draining?.catch(() => undefined);
    this.transport.close();
  }

  async status(): Promise<MailStatus> {
    const { rows, total } = await viewRows<QueuedMail, number, null>(this.db, MAIL_DDOC, 'due', { limit: 1 });
    const first = rows[0];
    return {
      transport: this.transport.describe,
      waiting: total,
      oldestDueSeconds: first ? Math.max(0, Math.round((this.now() - first.key) / 1000)) : 0,
      lastFailure: this.lastFailure,
    };
  }

  /** Sends everything due now; resolves when the queue holds nothing more that is due. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        // A change seen while draining (or while looking for the next due time) means another round.
        do {
          this.again = false;
          await this.drain();
          if (!this.again) await this.scheduleNext();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.options.log(`mail: ${(error as Error).message}; trying again in ${this.options.retryMs / 1000} s`);
        this.arm(this.options.retryMs);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = await this.dueRows({ endkey: this.now(), include_docs: true, limit: BATCH });
      for (const row of due) if (row.doc && !this.stopped) await this.deliver(row.doc);
      if (due.length < BATCH || this.stopped) return;
    }
  }

  private async dueRows(params: DocumentViewParams): Promise<DueRow[]> {
    return (await viewRows<QueuedMail, number, null>(this.db, MAIL_DDOC, 'due', params)).rows;
  }

  /** A timer for the next retry or lease end, so a mail waiting on backoff is sent without a change to wake for. */
  private async scheduleNext(): Promise<void> {
    // The earliest of all: one that became due during the drain is sent at once.
    const [next] = await this.dueRows({ limit: 1 });
    if (next) this.arm(Math.max(0, next.key - this.now()));
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.wake(), Math.min(ms, 2 ** 31 - 1));
    this.timer.unref?.();
  }

  /** Takes the mail (or learns another server has), sends it, and records the outcome. */
  private async deliver(mail: QueuedMail): Promise<void> {
    const now = this.now();
    if (mail.dueAt > now) return;
    const claimed = await this.write({
      ...mail,
      state: 'sending',
      holder: this.options.serverId,
      dueAt: now + this.options.leaseMs,
      attempts: mail.attempts + 1,
      // The same on every attempt, so a bounce of any of them names this mail.
      bounceKey: mail.bounceKey ?? randomBytes(8).toString('hex'),
      ...(mail.to ? { pauseId: pausedAddressIdOf(mail.to) } : {}),
    });
    if (!claimed || !(await this.won(claimed))) return;
    if (mail.to && (await getOrNull<PausedAddress>(this.db, pausedAddressIdOf(mail.to)))) {
      await this.record({ ...claimed, state: 'paused', lastError: 'the address is paused' });
      return;
    }
    if (mail.owner && !(await getOrNull(this.db, mail.owner))) {
      await this.record(outcome(claimed, 'cancelled'));
      return;
    }
    try {
      await this.transport.send(claimed);
    } catch (error) {
      this.lastFailure = { at: new Date(this.now()).toISOString(), reason: (error as Error).message };
      await this.failed(claimed, error);
      return;
    }
    this.lastFailure = null;
    // Only the outcome stays: the address and the text are no longer needed once sent.
    await this.record({ ...outcome(claimed, 'sent'), sentAt: this.now() });
  }

  private async failed(mail: QueuedMail, error: unknown): Promise<void> {
    const message = (error as Error).message;
    if (error instanceof MailRefused && error.permanent && mail.to) {
      this.options.log(`mail: ${mail._id} refused for good: ${message}; its address is paused`);
      await pauseAddress(this.db, mail.to, message, this.now());
      await this.record({ ...mail, state: 'refused', lastError: message });
      return;
    }
    const { retryMs, retryMaxMs } = this.options;
    const wait = Math.min(retryMs * 2 ** Math.min(mail.attempts - 1, 30), retryMaxMs);
    this.options.log(
      `mail: ${mail._id} not sent through ${this.transport.describe} (${message}); again in ${wait / 1000} s`,
    );
    await this.record({ ...mail, state: 'queued', dueAt: this.now() + wait, lastError: message });
  }

  /**
   * Whether this server's claim is the one that counts. On a CouchDB cluster two claims written
   * through different nodes at once can both be accepted, as conflicting revisions; every server
   * then reads the same winner, and only the server whose claim it is sends (and clears the other).
   */
  private async won(claimed: QueuedMail): Promise<boolean> {
    const current = await getDoc<QueuedMail & { _conflicts?: string[] }>(this.db, claimed._id, { conflicts: true });
    if (current._rev !== claimed._rev) return false;
    for (const rev of current._conflicts ?? []) await this.db.destroy(claimed._id, rev).catch(() => undefined);
    return true;
  }

  /** Writes the mail with its revision; null when another server changed it first (it is theirs). */
  private async write(mail: QueuedMail): Promise<QueuedMail | null> {
    try {
      const { rev } = await this.db.insert(mail as never);
      return { ...mail, _rev: rev };
    } catch (error) {
      if (isStatus(error, 409)) return null;
      throw error;
    }
  }

  /**
   * Records an outcome. Sent is sent: a store away for a moment must not leave the mail to be sent
   * again when the lease ends, so the write is tried until the lease is nearly over.
   */
  private async record(mail: QueuedMail): Promise<void> {
    const giveUp = this.now() + this.options.leaseMs / 2;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      try {
        await this.write(mail);
        return;
      } catch (error) {
        if (this.now() > giveUp) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/**
 * The mail without its address, text or headers: what stays once it is sent or will not be. The
 * bounce key and the address's hash stay so that a bounce arriving later (mail/bounces.ts) can
 * pause the address without the queue keeping it.
 */
function outcome(mail: QueuedMail, state: 'sent' | 'cancelled'): QueuedMail {
  const { _id, _rev, dueAt, attempts, createdAt, messageId, lang, bounceKey, pauseId } = mail;
  return {
    _id,
    ...(_rev ? { _rev } : {}),
    type: 'mail',
    state,
    dueAt,
    attempts,
    createdAt,
    messageId,
    ...(lang ? { lang } : {}),
    ...(state === 'sent' && bounceKey && pauseId ? { bounceKey, pauseId } : {}),
  };
}
