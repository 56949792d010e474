import type { Request, Response } from 'express';
import type { PublicStore } from './public-store.js';

/**
 * Tags a public response with the data's version and answers 304 when the client has it already.
 * `no-cache` makes clients revalidate every time, which the ETag makes nearly free.
 */
export function notModified(store: PublicStore, req: Request, res: Response): boolean {
  res.set('Cache-Control', 'public, no-cache');
  res.set('ETag', store.etag);
  if (req.headers['if-none-match'] !== store.etag) return false;
  res.status(304).end();
  return true;
}
