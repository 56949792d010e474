import type { es as appEs } from './messages';

/** The text of the inbox's key actions due or overdue with no report; the app's other text is in `messages.ts`. */
const es = {
  dueTitle: 'Acciones clave por reportar',
  overdue: (title: string, date: string) => `${title}: venció el ${date} sin reporte de su organización`,
  dueSoon: (title: string, date: string, days: number) =>
    days === 0
      ? `${title}: vence hoy, ${date}, sin reporte de su organización`
      : `${title}: vence el ${date} (en ${days} día${days === 1 ? '' : 's'}) sin reporte de su organización`,
};

const en: typeof es = {
  dueTitle: 'Key actions to report on',
  overdue: (title: string, date: string) => `${title}: ended on ${date} with no report from your organisation`,
  dueSoon: (title: string, date: string, days: number) =>
    days === 0
      ? `${title}: ends today, ${date}, with no report from your organisation`
      : `${title}: ends on ${date} (in ${days} day${days === 1 ? '' : 's'}) with no report from your organisation`,
};

export function deadlineText(t: typeof appEs): typeof es {
  return t.lang === 'en' ? en : es;
}
