/**
 * Holds each document type's schema to its TypeScript type at compile time: the same fields, and
 * the same ones required. A field added to one and not the other makes `npm run typecheck` fail
 * on the line of that document type below.
 */
import type { DocOfType } from '../types.js';
import type { DocumentSchema, DocumentSchemas } from './index.js';

/** CouchDB's own fields, which the types carry and the schemas leave to the store. */
type StoreField = '_id' | '_rev' | '_deleted' | '_attachments';
type Fields<T> = Exclude<keyof T, StoreField> & string;
type RequiredFields<T> = { [K in Fields<T>]-?: Record<string, never> extends Pick<T, K> ? never : K }[Fields<T>];
type SchemaFields<S> = S extends DocumentSchema<infer F, infer _R> ? F : never;
type SchemaRequired<S> = S extends DocumentSchema<infer _F, infer R> ? R : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `true` when the type and the schema agree; otherwise the fields each has that the other lacks. */
type Agreement<T extends keyof DocumentSchemas> =
  Same<Fields<DocOfType<T>>, SchemaFields<DocumentSchemas[T]>> extends true
    ? Same<RequiredFields<DocOfType<T>>, SchemaRequired<DocumentSchemas[T]>> extends true
      ? true
      : {
          requiredOnlyInType: Exclude<RequiredFields<DocOfType<T>>, SchemaRequired<DocumentSchemas[T]>>;
          requiredOnlyInSchema: Exclude<SchemaRequired<DocumentSchemas[T]>, RequiredFields<DocOfType<T>>>;
        }
    : {
        onlyInType: Exclude<Fields<DocOfType<T>>, SchemaFields<DocumentSchemas[T]>>;
        onlyInSchema: Exclude<SchemaFields<DocumentSchemas[T]>, Fields<DocOfType<T>>>;
      };

export const SCHEMAS_MATCH_TYPES: { [T in keyof DocumentSchemas]: Agreement<T> } = {
  plan: true,
  organization: true,
  commitment: true,
  keyAction: true,
  progressReport: true,
  evidence: true,
  review: true,
  assessment: true,
  evaluation: true,
  question: true,
  answer: true,
};
