import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evidence, KeyAction, ProgressReport, Role, WorkspaceDoc } from '../../../../shared/src/types';
import { testPlan } from '../../../../test/fixtures';
import { openWorkspaceDb, type WorkspaceDb } from '../../db/database.js';
import type { CommandContext } from '../command-context';
import { type Local, toLocal } from '../local-docs';
import { recordMeeting } from './commitment';
import { keepMine, saveCombined } from './conflicts';
import { saveReport } from './reports';
import { addObservation, decideReport } from './review';

/*
 * The commands the screens call, over RxDB on IndexedDB (fake-indexeddb in Node) with the plan
 * structure on the device as replication leaves it: every write goes through the server's rules.
 */

let db: WorkspaceDb;
let saved: string[];
let lang: 'es' | 'en';

const as = (name: string, role: Role, org: string): CommandContext => ({
  workspace: db.workspace,
  issues: db.issues,
  user: { name, roles: [role, `org:${org}`] },
  org: `org:${org}`,
  lang: () => lang,
  onSaved: (ids) => {
    saved.push(...ids);
  },
});

async function read<T>(id: string): Promise<Local<T>> {
  return (await db.workspace.findOne(id).exec())?.toMutableJSON() as unknown as Local<T>;
}

const file = { sha256: 'a'.repeat(64), name: 'acta.pdf', mediaType: 'application/pdf', size: 1234 };

beforeEach(async () => {
  db = await openWorkspaceDb(`commands-${crypto.randomUUID()}`, getRxStorageDexie());
  await db.workspace.bulkUpsert(testPlan().map((r) => toLocal(r.doc as unknown as WorkspaceDoc)));
  saved = [];
  lang = 'es';
});
afterEach(async () => {
  await db.db.remove();
});

describe('saving and publishing a report', () => {
  it('keeps a refused publish from changing anything, and publishes once the figure is fixed', async () => {
    const ana = as('ana', 'reporter', 'gov-a');
    const keyAction = await read<KeyAction>('keyAction:test-1-1');
    const draft = await saveReport(ana, {
      keyAction,
      attached: [],
      status: 'draft',
      percent: 30,
      narrative: 'Started.',
      date: '2024-06-01',
      files: [file],
      links: [{ title: 'Portal', url: 'https://example.org/datos' }],
    });
    expect(draft.refusal).toBeNull();
    const report = await read<ProgressReport>(draft.id);
    expect(report).toMatchObject({ status: 'draft', percent: 30, orgId: 'org:gov-a', createdBy: 'ana' });
    expect(report.evidenceIds).toHaveLength(2);
    expect(saved).toEqual(expect.arrayContaining([draft.id, ...report.evidenceIds]));
    const attached = await Promise.all(report.evidenceIds.map((id) => read<Evidence>(id)));
    expect(attached.map((e) => e.status)).toEqual(['draft', 'draft']);

    const publish = (percent: number) =>
      saveReport(ana, {
        keyAction,
        report,
        attached,
        status: 'published',
        percent,
        narrative: 'Done.',
        date: '2024-06-01',
        files: [],
        links: [],
      });
    const refused = await publish(120);
    // In the form's words, naming the field so the form shows it beside that field.
    expect(refused.refusal).toEqual({ text: 'Porcentaje de avance: debe ser como máximo 100.', field: 'percent' });
    expect(await read<ProgressReport>(draft.id)).toMatchObject({ status: 'draft', percent: 30 });
    for (const id of report.evidenceIds) expect(await read<Evidence>(id)).toMatchObject({ status: 'draft' });

    expect((await publish(60)).refusal).toBeNull();
    expect(await read<ProgressReport>(draft.id)).toMatchObject({ status: 'published', percent: 60 });
    for (const id of report.evidenceIds) expect(await read<Evidence>(id)).toMatchObject({ status: 'published' });
  });

  it('takes a file or link off a draft: detached from the report and deleted', async () => {
    const ana = as('ana', 'reporter', 'gov-a');
    const keyAction = await read<KeyAction>('keyAction:test-1-1');
    const input = {
      keyAction,
      attached: [],
      status: 'draft' as const,
      percent: 10,
      narrative: 'Started.',
      date: '2024-06-01',
      files: [file],
      links: [{ title: 'Wrong link', url: 'https://example.org/wrong' }],
    };
    const { id } = await saveReport(ana, input);
    const report = await read<ProgressReport>(id);
    const attached = await Promise.all(report.evidenceIds.map((e) => read<Evidence>(e)));
    const link = attached.find((e) => e.kind === 'link') as Local<Evidence>;
    const kept = await saveReport(ana, { ...input, report, attached, files: [], links: [], detach: [link.id] });
    expect(kept.refusal).toBeNull();
    expect((await read<ProgressReport>(id)).evidenceIds).toEqual(report.evidenceIds.filter((e) => e !== link.id));
    expect(await db.workspace.findOne(link.id).exec()).toBeNull();
  });

  it('gives refusals in English when the person chose English', async () => {
    lang = 'en';
    const { refusal } = await saveReport(as('ana', 'reporter', 'gov-a'), {
      keyAction: await read<KeyAction>('keyAction:test-1-1'),
      attached: [],
      status: 'published',
      percent: 120,
      narrative: 'Too much.',
      date: '2024-06-01',
      files: [],
      links: [],
    });
    expect(refusal?.text).toBe('Percent complete: must be at most 100.');
    expect(saved).toEqual([]);
  });
});

describe('the committee', () => {
  async function submitted() {
    const ana = as('ana', 'reporter', 'gov-a');
    const { id } = await saveReport(ana, {
      keyAction: await read<KeyAction>('keyAction:review-1-1'),
      attached: [],
      status: 'submitted',
      percent: 50,
      narrative: 'Half.',
      date: '2024-06-01',
      files: [file],
      links: [],
    });
    const report = await read<ProgressReport>(id);
    const evidence = await Promise.all(report.evidenceIds.map((e) => read<Evidence>(e)));
    return { report, evidence };
  }

  it('validates a submitted report with its evidence, signed with its own name', async () => {
    const { report, evidence } = await submitted();
    const carla = as('carla', 'committee', 'com-d');
    expect(await decideReport(carla, report, evidence, 'published')).toBeNull();
    expect(await read<ProgressReport>(report.id)).toMatchObject({ status: 'published', reviewedBy: 'carla' });
    expect(await read<Evidence>(evidence[0]?.id as string)).toMatchObject({ status: 'published', reviewedBy: 'carla' });
  });

  it('returns a report with the reason the reporter will see, and a reporter cannot decide', async () => {
    const { report, evidence } = await submitted();
    expect(await decideReport(as('ana', 'reporter', 'gov-a'), report, evidence, 'published')).toMatch(/comité/);
    expect(
      await decideReport(as('carla', 'committee', 'com-d'), report, evidence, 'returned', ' Falta el acta. '),
    ).toBeNull();
    expect(await read<ProgressReport>(report.id)).toMatchObject({ status: 'returned', returnReason: 'Falta el acta.' });
  });

  it('records observations and, on a plan that asks for review, meetings with their minutes', async () => {
    const carla = as('carla', 'committee', 'com-d');
    const commitment = { id: 'commitment:review-1', planId: 'plan:review' } as Local<never> & {
      id: string;
      planId: string;
    };
    expect(
      await addObservation(carla, {
        planId: 'plan:review',
        commitmentId: commitment.id,
        text: 'Bien.',
        visibility: 'public',
      }),
    ).toBeNull();
    expect(
      await recordMeeting(carla, commitment as never, {
        date: '2024-06-05',
        participantOrgIds: ['org:gov-a'],
        agreements: 'Publicar.',
        summary: 'Sesión ordinaria.',
        minutes: [file],
      }),
    ).toBeNull();
    expect(
      await addObservation(as('ana', 'reporter', 'gov-a'), {
        planId: 'plan:review',
        commitmentId: commitment.id,
        text: 'Mine.',
        visibility: 'public',
      }),
    ).not.toBeNull();
  });
});

describe('conflicts', () => {
  it('keeps the device version, or a combined one with the evidence of both, and closes the conflict', async () => {
    const ana = as('ana', 'reporter', 'gov-a');
    const { id } = await saveReport(ana, {
      keyAction: await read<KeyAction>('keyAction:test-1-1'),
      attached: [],
      status: 'draft',
      percent: 20,
      narrative: 'Server.',
      date: '2024-06-01',
      files: [],
      links: [],
    });
    const theirs = { ...(await read<ProgressReport>(id)), evidenceIds: ['evidence:theirs'] };
    const mine = { ...theirs, narrative: 'Device.', percent: 40, evidenceIds: ['evidence:mine'] };
    const issue = (n: number) => ({
      id: `conflict:${id}:${n}`,
      docId: id,
      kind: 'conflict' as const,
      mine: mine as never,
      theirs: theirs as never,
      at: new Date().toISOString(),
    });
    await db.issues.insert(issue(1));
    expect(await keepMine(ana, issue(1))).toBeNull();
    expect(await read<ProgressReport>(id)).toMatchObject({ narrative: 'Device.', percent: 40 });
    expect(await db.issues.findOne(issue(1).id).exec()).toBeNull();

    await db.issues.insert(issue(2));
    expect(await saveCombined(ana, issue(2), { percent: 35, narrative: 'Both.' })).toBeNull();
    const combined = await read<ProgressReport>(id);
    expect(combined).toMatchObject({ percent: 35, narrative: 'Both.' });
    expect(combined.evidenceIds.sort()).toEqual(['evidence:mine', 'evidence:theirs']);
    expect(await db.issues.count().exec()).toBe(0);
  });
});
