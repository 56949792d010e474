import type { DbNames } from '../config.js';
import { type Couch, getOrNull, isStatus, putIfChanged, useDb } from '../couch/client.js';

export const DDOC_ID = '_design/tablero';

/**
 * The workspace's design document: one view, for the plan export. No `validate_doc_update`, here
 * or on any database: the store is reached only by Tablero's servers, every person's write goes
 * through the gateway, which applies the rules (shared/src/rules/validate-doc.ts) with that
 * person's identity before it writes, and `_security` keeps the gateway's account out of every
 * database but the workspace (bootstrap.ts). A validator in the store would check those writes a
 * second time, as the gateway's account, for which it could only return at once; on Apache
 * CouchDB it ran in a JavaScript process for every document on every copy, making writes ten
 * times slower. Writing this document removes the validator an earlier version installed.
 */
export const workspaceDesignDoc = {
  _id: DDOC_ID,
  language: 'javascript',
  views: {
    docs_by_plan: {
      map: 'function (doc) { if (doc.type === "plan") emit([doc._id, doc.type], null); else if (doc.planId) emit([doc.planId, doc.type], null); }',
    },
  },
};

/** Writes the design documents as this version wants them, so an earlier version's validators go. */
export async function ensureDesignDocs(couch: Couch, names: DbNames): Promise<void> {
  await putIfChanged(useDb(couch, names.workspace), workspaceDesignDoc);
  // The public and files databases had only a validator; their design document goes with it.
  for (const db of [names.public, names.files]) await removeDesignDoc(couch, db);
}

async function removeDesignDoc(couch: Couch, db: string): Promise<void> {
  const database = useDb(couch, db);
  for (let attempt = 1; ; attempt++) {
    const existing = await getOrNull<{ _id: string; _rev: string }>(database, DDOC_ID);
    if (!existing) return;
    try {
      await database.destroy(DDOC_ID, existing._rev);
      return;
    } catch (error) {
      // Another server on the same store removed or rewrote it meanwhile: look again.
      if (!isStatus(error, 409) && !isStatus(error, 404)) throw error;
      if (attempt === 5) throw error;
    }
  }
}
