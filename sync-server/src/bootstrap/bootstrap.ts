import type { DbNames } from '../config.js';
import { type Couch, isStatus, putIfChanged, useDb } from '../couch/client.js';
import { gatewayRole } from '../couch/gateway-account.js';
import { mailDesignDoc } from '../mail/design-doc.js';
import { DDOC_ID, ensureDesignDocs } from './design-docs.js';

/** No member but server admins: CouchDB's way of closing a database to every other account. */
const ADMINS_ONLY = ['_admin'];

const security = (memberRoles: string[]) => ({
  admins: { names: [], roles: [] },
  members: { names: [], roles: memberRoles },
});

async function ensureDb(couch: Couch, name: string): Promise<void> {
  try {
    await couch.db.create(name);
  } catch (error) {
    if (!isStatus(error, 412)) throw error;
  }
}

async function ensureSecurity(couch: Couch, db: string, wanted: object): Promise<void> {
  const current = await couch.request({ db, path: '_security', method: 'GET' });
  if (JSON.stringify(current) === JSON.stringify(wanted)) return;
  await couch.request({ db, path: '_security', method: 'PUT', body: wanted });
}

/**
 * Creates what Tablero needs, idempotently: databases, design documents and `_security`. People
 * never reach the store (they sign in to Tablero, not to CouchDB): the workspace's one member is
 * the gateway's account, and every other database is the server admins' alone. That membership,
 * not a validator, is what keeps the public, files, server and personal databases from any write
 * but the server's own (design-docs.ts says why the store runs no validator). The personal
 * database (e-mail addresses, the mail queue) is no device's and no public address's to read.
 */
export async function bootstrap(couch: Couch, names: DbNames): Promise<void> {
  await ensureDb(couch, '_users');
  for (const name of Object.values(names)) await ensureDb(couch, name);
  await ensureSecurity(couch, names.workspace, security([gatewayRole(names.workspace)]));
  await ensureSecurity(couch, names.files, security(ADMINS_ONLY));
  await ensureSecurity(couch, names.public, security(ADMINS_ONLY));
  await ensureSecurity(couch, names.server, security(ADMINS_ONLY));
  await ensureSecurity(couch, names.personal, security(ADMINS_ONLY));
  await ensureDesignDocs(couch, names);
  await putIfChanged(useDb(couch, names.personal), mailDesignDoc);
}

export { DDOC_ID };
