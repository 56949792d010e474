import { type PlanFacts, rulesConfig } from './config.js';
import { validateWorkspaceDoc } from './validate-doc.js';

/**
 * The workspace's `validate_doc_update`: the shared rule function's own source, called with the
 * rules configuration serialised beside it. `__name` is defined because some TypeScript loaders
 * (tsx, esbuild's keepNames) wrap inner functions in calls to it.
 */
export function workspaceValidator(facts: PlanFacts): string {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    '  var __name = function (target) { return target; };',
    `  var rules = ${validateWorkspaceDoc.toString()};`,
    `  rules(newDoc, oldDoc, userCtx, ${JSON.stringify(rulesConfig(facts))});`,
    '}',
  ].join('\n');
}
