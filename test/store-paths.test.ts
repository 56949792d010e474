import { describe, expect, it } from 'vitest';
import { assertNanoSafeId } from '../sync-server/src/couch/client.js';
import { gatewayMayReach } from '../sync-server/src/couch/gateway-reach.js';
import { assertEncoded, storePath } from '../sync-server/src/couch/store-client.js';
import {
  IdProblem,
  isDocId,
  isLocalId,
  parseDocId,
  parseLocalId,
  storedCheckpointId,
} from '../sync-server/src/couch/store-ids.js';

/** What arrives in a route parameter once Express has decoded it, from the encodings attackers send. */
const HOSTILE = [
  'x/../tablero-session-secret',
  'x/../../../_users/org.couchdb.user:demo-admin',
  'x/../tablero_workspace/_all_docs?include_docs=true',
  '..',
  '.',
  '...',
  'report:a/b',
  'report:a\\b',
  'report:a?b',
  'report:a#b',
  'report:a%2Fb',
  'report:a%252Fb',
  'report:a\u0000',
  'report:a\n',
  'report:a\u2215b',
  'report:a\uff0fb',
  'report:\uff0e\uff0e',
  `report:${'a'.repeat(81)}`,
  '_design/tablero',
  '_local/x',
  'Report:a',
  '',
];

describe('the id grammar', () => {
  it("takes Tablero's ids and nothing that could leave a path segment", () => {
    for (const id of ['commitment:mx-2019-01', 'report:t1-2', 'keyAction:a.b_c-d', `org:${'a'.repeat(80)}`])
      expect(isDocId(id), id).toBe(true);
    for (const id of HOSTILE) expect(isDocId(id), JSON.stringify(id)).toBe(false);
  });

  it('takes PouchDB checkpoint ids, never a dot segment, a separator or an overlong id', () => {
    for (const id of ['n5ah3Y.Xk_Q==', 'abc-DEF_0.1', 'a'.repeat(128)]) expect(isLocalId(id), id).toBe(true);
    for (const id of [...HOSTILE.filter((h) => !/^[A-Za-z0-9._=-]+$/.test(h) || /^\.+$/.test(h)), 'a'.repeat(129)])
      expect(isLocalId(id), JSON.stringify(id)).toBe(false);
  });

  it('names the parameter and what was sent, cut short', () => {
    expect(() => parseDocId(`x/${'y'.repeat(500)}`, 'id')).toThrow(IdProblem);
    const problem = (() => {
      try {
        parseLocalId('x/../secret', 'localId');
      } catch (error) {
        return error as IdProblem;
      }
    })();
    expect(problem?.param).toBe('localId');
    expect(problem?.message).toMatch(/^localId: "x\/\.\.\/secret" is not a checkpoint id/);
  });

  it("keeps a person's checkpoints in a namespace of their own, whatever their name holds", () => {
    const a = storedCheckpointId('ana.b', parseLocalId('cp', 'id'));
    const b = storedCheckpointId('ana_b', parseLocalId('cp', 'id'));
    expect(a).not.toBe(b);
    expect(storedCheckpointId('../../_users', parseLocalId('cp', 'id'))).toMatch(/^tablero-user~[a-f0-9]{24}~cp$/);
  });
});

describe('store paths', () => {
  it('are made of encoded parts', () => {
    expect(storePath('tablero_workspace', { doc: parseDocId('report:a.b', 'id') })).toBe(
      '/tablero_workspace/report%3Aa.b',
    );
    expect(storePath('tablero_workspace', { local: parseLocalId('cp', 'id') })).toBe('/tablero_workspace/_local/cp');
    expect(storePath('t/x_workspace', { endpoint: '_changes' })).toBe('/t%2Fx_workspace/_changes');
    expect(() => storePath('../_users')).toThrow(/not a database name/);
  });

  it('put together any other way are refused before they leave', () => {
    for (const path of [
      '/tablero_workspace/_local/x/../tablero-session-secret',
      '/tablero_workspace/..',
      '/tablero_workspace/%2E%2E',
      '/tablero_workspace/.%2e',
      '/tablero_workspace/a?b',
      '/tablero_workspace/a#b',
      '/tablero_workspace/a b',
      '/tablero_workspace/a\\b',
      '/tablero_workspace//x',
      'tablero_workspace/x',
    ])
      expect(() => assertEncoded(path), path).toThrow(/must be made by storePath/);
    expect(() => assertEncoded('/tablero_workspace/report%3Aa')).not.toThrow();
  });
});

describe("the gateway account's reach on the embedded store", () => {
  const ws = 'tablero_workspace';
  it('is the workspace endpoints, its documents and the people checkpoints', () => {
    expect(gatewayMayReach('GET', `/${ws}`, ws)).toBe(true);
    expect(gatewayMayReach('GET', `/${ws}/_changes?since=0&limit=10&include_docs=true&style=all_docs`, ws)).toBe(true);
    expect(gatewayMayReach('POST', `/${ws}/_all_docs?include_docs=true`, ws)).toBe(true);
    expect(gatewayMayReach('POST', `/${ws}/_bulk_docs`, ws)).toBe(true);
    expect(gatewayMayReach('GET', `/${ws}/report%3Aa?rev=2-ab&revs=true`, ws)).toBe(true);
    expect(gatewayMayReach('PUT', `/${ws}/_local/tablero-user~ab~cp`, ws)).toBe(true);
  });

  it('is never another database, a server route, a design document or the server’s own local documents', () => {
    for (const [method, url] of [
      ['GET', '/_users/org.couchdb.user%3Ademo-admin'],
      ['GET', '/_all_dbs'],
      ['GET', '/_config'],
      ['GET', '/tablero_server/session-key'],
      ['GET', `/${ws}x/report%3Aa`],
      ['GET', `/${ws}/_design/tablero`],
      ['PUT', `/${ws}/_design%2Ftablero`],
      ['GET', `/${ws}/_security`],
      ['POST', `/${ws}/_purge`],
      ['POST', `/${ws}/_find`],
      ['GET', `/${ws}/_local/tablero-session-secret`],
      ['PUT', `/${ws}/_local/tablero-publisher-lease`],
      ['GET', `/${ws}/_local/tablero-migrations`],
      ['GET', `/${ws}/%2E%2E/_users/x`],
      ['GET', `/${ws}/../_users/x`],
      ['GET', `/${ws}/_changes?filter=_view&view=x%2Fy`],
      ['PUT', `/${ws}/report%3Aa`],
      ['DELETE', `/${ws}/report%3Aa?rev=1-a`],
      ['DELETE', `/${ws}`],
      ['GET', `/${ws}/_local/tablero-user~a/../../_users`],
    ] as const)
      expect(gatewayMayReach(method, url, ws), `${method} ${url}`).toBe(false);
  });
});

describe('ids through nano', () => {
  it('are refused when nano would send them unencoded (`_design` or `_local` inside), but for the plain ones', () => {
    for (const id of ['org.couchdb.user:x/../_local/y', 'org.couchdb.user:a_local', 'x_design/../y', '_local/a/../b'])
      expect(() => assertNanoSafeId(id), id).toThrow(/not an id this server reads or writes through nano/);
    for (const id of ['_design/tablero', '_local/tablero-publisher-lease', 'org.couchdb.user:ana.b', 'report:a'])
      expect(() => assertNanoSafeId(id), id).not.toThrow();
  });
});
