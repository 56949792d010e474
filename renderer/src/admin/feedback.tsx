import type { Outcome } from './hooks';
import type { AdminMessages } from './messages';

/** What an action did, or why it was refused, naming the field (or each row and column of a sheet). */
export function Feedback({ outcome, t }: { outcome: Outcome; t: AdminMessages }) {
  const { error, done } = outcome;
  if (done)
    return (
      <p className="done" role="status">
        {done}
      </p>
    );
  if (!error) return null;
  const reason = error.code === 'unreachable' ? t.unreachable : error.message;
  return (
    <div className="refusal" role="alert">
      <p>{error.field ? t.problemIn(t.fields[error.field] ?? error.field, reason) : reason}</p>
      {error.problems.length > 0 && (
        <ul>
          {error.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Asks before an action that cannot be undone; the question and both answers are read together. */
export function Confirm({
  question,
  yes,
  t,
  onYes,
  onNo,
}: {
  question: string;
  yes: string;
  t: AdminMessages;
  onYes: () => void;
  onNo: () => void;
}) {
  return (
    <div className="confirm" role="alertdialog" aria-label={question}>
      <p>{question}</p>
      <button type="button" className="danger" onClick={onYes}>
        {yes}
      </button>
      <button type="button" onClick={onNo}>
        {t.cancel}
      </button>
    </div>
  );
}
