import type { SiteResponse } from '../../../shared/src/api-types';
import { DEFAULT_REMINDER_DAYS } from '../../../shared/src/deadlines';

const KEY = 'tablero.reminderDays';

/**
 * The server's TABLERO_REMINDER_DAYS, as `/api/site` gave it last: the inbox names the key actions
 * due within as many days as the reminders by mail do, offline too.
 */
export function rememberReminderDays(site: Partial<SiteResponse>): void {
  if (Number.isInteger(site.reminderDays) && (site.reminderDays ?? 0) > 0)
    localStorage.setItem(KEY, String(site.reminderDays));
}

export function reminderDays(): number {
  const days = Number(localStorage.getItem(KEY));
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_REMINDER_DAYS;
}
