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

/** A document as stored, read only for the fields the rule names. */
type AnswerFacts = { [field: string]: unknown };

/**
 * Why `answer` may not answer: only a published question is answered, on its own commitment, and
 * only by an organisation that commitment names as responsible or co-responsible.
 */
export function answerProblem(
  answer: AnswerFacts,
  question: AnswerFacts | null,
  commitment: AnswerFacts | null,
): Problem | null {
  const id = String(answer.questionId);
  if (question?.type !== 'question' || question.status !== 'published')
    return {
      code: 'bad-question',
      field: 'questionId',
      reason: `questionId: ${id} is not a published question.`,
      reasonEs: `questionId: ${id} no es una pregunta publicada.`,
    };
  if (question.commitmentId !== answer.commitmentId)
    return {
      code: 'bad-question',
      field: 'commitmentId',
      reason: `commitmentId: the question ${id} is about ${String(question.commitmentId)}.`,
      reasonEs: `commitmentId: la pregunta ${id} trata de ${String(question.commitmentId)}.`,
    };
  const answering = [commitment?.responsibleOrgIds, commitment?.coResponsibleOrgIds].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  if (commitment?.type !== 'commitment' || !answering.includes(answer.orgId))
    return {
      code: 'not-responsible',
      field: 'orgId',
      reason: `orgId: ${String(answer.orgId)} is not responsible for ${String(answer.commitmentId)}; its responsible and co-responsible organisations answer.`,
      reasonEs: `orgId: ${String(answer.orgId)} no es responsable de ${String(answer.commitmentId)}; responden sus organizaciones responsables y corresponsables.`,
    };
  return null;
}
