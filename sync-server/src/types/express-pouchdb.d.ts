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
