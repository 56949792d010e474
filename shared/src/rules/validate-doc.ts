/*
 * The workspace's write rules, as one function: the gateway applies it to every write with the
 * person's identity before it reaches the store, and the app and the importer call it too, so
 * every place applies the same rules. The store runs no copy of it (design-docs.ts says why).
 *
 * It is written in ES5 style (`var`, `function`, a `cfg` argument instead of imports) from when
 * CouchDB ran its source as `validate_doc_update`; nothing needs that any more, and nothing
 * depends on it. Everything it needs arrives in `cfg` (see rules/config.ts). Messages name the
 * field first, because they reach the person whose write was refused.
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
  /**
   * The checking machine's offset from UTC, in minutes: a reported day is judged against that
   * machine's own today (the server's, which runs in the country's time zone), so nothing is
   * published dated after the server's today, whatever a device's clock says.
   */
  utcOffsetMinutes: number;
}

/** What a field's schema asks for, in the words of a refusal. */
function expectedOf(schema: JsonSchema): string {
  var t = schema.type;
  return schema.description || (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : 'a ' + t);
}

/**
 * Each pattern compiled once: the gateway checks every document of a write of a thousand, and
 * compiling the schemas' patterns again for each was a fifth of the check's time (measured).
 */
var PATTERNS = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  var compiled = PATTERNS.get(source);
  if (!compiled) {
    compiled = new RegExp(source);
    PATTERNS.set(source, compiled);
  }
  return compiled;
}

/** Whether `value` starts with a day of the calendar (YYYY-MM-DD, already checked by its pattern). */
function realDay(value: string): boolean {
  var year = Number(value.slice(0, 4));
  var month = Number(value.slice(5, 7));
  var day = Number(value.slice(8, 10));
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  var length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= length;
}

/*
 * The helpers below are the rule function's, at module level so a write of a thousand documents
 * does not make them again for each one (the rules are applied once per document written).
 */
/**
 * A field of the object itself: `obj[key]` would also find what every object inherits
 * (`constructor`, `toString`, `__proto__`…), and take a field by one of those names for a known one.
 */
function own(obj: unknown, key: string): unknown {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; CouchDB's SpiderMonkey 78 has no such function.
  return typeof obj === 'object' && obj !== null && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}
function has(list: readonly unknown[], item: unknown): boolean {
  for (var i = 0; i < list.length; i++) if (list[i] === item) return true;
  return false;
}
/** A refusal: a stable code, the English reason CouchDB shows, and the Spanish one the app shows. */
function deny(refusalCode: string, en: string, inSpanish: string): never {
  throw { forbidden: en, code: refusalCode, es: inSpanish };
}
var TYPE_ES: Record<string, string> = {
  plan: 'el plan',
  organization: 'la organización',
  commitment: 'el compromiso',
  keyAction: 'la acción clave',
  progressReport: 'el reporte de avance',
  evidence: 'la evidencia',
  review: 'la observación',
  assessment: 'la valoración',
  evaluation: 'la evaluación',
  question: 'la pregunta',
  answer: 'la respuesta',
};
var STATUS_ES: Record<string, string> = {
  draft: 'borrador',
  submitted: 'enviado a revisión',
  returned: 'devuelto',
  published: 'publicado',
  withdrawn: 'retirado',
};
function typeEs(t: unknown): string {
  return (own(TYPE_ES, t as string) as string) || String(t);
}
function statusEs(st: unknown): string {
  return (own(STATUS_ES, st as string) as string) || String(st);
}
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (kindOf(a) !== kindOf(b) || typeof a !== 'object' || a === null) return false;
  var ao = a as object;
  var bo = b as object;
  var key: string;
  for (key in ao) if (own(ao, key) !== undefined && !same(own(ao, key), own(bo, key))) return false;
  for (key in bo) if (own(bo, key) !== undefined && own(ao, key) === undefined) return false;
  return true;
}
function checkSchema(value: unknown, schema: JsonSchema, path: string, top: boolean): string[] | null {
  var actual = kindOf(value);
  var t = schema.type;
  if (t && !(t === actual || (t === 'integer' && actual === 'number' && Math.floor(value as number) === value)))
    return ['wrong-type', path + ': must be ' + expectedOf(schema) + ', not ' + (actual === 'object' ? 'an object' : actual) + '.', path + ': no tiene el tipo esperado (' + expectedOf(schema) + ').'];
  if (schema.enum && !has(schema.enum, value))
    return ['not-allowed-value', path + ': must be one of ' + schema.enum.join(', ') + '.', path + ': debe ser uno de ' + schema.enum.join(', ') + '.'];
  if (actual === 'string') {
    var s = value as string;
    if (schema.minLength !== undefined && s.length < schema.minLength)
      return schema.minLength === 1
        ? ['empty', path + ': must not be empty.', path + ': no puede quedar vacío.']
        : ['too-short', path + ': must have at least ' + schema.minLength + ' characters.', path + ': debe tener al menos ' + schema.minLength + ' caracteres.'];
    if (schema.maxLength !== undefined && s.length > schema.maxLength)
      return ['too-long', path + ': must have at most ' + schema.maxLength + ' characters (it has ' + s.length + ').', path + ': debe tener como máximo ' + schema.maxLength + ' caracteres (tiene ' + s.length + ').'];
    if (schema.pattern && !patternOf(schema.pattern).test(s))
      return ['bad-format', path + ': "' + (s.length > 40 ? s.slice(0, 40) + '…' : s) + '" is not ' + expectedOf(schema) + '.', path + ': «' + (s.length > 40 ? s.slice(0, 40) + '…' : s) + '» no tiene el formato esperado (' + expectedOf(schema) + ').'];
    if (schema.format && !realDay(s))
      return ['not-a-day', path + ': "' + s + '" is not a day of the calendar.', path + ': «' + s + '» no es un día del calendario.'];
  }
  if (actual === 'number') {
    var n = value as number;
    if (schema.minimum !== undefined && n < schema.minimum)
      return ['too-small', path + ': must be at least ' + schema.minimum + '.', path + ': debe ser al menos ' + schema.minimum + '.'];
    if (schema.maximum !== undefined && n > schema.maximum)
      return ['too-large', path + ': must be at most ' + schema.maximum + '.', path + ': debe ser como máximo ' + schema.maximum + '.'];
  }
  if (actual === 'array') {
    var list = value as unknown[];
    if (schema.minItems !== undefined && list.length < schema.minItems)
      return ['too-few', path + ': must list at least ' + schema.minItems + (schema.minItems === 1 ? ' item.' : ' items.'), path + ': debe incluir al menos ' + schema.minItems + (schema.minItems === 1 ? ' elemento.' : ' elementos.')];
    if (schema.maxItems !== undefined && list.length > schema.maxItems)
      return ['too-many', path + ': must list at most ' + schema.maxItems + ' items.', path + ': debe incluir como máximo ' + schema.maxItems + ' elementos.'];
    for (var i = 0; i < list.length; i++) {
      if (schema.uniqueItems && has(list.slice(0, i), list[i]))
        return ['repeated', path + '[' + i + ']: repeats "' + list[i] + '".', path + '[' + i + ']: repite «' + list[i] + '».'];
      var itemProblem = schema.items ? checkSchema(list[i], schema.items, path + '[' + i + ']', false) : null;
      if (itemProblem) return itemProblem;
    }
  }
  if (actual === 'object') {
    var obj = value as Record<string, unknown>;
    var props = schema.properties || {};
    var required = schema.required || [];
    for (var r = 0; r < required.length; r++)
      if (own(obj, required[r] as string) === undefined)
        return ['required', path + '.' + required[r] + ': is required.', path + '.' + required[r] + ': es obligatorio.'];
    for (var key in obj) {
      if (top && key.charAt(0) === '_') continue;
      var propSchema = own(props, key) as JsonSchema | undefined;
      if (!propSchema) {
        if (schema.additionalProperties === false)
          return ['unknown-field', path + '.' + key + ': is not a field of ' + path + '.', path + '.' + key + ': no es un campo de ' + path + '.'];
        continue;
      }
      var problem = checkSchema(own(obj, key), propSchema, path + '.' + key, false);
      if (problem) return problem;
    }
  }
  return null;
}

function timeOf(value: unknown): number {
  return typeof value === 'string' ? new Date(value.length === 10 ? value + 'T00:00:00Z' : value).getTime() : NaN;
}

/**
 * The calendar day (YYYY-MM-DD) of a time in milliseconds, remembered for the minute it falls in:
 * formatting a date for each document was the rule function's largest single cost (measured).
 */
var dayMemo = { minute: NaN, day: '' };
function dayAt(ms: number): string {
  var minute = Math.floor(ms / 60000);
  if (minute !== dayMemo.minute) dayMemo = { minute: minute, day: new Date(minute * 60000).toISOString().slice(0, 10) };
  return dayMemo.day;
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

  /**
   * Questions arrive through the public API, written by the server; the plan's committee only
   * moderates them: it publishes or rejects (with a reason it alone reads), and changes nothing else.
   */
  function checkModeration(): void {
    var old = oldDoc as AnyDoc;
    if (!isCommittee)
      deny('committee-only', 'Only committee members of ' + planId + ' moderate its questions.', 'Solo el comité de ' + planId + ' modera sus preguntas.');
    var moderation = ['status', 'moderatedBy', 'moderatedByOrgId', 'moderatedAt', 'rejectionReason', 'publishedAt'];
    for (var qf in newDoc)
      if (qf.charAt(0) !== '_' && !has(moderation, qf) && !same(own(newDoc, qf), own(old, qf)))
        deny('immutable', qf + ': the committee moderates a question; it does not change what was asked.', qf + ': el comité modera la pregunta; no cambia lo que se preguntó.');
    for (var qo in old)
      if (qo.charAt(0) !== '_' && !has(moderation, qo) && own(newDoc, qo) === undefined)
        deny('immutable', qo + ': the committee moderates a question; it does not change what was asked.', qo + ': el comité modera la pregunta; no cambia lo que se preguntó.');
    if (newDoc.status === 'pending' && old.status !== 'pending')
      deny('bad-transition', 'status: a moderated question does not go back to pending.', 'status: una pregunta moderada no vuelve a quedar pendiente.');
    if (newDoc.moderatedBy !== userCtx.name)
      deny('not-yourself', 'moderatedBy: must be your own user name, ' + userCtx.name + '.', 'moderatedBy: debe ser su propio usuario, ' + userCtx.name + '.');
    if (newDoc.moderatedByOrgId !== myOrg)
      deny('other-organisation', 'moderatedByOrgId: must be your own organisation, ' + myOrg + '.', 'moderatedByOrgId: debe ser su propia organización, ' + myOrg + '.');
    if (newDoc.status === 'rejected' && !newDoc.rejectionReason)
      deny('reason-required', 'rejectionReason: say why it is rejected; only the committee reads it.', 'rejectionReason: explique por qué se rechaza; solo el comité lo lee.');
    if (newDoc.status !== 'rejected' && newDoc.rejectionReason !== undefined)
      deny('not-allowed-value', 'rejectionReason: only a rejected question has one.', 'rejectionReason: solo una pregunta rechazada la tiene.');
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
  if (typeof type !== 'string' || !own(cfg.schemas, type)) deny('unknown-type', 'type: "' + type + '" is not a Tablero document type.', 'type: «' + type + '» no es un tipo de documento de Tablero.');
  var planId = (type === 'plan' ? doc._id : doc.planId) as string;
  var isCommittee = has(roles, 'committee') && has((own(cfg.committees, planId) as string[]) || [], myOrg);
  if (has(cfg.closedPlanIds, planId) || (oldDoc && has(cfg.closedPlanIds, oldDoc.planId)))
    deny('closed-plan', 'planId: the plan ' + planId + ' is closed; its records are read-only.', 'planId: el plan ' + planId + ' está cerrado; sus registros ya no se modifican.');
  var orgId = doc.orgId as string;
  var ownOrg = has(roles, orgId);
  function denyOrg(): never {
    if (orgId === myOrg)
      deny('role-not-allowed', 'Your account (' + roles.join(', ') + ') may not write a document of type ' + type + ' on ' + planId + '.', 'Su cuenta (' + roles.join(', ') + ') no puede escribir ' + typeEs(type) + ' en ' + planId + '.');
    deny('other-organisation', 'orgId: you write for ' + (myOrg || 'no organisation') + ', not for ' + orgId + '.', 'orgId: usted escribe por ' + (myOrg || 'ninguna organización') + ', no por ' + orgId + '.');
  }

  function denyReviewer(): never {
    deny('committee-only', 'reviewedBy: only the committee validates or returns.', 'reviewedBy: solo el comité valida o devuelve.');
  }
  function denyReviewPlan(): never {
    deny('review-required', 'status: this plan asks for review; submit the ' + type + ' for the committee to validate.', 'status: este plan pide revisión; envíe ' + typeEs(type) + ' para que el comité lo valide.');
  }

  if (newDoc._deleted) {
    var old = oldDoc as AnyDoc;
    if (has(cfg.adminTypes, type) && isAdmin) return;
    if (has(cfg.authoredTypes, type) && ownOrg && old.createdBy === userCtx.name && has(cfg.editableStatuses, old.status)) return;
    deny('not-deletable', '_deleted: only a draft can be deleted, by the person who wrote it; other records are kept as history.', '_deleted: solo se borra un borrador, y solo quien lo escribió; los demás registros se conservan como historia.');
  }
  // Before the shape: what the server alone sets (receivedAt) is missing from any other writer's question.
  if (type === 'question' && !oldDoc)
    deny('server-only', 'Questions from the public arrive through the public API; nobody writes one in the workspace.', 'Las preguntas del público llegan por la API pública; nadie las escribe en el espacio de trabajo.');
  if (oldDoc && oldDoc.type !== type)
    deny('type-changed', 'type: a ' + oldDoc.type + ' cannot become a ' + type + '.', 'type: ' + typeEs(oldDoc.type) + ' no puede convertirse en ' + typeEs(type) + '.');
  if (newDoc._id.indexOf(cfg.idPrefix[type]) !== 0)
    deny('bad-id', '_id: the id of a ' + type + ' must start with "' + cfg.idPrefix[type] + '".', '_id: el identificador de ' + typeEs(type) + ' debe empezar por «' + cfg.idPrefix[type] + '».');
  if (!patternOf('^' + cfg.idPattern + '$').test(newDoc._id.slice(cfg.idPrefix[type].length)))
    deny('bad-id', '_id: "' + newDoc._id + '" must continue after "' + cfg.idPrefix[type] + '" with lower-case letters, digits, . _ or - (at most 80).', '_id: «' + newDoc._id + '» debe seguir a «' + cfg.idPrefix[type] + '» con minúsculas, dígitos, . _ o - (hasta 80).');
  var shapeProblem = checkSchema(newDoc, cfg.schemas[type], type, true);
  if (shapeProblem) deny(shapeProblem[0] as string, shapeProblem[1] as string, shapeProblem[2] as string);
  var latest = Date.now() + cfg.clockSkewMs;
  var timeFields = ['createdAt', 'updatedAt', 'reviewedAt', 'moderatedAt'];
  for (var tf = 0; tf < timeFields.length; tf++) {
    var tname = timeFields[tf] as string;
    if (newDoc[tname] !== undefined && newDoc[tname] !== (oldDoc ? oldDoc[tname] : undefined) && timeOf(newDoc[tname]) > latest)
      deny('future-time', tname + ': ' + newDoc[tname] + ' is in the future; check the device clock.', tname + ': ' + newDoc[tname] + ' está en el futuro; revise el reloj del equipo.');
  }
  var localToday = dayAt(Date.now() + cfg.utcOffsetMinutes * 60000);
  var reportedDay = typeof newDoc.date === 'string' ? newDoc.date.slice(0, 10) : '';
  if (type !== 'plan' && type !== 'commitment' && type !== 'keyAction' && reportedDay > localToday)
    deny('future-date', 'date: ' + newDoc.date + ' is in the future; report what has already happened.', 'date: ' + newDoc.date + ' está en el futuro; reporte lo que ya ocurrió.');
  var planStart = timeOf(own(cfg.planStarts, planId));
  if (!oldDoc && newDoc.createdAt !== undefined && timeOf(newDoc.createdAt) < planStart - 366 * 86400000)
    deny('before-plan', 'createdAt: ' + newDoc.createdAt + ' is more than a year before the plan began.', 'createdAt: ' + newDoc.createdAt + ' es más de un año anterior al inicio del plan.');

  if (has(cfg.adminTypes, type)) {
    if (!isAdmin) deny('admin-only', 'Only administrators can change a ' + type + '.', 'Solo la administración puede cambiar ' + typeEs(type) + '.');
    return;
  }
  if (type === 'question') {
    checkModeration();
    return;
  }
  if (oldDoc && newDoc.createdBy !== oldDoc.createdBy)
    deny('immutable', 'createdBy: cannot change once created.', 'createdBy: no cambia una vez creado.');
  if (!oldDoc && newDoc.createdBy !== userCtx.name)
    deny('not-yourself', 'createdBy: must be your own user name, ' + userCtx.name + '.', 'createdBy: debe ser su propio usuario, ' + userCtx.name + '.');

  if (type === 'review' || type === 'evaluation') {
    if (!isCommittee)
      deny('committee-only', type === 'review' ? 'Only committee members of ' + planId + ' write its observations and meeting records.' : 'Only committee members of ' + planId + ' evaluate its commitments.', type === 'review' ? 'Solo el comité de ' + planId + ' escribe sus observaciones y minutas de reunión.' : 'Solo el comité de ' + planId + ' evalúa sus compromisos.');
    if (type === 'evaluation' && newDoc.level !== newDoc.suggestedLevel && !newDoc.reason)
      deny('reason-required', 'reason: say why the level differs from the one progress suggests.', 'reason: explique por qué el nivel difiere del que sugiere el avance.');
    if (!ownOrg) denyOrg();
    if (oldDoc && oldDoc.createdBy !== userCtx.name)
      deny('author-only', 'Only the author of an observation can change it.', 'Solo quien escribió la observación puede cambiarla.');
    return;
  }

  if (type === 'answer') {
    // Which organisations may answer (those responsible for the commitment) needs the commitment:
    // the gateway checks it (rules/cross-document.ts).
    if (!isReporter || !ownOrg) {
      if (isReporter) denyOrg();
      deny('reporters-only', 'Only reporters of the responsible organisations answer questions.', 'Solo quienes reportan por las organizaciones responsables responden preguntas.');
    }
    if (oldDoc) {
      if (oldDoc.createdBy !== userCtx.name)
        deny('author-only', 'Only the author of an answer can change it.', 'Solo quien escribió la respuesta puede cambiarla.');
      var fixed = ['planId', 'commitmentId', 'questionId', 'orgId', 'createdAt'];
      for (var fx = 0; fx < fixed.length; fx++)
        if (newDoc[fixed[fx] as string] !== oldDoc[fixed[fx] as string])
          deny('immutable', fixed[fx] + ': cannot change once created.', fixed[fx] + ': no cambia una vez creado.');
    }
    return;
  }

  // Authored, workflow-bound documents: progress reports, evidence, assessments.
  // Committee members also author evidence: the minutes of their review meetings.
  var author = type === 'assessment' && newDoc.by === 'committee' ? isCommittee && ownOrg : (isReporter || (type === 'evidence' && isCommittee)) && ownOrg;
  var to = newDoc.status as Status;
  // The committee's own documents (meeting minutes, its own assessment) do not wait for its own review.
  var committeeOwn = isCommittee && ownOrg && (type === 'evidence' || (type === 'assessment' && newDoc.by === 'committee'));
  if (!oldDoc) {
    if (!author) {
      if (isReporter || isCommittee) denyOrg();
      deny('reporters-only', 'Only reporters write a ' + type + '.', 'Solo quienes reportan escriben ' + typeEs(type) + '.');
    }
    if (!has(cfg.initialStatuses, to))
      deny('bad-status', 'status: a new ' + type + ' starts as ' + cfg.initialStatuses.join(', ') + ', not ' + to + '.', 'status: ' + typeEs(type) + ' empieza como borrador, enviado o publicado, no como ' + statusEs(to) + '.');
    if (newDoc.reviewedBy !== undefined || newDoc.reviewedByOrgId !== undefined) denyReviewer();
    if (to === 'published' && has(cfg.reviewPlanIds, planId) && !committeeOwn) denyReviewPlan();
    return;
  }
  for (var f = 0; f < cfg.immutableFields.length; f++) {
    var field = cfg.immutableFields[f] as string;
    if (!same(newDoc[field], oldDoc[field])) deny('immutable', field + ': cannot change once created.', field + ': no cambia una vez creado.');
  }
  var from = oldDoc.status as Status;
  function denyFrozen(name: string): never {
    deny('frozen', name + ': a ' + from + ' ' + type + ' cannot be edited; publish a new one that corrects it.', name + ': ' + typeEs(type) + ' en estado ' + statusEs(from) + ' ya no se edita; publique uno nuevo que lo corrija.');
  }
  if (from === to && !has(cfg.editableStatuses, from)) {
    if (!author && !isCommittee) denyOrg();
    for (var field0 in newDoc) if (field0.charAt(0) !== '_' && !same(own(newDoc, field0), own(oldDoc, field0))) denyFrozen(field0);
    for (var field1 in oldDoc) if (field1.charAt(0) !== '_' && own(newDoc, field1) === undefined) denyFrozen(field1);
    return;
  }
  var allowed = cfg.transitions[from][to] || [];
  var asAuthor = author && has(allowed, 'author');
  var asCommittee = isCommittee && has(allowed, 'committee');
  if (!asAuthor && !asCommittee) {
    if (!author && !isCommittee) denyOrg();
    var movers = allowed.length ? ' only by ' + (allowed[0] === 'author' ? 'its own organisation' : 'the committee') : ' by nobody';
    var moversEs = allowed.length ? ' solo ' + (allowed[0] === 'author' ? 'por su propia organización' : 'por el comité') : ' por nadie';
    deny('bad-transition', 'status: a ' + type + ' moves from ' + from + ' to ' + to + movers + '.', 'status: ' + typeEs(type) + ' pasa de ' + statusEs(from) + ' a ' + statusEs(to) + moversEs + '.');
  }
  if (to === 'published' && from !== 'submitted' && has(cfg.reviewPlanIds, planId) && !committeeOwn) denyReviewPlan();
  if (!(asAuthor && has(cfg.editableStatuses, from))) {
    for (var key in newDoc) {
      if (key.charAt(0) !== '_' && !has(cfg.workflowFields, key) && !same(own(newDoc, key), own(oldDoc, key)))
        denyFrozen(key);
    }
    for (var oldKey in oldDoc) {
      if (oldKey.charAt(0) !== '_' && !has(cfg.workflowFields, oldKey) && own(newDoc, oldKey) === undefined)
        denyFrozen(oldKey);
    }
  }
  if (asCommittee && !asAuthor) {
    if (newDoc.reviewedBy !== userCtx.name)
      deny('not-yourself', 'reviewedBy: must be your own user name, ' + userCtx.name + '.', 'reviewedBy: debe ser su propio usuario, ' + userCtx.name + '.');
    // The public reads which organisation validated a figure, so it must be the member's own.
    if (newDoc.reviewedByOrgId !== undefined && newDoc.reviewedByOrgId !== myOrg)
      deny('other-organisation', 'reviewedByOrgId: must be your own organisation, ' + myOrg + '.', 'reviewedByOrgId: debe ser su propia organización, ' + myOrg + '.');
  } else if (newDoc.reviewedBy !== oldDoc.reviewedBy || newDoc.reviewedByOrgId !== oldDoc.reviewedByOrgId) {
    denyReviewer();
  }
  if (to === 'returned' && !newDoc.returnReason)
    deny('reason-required', 'returnReason: say why it is returned, so the reporter can correct it.', 'returnReason: explique por qué se devuelve, para que se pueda corregir.');
  if (to === 'withdrawn' && !newDoc.withdrawnReason)
    deny('reason-required', 'withdrawnReason: say why it is withdrawn; the public history shows it.', 'withdrawnReason: explique por qué se retira; la historia pública lo muestra.');
}
