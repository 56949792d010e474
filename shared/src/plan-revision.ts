/*
 * A published plan's public history. A revised plan (a reprogrammed sheet, or an edit by an
 * administrator) is not rewritten in silence: what changed in its structure is computed here,
 * once, and kept in the plan's own document as a numbered revision, which the publisher copies to
 * the public side like any other field of the plan.
 */

/** The plan's documents whose changes the public history records. */
export type RevisedType = 'plan' | 'commitment' | 'keyAction';

/** The fields a revision compares, per document: what the public reads as the plan's word. */
export const REVISED_FIELDS = {
  plan: ['title', 'titleEn', 'description', 'startDate', 'endDate'],
  commitment: [
    'title',
    'titleEn',
    'problem',
    'objective',
    'startDate',
    'endDate',
    'responsibleOrgIds',
    'coResponsibleOrgIds',
    'ogpValues',
  ],
  keyAction: ['title', 'startDate', 'endDate', 'weight', 'deliverable', 'responsibleOrgIds'],
} as const satisfies Record<RevisedType, readonly string[]>;

export type RevisedField = (typeof REVISED_FIELDS)[RevisedType][number];

/** One change: a commitment or key action added or removed, or one field of one document changed. */
export interface PlanChange {
  change: 'added' | 'removed' | 'changed';
  docType: RevisedType;
  id: string;
  /** The commitment the change concerns (a key action's, or the commitment itself), so its page shows it. */
  commitmentId?: string;
  /** "3" for commitment 3, "3.2" for its second key action; absent for the plan. */
  number?: string;
  /** The document's title as it is now (as it was, for one removed). */
  title: string;
  field?: RevisedField;
  /** The field's value before and after, as text: dates as written, lists joined, numbers as digits. */
  before?: string;
  after?: string;
}

/** A revision of a plan: its number, when it was made, from what (a file's name, or the tool), and its changes. */
export interface PlanRevision {
  revision: number;
  at: string;
  source: string;
  changes: PlanChange[];
}

/** A plan's structure as stored: the plan, its commitments and its key actions. */
export interface PlanStructure {
  plan?: StructureDoc;
  commitments: readonly StructureDoc[];
  keyActions: readonly StructureDoc[];
}

/** What a revision reads of a document. */
export interface StructureDoc {
  _id: string;
  title?: unknown;
  number?: unknown;
  commitmentId?: unknown;
  [field: string]: unknown;
}

/** Most revisions and changes a plan keeps: a bound, so a plan's document stays small enough to sync. */
export const MAX_REVISIONS = 200;
export const MAX_CHANGES = 2000;

const asText = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : undefined;
  return String(value);
};

/**
 * What changed from `before` to `after`: commitments and key actions added and removed, then each
 * field of REVISED_FIELDS that differs, in the plan's order (plan, then commitment by commitment).
 * Empty when nothing the public reads changed.
 */
export function planRevision(before: PlanStructure, after: PlanStructure): PlanChange[] {
  const numberOf = numbering(after, before);
  const changes: PlanChange[] = [];
  if (before.plan && after.plan) changes.push(...fieldChanges('plan', before.plan, after.plan, numberOf));
  for (const docType of ['commitment', 'keyAction'] as const) {
    const key = docType === 'commitment' ? 'commitments' : 'keyActions';
    const old = new Map(before[key].map((d) => [d._id, d]));
    const now = new Map(after[key].map((d) => [d._id, d]));
    for (const [id, doc] of now) {
      const was = old.get(id);
      changes.push(...(was ? fieldChanges(docType, was, doc, numberOf) : [entry('added', docType, doc, numberOf)]));
    }
    for (const [id, doc] of old) if (!now.has(id)) changes.push(entry('removed', docType, doc, numberOf));
  }
  return changes.sort((a, b) => orderKey(a).localeCompare(orderKey(b), 'en', { numeric: true }));
}

/** The revisions a plan keeps after `changes` are recorded; unchanged when there are none. */
export function withRevision(
  revisions: readonly PlanRevision[] | undefined,
  changes: PlanChange[],
  at: string,
  source: string,
): PlanRevision[] {
  const kept = [...(revisions ?? [])];
  if (changes.length === 0) return kept;
  const revision = (kept.at(-1)?.revision ?? 0) + 1;
  kept.push({ revision, at, source: source.slice(0, 200), changes: changes.slice(0, MAX_CHANGES) });
  return kept.slice(-MAX_REVISIONS);
}

/** The changes of each revision that concern one commitment (itself or its key actions); revisions with none left out. */
export function revisionsOf(revisions: readonly PlanRevision[] | undefined, commitmentId: string): PlanRevision[] {
  return (revisions ?? []).flatMap((r) => {
    const changes = r.changes.filter((c) => c.commitmentId === commitmentId);
    return changes.length ? [{ ...r, changes }] : [];
  });
}

type Numbering = (doc: StructureDoc, docType: RevisedType) => Pick<PlanChange, 'number' | 'commitmentId'>;

/** Numbers as people cite them ("3.2"), from the revised structure, else the earlier one for what was removed. */
function numbering(...structures: PlanStructure[]): Numbering {
  const commitments = new Map<string, StructureDoc>();
  for (const s of [...structures].reverse()) for (const c of s.commitments) commitments.set(c._id, c);
  return (doc, docType) => {
    if (docType === 'plan') return {};
    if (docType === 'commitment') return { number: asText(doc.number), commitmentId: doc._id };
    const commitmentId = String(doc.commitmentId ?? '');
    const parent = asText(commitments.get(commitmentId)?.number) ?? '?';
    return { number: `${parent}.${asText(doc.number) ?? '?'}`, commitmentId };
  };
}

function entry(change: 'added' | 'removed', docType: RevisedType, doc: StructureDoc, numberOf: Numbering): PlanChange {
  return { change, docType, id: doc._id, ...numberOf(doc, docType), title: asText(doc.title) ?? '' };
}

function fieldChanges(docType: RevisedType, was: StructureDoc, now: StructureDoc, numberOf: Numbering): PlanChange[] {
  return REVISED_FIELDS[docType].flatMap((field) => {
    const before = asText(was[field]);
    const after = asText(now[field]);
    if (before === after) return [];
    return [{ ...entry('added', docType, now, numberOf), change: 'changed' as const, field, before, after }];
  });
}

/** The plan first, then commitment by commitment, each before its key actions. */
function orderKey(change: PlanChange): string {
  if (change.docType === 'plan') return '0';
  const [commitment = '', keyAction = '0'] = (change.number ?? '').split('.');
  return `1 ${commitment.padStart(4, '0')} ${keyAction.padStart(4, '0')}`;
}
