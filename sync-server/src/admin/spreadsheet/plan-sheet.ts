import type { Commitment, KeyAction, OgpValue, Organization, OrgKind, Plan } from '../../../../shared/src/types.js';
import type { PlanRecord } from '../plan-file.js';
import { columnLetter, type Sheet } from './read-sheet.js';
import { COLUMNS, type Column, lookup, normalise, OGP_VALUE_WORDS, ORG_KIND_WORDS } from './vocabulary.js';

/** What a mapping file (`--map map.json`) may say about a sheet whose headers or words differ. */
export interface SheetMap {
  /** Tablero's column → the header the sheet uses for it. */
  columns?: Partial<Record<Column, string>>;
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
  /** Everything wrong, each with the sheet's row number and column as the person sees them. */
  problems: string[];
  /** What was derived rather than read, said in the summary. */
  inferred: string[];
  newOrganizations: Organization[];
  ignoredColumns: string[];
}

interface Row {
  number: number;
  cell: (column: Column) => string;
  where: (column: Column) => string;
}

const MULTI = /\s*(?:;|\n)\s*/;
const SLUG = /[^a-z0-9]+/g;
const slug = (text: string, max = 40) => normalise(text).replace(SLUG, '-').slice(0, max).replace(/-+$/, '') || 'x';
const pad = (n: number) => String(n).padStart(2, '0');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A plan from a spreadsheet with one row per milestone (key action), the commitment's columns
 * repeated on each of its rows. Ids are derived from the plan id and the numbers, so importing
 * the same sheet again changes nothing; organisations are matched by name or acronym, and the
 * ones missing are created. Every problem is collected; nothing stops at the first.
 */
export function planFromSheet(
  sheet: Sheet,
  map: SheetMap,
  settings: PlanSettings,
  existing: { organizations: readonly Organization[]; plan?: Plan | undefined },
): SheetPlan {
  const problems: string[] = [];
  const inferred: string[] = [];
  const out: SheetPlan = { records: [], problems, inferred, newOrganizations: [], ignoredColumns: [] };

  const headerNames = new Map<string, Column>();
  for (const [column, { headers }] of Object.entries(COLUMNS) as [Column, { headers: readonly string[] }][])
    for (const header of headers) if (!headerNames.has(normalise(header))) headerNames.set(normalise(header), column);
  for (const [column, header] of Object.entries(map.columns ?? {}) as [Column, string][]) {
    if (!(column in COLUMNS))
      problems.push(`map: columns.${column} is not a column Tablero reads (${Object.keys(COLUMNS).join(', ')})`);
    else headerNames.set(normalise(header), column);
  }
  const headerRow = sheet.rows
    .slice(0, 10)
    .find((row) => row.cells.filter((c) => headerNames.has(normalise(c))).length >= 2);
  if (!headerRow) {
    problems.push(
      `no header row: none of the first rows names two of the expected columns (${requiredHeaders()}); name them so, or map them with --map`,
    );
    return out;
  }
  const index = new Map<Column, number>();
  const headerAt = new Map<Column, string>();
  headerRow.cells.forEach((text, i) => {
    const column = headerNames.get(normalise(text));
    if (column && !index.has(column)) {
      index.set(column, i);
      headerAt.set(column, `column ${columnLetter(i)} "${text}"`);
    } else if (text) out.ignoredColumns.push(`${columnLetter(i)} "${text}"`);
  });
  for (const [column, header] of Object.entries(map.columns ?? {}) as [Column, string][])
    if (column in COLUMNS && !index.has(column))
      problems.push(`map: columns.${column} names "${header}", which is not a header of row ${headerRow.number}`);
  for (const [column, { required, headers }] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][])
    if (required && !index.has(column))
      problems.push(
        `row ${headerRow.number}: no "${headers[0]}" column (${column}); name one so (or ${headers
          .slice(1, 4)
          .map((h) => `"${h}"`)
          .join(', ')}), or map it with --map`,
      );

  const rows: Row[] = sheet.rows
    .filter((row) => row.number > headerRow.number)
    .map((row) => ({
      number: row.number,
      cell: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : (row.cells[i] ?? '').trim();
      },
      where: (column) => `row ${row.number}, ${headerAt.get(column) ?? column}`,
    }));

  const values = lookup(OGP_VALUE_WORDS);
  for (const [word, value] of Object.entries(map.values ?? {})) values.set(normalise(word), value);
  const kinds = lookup(ORG_KIND_WORDS);
  for (const [word, kind] of Object.entries(map.orgKinds ?? {})) kinds.set(normalise(word), kind);
  const orgs = organisationFinder(existing.organizations, out.newOrganizations);

  const plan = { ...existing.plan, ...stripUndefined(map.plan ?? {}), ...stripUndefined(settings) };
  const planSlug = (plan.id ?? existing.plan?._id ?? '').replace(/^plan:/, '');
  if (!planSlug) problems.push('--plan: give the plan an id, such as --plan ec-2pa (lower-case letters, digits, -)');
  else if (!/^[a-z0-9][a-z0-9._-]{0,60}$/.test(planSlug))
    problems.push(`--plan: "${planSlug}" must be lower-case letters, digits, ".", "_" or "-"`);
  for (const field of ['country', 'title'] as const)
    if (!plan[field])
      problems.push(`--${field}: the plan is new; give its ${field} (or plan.${field} in the mapping file)`);

  interface Group {
    number: number;
    line: number;
    fields: Map<Column, { value: string; line: number }>;
    milestones: { row: Row; number: number }[];
  }
  const groups = new Map<string, Group>();
  const COMMITMENT_COLUMNS: Column[] = [
    'commitmentTitle',
    'ogpId',
    'problem',
    'objective',
    'ogpValues',
    'themes',
    'responsible',
    'responsibleKind',
    'coResponsible',
    'support',
    'commitmentStart',
    'commitmentEnd',
    'sourceUrl',
  ];
  let lastKey: string | undefined;
  for (const row of rows) {
    const numberText = row.cell('commitmentNumber');
    const title = row.cell('commitmentTitle');
    // A row that leaves the commitment blank continues the one above (merged cells, or a sheet that does not repeat it).
    let key = numberText ? `#${numberText}` : title ? `=${normalise(title)}` : lastKey;
    if (!key) {
      problems.push(`${row.where('commitmentTitle')}: empty, and no commitment above it to belong to`);
      continue;
    }
    if (numberText && !/^\d{1,4}$/.test(numberText.replace(/\.0$/, ''))) {
      problems.push(`${row.where('commitmentNumber')}: "${numberText}" is not a commitment number (1, 2, 3…)`);
      key = `=${normalise(title)}`;
    }
    lastKey = key;
    let group = groups.get(key);
    if (!group) {
      const number = numberText && /^\d+(\.0)?$/.test(numberText) ? Number.parseInt(numberText, 10) : groups.size + 1;
      group = { number, line: row.number, fields: new Map(), milestones: [] };
      groups.set(key, group);
    }
    for (const column of COMMITMENT_COLUMNS) {
      const value = row.cell(column);
      if (!value) continue;
      const earlier = group.fields.get(column);
      if (!earlier) group.fields.set(column, { value, line: row.number });
      else if (normalise(earlier.value) !== normalise(value))
        problems.push(
          `${row.where(column)}: differs from row ${earlier.line} for the same commitment ("${clip(earlier.value)}")`,
        );
    }
    const milestoneText = row.cell('milestoneNumber');
    const milestoneNumber = milestoneText ? Number.parseInt(milestoneText, 10) : group.milestones.length + 1;
    if (milestoneText && !/^\d{1,4}(\.0)?$/.test(milestoneText)) {
      problems.push(`${row.where('milestoneNumber')}: "${milestoneText}" is not a milestone number (1, 2, 3…)`);
      continue;
    }
    group.milestones.push({ row, number: milestoneNumber });
  }

  const dates: string[] = [];
  const commitmentIds = new Set<string>();
  const numbersSeen = new Map<number, number>();
  let inheritedResponsible = 0;
  let spanFromMilestones = 0;
  const commitments: Commitment[] = [];
  const keyActions: { doc: KeyAction; line: number }[] = [];
  for (const group of groups.values()) {
    const field = (column: Column) => group.fields.get(column)?.value ?? '';
    const whereOf = (column: Column) =>
      `row ${group.fields.get(column)?.line ?? group.line}, ${headerAt.get(column) ?? column}`;
    const earlierNumber = numbersSeen.get(group.number);
    if (earlierNumber !== undefined)
      problems.push(
        `row ${group.line}, ${headerAt.get('commitmentNumber') ?? 'commitment'}: commitment ${group.number} is also at row ${earlierNumber} with another title`,
      );
    numbersSeen.set(group.number, group.line);
    const commitmentId = `commitment:${planSlug}-${pad(group.number)}`;
    commitmentIds.add(commitmentId);
    const kind = field('responsibleKind') ? kinds.get(normalise(field('responsibleKind'))) : 'government';
    if (!kind)
      problems.push(
        `${whereOf('responsibleKind')}: "${field('responsibleKind')}" is not a kind of institution (${orgKindList()})`,
      );
    // Commitment-level organisations first, so a milestone naming one by its acronym finds it.
    const responsible = orgs.ids(field('responsible'), kind ?? 'government');
    const coResponsible = orgs.ids(field('coResponsible'), 'cso');
    const support = orgs.ids(field('support'), 'other');
    const ogpValues: OgpValue[] = [];
    for (const word of split(field('ogpValues'))) {
      const value = values.get(normalise(word));
      if (value) {
        if (!ogpValues.includes(value)) ogpValues.push(value);
      } else
        problems.push(
          `${whereOf('ogpValues')}: "${word}" is not one of OGP's values (${ogpValueList()}); name it so, or map it under "values" in --map`,
        );
    }
    const milestoneDocs: KeyAction[] = [];
    const milestoneNumbers = new Map<number, number>();
    const milestoneTitles = new Map<string, number>();
    for (const { row, number } of group.milestones) {
      const title = row.cell('milestone');
      if (!title) problems.push(`${row.where('milestone')}: empty; every row is one milestone and needs its title`);
      const twin = milestoneNumbers.get(number) ?? (title ? milestoneTitles.get(normalise(title)) : undefined);
      if (twin !== undefined)
        problems.push(
          `row ${row.number}: the same milestone as row ${twin} of commitment ${group.number} (a duplicate row?)`,
        );
      milestoneNumbers.set(number, row.number);
      if (title) milestoneTitles.set(normalise(title), row.number);
      for (const column of ['milestoneStart', 'milestoneEnd'] as const)
        if (index.has(column) && !row.cell(column))
          problems.push(
            `${row.where(column)}: empty; every milestone needs its ${column === 'milestoneStart' ? 'start' : 'end'} date`,
          );
      const start = readDate(row.cell('milestoneStart'), 'start', row.where('milestoneStart'), problems);
      const end = readDate(row.cell('milestoneEnd'), 'end', row.where('milestoneEnd'), problems);
      if (start && end && end < start)
        problems.push(`${row.where('milestoneEnd')}: ${end} is before the start, ${start}`);
      if (start) dates.push(start);
      if (end) dates.push(end);
      let own = orgs.ids(row.cell('milestoneResponsible'), 'government');
      if (own.length === 0) {
        own = responsible;
        inheritedResponsible++;
      }
      const weightText = row.cell('weight');
      const weight = weightText ? Number(weightText.replace(',', '.')) : 1;
      if (Number.isNaN(weight) || weight < 0)
        problems.push(`${row.where('weight')}: "${weightText}" is not a weight (a number, 0 or more)`);
      const doc: KeyAction = {
        _id: `keyAction:${planSlug}-${pad(group.number)}-${number}`,
        type: 'keyAction',
        planId: `plan:${planSlug}`,
        commitmentId,
        number,
        title,
        responsibleOrgIds: own,
        startDate: start ?? '',
        endDate: end ?? '',
        weight,
      };
      const deliverable = row.cell('deliverable');
      if (deliverable) doc.deliverable = deliverable;
      milestoneDocs.push(doc);
      keyActions.push({ doc, line: row.number });
    }
    let startDate = readDate(field('commitmentStart'), 'start', whereOf('commitmentStart'), problems);
    let endDate = readDate(field('commitmentEnd'), 'end', whereOf('commitmentEnd'), problems);
    const spanStarts = milestoneDocs
      .map((k) => k.startDate)
      .filter(Boolean)
      .sort();
    const spanEnds = milestoneDocs
      .map((k) => k.endDate)
      .filter(Boolean)
      .sort();
    if (!startDate || !endDate) spanFromMilestones++;
    startDate ??= spanStarts[0];
    endDate ??= spanEnds.at(-1);
    if (startDate && endDate && endDate < startDate)
      problems.push(`${whereOf('commitmentEnd')}: ${endDate} is before the start, ${startDate}`);
    const commitment: Commitment = {
      _id: commitmentId,
      type: 'commitment',
      planId: `plan:${planSlug}`,
      number: group.number,
      title: field('commitmentTitle'),
      objective: field('objective'),
      ogpValues,
      themes: split(field('themes')),
      responsibleOrgIds: responsible,
      coResponsibleOrgIds: coResponsible,
      startDate: startDate ?? '',
      endDate: endDate ?? '',
    };
    const optional = { ogpId: 'ogpId', problem: 'problem', sourceUrl: 'sourceUrl' } as const;
    for (const [key, column] of Object.entries(optional) as [keyof typeof optional, Column][])
      if (field(column)) commitment[key] = field(column);
    if (support.length) commitment.supportOrgIds = support;
    if (!commitment.title) problems.push(`${whereOf('commitmentTitle')}: commitment ${group.number} has no title`);
    if (!commitment.objective) problems.push(`${whereOf('objective')}: commitment ${group.number} has no objective`);
    if (responsible.length === 0)
      problems.push(`${whereOf('responsible')}: commitment ${group.number} names no responsible institution`);
    commitments.push(commitment);
  }

  if (inheritedResponsible)
    inferred.push(
      `${plural(inheritedResponsible, 'milestone', 'milestones')} without a responsible institution inherit their commitment's`,
    );
  if (spanFromMilestones)
    inferred.push(
      `${plural(spanFromMilestones, 'commitment takes its dates from the span of its milestones', 'commitments take their dates from the span of their milestones')}`,
    );
  if (!index.has('commitmentNumber') && groups.size)
    inferred.push('commitments are numbered in the order of the sheet (there is no commitment number column)');
  if (!index.has('milestoneNumber') && keyActions.length)
    inferred.push('milestones are numbered in the order of the sheet within their commitment');
  dates.sort();
  if (!plan.startDate && dates[0]) {
    plan.startDate = dates[0];
    inferred.push(`the plan starts on ${dates[0]}, its first milestone's start (give --start to say otherwise)`);
  }
  if (!plan.endDate && dates.length) {
    plan.endDate = dates.at(-1);
    inferred.push(`the plan ends on ${dates.at(-1)}, its last milestone's end (give --end to say otherwise)`);
  }
  if (out.newOrganizations.length)
    inferred.push(
      `${plural(out.newOrganizations.length, 'organisation is', 'organisations are')} new: ${out.newOrganizations.map((o) => `${o.name} (${o.kind})`).join('; ')}`,
    );

  const planDoc: Plan = {
    _id: `plan:${planSlug}`,
    type: 'plan',
    country: plan.country ?? '',
    title: plan.title ?? '',
    startDate: plan.startDate ?? '',
    endDate: plan.endDate ?? '',
    languages: plan.languages ?? existing.plan?.languages ?? ['es'],
    reviewRequired: plan.reviewRequired ?? false,
    committeeOrgIds: (plan.committeeOrgIds ?? []).map((o) => (o.startsWith('org:') ? o : `org:${o}`)),
  };
  if (plan.titleEn) planDoc.titleEn = plan.titleEn;
  if (plan.sourceUrls?.length) planDoc.sourceUrls = plan.sourceUrls;
  if (existing.plan?.closed) planDoc.closed = existing.plan.closed;
  if (existing.plan?.closedOn) planDoc.closedOn = existing.plan.closedOn;
  // Fields already reported above (an empty or unreadable cell) are not reported again by the schema check.
  const idsBad = !/^[a-z0-9][a-z0-9._-]{0,60}$/.test(planSlug);
  const asRecord = (where: string, doc: object): PlanRecord => {
    const fields = doc as Record<string, unknown>;
    const badFields = Object.keys(fields).filter(
      (f) =>
        fields[f] === '' || (Array.isArray(fields[f]) && f === 'responsibleOrgIds' && !(fields[f] as unknown[]).length),
    );
    if (idsBad) badFields.push('id', 'planId', 'commitmentId');
    return { where, doc: fields, badFields };
  };
  out.records = [
    ...out.newOrganizations.map((o) => asRecord(`organisation "${o.name}"`, o)),
    asRecord('plan', planDoc),
    ...commitments.map((c) => asRecord(`row ${groups.get(`#${c.number}`)?.line ?? ''} (commitment ${c.number})`, c)),
    ...keyActions.map(({ doc, line }) => asRecord(`row ${line}`, doc)),
  ];
  return out;
}

/** Splits a cell listing several things ("A; B" or one per line). */
function split(cell: string): string[] {
  return cell
    .split(MULTI)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Organisations by name: "Secretaría de la Función Pública (SFP)" finds the existing one by its
 * name or its acronym, or becomes a new organisation of the kind its column implies.
 */
function organisationFinder(existing: readonly Organization[], created: Organization[]) {
  const byKey = new Map<string, Organization>();
  const taken = new Set(existing.map((o) => o._id));
  for (const org of existing) {
    byKey.set(normalise(org.name), org);
    if (org.acronym) byKey.set(normalise(org.acronym), org);
  }
  return {
    ids(cell: string, kind: OrgKind): string[] {
      return split(cell).map((entry) => {
        const match = /^(.*?)\s*\(([^()]{1,40})\)$/.exec(entry);
        const name = (match?.[1] || entry).trim();
        const acronym = match?.[2]?.trim();
        const found = byKey.get(normalise(name)) ?? (acronym ? byKey.get(normalise(acronym)) : undefined);
        if (found) return found._id;
        let id = `org:${slug(acronym ?? name)}`;
        for (let n = 2; taken.has(id); n++) id = `org:${slug(acronym ?? name)}-${n}`;
        taken.add(id);
        const org: Organization = { _id: id, type: 'organization', kind, name };
        if (acronym) org.acronym = acronym;
        created.push(org);
        byKey.set(normalise(name), org);
        if (acronym) byKey.set(normalise(acronym), org);
        return id;
      });
    },
  };
}

const MONTH_START = /^(\d{4})-(\d{1,2})$|^(\d{1,2})\/(\d{4})$/;

/**
 * A date as sheets write it: 2021-03-31, 31/03/2021, 31-03-2021, or a month (2021-03, 03/2021),
 * which means its first day for a start and its last for an end. Problems name the cell.
 */
export function readDate(text: string, side: 'start' | 'end', where: string, problems: string[]): string | undefined {
  if (!text) return undefined;
  let year: number;
  let month: number;
  let day: number | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const monthOnly = MONTH_START.exec(text);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) [day, month, year] = [Number(local[1]), Number(local[2]), Number(local[3])];
  else if (monthOnly) {
    year = Number(monthOnly[1] ?? monthOnly[4]);
    month = Number(monthOnly[2] ?? monthOnly[3]);
  } else {
    problems.push(`${where}: "${text}" is not a date (write 2021-03-31 or 31/03/2021)`);
    return undefined;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > lastDay))) {
    problems.push(`${where}: "${text}" is not a day of the calendar`);
    return undefined;
  }
  day ??= side === 'start' ? 1 : lastDay;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const requiredHeaders = () =>
  Object.values(COLUMNS)
    .filter((c) => c.required)
    .map((c) => `"${c.headers[0]}"`)
    .join(', ');
const ogpValueList = () =>
  Object.values(OGP_VALUE_WORDS)
    .map((words) => `"${words[0]}"`)
    .join(', ');
const orgKindList = () =>
  Object.values(ORG_KIND_WORDS)
    .map((words) => `"${words[0]}"`)
    .join(', ');
