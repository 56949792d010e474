import { answerRecord } from '../../../shared/src/answer-record.js';
import type { AnswerRecordResponse } from '../../../shared/src/api-types.js';
import { recordsByOrganization } from './answer-records.js';
import type { PublicIndex } from './public-store.js';
import { NotFound, orgsOf } from './views.js';

export function planAnswerRecordView(index: PublicIndex, planId: string): AnswerRecordResponse {
  const plan = index.plans.find((p) => p._id === planId);
  if (!plan) throw new NotFound(`There is no public plan ${planId}.`);
  const questions = index.questions.filter((q) => q.planId === planId);
  const organizations = recordsByOrganization(questions);
  return {
    plan: { id: plan._id, title: plan.title, titleEn: plan.titleEn, country: plan.country },
    record: answerRecord(questions),
    organizations,
    names: orgsOf(
      index,
      organizations.map((o) => o.orgId),
    ),
  };
}

/** Flat rows for the open data: the plan's answer record per organisation, and its questions with their answers. */
export function answerRecordTables(index: PublicIndex, planId: string) {
  const view = planAnswerRecordView(index, planId);
  const name = (id: string) => index.organizations.get(id)?.acronym ?? index.organizations.get(id)?.name ?? id;
  return {
    answerRecord: [
      { organization_id: '', organization: '', ...recordColumns(view.record) },
      ...view.organizations.map((o) => ({
        organization_id: o.orgId,
        organization: name(o.orgId),
        ...recordColumns(o),
      })),
    ],
    questions: index.questions
      .filter((q) => q.planId === planId)
      .map((q) => ({
        id: q._id,
        commitment_id: q.commitmentId,
        report_id: q.reportId ?? '',
        asked_at: q.askedAt,
        published_at: q.publishedAt,
        name: q.name ?? '',
        question: q.text,
        answered_by: q.answers.map((a) => name(a.orgId)).join('; '),
        first_answer_at: q.answers[0]?.answeredAt ?? '',
        answers: q.answers.map((a) => `${name(a.orgId)}: ${a.text}`).join('\n'),
      })),
  };
}

function recordColumns(record: AnswerRecordResponse['record']) {
  return {
    received: record.received,
    answered: record.answered,
    median_days_to_answer: record.medianDaysToAnswer ?? '',
    oldest_unanswered_since: record.oldestUnansweredSince ?? '',
  };
}
