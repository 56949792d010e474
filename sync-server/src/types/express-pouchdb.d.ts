declare module 'express-pouchdb' {
  import type { Express } from 'express';

  interface Options {
    configPath?: string;
    logPath?: string;
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    overrideMode?: { include?: string[]; exclude?: string[] };
  }
  export default function expressPouchDB(PouchDB: unknown, options?: Options): Express;
}
