import { useId, useState } from 'react';
import type { Answer, Commitment, Question } from '../../../../shared/src/types';
import { answerQuestion, moderateQuestion } from '../commands/questions';
import { day } from '../dates';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import { useOrgShortName } from '../queries/organisations';
import { allCommitments } from '../queries/plans';
import { allAnswers, allQuestions } from '../queries/questions';
import { useQuery } from '../queries/use-query';
import { questionText } from '../question-messages';
import type { Workspace } from '../workspace';

interface Waiting {
  /** Pending questions of the plans whose committee the person sits on (the device holds only those). */
  toModerate: Local<Question>[];
  /** Published questions on commitments the person's organisation answers for, which it has not answered. */
  toAnswer: Local<Question>[];
  /** Published questions the organisation has answered. */
  answered: Local<Question>[];
  answers: Local<Answer>[];
  commitments: Map<string, Local<Commitment>>;
}

const oldestFirst = (a: Local<Question>, b: Local<Question>) => a.receivedAt.localeCompare(b.receivedAt);

/**
 * The questions from the public waiting for this person, from the device's own copy (so offline
 * too): to moderate for committee members, to answer for reporters of the organisations a
 * commitment names as responsible or co-responsible.
 */
export function useQuestionsWaiting(workspace: Workspace): Waiting | null {
  const questions = useQuery(workspace.local, allQuestions());
  const answers = useQuery(workspace.local, allAnswers());
  const commitmentList = useQuery(workspace.local, allCommitments());
  if (!questions || !answers || !commitmentList) return null;
  const org = workspace.myOrg();
  const reporter = workspace.identity.roles.includes('reporter');
  const commitments = new Map(commitmentList.map((c) => [c.id, c]));
  const mine = new Set(answers.filter((a) => a.orgId === org).map((a) => a.questionId));
  const answerable = (q: Local<Question>) => {
    const c = commitments.get(q.commitmentId);
    return Boolean(reporter && org && c && [...c.responsibleOrgIds, ...c.coResponsibleOrgIds].includes(org));
  };
  const published = questions.filter((q) => q.status === 'published' && answerable(q)).sort(oldestFirst);
  return {
    toModerate: questions.filter((q) => q.status === 'pending').sort(oldestFirst),
    toAnswer: published.filter((q) => !mine.has(q.id)),
    answered: published.filter((q) => mine.has(q.id)),
    answers,
    commitments,
  };
}

/** The first screen's lines for questions waiting, each a link to the questions screen. */
export function QuestionsWaitingLines({ waiting, t }: { waiting: Waiting | null; t: typeof es }) {
  const q = questionText(t);
  if (!waiting || waiting.toModerate.length + waiting.toAnswer.length === 0) return null;
  return (
    <>
      <h2>{q.questions}</h2>
      <ul className="plain" data-testid="inbox-questions">
        {waiting.toModerate.length > 0 && (
          <li>
            <a href="#/questions">{q.toModerate(waiting.toModerate.length)}</a>
          </li>
        )}
        {waiting.toAnswer.length > 0 && (
          <li>
            <a href="#/questions">{q.toAnswer(waiting.toAnswer.length)}</a>
          </li>
        )}
      </ul>
    </>
  );
}

/** `#/questions`: moderating (the committee) and answering (the responsible organisations). */
export function QuestionsScreen({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const found = useQuestionsWaiting(workspace);
  // Answered while on this screen: kept where they were, with their "saved" line, until the person leaves.
  const [answeredHere] = useState(() => new Set<string>());
  const waiting = found && {
    ...found,
    toAnswer: [...found.toAnswer, ...found.answered.filter((q) => answeredHere.has(q.id))].sort(oldestFirst),
    answered: found.answered.filter((q) => !answeredHere.has(q.id)),
  };
  const orgName = useOrgShortName(workspace.local);
  const q = questionText(t);
  if (!waiting) return <p>{t.loading}</p>;
  const title = (id: string) => {
    const c = waiting.commitments.get(id);
    return c ? `${c.number}. ${t.lang === 'en' && c.titleEn ? c.titleEn : c.title}` : id;
  };
  /** `waits`: answering it keeps it among those to answer, with its "saved" line, until the person leaves. */
  const answerCard = (question: Local<Question>, waits: boolean) => (
    <AnswerCard
      key={question.id}
      {...(waits ? { onSave: () => answeredHere.add(question.id) } : {})}
      question={question}
      commitment={waiting.commitments.get(question.commitmentId)}
      answers={waiting.answers.filter((a) => a.questionId === question.id)}
      title={title}
      orgName={orgName}
      workspace={workspace}
      t={t}
    />
  );
  const nothing = waiting.toModerate.length + waiting.toAnswer.length + waiting.answered.length === 0;
  return (
    <section className="questions" aria-labelledby="questions-title" data-testid="questions-screen">
      <h1 id="questions-title">{q.questions}</h1>
      {nothing && <p>{q.noQuestions}</p>}
      {waiting.toModerate.length > 0 && (
        <>
          <h2>{q.moderateTitle}</h2>
          <p className="muted">{q.moderateHelp}</p>
          {waiting.toModerate.map((question) => (
            <ModerateCard key={question.id} question={question} title={title} workspace={workspace} t={t} />
          ))}
        </>
      )}
      {waiting.toAnswer.length > 0 && (
        <>
          <h2>{q.answerTitle}</h2>
          <p className="muted">{q.answerHelp}</p>
          {waiting.toAnswer.map((question) => answerCard(question, true))}
        </>
      )}
      {waiting.answered.length > 0 && (
        <>
          <h2>{q.answeredTitle}</h2>
          {waiting.answered.map((question) => answerCard(question, false))}
        </>
      )}
    </section>
  );
}

/** What was asked, by whom (the name they gave, never their address), on what and when: as plain text. */
function Asked({ question, title, t }: { question: Local<Question>; title: (id: string) => string; t: typeof es }) {
  const q = questionText(t);
  return (
    <>
      <p className="question-meta muted">
        {q.askedBy(question.name)} · {q.receivedOn(day(t.lang, question.receivedAt))} · {q.onCommitment}{' '}
        <a href={`#/commitment/${encodeURIComponent(question.commitmentId)}`}>{title(question.commitmentId)}</a>
      </p>
      <blockquote className="question-text">{question.text}</blockquote>
    </>
  );
}

function ModerateCard({
  question,
  title,
  workspace,
  t,
}: {
  question: Local<Question>;
  title: (id: string) => string;
  workspace: Workspace;
  t: typeof es;
}) {
  const q = questionText(t);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const decide = async (decision: 'published' | 'rejected') => {
    if (decision === 'rejected' && !reason.trim()) return setSaid(q.rejectionNeeded);
    const refusal = await moderateQuestion(workspace.commands, question, decision, reason);
    setSaid(refusal ?? (decision === 'published' ? q.published : q.rejected));
  };
  return (
    <article className="card question" data-testid="moderate-question">
      <Asked question={question} title={title} t={t} />
      <label htmlFor={reasonId}>{q.rejectionReason}</label>
      <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <p className="actions">
        <button type="button" onClick={() => void decide('published')}>
          {q.publish}
        </button>
        <button type="button" className="secondary" onClick={() => void decide('rejected')}>
          {q.reject}
        </button>
      </p>
      <p role="status">{said}</p>
    </article>
  );
}

function AnswerCard({
  onSave,
  question,
  commitment,
  answers,
  title,
  orgName,
  workspace,
  t,
}: {
  onSave?: () => void;
  question: Local<Question>;
  commitment: Local<Commitment> | undefined;
  answers: Local<Answer>[];
  title: (id: string) => string;
  orgName: (id: string) => string;
  workspace: Workspace;
  t: typeof es;
}) {
  const q = questionText(t);
  const org = workspace.myOrg();
  const mine = answers.find((a) => a.orgId === org);
  const answerId = useId();
  const [text, setText] = useState(mine?.text ?? '');
  const [said, setSaid] = useState<string | null>(null);
  const save = async () => {
    if (!text.trim()) return setSaid(q.answerNeeded);
    if (!commitment) return;
    onSave?.();
    const refusal = await answerQuestion(workspace.commands, question, commitment, text, mine);
    setSaid(refusal ?? q.answerSaved);
  };
  return (
    <article className="card question" data-testid="answer-question">
      <Asked question={question} title={title} t={t} />
      {answers
        .filter((a) => a.orgId !== org)
        .map((a) => (
          <div key={a.id} className="answer">
            <p className="muted">{q.answeredBy(orgName(a.orgId))}</p>
            <p className="answer-text">{a.text}</p>
          </div>
        ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor={answerId}>{q.yourAnswer}</label>
        <textarea id={answerId} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        <p className="actions">
          <button type="submit">{q.sendAnswer}</button>
        </p>
      </form>
      <p role="status">{said}</p>
    </article>
  );
}
