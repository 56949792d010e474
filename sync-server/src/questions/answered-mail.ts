import type { PublicQuestion } from '../../../shared/src/public.js';

export type AskerLang = 'es' | 'en';

export const askerLang = (value: unknown): AskerLang => (value === 'en' ? 'en' : 'es');

/**
 * The mail telling an asker their question was answered: plain text only (the question and the
 * answers are the public's and the organisations' own words, never markup), with the link to
 * where they are public. Nothing invites a reply: the address is deleted once this is queued.
 */
export function answeredMail(
  question: PublicQuestion,
  lang: AskerLang,
  link: string,
  orgName: (id: string) => string,
): { subject: string; text: string; lang: AskerLang } {
  const answers = question.answers.map((a) => `${orgName(a.orgId)}:\n${a.text}`).join('\n\n');
  if (lang === 'en')
    return {
      lang,
      subject: 'Your question has been answered',
      text: `You asked:\n${question.text}\n\n${answers}\n\nThe question and its answers are public at ${link}\n\nYour e-mail address has now been deleted; you will receive nothing more about this question.\n`,
    };
  return {
    lang,
    subject: 'Su pregunta recibió respuesta',
    text: `Usted preguntó:\n${question.text}\n\n${answers}\n\nLa pregunta y sus respuestas son públicas en ${link}\n\nSu dirección de correo ya fue borrada; no recibirá nada más sobre esta pregunta.\n`,
  };
}
