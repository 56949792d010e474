import { type PlanFacts, rulesConfig } from './config.js';
import { VALIDATE_DOC_SOURCE } from './validate-doc.installed.js';

/**
 * The workspace's `validate_doc_update`: the shared rule function's source (generated from
 * validate-doc.ts and committed, so it is the same text however the server runs), called with the
 * rules configuration serialised beside it.
 *
 * The text is an expression that evaluates, once, to the function the store calls: the rules
 * and their configuration (schemas included, ~30 KB) are built when the store compiles it, not
 * for every document written, which made each call twenty times slower. CouchDB accepts any
 * expression whose value is a function (its query server evaluates the text and checks the
 * result's type).
 *
 * The gateway's account (`serverRole`) writes what the gateway has already checked with the
 * person's own rights, as a server admin does: for it the rules return at once.
 */
export function workspaceValidator(facts: PlanFacts, serverRole = ''): string {
  return [
    '(function () {',
    `  var rules = ${VALIDATE_DOC_SOURCE};`,
    `  var cfg = ${JSON.stringify(rulesConfig(facts))};`,
    `  var serverRole = ${JSON.stringify(serverRole)};`,
    '  return function (newDoc, oldDoc, userCtx, secObj) {',
    '    if (serverRole && (userCtx.roles || []).indexOf(serverRole) !== -1) return;',
    '    rules(newDoc, oldDoc, userCtx, cfg);',
    '  };',
    '})()',
  ].join('\n');
}
