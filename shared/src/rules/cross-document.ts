/*
 * Rules that need more than the document written: the gateway applies them before a write is
 * stored, and the progress arithmetic (used by the publisher and the app) ignores what breaks them,
 * so a document written before a rule existed cannot change public figures either.
 */
import type { Problem } from './permissions.js';

interface CorrectionFacts {
  _id?: string;
  type?: unknown;
  status?: unknown;
  orgId?: unknown;
  keyActionId?: unknown;
}

/**
 * Why `report` may not correct `target`, or null when it may: only a published report of the same
 * organisation on the same key action is corrected.
 */
export function correctionProblem(
  report: CorrectionFacts & { corrects?: unknown },
  target: CorrectionFacts | null,
): Problem | null {
  if (report.corrects === undefined) return null;
  const id = String(report.corrects);
  if (target?.type !== 'progressReport' || target.status !== 'published')
    return {
      code: 'bad-correction',
      field: 'corrects',
      reason: `corrects: ${id} is not a published progress report.`,
      reasonEs: `corrects: ${id} no es un reporte de avance publicado.`,
    };
  if (target.orgId !== report.orgId)
    return {
      code: 'bad-correction',
      field: 'corrects',
      reason: `corrects: ${id} was reported by ${String(target.orgId)}; an organisation corrects only its own reports.`,
      reasonEs: `corrects: ${id} lo reportó ${String(target.orgId)}; cada organización corrige solo sus propios reportes.`,
    };
  if (target.keyActionId !== report.keyActionId)
    return {
      code: 'bad-correction',
      field: 'corrects',
      reason: `corrects: ${id} is about another key action (${String(target.keyActionId)}).`,
      reasonEs: `corrects: ${id} trata de otra acción clave (${String(target.keyActionId)}).`,
    };
  return null;
}

/** A field of a document as stored (any shape: the rule reads only the fields it names). */
const fieldOf = (doc: object | null, name: string): unknown =>
  doc ? (doc as Record<string, unknown>)[name] : undefined;

/**
 * Why `answer` may not answer: only a published question is answered, on its own commitment, and
 * only by an organisation that commitment names as responsible or co-responsible.
 */
export function answerProblem(answer: object, question: object | null, commitment: object | null): Problem | null {
  const id = String(fieldOf(answer, 'questionId'));
  if (fieldOf(question, 'type') !== 'question' || fieldOf(question, 'status') !== 'published')
    return {
      code: 'bad-question',
      field: 'questionId',
      reason: `questionId: ${id} is not a published question.`,
      reasonEs: `questionId: ${id} no es una pregunta publicada.`,
    };
  const about = fieldOf(question, 'commitmentId');
  if (about !== fieldOf(answer, 'commitmentId'))
    return {
      code: 'bad-question',
      field: 'commitmentId',
      reason: `commitmentId: the question ${id} is about ${String(about)}.`,
      reasonEs: `commitmentId: la pregunta ${id} trata de ${String(about)}.`,
    };
  const org = fieldOf(answer, 'orgId');
  const answering = ['responsibleOrgIds', 'coResponsibleOrgIds'].flatMap((name) => {
    const list = fieldOf(commitment, name);
    return Array.isArray(list) ? list : [];
  });
  if (fieldOf(commitment, 'type') !== 'commitment' || !answering.includes(org))
    return {
      code: 'not-responsible',
      field: 'orgId',
      reason: `orgId: ${String(org)} is not responsible for ${String(about)}; its responsible and co-responsible organisations answer.`,
      reasonEs: `orgId: ${String(org)} no es responsable de ${String(about)}; responden sus organizaciones responsables y corresponsables.`,
    };
  return null;
}
