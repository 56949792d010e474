import type { es as appEs } from './messages';

/** The text of the public's questions in the app (moderation and answers); the app's other text is in `messages.ts`. */
const es = {
  questions: 'Preguntas del público',
  toModerate: (n: number) =>
    n === 1 ? '1 pregunta del público por moderar' : `${n} preguntas del público por moderar`,
  toAnswer: (n: number) =>
    n === 1 ? '1 pregunta del público por responder' : `${n} preguntas del público por responder`,
  moderateTitle: 'Por moderar',
  moderateHelp:
    'Publique las preguntas que cumplen las reglas del sitio; rechace las demás con un motivo. El motivo lo lee solo el comité. Nunca se muestra la dirección de correo de quien pregunta.',
  answerTitle: 'Por responder',
  answerHelp:
    'Su respuesta será pública junto a la pregunta, con el nombre de su organización y la fecha. Cuánto tarda en responder también es público.',
  answeredTitle: 'Respondidas',
  noQuestions: 'No hay preguntas del público esperando.',
  askedBy: (name: string | undefined) => (name ? `Pregunta de ${name}` : 'Pregunta anónima'),
  receivedOn: (day: string) => `recibida el ${day}`,
  onCommitment: 'Compromiso',
  publish: 'Publicar',
  reject: 'Rechazar',
  rejectionReason: 'Motivo del rechazo (solo para el comité)',
  rejectionNeeded: 'Escriba el motivo del rechazo.',
  published: 'Publicada.',
  rejected: 'Rechazada.',
  yourAnswer: 'Respuesta de su organización',
  sendAnswer: 'Guardar la respuesta',
  answerSaved: 'Respuesta guardada. Se enviará al servidor en cuanto haya conexión.',
  answerNeeded: 'Escriba la respuesta.',
  answeredBy: (org: string) => `Respuesta de ${org}`,
};

const en: typeof es = {
  questions: 'Questions from the public',
  toModerate: (n: number) =>
    n === 1 ? '1 question from the public to moderate' : `${n} questions from the public to moderate`,
  toAnswer: (n: number) =>
    n === 1 ? '1 question from the public to answer' : `${n} questions from the public to answer`,
  moderateTitle: 'To moderate',
  moderateHelp:
    'Publish the questions that keep to the site’s rules; reject the others with a reason. Only the committee reads the reason. The asker’s e-mail address is never shown.',
  answerTitle: 'To answer',
  answerHelp:
    'Your answer will be public beside the question, with your organisation’s name and the date. How long you take to answer is public too.',
  answeredTitle: 'Answered',
  noQuestions: 'No questions from the public are waiting.',
  askedBy: (name: string | undefined) => (name ? `Question from ${name}` : 'Anonymous question'),
  receivedOn: (day: string) => `received on ${day}`,
  onCommitment: 'Commitment',
  publish: 'Publish',
  reject: 'Reject',
  rejectionReason: 'Reason for rejecting (for the committee only)',
  rejectionNeeded: 'Write the reason for rejecting it.',
  published: 'Published.',
  rejected: 'Rejected.',
  yourAnswer: 'Your organisation’s answer',
  sendAnswer: 'Save the answer',
  answerSaved: 'Answer saved. It will be sent to the server as soon as there is a connection.',
  answerNeeded: 'Write the answer.',
  answeredBy: (org: string) => `Answer from ${org}`,
};

export function questionText(t: typeof appEs): typeof es {
  return t.lang === 'en' ? en : es;
}
