import type { ScheduleState } from '../../../../shared/src/schedule';
import { useI18n } from '../../i18n/i18n';
import type { Organizations } from '../api';
import { Link } from './link';

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const { t } = useI18n();
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-label={label}
      >
        <div className="progress-fill" style={{ width: `${Math.min(100, Math.max(0, value))}%` }} />
      </div>
      <span className="progress-value">{t.percent(value)}</span>
    </div>
  );
}

export function StateBadge({ state }: { state: ScheduleState }) {
  const { t } = useI18n();
  return <span className={`state state-${state}`}>{t.states[state]}</span>;
}

export function DemoBadge({ show }: { show: boolean | undefined }) {
  const { t } = useI18n();
  return show ? <span className="demo-badge">{t.demo}</span> : null;
}

/** An organisation as lists and tables name it: its acronym, else its name, else its id. */
export const orgShortName = (orgs: Organizations, id: string): string => orgs[id]?.acronym ?? orgs[id]?.name ?? id;

export function OrgList({ ids, orgs, empty }: { ids: readonly string[]; orgs: Organizations; empty?: string }) {
  if (ids.length === 0) return <span className="muted">{empty ?? '—'}</span>;
  return (
    <span className="org-list">
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <Link to={`/organizations/${encodeURIComponent(id)}`}>
            {orgs[id]?.acronym ?? orgs[id]?.name ?? id.replace(/^org:/, '')}
          </Link>
        </span>
      ))}
    </span>
  );
}

export function Status({ loading, error, notFound }: { loading: boolean; error: string | null; notFound?: boolean }) {
  const { t } = useI18n();
  if (notFound)
    return (
      <section className="notice" role="status">
        <p>{t.notFound}</p>
        <p>
          <Link to="/">{t.backToOverview}</Link>
        </p>
      </section>
    );
  if (error)
    return (
      <p className="notice error" role="alert">
        {t.loadError}
      </p>
    );
  if (loading)
    return (
      <p className="notice" role="status">
        {t.loading}
      </p>
    );
  return null;
}
