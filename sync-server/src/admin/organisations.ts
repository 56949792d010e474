import type { Organization } from '../../../shared/src/index.js';
import { writeRefusal } from '../../../shared/src/rules/permissions.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, getOrNull, putIfChanged, useDb } from '../couch/client.js';
import { allDocs, type Stored } from './remove.js';
import { AdminInputError, listUsers, setRoles } from './users.js';

/** What an administrator sends for an organisation: its id without the `org:` prefix or with it. */
export interface OrganisationInput {
  id: string;
  name: string;
  kind: string;
  acronym?: string;
  url?: string;
}

const ADMIN = { name: 'admin', roles: ['admin'] };
const orgIdOf = (id: string) => (id.startsWith('org:') ? id : `org:${id}`);

export function listOrganisations(couch: Couch, names: DbNames): Promise<Organization[]> {
  return docsWithPrefix<Organization>(useDb(couch, names.workspace), 'org:');
}

/**
 * Adds an organisation or changes one, checked by the rules every write of the workspace passes;
 * the refusal names the field. Says whether anything was written.
 */
export async function saveOrganisation(couch: Couch, names: DbNames, input: OrganisationInput): Promise<boolean> {
  const workspace = useDb(couch, names.workspace);
  const org: Organization = {
    _id: orgIdOf(input.id),
    type: 'organization',
    kind: input.kind as Organization['kind'],
    name: input.name,
  };
  if (input.acronym) org.acronym = input.acronym;
  if (input.url) org.url = input.url;
  const refusal = writeRefusal(org, null, ADMIN);
  if (refusal) {
    const field = refusal.field === '_id' ? 'id' : (refusal.field ?? 'id');
    throw new AdminInputError(refusal.reason.replace(/^(organization\.)?[\w.]+:\s*/, ''), field);
  }
  return putIfChanged(workspace, org);
}

/** Fields that name an organisation, whatever the document's type: `orgId`, `…OrgId`, `…OrgIds`. */
const ORG_FIELD = /^orgId$|OrgIds?$/;

/** One document the merge rewrites, and which of its fields. */
export interface MergeChange {
  id: string;
  type: string;
  /** What a person knows it by: its title, or its name. */
  title: string;
  fields: string[];
}

export interface MergePlan {
  from: Organization;
  into: Organization;
  documents: MergeChange[];
  /** Accounts that write for `from` and will write for `into`. */
  accounts: string[];
}

/** `doc` with every reference to `from` made one to `into` (a list keeps `into` once), and the fields changed. */
function rewritten(doc: Stored, from: string, into: string): { doc: Stored; fields: string[] } {
  const next = { ...doc } as Record<string, unknown>;
  const fields: string[] = [];
  for (const [field, value] of Object.entries(doc)) {
    if (!ORG_FIELD.test(field)) continue;
    if (value === from) {
      next[field] = into;
      fields.push(field);
    } else if (Array.isArray(value) && value.includes(from)) {
      next[field] = [...new Set(value.map((v) => (v === from ? into : v)))];
      fields.push(field);
    }
  }
  return { doc: next as unknown as Stored, fields };
}

function change(doc: Stored, fields: string[]): MergeChange {
  const named = doc as unknown as { title?: unknown; name?: unknown };
  const title = typeof named.title === 'string' ? named.title : typeof named.name === 'string' ? named.name : '';
  return { id: doc._id, type: doc.type, title, fields };
}

async function mergeParts(couch: Couch, names: DbNames, fromId: string, intoId: string) {
  const workspace = useDb(couch, names.workspace);
  const [from, into] = await Promise.all([
    getOrNull<Organization>(workspace, orgIdOf(fromId)),
    getOrNull<Organization>(workspace, orgIdOf(intoId)),
  ]);
  if (from?.type !== 'organization') throw new AdminInputError(`there is no organisation ${fromId}`, 'from');
  if (into?.type !== 'organization') throw new AdminInputError(`there is no organisation ${intoId}`, 'into');
  if (from._id === into._id) throw new AdminInputError('an organisation cannot be merged into itself', 'into');
  const rewrites = (await allDocs(couch, names))
    .map((doc) => rewritten(doc, from._id, into._id))
    .filter((r) => r.fields.length);
  const accounts = (await listUsers(couch)).filter((u) => u.roles.includes(from._id));
  return { from, into, rewrites, accounts };
}

/** What merging `from` into `into` would change, written nowhere: shown before the merge. */
export async function mergePreview(couch: Couch, names: DbNames, fromId: string, intoId: string): Promise<MergePlan> {
  const { from, into, rewrites, accounts } = await mergeParts(couch, names, fromId, intoId);
  return {
    from,
    into,
    documents: rewrites.map(({ doc, fields }) => change(doc, fields)),
    accounts: accounts.map((a) => a.name),
  };
}

/**
 * Merges `from` into `into`: every document naming `from` (commitments' leads and co-leads, key
 * actions, reports, reviews, plans' committees) names `into` instead, accounts writing for `from`
 * write for `into`, and `from` is deleted, in one bulk write of the workspace. The publisher then
 * republishes what changed.
 */
export async function mergeOrganisations(
  couch: Couch,
  names: DbNames,
  fromId: string,
  intoId: string,
): Promise<MergePlan> {
  const { from, into, rewrites, accounts } = await mergeParts(couch, names, fromId, intoId);
  const docs = [...rewrites.map((r) => r.doc), { _id: from._id, _rev: from._rev, _deleted: true }];
  const results = await useDb(couch, names.workspace).bulk({ docs });
  // A document changed meanwhile (409) keeps naming `from`, and so does `from` itself: the merge
  // said so, and running it again finishes it, since it rewrites only what still names `from`.
  const failed = results.filter((r) => r.error);
  if (failed.length)
    throw new Error(`the merge could not write ${failed.length} records, first ${failed[0]?.id}: ${failed[0]?.reason}`);
  for (const account of accounts)
    await setRoles(
      couch,
      account.name,
      account.roles.map((r) => (r === from._id ? into._id : r)),
    );
  return {
    from,
    into,
    documents: rewrites.map(({ doc, fields }) => change(doc, fields)),
    accounts: accounts.map((a) => a.name),
  };
}
