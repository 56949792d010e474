import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePlan } from '../bench/large-plan.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { useDb } from '../sync-server/src/couch/client.js';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

describe('importing a plan again', () => {
  it('compares with what is stored, however many records of a kind there are, and writes only what changed', async () => {
    // 30 commitments × 10 key actions: enough of one kind to be read as a range, a few to be read by key.
    const size = { organizations: 5, commitments: 30, keyActionsPerCommitment: 10, reportsPerKeyAction: 1 };
    const records = largePlan('reimport', size);
    const first = await importRecords(server.couch, server.names, 'first', records);
    expect(first.created).toBe(records.length);

    const again = await importRecords(server.couch, server.names, 'again', records);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: records.length });

    const changed = records.map((r) =>
      r.doc._id === 'keyAction:reimport-7-3' || r.doc._id === 'org:reimport-o2'
        ? { ...r, doc: { ...r.doc, ...(r.doc.type === 'organization' ? { name: 'Renamed' } : { title: 'Retitled' }) } }
        : r,
    );
    const third = await importRecords(server.couch, server.names, 'third', changed);
    expect(third).toMatchObject({ created: 0, updated: 2, unchanged: records.length - 2 });
    const workspace = useDb(server.couch, server.names.workspace);
    expect(((await workspace.get('keyAction:reimport-7-3')) as unknown as { title: string }).title).toBe('Retitled');
  });
});
