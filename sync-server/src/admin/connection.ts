import fs from 'node:fs';
import { bootstrap } from '../bootstrap/bootstrap.js';
import { type DbNames, dbNames, type ServerConfig } from '../config.js';
import { type AdminCredentials, type Couch, connect, withCredentials } from '../couch/client.js';
import { adminCredentialsPath, startEmbeddedStore, storeFilePath } from '../couch/embedded.js';

export interface AdminConnection {
  couch: Couch;
  names: DbNames;
  close(): Promise<void>;
}

/** The embedded store of a server running on this data folder, if one answers. */
async function runningStore(dataDir: string): Promise<string | null> {
  const storeFile = storeFilePath(dataDir);
  const credentialsFile = adminCredentialsPath(dataDir);
  if (!fs.existsSync(storeFile) || !fs.existsSync(credentialsFile)) return null;
  const { url } = JSON.parse(fs.readFileSync(storeFile, 'utf8')) as { url: string };
  const admin = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as AdminCredentials;
  const adminUrl = withCredentials(url, admin);
  const answers = await connect(adminUrl)
    .session()
    .then(
      () => true,
      () => false,
    );
  return answers ? adminUrl : null;
}

/**
 * A server-admin connection for the CLI: to `COUCHDB_URL`; or to the embedded store of the server
 * running on `TABLERO_DATA_DIR` (it says where in `store.json`); or, when none runs, to the embedded
 * store opened in this process for the command. Administration never goes through the gateway.
 */
export async function openAdminConnection(config: ServerConfig): Promise<AdminConnection> {
  const names = dbNames(config.dbPrefix);
  if (config.couchUrl) {
    const couch = connect(config.couchUrl);
    await bootstrap(couch, names);
    return { couch, names, close: async () => undefined };
  }
  const running = await runningStore(config.dataDir);
  if (running) return { couch: connect(running), names, close: async () => undefined };
  const store = await startEmbeddedStore(config.dataDir);
  const couch = connect(store.adminUrl);
  await bootstrap(couch, names);
  return { couch, names, close: () => store.close() };
}
