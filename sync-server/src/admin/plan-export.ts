import { DOC_TYPES, orgIdsOf, type WorkspaceDoc } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, docsByKeys, useDb, viewDocs } from '../couch/client.js';
import { PLAN_FILE_TYPES, writeCsvPlan } from './plan-file.js';
import { AdminInputError } from './users.js';

const SECTION: Record<string, string> = {
  organization: 'organizations',
  commitment: 'commitments',
  keyAction: 'keyActions',
  progressReport: 'progressReports',
  evidence: 'evidence',
};

/**
 * The documents of a plan a plan file carries, in import order, without CouchDB's revisions and
 * without the plan's public history (`revisions`): a file states the plan, and an import keeps the
 * history it finds.
 */
export async function planDocs(couch: Couch, names: DbNames, planId: string): Promise<WorkspaceDoc[]> {
  const db = useDb(couch, names.workspace);
  const rows = await viewDocs<WorkspaceDoc>(db, 'tablero', 'docs_by_plan', {
    startkey: [planId],
    endkey: [planId, {}],
  });
  const docs = rows.flatMap((row) => (row.doc ? [row.doc] : []));
  if (!docs.some((d) => d.type === 'plan')) throw new AdminInputError(`--plan: there is no plan ${planId}.`);
  const orgIds = new Set(docs.flatMap(orgIdsOf));
  const organizations = [...(await docsByKeys<WorkspaceDoc>(db, orgIds)).values()];
  const exported = [...organizations, ...docs].filter(
    (d) =>
      (PLAN_FILE_TYPES as readonly string[]).includes(d.type) &&
      !(d.type !== 'organization' && 'status' in d && d.status !== 'published'),
  );
  exported.sort((a, b) => DOC_TYPES.indexOf(a.type) - DOC_TYPES.indexOf(b.type) || a._id.localeCompare(b._id));
  return exported.map(({ _rev, ...doc }) => {
    if (doc.type !== 'plan') return doc as WorkspaceDoc;
    const { revisions, ...plan } = doc;
    return plan as WorkspaceDoc;
  });
}

export function planJson(docs: readonly WorkspaceDoc[]): string {
  const file: Record<string, unknown> = {};
  for (const doc of docs) {
    const { type, ...rest } = doc;
    if (type === 'plan') file.plan = rest;
    else {
      const section = SECTION[type] as string;
      const list = (file[section] as unknown[] | undefined) ?? [];
      list.push(rest);
      file[section] = list;
    }
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function planCsv(docs: readonly WorkspaceDoc[]): string {
  return writeCsvPlan(docs);
}
