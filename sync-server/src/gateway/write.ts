import type { PlanFacts, UserCtx } from '../../../shared/src/index.js';
import { migrateDoc } from '../../../shared/src/migrations.js';
import { answerProblem, correctionProblem } from '../../../shared/src/rules/cross-document.js';
import { type Refusal, writeRefusal } from '../../../shared/src/rules/permissions.js';
import { restoreRedacted } from '../../../shared/src/rules/read-rights.js';
import { type DocId, isDocId } from '../couch/store-ids.js';
import { type GatewayContext, tombstone } from './context.js';
import type { Caller } from './route.js';
import type { Current, StoredDoc } from './workspace-store.js';

export type ClientDoc = { _id?: unknown; _rev?: unknown; _deleted?: unknown; [field: string]: unknown };

/** One row of a write's answer: CouchDB's fields, and for a refusal its code, field and Spanish reason. */
export interface WriteResult {
  id: string;
  ok?: true;
  rev?: string;
  error?: string;
  reason?: string;
  code?: string;
  field?: string;
  reason_es?: string;
}

const CLIENT_UNDERSCORE_FIELDS = new Set(['_id', '_rev', '_deleted']);

/** Checks each document with the person's rights and writes the accepted ones; results in request order. */
export async function write(context: GatewayContext, docs: ClientDoc[], caller: Caller): Promise<WriteResult[]> {
  const ids = docs.map((d) => (typeof d._id === 'string' ? d._id : ''));
  // A document sent without a revision is new, or the store refuses it as a conflict (CouchDB
  // checks that before anything else), so only those with one need their stored version: the
  // drafts an app pushes are written without reading the store first.
  const updated = ids.filter((id, i): id is DocId => isDocId(id) && docs[i]?._rev !== undefined);
  // The other documents cross-document rules read: a corrected report, an answered question and its commitment.
  const others = docs.flatMap((d) => (d.type === 'answer' ? [d.questionId, d.commitmentId] : [d.corrects]));
  const [found, corrected] = await Promise.all([
    context.store.current(updated),
    context.store.current(others.filter(isDocId)),
  ]);
  // The plans' facts once per request, not once per document (they are built from every plan).
  const facts = context.directory.facts();
  // The time the server received the request: every version it stores carries it.
  const receivedAt = new Date().toISOString();
  const results: (WriteResult | undefined)[] = [];
  const toStore: { index: number; doc: object }[] = [];
  const seen = new Set<string>();
  for (const [index, doc] of docs.entries()) {
    const id = ids[index] as string;
    const checked = checkOne(context, doc, id, seen, found.get(id as DocId), corrected, { caller, facts, receivedAt });
    seen.add(id);
    if ('stored' in checked) toStore.push({ index, doc: checked.stored });
    else results[index] = checked;
  }
  if (toStore.length) {
    const stored = await context.store.bulkDocs(toStore.map((t) => t.doc));
    // The embedded store's results are not in request order: match them by id.
    const byId = new Map(stored.map((r) => [r.id, r]));
    context.directory.wrote(toStore.flatMap(({ doc }) => written(doc, byId)));
    for (const { index } of toStore) {
      const id = ids[index] as string;
      const r = byId.get(id);
      results[index] =
        r && !r.error
          ? { id, ok: true, rev: r.rev as string }
          : { id, error: r?.error ?? 'unknown_error', reason: r?.reason ?? 'The store did not answer for it.' };
    }
  }
  return results.map((r, i) => r ?? { id: ids[i] as string, error: 'unknown_error', reason: '' });
}

/** The version of `doc` that was stored, with its revision; none when the store refused it. */
function written(doc: object, results: Map<string, { rev?: string; error?: string }>) {
  const rev = results.get((doc as { _id: string })._id)?.rev;
  return rev ? [{ doc, rev }] : [];
}

/** What to store for one document, or why it is refused. */
function checkOne(
  context: GatewayContext,
  doc: ClientDoc,
  id: string,
  seen: Set<string>,
  stored: Current | undefined,
  corrected: Map<DocId, Current>,
  { caller, facts, receivedAt }: { caller: Caller; facts: PlanFacts; receivedAt: string },
): { stored: object } | WriteResult {
  const problem = shapeProblem(doc, id) ?? (seen.has(id) ? 'This document appears twice in one request.' : null);
  if (problem) {
    context.onRefusal?.('bad-shape');
    return { id, error: 'forbidden', reason: problem };
  }
  const old = stored?.doc && !stored.deleted ? stored.doc : null;
  // A document from an older app is stored at the current version of its shape.
  const next = withServerFields(migrateDoc(restoreRedacted(doc as StoredDoc, old, caller.scope)), old);
  const userCtx: UserCtx = { name: caller.person.name, roles: caller.person.roles };
  const refusal = writeRefusal(next, old, userCtx, facts) ?? crossDocumentRefusal(next, old, corrected);
  if (!refusal)
    return { stored: doc._deleted === true ? tombstone(id, String(doc._rev ?? '')) : received(next, receivedAt) };
  context.onRefusal?.(refusal.code);
  return {
    id,
    error: refusal.status === 401 ? 'unauthorized' : 'forbidden',
    reason: refusal.reason,
    code: refusal.code,
    reason_es: refusal.reasonEs,
    ...(refusal.field ? { field: refusal.field } : {}),
  };
}

/** Types whose versions carry the server's own receipt time (shared/src/schemas: `receivedAt`). */
const RECEIPTED = new Set(['progressReport', 'evidence', 'assessment', 'review', 'evaluation', 'answer']);

/**
 * The fields only the server sets, as the stored version has them, whatever a device sent: so a
 * device that never saw them (its copy predates them) changes nothing by leaving them out.
 */
function withServerFields(doc: StoredDoc, old: StoredDoc | null): StoredDoc {
  const { receivedAt: _sent, ...rest } = doc;
  const kept = old?.receivedAt === undefined ? (rest as StoredDoc) : { ...rest, receivedAt: old.receivedAt };
  return doc.type === 'question' ? withPublicationTime(kept, old) : kept;
}

/** A question's publication time is the server's, taken when the committee first publishes it. */
function withPublicationTime(doc: StoredDoc, old: StoredDoc | null): StoredDoc {
  const { publishedAt: _sent, ...rest } = doc;
  const at = old?.publishedAt ?? (doc.status === 'published' ? new Date().toISOString() : undefined);
  return at === undefined ? (rest as StoredDoc) : { ...rest, publishedAt: at };
}

/**
 * The version as stored: stamped with the time the server received it, by the server's clock. The
 * version is the gateway's own copy (`withServerFields` made it), so it is stamped in place: in a
 * profile of drafts a thousand a request, copying each again took a fifth of the check's time.
 */
function received(doc: StoredDoc, at: string): StoredDoc {
  if (RECEIPTED.has(String(doc.type))) (doc as { receivedAt?: string }).receivedAt = at;
  return doc;
}

/** Rules that need another document than the one written (shared/src/rules/cross-document.ts). */
function crossDocumentRefusal(doc: StoredDoc, old: StoredDoc | null, others: Map<DocId, Current>): Refusal | null {
  if (doc.type === 'answer' && !doc._deleted) {
    const live = (id: unknown) => {
      const found = isDocId(id) ? others.get(id) : undefined;
      return found?.deleted ? null : (found?.doc ?? null);
    };
    const problem = answerProblem(doc, live(doc.questionId), live(doc.commitmentId));
    return problem ? { status: 403, ...problem } : null;
  }
  if (doc.type !== 'progressReport' || doc.corrects === undefined || doc._deleted || old?.corrects === doc.corrects)
    return null;
  const target = isDocId(doc.corrects) ? others.get(doc.corrects) : undefined;
  const problem = correctionProblem(doc, target?.deleted ? null : (target?.doc ?? null));
  return problem ? { status: 403, field: 'corrects', ...problem } : null;
}

/** Problems a written document has before any rule is applied; null when there are none. */
function shapeProblem(doc: ClientDoc, id: string): string | null {
  if (!isDocId(id))
    return `_id: ${JSON.stringify(id.slice(0, 40))} is not a Tablero document id (a type prefix such as report:, then lower-case letters, digits, . _ or -); design and local documents are not writable.`;
  if (Object.hasOwn(doc, '_attachments'))
    return '_attachments: evidence files are uploaded through /api/files, never attached to documents.';
  for (const field of Object.keys(doc))
    if (field.startsWith('_') && !CLIENT_UNDERSCORE_FIELDS.has(field))
      return `${field}: is not a field a client may set.`;
  if (doc._rev !== undefined && typeof doc._rev !== 'string') return '_rev: must be a revision string.';
  if (doc._deleted !== undefined && typeof doc._deleted !== 'boolean') return '_deleted: must be true or false.';
  if (doc._deleted === true && typeof doc._rev !== 'string') return '_rev: name the revision to delete.';
  return null;
}
