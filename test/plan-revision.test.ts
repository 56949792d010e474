import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitmentResponse, PlanResponse } from '../shared/src/api-types.js';
import { planCsv, planDocs } from '../sync-server/src/admin/plan-export.js';
import { readCsvPlan } from '../sync-server/src/admin/plan-file.js';
import { importRecords } from '../sync-server/src/admin/plan-import.js';
import { startTestServer, type TestServer, untilPublic } from './helpers.js';
import { FIRST, importSheet, REVISED } from './revised-plan-sheets.js';

/*
 * Issue 31: a revised sheet (a reprogrammed plan) imported over a published plan records a public
 * revision — what changed, when, from which file — instead of rewriting the plan in silence.
 */

let server: TestServer;

const api = async <T>(path: string) => (await (await fetch(`${server.url}/api${path}`)).json()) as T;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('a revised plan', () => {
  it('has no history when it is first imported', async () => {
    const summary = await importSheet(server, 'plan.csv', FIRST);
    expect(summary.revisions).toEqual([]);
    await untilPublic(server, (index) => index.plans.length === 1);
    expect((await api<PlanResponse>('/plans/plan:ec-1pa')).plan.revisions).toBeUndefined();
  });

  it('records what changed, when and from which file, public on the plan and on each commitment it concerns', async () => {
    const dry = await importSheet(server, 'plan-reprogramado.csv', REVISED, true);
    expect(dry.revisions).toEqual([{ planId: 'plan:ec-1pa', revision: 1, changes: 4 }]);
    const started = new Date().toISOString();
    const summary = await importSheet(server, 'plan-reprogramado.csv', REVISED);
    expect(summary.revisions).toEqual([{ planId: 'plan:ec-1pa', revision: 1, changes: 4 }]);
    await untilPublic(server, (index) => Boolean(index.plans[0]?.revisions));

    const { plan, commitments } = await api<PlanResponse>('/plans/plan:ec-1pa');
    const [revision] = plan.revisions ?? [];
    expect((revision?.at ?? '') >= started).toBe(true);
    // The file's name, never the server's folders.
    expect(revision).toMatchObject({ revision: 1, source: 'plan-reprogramado.csv' });
    expect(
      revision?.changes.map(({ change, number, field, before, after }) => ({ change, number, field, before, after })),
    ).toEqual([
      // The commitment's end follows its milestones'.
      { change: 'changed', number: '1', field: 'endDate', before: '2025-12-31', after: '2026-03-31' },
      { change: 'changed', number: '1.1', field: 'endDate', before: '2025-06-30', after: '2025-12-31' },
      { change: 'added', number: '1.3', field: undefined, before: undefined, after: undefined },
      { change: 'changed', number: '2', field: 'title', before: 'Compras', after: 'Compras públicas abiertas' },
    ]);

    const second = commitments.find((c) => c.number === 2);
    const page = await api<CommitmentResponse>(`/commitments/${encodeURIComponent(second?.id ?? '')}`);
    expect(page.revisions).toMatchObject([
      { revision: 1, changes: [{ field: 'title', after: 'Compras públicas abiertas' }] },
    ]);
    expect(page.revisions[0]?.changes).toHaveLength(1);
  });

  it('says which milestones a revised sheet leaves out: kept as they were, not removed', async () => {
    const shorter = REVISED.split('\n')
      .filter((line) => !line.includes('Informe anual'))
      .join('\n');
    const summary = await importSheet(server, 'plan-sin-informe.csv', shorter, true);
    expect(summary.notInFile).toEqual([
      { planId: 'plan:ec-1pa', items: [{ docType: 'keyAction', number: '1.3', title: 'Informe anual' }] },
    ]);
    // The commitment's end follows the milestones the file holds (a dry run: nothing written).
    expect(summary.revisions).toEqual([{ planId: 'plan:ec-1pa', revision: 2, changes: 1 }]);
  });

  it('keeps its history through a re-import of the same sheet, which records nothing', async () => {
    const summary = await importSheet(server, 'plan-reprogramado.csv', REVISED);
    expect(summary.revisions).toEqual([]);
    expect(summary.byType.plan).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const { plan } = await api<PlanResponse>('/plans/plan:ec-1pa');
    expect(plan.revisions?.map((r) => r.revision)).toEqual([1]);
  });

  it('is exported without its history, and the export imported again keeps the history and records nothing', async () => {
    const docs = await planDocs(server.couch, server.names, 'plan:ec-1pa');
    const csv = planCsv(docs);
    expect(csv.split('\n')[0]).not.toContain('revisions');
    const read = readCsvPlan('export.csv', csv);
    expect(read.problems).toEqual([]);
    const summary = await importRecords(server.couch, server.names, 'export.csv', read.records);
    expect(summary.revisions).toEqual([]);
    expect(summary.updated).toBe(0);
    expect((await api<PlanResponse>('/plans/plan:ec-1pa')).plan.revisions?.map((r) => r.revision)).toEqual([1]);
  });
});
