import { answerRecord } from '../../../shared/src/answer-record.js';
import type { OrganizationAnswerRecord } from '../../../shared/src/api-types.js';
import type { PublicQuestion } from '../../../shared/src/public.js';
import type { PublicIndex } from './public-store.js';

/** Each organisation's record over `questions`, for every organisation asked to answer any of them. */
export function recordsByOrganization(
  questions: readonly PublicQuestion[],
  orgIds?: readonly string[],
): OrganizationAnswerRecord[] {
  const asked = orgIds ?? [...new Set(questions.flatMap((q) => q.answerableOrgIds))].sort();
  return asked.map((orgId) => ({ orgId, ...answerRecord(questions, orgId) }));
}

/** The commitment's questions and answer record, for its page. */
export function commitmentQuestions(index: PublicIndex, commitmentId: string, answerable: readonly string[]) {
  const questions = index.questionsByCommitment.get(commitmentId) ?? [];
  return {
    questions,
    answerRecord: { ...answerRecord(questions), organizations: recordsByOrganization(questions, answerable) },
  };
}
