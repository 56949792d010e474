import { type Deadline, keyActionsDue } from '../../../../shared/src/deadlines';
import type { KeyAction } from '../../../../shared/src/types';
import { day } from '../dates';
import { deadlineText } from '../deadline-messages';
import { type Local, today } from '../local-docs';
import type { es } from '../messages';
import { allKeyActions, allPlans } from '../queries/plans';
import { reportsOfOrg } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import { reminderDays } from '../reminder-days';
import type { Workspace } from '../workspace';

/**
 * The key actions of the person's organisation that end within the server's reminder days
 * (TABLERO_REMINDER_DAYS, 7 unless set), or ended, with no report:
 * what the reminders by mail are about (shared/src/deadlines.ts), from the device, offline too.
 */
export function useDeadlines(workspace: Workspace): Deadline<Local<KeyAction>>[] | null {
  const org = workspace.myOrg() ?? '';
  const keyActions = useQuery(workspace.local, allKeyActions());
  const reports = useQuery(workspace.local, reportsOfOrg(org));
  const plans = useQuery(workspace.local, allPlans());
  if (!keyActions || !reports || !plans) return null;
  if (!org) return [];
  const closedPlans = new Set(plans.filter((p) => p.closed).map((p) => p.id));
  return keyActionsDue(keyActions, reports, new Set([org]), today(), { closedPlans, daysBefore: reminderDays() }).sort(
    (a, b) => a.daysLeft - b.daysLeft,
  );
}

/** The inbox's lines of them, each linking its key action. */
export function DeadlineLines({ due, t }: { due: Deadline<Local<KeyAction>>[] | null; t: typeof es }) {
  if (!due?.length) return null;
  const m = deadlineText(t);
  return (
    <>
      <h2>{m.dueTitle}</h2>
      <ul className="plain" data-testid="inbox-deadlines">
        {due.map(({ keyAction, kind, daysLeft }) => (
          <li key={keyAction.id}>
            <a href={`#/keyAction/${encodeURIComponent(keyAction.id)}`}>
              {kind === 'overdue'
                ? m.overdue(keyAction.title, day(t.lang, keyAction.endDate))
                : m.dueSoon(keyAction.title, day(t.lang, keyAction.endDate), daysLeft)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
