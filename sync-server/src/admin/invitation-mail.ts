import type { MailToSend } from '../mail/queue.js';

/** The mail that carries an invitation's link, in the site's language. */
export function invitationMail(
  lang: 'es' | 'en',
  p: { key: string; to: string; site: string; name: string; link: string; expiresAt: string },
): MailToSend {
  const day = p.expiresAt.slice(0, 10);
  const text =
    lang === 'es'
      ? `Le invitaron a ${p.site}. Su usuario será «${p.name}».\n\nElija su contraseña en este enlace, que sirve una sola vez, hasta el ${day}:\n${p.link}\n\nSi no esperaba esta invitación, ignore este correo.`
      : `You have been invited to ${p.site}. Your user name will be "${p.name}".\n\nChoose your password at this link, which works once, until ${day}:\n${p.link}\n\nIf you did not expect this invitation, ignore this mail.`;
  return {
    key: p.key,
    to: p.to,
    subject: lang === 'es' ? `Invitación a ${p.site}` : `Invitation to ${p.site}`,
    text,
    lang,
  };
}
