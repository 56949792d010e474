/*
 * The workspace's write rules: the gateway applies them to every write with the person's identity
 * before it reaches the store, and the app, the importer and the admin's forms call them too
 * (through `writeRefusal`, rules/permissions.ts), so every place applies the same rules. The store
 * runs no copy of them (design-docs.ts says why).
 *
 * Everything they need arrives in `cfg` (see rules/config.ts), so the same call gives the same
 * answer on the server and on a device. `validateWorkspaceDoc` runs the stages in order (who the
 * writer is, the document's identity, its shape, its times, then the rules of its kind), each a
 * function of the `Write` below. Messages name the field first, because they reach the person
 * whose write was refused.
 */

import type { JsonSchema } from '../schemas/json-schema.js';
import type { DocType, Status, UserCtx } from '../types.js';
import type { Actor } from '../workflow.js';
import { has, own, patternOf, same, shapeProblem } from './schema-check.js';

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

/** A document as CouchDB hands it over: typed loosely on purpose, since it may be anything. */
export type AnyDoc = { [field: string]: unknown; _id: string };

/** One write as the rules see it: the documents, the writer and what their roles make them. */
interface Write {
  newDoc: AnyDoc;
  oldDoc: AnyDoc | null;
  userCtx: UserCtx;
  cfg: RulesConfig;
  roles: string[];
  type: DocType;
  planId: string;
  orgId: string;
  isAdmin: boolean;
  isReporter: boolean;
  /** The writer's organisation (their `org:` role), '' when they have none. */
  myOrg: string;
  /** A committee member of a committee organisation of this plan. */
  isCommittee: boolean;
  /** The document is the writer's organisation's. */
  ownOrg: boolean;
}

/** A refusal: a stable code, the English reason CouchDB shows, and the Spanish one the app shows. */
function deny(refusalCode: string, en: string, inSpanish: string): never {
  throw { forbidden: en, code: refusalCode, es: inSpanish };
}

const TYPE_ES: Record<string, string> = {
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
const STATUS_ES: Record<string, string> = {
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
function timeOf(value: unknown): number {
  return typeof value === 'string' ? new Date(value.length === 10 ? value + 'T00:00:00Z' : value).getTime() : NaN;
}

/**
 * The calendar day (YYYY-MM-DD) of a time in milliseconds, remembered for the minute it falls in:
 * formatting a date for each document was the rule function's largest single cost (measured).
 */
let dayMemo = { minute: Number.NaN, day: '' };
function dayAt(ms: number): string {
  const minute = Math.floor(ms / 60000);
  if (minute !== dayMemo.minute) dayMemo = { minute, day: new Date(minute * 60000).toISOString().slice(0, 10) };
  return dayMemo.day;
}

function denyOrg({ orgId, myOrg, roles, type, planId }: Write): never {
  if (orgId === myOrg)
    deny(
      'role-not-allowed',
      'Your account (' + roles.join(', ') + ') may not write a document of type ' + type + ' on ' + planId + '.',
      'Su cuenta (' + roles.join(', ') + ') no puede escribir ' + typeEs(type) + ' en ' + planId + '.',
    );
  deny(
    'other-organisation',
    'orgId: you write for ' + (myOrg || 'no organisation') + ', not for ' + orgId + '.',
    'orgId: usted escribe por ' + (myOrg || 'ninguna organización') + ', no por ' + orgId + '.',
  );
}
function denyReviewer(): never {
  deny(
    'committee-only',
    'reviewedBy: only the committee validates or returns.',
    'reviewedBy: solo el comité valida o devuelve.',
  );
}
function denyReviewPlan({ type }: Write): never {
  deny(
    'review-required',
    'status: this plan asks for review; submit the ' + type + ' for the committee to validate.',
    'status: este plan pide revisión; envíe ' + typeEs(type) + ' para que el comité lo valide.',
  );
}
function denyFrozen({ type }: Write, from: Status, name: string): never {
  deny(
    'frozen',
    name + ': a ' + from + ' ' + type + ' cannot be edited; publish a new one that corrects it.',
    name + ': ' + typeEs(type) + ' en estado ' + statusEs(from) + ' ya no se edita; publique uno nuevo que lo corrija.',
  );
}

/** Who writes, and what of: refused at once for a type Tablero does not know or a closed plan. */
function writeOf(newDoc: AnyDoc, oldDoc: AnyDoc | null, doc: AnyDoc, userCtx: UserCtx, cfg: RulesConfig): Write {
  const roles = userCtx.roles || [];
  let myOrg = '';
  for (const role of roles) if (role.indexOf('org:') === 0) myOrg = role;
  const type = doc.type as DocType;
  if (typeof type !== 'string' || !own(cfg.schemas, type))
    deny(
      'unknown-type',
      'type: "' + type + '" is not a Tablero document type.',
      'type: «' + type + '» no es un tipo de documento de Tablero.',
    );
  const planId = (type === 'plan' ? doc._id : doc.planId) as string;
  const isCommittee = has(roles, 'committee') && has((own(cfg.committees, planId) as string[]) || [], myOrg);
  if (has(cfg.closedPlanIds, planId) || (oldDoc && has(cfg.closedPlanIds, oldDoc.planId)))
    deny(
      'closed-plan',
      'planId: the plan ' + planId + ' is closed; its records are read-only.',
      'planId: el plan ' + planId + ' está cerrado; sus registros ya no se modifican.',
    );
  const orgId = doc.orgId as string;
  return {
    newDoc,
    oldDoc,
    userCtx,
    cfg,
    roles,
    type,
    planId,
    orgId,
    myOrg,
    isCommittee,
    isAdmin: has(roles, 'admin'),
    isReporter: has(roles, 'reporter'),
    ownOrg: has(roles, orgId),
  };
}

/** Only a draft is deleted, by the person who wrote it; an administrator deletes what they write. */
function checkDeletion({ cfg, type, isAdmin, ownOrg, userCtx, oldDoc }: Write): void {
  const old = oldDoc as AnyDoc;
  if (has(cfg.adminTypes, type) && isAdmin) return;
  if (has(cfg.authoredTypes, type) && ownOrg && old.createdBy === userCtx.name && has(cfg.editableStatuses, old.status))
    return;
  deny(
    'not-deletable',
    '_deleted: only a draft can be deleted, by the person who wrote it; other records are kept as history.',
    '_deleted: solo se borra un borrador, y solo quien lo escribió; los demás registros se conservan como historia.',
  );
}

/** The document's kind and id: a question is never new here, a type never changes, an id has its type's prefix. */
function checkIdentity({ newDoc, oldDoc, type, cfg }: Write): void {
  // Before the shape: what the server alone sets (receivedAt) is missing from any other writer's question.
  if (type === 'question' && !oldDoc)
    deny(
      'server-only',
      'Questions from the public arrive through the public API; nobody writes one in the workspace.',
      'Las preguntas del público llegan por la API pública; nadie las escribe en el espacio de trabajo.',
    );
  if (oldDoc && oldDoc.type !== type)
    deny(
      'type-changed',
      'type: a ' + oldDoc.type + ' cannot become a ' + type + '.',
      'type: ' + typeEs(oldDoc.type) + ' no puede convertirse en ' + typeEs(type) + '.',
    );
  if (newDoc._id.indexOf(cfg.idPrefix[type]) !== 0)
    deny(
      'bad-id',
      '_id: the id of a ' + type + ' must start with "' + cfg.idPrefix[type] + '".',
      '_id: el identificador de ' + typeEs(type) + ' debe empezar por «' + cfg.idPrefix[type] + '».',
    );
  if (!patternOf('^' + cfg.idPattern + '$').test(newDoc._id.slice(cfg.idPrefix[type].length)))
    deny(
      'bad-id',
      '_id: "' +
        newDoc._id +
        '" must continue after "' +
        cfg.idPrefix[type] +
        '" with lower-case letters, digits, . _ or - (at most 80).',
      '_id: «' +
        newDoc._id +
        '» debe seguir a «' +
        cfg.idPrefix[type] +
        '» con minúsculas, dígitos, . _ o - (hasta 80).',
    );
  const problem = shapeProblem(newDoc, cfg.schemas[type], type, true);
  if (problem) deny(problem[0], problem[1], problem[2]);
}

/** No time in the future (beyond the clock skew), no reported day after the server's today, nothing long before the plan. */
function checkTimes({ newDoc, oldDoc, type, planId, cfg }: Write): void {
  const latest = Date.now() + cfg.clockSkewMs;
  for (const tname of ['createdAt', 'updatedAt', 'reviewedAt', 'moderatedAt']) {
    if (
      newDoc[tname] !== undefined &&
      newDoc[tname] !== (oldDoc ? oldDoc[tname] : undefined) &&
      timeOf(newDoc[tname]) > latest
    )
      deny(
        'future-time',
        tname + ': ' + newDoc[tname] + ' is in the future; check the device clock.',
        tname + ': ' + newDoc[tname] + ' está en el futuro; revise el reloj del equipo.',
      );
  }
  const localToday = dayAt(Date.now() + cfg.utcOffsetMinutes * 60000);
  const reportedDay = typeof newDoc.date === 'string' ? newDoc.date.slice(0, 10) : '';
  if (type !== 'plan' && type !== 'commitment' && type !== 'keyAction' && reportedDay > localToday)
    deny(
      'future-date',
      'date: ' + newDoc.date + ' is in the future; report what has already happened.',
      'date: ' + newDoc.date + ' está en el futuro; reporte lo que ya ocurrió.',
    );
  const planStart = timeOf(own(cfg.planStarts, planId));
  if (!oldDoc && newDoc.createdAt !== undefined && timeOf(newDoc.createdAt) < planStart - 366 * 86400000)
    deny(
      'before-plan',
      'createdAt: ' + newDoc.createdAt + ' is more than a year before the plan began.',
      'createdAt: ' + newDoc.createdAt + ' es más de un año anterior al inicio del plan.',
    );
}

/**
 * Questions arrive through the public API, written by the server; the plan's committee only
 * moderates them: it publishes or rejects (with a reason it alone reads), and changes nothing else.
 */
function checkModeration({ newDoc, oldDoc, isCommittee, planId, userCtx, myOrg }: Write): void {
  const old = oldDoc as AnyDoc;
  if (!isCommittee)
    deny(
      'committee-only',
      'Only committee members of ' + planId + ' moderate its questions.',
      'Solo el comité de ' + planId + ' modera sus preguntas.',
    );
  const moderation = ['status', 'moderatedBy', 'moderatedByOrgId', 'moderatedAt', 'rejectionReason', 'publishedAt'];
  for (const qf in newDoc)
    if (qf.charAt(0) !== '_' && !has(moderation, qf) && !same(own(newDoc, qf), own(old, qf)))
      deny(
        'immutable',
        qf + ': the committee moderates a question; it does not change what was asked.',
        qf + ': el comité modera la pregunta; no cambia lo que se preguntó.',
      );
  for (const qo in old)
    if (qo.charAt(0) !== '_' && !has(moderation, qo) && own(newDoc, qo) === undefined)
      deny(
        'immutable',
        qo + ': the committee moderates a question; it does not change what was asked.',
        qo + ': el comité modera la pregunta; no cambia lo que se preguntó.',
      );
  if (newDoc.status === 'pending' && old.status !== 'pending')
    deny(
      'bad-transition',
      'status: a moderated question does not go back to pending.',
      'status: una pregunta moderada no vuelve a quedar pendiente.',
    );
  if (newDoc.moderatedBy !== userCtx.name)
    deny(
      'not-yourself',
      'moderatedBy: must be your own user name, ' + userCtx.name + '.',
      'moderatedBy: debe ser su propio usuario, ' + userCtx.name + '.',
    );
  if (newDoc.moderatedByOrgId !== myOrg)
    deny(
      'other-organisation',
      'moderatedByOrgId: must be your own organisation, ' + myOrg + '.',
      'moderatedByOrgId: debe ser su propia organización, ' + myOrg + '.',
    );
  if (newDoc.status === 'rejected' && !newDoc.rejectionReason)
    deny(
      'reason-required',
      'rejectionReason: say why it is rejected; only the committee reads it.',
      'rejectionReason: explique por qué se rechaza; solo el comité lo lee.',
    );
  if (newDoc.status !== 'rejected' && newDoc.rejectionReason !== undefined)
    deny(
      'not-allowed-value',
      'rejectionReason: only a rejected question has one.',
      'rejectionReason: solo una pregunta rechazada la tiene.',
    );
}

/** A document names its author once: the writer when new, unchanged after. */
function checkCreatedBy({ newDoc, oldDoc, userCtx }: Write): void {
  if (oldDoc && newDoc.createdBy !== oldDoc.createdBy)
    deny('immutable', 'createdBy: cannot change once created.', 'createdBy: no cambia una vez creado.');
  if (!oldDoc && newDoc.createdBy !== userCtx.name)
    deny(
      'not-yourself',
      'createdBy: must be your own user name, ' + userCtx.name + '.',
      'createdBy: debe ser su propio usuario, ' + userCtx.name + '.',
    );
}

/** Observations, meeting records and evaluations: the plan's committee's, each changed by its author only. */
function checkCommitteeRecord(w: Write): void {
  const { type, newDoc, oldDoc, isCommittee, planId, ownOrg, userCtx } = w;
  if (!isCommittee)
    deny(
      'committee-only',
      type === 'review'
        ? 'Only committee members of ' + planId + ' write its observations and meeting records.'
        : 'Only committee members of ' + planId + ' evaluate its commitments.',
      type === 'review'
        ? 'Solo el comité de ' + planId + ' escribe sus observaciones y minutas de reunión.'
        : 'Solo el comité de ' + planId + ' evalúa sus compromisos.',
    );
  if (type === 'evaluation' && newDoc.level !== newDoc.suggestedLevel && !newDoc.reason)
    deny(
      'reason-required',
      'reason: say why the level differs from the one progress suggests.',
      'reason: explique por qué el nivel difiere del que sugiere el avance.',
    );
  if (!ownOrg) denyOrg(w);
  if (oldDoc && oldDoc.createdBy !== userCtx.name)
    deny(
      'author-only',
      'Only the author of an observation can change it.',
      'Solo quien escribió la observación puede cambiarla.',
    );
}

/** An answer to a question: a reporter's of their organisation, changed by its author only, its subject fixed. */
function checkAnswer(w: Write): void {
  const { isReporter, ownOrg, oldDoc, newDoc, userCtx } = w;
  // Which organisations may answer (those responsible for the commitment) needs the commitment:
  // the gateway checks it (rules/cross-document.ts).
  if (!isReporter || !ownOrg) {
    if (isReporter) denyOrg(w);
    deny(
      'reporters-only',
      'Only reporters of the responsible organisations answer questions.',
      'Solo quienes reportan por las organizaciones responsables responden preguntas.',
    );
  }
  if (!oldDoc) return;
  if (oldDoc.createdBy !== userCtx.name)
    deny(
      'author-only',
      'Only the author of an answer can change it.',
      'Solo quien escribió la respuesta puede cambiarla.',
    );
  for (const fixed of ['planId', 'commitmentId', 'questionId', 'orgId', 'createdAt'])
    if (newDoc[fixed] !== oldDoc[fixed])
      deny('immutable', fixed + ': cannot change once created.', fixed + ': no cambia una vez creado.');
}

/** How a writer stands to an authored document (report, evidence, assessment). */
interface Authorship {
  author: boolean;
  /** The committee's own documents (meeting minutes, its own assessment), which do not wait for its own review. */
  committeeOwn: boolean;
}

function authorshipOf({ type, newDoc, isCommittee, ownOrg, isReporter }: Write): Authorship {
  // Committee members also author evidence: the minutes of their review meetings.
  const author =
    type === 'assessment' && newDoc.by === 'committee'
      ? isCommittee && ownOrg
      : (isReporter || (type === 'evidence' && isCommittee)) && ownOrg;
  const committeeOwn =
    isCommittee && ownOrg && (type === 'evidence' || (type === 'assessment' && newDoc.by === 'committee'));
  return { author, committeeOwn };
}

/** A new authored document: its organisation's author writes it, in a first status, unreviewed. */
function checkNewAuthored(w: Write, { author, committeeOwn }: Authorship): void {
  const { isReporter, isCommittee, type, cfg, newDoc, planId } = w;
  const to = newDoc.status as Status;
  if (!author) {
    if (isReporter || isCommittee) denyOrg(w);
    deny(
      'reporters-only',
      'Only reporters write a ' + type + '.',
      'Solo quienes reportan escriben ' + typeEs(type) + '.',
    );
  }
  if (!has(cfg.initialStatuses, to))
    deny(
      'bad-status',
      'status: a new ' + type + ' starts as ' + cfg.initialStatuses.join(', ') + ', not ' + to + '.',
      'status: ' + typeEs(type) + ' empieza como borrador, enviado o publicado, no como ' + statusEs(to) + '.',
    );
  if (newDoc.reviewedBy !== undefined || newDoc.reviewedByOrgId !== undefined) denyReviewer();
  if (to === 'published' && has(cfg.reviewPlanIds, planId) && !committeeOwn) denyReviewPlan(w);
}

/** Outside the workflow's fields nothing of a document changes (or `fields` alone may change). */
function checkUnchanged(w: Write, from: Status, free: readonly string[]): void {
  const { newDoc } = w;
  const oldDoc = w.oldDoc as AnyDoc;
  for (const key in newDoc)
    if (key.charAt(0) !== '_' && !has(free, key) && !same(own(newDoc, key), own(oldDoc, key))) denyFrozen(w, from, key);
  for (const oldKey in oldDoc)
    if (oldKey.charAt(0) !== '_' && !has(free, oldKey) && own(newDoc, oldKey) === undefined)
      denyFrozen(w, from, oldKey);
}

/** Who signs a review: the committee member themself for their own organisation; nobody else touches it. */
function checkReviewer(w: Write, asCommittee: boolean, asAuthor: boolean): void {
  const { newDoc, userCtx, myOrg } = w;
  const oldDoc = w.oldDoc as AnyDoc;
  if (asCommittee && !asAuthor) {
    if (newDoc.reviewedBy !== userCtx.name)
      deny(
        'not-yourself',
        'reviewedBy: must be your own user name, ' + userCtx.name + '.',
        'reviewedBy: debe ser su propio usuario, ' + userCtx.name + '.',
      );
    // The public reads which organisation validated a figure, so it must be the member's own.
    if (newDoc.reviewedByOrgId !== undefined && newDoc.reviewedByOrgId !== myOrg)
      deny(
        'other-organisation',
        'reviewedByOrgId: must be your own organisation, ' + myOrg + '.',
        'reviewedByOrgId: debe ser su propia organización, ' + myOrg + '.',
      );
  } else if (newDoc.reviewedBy !== oldDoc.reviewedBy || newDoc.reviewedByOrgId !== oldDoc.reviewedByOrgId) {
    denyReviewer();
  }
}

/** A change to an authored document: fixed fields fixed, frozen content frozen, the status moved only as the workflow allows. */
function checkAuthoredChange(w: Write, { author, committeeOwn }: Authorship): void {
  const { cfg, newDoc, isCommittee, type, planId } = w;
  const oldDoc = w.oldDoc as AnyDoc;
  const to = newDoc.status as Status;
  for (const field of cfg.immutableFields)
    if (!same(newDoc[field], oldDoc[field]))
      deny('immutable', field + ': cannot change once created.', field + ': no cambia una vez creado.');
  const from = oldDoc.status as Status;
  if (from === to && !has(cfg.editableStatuses, from)) {
    if (!author && !isCommittee) denyOrg(w);
    checkUnchanged(w, from, []);
    return;
  }
  const allowed: Actor[] = cfg.transitions[from][to] || [];
  const asAuthor = author && has(allowed, 'author');
  const asCommittee = isCommittee && has(allowed, 'committee');
  if (!asAuthor && !asCommittee) {
    if (!author && !isCommittee) denyOrg(w);
    const movers = allowed.length
      ? ' only by ' + (allowed[0] === 'author' ? 'its own organisation' : 'the committee')
      : ' by nobody';
    const moversEs = allowed.length
      ? ' solo ' + (allowed[0] === 'author' ? 'por su propia organización' : 'por el comité')
      : ' por nadie';
    deny(
      'bad-transition',
      'status: a ' + type + ' moves from ' + from + ' to ' + to + movers + '.',
      'status: ' + typeEs(type) + ' pasa de ' + statusEs(from) + ' a ' + statusEs(to) + moversEs + '.',
    );
  }
  if (to === 'published' && from !== 'submitted' && has(cfg.reviewPlanIds, planId) && !committeeOwn) denyReviewPlan(w);
  if (!(asAuthor && has(cfg.editableStatuses, from))) checkUnchanged(w, from, cfg.workflowFields);
  checkReviewer(w, asCommittee, asAuthor);
  if (to === 'returned' && !newDoc.returnReason)
    deny(
      'reason-required',
      'returnReason: say why it is returned, so the reporter can correct it.',
      'returnReason: explique por qué se devuelve, para que se pueda corregir.',
    );
  if (to === 'withdrawn' && !newDoc.withdrawnReason)
    deny(
      'reason-required',
      'withdrawnReason: say why it is withdrawn; the public history shows it.',
      'withdrawnReason: explique por qué se retira; la historia pública lo muestra.',
    );
}

/**
 * The rules that hold whoever writes: a type Tablero knows, an open plan, the id and the shape, no
 * time in the future. The importer applies them to the records it loads on their authors' behalf
 * (reports and evidence of a plan file); throws as `validateWorkspaceDoc` does.
 */
export function validateDocument(newDoc: AnyDoc, oldDoc: AnyDoc | null, cfg: RulesConfig): void {
  const doc = newDoc._deleted ? oldDoc : newDoc;
  if (!doc) return;
  const w = writeOf(newDoc, oldDoc, doc, { name: null, roles: [] }, cfg);
  if (newDoc._deleted) return;
  checkIdentity(w);
  checkTimes(w);
}

/** Throws `{ forbidden }` or `{ unauthorized }` the way CouchDB expects. */
export function validateWorkspaceDoc(newDoc: AnyDoc, oldDoc: AnyDoc | null, userCtx: UserCtx, cfg: RulesConfig): void {
  if (has(userCtx.roles || [], '_admin')) return;
  if (!userCtx.name) throw { unauthorized: 'Sign in to write to the workspace.' };
  const doc = newDoc._deleted ? oldDoc : newDoc;
  if (!doc) return;
  const w = writeOf(newDoc, oldDoc, doc, userCtx, cfg);
  if (newDoc._deleted) {
    checkDeletion(w);
    return;
  }
  checkIdentity(w);
  checkTimes(w);
  if (has(cfg.adminTypes, w.type)) {
    if (!w.isAdmin)
      deny(
        'admin-only',
        'Only administrators can change a ' + w.type + '.',
        'Solo la administración puede cambiar ' + typeEs(w.type) + '.',
      );
    return;
  }
  if (w.type === 'question') {
    checkModeration(w);
    return;
  }
  checkCreatedBy(w);
  if (w.type === 'review' || w.type === 'evaluation') {
    checkCommitteeRecord(w);
    return;
  }
  if (w.type === 'answer') {
    checkAnswer(w);
    return;
  }
  // Authored, workflow-bound documents: progress reports, evidence, assessments.
  const authorship = authorshipOf(w);
  if (!oldDoc) checkNewAuthored(w, authorship);
  else checkAuthoredChange(w, authorship);
}
