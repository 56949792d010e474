import type { RxConflictHandler, RxConflictHandlerInput } from 'rxdb';
import { type LocalDoc, sameDoc } from './local-doc.js';

const ADMIN_WRITTEN_TYPES = new Set(['plan', 'organization', 'commitment', 'keyAction']);

export interface ConflictRecord {
  id: string;
  docId: string;
  mine: LocalDoc;
  theirs: LocalDoc;
  detectedAt: string;
}

/**
 * The collection's conflict handler, which the replication asks to settle a conflict. It takes the
 * server's version, so replication can go on, and hands the local version to `keep`, which stores
 * it beside the server's for the person to choose or merge. Nothing disappears silently.
 */
export function keepBothConflictHandler(keep: (record: ConflictRecord) => Promise<void>): RxConflictHandler<LocalDoc> {
  return {
    isEqual: (a, b) => sameDoc(a, b),
    async resolve(input: RxConflictHandlerInput<LocalDoc>) {
      const mine = input.newDocumentState as LocalDoc;
      const theirs = input.realMasterState as LocalDoc;
      // Identical versions (a first sync interrupted and resumed, a reply lost after the server saved
      // a batch) and documents only administrators write (plans, commitments) never ask the person.
      if (sameDoc(mine, theirs) || ADMIN_WRITTEN_TYPES.has(theirs.type)) return input.realMasterState;
      await keep({
        id: `conflict:${mine.id}:${Date.now()}`,
        docId: mine.id,
        mine,
        theirs,
        detectedAt: new Date().toISOString(),
      });
      return input.realMasterState;
    },
  };
}
