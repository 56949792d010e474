import type { Router } from 'express';
import { redactFor } from '../../../../shared/src/rules/read-rights.js';
import type { DocId } from '../../couch/store-ids.js';
import { sendJson } from '../../http/encoded-body.js';
import { docIds, type GatewayContext, mayKnowDeletion, readable, tombstone, visibleRows } from '../context.js';
import { GatewayError } from '../errors.js';
import { bool, mount, queryOf, type Schema } from '../route.js';
import { type ClientDoc, write } from '../write.js';

const ids = (max: number): Schema => ({ type: 'array', items: { type: 'string', maxLength: 300 }, maxItems: max });

/** `_all_docs` by keys: the current revision of each document the person may know of. */
function allDocs(router: Router, context: GatewayContext): void {
  const answer = async (
    keys: string[],
    includeDocs: boolean,
    input: Parameters<Parameters<typeof mount>[1]['handle']>[0],
  ) => {
    const { scope } = input.caller;
    const visible = await visibleRows(context.store, await context.store.current(docIds(keys)), input.caller.scope);
    const rows = keys.map((key) => {
      const row = visible.get(key as DocId);
      if (!row) return { key, error: 'not_found' };
      if (row.deleted)
        return { key, id: key, value: { rev: row.rev, deleted: true }, ...(includeDocs ? { doc: null } : {}) };
      return {
        key,
        id: key,
        value: { rev: row.rev },
        ...(includeDocs && row.doc ? { doc: redactFor(row.doc, scope) } : {}),
      };
    });
    sendJson(input.req, input.res, { total_rows: rows.length, offset: 0, rows });
  };
  mount(router, {
    method: 'get',
    path: '/_all_docs',
    query: queryOf({ keys: { type: 'string', maxLength: 400_000 }, include_docs: bool }),
    async handle(input) {
      let keys: unknown;
      try {
        keys = JSON.parse(input.query.keys ?? 'null');
      } catch {
        throw new GatewayError(400, 'bad_request', 'keys: is not valid JSON.');
      }
      if (!Array.isArray(keys) || keys.length > 1000 || keys.some((k) => typeof k !== 'string'))
        throw new GatewayError(400, 'bad_request', 'keys: list the document ids to read (at most 1,000).');
      await answer(keys as string[], input.query.include_docs === 'true', input);
    },
  });
  mount(router, {
    method: 'post',
    path: '/_all_docs',
    query: queryOf({ include_docs: bool }),
    body: { type: 'object', required: ['keys'], properties: { keys: ids(1000) }, additionalProperties: false },
    handle: (input) => answer((input.body as { keys: string[] }).keys, input.query.include_docs === 'true', input),
  });
}

/** `_bulk_get`: latest versions only (PouchDB asks with latest=true), deletions as bare tombstones. */
function bulkGet(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'post',
    path: '/_bulk_get',
    query: queryOf({ revs: bool, latest: bool, attachments: bool }),
    body: {
      type: 'object',
      required: ['docs'],
      properties: {
        docs: {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string', maxLength: 300 }, rev: { type: 'string', maxLength: 100 } },
          },
        },
      },
    },
    async handle({ query, body, caller, req, res }) {
      const wanted = (body as { docs: { id: string; rev?: string }[] }).docs;
      const latest = query.latest === 'true';
      const byId = await context.store.latest(docIds(wanted.map((w) => w.id)), query.revs === 'true');
      const results = await Promise.all(
        wanted.map(async ({ id, rev }) => {
          const doc = byId.get(id);
          const visible =
            doc &&
            (doc._deleted
              ? await mayKnowDeletion(context.store, id as DocId, doc._rev, caller.scope)
              : readable(doc, caller.scope));
          if (!doc || !visible || (rev && rev !== doc._rev && !latest))
            return { id, docs: [{ error: { id, rev: rev ?? 'undefined', error: 'not_found', reason: 'missing' } }] };
          return { id, docs: [{ ok: doc._deleted ? tombstone(doc._id, doc._rev) : redactFor(doc, caller.scope) }] };
        }),
      );
      sendJson(req, res, { results });
    },
  });
}

/** `_revs_diff`: what the store lacks, for documents the person may know of; the rest counts as missing. */
function revsDiff(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'post',
    path: '/_revs_diff',
    body: { type: 'object', maxProperties: 1000, additionalProperties: ids(1000) },
    async handle({ body, caller, res }) {
      const asked = body as Record<string, string[]>;
      const visible = await visibleRows(
        context.store,
        await context.store.current(docIds(Object.keys(asked))),
        caller.scope,
      );
      const known = visible.size
        ? await context.store.revsDiff(Object.fromEntries([...visible.keys()].map((id) => [id, asked[id] ?? []])))
        : {};
      const answer: Record<string, unknown> = {};
      for (const id of Object.keys(asked)) {
        if (!visible.has(id as DocId)) answer[id] = { missing: asked[id] };
        else if (known[id]) answer[id] = known[id];
      }
      res.json(answer);
    },
  });
}

/** `_bulk_docs`: each document checked with the person's rights; new_edits=false is refused. */
function bulkDocs(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'post',
    path: '/_bulk_docs',
    body: {
      type: 'object',
      required: ['docs'],
      properties: {
        docs: { type: 'array', maxItems: 1000, items: { type: 'object' } },
        new_edits: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    async handle({ body, caller, res }) {
      const { docs, new_edits } = body as { docs: ClientDoc[]; new_edits?: boolean };
      if (new_edits === false)
        throw new GatewayError(
          403,
          'forbidden',
          'new_edits: clients write new revisions only; new_edits=false is refused.',
        );
      res.status(201).json(await write(context, docs, caller));
    },
  });
}

export function replicationRoutes(router: Router, context: GatewayContext): void {
  allDocs(router, context);
  bulkGet(router, context);
  revsDiff(router, context);
  bulkDocs(router, context);
}
