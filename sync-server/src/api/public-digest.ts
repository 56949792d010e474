import type { PublicAssessment, PublicDoc, PublicReport, PublicReview } from '../../../shared/src/public.js';

/** The most activity items a request can ask for: `/api/activity` caps its `limit` at 500. */
export const ACTIVITY_MAX = 500;
/** The reports an organisation's page shows, newest first. */
export const RECENT_REPORTS = 20;

type Dated = PublicReport | PublicReview | PublicAssessment;

/** Newest first, then by id: a total order, so the newest of a union are the newest of each part's newest. */
export const newestFirst = (a: { date: string; _id: string }, b: { date: string; _id: string }): number =>
  b.date.localeCompare(a.date) || b._id.localeCompare(a._id);

const isDated = (doc: PublicDoc): doc is Dated =>
  doc.type === 'progressReport' || doc.type === 'review' || doc.type === 'assessment';

/**
 * What the pages about every plan at once (the activity feed, an organisation's recent reports)
 * need of a closed plan whose documents are not in memory: its newest activity and each
 * organisation's newest reports. Since those pages show only the newest of all plans, the newest of
 * each plan are enough to answer them exactly.
 */
export class PlanDigest {
  /** The newest reports, reviews and assessments, newest first. */
  private readonly activity: Dated[] = [];
  private readonly reportsByOrg = new Map<string, PublicReport[]>();
  /** How many of the lists hold each document. */
  private readonly members = new Map<string, number>();

  constructor(docs: Iterable<PublicDoc>) {
    const dated = [...docs].filter(isDated).sort(newestFirst);
    for (const doc of dated) {
      if (this.activity.length < ACTIVITY_MAX) this.enter(this.activity, doc);
      if (doc.type !== 'progressReport') continue;
      const list = this.orgList(doc.orgId);
      if (list.length < RECENT_REPORTS) this.enter(list, doc);
    }
  }

  /** The documents the digest keeps, each once. */
  docs(): Dated[] {
    const seen = new Set<string>();
    const all: Dated[] = [];
    for (const doc of [...this.activity, ...[...this.reportsByOrg.values()].flat()])
      if (!seen.has(doc._id)) {
        seen.add(doc._id);
        all.push(doc);
      }
    return all;
  }

  /** Whether the digest keeps a version of the document: a change to it may change what is newest. */
  has(id: string): boolean {
    return this.members.has(id);
  }

  /**
   * Takes in a document new to the plan (not one the digest keeps: for those, read the plan again).
   * A new document can only push older ones out, so the lists stay the newest.
   */
  add(doc: PublicDoc): void {
    if (!isDated(doc)) return;
    this.insert(this.activity, doc, ACTIVITY_MAX);
    if (doc.type === 'progressReport') this.insert(this.orgList(doc.orgId), doc, RECENT_REPORTS);
  }

  private orgList(orgId: string): PublicReport[] {
    let list = this.reportsByOrg.get(orgId);
    if (!list) {
      list = [];
      this.reportsByOrg.set(orgId, list);
    }
    return list;
  }

  private enter<T extends Dated>(list: T[], doc: T): void {
    list.push(doc);
    this.members.set(doc._id, (this.members.get(doc._id) ?? 0) + 1);
  }

  private insert<T extends Dated>(list: T[], doc: T, max: number): void {
    let at = list.length;
    while (at > 0 && newestFirst(list[at - 1] as T, doc) > 0) at--;
    if (at >= max) return;
    list.splice(at, 0, doc);
    this.members.set(doc._id, (this.members.get(doc._id) ?? 0) + 1);
    if (list.length <= max) return;
    const dropped = list.pop() as T;
    const left = (this.members.get(dropped._id) ?? 1) - 1;
    if (left > 0) this.members.set(dropped._id, left);
    else this.members.delete(dropped._id);
  }
}
