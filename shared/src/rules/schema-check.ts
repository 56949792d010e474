/*
 * A document's shape against its JSON schema (shared/src/schemas), for the write rules: the first
 * problem found, as a stable code and a reason in English and in Spanish that names the field first.
 * Only the keywords Tablero's schemas use are read.
 */
import type { JsonSchema } from '../schemas/json-schema.js';

/** A problem: its code, the English reason, the Spanish one. */
export type ShapeProblem = [code: string, en: string, es: string];

/**
 * A field of the object itself: `obj[key]` would also find what every object inherits
 * (`constructor`, `toString`, `__proto__`…), and take a field by one of those names for a known one.
 */
export function own(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && Object.hasOwn(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}

export function has(list: readonly unknown[], item: unknown): boolean {
  return list.includes(item);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The same JSON value: objects field by field (a field set to `undefined` is no field), lists in order. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (kindOf(a) !== kindOf(b) || typeof a !== 'object' || a === null) return false;
  for (const key in a) if (own(a, key) !== undefined && !same(own(a, key), own(b, key))) return false;
  for (const key in b as object) if (own(b, key) !== undefined && own(a, key) === undefined) return false;
  return true;
}

/**
 * Each pattern compiled once: the gateway checks every document of a write of a thousand, and
 * compiling the schemas' patterns again for each was a fifth of the check's time (measured).
 */
const PATTERNS = new Map<string, RegExp>();
export function patternOf(source: string): RegExp {
  let compiled = PATTERNS.get(source);
  if (!compiled) {
    compiled = new RegExp(source);
    PATTERNS.set(source, compiled);
  }
  return compiled;
}

/** Whether `value` starts with a day of the calendar (YYYY-MM-DD, already checked by its pattern). */
export function realDay(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const length = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= length;
}

/** What a field's schema asks for, in the words of a refusal (made only for a refusal: it costs). */
function expectedOf(schema: JsonSchema): string {
  const t = schema.type;
  return schema.description || (t === 'integer' ? 'a whole number' : t === 'array' ? 'a list' : `a ${t}`);
}

const shortened = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function stringProblem(s: string, schema: JsonSchema, path: string): ShapeProblem | null {
  if (schema.minLength !== undefined && s.length < schema.minLength)
    return schema.minLength === 1
      ? ['empty', `${path}: must not be empty.`, `${path}: no puede quedar vacío.`]
      : [
          'too-short',
          `${path}: must have at least ${schema.minLength} characters.`,
          `${path}: debe tener al menos ${schema.minLength} caracteres.`,
        ];
  if (schema.maxLength !== undefined && s.length > schema.maxLength)
    return [
      'too-long',
      `${path}: must have at most ${schema.maxLength} characters (it has ${s.length}).`,
      `${path}: debe tener como máximo ${schema.maxLength} caracteres (tiene ${s.length}).`,
    ];
  if (schema.pattern && !patternOf(schema.pattern).test(s))
    return [
      'bad-format',
      `${path}: "${shortened(s)}" is not ${expectedOf(schema)}.`,
      `${path}: «${shortened(s)}» no tiene el formato esperado (${expectedOf(schema)}).`,
    ];
  if (schema.format && !realDay(s))
    return [
      'not-a-day',
      `${path}: "${s}" is not a day of the calendar.`,
      `${path}: «${s}» no es un día del calendario.`,
    ];
  return null;
}

function numberProblem(n: number, schema: JsonSchema, path: string): ShapeProblem | null {
  if (schema.minimum !== undefined && n < schema.minimum)
    return [
      'too-small',
      `${path}: must be at least ${schema.minimum}.`,
      `${path}: debe ser al menos ${schema.minimum}.`,
    ];
  if (schema.maximum !== undefined && n > schema.maximum)
    return [
      'too-large',
      `${path}: must be at most ${schema.maximum}.`,
      `${path}: debe ser como máximo ${schema.maximum}.`,
    ];
  return null;
}

function listProblem(list: unknown[], schema: JsonSchema, path: string): ShapeProblem | null {
  if (schema.minItems !== undefined && list.length < schema.minItems)
    return [
      'too-few',
      `${path}: must list at least ${schema.minItems}${schema.minItems === 1 ? ' item.' : ' items.'}`,
      `${path}: debe incluir al menos ${schema.minItems}${schema.minItems === 1 ? ' elemento.' : ' elementos.'}`,
    ];
  if (schema.maxItems !== undefined && list.length > schema.maxItems)
    return [
      'too-many',
      `${path}: must list at most ${schema.maxItems} items.`,
      `${path}: debe incluir como máximo ${schema.maxItems} elementos.`,
    ];
  for (let i = 0; i < list.length; i++) {
    if (schema.uniqueItems && has(list.slice(0, i), list[i]))
      return ['repeated', `${path}[${i}]: repeats "${list[i]}".`, `${path}[${i}]: repite «${list[i]}».`];
    const itemProblem = schema.items ? shapeProblem(list[i], schema.items, `${path}[${i}]`, false) : null;
    if (itemProblem) return itemProblem;
  }
  return null;
}

function objectProblem(
  obj: Record<string, unknown>,
  schema: JsonSchema,
  path: string,
  top: boolean,
): ShapeProblem | null {
  const props = schema.properties || {};
  for (const name of schema.required || [])
    if (own(obj, name) === undefined)
      return ['required', `${path}.${name}: is required.`, `${path}.${name}: es obligatorio.`];
  for (const key in obj) {
    // The store's own fields (`_id`, `_rev`…) are the rules', not the schema's.
    if (top && key.charAt(0) === '_') continue;
    const propSchema = own(props, key) as JsonSchema | undefined;
    if (!propSchema) {
      if (schema.additionalProperties === false)
        return [
          'unknown-field',
          `${path}.${key}: is not a field of ${path}.`,
          `${path}.${key}: no es un campo de ${path}.`,
        ];
      continue;
    }
    const problem = shapeProblem(own(obj, key), propSchema, `${path}.${key}`, false);
    if (problem) return problem;
  }
  return null;
}

/** The first problem of `value` against `schema`, `path` naming where it is (`progressReport.percent`); null when none. */
export function shapeProblem(value: unknown, schema: JsonSchema, path: string, top: boolean): ShapeProblem | null {
  const actual = kindOf(value);
  const t = schema.type;
  if (t && !(t === actual || (t === 'integer' && actual === 'number' && Math.floor(value as number) === value)))
    return [
      'wrong-type',
      `${path}: must be ${expectedOf(schema)}, not ${actual === 'object' ? 'an object' : actual}.`,
      `${path}: no tiene el tipo esperado (${expectedOf(schema)}).`,
    ];
  if (schema.enum && !has(schema.enum, value))
    return [
      'not-allowed-value',
      `${path}: must be one of ${schema.enum.join(', ')}.`,
      `${path}: debe ser uno de ${schema.enum.join(', ')}.`,
    ];
  if (actual === 'string') return stringProblem(value as string, schema, path);
  if (actual === 'number') return numberProblem(value as number, schema, path);
  if (actual === 'array') return listProblem(value as unknown[], schema, path);
  if (actual === 'object') return objectProblem(value as Record<string, unknown>, schema, path, top);
  return null;
}
