import { SCHEDULE_STATES, type ScheduleState } from '../../../../shared/src/schedule';
import { useI18n } from '../../i18n/i18n';
import type { Commitment } from '../api';
import { Link } from './link';

/** Progress of every commitment as columns; each column links to its commitment and is labelled for screen readers. */
export function ProgressChart({ commitments }: { commitments: Commitment[] }) {
  const { t, title } = useI18n();
  const mean = commitments.length ? commitments.reduce((s, c) => s + c.progress, 0) / commitments.length : 0;
  return (
    <figure className="chart">
      <figcaption>
        <h3>{t.chartProgressTitle}</h3>
        <p className="muted">{t.chartProgressSummary(commitments.length, t.percent(Math.round(mean * 10) / 10))}</p>
      </figcaption>
      <ol
        className="columns"
        style={{ gridTemplateColumns: `repeat(${Math.max(commitments.length, 1)}, minmax(4px, 1fr))` }}
      >
        {commitments.map((c) => (
          <li key={c.id} className="column">
            <Link
              to={`/commitments/${encodeURIComponent(c.id)}`}
              aria-label={`${t.commitment} ${c.number}: ${title(c)} — ${t.percent(c.progress)}, ${t.states[c.scheduleState]}`}
            >
              <span
                className={`column-bar state-bg-${c.scheduleState}`}
                style={{ height: `${Math.max(c.progress, 1)}%` }}
              />
              {commitments.length <= 40 && (
                <span className="column-label" aria-hidden="true">
                  {c.number}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ol>
    </figure>
  );
}

export function StatesChart({
  counts,
  onPick,
}: {
  counts: Record<ScheduleState, number>;
  onPick: (state: ScheduleState) => void;
}) {
  const { t } = useI18n();
  const total = SCHEDULE_STATES.reduce((s, k) => s + counts[k], 0) || 1;
  return (
    <figure className="chart">
      <figcaption>
        <h3>{t.chartStatesTitle}</h3>
      </figcaption>
      <div className="stack" aria-hidden="true">
        {SCHEDULE_STATES.filter((s) => counts[s] > 0).map((s) => (
          <span key={s} className={`stack-part state-bg-${s}`} style={{ width: `${(counts[s] / total) * 100}%` }} />
        ))}
      </div>
      <ul className="legend">
        {SCHEDULE_STATES.map((s) => (
          <li key={s}>
            <button type="button" className="link-button" onClick={() => onPick(s)}>
              <span className={`swatch state-bg-${s}`} aria-hidden="true" />
              {t.states[s]}: <strong>{counts[s]}</strong>
            </button>
          </li>
        ))}
      </ul>
    </figure>
  );
}
