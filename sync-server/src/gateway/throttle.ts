/**
 * Growing delays after failed sign-ins, per account and per address: a few mistakes cost nothing,
 * then each further failure doubles the wait (1 s, 2 s, 4 s … up to 15 minutes), and during the
 * wait no password is checked at all, so guessing stays slow even with the right password in the
 * list. A success on the account clears its count. Kept in memory: each server throttles what it
 * sees, which bounds guessing per server.
 */
const FREE_FAILURES = { account: 5, address: 20 } as const;
const MAX_WAIT_S = 15 * 60;
const FORGET_AFTER_MS = 60 * 60 * 1000;

interface Record {
  failures: number;
  until: number;
  last: number;
}

export class SignInThrottle {
  private readonly records = new Map<string, Record>();

  constructor(private readonly log: (message: string) => void = (m) => console.warn(m)) {}

  /** Seconds to wait before any of these keys may try again; 0 when none is throttled. */
  wait(keys: readonly string[]): number {
    const now = Date.now();
    let wait = 0;
    for (const key of keys) {
      const record = this.records.get(key);
      if (record && record.until > now) wait = Math.max(wait, Math.ceil((record.until - now) / 1000));
    }
    return wait;
  }

  failed(keys: readonly string[]): void {
    const now = Date.now();
    for (const key of keys) {
      const previous = this.records.get(key);
      const record =
        previous && now - previous.last < FORGET_AFTER_MS ? previous : { failures: 0, until: 0, last: now };
      record.failures++;
      record.last = now;
      const free = key.startsWith('account') ? FREE_FAILURES.account : FREE_FAILURES.address;
      if (record.failures > free) {
        const seconds = Math.min(2 ** (record.failures - free - 1), MAX_WAIT_S);
        record.until = now + seconds * 1000;
        this.log(`tablero: ${record.failures} failed sign-ins for ${key}; next attempt in ${seconds} s`);
      }
      this.records.set(key, record);
    }
    if (this.records.size > 100_000) this.forgetOld(now);
  }

  succeeded(key: string): void {
    this.records.delete(key);
  }

  private forgetOld(now: number): void {
    for (const [key, record] of this.records) if (now - record.last > FORGET_AFTER_MS) this.records.delete(key);
  }
}
