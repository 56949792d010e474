import type { Router } from 'express';
import { StoreError } from '../../couch/store-client.js';
import { checkpointListId, type LocalId, parseLocalId, storedCheckpointId } from '../../couch/store-ids.js';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { mount, queryOf } from '../route.js';
import type { WorkspaceStore } from '../workspace-store.js';

/** A person's checkpoints; beyond this the oldest are forgotten (that replication then starts over). */
export const MAX_CHECKPOINTS = 50;
const MAX_BYTES = 16_384;

interface CheckpointList {
  _rev?: string;
  /** Checkpoint ids, the most recently written last. */
  ids: string[];
}

/** Records `id` as the person's latest checkpoint; removes the ones past the bound. */
async function remember(store: WorkspaceStore, person: string, id: LocalId): Promise<void> {
  const listId = checkpointListId(person);
  for (let attempt = 1; ; attempt++) {
    const list: CheckpointList = (await store.getLocal<CheckpointList>(listId)) ?? { ids: [] };
    const ids = [...list.ids.filter((known) => known !== id), id];
    const forgotten = ids.splice(0, Math.max(0, ids.length - MAX_CHECKPOINTS));
    try {
      await store.putLocal(listId, { ...(list._rev ? { _rev: list._rev } : {}), ids });
    } catch (error) {
      if (error instanceof StoreError && error.statusCode === 409 && attempt < 5) continue;
      throw error;
    }
    for (const old of forgotten) {
      const stored = storedCheckpointId(person, old as LocalId);
      const doc = await store.getLocal(stored);
      if (doc) await store.deleteLocal(stored, doc._rev).catch(() => undefined);
    }
    return;
  }
}

const conflictOr404 = (error: unknown): never => {
  if (error instanceof StoreError && (error.statusCode === 404 || error.statusCode === 409))
    throw new GatewayError(error.statusCode, error.statusCode === 404 ? 'not_found' : 'conflict', 'missing');
  throw error;
};

/**
 * Replication checkpoints of PouchDB clients (`/_local/{id}`), kept in a namespace of the person's
 * own: a client names only its checkpoint, by an id of a strict grammar, never a store path.
 */
export function checkpointRoutes(router: Router, context: GatewayContext): void {
  const { store } = context;
  mount<{ localId: LocalId }>(router, {
    method: 'get',
    path: '/_local/:localId',
    params: { localId: parseLocalId },
    async handle({ params, caller, res }) {
      const doc = await store.getLocal<Record<string, unknown>>(storedCheckpointId(caller.person.name, params.localId));
      if (!doc) throw new GatewayError(404, 'not_found', 'missing');
      res.json({ ...doc, _id: `_local/${params.localId}` });
    },
  });
  mount<{ localId: LocalId }>(router, {
    method: 'put',
    path: '/_local/:localId',
    params: { localId: parseLocalId },
    body: {
      type: 'object',
      // A checkpoint's revision is `0-{count}` in CouchDB and PouchDB alike; the store answers 500 to others.
      properties: { _id: { type: 'string' }, _rev: { type: 'string', pattern: '^0-[0-9]{1,10}$' } },
      propertyNames: { pattern: '^(?:_id|_rev|[^_].*)$' },
    },
    async handle({ params, body, caller, res }) {
      if (JSON.stringify(body).length > MAX_BYTES)
        throw new GatewayError(400, 'bad_request', 'body: a checkpoint is a JSON object of at most 16 KB.');
      const { _id: _ignored, ...fields } = body as Record<string, unknown>;
      const saved = await store
        .putLocal(storedCheckpointId(caller.person.name, params.localId), fields)
        .catch(conflictOr404);
      await remember(store, caller.person.name, params.localId);
      res.status(201).json({ ok: true, id: `_local/${params.localId}`, rev: saved.rev });
    },
  });
  mount<{ localId: LocalId }>(router, {
    method: 'delete',
    path: '/_local/:localId',
    params: { localId: parseLocalId },
    query: queryOf({ rev: { type: 'string', pattern: '^0-[0-9]{1,10}$' } }),
    async handle({ params, query, caller, res }) {
      await store
        .deleteLocal(storedCheckpointId(caller.person.name, params.localId), query.rev ?? '')
        .catch(conflictOr404);
      res.json({ ok: true, id: `_local/${params.localId}` });
    },
  });
}
