import type { Commitment, KeyAction, OgpValue, Organization, OrgKind, Plan } from '../../../../shared/src/types.js';
import type { PlanRecord } from '../plan-file.js';
import { type Lang, SHEET_MESSAGES, type SheetMessages } from './messages.js';
import { type KindEvidence, OrganisationFinder, STRENGTH } from './organisations.js';
import type { Sheet } from './read-sheet.js';
import { type MappedHeaders, type Problem, type Row, readLayout, rowsOf } from './sheet-layout.js';
import { type Column, lookup, normalise, OGP_VALUE_WORDS, ORG_KIND_WORDS } from './vocabulary.js';

/** What a mapping file (`--map map.json`) may say about a sheet whose headers or words differ. */
export interface SheetMap {
  /** Tablero's column → the header (or headers: several columns may feed one field) the sheet uses for it. */
  columns?: Partial<Record<Column, MappedHeaders>>;
  /** A word the sheet uses → the OGP value it means. */
  values?: Record<string, OgpValue>;
  /** A word the sheet uses for an institution's type → the kind it means. */
  orgKinds?: Record<string, OrgKind>;
  plan?: PlanSettings;
}

export interface PlanSettings {
  id?: string;
  country?: string;
  title?: string;
  titleEn?: string;
  startDate?: string;
  endDate?: string;
  languages?: string[];
  reviewRequired?: boolean;
  committeeOrgIds?: string[];
  sourceUrls?: string[];
}

export interface SheetPlan {
  records: PlanRecord[];
  /** Everything wrong, one line each, in row order, each with the row and column as the person sees them. */
  problems: string[];
  /** What was derived rather than read, or not stated by the sheet, said in the summary. */
  inferred: string[];
  newOrganizations: Organization[];
  ignoredColumns: string[];
}

/** Everything the stages share: what is said, what is wrong, what was inferred. */
interface Context {
  say: SheetMessages;
  problems: Problem[];
  inferred: string[];
  values: Map<string, OgpValue>;
  kinds: Map<string, OrgKind>;
  orgs: OrganisationFinder;
  planSlug: string;
  has: (column: Column) => boolean;
  /** Rows whose milestone number came from its title's "Hito N:" prefix. */
  prefixed: number;
}

interface Milestone {
  row: Row;
  number: number;
  title: string;
}

interface Group {
  number: number;
  line: number;
  rows: Row[];
  fields: Map<Column, { value: string; line: number }>;
  milestones: Milestone[];
}

/** A commitment and its key actions with the dates the sheet states; unstated ones are filled later. */
interface Built {
  group: Group;
  commitment: Commitment;
  statedStart?: string;
  statedEnd?: string;
  keyActions: { doc: KeyAction; line: number; statedStart?: string }[];
}

const MULTI = /\s*(?:;|\n)\s*/;
const pad = (n: number) => String(n).padStart(2, '0');
/** Commitment-level columns: read once per commitment, the same on every one of its rows. */
const COMMITMENT_COLUMNS: Column[] = [
  'commitmentTitle',
  'ogpId',
  'problem',
  'objective',
  'ogpValues',
  'themes',
  'responsibleKind',
  'commitmentStart',
  'commitmentEnd',
  'sourceUrl',
];
/** Organisation columns: their rows may differ (a lead per milestone); the commitment has them all. */
const ORG_COLUMNS = ['responsible', 'coResponsible', 'support'] as const;

/**
 * A plan from a spreadsheet with one row per milestone (key action), the commitment's columns
 * repeated on each of its rows. Ids are derived from the plan id and the numbers, so importing
 * the same sheet again changes nothing; organisations are matched by name or acronym, and the
 * ones missing are created. What the sheet does not state is recorded as not stated, never
 * invented. Every problem is collected; nothing stops at the first.
 */
export function planFromSheet(
  sheet: Sheet,
  map: SheetMap,
  settings: PlanSettings,
  existing: { organizations: readonly Organization[]; plan?: Plan | undefined },
  lang: Lang = 'en',
): SheetPlan {
  const say = SHEET_MESSAGES[lang];
  const problems: Problem[] = [];
  const out: SheetPlan = { records: [], problems: [], inferred: [], newOrganizations: [], ignoredColumns: [] };
  if (sheet.encoding) out.inferred.push(say.encoding(sheet.encoding));
  const layout = readLayout(sheet, map.columns ?? {}, say, problems);
  if (!layout) return { ...out, problems: ordered(problems) };
  out.ignoredColumns = layout.ignored;
  const plan = { ...existing.plan, ...stripUndefined(map.plan ?? {}), ...stripUndefined(settings) };
  const ctx: Context = {
    say,
    problems,
    inferred: out.inferred,
    values: withWords(lookup(OGP_VALUE_WORDS), map.values),
    kinds: withWords(lookup(ORG_KIND_WORDS), map.orgKinds),
    orgs: new OrganisationFinder(existing.organizations),
    planSlug: (plan.id ?? existing.plan?._id ?? '').replace(/^plan:/, ''),
    has: (column) => layout.sources.has(column),
    prefixed: 0,
  };
  checkPlanSettings(plan, ctx);
  const groups = groupRows(rowsOf(sheet, layout, say), ctx);
  const built = [...groups.values()].map((group) => buildCommitment(group, ctx));
  const planDoc = planDocument(plan, existing.plan, built, ctx);
  fillUnstated(built, planDoc);
  summarise(built, ctx);
  out.newOrganizations = ctx.orgs.newOrganizations;
  const organisations = ctx.orgs.describe(say);
  if (organisations.length)
    out.inferred.push([say.newOrganizations(organisations.length), ...organisations].join('\n    '));
  out.records = records(out.newOrganizations, planDoc, built, ctx);
  return { ...out, problems: ordered(problems) };
}

function withWords<K extends string>(words: Map<string, K>, extra: Record<string, K> | undefined): Map<string, K> {
  for (const [word, key] of Object.entries(extra ?? {})) words.set(normalise(word), key);
  return words;
}

/** Row order (problems of the sheet as a whole first), one line each. */
function ordered(problems: Problem[]): string[] {
  return [...problems].sort((a, b) => a.row - b.row).map((p) => p.text.replace(/\s*\n\s*/g, ' '));
}

function checkPlanSettings(plan: PlanSettings, ctx: Context): void {
  const push = (text: string) => ctx.problems.push({ row: 0, text });
  if (!ctx.planSlug) push(ctx.say.planIdMissing);
  else if (!/^[a-z0-9][a-z0-9._-]{0,60}$/.test(ctx.planSlug)) push(ctx.say.planIdBad(ctx.planSlug));
  for (const field of ['country', 'title'] as const) if (!plan[field]) push(ctx.say.planFieldMissing(field));
}

/** "C01", "1", "1.0", "Compromiso 3" → the commitment's number. */
function commitmentNumberOf(text: string): number | undefined {
  const match = /^(?:[a-z]{1,12}\s*[.-]?\s*)?0*(\d{1,4})(?:\.0)?$/i.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** "3", "3.0", "C01.3", "1.2" → the milestone's own number, the last one. */
function milestoneNumberOf(text: string): number | undefined {
  const match = /^(?:[a-z]{0,12}\s*\d{0,4}[.-])*\s*0*(\d{1,4})(?:\.0)?$/i.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

/** "Hito 2: Portal", "Milestone 2 - Portal", "Jalon 2 : Portail" → 2 and "Portal". */
const NUMBERED_TITLE =
  /^(?:hito|milestone|jalon|marco|meta|acci[oó]n clave|key action|actividad|activity|atividade|activit[eé])\s*(?:n\.?\s*[º°o]?\s*)?(\d{1,4})\s*[:.)\-–—]\s*(.+)$/is;

/** Rows grouped by commitment; a row that leaves the commitment blank continues the one above (merged cells). */
function groupRows(rows: Row[], ctx: Context): Map<string, Group> {
  const groups = new Map<string, Group>();
  let lastKey: string | undefined;
  for (const row of rows) {
    const numberText = row.cell('commitmentNumber');
    const title = row.cell('commitmentTitle');
    const number = numberText ? commitmentNumberOf(numberText) : undefined;
    if (numberText && number === undefined)
      ctx.problems.push({
        row: row.number,
        text: `${row.where('commitmentNumber')}: ${ctx.say.notCommitmentNumber(numberText)}`,
      });
    const key = number !== undefined ? `#${number}` : title ? `=${normalise(title)}` : lastKey;
    if (!key) {
      ctx.problems.push({ row: row.number, text: `${row.where('commitmentTitle')}: ${ctx.say.noCommitmentAbove}` });
      continue;
    }
    lastKey = key;
    let group = groups.get(key);
    if (!group) {
      group = { number: number ?? groups.size + 1, line: row.number, rows: [], fields: new Map(), milestones: [] };
      groups.set(key, group);
    }
    addRow(group, row, ctx);
  }
  return groups;
}

function addRow(group: Group, row: Row, ctx: Context): void {
  group.rows.push(row);
  for (const column of COMMITMENT_COLUMNS) {
    const value = row.cell(column);
    if (!value) continue;
    const earlier = group.fields.get(column);
    if (!earlier) group.fields.set(column, { value, line: row.number });
    else if (normalise(earlier.value) !== normalise(value))
      ctx.problems.push({
        row: row.number,
        text: `${row.where(column)}: ${ctx.say.differs(earlier.line, clip(earlier.value))}`,
      });
  }
  let title = row.cell('milestone');
  const numberText = row.cell('milestoneNumber');
  let number = numberText ? milestoneNumberOf(numberText) : undefined;
  if (numberText && number === undefined) {
    ctx.problems.push({
      row: row.number,
      text: `${row.where('milestoneNumber')}: ${ctx.say.notMilestoneNumber(numberText)}`,
    });
    return;
  }
  const numbered = NUMBERED_TITLE.exec(title);
  if (numbered) {
    // The sheet's "Hito 2:" is the number, not part of the title ("2. Hito 2: Portal").
    number ??= Number(numbered[1]);
    title = (numbered[2] ?? '').trim();
    ctx.prefixed++;
  }
  group.milestones.push({ row, number: number ?? group.milestones.length + 1, title });
}

/** Every organisation a group's rows name in a column, in order, once each. */
function orgsOf(
  group: Group,
  column: (typeof ORG_COLUMNS)[number],
  evidence: (where: string, kind?: OrgKind) => KindEvidence,
  ctx: Context,
): string[] {
  const ids: string[] = [];
  for (const row of group.rows)
    for (const part of row.parts(column))
      for (const id of ctx.orgs.ids(split(part.value), evidence(part.where, part.kind)))
        if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** What a column's place says about the kind of the organisations in it. */
function evidenceFor(
  column: (typeof ORG_COLUMNS)[number] | 'milestoneResponsible',
  group: Group,
  leadKind: OrgKind | undefined,
  kindWhere: string,
  ctx: Context,
) {
  return (where: string, headerKind?: OrgKind): KindEvidence => {
    if (headerKind) return { kind: headerKind, strength: STRENGTH.header, why: ctx.say.columnSays(where) };
    if (column === 'coResponsible') return { kind: 'cso', strength: STRENGTH.role, why: ctx.say.counterpart(where) };
    if (column === 'support') return { kind: 'other', strength: STRENGTH.support, why: ctx.say.supports(where) };
    if (leadKind) return { kind: leadKind, strength: STRENGTH.kindColumn, why: ctx.say.kindColumn(kindWhere) };
    const row = Number(/(\d+)/.exec(where)?.[1] ?? group.line);
    return { kind: 'government', strength: STRENGTH.role, why: ctx.say.leads(group.number, row) };
  };
}

/** A commitment group's cells: a column's value, its row, its place as the sheet names it, a problem there, a date. */
function cellsOf(group: Group, ctx: Context) {
  const field = (column: Column) => group.fields.get(column)?.value ?? '';
  const line = (column: Column) => group.fields.get(column)?.line ?? group.line;
  const whereOf = (column: Column) =>
    group.rows.find((r) => r.number === line(column))?.where(column) ?? `${ctx.say.row(group.line)}, ${column}`;
  const problem = (column: Column, text: string) =>
    ctx.problems.push({ row: line(column), text: `${whereOf(column)}: ${text}` });
  const date = (column: Column, which: 'start' | 'end') =>
    readDate(field(column), which, whereOf(column), ctx.say, ctx.problems, line(column));
  return { field, whereOf, problem, date };
}

/** The commitment's document from its cells and its organisations, its dates left to the plan's reading. */
function commitmentDoc(
  group: Group,
  ctx: Context,
  field: (column: Column) => string,
  orgs: { responsible: string[]; coResponsible: string[]; support: string[]; ogpValues: OgpValue[] },
): Commitment {
  const commitment: Commitment = {
    _id: `commitment:${ctx.planSlug}-${pad(group.number)}`,
    type: 'commitment',
    planId: `plan:${ctx.planSlug}`,
    number: group.number,
    title: field('commitmentTitle'),
    objective: field('objective'),
    ogpValues: orgs.ogpValues,
    themes: split(field('themes')),
    responsibleOrgIds: orgs.responsible,
    coResponsibleOrgIds: orgs.coResponsible,
    startDate: '',
    endDate: '',
  };
  const optional = { ogpId: 'ogpId', problem: 'problem', sourceUrl: 'sourceUrl' } as const;
  for (const [key, column] of Object.entries(optional) as [keyof typeof optional, Column][])
    if (field(column)) commitment[key] = field(column);
  if (orgs.support.length) commitment.supportOrgIds = orgs.support;
  return commitment;
}

function buildCommitment(group: Group, ctx: Context): Built {
  const { say } = ctx;
  const { field, whereOf, problem, date } = cellsOf(group, ctx);
  const kindText = field('responsibleKind');
  const leadKind = kindText ? ctx.kinds.get(normalise(kindText)) : undefined;
  if (kindText && !leadKind) problem('responsibleKind', say.notOrgKind(kindText, orgKindList()));
  // Leads first, so a milestone naming one by its acronym finds it.
  const kindWhere = whereOf('responsibleKind');
  const ids = (column: (typeof ORG_COLUMNS)[number]) =>
    orgsOf(group, column, evidenceFor(column, group, leadKind, kindWhere, ctx), ctx);
  const responsible = ids('responsible');
  const coResponsible = ids('coResponsible');
  const support = ids('support');
  const ogpValues = valuesOf(field('ogpValues'), (text) => problem('ogpValues', text), ctx);
  const commitmentId = `commitment:${ctx.planSlug}-${pad(group.number)}`;
  const keyActions = group.milestones.map((m) =>
    buildKeyAction(
      m,
      group,
      commitmentId,
      responsible,
      evidenceFor('responsible', group, leadKind, kindWhere, ctx),
      ctx,
    ),
  );
  checkMilestoneTwins(group, ctx);
  const statedStart = date('commitmentStart', 'start');
  const statedEnd = date('commitmentEnd', 'end');
  const commitment = commitmentDoc(group, ctx, field, { responsible, coResponsible, support, ogpValues });
  if (!commitment.title) problem('commitmentTitle', say.noTitle(group.number));
  if (responsible.length === 0) problem('responsible', say.noResponsible(group.number));
  return {
    group,
    commitment,
    keyActions,
    ...(statedStart ? { statedStart } : {}),
    ...(statedEnd ? { statedEnd } : {}),
  };
}

function valuesOf(cell: string, problem: (text: string) => void, ctx: Context): OgpValue[] {
  const values: OgpValue[] = [];
  for (const word of split(cell)) {
    const value = ctx.values.get(normalise(word));
    if (!value) problem(ctx.say.notOgpValue(word, ogpValueList()));
    else if (!values.includes(value)) values.push(value);
  }
  return values;
}

function checkMilestoneTwins(group: Group, ctx: Context): void {
  const numbers = new Map<number, number>();
  const titles = new Map<string, number>();
  for (const { row, number, title } of group.milestones) {
    const twin = numbers.get(number) ?? (title ? titles.get(normalise(title)) : undefined);
    if (twin !== undefined)
      ctx.problems.push({
        row: row.number,
        text: `${ctx.say.row(row.number)}: ${ctx.say.duplicateMilestone(twin, group.number)}`,
      });
    numbers.set(number, row.number);
    if (title) titles.set(normalise(title), row.number);
  }
}

function buildKeyAction(
  { row, number, title }: Milestone,
  group: Group,
  commitmentId: string,
  commitmentLeads: string[],
  leadEvidence: (where: string, kind?: OrgKind) => KindEvidence,
  ctx: Context,
): Built['keyActions'][number] {
  const { say } = ctx;
  const problem = (column: Column, text: string) =>
    ctx.problems.push({ row: row.number, text: `${row.where(column)}: ${text}` });
  if (!title) problem('milestone', say.milestoneEmpty);
  if (ctx.has('milestoneEnd') && !row.cell('milestoneEnd')) problem('milestoneEnd', say.noEnd);
  const start = readDate(
    row.cell('milestoneStart'),
    'start',
    row.where('milestoneStart'),
    say,
    ctx.problems,
    row.number,
  );
  const end = readDate(row.cell('milestoneEnd'), 'end', row.where('milestoneEnd'), say, ctx.problems, row.number);
  if (start && end && end < start) problem('milestoneEnd', say.endBeforeStart(end, start));
  // A milestone's own lead column, else the lead its row names (Canada: one per milestone), else the commitment's.
  const ownColumn = ctx.has('milestoneResponsible') ? 'milestoneResponsible' : 'responsible';
  const own = row
    .parts(ownColumn)
    .flatMap((part) => ctx.orgs.ids(split(part.value), leadEvidence(part.where, part.kind)));
  const weightText = row.cell('weight');
  const weight = weightText ? Number(weightText.replace(',', '.')) : 1;
  if (Number.isNaN(weight) || weight < 0) problem('weight', say.notAWeight(weightText));
  const doc: KeyAction = {
    _id: `keyAction:${ctx.planSlug}-${pad(group.number)}-${number}`,
    type: 'keyAction',
    planId: `plan:${ctx.planSlug}`,
    commitmentId,
    number,
    title,
    responsibleOrgIds: own.length ? [...new Set(own)] : commitmentLeads,
    startDate: start ?? '',
    endDate: end ?? '',
    weight,
  };
  const deliverable = deliverableOf(row, ctx);
  if (deliverable) doc.deliverable = deliverable;
  return { doc, line: row.number, ...(start ? { statedStart: start } : {}) };
}

/**
 * The key action's deliverables: the sheet's text, or, with a due-date column ("C01.1.1: 2020-06;
 * C01.1.2: none"), one deliverable a line with its due date as the sheet gives it.
 */
function deliverableOf(row: Row, ctx: Context): string {
  const text = row.cell('deliverable');
  if (!ctx.has('deliverableDue') || !text) return text;
  const dues = split(row.cell('deliverableDue')).map(
    (entry) => /([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)\s*$/.exec(entry)?.[1],
  );
  return split(text)
    .map((item, i) => (dues[i] ? `${item} (${dues[i]})` : item))
    .join('\n');
}

function planDocument(plan: PlanSettings, existing: Plan | undefined, built: Built[], ctx: Context): Plan {
  const starts = built
    .flatMap((b) => [b.statedStart, ...b.keyActions.map((k) => k.statedStart)])
    .filter(isDate)
    .sort();
  const ends = built
    .flatMap((b) => [b.statedEnd, ...b.keyActions.map((k) => k.doc.endDate)])
    .filter(isDate)
    .sort();
  let { startDate, endDate } = plan;
  if (!startDate && starts[0]) {
    startDate = starts[0];
    ctx.inferred.push(ctx.say.planStarts(startDate));
  }
  if (!startDate && built.length) ctx.problems.push({ row: 0, text: ctx.say.noStartStated });
  if (!endDate && ends.length) {
    endDate = ends.at(-1);
    ctx.inferred.push(ctx.say.planEnds(endDate ?? ''));
  }
  const doc: Plan = {
    _id: `plan:${ctx.planSlug}`,
    type: 'plan',
    country: plan.country ?? '',
    title: plan.title ?? '',
    startDate: startDate ?? '',
    endDate: endDate ?? '',
    languages: plan.languages ?? existing?.languages ?? ['es'],
    reviewRequired: plan.reviewRequired ?? false,
    committeeOrgIds: (plan.committeeOrgIds ?? []).map((o) => (o.startsWith('org:') ? o : `org:${o}`)),
  };
  if (plan.titleEn) doc.titleEn = plan.titleEn;
  if (plan.sourceUrls?.length) doc.sourceUrls = plan.sourceUrls;
  if (existing?.closed) doc.closed = existing.closed;
  if (existing?.closedOn) doc.closedOn = existing.closedOn;
  return doc;
}

const isDate = (d: string | undefined): d is string => Boolean(d);

/**
 * Dates the sheet does not state: a commitment's come from its milestones, else the plan's; a
 * milestone's start from its commitment's stated start, else the plan's. Each such date, and an empty objective or value
 * list, is recorded in the commitment's `unverifiedFields`, so the dashboard says "not stated"
 * instead of showing it as the plan's word.
 */
function fillUnstated(built: Built[], plan: Plan): void {
  for (const b of built) {
    const unstated: string[] = [];
    const c = b.commitment;
    const starts = b.keyActions
      .map((k) => k.statedStart)
      .filter(isDate)
      .sort();
    const ends = b.keyActions
      .map((k) => k.doc.endDate)
      .filter(isDate)
      .sort();
    const missing = b.keyActions.filter((k) => !k.statedStart);
    // The span of its milestones only when each states its start: one that does not may start earlier.
    const spanStart = missing.length ? undefined : starts[0];
    c.startDate = b.statedStart ?? spanStart ?? plan.startDate;
    c.endDate = b.statedEnd ?? ends.at(-1) ?? plan.endDate;
    if (!b.statedStart && !spanStart) unstated.push('startDate');
    if (!b.statedEnd && !ends.length) unstated.push('endDate');
    for (const k of missing) {
      const start = b.statedStart ?? plan.startDate;
      k.doc.startDate = start && k.doc.endDate && start > k.doc.endDate ? k.doc.endDate : start;
    }
    if (missing.length && missing.length === b.keyActions.length) unstated.push('keyActions.startDate');
    else for (const k of missing) unstated.push(`keyAction.${k.doc.number}.startDate`);
    if (!c.objective) unstated.push('objective');
    if (c.ogpValues.length === 0) unstated.push('ogpValues');
    if (unstated.length) c.unverifiedFields = unstated.slice(0, 30);
  }
}

function summarise(built: Built[], ctx: Context): void {
  const { say, inferred } = ctx;
  const rowsOfList = (lines: number[]) => say.rows(ranges(lines));
  const inherited = built.flatMap((b) =>
    b.keyActions.filter((k) => k.doc.responsibleOrgIds === b.commitment.responsibleOrgIds),
  );
  if (inherited.length) inferred.push(say.inherit(inherited.length));
  const spans = built.filter((b) => !b.statedStart || !b.statedEnd).length;
  if (spans) inferred.push(say.span(spans));
  const byMilestone = built.filter((b) => new Set(b.group.rows.map((r) => normalise(r.cell('responsible')))).size > 1);
  if (byMilestone.length && !ctx.has('milestoneResponsible'))
    inferred.push(say.leadsByMilestone(byMilestone.map((b) => b.group.number).join(', ')));
  if (!ctx.has('commitmentNumber') && built.length) inferred.push(say.numberedCommitments);
  if (!ctx.has('milestoneNumber') && built.some((b) => b.keyActions.length) && ctx.prefixed === 0)
    inferred.push(say.numberedMilestones);
  if (ctx.prefixed) inferred.push(say.prefixNumbers(ctx.prefixed));
  const noObjective = built.filter((b) => !b.commitment.objective);
  if (noObjective.length)
    inferred.push(say.noObjective(noObjective.length, rowsOfList(noObjective.map((b) => b.group.line))));
  const noValues = built.filter((b) => b.commitment.ogpValues.length === 0);
  if (noValues.length) inferred.push(say.noValues(noValues.length, rowsOfList(noValues.map((b) => b.group.line))));
  const noStart = built.flatMap((b) => b.keyActions.filter((k) => !k.statedStart));
  if (noStart.length) inferred.push(say.noStart(noStart.length, rowsOfList(noStart.map((k) => k.line))));
  const fromPlan = built.filter((b) => b.commitment.unverifiedFields?.includes('startDate')).length;
  if (fromPlan) inferred.push(say.commitmentStartFromPlan(fromPlan));
}

function records(organisations: Organization[], plan: Plan, built: Built[], ctx: Context): PlanRecord[] {
  // Fields already reported above (an empty or unreadable cell) are not reported again by the schema check.
  const idsBad = !/^[a-z0-9][a-z0-9._-]{0,60}$/.test(ctx.planSlug);
  const asRecord = (where: string, doc: object, optionalEmpty: string[] = []): PlanRecord => {
    const fields = doc as Record<string, unknown>;
    const badFields = Object.keys(fields).filter(
      (f) =>
        (fields[f] === '' && !optionalEmpty.includes(f)) ||
        (f === 'responsibleOrgIds' && Array.isArray(fields[f]) && !(fields[f] as unknown[]).length),
    );
    if (idsBad) badFields.push('id', 'planId', 'commitmentId');
    return { where, doc: fields, badFields };
  };
  return [
    ...organisations.map((o) => asRecord(`organisation "${o.name}"`, o)),
    asRecord('plan', plan),
    // An objective the sheet does not state is recorded as not stated (unverifiedFields), not refused.
    ...built.map((b) =>
      asRecord(`${ctx.say.row(b.group.line)} (commitment ${b.group.number})`, b.commitment, ['objective']),
    ),
    ...built.flatMap((b) => b.keyActions.map(({ doc, line }) => asRecord(ctx.say.row(line), doc))),
  ];
}

/** Row numbers as runs, "2–57, 60": 56 rows do not take a paragraph. */
function ranges(lines: number[]): string {
  const runs: [number, number][] = [];
  for (const n of [...lines].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && n <= last[1] + 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}

/** Splits a cell listing several things ("A; B" or one per line). */
function split(cell: string): string[] {
  return cell
    .split(MULTI)
    .map((s) => s.trim())
    .filter(Boolean);
}

const MONTH_START = /^(\d{4})-(\d{1,2})$|^(\d{1,2})\/(\d{4})$/;

/**
 * A date as sheets write it: 2021-03-31, 31/03/2021, 31-03-2021, or a month (2021-03, 03/2021),
 * which means its first day for a start and its last for an end. Problems name the cell.
 */
export function readDate(
  text: string,
  side: 'start' | 'end',
  where: string,
  say: SheetMessages,
  problems: Problem[],
  row: number,
): string | undefined {
  if (!text) return undefined;
  const parts = dateParts(text);
  if (!parts) {
    problems.push({ row, text: `${where}: ${say.notADate(text)}` });
    return undefined;
  }
  const { year, month } = parts;
  let { day } = parts;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > lastDay))) {
    problems.push({ row, text: `${where}: ${say.notACalendarDay(text)}` });
    return undefined;
  }
  day ??= side === 'start' ? 1 : lastDay;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function dateParts(text: string): { year: number; month: number; day?: number } | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (local) return { year: Number(local[3]), month: Number(local[2]), day: Number(local[1]) };
  const monthOnly = MONTH_START.exec(text);
  if (monthOnly) return { year: Number(monthOnly[1] ?? monthOnly[4]), month: Number(monthOnly[2] ?? monthOnly[3]) };
  return undefined;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const ogpValueList = () =>
  Object.values(OGP_VALUE_WORDS)
    .map((words) => `"${words[0]}"`)
    .join(', ');
const orgKindList = () =>
  Object.values(ORG_KIND_WORDS)
    .map((words) => `"${words[0]}"`)
    .join(', ');
