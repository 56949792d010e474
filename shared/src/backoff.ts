/**
 * Growing waits between retries of something that keeps failing (a server away, a store
 * restarting), so it is not hammered, and back to the first wait after a success.
 */
export class Backoff {
  private current: number;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {
    this.current = firstMs;
  }

  /** The wait before the next retry; each call doubles the following one, up to the maximum. */
  next(): number {
    const wait = this.current;
    this.current = Math.min(this.current * 2, this.maxMs);
    return wait;
  }

  reset(): void {
    this.current = this.firstMs;
  }
}
