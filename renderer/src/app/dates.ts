/*
 * Days as people read them, in the app's language, the way the public dashboard writes them
 * ("10 dic 2019", "10 Dec 2019"): an ISO date is for machines. Dates are calendar days, so they
 * are read in UTC and never move a day with the device's time zone.
 */
const FORMATS = {
  es: new Intl.DateTimeFormat('es-MX', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** A day (`2019-12-10`, or the day of a timestamp) in the person's language. */
export function day(lang: 'es' | 'en', iso: string): string {
  const when = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(when.getTime()) ? iso : FORMATS[lang].format(when);
}
