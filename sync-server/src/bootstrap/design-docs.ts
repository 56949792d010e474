import { type Plan, type PlanFacts, planFacts } from '../../../shared/src/index.js';
import { workspaceValidator } from '../../../shared/src/rules/installed-validator.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, putIfChanged, useDb } from '../couch/client.js';
import { gatewayRole } from '../couch/gateway-account.js';

export const DDOC_ID = '_design/tablero';

const onlyServerAdmins = (what: string): string =>
  `function (newDoc, oldDoc, userCtx) { if (userCtx.roles.indexOf('_admin') === -1) throw ({ forbidden: '${what}' }); }`;

export function workspaceDesignDoc(facts: PlanFacts, workspaceDb: string) {
  return {
    _id: DDOC_ID,
    language: 'javascript',
    validate_doc_update: workspaceValidator(facts, gatewayRole(workspaceDb)),
    views: {
      docs_by_plan: {
        map: 'function (doc) { if (doc.type === "plan") emit([doc._id, doc.type], null); else if (doc.planId) emit([doc.planId, doc.type], null); }',
      },
    },
  };
}

export const publicDesignDoc = {
  _id: DDOC_ID,
  language: 'javascript',
  validate_doc_update: onlyServerAdmins('The public database is written only by the publisher.'),
};

export const filesDesignDoc = {
  _id: DDOC_ID,
  language: 'javascript',
  validate_doc_update: onlyServerAdmins('Files are stored through the upload API, which checks their hash.'),
};

/** Rebuilds the workspace rules from the current plans; cheap when nothing changed. */
export async function syncWorkspaceRules(couch: Couch, names: DbNames): Promise<boolean> {
  const workspace = useDb(couch, names.workspace);
  const plans = await docsWithPrefix<Plan>(workspace, 'plan:');
  return putIfChanged(workspace, workspaceDesignDoc(planFacts(plans), names.workspace));
}
