import { answerProblem } from '../../../../shared/src/rules/cross-document';
import type { Answer, Commitment, Question } from '../../../../shared/src/types';
import type { CommandContext, Refusal } from '../command-context';
import { asDoc, creationTime, type Local, now } from '../local-docs';
import { plainRefusal, saveTogether } from './save';

/**
 * The committee publishes a question from the public or rejects it with a reason only the committee
 * reads. Signed with the member's name and organisation; the server stamps when it became public.
 */
export function moderateQuestion(
  ctx: CommandContext,
  question: Local<Question>,
  decision: 'published' | 'rejected',
  reason = '',
): Promise<Refusal> {
  const { rejectionReason: _earlier, ...base } = asDoc(question);
  return saveTogether(ctx, [
    {
      ...base,
      status: decision,
      moderatedBy: ctx.user.name,
      moderatedByOrgId: ctx.org as string,
      moderatedAt: now(),
      ...(decision === 'rejected' ? { rejectionReason: reason.trim() } : {}),
    },
  ]);
}

/** One answer per organisation and question: answering again rewrites the organisation's answer. */
export const answerIdOf = (questionId: string, orgId: string) =>
  `answer:${questionId.slice('question:'.length)}.${orgId.slice('org:'.length)}`.slice(0, 87);

/**
 * The organisation's public answer to a published question, saved on the device first (it goes
 * when there is a connection, like a report). Only the commitment's responsible and co-responsible
 * organisations answer: checked here with the server's own rule, so the refusal comes at once.
 */
export async function answerQuestion(
  ctx: CommandContext,
  question: Local<Question>,
  commitment: Local<Commitment>,
  text: string,
  earlier?: Local<Answer>,
): Promise<Refusal> {
  const answer: Answer = {
    _id: answerIdOf(question.id, ctx.org ?? ''),
    type: 'answer',
    planId: question.planId,
    commitmentId: question.commitmentId,
    questionId: question.id,
    orgId: ctx.org as string,
    text: text.trim(),
    createdBy: earlier?.createdBy ?? ctx.user.name,
    createdAt: creationTime(earlier),
    ...(earlier ? { updatedAt: now() } : {}),
  };
  const problem = answerProblem(answer, asDoc(question), asDoc(commitment));
  if (problem) return plainRefusal(problem, ctx.lang());
  return saveTogether(ctx, [answer]);
}
