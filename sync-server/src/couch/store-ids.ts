import { createHash } from 'node:crypto';
import { ID_PREFIX, ID_SLUG } from '../../../shared/src/schemas/index.js';

declare const docIdBrand: unique symbol;
declare const localIdBrand: unique symbol;
declare const revBrand: unique symbol;

/** A workspace document id that follows Tablero's grammar: a type prefix, then a slug. */
export type DocId = string & { readonly [docIdBrand]: true };
/** A replication checkpoint's id, as a client names it (without `_local/`). */
export type LocalId = string & { readonly [localIdBrand]: true };
/** A document revision, `generation-hash`. */
export type Rev = string & { readonly [revBrand]: true };

/** A parameter that does not follow its grammar: the parameter's name and why, for a 400. */
export class IdProblem extends Error {
  constructor(
    readonly param: string,
    reason: string,
  ) {
    super(`${param}: ${reason}`);
  }
}

const prefixes = Object.values(ID_PREFIX)
  .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');
/** Every id Tablero writes: `commitment:mx-2019-01`, `report:…` (shared/src/schemas). */
const DOC_ID = new RegExp(`^(?:${prefixes})${ID_SLUG}$`);
/**
 * PouchDB names its checkpoints with base64 of a hash, `+` and `/` replaced by `_` and `.`; a
 * checkpoint id is never a dot segment, so ids made of dots alone are refused too.
 */
const LOCAL_ID = /^[A-Za-z0-9._=-]{1,128}$/;
const REV = /^[1-9][0-9]{0,9}-[a-f0-9]{1,64}$/;

/** An account's name, as `admin user add` makes it; sign-in takes no other, so no name reaches `_users` raw. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._@-]{1,59}$/;
export const isAccountName = (name: unknown): name is string => typeof name === 'string' && ACCOUNT_NAME.test(name);

export const isDocId = (id: unknown): id is DocId => typeof id === 'string' && DOC_ID.test(id);
export const isLocalId = (id: unknown): id is LocalId =>
  typeof id === 'string' && LOCAL_ID.test(id) && !/^\.+$/.test(id);
export const isRev = (rev: unknown): rev is Rev => typeof rev === 'string' && REV.test(rev);

/** A short, printable excerpt of what was sent, for the refusal (never the whole overlong text). */
const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

export function parseDocId(value: unknown, param: string): DocId {
  if (isDocId(value)) return value;
  throw new IdProblem(
    param,
    `${typeof value === 'string' ? shown(value) : 'this'} is not a Tablero document id (a type prefix such as report: or commitment:, then at most 80 lower-case letters, digits, . _ or -).`,
  );
}

export function parseLocalId(value: unknown, param: string): LocalId {
  if (isLocalId(value)) return value;
  throw new IdProblem(
    param,
    `${typeof value === 'string' ? shown(value) : 'this'} is not a checkpoint id (1 to 128 letters, digits, . _ = or -, not only dots).`,
  );
}

export function parseRev(value: unknown, param: string): Rev {
  if (isRev(value)) return value;
  throw new IdProblem(
    param,
    `${typeof value === 'string' ? shown(value) : 'this'} is not a revision (a number, a dash, a hash).`,
  );
}

/** Where a person's checkpoints are kept: a namespace named by a hash of their account's name. */
export function checkpointNamespace(person: string): string {
  return `tablero-user~${createHash('sha256').update(person).digest('hex').slice(0, 24)}`;
}

/** A person's checkpoint as the store keeps it: inside their namespace, from a validated id. */
export function storedCheckpointId(person: string, id: LocalId): LocalId {
  return `${checkpointNamespace(person)}~${id}` as LocalId;
}

/** The list of a person's checkpoints, kept to bound how many they may have. */
export function checkpointListId(person: string): LocalId {
  return checkpointNamespace(person) as LocalId;
}
