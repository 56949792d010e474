import { useEffect, useState } from 'react';
import { suggestedCompletion } from '../../../../shared/src/progress';
import {
  COMPLETION_LEVELS,
  type Commitment,
  type CompletionLevel,
  type Evaluation,
  OPENED_GOVERNMENT_LEVELS,
  type OpenedGovernmentLevel,
} from '../../../../shared/src/types';
import { saveEvaluation } from '../commands/commitment';
import { day } from '../dates';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import { evaluationsOf } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { Message, outcome, type Said } from './said';

interface Fields {
  level: CompletionLevel;
  reason: string;
  openedLevel: OpenedGovernmentLevel | '';
  opened: string;
}

/** The fields as the stored evaluation has them, or, before there is one, the level progress suggests. */
function fieldsOf(stored: Local<Evaluation> | undefined, suggested: CompletionLevel): Fields {
  return {
    level: stored?.level ?? suggested,
    reason: stored?.reason ?? '',
    openedLevel: stored?.openedGovernmentLevel ?? '',
    opened: stored?.openedGovernment ?? '',
  };
}

/**
 * The committee's end-of-term evaluation: the suggested level confirmed, or changed with a reason.
 * It opens with the latest evaluation stored for the commitment, so saving again without a change
 * keeps it instead of putting the suggestion and empty fields over it.
 */
export function EvaluationForm({
  workspace,
  t,
  commitment,
  progress,
}: {
  workspace: Workspace;
  t: typeof es;
  commitment: Local<Commitment>;
  progress: number;
}) {
  const suggested = suggestedCompletion(progress);
  const evaluations = useQuery(workspace.local, evaluationsOf(commitment.id));
  const stored = evaluations?.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))[0];
  const [fields, setFields] = useState<Fields>(() => fieldsOf(undefined, suggested));
  const [loaded, setLoaded] = useState<string | null>(null);
  const [message, setMessage] = useState<Said>(null);
  useEffect(() => {
    // Taken in once per stored version: typing is not overwritten by a re-render, a new save is shown.
    if (stored && loaded !== stored.id) {
      setFields(fieldsOf(stored, suggested));
      setLoaded(stored.id);
    }
  }, [stored, loaded, suggested]);
  const set = (changes: Partial<Fields>) => setFields({ ...fields, ...changes });
  const save = async () => {
    const refusal = await saveEvaluation(workspace.commands, commitment, {
      progress,
      level: fields.level,
      reason: fields.reason,
      openedGovernmentLevel: fields.openedLevel,
      openedGovernment: fields.opened,
    });
    setMessage(outcome(refusal, t.evaluationSaved));
  };
  if (!evaluations) return <p>{t.loading}</p>;
  return (
    <section className="card" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">{t.evaluation}</h2>
      <p>{t.suggested(t.levels[suggested] ?? suggested, progress)}</p>
      {stored && (
        <p className="muted" data-testid="evaluation-stored">
          {t.evaluationStored(day(t.lang, stored.date))}
        </p>
      )}
      <div className="form">
        <label>
          {t.level}
          <select value={fields.level} onChange={(e) => set({ level: e.target.value as CompletionLevel })}>
            {COMPLETION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.levels[l] ?? l}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t.levelReason}
          <textarea rows={2} value={fields.reason} onChange={(e) => set({ reason: e.target.value })} />
        </label>
        <label>
          {t.openedGovernmentLevel}
          <select
            value={fields.openedLevel}
            onChange={(e) => set({ openedLevel: e.target.value as OpenedGovernmentLevel | '' })}
          >
            <option value="">{t.notAssessedYet}</option>
            {OPENED_GOVERNMENT_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t.openedLevels[l]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t.openedGovernment}
          <textarea rows={3} value={fields.opened} onChange={(e) => set({ opened: e.target.value })} />
        </label>
        <div className="actions wide">
          <button type="button" className="primary" onClick={save}>
            {t.saveEvaluation}
          </button>
        </div>
      </div>
      <Message said={message} />
    </section>
  );
}
