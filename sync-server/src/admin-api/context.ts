import type { Response } from 'express';
import { recordAudit } from '../admin/audit.js';
import type { DbNames } from '../config.js';
import type { Couch } from '../couch/client.js';
import { adminOf } from './door.js';

export interface AdminContext {
  couch: Couch;
  names: DbNames;
  /** The site's name, language and public address, for the links and mails of invitations. */
  site: () => Promise<{ name?: string; language?: 'es' | 'en'; publicUrl: string }>;
  /** Whether mail leaves through an SMTP server; without one the page shows an invitation's link to copy. */
  mailConfigured: boolean;
}

/** Notes an action done from the admin page under the administrator's name. */
export function audit(
  ctx: AdminContext,
  res: Response,
  action: string,
  target?: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(ctx.couch, ctx.names, {
    who: adminOf(res).name,
    via: 'web',
    action,
    ...(target ? { target } : {}),
    ...(detail ? { detail } : {}),
  });
}
