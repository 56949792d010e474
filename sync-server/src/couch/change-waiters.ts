/**
 * Callers waiting for the next change of a followed feed. A wait ends at the change, after its
 * timeout, or when its signal aborts, and leaves nothing behind in any of the three cases (a
 * long-poll that times out must not cost memory until the next change).
 */
export class ChangeWaiters {
  private readonly waiters = new Set<() => void>();

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  get size(): number {
    return this.waiters.size;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new ChangeWaiters().wait(ms, signal);
}
