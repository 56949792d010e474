import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePlan } from '../bench/large-plan.js';
import { PlanFileError, type PlanRecord } from '../sync-server/src/admin/plan-file.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { closePlan } from '../sync-server/src/admin/plans.js';
import { getOrNull, useDb } from '../sync-server/src/couch/client.js';
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

describe('records the write rules refuse', () => {
  const small = { organizations: 2, commitments: 2, keyActionsPerCommitment: 2, reportsPerKeyAction: 1 };
  const workspace = () => useDb(server.couch, server.names.workspace);
  /** The import's refusal: its problems, each naming the record first. */
  const refusal = async (records: PlanRecord[]) => {
    const error = await importRecords(server.couch, server.names, 'ruled.json', records).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanFileError);
    return (error as PlanFileError).problems;
  };

  it('refuses a key action added to a closed plan as the gateway refuses an administrator, and writes nothing', async () => {
    await importRecords(server.couch, server.names, 'first', largePlan('closed', small));
    await closePlan(server.couch, server.names, 'plan:closed');
    const keyAction = largePlan('closed', small).find((r) => r.doc._id === 'keyAction:closed-1-1') as PlanRecord;
    const added = { where: 'line 7', doc: { ...keyAction.doc, _id: 'keyAction:closed-1-9', number: 9 } };
    const newOrg = { where: 'line 2', doc: { _id: 'org:closed-new', type: 'organization', kind: 'cso', name: 'New' } };
    expect(await refusal([newOrg, added])).toEqual([
      'line 7, field planId: the plan plan:closed is closed; its records are read-only.',
    ]);
    for (const id of ['keyAction:closed-1-9', 'org:closed-new'])
      expect(await getOrNull(workspace(), id), `${id} was written`).toBeNull();
  });

  it('refuses a report dated after today, which its schema allows, naming the record, and writes nothing', async () => {
    const records = largePlan('dated', small);
    const report = records.find((r) => r.doc.type === 'progressReport') as PlanRecord;
    report.doc = { ...report.doc, date: '2999-01-01' };
    expect(await refusal(records)).toEqual([
      `${report.where}, field date: 2999-01-01 is in the future; report what has already happened.`,
    ]);
    expect(await getOrNull(workspace(), 'plan:dated')).toBeNull();
  });
});
