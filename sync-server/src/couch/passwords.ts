import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { sameSecret } from './constant-time.js';

const pbkdf2Async = promisify(pbkdf2);

/**
 * OWASP's current work factor for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet): about 0.15 s
 * on the machines this was measured on. Hashes with fewer iterations, or SHA-1 (CouchDB's and the
 * embedded server's default, 10 iterations there), are upgraded at the next sign-in.
 */
export const PBKDF2_ITERATIONS = 600_000;

/** The password fields of a CouchDB `_users` document, in the format Apache CouchDB 3 reads too. */
export interface PasswordHash {
  password_scheme: 'pbkdf2';
  pbkdf2_prf: 'sha256';
  iterations: number;
  salt: string;
  derived_key: string;
}

/** A person's password, hashed at today's work factor; a random machine secret may take fewer iterations. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<PasswordHash> {
  const salt = randomBytes(16).toString('hex');
  const key = await pbkdf2Async(password, salt, iterations, 32, 'sha256');
  return {
    password_scheme: 'pbkdf2',
    pbkdf2_prf: 'sha256',
    iterations,
    salt,
    derived_key: key.toString('hex'),
  };
}

export interface StoredHash {
  password_scheme?: string;
  pbkdf2_prf?: string;
  iterations?: number;
  salt?: string;
  derived_key?: string;
}

export async function passwordMatches(stored: StoredHash, password: string): Promise<boolean> {
  if (stored.password_scheme !== 'pbkdf2' || !stored.salt || !stored.derived_key || !stored.iterations) return false;
  const sha256 = stored.pbkdf2_prf === 'sha256';
  const key = await pbkdf2Async(password, stored.salt, stored.iterations, sha256 ? 32 : 20, sha256 ? 'sha256' : 'sha1');
  return sameSecret(key.toString('hex'), stored.derived_key);
}

/** Whether a stored hash is weaker than today's work factor. */
export function needsRehash(stored: StoredHash): boolean {
  return stored.pbkdf2_prf !== 'sha256' || (stored.iterations ?? 0) < PBKDF2_ITERATIONS;
}
