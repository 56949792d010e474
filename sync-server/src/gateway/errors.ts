import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A refusal with its HTTP status, CouchDB-style error code and a reason for the person. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    reason: string,
    /** More of the answer: a refusal's stable code, field and Spanish reason. */
    readonly details: Record<string, string> = {},
  ) {
    super(reason);
  }
}

/**
 * An async handler whose rejection reaches the error handler. Express 5 does this itself for a
 * returned promise; the wrapper also drops the promise, so a handler's type says it answers
 * through `res` (and the routes read the same under the embedded store's Express 4).
 */
export function asyncRoute(
  handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => {
    handler(req, res, next).catch(next);
  };
}
