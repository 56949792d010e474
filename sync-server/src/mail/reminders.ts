import { createHash } from 'node:crypto';
import { keyActionsDue } from '../../../shared/src/deadlines.js';
import type { DocOfType, DocType, KeyAction, Plan, ProgressReport, WorkspaceDoc } from '../../../shared/src/types.js';
import type { DbNames } from '../config.js';
import { allDocuments, type Couch, type Db, docsWithPrefix, type Stored, useDb } from '../couch/client.js';
import { type SiteInfo, unsubscribeHeaders } from './follow-routes.js';
import { personMailOf, reminderStopToken } from './people.js';
import { enqueueMail } from './queue.js';
import { type ReminderItem, remindersMail } from './reminder-texts.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Account {
  name: string;
  roles: string[];
  disabled: boolean;
}

/** What the workspace says that reminders are about, read once per round. */
interface Workspace {
  plans: Map<string, Plan>;
  keyActions: KeyAction[];
  reports: ProgressReport[];
  pendingQuestions: { planId: string }[];
}

export interface RemindersOptions {
  /** Days before a key action's end date on which its reporters are reminded. */
  daysBefore: number;
  /** How often a round runs; each reminder is sent once, whatever the rounds. */
  everyMs: number;
  log: (message: string) => void;
  now?: () => number;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO week of a day, 2026-W49: the weekly digest's key, so it goes once a week. */
function isoWeek(ms: number): string {
  const date = new Date(ms);
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const week = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / DAY_MS + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** That a person had a reminder: by hash, so the marker names neither the person nor what it was. */
const markerIdOf = (name: string, key: string) =>
  `reminded:${createHash('sha256').update(`${name}\n${key}`).digest('hex')}`;

/** The one-click address that turns these kinds of reminder off for the token's person (mail/reminder-stop.ts). */
export const reminderStopUrl = (publicUrl: string, token: string, kinds: readonly string[]) =>
  `${publicUrl}/api/reminders/stop/${token}/${kinds.join(',')}`;

const orgsOf = (account: Account) => account.roles.filter((r) => r.startsWith('org:'));

/**
 * Reminds the people who report: a key action of their organisation whose end date is
 * `daysBefore` days away or nearer with no report, one past its end date with none, a report
 * the committee returned; and the committee, once a week, of what waits for its review and which
 * questions wait for moderation. Each reminder has its idempotency key, so rounds may run as
 * often as wished, on any server, and each person gets each reminder once; runs on the publisher
 * lease's holder. Each person's choices (mail/people.ts) say which they get.
 */
export class Reminders {
  private readonly personal: Db;
  private readonly workspace: Db;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly couch: Couch,
    names: DbNames,
    private readonly site: () => Promise<SiteInfo>,
    private readonly options: RemindersOptions,
  ) {
    this.personal = useDb(couch, names.personal);
    this.workspace = useDb(couch, names.workspace);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    void this.round();
    this.timer = setInterval(() => void this.round(), this.options.everyMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One round now; resolves with how many reminders it queued. */
  round(): Promise<number> {
    this.running ??= this.remind()
      .catch((error: unknown) => {
        this.options.log(`reminders: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async remind(): Promise<number> {
    const [workspace, accounts, site] = await Promise.all([this.read(), this.accounts(), this.site()]);
    let queued = 0;
    for (const account of accounts) {
      const items = account.roles.includes('committee')
        ? this.forCommittee(account, workspace)
        : account.roles.includes('reporter')
          ? this.forReporter(account, workspace)
          : [];
      // One person's trouble (a bad address stored by an earlier version) must not keep the others' reminders back.
      queued += await this.send(account, items, site).catch((error: unknown) => {
        this.options.log(`reminders for ${account.name}: ${(error as Error).message}`);
        return 0;
      });
    }
    return queued;
  }

  private async read(): Promise<Workspace> {
    const docs = await allDocuments<WorkspaceDoc>(this.workspace);
    const of = <K extends DocType>(type: K) => docs.filter((d): d is Stored<DocOfType<K>> => d.type === type);
    return {
      plans: new Map(of('plan').map((p) => [p._id, p])),
      keyActions: of('keyAction'),
      reports: of('progressReport'),
      pendingQuestions: of('question').filter((q) => q.status === 'pending'),
    };
  }

  private async accounts(): Promise<Account[]> {
    const users = await docsWithPrefix<{ name?: string; roles?: string[]; tablero_disabled?: boolean }>(
      this.couch.use('_users'),
      'org.couchdb.user:',
    );
    return users.flatMap((doc) => {
      return doc.name && !doc.tablero_disabled ? [{ name: doc.name, roles: doc.roles ?? [], disabled: false }] : [];
    });
  }

  /** Key actions nearing or past their end date with no report of the person's organisation, and returned reports. */
  private forReporter(account: Account, ws: Workspace): (ReminderItem & { key: string })[] {
    const orgs = new Set(orgsOf(account));
    const today = isoDay(this.now());
    const closedPlans = new Set([...ws.plans.values()].filter((p) => p.closed).map((p) => p._id));
    const items: (ReminderItem & { key: string })[] = keyActionsDue(ws.keyActions, ws.reports, orgs, today, {
      daysBefore: this.options.daysBefore,
      closedPlans,
    }).map(({ keyAction, kind, daysLeft }) => ({
      kind,
      key: `${kind}:${keyAction._id}:${keyAction.endDate}`,
      title: keyAction.title,
      date: keyAction.endDate,
      days: daysLeft,
    }));
    for (const report of ws.reports)
      if (report.status === 'returned' && orgs.has(report.orgId))
        items.push({
          kind: 'returned',
          key: `returned:${report._id}:${report.reviewedAt ?? report.createdAt}`,
          title: ws.keyActions.find((a) => a._id === report.keyActionId)?.title ?? report.keyActionId,
          date: report.date,
        });
    return items;
  }

  /** The weekly digest: reports waiting for review and questions waiting for moderation in the committee's plans. */
  private forCommittee(account: Account, ws: Workspace): (ReminderItem & { key: string })[] {
    const orgs = new Set(orgsOf(account));
    const plans = new Set(
      [...ws.plans.values()].filter((p) => !p.closed && p.committeeOrgIds.some((o) => orgs.has(o))).map((p) => p._id),
    );
    const waiting = ws.reports.filter((r) => r.status === 'submitted' && plans.has(r.planId)).length;
    const questions = ws.pendingQuestions.filter((q) => plans.has(q.planId)).length;
    if (!waiting && !questions) return [];
    return [{ kind: 'weeklyDigest', key: `weeklyDigest:${isoWeek(this.now())}`, waiting, questions }];
  }

  /**
   * One mail a round with every reminder the person has not had yet (a first start can find many
   * key actions overdue: one mail, not thirty); each reminder is then marked, so it never comes again.
   */
  private async send(account: Account, items: (ReminderItem & { key: string })[], site: SiteInfo): Promise<number> {
    if (!items.length) return 0;
    const person = await personMailOf(this.personal, account.name);
    if (!person.email) return 0;
    const chosen = items.filter((item) => person.reminders[item.kind]);
    if (!chosen.length) return 0;
    const markers = chosen.map((item) => markerIdOf(account.name, item.key));
    const stored = await this.personal.fetch({ keys: markers });
    const fresh = chosen.filter((_, i) => !(stored.rows[i] as { doc?: unknown } | undefined)?.doc);
    if (!fresh.length) return 0;
    const keys = fresh.map((item) => item.key).sort();
    // One click (RFC 8058) turns off the kinds this mail carries, for this person.
    const kinds = [...new Set(fresh.map((item) => item.kind))].sort();
    const stop = reminderStopUrl(site.publicUrl, await reminderStopToken(this.personal, account.name), kinds);
    await enqueueMail(
      this.personal,
      {
        key: `reminders:${account.name}:${createHash('sha256').update(keys.join('\n')).digest('hex')}`,
        to: person.email,
        lang: site.language,
        owner: person._id,
        ...remindersMail(site.language, site.name ?? 'Tablero', { app: `${site.publicUrl}/app/`, stop }, fresh),
        headers: unsubscribeHeaders(stop),
      },
      this.now(),
    );
    // Marked once queued: a crash before this queues the same mail (the same key) again, which is nothing.
    await this.personal.bulk({
      docs: fresh.map((item) => ({
        _id: markerIdOf(account.name, item.key),
        type: 'reminded',
        at: this.now(),
      })) as never[],
    });
    return fresh.length;
  }
}
