import type { Request } from 'express';
import { AdminInputError } from '../admin/users.js';

/** The request's JSON object; anything else (an array, a string) is refused. */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new AdminInputError('the body must be a JSON object', 'body');
  return body as Record<string, unknown>;
}

/** A text field: required ones must be there, optional ones may be left out; either way, a string. */
export function text(body: Record<string, unknown>, field: string, required = true): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new AdminInputError('is required', field);
    return undefined;
  }
  if (typeof value !== 'string') throw new AdminInputError('must be text', field);
  return value;
}

export function flag(body: Record<string, unknown>, field: string): boolean {
  const value = body[field] ?? false;
  if (typeof value !== 'boolean') throw new AdminInputError('must be true or false', field);
  return value;
}

/** One of a few words (`before` or `after`); left out, undefined. */
export function oneOf<T extends string>(
  body: Record<string, unknown>,
  field: string,
  words: readonly T[],
): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(words as readonly string[]).includes(value))
    throw new AdminInputError(`must be ${words.map((w) => `"${w}"`).join(' or ')}`, field);
  return value as T;
}

export function list(body: Record<string, unknown>, field: string): string[] {
  const value = body[field] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new AdminInputError('must be a list of texts', field);
  return value as string[];
}

/** An uploaded file, sent as `{ name, base64 }` inside the JSON body. */
export function fileOf(body: Record<string, unknown>, field: string): { name: string; bytes: Uint8Array } {
  const file = body[field] as { name?: unknown; base64?: unknown } | undefined;
  if (!file || typeof file !== 'object' || typeof file.name !== 'string' || typeof file.base64 !== 'string')
    throw new AdminInputError('send the file as { "name": …, "base64": … }', field);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.base64)) throw new AdminInputError('is not base64', field);
  return { name: file.name.slice(0, 200), bytes: new Uint8Array(Buffer.from(file.base64, 'base64')) };
}

/** A path parameter that must be an organisation's or a plan's slug: nothing else reaches the store. */
export function slugParam(value: string | string[] | undefined, prefix: 'org:' | 'plan:', field: string): string {
  const raw = typeof value === 'string' ? value : '';
  const slug = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
  if (!/^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*$/.test(slug) || slug.length > 80)
    throw new AdminInputError(`"${raw.slice(0, 40)}" is not an id (lower-case letters, digits, . _ -)`, field);
  return `${prefix}${slug}`;
}
