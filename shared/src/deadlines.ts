/** How many days before a key action's end date its reporters are reminded, unless the server says otherwise. */
export const DEFAULT_REMINDER_DAYS = 7;

const DAY_MS = 86_400_000;

export interface DeadlineKeyAction {
  planId: string;
  endDate: string;
  responsibleOrgIds: readonly string[];
}

export interface DeadlineReport {
  keyActionId: string;
  orgId: string;
  status: string;
}

export interface Deadline<K> {
  keyAction: K;
  kind: 'deadlineSoon' | 'overdue';
  /** Days from today to the end date; negative once past it. */
  daysLeft: number;
}

/**
 * The key actions of these organisations that end within `daysBefore` days, or ended, with no
 * report of theirs that counts (a draft or a withdrawn one does not), outside closed plans: what
 * a reporter is reminded of by mail (mail/reminders.ts) and shown in the app's inbox.
 */
export function keyActionsDue<K extends DeadlineKeyAction & { _id?: string; id?: string }>(
  keyActions: readonly K[],
  reports: readonly DeadlineReport[],
  orgs: ReadonlySet<string>,
  today: string,
  { daysBefore = DEFAULT_REMINDER_DAYS, closedPlans = new Set<string>() } = {},
): Deadline<K>[] {
  const reported = new Set(
    reports.filter((r) => r.status !== 'draft' && r.status !== 'withdrawn').map((r) => `${r.keyActionId}\n${r.orgId}`),
  );
  const due: Deadline<K>[] = [];
  for (const keyAction of keyActions) {
    const id = keyAction._id ?? keyAction.id ?? '';
    if (closedPlans.has(keyAction.planId)) continue;
    const mine = keyAction.responsibleOrgIds.filter((org) => orgs.has(org));
    if (!mine.length || mine.some((org) => reported.has(`${id}\n${org}`))) continue;
    const daysLeft = Math.round((Date.parse(keyAction.endDate.slice(0, 10)) - Date.parse(today.slice(0, 10))) / DAY_MS);
    if (daysLeft < 0) due.push({ keyAction, kind: 'overdue', daysLeft });
    else if (daysLeft <= daysBefore) due.push({ keyAction, kind: 'deadlineSoon', daysLeft });
  }
  return due;
}
