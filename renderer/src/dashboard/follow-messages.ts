import type { Lang } from '../i18n/messages';

/** The dashboard's text for following a commitment by e-mail; the dashboard's other text is in `i18n/messages.ts`. */
const es = {
  title: 'Seguir este compromiso por correo',
  intro:
    'Reciba un aviso con cada reporte, valoración, observación, reunión o respuesta que se publique aquí. Primero le llega un enlace para confirmar; cada aviso trae un enlace para dejar de recibirlos. Su dirección no se publica.',
  email: 'Su correo',
  how: 'Recibir',
  immediate: 'un aviso por cada novedad',
  daily: 'un resumen al día',
  send: 'Seguir',
  sending: 'Enviando…',
  sent: 'Si la dirección puede recibir correo, va en camino un enlace de confirmación.',
  badEmail: 'Escriba una sola dirección de correo, como nombre@ejemplo.org.',
  tooMany: 'Se enviaron muchas solicitudes en poco tiempo. Intente más tarde.',
  failed: 'No se pudo enviar. Revise su conexión e intente de nuevo.',
};

const en: typeof es = {
  title: 'Follow this commitment by e-mail',
  intro:
    'Get a notice for each report, assessment, observation, meeting or answer published here. A link to confirm comes first; each notice has a link to stop them. Your address is never published.',
  email: 'Your e-mail',
  how: 'Receive',
  immediate: 'a notice for each piece of news',
  daily: 'one summary a day',
  send: 'Follow',
  sending: 'Sending…',
  sent: 'If the address can receive mail, a confirmation link is on its way.',
  badEmail: 'Write one e-mail address, such as name@example.org.',
  tooMany: 'Many requests were sent in a short time. Please try again later.',
  failed: 'It could not be sent. Check your connection and try again.',
};

export const followMessages = (lang: Lang): typeof es => (lang === 'en' ? en : es);
