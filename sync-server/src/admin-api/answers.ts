import type { NextFunction, Request, Response } from 'express';
import { InvitationRefused } from '../admin/invitations.js';
import { PlanFileError } from '../admin/plan-file.js';
import { SheetProblems } from '../admin/plans.js';
import { SheetReadError } from '../admin/spreadsheet/read-sheet.js';
import { AdminInputError } from '../admin/users.js';
import { GatewayError } from '../gateway/errors.js';

/** The field a command-line style message names (`--public-url: …` names publicUrl), and the rest. */
function fieldAndReason(error: AdminInputError): { field?: string; reason: string } {
  if (error.field) return { field: error.field, reason: error.message };
  const named = /^--([a-z-]+):\s*/.exec(error.message);
  if (!named?.[1]) return { reason: error.message };
  return {
    field: named[1].replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
    reason: error.message.slice(named[0].length),
  };
}

/**
 * Every refusal of the admin API as JSON: 400 with the field it is about, or with each problem
 * of a sheet by row and column; 410 for an invitation that no longer works. Anything else is the
 * server's own handler's (a 500 with no detail).
 */
export function adminErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (req.socket.destroyed) return;
  if (error instanceof GatewayError)
    return void res.status(error.status).json({ error: error.code, reason: error.message, ...error.details });
  if (error instanceof AdminInputError)
    return void res.status(400).json({ error: 'bad_request', ...fieldAndReason(error) });
  if (error instanceof PlanFileError)
    return void res.status(400).json({
      error: 'bad_request',
      field: 'file',
      reason: error.message.split('\n')[0],
      problems: error.problems,
      ...(error instanceof SheetProblems ? { unreadHeaders: error.unreadHeaders } : {}),
    });
  if (error instanceof SheetReadError)
    return void res.status(400).json({ error: 'bad_request', field: 'file', reason: error.message, problems: [] });
  if (error instanceof InvitationRefused)
    return void res.status(410).json({ error: `invitation_${error.why}`, reason: error.message });
  const e = error as { type?: string; status?: number } | null;
  if (e?.type === 'entity.parse.failed')
    return void res.status(400).json({ error: 'bad_request', reason: 'The body is not valid JSON.' });
  if (e?.type === 'entity.too.large')
    return void res.status(413).json({ error: 'too_large', reason: 'The request body is too large.' });
  next(error);
}
