import { randomBytes } from 'node:crypto';
import { addUser, type NewUser } from '../sync-server/src/admin/users.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
import { gatewayAccountName } from '../sync-server/src/couch/gateway-account.js';
import type { RunningServer } from '../sync-server/src/server.js';

/**
 * The store the bench measures: the embedded one in a folder of its own, or, with COUCHDB_URL,
 * the Apache CouchDB it names, so the ratios can be measured on the store a deployment runs.
 * There the run's databases carry a prefix of their own and, with the accounts it made, are
 * removed afterwards.
 */
export const couchUrl = process.env.COUCHDB_URL || undefined;
export const benchPrefix = couchUrl ? `bench${randomBytes(3).toString('hex')}_` : 'bench_';

const accounts = new Set<string>();

/** An account for the bench's clients. An account of that name already there is refused, never replaced. */
export async function addBenchUser(server: RunningServer, user: NewUser): Promise<void> {
  await addUser(server.couch, server.names, user);
  accounts.add(user.name);
}

/** Removes from a shared CouchDB what the run made (the embedded store goes with its folder). */
export async function removeBenchData(server: RunningServer): Promise<void> {
  if (!couchUrl) return;
  for (const name of await server.couch.db.list())
    if (name.startsWith(benchPrefix)) await server.couch.db.destroy(name);
  const users = useDb(server.couch, '_users');
  // The gateway's own account of the bench's workspace too: `_users` outlives the databases.
  for (const name of [...accounts, gatewayAccountName(server.names.workspace)]) {
    const doc = await getOrNull(users, `org.couchdb.user:${name}`);
    if (doc) await users.destroy(doc._id, doc._rev);
  }
}
