/**
 * Every name this device stores an account's data under (its local database, its files outbox, its
 * localStorage keys) comes from here, so that no two accounts can ever share one. Account names
 * differ by punctuation alone (`ana.b`, `ana_b`) and the same name exists on several servers:
 * names are derived from a hash of the server and the account, which are joined by a newline that
 * neither a URL nor an account name can hold.
 */
export interface DeviceNames {
  /** The RxDB database of the workspace. */
  database: string;
  /** The Dexie database of the evidence files outbox. */
  files: string;
  /** localStorage: ids of the documents saved and not yet accepted by the server. */
  pending: string;
  /** localStorage: when the last sync ended. */
  lastSync: string;
}

export interface Account {
  server: string;
  name: string;
}

/** 128 bits of sha256: short enough for IndexedDB's names, far from any chance collision. */
export async function accountKey(account: Account): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${account.server}\n${account.name}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function deviceNames(account: Account): Promise<DeviceNames> {
  const key = await accountKey(account);
  return {
    database: `tablero-${key}`,
    files: `tablero-files-${key}`,
    pending: `tablero.pending.${key}`,
    lastSync: `tablero.lastSync.${key}`,
  };
}

/**
 * The names releases before these used: per account name alone, the database's with punctuation
 * folded to `-`. Only read, to carry an account's data over (see `device-db.ts`).
 */
export function legacyDeviceNames(name: string): DeviceNames {
  return {
    database: `tablero-${name.replace(/[^a-z0-9]/g, '-')}`,
    files: `tablero-files-${name}`,
    pending: `tablero.pending.${name}`,
    lastSync: `tablero.lastSync.${name}`,
  };
}

/**
 * The replication's checkpoint id, which every device database has held since its first sync:
 * it is how a database written before owner records can still tell whom it belongs to.
 */
export function replicationIdentifier(account: Account, workspaceDb: string): string {
  return `${account.server}|${workspaceDb}|${account.name}`;
}

/** The account a checkpoint id names; account and CouchDB database names hold no `|`. */
export function accountOfReplication(identifier: string): Account | null {
  const last = identifier.lastIndexOf('|');
  const middle = identifier.lastIndexOf('|', last - 1);
  if (middle <= 0) return null;
  return { server: identifier.slice(0, middle), name: identifier.slice(last + 1) };
}

export function sameAccount(a: Account, b: Account): boolean {
  return a.server === b.server && a.name === b.name;
}
