import { migrateDoc } from '../migrations.js';
import type { UserCtx, WorkspaceDoc } from '../types.js';
import { type PlanFacts, rulesConfig } from './config.js';
import { type AnyDoc, validateDocument, validateWorkspaceDoc } from './validate-doc.js';

/** What is wrong with a document: a stable code, the field it names, and the reason in English and Spanish. */
export interface Problem {
  code: string;
  /** The field the reason names (`percent`), when it names one. */
  field?: string;
  reason: string;
  reasonEs: string;
}

/** A write refused (401: sign in first; 403: not allowed), or a document the publisher keeps off the public side (403). */
export interface Refusal extends Problem {
  status: 401 | 403;
}

/** A refusal of one document, as the device lists it for the person. */
export interface DocumentRefusal extends Refusal {
  id: string;
}

/** The field a reason begins with: `progressReport.percent: …` names `percent`, `status: …` names `status`. */
export function fieldOf(reason: string): string | undefined {
  const named = /^([A-Za-z_][\w.[\]]*):/.exec(reason)?.[1];
  return named
    ?.split('.')
    .pop()
    ?.replace(/\[\d+\]$/, '');
}

/** Why the server would refuse this write, or null when it would accept it. */
export function writeRefusal(
  newDoc: WorkspaceDoc | AnyDoc,
  oldDoc: WorkspaceDoc | AnyDoc | null,
  user: UserCtx,
  facts?: PlanFacts,
): Refusal | null {
  return refusalOf(newDoc, oldDoc, (next, previous) => validateWorkspaceDoc(next, previous, user, rulesConfig(facts)));
}

/**
 * Why the rules that hold whoever writes (type, open plan, id, shape, times) refuse this
 * document, or null: for records an administrator loads on their authors' behalf (plan-import.ts).
 */
export function documentRefusal(
  newDoc: WorkspaceDoc | AnyDoc,
  oldDoc: WorkspaceDoc | AnyDoc | null,
  facts?: PlanFacts,
): Refusal | null {
  return refusalOf(newDoc, oldDoc, (next, previous) => validateDocument(next, previous, rulesConfig(facts)));
}

function refusalOf(
  newDoc: WorkspaceDoc | AnyDoc,
  oldDoc: WorkspaceDoc | AnyDoc | null,
  validate: (next: AnyDoc, previous: AnyDoc | null) => void,
): Refusal | null {
  try {
    // Both at the current version, so a stored document from an older release compares field by field.
    validate(migrateDoc(newDoc as AnyDoc), oldDoc ? migrateDoc(oldDoc as AnyDoc) : null);
    return null;
  } catch (thrown) {
    const e = thrown as { forbidden?: string; unauthorized?: string; code?: string; es?: string };
    if (e.unauthorized)
      return {
        status: 401,
        code: 'sign-in',
        reason: e.unauthorized,
        reasonEs: 'Inicie sesión para escribir en el espacio de trabajo.',
      };
    if (e.forbidden) {
      const field = fieldOf(e.forbidden);
      return {
        status: 403,
        code: e.code ?? 'forbidden',
        ...(field ? { field } : {}),
        reason: e.forbidden,
        reasonEs: e.es ?? e.forbidden,
      };
    }
    throw thrown;
  }
}
