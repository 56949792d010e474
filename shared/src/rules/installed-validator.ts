import { type PlanFacts, rulesConfig } from './config.js';
import { VALIDATE_DOC_SOURCE } from './validate-doc.installed.js';

/**
 * The workspace's `validate_doc_update`: the shared rule function's source (generated from
 * validate-doc.ts and committed, so it is the same text however the server runs), called with the
 * rules configuration serialised beside it.
 */
export function workspaceValidator(facts: PlanFacts): string {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    `  var rules = ${VALIDATE_DOC_SOURCE};`,
    `  rules(newDoc, oldDoc, userCtx, ${JSON.stringify(rulesConfig(facts))});`,
    '}',
  ].join('\n');
}
