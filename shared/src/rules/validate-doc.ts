/*
 * The workspace's write rules, as one self-contained function. The server installs its source
 * as the workspace database's `validate_doc_update` (sync-server/src/bootstrap/design-docs.ts),
 * and the app and the importer call it directly, so every place applies the same rules.
 *
 * Because CouchDB stores it as text and runs it in its own JavaScript engine, this function
 * must not use imports, closures over module state or syntax newer than ES5 (`var`, `function`,
 * no arrows, no template strings). A test parses the installed source as ES5 to hold that line.
 * Everything it needs arrives in `cfg` (see rules/config.ts). Messages name the field first,
 * because they reach the person whose write was refused.
 */
import type { JsonSchema } from '../schemas/json-schema.js';
import type { DocType, Status, UserCtx } from '../types.js';
import type { Actor } from '../workflow.js';

export interface RulesConfig {
  idPrefix: Record<DocType, string>;
  /** What follows the prefix in an id. */
  idPattern: string;
  schemas: Record<DocType, JsonSchema>;
  transitions: Record<Status, Partial<Record<Status, Actor[]>>>;
  initialStatuses: Status[];
  editableStatuses: Status[];
  workflowFields: readonly string[];
  adminTypes: DocType[];
  authoredTypes: DocType[];
  immutableFields: string[];
  closedPlanIds: string[];
  reviewPlanIds: string[];
  /** Each plan's committee organisations: committee powers hold only on plans whose committee includes yours. */
  committees: Record<string, string[]>;
  /** Each plan's start date: nothing of a plan was created long before it began. */
  planStarts: Record<string, string>;
  /** Allowed clock difference between a device and the server, in milliseconds. */
  clockSkewMs: number;
}

/** A document as CouchDB hands it over: typed loosely on purpose, since it may be anything. */
export type AnyDoc = { [field: string]: unknown; _id: string };

/** Throws `{ forbidden }` or `{ unauthorized }` the way CouchDB expects. */
export function validateWorkspaceDoc(
  newDoc: AnyDoc,
  oldDoc: AnyDoc | null,
  userCtx: UserCtx,
  cfg: RulesConfig,
): void {
  var roles = userCtx.roles || [];
  function has(list: readonly unknown[], item: unknown): boolean {
    for (var i = 0; i < list.length; i++) if (list[i] === item) return true;
    return false;
  }
  function deny(message: string): never {
    throw { forbidden: message };
  }
  function kindOf(value: unknown): string {
    if (value === null) return 'null';
    if (Object.prototype.toString.call(value) === '[object Array]') return 'array';
    return typeof value;
  }
  function same(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (kindOf(a) !== kindOf(b) || typeof a !== 'object' || a === null) return false;
    var ao = a as Record<string, unknown>;
    var bo = b as Record<string, unknown>;
    var key: string;
    for (key in ao) if (ao[key] !== undefined && !same(ao[key], bo[key])) return false;
    for (key in bo) if (bo[key] !== undefined && ao[key] === undefined) return false;
    return true;
  }
  function checkSchema(value: unknown, schema: JsonSchema, path: string, top: boolean): string | null {
    var actual = kindOf(value);
    var t = schema.type;
    var expected = schema.description || (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : 'a ' + t);
    if (t && !(t === actual || (t === 'integer' && actual === 'number' && Math.floor(value as number) === value)))
      return path + ': must be ' + expected + ', not ' + (actual === 'object' ? 'an object' : actual) + '.';
    if (schema.enum && !has(schema.enum, value)) return path + ': must be one of ' + schema.enum.join(', ') + '.';
    if (actual === 'string') {
      var s = value as string;
      if (schema.minLength !== undefined && s.length < schema.minLength)
        return path + (schema.minLength === 1 ? ': must not be empty.' : ': must have at least ' + schema.minLength + ' characters.');
      if (schema.maxLength !== undefined && s.length > schema.maxLength)
        return path + ': must have at most ' + schema.maxLength + ' characters (it has ' + s.length + ').';
      if (schema.pattern && !new RegExp(schema.pattern).test(s))
        return path + ': "' + (s.length > 40 ? s.slice(0, 40) + '…' : s) + '" is not ' + expected + '.';
      if (schema.format && !realDay(s)) return path + ': "' + s + '" is not a day of the calendar.';
    }
    if (actual === 'number') {
      var n = value as number;
      if (schema.minimum !== undefined && n < schema.minimum) return path + ': must be at least ' + schema.minimum + '.';
      if (schema.maximum !== undefined && n > schema.maximum) return path + ': must be at most ' + schema.maximum + '.';
    }
    if (actual === 'array') {
      var list = value as unknown[];
      if (schema.minItems !== undefined && list.length < schema.minItems)
        return path + ': must list at least ' + schema.minItems + (schema.minItems === 1 ? ' item.' : ' items.');
      if (schema.maxItems !== undefined && list.length > schema.maxItems)
        return path + ': must list at most ' + schema.maxItems + ' items.';
      for (var i = 0; i < list.length; i++) {
        if (schema.uniqueItems && has(list.slice(0, i), list[i])) return path + '[' + i + ']: repeats "' + list[i] + '".';
        var itemProblem = schema.items ? checkSchema(list[i], schema.items, path + '[' + i + ']', false) : null;
        if (itemProblem) return itemProblem;
      }
    }
    if (actual === 'object') {
      var obj = value as Record<string, unknown>;
      var props = schema.properties || {};
      var required = schema.required || [];
      for (var r = 0; r < required.length; r++)
        if (obj[required[r] as string] === undefined) return path + '.' + required[r] + ': is required.';
      for (var key in obj) {
        if (top && key.charAt(0) === '_') continue;
        var propSchema = props[key];
        if (!propSchema) {
          if (schema.additionalProperties === false) return path + '.' + key + ': is not a field of ' + path + '.';
          continue;
        }
        var problem = checkSchema(obj[key], propSchema, path + '.' + key, false);
        if (problem) return problem;
      }
    }
    return null;
  }

  function realDay(value: string): boolean {
    var day = new Date(value.slice(0, 10) + 'T00:00:00Z');
    return day.getTime() >= -8.64e15 && day.toISOString().slice(0, 10) === value.slice(0, 10);
  }
  function timeOf(value: unknown): number {
    return typeof value === 'string' ? new Date(value.length === 10 ? value + 'T00:00:00Z' : value).getTime() : NaN;
  }

  if (has(roles, '_admin')) return;
  if (!userCtx.name) throw { unauthorized: 'Sign in to write to the workspace.' };
  var isAdmin = has(roles, 'admin');
  var myOrg = '';
  for (var o = 0; o < roles.length; o++) if ((roles[o] as string).indexOf('org:') === 0) myOrg = roles[o] as string;
  var isReporter = has(roles, 'reporter');
  var doc = newDoc._deleted ? oldDoc : newDoc;
  if (!doc) return;
  var type = doc.type as DocType;
  if (typeof type !== 'string' || !cfg.schemas[type]) deny('type: "' + type + '" is not a Tablero document type.');
  var planId = (type === 'plan' ? doc._id : doc.planId) as string;
  var isCommittee = has(roles, 'committee') && has(cfg.committees[planId] || [], myOrg);
  if (has(cfg.closedPlanIds, planId) || (oldDoc && has(cfg.closedPlanIds, oldDoc.planId)))
    deny('planId: the plan ' + planId + ' is closed; its records are read-only.');
  var orgId = doc.orgId as string;
  var ownOrg = has(roles, orgId);
  var roleDenied = 'Your account (' + roles.join(', ') + ') may not write a document of type ' + type + ' on ' + planId + '.';
  var orgDenied = orgId === myOrg ? roleDenied : 'orgId: you write for ' + (roles.filter(function (role) { return role.indexOf('org:') === 0; }).join(', ') || 'no organisation') + ', not for ' + orgId + '.';

  if (newDoc._deleted) {
    var old = oldDoc as AnyDoc;
    if (has(cfg.adminTypes, type) && isAdmin) return;
    if (has(cfg.authoredTypes, type) && ownOrg && old.createdBy === userCtx.name && has(cfg.editableStatuses, old.status)) return;
    deny('_deleted: only a draft can be deleted, by the person who wrote it; other records are kept as history.');
  }
  if (oldDoc && oldDoc.type !== type) deny('type: a ' + oldDoc.type + ' cannot become a ' + type + '.');
  if (newDoc._id.indexOf(cfg.idPrefix[type]) !== 0) deny('_id: the id of a ' + type + ' must start with "' + cfg.idPrefix[type] + '".');
  if (!new RegExp('^' + cfg.idPattern + '$').test(newDoc._id.slice(cfg.idPrefix[type].length)))
    deny('_id: "' + newDoc._id + '" must continue after "' + cfg.idPrefix[type] + '" with lower-case letters, digits, . _ or - (at most 80).');
  var shapeProblem = checkSchema(newDoc, cfg.schemas[type], type, true);
  if (shapeProblem) deny(shapeProblem);
  var latest = Date.now() + cfg.clockSkewMs;
  var timeFields = ['createdAt', 'updatedAt', 'reviewedAt'];
  for (var tf = 0; tf < timeFields.length; tf++) {
    var tname = timeFields[tf] as string;
    if (newDoc[tname] !== undefined && newDoc[tname] !== (oldDoc ? oldDoc[tname] : undefined) && timeOf(newDoc[tname]) > latest)
      deny(tname + ': ' + newDoc[tname] + ' is in the future; check the device clock.');
  }
  if (type !== 'plan' && type !== 'commitment' && type !== 'keyAction' && timeOf(newDoc.date) > latest)
    deny('date: ' + newDoc.date + ' is in the future; report what has already happened.');
  var planStart = timeOf(cfg.planStarts[planId]);
  if (!oldDoc && newDoc.createdAt !== undefined && timeOf(newDoc.createdAt) < planStart - 366 * 86400000)
    deny('createdAt: ' + newDoc.createdAt + ' is more than a year before the plan began.');

  if (has(cfg.adminTypes, type)) {
    if (!isAdmin) deny('Only administrators can change a ' + type + '.');
    return;
  }
  if (oldDoc && newDoc.createdBy !== oldDoc.createdBy) deny('createdBy: cannot change once created.');
  if (!oldDoc && newDoc.createdBy !== userCtx.name) deny('createdBy: must be your own user name, ' + userCtx.name + '.');

  if (type === 'review' || type === 'evaluation') {
    if (!isCommittee) deny(type === 'review' ? 'Only committee members of ' + planId + ' write its observations and meeting records.' : 'Only committee members of ' + planId + ' evaluate its commitments.');
    if (type === 'evaluation' && newDoc.level !== newDoc.suggestedLevel && !newDoc.reason)
      deny('reason: say why the level differs from the one progress suggests.');
    if (!ownOrg) deny(orgDenied);
    if (oldDoc && oldDoc.createdBy !== userCtx.name) deny('Only the author of an observation can change it.');
    return;
  }

  // Authored, workflow-bound documents: progress reports, evidence, assessments.
  // Committee members also author evidence: the minutes of their review meetings.
  var author = type === 'assessment' && newDoc.by === 'committee' ? isCommittee && ownOrg : (isReporter || (type === 'evidence' && isCommittee)) && ownOrg;
  var to = newDoc.status as Status;
  if (!oldDoc) {
    if (!author) deny(isReporter || isCommittee ? orgDenied : 'Only reporters write a ' + type + '.');
    if (!has(cfg.initialStatuses, to)) deny('status: a new ' + type + ' starts as ' + cfg.initialStatuses.join(', ') + ', not ' + to + '.');
    if (newDoc.reviewedBy !== undefined) deny('reviewedBy: only the committee validates or returns.');
    if (to === 'published' && has(cfg.reviewPlanIds, planId)) deny('status: this plan asks for review; submit the ' + type + ' for the committee to validate.');
    return;
  }
  for (var f = 0; f < cfg.immutableFields.length; f++) {
    var field = cfg.immutableFields[f] as string;
    if (!same(newDoc[field], oldDoc[field])) deny(field + ': cannot change once created.');
  }
  var from = oldDoc.status as Status;
  var frozen = 'a ' + from + ' ' + type + ' cannot be edited; publish a new one that corrects it.';
  if (from === to && !has(cfg.editableStatuses, from)) {
    if (!author && !isCommittee) deny(orgDenied);
    for (var field0 in newDoc) if (field0.charAt(0) !== '_' && !same(newDoc[field0], oldDoc[field0])) deny(field0 + ': ' + frozen);
    for (var field1 in oldDoc) if (field1.charAt(0) !== '_' && newDoc[field1] === undefined) deny(field1 + ': ' + frozen);
    return;
  }
  var allowed = cfg.transitions[from][to] || [];
  var asAuthor = author && has(allowed, 'author');
  var asCommittee = isCommittee && has(allowed, 'committee');
  if (!asAuthor && !asCommittee) {
    if (!author && !isCommittee) deny(orgDenied);
    var movers = allowed.length ? ' only by ' + (allowed[0] === 'author' ? 'its own organisation' : 'the committee') : ' by nobody';
    deny('status: a ' + type + ' moves from ' + from + ' to ' + to + movers + '.');
  }
  if (to === 'published' && from !== 'submitted' && has(cfg.reviewPlanIds, planId))
    deny('status: this plan asks for review; submit the ' + type + ' for the committee to validate.');
  if (!(asAuthor && has(cfg.editableStatuses, from))) {
    for (var key in newDoc) {
      if (key.charAt(0) !== '_' && !has(cfg.workflowFields, key) && !same(newDoc[key], oldDoc[key]))
        deny(key + ': ' + frozen);
    }
    for (var oldKey in oldDoc) {
      if (oldKey.charAt(0) !== '_' && !has(cfg.workflowFields, oldKey) && newDoc[oldKey] === undefined)
        deny(oldKey + ': ' + frozen);
    }
  }
  if (asCommittee && !asAuthor) {
    if (newDoc.reviewedBy !== userCtx.name) deny('reviewedBy: must be your own user name, ' + userCtx.name + '.');
  } else if (newDoc.reviewedBy !== oldDoc.reviewedBy) {
    deny('reviewedBy: only the committee validates or returns.');
  }
  if (to === 'returned' && !newDoc.returnReason) deny('returnReason: say why it is returned, so the reporter can correct it.');
  if (to === 'withdrawn' && !newDoc.withdrawnReason) deny('withdrawnReason: say why it is withdrawn; the public history shows it.');
}
