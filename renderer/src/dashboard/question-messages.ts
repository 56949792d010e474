import type { Lang } from '../i18n/messages';

/** The dashboard's text for the public's questions; the dashboard's other text is in `i18n/messages.ts`. */
const es = {
  questions: 'Preguntas del público',
  questionsIntro:
    'Cualquier persona puede preguntar o comentar. El comité del plan revisa cada pregunta antes de publicarla; las instituciones y organizaciones responsables responden aquí, en público.',
  afterModeration:
    'En este plan las preguntas aparecen en cuanto llegan; el comité retira las que no cumplen las reglas.',
  noQuestions: 'Todavía no hay preguntas publicadas.',
  anonymous: 'Pregunta anónima',
  askedBy: (name: string) => `Pregunta de ${name}`,
  onReport: (day: string) => `sobre el reporte del ${day}`,
  publishedOn: (day: string) => `publicada el ${day}`,
  answeredBy: (org: string, day: string) => `Respuesta de ${org}, ${day}`,
  waiting: (orgs: string, days: number) =>
    days === 0
      ? `Sin respuesta de ${orgs} todavía (publicada hoy)`
      : days === 1
        ? `Sin respuesta de ${orgs} desde hace 1 día`
        : `Sin respuesta de ${orgs} desde hace ${days} días`,
  record: 'Registro de respuestas',
  recordIntro: 'Cuántas preguntas publicadas recibió cada responsable, cuántas respondió y en cuánto tiempo.',
  organization: 'Organización',
  whole: 'En total',
  received: 'Recibidas',
  answered: 'Respondidas',
  medianDays: 'Mediana de días para responder',
  oldestUnanswered: 'Sin respuesta desde',
  none: '—',
  days: (n: number) => `${n.toLocaleString('es-MX')} ${n === 1 ? 'día' : 'días'}`,
  ask: 'Haga una pregunta o un comentario',
  askAboutReport: 'Preguntar sobre este reporte',
  text: 'Su pregunta o comentario',
  textHelp: (max: number, links: number) =>
    `Texto simple, hasta ${max} caracteres y ${links} enlaces. Se publica tal como lo escriba, si el comité lo aprueba.`,
  remaining: (n: number) => `Quedan ${n} caracteres`,
  name: 'Su nombre (opcional, será público)',
  email: 'Su correo (opcional, nunca público)',
  emailHelp:
    'Solo para avisarle cuando haya respuesta. Se guarda en el servidor, nunca se publica y se borra en cuanto se le avisa.',
  honeypot: 'No escriba nada aquí',
  send: 'Enviar',
  sending: 'Enviando…',
  sent: 'Gracias. Su pregunta quedó en espera: aparecerá aquí cuando el comité la publique.',
  sentPublished: 'Gracias. Su pregunta ya es pública; aparecerá aquí en unos momentos.',
  forgetEmail: 'Borrar mi correo ahora',
  emailForgotten: 'Su dirección de correo fue borrada.',
  tooMany: 'Se han enviado muchas preguntas en poco tiempo. Intente de nuevo más tarde.',
  failed: 'No se pudo enviar. Revise su conexión e intente de nuevo.',
};

const en: typeof es = {
  questions: 'Questions from the public',
  questionsIntro:
    'Anyone may ask a question or leave a comment. The plan’s committee reviews each before it is published; the responsible institutions and organisations answer here, in public.',
  afterModeration:
    'In this plan questions appear as soon as they arrive; the committee removes those that break the rules.',
  noQuestions: 'No questions have been published yet.',
  anonymous: 'Anonymous question',
  askedBy: (name: string) => `Question from ${name}`,
  onReport: (day: string) => `about the report of ${day}`,
  publishedOn: (day: string) => `published on ${day}`,
  answeredBy: (org: string, day: string) => `Answer from ${org}, ${day}`,
  waiting: (orgs: string, days: number) =>
    days === 0
      ? `No answer from ${orgs} yet (published today)`
      : days === 1
        ? `No answer from ${orgs} for 1 day`
        : `No answer from ${orgs} for ${days} days`,
  record: 'Answer record',
  recordIntro:
    'How many published questions each responsible organisation received, how many it answered, and how fast.',
  organization: 'Organisation',
  whole: 'Overall',
  received: 'Received',
  answered: 'Answered',
  medianDays: 'Median days to answer',
  oldestUnanswered: 'Unanswered since',
  none: '—',
  days: (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'day' : 'days'}`,
  ask: 'Ask a question or leave a comment',
  askAboutReport: 'Ask about this report',
  text: 'Your question or comment',
  textHelp: (max: number, links: number) =>
    `Plain text, up to ${max} characters and ${links} links. It is published as you write it, if the committee approves it.`,
  remaining: (n: number) => `${n} characters left`,
  name: 'Your name (optional, will be public)',
  email: 'Your e-mail (optional, never public)',
  emailHelp:
    'Only to tell you when there is an answer. Kept on the server, never published, and deleted as soon as you are told.',
  honeypot: 'Leave this empty',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Thank you. Your question is waiting: it will appear here once the committee publishes it.',
  sentPublished: 'Thank you. Your question is public; it will appear here in a moment.',
  forgetEmail: 'Delete my e-mail now',
  emailForgotten: 'Your e-mail address was deleted.',
  tooMany: 'Many questions were sent in a short time. Please try again later.',
  failed: 'It could not be sent. Check your connection and try again.',
};

export const questionMessages = (lang: Lang): typeof es => (lang === 'en' ? en : es);
