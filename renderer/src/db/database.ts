import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS, migrateDoc } from '../../../shared/src/migrations.js';
import type { Problem } from '../../../shared/src/rules/permissions.js';
import type { ConflictRecord } from './conflicts.js';
import { keepBothConflictHandler } from './conflicts.js';
import type { LocalDoc } from './local-doc.js';
import { trackLocalEdits } from './local-edits.js';

addRxPlugin(RxDBMigrationSchemaPlugin);
// Local documents hold what the database itself is (whose it is: `app/device-db.ts`), never replicated.
addRxPlugin(RxDBLocalDocumentsPlugin);

/** A conflict or a refusal the person has to see. Local only: never replicated. */
export interface Issue {
  id: string;
  docId: string;
  kind: 'conflict' | 'refused';
  /**
   * A refusal as the server gave it (its code, field, and its reason in each language), so it is
   * shown in the language the person reads in now, not the one of the day it came.
   */
  refusal?: Problem;
  /** A refusal in one language, as a version before `refusal` kept it. */
  reason?: string;
  mine?: LocalDoc;
  theirs?: LocalDoc;
  at: string;
}

/**
 * One collection for the whole workspace database, since one CouchDB database replicates into one
 * RxDB collection. Document shapes are checked by the shared write rules before every save (the
 * same function the server runs), so the schema here only names the key and the type.
 */
const workspaceSchema: RxJsonSchema<LocalDoc> = {
  // One RxDB schema version per document version (shared/src/migrations.ts), so a new release
  // migrates what is on the device, unsent drafts included, when it first opens.
  version: CURRENT_SCHEMA_VERSION,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 120 },
    type: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'type'],
  additionalProperties: true,
} as unknown as RxJsonSchema<LocalDoc>;

const issueSchema: RxJsonSchema<Issue> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    docId: { type: 'string' },
    kind: { type: 'string' },
    refusal: { type: 'object' },
    reason: { type: 'string' },
    mine: { type: 'object' },
    theirs: { type: 'object' },
    at: { type: 'string' },
  },
  required: ['id', 'docId', 'kind', 'at'],
};

export interface WorkspaceDb {
  db: RxDatabase;
  workspace: RxCollection<LocalDoc>;
  issues: RxCollection<Issue>;
}

/**
 * `multiInstance`: the web app's tabs each open the database, and each must see what the others
 * write (RxDB then tells every tab of every write); Node tests and the benchmarks open one.
 */
export async function openWorkspaceDb(
  name: string,
  storage: RxStorage<unknown, unknown>,
  options: { multiInstance?: boolean } = {},
): Promise<WorkspaceDb> {
  const db = await createRxDatabase({
    name,
    storage,
    multiInstance: options.multiInstance ?? false,
    closeDuplicates: true,
    localDocuments: true,
  });
  let issues: RxCollection<Issue> | undefined;
  const keep = async (record: ConflictRecord) => {
    await issues?.upsert({
      id: record.id,
      docId: record.docId,
      kind: 'conflict',
      mine: record.mine,
      theirs: record.theirs,
      at: record.detectedAt,
    });
  };
  const collections = await db.addCollections({
    workspace: {
      schema: workspaceSchema,
      conflictHandler: keepBothConflictHandler(keep),
      migrationStrategies: Object.fromEntries(MIGRATIONS.map((m) => [m.to, (doc: LocalDoc) => migrateDoc(doc)])),
    },
    // Version 1 adds `refusal`; an issue kept before keeps its one-language reason.
    issues: { schema: issueSchema, migrationStrategies: { 1: (issue: Issue) => issue } },
  });
  issues = collections.issues as RxCollection<Issue>;
  const workspace = collections.workspace as RxCollection<LocalDoc>;
  // Before any screen writes, so that every edit made on the device is known to be unsent.
  trackLocalEdits(workspace);
  return { db, workspace, issues };
}
