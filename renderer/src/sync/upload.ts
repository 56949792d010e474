import type { DocumentRefusal } from '../../../shared/src/rules/permissions.js';
import { isUnsent } from '../db/local-edits.js';
import { type CouchDoc, toCouch } from './couch-helpers.js';
import { changedSince, FIRST_UPLOAD, type Stored, writeStored } from './device-store.js';
import { storeFromServer } from './download.js';
import { POST_JSON, type ReplicationContext } from './replication-context.js';

interface BulkResult {
  id: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
  reason_es?: string;
  code?: string;
  field?: string;
}

/**
 * Marks uploaded documents as what the server now has. One edited again while it was on its way
 * keeps that edit unsent, on top of the revision the server gave the upload.
 */
async function settle(context: ReplicationContext, sent: { doc: Stored; couchRev?: string }[]) {
  let pending = sent.map(({ doc, couchRev }) => ({ doc, couchRev: couchRev ?? doc.couchRev, unsent: false }));
  while (pending.length) {
    const changed = await writeStored(
      context.collection,
      pending.map(({ doc, couchRev, unsent }) => ({
        document: { ...doc, ...(couchRev ? { couchRev } : {}), unsent },
        previous: doc,
      })),
    );
    pending = pending.flatMap(({ doc, couchRev }) => {
      const current = changed.get(doc.id);
      return current ? [{ doc: current, couchRev, unsent: true }] : [];
    });
  }
}

/** The server's answer to a `_bulk_docs`, row by row: accepted, in conflict, or refused with a reason. */
function sortResults(docs: Stored[], results: BulkResult[]) {
  const byId = new Map(docs.map((doc) => [doc.id, doc]));
  const accepted: { doc: Stored; couchRev?: string }[] = [];
  const refused: DocumentRefusal[] = [];
  const refusedDocs: Stored[] = [];
  const conflicts = new Map<string, Stored>();
  for (const result of results) {
    const doc = byId.get(result.id);
    if (!doc) continue;
    if (result.ok) accepted.push({ doc, ...(result.rev ? { couchRev: result.rev } : {}) });
    else if (result.error === 'conflict') conflicts.set(doc.id, doc);
    else {
      refusedDocs.push(doc);
      refused.push({
        id: result.id,
        status: result.error === 'unauthorized' ? 401 : 403,
        code: result.code ?? result.error ?? 'error',
        ...(result.field ? { field: result.field } : {}),
        reason: result.reason ?? '',
        reasonEs: result.reason_es ?? result.reason ?? '',
      });
    }
  }
  return { accepted, refused, refusedDocs, conflicts };
}

/** Changed on the server since the device last had it: its version decides, as on a download. */
async function settleConflicts(context: ReplicationContext, conflicts: Map<string, Stored>) {
  const current = await context.json<{
    rows: { key: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null }[];
  }>(
    await context.request('_all_docs?include_docs=true', {
      ...POST_JSON,
      body: JSON.stringify({ keys: [...conflicts.keys()] }),
    }),
    'reading conflicting versions',
  );
  await storeFromServer(
    context,
    current.rows.flatMap((row) =>
      row.doc ? [row.doc] : row.value?.deleted ? [{ _id: row.key, _rev: row.value.rev, _deleted: true }] : [],
    ),
    // The versions read for the upload: one changed since is returned by the write and decided again.
    conflicts,
  );
}

async function send(context: ReplicationContext, docs: Stored[]) {
  const results = await context.json<BulkResult[]>(
    await context.request('_bulk_docs', {
      ...POST_JSON,
      body: JSON.stringify({ docs: docs.map((doc) => toCouch(doc, doc.couchRev)) }),
    }),
    'sending changes',
  );
  const { accepted, refused, refusedDocs, conflicts } = sortResults(docs, results);
  // A refused edit stays on the device, shown with its reason, and is not sent again unless edited.
  await settle(context, [...accepted, ...refusedDocs.map((doc) => ({ doc }))]);
  if (refused.length) await context.onRefused(refused);
  if (accepted.length) await context.onAccepted?.(accepted.map(({ doc }) => doc.id));
  if (conflicts.size) await settleConflicts(context, conflicts);
}

/** The upload: sends what was edited on the device since the last upload, reading its writes in order. */
export async function push(context: ReplicationContext): Promise<void> {
  const checkpoints = await context.checkpoints;
  for (;;) {
    const since = checkpoints.read().pushed ?? FIRST_UPLOAD;
    const { documents, checkpoint } = await changedSince(context.collection, context.batchSize, since);
    if (documents.length === 0) return;
    // Created and deleted here before it was ever sent: nothing for the server.
    const edited = documents.filter((doc) => isUnsent(doc) && !(doc._deleted && doc.couchRev === undefined));
    if (edited.length) await send(context, edited);
    await checkpoints.save({ pushed: checkpoint });
    if (documents.length < context.batchSize) return;
  }
}
