import type { DbNames } from '../config.js';
import { type Couch, isStatus, putIfChanged, useDb } from '../couch/client.js';
import { DDOC_ID, filesDesignDoc, publicDesignDoc, syncWorkspaceRules } from './design-docs.js';

/** Roles of the people who sign in; a database lists the ones that may read it. */
const SIGNED_IN = ['reporter', 'committee', 'admin'];

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
 * Creates what Tablero needs, idempotently: databases, design documents and `_security`.
 * Anonymous users read only the public database; nobody but server admins writes it.
 */
export async function bootstrap(couch: Couch, names: DbNames): Promise<void> {
  await ensureDb(couch, '_users');
  for (const name of Object.values(names)) await ensureDb(couch, name);
  await ensureSecurity(couch, names.workspace, security(SIGNED_IN));
  await ensureSecurity(couch, names.files, security(SIGNED_IN));
  await ensureSecurity(couch, names.public, security([]));
  await putIfChanged(useDb(couch, names.public), publicDesignDoc);
  await putIfChanged(useDb(couch, names.files), filesDesignDoc);
  await syncWorkspaceRules(couch, names);
}

export { DDOC_ID };
