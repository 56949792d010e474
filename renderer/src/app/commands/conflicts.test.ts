import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evidence, KeyAction, WorkspaceDoc } from '../../../../shared/src/types';
import { testPlan } from '../../../../test/fixtures';
import type { Issue } from '../../db/database.js';
import { openWorkspaceDb, type WorkspaceDb } from '../../db/database.js';
import type { LocalDoc } from '../../db/local-doc.js';
import type { CommandContext } from '../command-context';
import { type Local, toLocal } from '../local-docs';
import { evidenceChoices, keepMine, keepTheirs, saveCombined } from './conflicts';
import { saveReport } from './reports';
import { saveTogether } from './save';

/*
 * Issue 30: a conflict's choice never leaves evidence on the server attached to nothing. The
 * device's version and the server's each attached a file of their own to the same draft.
 */
let db: WorkspaceDb;
let ana: CommandContext;

const link = (id: string, title: string): Evidence => ({
  _id: id,
  type: 'evidence',
  planId: 'plan:test',
  orgId: 'org:gov-a',
  createdBy: 'ana',
  createdAt: new Date().toISOString(),
  status: 'draft',
  title,
  kind: 'link',
  url: `https://example.org/${title}`,
});
const read = async (id: string) => (await db.workspace.findOne(id).exec())?.toMutableJSON() as LocalDoc | undefined;

/** The draft, and a conflict between a version with `evidence:mine` and one with `evidence:theirs`. */
async function conflict(): Promise<Issue> {
  const keyAction = (await read('keyAction:test-1-1')) as unknown as Local<KeyAction>;
  const saved = await saveReport(ana, {
    keyAction,
    attached: [],
    status: 'draft',
    percent: 30,
    narrative: 'Started.',
    date: '2024-06-01',
    files: [],
    links: [{ title: 'shared', url: 'https://example.org/shared' }],
  });
  expect(await saveTogether(ana, [link('evidence:mine', 'mine'), link('evidence:theirs', 'theirs')])).toBeNull();
  const base = (await read(saved.id)) as LocalDoc;
  const shared = base.evidenceIds as string[];
  const theirs = { ...base, narrative: 'Office.', evidenceIds: [...shared, 'evidence:theirs'] };
  // As the replication leaves a conflict: the server's version on the device, the device's kept beside it.
  await db.workspace.upsert(theirs);
  return {
    id: `conflict:${saved.id}:1`,
    docId: saved.id,
    kind: 'conflict',
    mine: { ...base, narrative: 'Field.', evidenceIds: [...shared, 'evidence:mine'] },
    theirs,
    at: new Date().toISOString(),
  };
}

beforeEach(async () => {
  db = await openWorkspaceDb(`conflicts-${crypto.randomUUID()}`, getRxStorageDexie());
  await db.workspace.bulkUpsert(testPlan().map((r) => toLocal(r.doc as unknown as WorkspaceDoc)));
  ana = {
    workspace: db.workspace,
    issues: db.issues,
    user: { name: 'ana', roles: ['reporter', 'org:gov-a'] },
    org: 'org:gov-a',
    lang: () => 'es',
    onSaved: () => undefined,
  };
});
afterEach(async () => {
  await db.db.remove();
});

describe('a conflict between versions with different evidence', () => {
  it('tells what each choice keeps', async () => {
    const issue = await conflict();
    expect(evidenceChoices(issue)).toMatchObject({ onlyMine: ['evidence:mine'], onlyTheirs: ['evidence:theirs'] });
    expect(evidenceChoices(issue).both).toHaveLength(1);
  });

  it('keeping mine removes the evidence only the server’s version had, and keeps the rest', async () => {
    const issue = await conflict();
    expect(await keepMine(ana, issue)).toBeNull();
    expect(await read('evidence:theirs')).toBeUndefined();
    expect(await read('evidence:mine')).toMatchObject({ title: 'mine' });
    expect((await read(issue.docId))?.evidenceIds).toContain('evidence:mine');
  });

  it('keeping the server’s removes the evidence only the device’s version had', async () => {
    const issue = await conflict();
    expect(await keepTheirs(ana, issue)).toBeNull();
    expect(await read('evidence:mine')).toBeUndefined();
    expect(await read('evidence:theirs')).toMatchObject({ title: 'theirs' });
    expect(await db.issues.findOne(issue.id).exec()).toBeNull();
  });

  it('keeps evidence another document still shows', async () => {
    const issue = await conflict();
    const other = { ...(issue.theirs as LocalDoc), id: 'report:other', evidenceIds: ['evidence:mine'] };
    await db.workspace.upsert(other);
    expect(await keepTheirs(ana, issue)).toBeNull();
    expect(await read('evidence:mine')).toMatchObject({ title: 'mine' });
  });

  it('removes nothing when both are combined', async () => {
    const issue = await conflict();
    expect(await saveCombined(ana, issue, { percent: 40, narrative: 'Both.' })).toBeNull();
    expect((await read(issue.docId))?.evidenceIds).toEqual(
      expect.arrayContaining(['evidence:mine', 'evidence:theirs']),
    );
    expect(await read('evidence:mine')).toBeDefined();
    expect(await read('evidence:theirs')).toBeDefined();
  });
});
