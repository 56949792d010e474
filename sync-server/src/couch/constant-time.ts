import { timingSafeEqual } from 'node:crypto';

/** Compares two secrets (credentials, signatures, derived keys) in time that does not reveal where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(new Uint8Array(x), new Uint8Array(y));
}
