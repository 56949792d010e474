import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Request, Response, Router } from 'express';
import type { ReadScope } from '../../../shared/src/rules/read-rights.js';
import { IdProblem } from '../couch/store-ids.js';
import type { Person } from './accounts.js';
import { asyncRoute, GatewayError } from './errors.js';

/** What a signed-in person's request carries through the gateway. */
export interface Caller {
  person: Person;
  scope: ReadScope;
}

/** A JSON Schema for a query or a body, as Ajv reads it. */
export type Schema = Record<string, unknown>;

/** A path parameter's parser: the typed value, or an `IdProblem` naming the parameter. */
export type ParamParser<T> = (raw: unknown, name: string) => T;

export interface RouteInput<P> {
  params: P;
  query: Record<string, string>;
  body: unknown;
  caller: Caller;
  req: Request;
  res: Response;
}

/**
 * One route of the gateway: its path parameters parsed into typed ids, its query and body checked
 * by schemas, all before the handler runs, so no handler ever sees a client's text as it came.
 */
export interface RouteSpec<P extends Record<string, unknown>> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  params?: { [K in keyof P]: ParamParser<P[K]> };
  /** The query parameters served; any other is refused with its name. */
  query?: Schema;
  body?: Schema;
  handle(input: RouteInput<P>): Promise<void> | void;
}

const ajv = new Ajv({ allErrors: false, strict: false });
const NO_QUERY: Schema = { type: 'object', properties: {}, additionalProperties: false };
const compiled = new WeakMap<Schema, ValidateFunction>();
const validator = (schema: Schema) => {
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  return check;
};

/** A schema's first complaint in words that name the field. */
function problem(error: ErrorObject | undefined, where: 'query' | 'body'): string {
  if (!error) return `${where}: is not what this address takes.`;
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    return where === 'query'
      ? `${extra}: this parameter is not served here.`
      : `${field ? `${field}.` : ''}${extra}: is not a field this address takes.`;
  }
  return `${field || where}: ${error.message ?? 'is not valid'}.`;
}

function checked(schema: Schema, value: unknown, where: 'query' | 'body'): void {
  const check = validator(schema);
  if (!check(value)) throw new GatewayError(400, 'bad_request', problem(check.errors?.[0], where));
}

function parseParams<P extends Record<string, unknown>>(spec: RouteSpec<P>, raw: Record<string, string>): P {
  const parsed: Record<string, unknown> = {};
  for (const [name, parse] of Object.entries(spec.params ?? {}) as [string, ParamParser<unknown>][])
    parsed[name] = parse(raw[name], name);
  return parsed as P;
}

/** Mounts a route on the workspace's router; the caller was set by the router's sign-in check. */
export function mount<P extends Record<string, unknown>>(router: Router, spec: RouteSpec<P>): void {
  router[spec.method](
    spec.path,
    asyncRoute(async (req, res) => {
      try {
        const params = parseParams(spec, req.params as Record<string, string>);
        checked(spec.query ?? NO_QUERY, req.query, 'query');
        if (spec.body) checked(spec.body, req.body, 'body');
        const caller = res.locals.caller as Caller;
        await spec.handle({ params, query: req.query as Record<string, string>, body: req.body, caller, req, res });
      } catch (error) {
        // A parameter parsed inside the handler (a revision in the query) is refused as the path's are.
        if (error instanceof IdProblem) throw new GatewayError(400, 'bad_request', error.message);
        throw error;
      }
    }),
  );
}

/** Query parameters that are words from a list, or digits. */
export const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
export const digits: Schema = { type: 'string', pattern: '^[0-9]{1,12}$' };
export const bool = oneOf('true', 'false');
export const queryOf = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  additionalProperties: false,
});
