import type { AnswerRecord } from '../../../../shared/src/answer-record';
import type { ApiQuestion, OrganizationAnswerRecord } from '../../../../shared/src/api-types';
import { useI18n } from '../../i18n/i18n';
import type { Organizations } from '../api';
import { questionMessages } from '../question-messages';
import { AskForm } from './ask-form';
import { orgShortName } from './bits';

const DAY_MS = 86_400_000;

/**
 * A commitment's questions from the public, each with its answers beside it (or who has not
 * answered yet, and for how long), the commitment's answer record, and the form to ask. Every
 * text is the asker's or the organisation's own, shown as text (React escapes it).
 */
export function PublicQuestions({
  commitmentId,
  questions,
  record,
  organizations,
  reportDate,
  postModerated,
}: {
  commitmentId: string;
  questions: ApiQuestion[];
  record: AnswerRecord & { organizations: OrganizationAnswerRecord[] };
  organizations: Organizations;
  /** The day of a report a question is about, by report id. */
  reportDate: (reportId: string) => string | undefined;
  postModerated: boolean;
}) {
  const { lang, date } = useI18n();
  const q = questionMessages(lang);
  const name = (id: string) => orgShortName(organizations, id);
  const now = Date.now();
  return (
    <section aria-labelledby="questions-title" className="public-questions" data-testid="public-questions">
      <h2 id="questions-title">{q.questions}</h2>
      <p className="muted">{postModerated ? q.afterModeration : q.questionsIntro}</p>
      {questions.length === 0 && <p>{q.noQuestions}</p>}
      <ol className="plain question-list">
        {questions.map((question) => {
          const answered = new Set(question.answers.map((a) => a.orgId));
          const missing = question.answerableOrgIds.filter((id) => !answered.has(id));
          const days = Math.floor((now - Date.parse(question.publishedAt)) / DAY_MS);
          const aboutReport = question.reportId ? reportDate(question.reportId) : undefined;
          return (
            <li key={question.id} className="question-pair" data-testid="public-question">
              <div className="asked">
                <p className="muted">
                  {question.name ? q.askedBy(question.name) : q.anonymous} · {q.publishedOn(date(question.publishedAt))}
                  {aboutReport ? ` · ${q.onReport(date(aboutReport))}` : ''}
                </p>
                <p className="question-text">{question.text}</p>
              </div>
              <div className="answers">
                {question.answers.map((a) => (
                  <div key={a.orgId} className="answer" data-testid="public-answer">
                    <p className="muted">{q.answeredBy(name(a.orgId), date(a.answeredAt))}</p>
                    <p className="answer-text">{a.text}</p>
                  </div>
                ))}
                {missing.length > 0 && (
                  <p className="waiting">{q.waiting(missing.map(name).join(', '), Math.max(0, days))}</p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <AnswerRecordTable record={record} rows={record.organizations} organizations={organizations} />
      <AskForm path={`/commitments/${encodeURIComponent(commitmentId)}/questions`} heading={q.ask} />
    </section>
  );
}

/** Received, answered, median days and oldest unanswered: as a whole and per organisation. */
export function AnswerRecordTable({
  record,
  rows,
  organizations,
}: {
  record: AnswerRecord;
  rows: OrganizationAnswerRecord[];
  organizations: Organizations;
}) {
  const { lang, date } = useI18n();
  const q = questionMessages(lang);
  const cells = (r: AnswerRecord) => (
    <>
      <td>{r.received}</td>
      <td>{r.answered}</td>
      <td>{r.medianDaysToAnswer === null ? q.none : q.days(r.medianDaysToAnswer)}</td>
      <td>{r.oldestUnansweredSince ? date(r.oldestUnansweredSince) : q.none}</td>
    </>
  );
  return (
    <div className="answer-record" data-testid="answer-record">
      <h3>{q.record}</h3>
      <p className="muted">{q.recordIntro}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{q.organization}</th>
            <th scope="col">{q.received}</th>
            <th scope="col">{q.answered}</th>
            <th scope="col">{q.medianDays}</th>
            <th scope="col">{q.oldestUnanswered}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.orgId}>
              <th scope="row">{orgShortName(organizations, r.orgId)}</th>
              {cells(r)}
            </tr>
          ))}
          {rows.length !== 1 && (
            <tr>
              <th scope="row">{q.whole}</th>
              {cells(record)}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
