declare module 'express-pouchdb' {
  import type { Express } from 'express';

  interface Options {
    configPath?: string;
    logPath?: string;
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    overrideMode?: { include?: string[]; exclude?: string[] };
  }
  interface ExpressPouchDB extends Express {
    /** Wraps every database object when express-pouchdb first opens it. */
    dbWrapper: { registerWrapper(wrapper: (name: string, db: object, next: () => void) => void): void };
  }
  export default function expressPouchDB(PouchDB: unknown, options?: Options): ExpressPouchDB;
}

// The pieces of pouchdb-validation that the embedded store's cached validation is built from.
declare module 'couchdb-eval' {
  export function evaluate(requireContext: object, extraVars: object, program: string): unknown;
  export function wrapExecutionError(error: unknown): Error;
}
declare module 'pouchdb-wrappers' {
  export function installWrapperMethods(db: object, handlers: Record<string, (...args: never[]) => unknown>): void;
}
declare module 'pouchdb-bulkdocs-wrapper' {
  export default function createBulkDocsWrapper<Doc, Args>(
    handler: (doc: Doc, args: Args) => Promise<void>,
  ): (bulkDocs: () => Promise<unknown>, args: Args) => Promise<unknown>;
}
declare module 'pouchdb-plugin-error' {
  export default class PouchPluginError extends Error {
    constructor(options: { name: string; message: string; status: number });
  }
}
