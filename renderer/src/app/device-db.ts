import type { RxDatabase, RxStorage } from 'rxdb';
import { openWorkspaceDb, type WorkspaceDb } from '../db/database.js';
import { replicationIdentifiers } from '../sync/device-store.js';
import {
  type Account,
  accountOfReplication,
  type DeviceNames,
  deviceNames,
  legacyDeviceNames,
  sameAccount,
} from './device-names.js';

/** The local document that says whose a device database is; written once, when it is first opened. */
const OWNER = 'owner';

/** A device database that records another account than the one signing in: never opened for it. */
export class OtherAccountsDatabase extends Error {
  constructor(readonly owner: Account) {
    super(`this device's database belongs to ${owner.name} on ${owner.server}`);
    this.name = 'OtherAccountsDatabase';
  }
}

export interface DeviceDb {
  local: WorkspaceDb;
  /** The names the account's data goes under on this device (the database's and its companions'). */
  names: DeviceNames;
}

export interface DeviceDbOptions {
  storage: RxStorage<unknown, unknown>;
  /** Whether an RxDB database of that name is on the device, without creating it. */
  exists?: (name: string) => Promise<boolean>;
  /** Opened by several tabs at once (the web app): see `openWorkspaceDb`. */
  multiInstance?: boolean;
}

/**
 * Opens the account's database on this device, refusing one that records another account.
 *
 * Databases written before owner records were named by account name alone, with punctuation
 * folded (`ana.b` and `ana_b` both `tablero-ana-b`), and may hold drafts never sent. Such a
 * database is kept where it is and used under its old names (no copy: nothing to interrupt half
 * way, and unsent edits keep their bookkeeping as it is) once it is known to be this account's:
 * by its owner record, or, having none, by the replication checkpoints it holds, which name server
 * and account. One that holds another account's checkpoints, or several accounts' (both used it),
 * is left untouched for nobody, and the account starts on a database of its own.
 */
export async function openDeviceDb(account: Account, options: DeviceDbOptions): Promise<DeviceDb> {
  const exists = options.exists ?? rxdbDatabaseExists;
  const legacy = legacyDeviceNames(account.name);
  if (await exists(legacy.database)) {
    const local = await openWorkspaceDb(legacy.database, options.storage, options);
    if (await isLegacyOf(local.db, account)) {
      await recordOwner(local.db, account);
      return { local, names: legacy };
    }
    await local.db.close();
  }
  const names = await deviceNames(account);
  const local = await openWorkspaceDb(names.database, options.storage, options);
  const owner = await ownerOf(local.db);
  if (owner && !sameAccount(owner, account)) {
    await local.db.close();
    throw new OtherAccountsDatabase(owner);
  }
  if (!owner) await recordOwner(local.db, account);
  return { local, names };
}

export async function ownerOf(db: RxDatabase): Promise<Account | null> {
  const record = await db.getLocal<Account>(OWNER);
  if (!record) return null;
  const { server, name } = record.toJSON().data;
  return { server, name };
}

export async function recordOwner(db: RxDatabase, account: Account): Promise<void> {
  if (!(await db.getLocal(OWNER))) await db.insertLocal<Account>(OWNER, { server: account.server, name: account.name });
}

async function isLegacyOf(db: RxDatabase, account: Account): Promise<boolean> {
  const owner = await ownerOf(db);
  if (owner) return sameAccount(owner, account);
  const holders = (await replicationIdentifiers(db)).map(accountOfReplication);
  return holders.length > 0 && holders.every((holder) => holder !== null && sameAccount(holder, account));
}

/**
 * RxDB's Dexie storage keeps each collection in an IndexedDB database of its own, named
 * `rxdb-dexie-<database>--<schema version>--<collection>`; the workspace collection is always there.
 * Without `indexedDB.databases()` the database is opened to be looked at, which creates it empty.
 */
async function rxdbDatabaseExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  const prefix = `rxdb-dexie-${name}--`;
  return (await indexedDB.databases()).some(
    (info) => info.name?.startsWith(prefix) && /^\d+--workspace$/.test(info.name.slice(prefix.length)),
  );
}
