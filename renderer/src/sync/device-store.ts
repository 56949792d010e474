import {
  createRevision,
  getChangedDocumentsSince,
  now,
  RX_META_LWT_MINIMUM,
  type RxCollection,
  type RxDatabase,
  type RxDocument,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
} from 'rxdb';
import { content, type LocalDoc } from '../db/local-doc.js';

/**
 * What the replication keeps on the device, beside the documents. Each document carries the server
 * revision it matches (`couchRev`) and whether it was edited here since (`unsent`), as CouchDB's own
 * replication keeps a revision in each document: one write per document downloaded, and no second
 * copy of it to tell a local edit from a download.
 *
 * This is the one module that uses RxDB below its public API (`originalStorageInstance`,
 * `RX_META_LWT_MINIMUM`, `createRevision`, `getChangedDocumentsSince`); `test/rxdb-internals.test.ts`
 * holds RxDB to what it assumes, so an upgrade that changes them fails there.
 */

export type Stored = RxDocumentData<LocalDoc>;

export async function readStored(collection: RxCollection<LocalDoc>, ids: string[]): Promise<Map<string, Stored>> {
  const found = await collection.storageInstance.findDocumentsById(ids, true);
  return new Map(found.map((doc) => [doc.id, doc]));
}

export interface StoredWrite {
  document: LocalDoc;
  /** The version read before deciding this write; the write is refused if the document changed since. */
  previous?: Stored;
}

/**
 * The write time given to what the replication stores as the server has it, below every time the
 * collection gives a write: the upload reads the device's writes by write time (`changedSince`), so
 * it reads the edits made here and never the documents downloaded or settled.
 */
const AS_ON_SERVER = RX_META_LWT_MINIMUM;

/**
 * Where the upload starts on a device that never uploaded: after everything stored as on the server
 * (the storage reads from this time on in its write-time index, so those are not even read).
 */
export const FIRST_UPLOAD: RxStorageDefaultCheckpoint = { lwt: AS_ON_SERVER + 0.01, id: '' };

/**
 * Writes to the collection's storage underneath RxDB's wrapper (which would stamp every write with
 * the current time) and without the collection's hooks (not a local edit), but through its change
 * stream, so the screens see the change. Returns, by id, the documents that are not as the write
 * assumed (one stored where none was expected, or changed since it was read), with the version
 * stored, for the caller to decide again.
 */
export async function writeStored(
  collection: RxCollection<LocalDoc>,
  writes: StoredWrite[],
): Promise<Map<string, Stored>> {
  const changed = new Map<string, Stored>();
  if (writes.length === 0) return changed;
  const storage = (
    collection.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<LocalDoc, unknown, unknown> }
  ).originalStorageInstance;
  const token = collection.database.token;
  const result = await storage.bulkWrite(
    writes.map(({ document, previous }) => ({
      document: {
        ...content(document),
        _deleted: document._deleted,
        _attachments: {},
        _rev: createRevision(token, previous),
        // An edit kept unsent (a conflict merged, an edit made while its upload was on its way) is for the upload to read.
        _meta: { ...previous?._meta, lwt: document.unsent ? now() : AS_ON_SERVER },
      },
      ...(previous ? { previous } : {}),
    })),
    'tablero-replication',
  );
  for (const error of result.error) {
    if (error.status !== 409 || !error.documentInDb)
      throw new Error(`storing ${error.documentId} on the device: ${error.status}`);
    changed.set(error.documentId, error.documentInDb);
  }
  return changed;
}

/** Documents written on the device after `since`, oldest first, with where to read on from. */
export function changedSince(
  collection: RxCollection<LocalDoc>,
  limit: number,
  since: RxStorageDefaultCheckpoint,
): Promise<{ documents: Stored[]; checkpoint: RxStorageDefaultCheckpoint }> {
  return getChangedDocumentsSince(collection.storageInstance, limit, since) as Promise<{
    documents: Stored[];
    checkpoint: RxStorageDefaultCheckpoint;
  }>;
}

/** Where a replication has got to: the server's sequence pulled up to, the device's writes pushed up to. */
export interface Checkpoints {
  id: string;
  sequence?: string;
  pushed?: RxStorageDefaultCheckpoint;
}

const checkpointSchema: RxJsonSchema<Checkpoints> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 500 },
    sequence: { type: 'string' },
    pushed: { type: 'object', properties: { id: { type: 'string' }, lwt: { type: 'number' } } },
  },
  required: ['id'],
};

async function checkpointCollection(database: RxDatabase): Promise<RxCollection<Checkpoints>> {
  return (database.collections.replication ??
    (await database.addCollections({ replication: { schema: checkpointSchema } }))
      .replication) as RxCollection<Checkpoints>;
}

/** The replications this database has held checkpoints for: one per server, database and account. */
export async function replicationIdentifiers(database: RxDatabase): Promise<string[]> {
  return (await (await checkpointCollection(database)).find().exec()).map((doc) => doc.id);
}

/** The replication's checkpoints, in a collection of the same database (so a wiped workspace forgets them). */
export async function checkpointStore(
  collection: RxCollection<LocalDoc>,
  replicationIdentifier: string,
): Promise<{ read(): Checkpoints; save(changes: Partial<Checkpoints>): Promise<void> }> {
  const store = await checkpointCollection(collection.database);
  const id = replicationIdentifier;
  let stored: RxDocument<Checkpoints> = (await store.findOne(id).exec()) ?? (await store.insert({ id }));
  return {
    read: () => stored.toMutableJSON() as Checkpoints,
    // One write per save: the stored version is kept rather than looked up again.
    async save(changes) {
      stored = await stored.incrementalPatch(changes);
    },
  };
}
