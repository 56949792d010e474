import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { publicApi } from './api/app.js';
import { dashboard } from './api/dashboard.js';
import { filesApi } from './api/files.js';
import { PublicStore } from './api/public-store.js';
import { bootstrap } from './bootstrap/bootstrap.js';
import { loadDemoOnFirstStart } from './bootstrap/demo-data.js';
import { type DbNames, dbNames, type ServerConfig } from './config.js';
import { type Couch, connect, withoutCredentials } from './couch/client.js';
import { type AdminCredentials, embeddedCouch } from './couch/embedded.js';
import { Publisher } from './publisher/publisher.js';

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:4000 */
  url: string;
  /** The CouchDB API as clients see it: `${url}/db` */
  couchUrl: string;
  /** A client with server-admin rights, for the admin CLI and tests. */
  couch: Couch;
  admin: AdminCredentials;
  names: DbNames;
  publisher: Publisher;
  store: PublicStore;
  close(): Promise<void>;
}

/** `/db/` forwards to Apache CouchDB without the server's own credentials: clients bring theirs. */
function couchProxy(couchUrl: string): RequestHandler {
  return createProxyMiddleware({ target: withoutCredentials(couchUrl), changeOrigin: true, xfwd: true });
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.quiet ? () => undefined : (message: string) => console.log(message);
  const names = dbNames(config.dbPrefix);
  const app = express();
  app.disable('x-powered-by');
  let admin: AdminCredentials;
  let url = '';
  if (config.couchUrl) {
    const parsed = new URL(config.couchUrl);
    admin = { name: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
    app.use('/db', couchProxy(config.couchUrl));
  } else {
    const embedded = embeddedCouch(config.dataDir, () => `${url}/db`);
    admin = embedded.admin;
    app.use('/db', embedded.handler);
  }
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const adminUrl = new URL(config.couchUrl ?? `${url}/db`);
  adminUrl.username = encodeURIComponent(admin.name);
  adminUrl.password = encodeURIComponent(admin.password);
  const couch = connect(adminUrl.toString());

  try {
    await bootstrap(couch, names);
    if (config.demo && (await loadDemoOnFirstStart(couch, names)))
      log('tablero: loaded the demo plan and demo accounts');
  } catch (error) {
    server.close();
    throw error;
  }
  const publisher = new Publisher(couch, names, log);
  await publisher.start();
  const store = new PublicStore(couch, names, log);
  await store.start();

  const site = { name: config.siteName, logoUrl: config.siteLogoUrl, workspaceDb: names.workspace };
  app.get('/api/site', (_req, res) => {
    res.json(site);
  });
  app.use(
    '/api/files',
    filesApi(couch, store, {
      filesDb: names.files,
      maxBytes: config.maxFileBytes,
      sessionUrl: () => `${url}/db/_session`,
    }),
  );
  app.use('/api', publicApi(store));
  app.use(dashboard(store, site));

  return {
    url,
    couchUrl: `${url}/db`,
    couch,
    admin,
    names,
    publisher,
    store,
    async close() {
      await publisher.stop();
      await store.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
