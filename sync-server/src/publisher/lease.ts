import { type Db, getOrNull, isStatus } from '../couch/client.js';

/**
 * Which server publishes. Several Tablero servers may share one store (behind a load balancer,
 * on an Apache CouchDB cluster); the publisher runs in exactly one of them: the one holding this
 * lease. The holder renews it; when it stops renewing (the server died, or lost the store) the
 * lease expires and another server takes it over. A `_local` document: never replicated to
 * devices, never readable through the gateway, and not in the changes feed devices follow.
 */
export const LEASE_ID = '_local/tablero-publisher-lease';

export interface LeaseDoc {
  holder: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  renewedAt: number;
  /** When the holder's publisher last had nothing left to publish, for /api/health. */
  caughtUpAt?: number;
}

export interface LeaseOptions {
  /** This server, as health and logs name it. */
  serverId: string;
  /** How long a lease lasts without renewal: the longest a dead holder keeps others waiting. */
  ttlMs: number;
  /** How often the holder renews, and the others look. */
  renewMs: number;
  log: (message: string) => void;
  /** When the publisher last had nothing left to publish, told to the others through the lease. */
  caughtUpAt: () => number | undefined;
}

export class PublisherLease {
  holding = false;
  /** Until when this server may act on the lease it last renewed. */
  private heldUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: LeaseOptions,
    private readonly onAcquire: () => Promise<void>,
    private readonly onLose: () => Promise<void>,
  ) {}

  /** Tries once at once (a lone server publishes from its first second), then keeps trying. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  /** Stops renewing, stops publishing, and lets the lease go so another server need not wait. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    if (!this.holding) return;
    await this.lose();
    const lease = await getOrNull<LeaseDoc>(this.db, LEASE_ID).catch(() => null);
    if (lease?.holder === this.options.serverId)
      await this.db.insert({ ...lease, expiresAt: 0 } as never).catch(() => undefined);
  }

  async current(): Promise<LeaseDoc | null> {
    return getOrNull<LeaseDoc>(this.db, LEASE_ID);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule());
    }, this.options.renewMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const { serverId, ttlMs, log } = this.options;
    try {
      const now = Date.now();
      const lease = await getOrNull<LeaseDoc>(this.db, LEASE_ID);
      if (lease && lease.holder !== serverId && lease.expiresAt > now) {
        if (this.holding) await this.lose();
        return;
      }
      const caughtUpAt = this.options.caughtUpAt();
      await this.db.insert({
        _id: LEASE_ID,
        ...(lease ? { _rev: lease._rev } : {}),
        holder: serverId,
        expiresAt: now + ttlMs,
        renewedAt: now,
        ...(caughtUpAt ? { caughtUpAt } : {}),
      } as never);
      this.heldUntil = now + ttlMs;
      if (!this.holding) {
        this.holding = true;
        log(
          `publisher: this server (${serverId}) holds the publisher lease${lease && lease.holder !== serverId ? `, taken over from ${lease.holder}` : ''}`,
        );
        await this.onAcquire();
      }
    } catch (error) {
      // Another server renewed or took it between the read and the write: it is theirs.
      if (isStatus(error, 409)) {
        if (this.holding) await this.lose();
        return;
      }
      log(`publisher lease: ${(error as Error).message}`);
      // Without renewing, this server stops publishing before its lease can pass to another.
      if (this.holding && Date.now() > this.heldUntil - this.options.renewMs) await this.lose();
    }
  }

  private async lose(): Promise<void> {
    this.holding = false;
    this.options.log(`publisher: this server (${this.options.serverId}) no longer holds the publisher lease`);
    await this.onLose();
  }
}
