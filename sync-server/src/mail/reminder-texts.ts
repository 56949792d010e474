import type { Lang } from './follow-texts.js';
import type { ReminderKind } from './people.js';

/** One reminder's facts: a key action or report by title and date, or the committee's counts. */
export interface ReminderItem {
  kind: ReminderKind;
  title?: string;
  date?: string;
  /** Days left to the end date; negative once past it. */
  days?: number;
  waiting?: number;
  questions?: number;
}

const SETTINGS: Record<Lang, string> = {
  es: 'Puede elegir qué recordatorios recibe en la aplicación, en «Avisos por correo».',
  en: 'You can choose which reminders you get in the app, under “E-mail reminders”.',
};

const STOP_LINE: Record<Lang, (url: string) => string> = {
  es: (url) => `Para dejar de recibir recordatorios como estos: ${url}`,
  en: (url) => `To stop reminders like these: ${url}`,
};

/** Each kind of reminder as the stop page names it (the app's mail settings say the same). */
export const KIND_NAMES: Record<Lang, Record<ReminderKind, string>> = {
  es: {
    deadlineSoon: 'una acción clave de su organización está por vencer sin reporte',
    overdue: 'una acción clave de su organización venció sin reporte',
    returned: 'el comité devolvió un reporte de su organización',
    weeklyDigest: 'el resumen semanal de lo que espera revisión del comité',
  },
  en: {
    deadlineSoon: 'a key action of your organisation is about to end with no report',
    overdue: 'a key action of your organisation ended with no report',
    returned: 'the committee returned a report of your organisation',
    weeklyDigest: 'the weekly digest of what waits for the committee’s review',
  },
};

/** The page a reminder mail's stop link opens. */
export const STOP_PAGE: Record<
  Lang,
  { title: string; body: (kinds: string) => string; button: string; done: (kinds: string) => string }
> = {
  es: {
    title: 'Dejar de recibir recordatorios',
    body: (kinds) => `Pulse el botón para dejar de recibir por correo los recordatorios de que ${kinds}.`,
    button: 'Dejar de recibirlos',
    done: (kinds) =>
      `Listo: ya no recibirá los recordatorios de que ${kinds}. Puede volver a elegirlos en la aplicación, en «Avisos por correo».`,
  },
  en: {
    title: 'Stop receiving reminders',
    body: (kinds) => `Press the button to stop the e-mail reminders that ${kinds}.`,
    button: 'Stop them',
    done: (kinds) =>
      `Done: you will no longer get the reminders that ${kinds}. You can choose them again in the app, under “E-mail reminders”.`,
  },
};

type Words = { subject: string; body: string };

function english(item: ReminderItem): Words {
  const { title = '', date = '', days = 0, waiting = 0, questions = 0 } = item;
  switch (item.kind) {
    case 'deadlineSoon':
      return {
        subject: `Due in ${days} day${days === 1 ? '' : 's'}: ${title}`,
        body: `The key action “${title}” ends on ${date} and your organisation has not reported on it yet.`,
      };
    case 'overdue':
      return {
        subject: `Overdue: ${title}`,
        body: `The key action “${title}” ended on ${date} and your organisation has not reported on it.`,
      };
    case 'returned':
      return {
        subject: `Report returned: ${title}`,
        body: `The committee returned your organisation's report of ${date} on “${title}”. Its observations are in the app.`,
      };
    case 'weeklyDigest':
      return {
        subject: `Waiting for the committee: ${waiting} report${waiting === 1 ? '' : 's'}, ${questions} question${questions === 1 ? '' : 's'}`,
        body: `${waiting} report${waiting === 1 ? '' : 's'} wait for review and ${questions} question${questions === 1 ? '' : 's'} wait for moderation.`,
      };
  }
}

function spanish(item: ReminderItem): Words {
  const { title = '', date = '', days = 0, waiting = 0, questions = 0 } = item;
  switch (item.kind) {
    case 'deadlineSoon':
      return {
        subject: `Vence en ${days} día${days === 1 ? '' : 's'}: ${title}`,
        body: `La acción clave «${title}» termina el ${date} y su organización aún no ha reportado su avance.`,
      };
    case 'overdue':
      return {
        subject: `Vencida: ${title}`,
        body: `La acción clave «${title}» terminó el ${date} y su organización no ha reportado su avance.`,
      };
    case 'returned':
      return {
        subject: `Reporte devuelto: ${title}`,
        body: `El comité devolvió el reporte de su organización del ${date} sobre «${title}». Sus observaciones están en la aplicación.`,
      };
    case 'weeklyDigest':
      return {
        subject: `Pendiente del comité: ${waiting} reporte${waiting === 1 ? '' : 's'}, ${questions} pregunta${questions === 1 ? '' : 's'}`,
        body: `${waiting} reporte${waiting === 1 ? '' : 's'} esperan revisión y ${questions} pregunta${questions === 1 ? '' : 's'} esperan moderación.`,
      };
  }
}

/** The reminders of one round as one plain-text mail, linking the app and the page that stops their kinds. */
export function remindersMail(
  lang: Lang,
  site: string,
  links: { app: string; stop: string },
  items: readonly ReminderItem[],
) {
  const words = items.map((item) => (lang === 'en' ? english(item) : spanish(item)));
  const [only] = words;
  const subject =
    words.length === 1 && only
      ? only.subject
      : lang === 'en'
        ? `${site}: ${words.length} reminders`
        : `${site}: ${words.length} recordatorios`;
  const body = words.length === 1 ? (only?.body ?? '') : words.map((w) => `- ${w.body}`).join('\n');
  return {
    subject: subject.slice(0, 200),
    text: `${body}\n\n${links.app}\n\n-- \n${site}\n${SETTINGS[lang]}\n${STOP_LINE[lang](links.stop)}\n`,
  };
}
