/*
 * Workspace documents carry the version of their shape (`schemaVersion`). When a release changes
 * a shape, it adds a migration here: a pure function from one version to the next. The server
 * runs them over stored documents once (sync-server/src/migrations/), the gateway over documents
 * an older app sends, and the app over what is on the device (its RxDB schema's migration
 * strategies), so an unsent draft written by last year's release still arrives.
 */
export interface Migration {
  /** The version the migration produces. */
  to: number;
  /** Recorded with the date it ran on the server; never renamed. */
  name: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    name: '0001-schema-version',
    // Documents from before versions existed are version 1 as they are.
    up: (doc) => doc,
  },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.to), 0);

/** A document at the current version; the same object when it is already there. */
export function migrateDoc<T extends object>(doc: T): T {
  const fields = doc as Record<string, unknown>;
  const from = typeof fields.schemaVersion === 'number' ? fields.schemaVersion : 0;
  if (from >= CURRENT_SCHEMA_VERSION || fields._deleted) return doc;
  let out: Record<string, unknown> = { ...fields };
  for (const migration of MIGRATIONS)
    if (migration.to > from) out = { ...migration.up(out), schemaVersion: migration.to };
  return out as unknown as T;
}
