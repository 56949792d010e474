import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

export interface Limit {
  windowMs: number;
  limit: number;
  /** What is counted: the client's address unless said otherwise. */
  key?: (req: Request, res: Response) => string;
  /** Why it is refused, in English and Spanish, for the 429's body. */
  reason: string;
  reasonEs: string;
}

/**
 * A limit on the public's posts (questions, follows): past it, a 429 with `Retry-After` and the
 * reason in both languages, counted in this server's memory (express-rate-limit), so each server
 * of a cluster limits what it sees.
 */
export function limitPosts({ windowMs, limit, key, reason, reasonEs }: Limit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(key ? { keyGenerator: key } : {}),
    handler: (_req, res) => {
      res.status(429).json({ error: 'too_many_requests', reason, reason_es: reasonEs });
    },
  });
}
