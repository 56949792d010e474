import type { Router } from 'express';
import { redactFor } from '../../../../shared/src/rules/read-rights.js';
import { type DocId, parseDocId, parseRev } from '../../couch/store-ids.js';
import { sendJson } from '../../http/encoded-body.js';
import { type GatewayContext, readable } from '../context.js';
import { GatewayError } from '../errors.js';
import { mount, queryOf, type RouteInput, type Schema } from '../route.js';
import { type ClientDoc, write } from '../write.js';

/** Design documents, `_security`, `_purge` and the like are not documents a client names. */
function documentId(raw: unknown, name: string): DocId {
  if (typeof raw === 'string' && raw.startsWith('_'))
    throw new GatewayError(404, 'not_found', 'Tablero does not serve this address.');
  return parseDocId(raw, name);
}

const revQuery = queryOf({ rev: { type: 'string', pattern: '^[1-9][0-9]{0,9}-[a-f0-9]{1,64}$' } });
const documentBody: Schema = { type: 'object' };

/** One document write, answered as CouchDB answers it. */
async function writeOne(context: GatewayContext, doc: ClientDoc, { caller, res }: RouteInput<unknown & object>) {
  const [result] = await write(context, [doc], caller);
  if (!result) throw new GatewayError(500, 'unknown_error', 'No result.');
  if (result.ok) return void res.status(201).json(result);
  const status = { conflict: 409, unauthorized: 401, forbidden: 403 }[result.error ?? ''] ?? 400;
  const { id: _id, error, reason, ...details } = result;
  throw new GatewayError(status, error ?? 'bad_request', reason ?? '', details as Record<string, string>);
}

/** `GET`, `PUT`, `DELETE /{db}/{id}` and `POST /{db}`: one document, as the person may read and write it. */
export function documentRoutes(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'post',
    path: '/',
    body: documentBody,
    handle: (input) => writeOne(context, input.body as ClientDoc, input),
  });
  mount<{ id: DocId }>(router, {
    method: 'get',
    path: '/:id',
    params: { id: documentId },
    async handle({ params, caller, req, res }) {
      const row = (await context.store.current([params.id])).get(params.id);
      // A deletion is not told apart from a document that never was: only replication learns of it.
      if (!row?.doc || row.deleted || !readable(row.doc, caller.scope))
        throw new GatewayError(404, 'not_found', 'missing');
      res.set('ETag', `"${row.rev}"`);
      sendJson(req, res, redactFor(row.doc, caller.scope));
    },
  });
  mount<{ id: DocId }>(router, {
    method: 'put',
    path: '/:id',
    params: { id: documentId },
    query: revQuery,
    body: documentBody,
    async handle(input) {
      const doc = { ...(input.body as ClientDoc) };
      if (doc._id !== undefined && doc._id !== input.params.id)
        throw new GatewayError(400, 'bad_request', '_id: differs from the id in the address.');
      doc._id = input.params.id;
      if (input.query.rev) doc._rev = input.query.rev;
      await writeOne(context, doc, input);
    },
  });
  mount<{ id: DocId }>(router, {
    method: 'delete',
    path: '/:id',
    params: { id: documentId },
    query: revQuery,
    async handle(input) {
      const rev = parseRev(input.query.rev, 'rev');
      await writeOne(context, { _id: input.params.id, _rev: rev, _deleted: true }, input);
    },
  });
}
