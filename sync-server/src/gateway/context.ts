import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { type ReadScope, readDecision } from '../../../shared/src/rules/read-rights.js';
import { type DocId, isDocId, isRev } from '../couch/store-ids.js';
import type { WorkspaceDirectory } from './directory.js';
import type { Current, StoredDoc, WorkspaceStore } from './workspace-store.js';

/** What every route of the gateway works with. */
export interface GatewayContext {
  store: WorkspaceStore;
  directory: WorkspaceDirectory;
  /** Documents the publisher would not publish, with why (cross-document rules). */
  publicationRefusals: () => ReadonlyMap<string, DocumentRefusal>;
  /** Told the code of each write refused, for the metrics. */
  onRefusal?: (code: string) => void;
}

export const readable = (doc: StoredDoc | undefined, scope: ReadScope): doc is StoredDoc =>
  !!doc && readDecision(doc, scope) === 'read';

/** A deletion as every client receives it: nothing of the document but its id and revision. */
export const tombstone = (id: string, rev: string) => ({ _id: id, _rev: rev, _deleted: true as const });

/**
 * Whether a person may learn of a deletion: only when they could read the version it removed
 * (which the store keeps until compaction). Anyone else is told there is no such document, so a
 * deleted draft of another organisation leaves no trace of having existed.
 */
export async function mayKnowDeletion(
  store: WorkspaceStore,
  id: DocId,
  rev: string,
  scope: ReadScope,
): Promise<boolean> {
  if (!isRev(rev)) return false;
  const before = await store.versionBefore(id, rev);
  return !!before && readDecision(before, scope) === 'read';
}

/** The rows of `found` this person may know of: readable live ones, and deletions of readable ones. */
export async function visibleRows(
  store: WorkspaceStore,
  found: Map<DocId, Current>,
  scope: ReadScope,
): Promise<Map<DocId, Current>> {
  const visible = new Map<DocId, Current>();
  await Promise.all(
    [...found].map(async ([id, row]) => {
      if (row.deleted ? await mayKnowDeletion(store, id, row.rev, scope) : readable(row.doc, scope))
        visible.set(id, row);
    }),
  );
  return visible;
}

/** The ids among `values` that follow Tablero's grammar, once each; the others name no document. */
export const docIds = (values: readonly unknown[]): DocId[] => [...new Set(values.filter(isDocId))];
