/**
 * Notices the server is back soon after it is, not at the replication's next backoff step (which
 * grows to a minute): while the server is out of reach it is probed every PROBE_MS or so, and at
 * once when the browser says it is online or the window gets focus; any answered request ends the
 * wait too. `onBack` then resets the backoffs and sends what waits.
 */
export const PROBE_MS = 1500;
/** A probe that takes longer is taken as no answer. */
const PROBE_DEADLINE_MS = 5000;
/** Focus comes often; a probe for it at most this often. */
const FOCUS_PROBE_MS = 5000;

export class Reconnect {
  private unreachable = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastNudge = 0;
  private stopped = false;

  constructor(
    private readonly server: string,
    private readonly onBack: () => void,
  ) {}

  /** A request found no server: probe until one answers. */
  lost(): void {
    if (this.stopped) return;
    this.unreachable = true;
    if (this.timer === undefined) this.later();
  }

  /** Connectivity or focus came back: probe now rather than at the next step. */
  nudge(): void {
    const now = Date.now();
    if (this.stopped || now - this.lastNudge < FOCUS_PROBE_MS) return;
    this.lastNudge = now;
    void this.probe(true);
  }

  /** A request was answered by the server. */
  reached(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.onBack();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private later() {
    // Spread, so that many devices waiting on one server do not all probe it at the same moment.
    const wait = PROBE_MS * (0.75 + Math.random() / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe(false);
    }, wait);
  }

  /** Asks the server for the session: cheap, never cached, answered once the server is up. */
  private async probe(always: boolean) {
    const answered = await fetch(`${this.server}/db/_session`, {
      credentials: 'include',
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_DEADLINE_MS),
    })
      .then((reply) => reply.status < 500)
      .catch(() => false);
    if (this.stopped) return;
    if (answered) {
      // Focus after a sleep: the connections may be dead though nothing failed yet.
      if (always && !this.unreachable) this.onBack();
      else this.reached();
    } else if (this.unreachable && this.timer === undefined) this.later();
    else if (!this.unreachable) this.lost();
  }
}
