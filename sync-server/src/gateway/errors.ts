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
 * Express 4 does not catch a rejected promise from a handler, and an unhandled rejection ends the
 * process: every async route goes through this, so its errors reach the error handler instead.
 */
export function asyncRoute(
  handler: (req: Request, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => {
    handler(req, res, next).catch(next);
  };
}
