/*
 * What the public may send as a question, checked the same way by the dashboard's form and by
 * the server (which alone decides): plain text of bounded size with few links, an optional name,
 * an optional e-mail address to be told of the answer.
 */
import { QUESTION_NAME_MAX, QUESTION_TEXT_MAX } from './schemas/index.js';

/** More links than this in a question is how spam looks; a citizen's question rarely needs more. */
export const QUESTION_MAX_LINKS = 2;
/** The longest e-mail address SMTP carries. */
export const EMAIL_MAX = 254;

export interface AskedQuestion {
  text: string;
  name?: string;
  email?: string;
}

export interface AskProblem {
  field: 'text' | 'name' | 'email';
  reason: string;
  reasonEs: string;
}

const LINK = /(?:https?:\/\/|www\.)\S+/gi;
/** Control characters other than tab and line breaks: never part of a question as typed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/**
 * The question as it will be stored (trimmed; empty optional fields left out), or the first
 * problem with it. `isEmail` is the e-mail check (the server's library; the form's browser check).
 */
export function checkQuestion(
  body: unknown,
  isEmail: (value: string) => boolean,
): { question: AskedQuestion } | { problem: AskProblem } {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const problem = (field: AskProblem['field'], reason: string, reasonEs: string) => ({
    problem: { field, reason: `${field}: ${reason}`, reasonEs: `${field}: ${reasonEs}` },
  });
  if (typeof input.text !== 'string' || input.text.trim() === '')
    return problem('text', 'write the question or comment.', 'escriba la pregunta o el comentario.');
  const text = input.text.trim();
  if (text.length > QUESTION_TEXT_MAX)
    return problem(
      'text',
      `must have at most ${QUESTION_TEXT_MAX} characters (it has ${text.length}).`,
      `debe tener como máximo ${QUESTION_TEXT_MAX} caracteres (tiene ${text.length}).`,
    );
  if (CONTROL.test(text)) return problem('text', 'must be plain text.', 'debe ser texto simple.');
  if (countLinks(text) > QUESTION_MAX_LINKS)
    return problem(
      'text',
      `may contain at most ${QUESTION_MAX_LINKS} links.`,
      `puede contener como máximo ${QUESTION_MAX_LINKS} enlaces.`,
    );
  const question: AskedQuestion = { text };
  for (const field of ['name', 'email'] as const) {
    const value = input[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') return problem(field, 'must be text.', 'debe ser texto.');
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const max = field === 'name' ? QUESTION_NAME_MAX : EMAIL_MAX;
    if (trimmed.length > max)
      return problem(field, `must have at most ${max} characters.`, `debe tener como máximo ${max} caracteres.`);
    if (field === 'name' && (CONTROL.test(trimmed) || countLinks(trimmed) > 0))
      return problem('name', 'must be a name, without links.', 'debe ser un nombre, sin enlaces.');
    if (field === 'email' && !isEmail(trimmed))
      return problem(
        'email',
        `"${trimmed.slice(0, 60)}" is not an e-mail address.`,
        `«${trimmed.slice(0, 60)}» no es una dirección de correo.`,
      );
    question[field] = trimmed;
  }
  return { question };
}
