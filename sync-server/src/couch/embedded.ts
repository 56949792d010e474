import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import expressPouchDB from 'express-pouchdb';
// express-pouchdb breaks inside Express 5: the embedded store keeps an Express 4 app of its own.
import express, { type RequestHandler } from 'express4';
import httpAdapter from 'pouchdb-adapter-http';
import leveldb from 'pouchdb-adapter-leveldb';
import PouchDB from 'pouchdb-core';
import find from 'pouchdb-find';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import { type AdminCredentials, withCredentials } from './client.js';
import { sameSecret } from './constant-time.js';
import { GatewayAccounts, gatewayMayBulkWrite, gatewayMayReach } from './gateway-reach.js';

PouchDB.plugin(leveldb).plugin(httpAdapter).plugin(mapreduce).plugin(replication).plugin(find);

export interface EmbeddedStore {
  /** Where the store listens, with the admin credentials: http://tablero-admin:…@127.0.0.1:PORT */
  adminUrl: string;
  close(): Promise<void>;
}

/** express-pouchdb on LevelDB in `couchDir`, without the parts Tablero does not use. */
function pouchHandler(couchDir: string): RequestHandler {
  const Pouch = PouchDB.defaults({ prefix: `${couchDir}/` });
  const pouchApp = expressPouchDB(Pouch, {
    configPath: path.join(couchDir, 'config.json'),
    logPath: path.join(couchDir, 'log.txt'),
    mode: 'fullCouchDB',
    overrideMode: {
      exclude: ['routes/fauxton', 'replicator', 'routes/replicate', 'routes/active-tasks', 'validation', 'compression'],
    },
  });
  return pouchApp as unknown as RequestHandler;
}

/**
 * Who reaches the store: the server admin (`expected`), or a gateway account on the addresses its
 * workspace allows, its bulk writes of Tablero documents only; anyone else is refused.
 */
function storeGuard(expected: string, gatewayAccounts: () => GatewayAccounts | undefined): RequestHandler {
  const bulkBody = express.json({ limit: '64mb' });
  return (req, res, next) =>
    void (async () => {
      const given = req.headers.authorization ?? '';
      if (sameSecret(given, expected)) return next();
      const workspaceDb = await gatewayAccounts()?.workspaceOf(given);
      if (!workspaceDb)
        return void res
          .status(401)
          .json({ error: 'unauthorized', reason: 'This store serves the Tablero server only.' });
      if (!gatewayMayReach(req.method, req.originalUrl, workspaceDb))
        return void res.status(403).json({ error: 'forbidden', reason: 'The gateway does not reach this address.' });
      if (req.method === 'POST' && req.path.endsWith('/_bulk_docs')) {
        // Parsed here (express-pouchdb then reads req.body), so its ids are checked before anything is written.
        await new Promise<void>((resolve, reject) =>
          bulkBody(req, res, (error) => (error ? reject(error) : resolve())),
        );
        if (!gatewayMayBulkWrite(req.body))
          return void res.status(403).json({
            error: 'forbidden',
            reason: 'docs: the gateway writes Tablero documents only, never design or local ones.',
          });
      }
      // express-pouchdb's own permission checks are not relied on: what passed the allowlist runs with the store's rights.
      req.headers.authorization = expected;
      next();
    })().catch(next);
}

/**
 * The embedded CouchDB-compatible store: express-pouchdb on LevelDB in `dataDir/couch`, listening
 * on a loopback port that answers only requests carrying its server admin's credentials. Clients
 * never reach it (they go through Tablero's gateway): express-pouchdb evaluates code sent to it,
 * answers several routes without checking members, and dies on some malformed requests. The admin
 * is created on first start with a random password kept in `dataDir/admin-credentials.json`
 * (mode 0600). While it runs, `dataDir/store.json` says where it listens, so the admin CLI can use
 * it instead of opening the locked data folder.
 */
export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const couchDir = path.join(dataDir, 'couch');
  fs.mkdirSync(couchDir, { recursive: true });
  const admin = ensureAdmin(dataDir, couchDir);
  const expected = `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;
  let gatewayAccounts: GatewayAccounts | undefined;
  const app = express();
  app.disable('x-powered-by');
  app.use(storeGuard(expected, () => gatewayAccounts));
  app.use(pouchHandler(couchDir));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const adminUrl = withCredentials(`http://127.0.0.1:${port}`, admin);
  gatewayAccounts = new GatewayAccounts(adminUrl);
  const storeFile = storeFilePath(dataDir);
  fs.writeFileSync(storeFile, JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }), { mode: 0o600 });
  return {
    adminUrl,
    async close() {
      if (fs.existsSync(storeFile) && JSON.parse(fs.readFileSync(storeFile, 'utf8')).pid === process.pid)
        fs.rmSync(storeFile, { force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Where a running server says its embedded store listens. */
export function storeFilePath(dataDir: string): string {
  return path.join(dataDir, 'store.json');
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
