import type { UserCtx, WorkspaceDoc } from '../types.js';
import { type PlanFacts, rulesConfig } from './config.js';
import { type AnyDoc, validateWorkspaceDoc } from './validate-doc.js';

export interface Refusal {
  status: 401 | 403;
  reason: string;
}

/** Why the server would refuse this write, or null when it would accept it. */
export function writeRefusal(
  newDoc: WorkspaceDoc | AnyDoc,
  oldDoc: WorkspaceDoc | AnyDoc | null,
  user: UserCtx,
  facts?: PlanFacts,
): Refusal | null {
  try {
    validateWorkspaceDoc(newDoc as AnyDoc, oldDoc as AnyDoc | null, user, rulesConfig(facts));
    return null;
  } catch (thrown) {
    const e = thrown as { forbidden?: string; unauthorized?: string };
    if (e.unauthorized) return { status: 401, reason: e.unauthorized };
    if (e.forbidden) return { status: 403, reason: e.forbidden };
    throw thrown;
  }
}
