import { credentialsOf, withoutCredentials } from './client.js';
import type { DocId, LocalId } from './store-ids.js';

declare const storePathBrand: unique symbol;
/** A path on the store made only by `storePath`, from validated parts, every one encoded. */
export type StorePath = string & { readonly [storePathBrand]: true };

/** The store's endpoints the gateway uses on a database; no other name can be made into a path. */
export type Endpoint = '_changes' | '_all_docs' | '_bulk_get' | '_bulk_docs' | '_revs_diff';

/** What may follow the database in a path: an endpoint, a document, or a checkpoint. */
export type PathPart = { endpoint: Endpoint } | { doc: DocId } | { local: LocalId };

/** CouchDB's grammar for database names; the names come from configuration, never from a client. */
const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;
/** A path segment after encoding: unreserved characters and percent-escapes only, never dots alone. */
const ENCODED_SEGMENT = /^(?!(?:\.|%2[Ee])+$)(?:[A-Za-z0-9_~.!$&'()*+,;=:@-]|%[0-9A-F]{2})+$/;

/** Whether a segment arrived encoded and is no dot segment (the store client's check, and the embedded store's). */
export const isEncodedSegment = (segment: string): boolean => ENCODED_SEGMENT.test(segment);

/** The database's path, or a path inside it; each part is encoded whatever it holds. */
export function storePath(db: string, part?: PathPart): StorePath {
  if (!DB_NAME.test(db)) throw new Error(`${db}: not a database name Tablero configures.`);
  const segments = [encodeURIComponent(db)];
  if (part && 'endpoint' in part) segments.push(part.endpoint);
  else if (part && 'doc' in part) segments.push(encodeURIComponent(part.doc));
  else if (part) segments.push('_local', encodeURIComponent(part.local));
  return `/${segments.join('/')}` as StorePath;
}

/** A refusal or failure of the store, with its status and answer. */
export class StoreError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: { error?: string; reason?: string },
    where: string,
  ) {
    super(`${where}: HTTP ${statusCode} ${body.error ?? ''} ${body.reason ?? ''}`.trim());
  }
}

export interface StoreRequest {
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * The gateway's only way to the store: requests to paths made by `storePath`, and it checks again
 * that every segment arrives encoded, so a path put together any other way is refused before it
 * leaves. It connects with the rights it is given (the gateway's own account, a member of the
 * workspace only), never the server admin's.
 */
export class StoreClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(url: string) {
    const { name, password } = credentialsOf(url);
    this.base = withoutCredentials(url);
    this.authorization = `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: StorePath, options: StoreRequest = {}): Promise<T> {
    assertEncoded(path);
    const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
    const reply = await fetch(`${this.base}${path}${query}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: this.authorization,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await reply.text();
    const body = text ? (JSON.parse(text) as unknown) : {};
    if (!reply.ok) throw new StoreError(reply.status, body as StoreError['body'], `${method} ${path}`);
    return body as T;
  }
}

/** Refuses a path with a segment that is empty, a dot segment, or carries unencoded text. */
export function assertEncoded(path: string): void {
  const segments = path.split('/');
  if (segments[0] !== '' || segments.length < 2 || !segments.slice(1).every(isEncodedSegment))
    throw new Error(
      `${JSON.stringify(path.slice(0, 80))}: a store path must be made by storePath from validated parts.`,
    );
}
