import { SCHEDULE_STATES, type ScheduleState } from '../../../../shared/src/schedule';
import { useI18n } from '../../i18n/i18n';
import type { Commitment } from '../api';
import { Link } from './link';

/**
 * Progress of every commitment as a bar beside its number and name, so each figure is read with
 * what it measures; each row links to its commitment and its colour is its schedule state.
 */
export function ProgressChart({ commitments }: { commitments: Commitment[] }) {
  const { t, title } = useI18n();
  const mean = commitments.length ? commitments.reduce((s, c) => s + c.progress, 0) / commitments.length : 0;
  return (
    <figure className="chart" data-testid="progress-chart">
      <figcaption>
        <h2>{t.chartProgressTitle}</h2>
        <p className="muted">{t.chartProgressSummary(commitments.length, t.percent(Math.round(mean * 10) / 10))}</p>
      </figcaption>
      <ol className="bars">
        {commitments.map((c) => (
          <li key={c.id}>
            <Link to={`/commitments/${encodeURIComponent(c.id)}`} className="bar-row">
              <span className="bar-name">
                <span className="number">{c.number}.</span> {title(c)}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span
                  className={`bar-fill state-bg-${c.scheduleState}`}
                  style={{ width: `${Math.max(c.progress, 1)}%` }}
                />
              </span>
              <span className="bar-value">
                {t.percent(c.progress)}
                <span className="visually-hidden">, {t.states[c.scheduleState]}</span>
              </span>
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
        <h2>{t.chartStatesTitle}</h2>
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
