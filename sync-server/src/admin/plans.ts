import path from 'node:path';
import { isoDay, type Plan, type QuestionModeration } from '../../../shared/src/index.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, getOrNull, useDb } from '../couch/client.js';
import { PlanFileError, readCsvPlan, readJsonPlan } from './plan-file.js';
import { type ImportSummary, importRecords } from './plan-import.js';
import { importLanguage, readPlanSheet } from './spreadsheet/import-sheet.js';
import { type Lang, SHEET_MESSAGES } from './spreadsheet/messages.js';
import type { PlanSettings, SheetMap } from './spreadsheet/plan-sheet.js';
import { AdminInputError } from './users.js';

export const planIdOf = (id: string | undefined) => (id?.startsWith('plan:') ? id : `plan:${id ?? ''}`);

export function listPlans(couch: Couch, names: DbNames): Promise<Plan[]> {
  return docsWithPrefix<Plan>(useDb(couch, names.workspace), 'plan:');
}

export interface NewPlan {
  id: string;
  title: string;
  country: string;
  startDate: string;
  endDate: string;
  committeeOrgIds?: string[];
  reviewRequired?: boolean;
}

/** A new plan, checked as an import is; organisations and accounts carry over. */
export async function newPlan(couch: Couch, names: DbNames, input: NewPlan): Promise<Plan> {
  const plan: Plan = {
    _id: planIdOf(input.id),
    type: 'plan',
    country: input.country ?? '',
    title: input.title ?? '',
    startDate: input.startDate ?? '',
    endDate: input.endDate ?? '',
    languages: ['es'],
    reviewRequired: Boolean(input.reviewRequired),
    committeeOrgIds: (input.committeeOrgIds ?? []).filter(Boolean).map((o) => (o.startsWith('org:') ? o : `org:${o}`)),
  };
  if (await getOrNull(useDb(couch, names.workspace), plan._id))
    throw new AdminInputError(`the plan ${plan._id} exists already`, 'id');
  await importRecords(couch, names, 'plan new', [
    { where: 'plan new', doc: plan as unknown as Record<string, unknown> },
  ]);
  return plan;
}

async function storedPlan(couch: Couch, names: DbNames, planId: string) {
  const plan = await getOrNull<Plan>(useDb(couch, names.workspace), planIdOf(planId));
  if (plan?.type !== 'plan') throw new AdminInputError(`there is no plan ${planIdOf(planId)}`, 'plan');
  return plan;
}

/** Closes a plan: read-only for everyone, still public. */
export async function closePlan(couch: Couch, names: DbNames, planId: string): Promise<Plan> {
  const plan = await storedPlan(couch, names, planId);
  const closed = { ...plan, closed: true, closedOn: plan.closedOn ?? isoDay() };
  await useDb(couch, names.workspace).insert(closed);
  return closed;
}

/** What an administrator may change of a plan from the admin page. */
export interface PlanChanges {
  title?: string;
  country?: string;
  startDate?: string;
  endDate?: string;
  committeeOrgIds?: string[];
  reviewRequired?: boolean;
  /** Questions from the public wait for the committee (before) or are public at once (after). */
  questionModeration?: QuestionModeration;
}

/** Where a change made outside any file comes from, as the plan's public history names it. */
export const ADMIN_PAGE_SOURCE = 'Tablero /admin/';

/**
 * Changes a plan's text, dates, committee or review rule, checked as any import is. A change to a
 * plan that exists is recorded as its next public revision by the importer (plan-revisions.ts),
 * so a published plan's text and dates are never rewritten in silence.
 */
export async function updatePlan(
  couch: Couch,
  names: DbNames,
  planId: string,
  changes: PlanChanges,
  source = ADMIN_PAGE_SOURCE,
): Promise<{ plan: Plan; summary: ImportSummary }> {
  const plan = await storedPlan(couch, names, planId);
  const { _rev, ...rest } = plan;
  const next = { ...rest, ...changes };
  let summary: ImportSummary;
  try {
    summary = await importRecords(couch, names, source, [{ where: 'plan', doc: next as Record<string, unknown> }]);
  } catch (error) {
    // One record, from a form: its first problem, by the field a form shows.
    if (!(error instanceof PlanFileError)) throw error;
    const [problem = ''] = error.problems;
    const named = /field (\w+): (.*)$/.exec(problem);
    throw new AdminInputError(named?.[2] ?? problem, named?.[1] ?? 'plan');
  }
  return { plan: next as Plan, summary };
}

/** Tablero's own record CSV has a "type" column; anything else is a plan spreadsheet. */
function isRecordCsv(text: string): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return header
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''))
    .includes('type');
}

export interface PlanFileImport {
  summary: ImportSummary;
  /** What was inferred rather than read, and the columns not read, one line each in `lang`. */
  notes: string[];
  /** New organisations the sheet names, with the kind each was given. */
  newOrganizations: { id: string; name: string; kind: string }[];
  lang: Lang;
  /** The sheet's headers no column was read from, for a mapping to name. */
  unreadHeaders: string[];
}

/** The headers of the columns a sheet's layout did not read (`L "Milestone text"` is Milestone text). */
const headersOf = (ignored: readonly string[]) => ignored.map((c) => /"(.*)"$/.exec(c)?.[1] ?? c);

/** A sheet's problems, with the headers no column was read from, so a mapping can be made of them. */
export class SheetProblems extends PlanFileError {
  constructor(
    error: PlanFileError,
    readonly unreadHeaders: string[],
  ) {
    super(error.file, error.problems, () => error.message.split('\n')[0] ?? '');
  }
}

/**
 * Imports a plan file, all or nothing: Tablero's own records (.json, or a .csv with a "type"
 * column) or a plan spreadsheet read with `map` and `settings`. With `dryRun` nothing is written
 * and the summary says what would be; problems throw a PlanFileError naming each row and column.
 */
export async function importPlanFile(
  couch: Couch,
  names: DbNames,
  file: { name: string; bytes: Uint8Array; sheet?: string },
  options: { map?: SheetMap; settings?: PlanSettings; dryRun?: boolean; lang?: Lang },
): Promise<PlanFileImport> {
  const { name, bytes } = file;
  const dryRun = Boolean(options.dryRun);
  const text = () => new TextDecoder().decode(bytes);
  const extension = path.extname(name).toLowerCase();
  if (extension === '.json' || (extension === '.csv' && isRecordCsv(text()))) {
    const read = extension === '.csv' ? readCsvPlan(name, text()) : readJsonPlan(name, text());
    const summary = await importRecords(couch, names, name, read.records, read.problems, { dryRun });
    return { summary, notes: [], newOrganizations: [], lang: 'en', unreadHeaders: [] };
  }
  const lang = options.lang ?? (await importLanguage(couch, names));
  const say = SHEET_MESSAGES[lang];
  const sheet = await readPlanSheet(couch, names, file, options.map ?? {}, options.settings ?? {}, lang);
  const summary = await importRecords(couch, names, name, sheet.records, sheet.problems, {
    dryRun,
    heading: (n) => say.problems(name, n),
  }).catch((error: unknown) => {
    throw error instanceof PlanFileError ? new SheetProblems(error, headersOf(sheet.ignoredColumns)) : error;
  });
  const notes = [
    ...sheet.inferred,
    ...(sheet.ignoredColumns.length ? [say.columnsNotRead(sheet.ignoredColumns.join(', '))] : []),
  ];
  const newOrganizations = sheet.newOrganizations.map((o) => ({ id: o._id, name: o.name, kind: o.kind }));
  return { summary, notes, newOrganizations, lang, unreadHeaders: headersOf(sheet.ignoredColumns) };
}

/** The mapping a plan's sheet was last imported with from the admin page, so the next import needs none. */
const mapId = (planId: string) => `sheet-map:${planIdOf(planId)}`;

export async function savedSheetMap(couch: Couch, names: DbNames, planId: string): Promise<SheetMap | null> {
  const stored = await getOrNull<{ map: SheetMap }>(useDb(couch, names.server), mapId(planId));
  return stored?.map ?? null;
}

export async function saveSheetMap(couch: Couch, names: DbNames, planId: string, map: SheetMap): Promise<void> {
  const db = useDb(couch, names.server);
  const stored = await getOrNull(db, mapId(planId));
  await db.insert({ _id: mapId(planId), ...(stored ? { _rev: stored._rev } : {}), map } as never);
}
