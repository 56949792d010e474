import { StoreError } from './store-client.js';

/** Socket errors that mean the store's node is down, restarting or out of reach. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** How long a client should wait before it tries again, in seconds. */
export const STORE_RETRY_AFTER_S = 5;

export const STORE_UNAVAILABLE_REASON =
  'Tablero cannot reach its data store just now (it may be restarting); try again in a few seconds.';

/**
 * Whether an error means the store could not be reached or could not serve, rather than a fault of
 * Tablero's or a refusal: so the answer is a 503 with Retry-After, which a client and a load
 * balancer retry, not a 500. Covers fetch's (`fetch failed` with its socket error as cause), nano's
 * (a plain Error "error happened in your connection", no statusCode) and the store client's
 * (`StoreError` with a 5xx status).
 */
export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof StoreError) return error.statusCode >= 500;
  const e = error as { code?: unknown; message?: unknown; statusCode?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.statusCode === undefined && message.startsWith('error happened in your connection')) return true;
  if (error instanceof TypeError && message === 'fetch failed') return true;
  // Node's connect errors to a host with several addresses come as an AggregateError of each.
  const inner = Array.isArray(e.errors) ? e.errors : [];
  return [e.cause, ...inner].some((cause) => isStoreUnavailable(cause, depth + 1));
}
