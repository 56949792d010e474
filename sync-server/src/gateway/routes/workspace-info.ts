import type { Router } from 'express';
import { isDocId } from '../../couch/store-ids.js';
import { sendJson } from '../../http/encoded-body.js';
import { filteredChanges } from '../changes.js';
import type { GatewayContext } from '../context.js';
import { bool, digits, mount, oneOf, queryOf } from '../route.js';

/** `GET /{db}`: the database's info, as replication clients ask for it. */
export function infoRoute(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'get',
    path: '/',
    async handle({ res }) {
      const info = await context.store.info();
      res.json({ db_name: context.store.db, update_seq: info.update_seq, instance_start_time: '0' });
    },
  });
}

/** `GET /{db}/_changes`: the feed as the person may read it, normal or long-poll (gateway/changes.ts). */
export function changesRoute(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'get',
    path: '/_changes',
    query: queryOf({
      since: { type: 'string', maxLength: 1000 },
      limit: digits,
      include_docs: bool,
      style: oneOf('main_only', 'all_docs'),
      feed: oneOf('normal', 'longpoll'),
      timeout: digits,
      heartbeat: digits,
      seq_interval: digits,
    }),
    async handle({ query, caller, req, res }) {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      try {
        sendJson(req, res, await filteredChanges(context.store, context.directory, caller.scope, query, abort.signal));
      } catch (error) {
        // The client went away (or the server is stopping): nobody is waiting for an answer.
        if (abort.signal.aborted) return void res.end();
        throw error;
      }
    },
  });
}

/** What the publisher refused of the person's organisation, so the device shows it instead of "published". */
export function publicationRefusalsRoute(router: Router, context: GatewayContext): void {
  mount(router, {
    method: 'get',
    path: '/_tablero/publication-refusals',
    async handle({ caller, res }) {
      const refusals = context.publicationRefusals();
      const stored = await context.store.current([...refusals.keys()].filter(isDocId));
      const mine = [...refusals.values()].filter(({ id }) => {
        const doc = isDocId(id) ? stored.get(id)?.doc : undefined;
        return doc && caller.scope.org !== undefined && doc.orgId === caller.scope.org;
      });
      res.json({ refusals: mine });
    },
  });
}
