import type { FollowKind } from './follows.js';

/**
 * The words of the follow mails and pages, in Spanish (the default) and English. Plain text mails
 * only: no images, no tracking pixels, links as they are (never rewritten through a counter).
 */
export type Lang = 'es' | 'en';

/** What happened on a followed commitment, as a mail names it. */
export type EventKind = 'report' | 'assessment' | 'observation' | 'meeting' | 'answer';

const EVENT: Record<Lang, Record<EventKind, string>> = {
  es: {
    report: 'Nuevo reporte de avance',
    assessment: 'Nueva valoración',
    observation: 'Nueva observación del comité',
    meeting: 'Nueva reunión de revisión',
    answer: 'Pregunta respondida',
  },
  en: {
    report: 'New progress report',
    assessment: 'New assessment',
    observation: "New committee's observation",
    meeting: 'New review meeting',
    answer: 'Question answered',
  },
};

const TARGET: Record<Lang, Record<FollowKind, string>> = {
  es: { commitment: 'el compromiso', plan: 'el plan', organization: 'la organización' },
  en: { commitment: 'the commitment', plan: 'the plan', organization: 'the organisation' },
};

export const eventLabel = (lang: Lang, kind: EventKind) => EVENT[lang][kind];

/** The links at the foot of a follow's mails: choosing how often they come, and stopping them. */
export interface FollowLinks {
  settings: string;
  unsubscribe: string;
}

const FOOT: Record<Lang, (links: FollowLinks) => string> = {
  es: (links) =>
    `Para elegir entre un aviso por novedad y un resumen diario: ${links.settings}\nPara dejar de recibir estos avisos: ${links.unsubscribe}`,
  en: (links) =>
    `To choose between a notice per item and a daily summary: ${links.settings}\nTo stop receiving these notices: ${links.unsubscribe}`,
};

export function confirmMail(lang: Lang, p: { site: string; kind: FollowKind; title: string; confirmUrl: string }) {
  if (lang === 'en')
    return {
      subject: `Confirm that you want to follow ${TARGET.en[p.kind]} “${p.title}”`,
      text: `Someone, probably you, asked ${p.site} to send this address a notice whenever there is news on ${TARGET.en[p.kind]} “${p.title}”.\n\nTo confirm, open this link and press the button:\n${p.confirmUrl}\n\nIf it was not you, do nothing: without confirmation you will receive nothing more.\n`,
    };
  return {
    subject: `Confirme que desea seguir ${TARGET.es[p.kind]} «${p.title}»`,
    text: `Alguien, probablemente usted, pidió a ${p.site} que enviara a esta dirección un aviso cada vez que haya novedades en ${TARGET.es[p.kind]} «${p.title}».\n\nPara confirmarlo, abra este enlace y pulse el botón:\n${p.confirmUrl}\n\nSi no fue usted, no haga nada: sin confirmación no recibirá nada más.\n`,
  };
}

export interface EventLine {
  kind: EventKind;
  commitmentTitle: string;
  commitmentUrl: string;
  date: string;
  summary?: string;
}

const line = (lang: Lang, e: EventLine) =>
  `${eventLabel(lang, e.kind)} (${e.date}) — ${e.commitmentTitle}\n${e.summary ? `${e.summary.slice(0, 500)}\n` : ''}${e.commitmentUrl}\n`;

export function eventMail(lang: Lang, site: string, event: EventLine, links: FollowLinks) {
  return {
    subject: `${eventLabel(lang, event.kind)}: ${event.commitmentTitle}`.slice(0, 200),
    text: `${line(lang, event)}\n-- \n${site}\n${FOOT[lang](links)}\n`,
  };
}

export function digestMail(lang: Lang, site: string, events: readonly EventLine[], links: FollowLinks) {
  const subject =
    lang === 'en'
      ? `${site}: ${events.length} new item${events.length === 1 ? '' : 's'} on what you follow`
      : `${site}: ${events.length} novedad${events.length === 1 ? '' : 'es'} en lo que usted sigue`;
  return {
    subject: subject.slice(0, 200),
    text: `${events.map((e) => line(lang, e)).join('\n')}\n-- \n${site}\n${FOOT[lang](links)}\n`,
  };
}

/** The confirmation and unsubscription pages. */
export const PAGE: Record<
  Lang,
  {
    confirmTitle: string;
    confirmBody: (kind: FollowKind, title: string) => string;
    confirmButton: string;
    confirmed: (kind: FollowKind, title: string) => string;
    unsubscribeTitle: string;
    unsubscribeBody: (kind: FollowKind, title: string) => string;
    unsubscribeButton: string;
    unsubscribed: string;
    invalidTitle: string;
    invalid: string;
    otherLanguage: string;
  }
> = {
  es: {
    confirmTitle: 'Confirmar el seguimiento',
    confirmBody: (kind, title) => `Pulse el botón para recibir avisos por correo sobre ${TARGET.es[kind]} «${title}».`,
    confirmButton: 'Confirmar',
    confirmed: (kind, title) =>
      `Listo: recibirá un aviso por correo con cada novedad de ${TARGET.es[kind]} «${title}». Cada aviso trae un enlace para dejar de recibirlos.`,
    unsubscribeTitle: 'Dejar de recibir avisos',
    unsubscribeBody: (kind, title) =>
      `Pulse el botón para dejar de recibir avisos sobre ${TARGET.es[kind]} «${title}». Su dirección se borrará.`,
    unsubscribeButton: 'Dejar de recibir avisos',
    unsubscribed: 'Ya no recibirá más avisos, y su dirección fue borrada.',
    invalidTitle: 'Enlace no válido',
    invalid: 'Este enlace no es válido o ya se usó. Si ya no sigue nada, no recibirá más avisos.',
    otherLanguage: 'English',
  },
  en: {
    confirmTitle: 'Confirm following',
    confirmBody: (kind, title) => `Press the button to receive notices by e-mail on ${TARGET.en[kind]} “${title}”.`,
    confirmButton: 'Confirm',
    confirmed: (kind, title) =>
      `Done: you will receive a notice by e-mail for each piece of news on ${TARGET.en[kind]} “${title}”. Each notice has a link to stop them.`,
    unsubscribeTitle: 'Stop receiving notices',
    unsubscribeBody: (kind, title) =>
      `Press the button to stop receiving notices on ${TARGET.en[kind]} “${title}”. Your address will be deleted.`,
    unsubscribeButton: 'Stop receiving notices',
    unsubscribed: 'You will receive no more notices, and your address was deleted.',
    invalidTitle: 'Link not valid',
    invalid:
      'This link is not valid or was already used. If you follow nothing any more, you will receive no more notices.',
    otherLanguage: 'Español',
  },
};

/** "07:00 (UTC)": the digest hour as the settings page names it. */
const clock = (hour: number, timeZone: string) => `${String(hour).padStart(2, '0')}:00 (${timeZone})`;

/** The page where a follower chooses between a mail per item and a daily digest. */
export const SETTINGS_PAGE: Record<
  Lang,
  {
    title: string;
    body: (kind: FollowKind, title: string) => string;
    legend: string;
    immediate: string;
    daily: (hour: number, timeZone: string) => string;
    button: string;
    saved: (digest: 'immediate' | 'daily', hour: number, timeZone: string) => string;
    badTitle: string;
    bad: string;
  }
> = {
  es: {
    title: 'Cuándo recibir los avisos',
    body: (kind, title) => `Avisos por correo sobre ${TARGET.es[kind]} «${title}».`,
    legend: 'Recibir',
    immediate: 'un aviso por cada novedad',
    daily: (hour, zone) => `un resumen al día, a las ${clock(hour, zone)}`,
    button: 'Guardar',
    saved: (digest, hour, zone) =>
      digest === 'daily'
        ? `Guardado: recibirá un resumen al día, a las ${clock(hour, zone)}.`
        : 'Guardado: recibirá un aviso por cada novedad.',
    badTitle: 'Elección no válida',
    bad: 'digest: elija «un aviso por cada novedad» (immediate) o «un resumen al día» (daily). Nada cambió.',
  },
  en: {
    title: 'When to receive notices',
    body: (kind, title) => `Notices by e-mail on ${TARGET.en[kind]} “${title}”.`,
    legend: 'Receive',
    immediate: 'a notice for each piece of news',
    daily: (hour, zone) => `one summary a day, at ${clock(hour, zone)}`,
    button: 'Save',
    saved: (digest, hour, zone) =>
      digest === 'daily'
        ? `Saved: you will receive one summary a day, at ${clock(hour, zone)}.`
        : 'Saved: you will receive a notice for each piece of news.',
    badTitle: 'Choice not valid',
    bad: 'digest: choose “a notice for each piece of news” (immediate) or “one summary a day” (daily). Nothing changed.',
  },
};
