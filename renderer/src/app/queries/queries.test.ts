import 'fake-indexeddb/auto';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceDoc } from '../../../../shared/src/types';
import { assessment, report, testPlan } from '../../../../test/fixtures';
import { openWorkspaceDb, type WorkspaceDb } from '../../db/database.js';
import type { LocalDoc } from '../../db/local-doc.js';
import { toLocal } from '../local-docs';
import { issuesWaiting } from './issues';
import { allOrganizations, organizationById } from './organisations';
import {
  allCommitments,
  allKeyActions,
  allPlans,
  commitmentById,
  commitmentsOfPlan,
  keyActionById,
  keyActionsOfCommitment,
  keyActionsOfPlan,
  planById,
} from './plans';
import { readQuery, watchQuery } from './query';
import { allAnswers, allQuestions } from './questions';
import {
  assessmentDraftsOf,
  assessmentsOf,
  draftsAndReturnedOf,
  evaluationsOf,
  evidenceByIds,
  publishedReportsOfPlan,
  reportById,
  reportsForReview,
  reportsOfCommitment,
  reportsOfKeyAction,
  reportsOfOrg,
  submittedReports,
} from './reports';
import { newestWaiting } from './review-waiting';

/*
 * The screens' named reads, over RxDB on IndexedDB (fake-indexeddb in Node) with the plan
 * structure and some of the organisations' writing on the device, read through the same live
 * query the screens follow.
 */

let db: WorkspaceDb;
const local = (doc: Record<string, unknown>) => toLocal(doc as unknown as WorkspaceDoc);
const ids = (docs: { id: string }[]) => docs.map((d) => d.id).sort();

const draft = report({ _id: 'report:draft', createdBy: 'ana', status: 'draft' });
const returned = report({ _id: 'report:returned', createdBy: 'ana', status: 'returned' });
const submitted = report({
  _id: 'report:submitted',
  createdBy: 'ana',
  status: 'submitted',
  createdAt: '2024-06-01T10:00:00Z',
  evidenceIds: ['evidence:minutes'],
});
const submittedLater = report({
  _id: 'report:submitted-later',
  createdBy: 'ben',
  status: 'submitted',
  orgId: 'org:gov-b',
  commitmentId: 'commitment:test-2',
  keyActionId: 'keyAction:test-2-1',
  createdAt: '2024-06-02T10:00:00Z',
});
const published = report({ _id: 'report:published', createdBy: 'ana', status: 'published' });
const inReviewPlan = report({
  _id: 'report:review-plan',
  createdBy: 'ana',
  status: 'published',
  planId: 'plan:review',
  commitmentId: 'commitment:review-1',
  keyActionId: 'keyAction:review-1-1',
});

beforeEach(async () => {
  db = await openWorkspaceDb(`queries-${crypto.randomUUID()}`, getRxStorageDexie());
  await db.workspace.bulkUpsert([
    ...testPlan().map((r) => local(r.doc)),
    ...[draft, returned, submitted, submittedLater, published, inReviewPlan].map((r) => local({ ...r })),
    local({ ...assessment({ _id: 'assessment:draft', createdBy: 'cso', status: 'draft' }) }),
    local({ ...assessment({ _id: 'assessment:published', createdBy: 'cso' }) }),
    local({ ...assessment({ _id: 'assessment:other', createdBy: 'gov', orgId: 'org:gov-a', by: 'government' }) }),
    local({ _id: 'evidence:minutes', type: 'evidence', title: 'Minutes', kind: 'document', url: 'https://x.test/m' }),
    local({ _id: 'evidence:photo', type: 'evidence', title: 'Photo', kind: 'image', url: 'https://x.test/p' }),
    local({ _id: 'evaluation:1', type: 'evaluation', planId: 'plan:test', commitmentId: 'commitment:test-1' }),
    local({ _id: 'question:1', type: 'question', planId: 'plan:test', commitmentId: 'commitment:test-1' }),
    local({ _id: 'answer:1', type: 'answer', planId: 'plan:test', questionId: 'question:1', orgId: 'org:gov-a' }),
  ]);
  await db.issues.insert({ id: 'conflict:report:draft:1', docId: 'report:draft', kind: 'conflict', at: '2024-06-01' });
});
afterEach(async () => {
  await db.db.remove();
});

describe('the plan structure', () => {
  it('reads plans, commitments and key actions, all or by plan, commitment and id', async () => {
    expect(ids(await readQuery(db, allPlans()))).toEqual(['plan:review', 'plan:test']);
    expect(ids(await readQuery(db, allCommitments()))).toHaveLength(3);
    expect(ids(await readQuery(db, allKeyActions()))).toHaveLength(4);
    expect(ids(await readQuery(db, commitmentsOfPlan('plan:test')))).toEqual([
      'commitment:test-1',
      'commitment:test-2',
    ]);
    expect(ids(await readQuery(db, keyActionsOfPlan('plan:review')))).toEqual(['keyAction:review-1-1']);
    expect(ids(await readQuery(db, keyActionsOfCommitment('commitment:test-1')))).toEqual([
      'keyAction:test-1-1',
      'keyAction:test-1-2',
    ]);
    expect((await readQuery(db, planById('plan:test')))[0]?.title).toBe('Plan test');
    expect((await readQuery(db, commitmentById('commitment:test-2')))[0]?.number).toBe(2);
    expect((await readQuery(db, keyActionById('keyAction:test-1-1')))[0]?.weight).toBe(3);
  });

  it('answers nothing, at once, when there is no id to ask for (no "-" placeholder id)', async () => {
    for (const query of [planById(undefined), commitmentById(''), keyActionById(undefined), reportById(undefined)])
      expect(query).toBeNull();
    expect(await readQuery(db, planById(undefined))).toEqual([]);
    expect(await readQuery(db, evidenceByIds([]))).toEqual([]);
    expect(await readQuery(db, reportsOfOrg(undefined))).toEqual([]);
    expect(await readQuery(db, reportsOfKeyAction(''))).toEqual([]);
    expect(await readQuery(db, assessmentsOf('commitment:test-1', undefined))).toEqual([]);
  });
});

describe("the organisations' writing", () => {
  it('reads reports by id, plan, commitment, key action and organisation', async () => {
    expect((await readQuery(db, reportById('report:returned')))[0]?.status).toBe('returned');
    expect(ids(await readQuery(db, publishedReportsOfPlan('plan:test')))).toEqual(['report:published']);
    expect(ids(await readQuery(db, reportsOfCommitment('commitment:test-2')))).toEqual(['report:submitted-later']);
    expect(ids(await readQuery(db, reportsOfKeyAction('keyAction:test-1-1')))).toEqual([
      'report:draft',
      'report:published',
      'report:returned',
      'report:submitted',
    ]);
    expect(ids(await readQuery(db, reportsOfOrg('org:gov-b')))).toEqual(['report:submitted-later']);
    expect(ids(await readQuery(db, draftsAndReturnedOf('org:gov-a')))).toEqual(['report:draft', 'report:returned']);
  });

  it("reads the committee's queue: submitted reports for its members only, newest first", async () => {
    expect(ids(await readQuery(db, reportsForReview()))).toEqual([
      'report:published',
      'report:returned',
      'report:review-plan',
      'report:submitted',
      'report:submitted-later',
    ]);
    expect(await readQuery(db, submittedReports(false))).toEqual([]);
    const waiting = newestWaiting(await readQuery(db, submittedReports(true)));
    expect(waiting.map((r) => r.id)).toEqual(['report:submitted-later', 'report:submitted']);
  });

  it('reads evidence by ids, assessments, evaluations, questions and answers', async () => {
    expect(ids(await readQuery(db, evidenceByIds(['evidence:minutes', 'evidence:gone'])))).toEqual([
      'evidence:minutes',
    ]);
    expect(ids(await readQuery(db, assessmentsOf('commitment:test-1', 'org:cso-c')))).toEqual([
      'assessment:draft',
      'assessment:published',
    ]);
    expect(ids(await readQuery(db, assessmentDraftsOf('org:cso-c')))).toEqual(['assessment:draft']);
    expect(ids(await readQuery(db, evaluationsOf('commitment:test-1')))).toEqual(['evaluation:1']);
    expect(ids(await readQuery(db, allQuestions()))).toEqual(['question:1']);
    expect(ids(await readQuery(db, allAnswers()))).toEqual(['answer:1']);
    expect(ids(await readQuery(db, allOrganizations()))).toHaveLength(4);
    expect((await readQuery(db, organizationById('org:gov-a')))[0]?.name).toBe('Ministry A');
  });

  it('reads the issues waiting for the person from their own collection', async () => {
    expect((await readQuery(db, issuesWaiting())).map((i) => i.docId)).toEqual(['report:draft']);
  });
});

describe('following a query', () => {
  it('answers again when a document starts or stops matching, and stops when it is told to', async () => {
    const answers: string[][] = [];
    const next = () => new Promise<void>((resolve) => setTimeout(resolve, 250));
    const stop = watchQuery(db, draftsAndReturnedOf('org:gov-b'), (docs) => answers.push(ids(docs)));
    await next();
    await db.workspace.upsert({ ...(local({ ...submittedLater }) as LocalDoc), status: 'returned' });
    await next();
    stop();
    await db.workspace.upsert({ ...(local({ ...submittedLater }) as LocalDoc), status: 'draft' });
    await next();
    expect(answers).toEqual([[], ['report:submitted-later']]);
  });
});
