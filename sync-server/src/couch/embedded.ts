import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import expressPouchDB from 'express-pouchdb';
import httpAdapter from 'pouchdb-adapter-http';
import leveldb from 'pouchdb-adapter-leveldb';
import PouchDB from 'pouchdb-core';
import find from 'pouchdb-find';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import { embeddedGuard } from './embedded-guard.js';

export interface AdminCredentials {
  name: string;
  password: string;
}

PouchDB.plugin(leveldb).plugin(httpAdapter).plugin(mapreduce).plugin(replication).plugin(find);

/**
 * The embedded CouchDB-compatible server: express-pouchdb on LevelDB in `dataDir/couch`. Its
 * server admin is created on first start with a random password kept in
 * `dataDir/admin-credentials.json` (mode 0600), so the server never runs as an open "admin party".
 * `selfUrl` is where the handler is mounted once the server listens, e.g. http://127.0.0.1:4000/db.
 */
export function embeddedCouch(
  dataDir: string,
  selfUrl: () => string,
): { handler: RequestHandler; admin: AdminCredentials } {
  const couchDir = path.join(dataDir, 'couch');
  fs.mkdirSync(couchDir, { recursive: true });
  const admin = ensureAdmin(dataDir, couchDir);
  const Pouch = PouchDB.defaults({ prefix: `${couchDir}/` });
  const pouchHandler = expressPouchDB(Pouch, {
    configPath: path.join(couchDir, 'config.json'),
    logPath: path.join(couchDir, 'log.txt'),
    mode: 'fullCouchDB',
    overrideMode: { exclude: ['routes/fauxton', 'replicator', 'routes/replicate', 'routes/active-tasks'] },
  }) as unknown as RequestHandler;
  const handler = express.Router();
  handler.use(
    embeddedGuard(() => `${selfUrl()}/_session`),
    pouchHandler,
  );
  return { handler, admin };
}

export function adminCredentialsPath(dataDir: string): string {
  return path.join(dataDir, 'admin-credentials.json');
}

function ensureAdmin(dataDir: string, couchDir: string): AdminCredentials {
  const file = adminCredentialsPath(dataDir);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as AdminCredentials;
  const admin = { name: 'tablero-admin', password: randomBytes(18).toString('base64url') };
  // express-pouchdb hashes a plain-text admin password found in its config file when it loads it.
  const configFile = path.join(couchDir, 'config.json');
  const config = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {};
  config.admins = { ...config.admins, [admin.name]: admin.password };
  config.log = { ...config.log, level: 'warning' };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  fs.writeFileSync(file, JSON.stringify(admin, null, 2), { mode: 0o600 });
  return admin;
}
