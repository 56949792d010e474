import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { type DocType, type JsonSchema, SCHEMAS, type WorkspaceDoc } from '../../../shared/src/index.js';

/** The types a plan file carries; people and sessions are managed with `user`, not imported. */
export const PLAN_FILE_TYPES = [
  'organization',
  'plan',
  'commitment',
  'keyAction',
  'progressReport',
  'evidence',
] as const;
export type PlanFileType = (typeof PLAN_FILE_TYPES)[number];

/** A record read from a plan file, with where it came from for error messages. */
export interface PlanRecord {
  where: string;
  doc: Record<string, unknown>;
  /** Fields whose cell could not be read; already reported, so the schema check skips them. */
  badFields?: string[];
}

export interface ReadPlan {
  records: PlanRecord[];
  /** Problems found while reading, reported together with those of the records. */
  problems: string[];
}

const lineOf = (problem: string) => Number(/^(?:line|row|fila) (\d+)/.exec(problem)?.[1] ?? 0);

export class PlanFileError extends Error {
  /** Problems in the order of the file's lines (stable: those of the file as a whole first), one line each. */
  constructor(
    readonly file: string,
    readonly problems: string[],
    heading = (n: number) => `${file}: ${n} problem${n === 1 ? '' : 's'}; nothing was written.`,
  ) {
    problems.sort((a, b) => lineOf(a) - lineOf(b));
    super(`${heading(problems.length)}\n${problems.map((p) => `  ${p.replace(/\s*\n\s*/g, ' ')}`).join('\n')}`);
  }
}

const JSON_SECTIONS: Record<string, PlanFileType> = {
  organizations: 'organization',
  plan: 'plan',
  plans: 'plan',
  commitments: 'commitment',
  keyActions: 'keyAction',
  progressReports: 'progressReport',
  evidence: 'evidence',
};

/**
 * JSON plan file: `{ "plan": {...}, "organizations": [...], "commitments": [...], "keyActions": [...],
 * "progressReports": [...], "evidence": [...] }`, each record a workspace document with its `_id`.
 */
export function readJsonPlan(file: string, text: string): ReadPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanFileError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new PlanFileError(file, ['the top level must be an object with "plan", "commitments", … sections']);
  const records: PlanRecord[] = [];
  const problems: string[] = [];
  for (const [section, value] of Object.entries(data as Record<string, unknown>)) {
    const type = JSON_SECTIONS[section];
    if (!type) {
      if (section !== 'meta')
        problems.push(`${section}: unknown section; expected ${Object.keys(JSON_SECTIONS).join(', ')}`);
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    list.forEach((doc, index) => {
      const where = Array.isArray(value) ? `${section}[${index}]` : section;
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) problems.push(`${where}: must be an object`);
      else records.push({ where, doc: { type, ...(doc as Record<string, unknown>) } });
    });
  }
  return { records, problems };
}

/** CSV plan file: one record a row, a `type` column and one column per field; lists separated by `;`. */
export function readCsvPlan(file: string, text: string): ReadPlan {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new PlanFileError(file, [`not valid CSV: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  const records: PlanRecord[] = [];
  for (const { record, info } of rows) {
    const where = `line ${info.lines}`;
    const type = record.type as DocType;
    if (!(PLAN_FILE_TYPES as readonly string[]).includes(type)) {
      problems.push(`${where}, field type: "${record.type ?? ''}" is not one of ${PLAN_FILE_TYPES.join(', ')}`);
      continue;
    }
    const doc: Record<string, unknown> = { type };
    const badFields: string[] = [];
    for (const [column, cell] of Object.entries(record)) {
      if (column === 'type') continue;
      const field = column === 'id' ? '_id' : column;
      const [top, sub] = field.split('.') as [string, string | undefined];
      const schema = sub ? SCHEMAS[type].properties?.[top]?.properties?.[sub] : SCHEMAS[type].properties?.[top];
      // An empty cell leaves a field out, except a list, which it leaves empty.
      if (cell === '' && schema?.type !== 'array') continue;
      if (!schema && field !== '_id') {
        problems.push(`${where}, field ${column}: not a field of ${type}`);
        continue;
      }
      const parsed = schema ? fromCell(cell, schema) : cell;
      if (parsed instanceof Error) {
        problems.push(`${where}, field ${column}: ${parsed.message}`);
        badFields.push(column);
      } else if (sub) doc[top] = { ...(doc[top] as object), [sub]: parsed };
      else doc[field] = parsed;
    }
    records.push({ where, doc, badFields });
  }
  return { records, problems };
}

function fromCell(cell: string, schema: JsonSchema): unknown {
  switch (schema.type) {
    case 'array':
      return cell
        .split(';')
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => (schema.items ? fromCell(item, schema.items) : item));
    case 'number':
    case 'integer': {
      const n = Number(cell.replace(',', '.'));
      return Number.isNaN(n) ? new Error(`"${cell}" is not a number`) : n;
    }
    case 'boolean':
      if (/^(true|yes|sí|si|1)$/i.test(cell)) return true;
      if (/^(false|no|0)$/i.test(cell)) return false;
      return new Error(`"${cell}" is not yes/no`);
    default:
      return cell;
  }
}

function toCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** Writes the documents of a plan as the CSV that `readCsvPlan` reads back. */
export function writeCsvPlan(docs: readonly WorkspaceDoc[]): string {
  const columns = new Set<string>(['type', 'id']);
  const rows = docs.map((doc) => {
    const row: Record<string, string> = { type: doc.type, id: doc._id };
    for (const [field, value] of Object.entries(doc)) {
      if (field.startsWith('_') || field === 'type') continue;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [sub, subValue] of Object.entries(value)) {
          row[`${field}.${sub}`] = toCell(subValue);
          columns.add(`${field}.${sub}`);
        }
      } else {
        row[field] = toCell(value);
        columns.add(field);
      }
    }
    return row;
  });
  return stringifyCsv(rows, { header: true, columns: [...columns] });
}
