import { brotliCompressSync, gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { Request, Response } from 'express';

export type BodyEncoding = 'br' | 'gzip' | 'identity';

/** Under this many bytes compressing saves less than it costs (the compression middleware's threshold). */
const THRESHOLD = 1024;

export function acceptedEncoding(req: Request): BodyEncoding {
  const encoding = req.acceptsEncodings(['br', 'gzip', 'identity']);
  return encoding === 'br' || encoding === 'gzip' ? encoding : 'identity';
}

/** Brotli at a quality that compresses 2 MB in milliseconds, about a fifth smaller than gzip's default. */
export function compressBody(raw: Buffer, encoding: Exclude<BodyEncoding, 'identity'>): Buffer {
  const bytes = new Uint8Array(raw);
  return encoding === 'br'
    ? brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipSync(bytes);
}

/** The body a gzip one holds, for a client that takes no compression. */
export function gunzipBody(gzipped: Buffer): Buffer {
  return gunzipSync(new Uint8Array(gzipped));
}

/** Sends a body already in `encoding` (the compression middleware leaves an encoded answer alone). */
export function sendEncoded(res: Response, encoding: BodyEncoding, body: Buffer): void {
  res.vary('Accept-Encoding');
  if (encoding !== 'identity') res.set('Content-Encoding', encoding);
  res.send(body);
}

/**
 * JSON compressed in one call, sent with its length. The compression middleware compresses a
 * large answer as a stream, in pieces each handed to Node's worker threads, where they wait
 * behind the store's disk reads: a page of the sync feed then took longer to arrive than to read.
 */
export function sendJson(req: Request, res: Response, value: unknown): void {
  const raw = Buffer.from(JSON.stringify(value));
  const encoding = raw.length < THRESHOLD ? 'identity' : acceptedEncoding(req);
  res.type('json');
  sendEncoded(res, encoding, encoding === 'identity' ? raw : compressBody(raw, encoding));
}
