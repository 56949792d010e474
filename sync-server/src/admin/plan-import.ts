import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  type DocType,
  ID_PREFIX,
  ID_SLUG,
  ORG_LIST_FIELDS,
  orgIdsOf,
  type Plan,
  type PlanFacts,
  planFacts,
  rulesConfig,
  SCHEMAS,
  type UserCtx,
} from '../../../shared/src/index.js';
import { migrateDoc } from '../../../shared/src/migrations.js';
import { documentRefusal, writeRefusal } from '../../../shared/src/rules/permissions.js';
import type { DbNames } from '../config.js';
import { bulkWrites, type Couch, type Db, sameContent, storedDocuments, useDb } from '../couch/client.js';
import { PlanFileError, type PlanRecord } from './plan-file.js';
import {
  keepingHistory,
  type NotInFile,
  notInFile,
  type RecordedRevision,
  withPlanRevisions,
} from './plan-revisions.js';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
// `date` and `date-time` in full mode: 2020-02-30 is refused like any other bad date.
addFormats.default(ajv, ['date', 'date-time']);
const validators = new Map<DocType, ValidateFunction<Doc>>();
/** The type's schema with the id its prefix asks for: a record that passes is a `Doc`. */
function validatorFor(type: DocType): ValidateFunction<Doc> {
  let validate = validators.get(type);
  if (!validate) {
    const schema = SCHEMAS[type];
    validate = ajv.compile<Doc>({
      ...schema,
      properties: {
        ...schema.properties,
        _id: {
          type: 'string',
          pattern: `^${ID_PREFIX[type]}${ID_SLUG}$`,
          description: `an id such as ${ID_PREFIX[type]}example (lower-case letters, digits, . _ -)`,
        },
      },
      required: ['_id', ...(schema.required ?? [])],
    });
    validators.set(type, validate);
  }
  return validate;
}

function describe(error: ErrorObject): { field: string; message: string } {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { field: path ? `${path}.${missing}` : missing, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { field: path ? `${path}.${extra}` : extra, message: 'is not a known field' };
  }
  const { description } = (error.parentSchema ?? {}) as { description?: string };
  const message =
    error.keyword === 'pattern' && description ? `must be ${description}` : (error.message ?? 'is invalid');
  return {
    field: path || '(record)',
    message:
      error.keyword === 'enum'
        ? `${message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
        : message,
  };
}

type Doc = Record<string, unknown> & { _id: string; type: DocType };

/**
 * Who the importer is to the write rules: an administrator, as one writing the same records
 * through the gateway would be. Reports and evidence in a plan file are loaded on their authors'
 * behalf, so of the rules those meet the ones that hold whoever writes (plan open, id, shape, times).
 */
const ADMINISTRATOR: UserCtx = { name: 'tablero-import', roles: ['admin'] };
const ADMIN_TYPES: ReadonlySet<string> = new Set(rulesConfig().adminTypes);

/** Each record's shape (ajv, every problem of it); the records that pass, by id, beside those stored. */
function shapeProblems(records: readonly PlanRecord[], existing: ReadonlyMap<string, Doc>) {
  const problems: string[] = [];
  const byId = new Map<string, Doc>(existing);
  const seen = new Map<string, string>();
  let wrongShape = false;
  for (const { where, doc, badFields = [] } of records) {
    const validate = validatorFor(doc.type as DocType);
    if (!validate(doc) || badFields.length) {
      wrongShape = true;
      for (const error of validate.errors ?? []) {
        const { field, message } = describe(error);
        const column = field === '_id' ? 'id' : field;
        if (!badFields.includes(column.split('.')[0] as string)) problems.push(`${where}, field ${column}: ${message}`);
      }
      continue;
    }
    const earlier = seen.get(doc._id);
    if (earlier) problems.push(`${where}, field id: ${doc._id} is also used at ${earlier}`);
    seen.set(doc._id, where);
    byId.set(doc._id, doc);
  }
  return { problems, byId, wrongShape };
}

/** Every id a record names is a document of the right type, in the file or the workspace, of the same plan. */
function referenceProblems(records: readonly PlanRecord[], byId: ReadonlyMap<string, Doc>): string[] {
  const problems: string[] = [];
  const expect = (where: string, field: string, id: unknown, type: DocType) => {
    const target = byId.get(id as string);
    if (!target || target.type !== type)
      problems.push(`${where}, field ${field}: ${id} is not a ${type} in this file or the workspace`);
    return target;
  };
  for (const { where, doc } of records) {
    const d = doc as Doc;
    if (typeof d.startDate === 'string' && typeof d.endDate === 'string' && d.startDate > d.endDate)
      problems.push(`${where}, field endDate: ${d.endDate} is before startDate ${d.startDate}`);
    if (d.planId) expect(where, 'planId', d.planId, 'plan');
    if (d.orgId) expect(where, 'orgId', d.orgId, 'organization');
    for (const field of ORG_LIST_FIELDS)
      for (const orgId of idsIn(d[field])) expect(where, field, orgId, 'organization');
    for (const evidenceId of idsIn(d.evidenceIds)) expect(where, 'evidenceIds', evidenceId, 'evidence');
    if (d.type === 'keyAction' || d.type === 'progressReport') {
      const commitment = expect(where, 'commitmentId', d.commitmentId, 'commitment');
      if (commitment && commitment.planId !== d.planId)
        problems.push(
          `${where}, field commitmentId: ${d.commitmentId} belongs to ${commitment.planId}, not ${d.planId}`,
        );
    }
    if (d.type === 'progressReport') {
      const keyAction = expect(where, 'keyActionId', d.keyActionId, 'keyAction');
      if (keyAction && keyAction.commitmentId !== d.commitmentId)
        problems.push(
          `${where}, field keyActionId: ${d.keyActionId} belongs to ${keyAction.commitmentId}, not ${d.commitmentId}`,
        );
    }
  }
  return problems;
}

/** A refusal of the write rules as the importer says a problem: the record, the field (as the file names it), why. */
function ruleProblem(where: string, type: string, reason: string): string {
  const named = /^([A-Za-z_][\w.[\]]*):\s*(.*)$/s.exec(reason);
  if (!named) return `${where}: ${reason}`;
  const path = (named[1] as string).replace(new RegExp(`^${type}\\.`), '');
  return `${where}, field ${path === '_id' ? 'id' : path}: ${named[2]}`;
}

/**
 * What the write rules (shared/src/rules) say of each record against its stored version, with the
 * facts of the plans as stored: what the gateway would refuse an administrator writing it.
 */
function ruleProblems(records: readonly PlanRecord[], stored: ReadonlyMap<string, Doc>, facts: PlanFacts): string[] {
  const problems: string[] = [];
  for (const { where, doc } of records) {
    const next = migrateDoc(doc as Doc);
    const old = stored.get(next._id) ?? null;
    const refusal = ADMIN_TYPES.has(next.type)
      ? writeRefusal(next, old, ADMINISTRATOR, facts)
      : documentRefusal(next, old, facts);
    if (refusal) problems.push(ruleProblem(where, next.type, refusal.reason));
  }
  return problems;
}

/**
 * Every problem in the records, each naming where it is and which field. Empty when all is well.
 * `existing`: the workspace's documents the records refer to; `stored`: the records' own stored versions.
 */
export function checkRecords(
  records: readonly PlanRecord[],
  existing: ReadonlyMap<string, Doc>,
  stored: ReadonlyMap<string, Doc> = new Map(),
): string[] {
  const shapes = shapeProblems(records, existing);
  if (shapes.wrongShape || shapes.problems.length) return shapes.problems;
  const plans = [...existing.values(), ...stored.values()].filter((d): d is Doc & Plan => d.type === 'plan');
  return [...referenceProblems(records, shapes.byId), ...ruleProblems(records, stored, planFacts(plans))];
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** The same counts by document type, for the summary people read. */
  byType: Partial<Record<DocType, { created: number; updated: number; unchanged: number }>>;
  /** The public revisions recorded in plans that existed before (a dry run's: those it would record). */
  revisions: RecordedRevision[];
  /** What a published plan holds that the file holding it does not: kept as it was. */
  notInFile: NotInFile[];
}

/** The stored documents among `ids`. */
const fetchExisting = (db: Db, ids: Iterable<string>) => storedDocuments<Doc & { _rev: string }>(db, ids);

/** The ids a field holds, one or a list; none when it holds something else (a record not checked yet). */
const idsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/**
 * Organisations, plans, commitments and key actions already in the workspace that records refer
 * to; those the file itself defines are checked against the file, so they are not read.
 */
async function referencedDocs(db: Db, records: readonly PlanRecord[]): Promise<Map<string, Doc>> {
  const ids = new Set<string>();
  for (const { doc } of records) {
    for (const field of ['planId', 'commitmentId', 'keyActionId']) for (const id of idsIn(doc[field])) ids.add(id);
    for (const id of [...orgIdsOf(doc), ...idsIn(doc.evidenceIds)]) ids.add(id);
  }
  for (const { doc } of records) for (const id of idsIn(doc._id)) ids.delete(id);
  return fetchExisting(db, ids);
}

/**
 * Imports a plan file all or nothing: every problem is reported and nothing is written when
 * there is one. Re-importing the same file changes nothing.
 */
export async function importRecords(
  couch: Couch,
  names: DbNames,
  file: string,
  records: PlanRecord[],
  readProblems: string[] = [],
  options: { dryRun?: boolean; heading?: (problems: number) => string } = {},
): Promise<ImportSummary> {
  const db = useDb(couch, names.workspace);
  const [referenced, existing] = await Promise.all([
    referencedDocs(db, records),
    fetchExisting(
      db,
      records.flatMap((r) => idsIn(r.doc._id)),
    ),
  ]);
  const problems = [...readProblems, ...checkRecords(records, referenced, existing)];
  if (problems.length) throw new PlanFileError(file, problems, options.heading);
  // Every record passed its type's schema, which asks for its id and type.
  const docs = records.map((r) => r.doc as Doc);
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, byType: {}, revisions: [], notInFile: [] };
  const changed: Doc[] = [];
  for (const record of docs) {
    const old = existing.get(record._id);
    // Stored at the current version of its shape, whatever version the file was written in.
    const doc = keepingHistory(migrateDoc(record), old);
    const outcome = old && sameContent(old, doc) ? 'unchanged' : old ? 'updated' : 'created';
    if (outcome !== 'unchanged') changed.push(old ? { ...doc, _rev: old._rev } : doc);
    summary[outcome]++;
    const counts = summary.byType[doc.type] ?? { created: 0, updated: 0, unchanged: 0 };
    counts[outcome]++;
    summary.byType[doc.type] = counts;
  }
  const { writes, recorded } = await withPlanRevisions(db, changed, file);
  summary.revisions = recorded;
  summary.notInFile = await notInFile(db, docs);
  if (options.dryRun) return summary;
  for await (const { results } of bulkWrites(db, writes)) {
    const failed = results.filter((r) => r.error);
    if (failed.length)
      throw new Error(
        `${file}: the server refused ${failed.length} records, first ${failed[0]?.id}: ${failed[0]?.reason}`,
      );
  }
  return summary;
}
