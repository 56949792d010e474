import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { bootstrap } from '../bootstrap/bootstrap.js';
import { type DbNames, dbNames, type ServerConfig } from '../config.js';
import { type Couch, connect } from '../couch/client.js';
import { type AdminCredentials, adminCredentialsPath, embeddedCouch } from '../couch/embedded.js';

export interface AdminConnection {
  couch: Couch;
  names: DbNames;
  close(): Promise<void>;
}

function withCredentials(url: string, admin: AdminCredentials): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(admin.name);
  parsed.password = encodeURIComponent(admin.password);
  return parsed.toString();
}

/**
 * A server-admin connection for the CLI: to `COUCHDB_URL`; or to the running embedded server
 * (`TABLERO_URL`, default http://127.0.0.1:$TABLERO_PORT) with the credentials in the data folder;
 * or, when no server runs, to the embedded database opened in this process for the command.
 */
export async function openAdminConnection(
  config: ServerConfig,
  serverUrl: string | undefined,
): Promise<AdminConnection> {
  const names = dbNames(config.dbPrefix);
  if (config.couchUrl) {
    const couch = connect(config.couchUrl);
    await bootstrap(couch, names);
    return { couch, names, close: async () => undefined };
  }
  const base = (serverUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const credentialsFile = adminCredentialsPath(config.dataDir);
  if (fs.existsSync(credentialsFile)) {
    const admin = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as AdminCredentials;
    const running = await fetch(`${base}/db/`).then(
      (r) => r.ok,
      () => false,
    );
    if (running) {
      const couch = connect(withCredentials(`${base}/db`, admin));
      await couch.session().catch(() => {
        throw new Error(
          `The server at ${base} does not accept the admin credentials in ${credentialsFile}; is TABLERO_DATA_DIR the one it uses?`,
        );
      });
      return { couch, names, close: async () => undefined };
    }
  }
  let selfUrl = '';
  const embedded = embeddedCouch(config.dataDir, () => selfUrl);
  const app = express();
  app.use('/db', embedded.handler);
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  selfUrl = `http://127.0.0.1:${port}/db`;
  const couch = connect(withCredentials(`http://127.0.0.1:${port}/db`, embedded.admin));
  await bootstrap(couch, names);
  return {
    couch,
    names,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
