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

/** Express 4, for the embedded store's own app only (the server runs on Express 5); the API it uses is the same. */
declare module 'express4' {
  import express = require('express');
  export = express;
}
