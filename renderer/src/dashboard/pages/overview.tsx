import { useMemo } from 'react';
import { SCHEDULE_STATES, type ScheduleState } from '../../../../shared/src/schedule';
import { OGP_VALUES } from '../../../../shared/src/types';
import { POLICY_AREAS, termIn } from '../../../../shared/src/vocabularies';
import { useI18n } from '../../i18n/i18n';
import { type PlanResponse, useApi } from '../api';
import { DemoBadge, OrgList, orgShortName, ProgressBar, StateBadge, Status } from '../components/bits';
import { ProgressChart, StatesChart } from '../components/charts';
import { DelayFigures } from '../components/delay';
import { Link } from '../components/link';
import { PlanHistory } from '../components/plan-history';
import { SOURCES_ID } from '../components/sources';
import { useTitleLang, WrittenNote, writtenIn } from '../components/written';
import { type Criteria, criteriaFrom, FILTER_KEYS, matches, withCriteria } from '../filters';
import { usePageTitle } from '../page-title';
import { navigate } from '../router';

export function Overview({ planId, url }: { planId: string; url: URL }) {
  const { t, title, date, lang } = useI18n();
  const { data, error, notFound } = useApi<PlanResponse>(`/plans/${encodeURIComponent(planId)}?keyActions=false`);
  usePageTitle(data && title(data.plan));
  const titleLang = useTitleLang(data ? writtenIn(data.plan) : 'es');
  const criteria = criteriaFrom(url.searchParams);
  const set = (changes: Partial<Criteria>) =>
    navigate(withCriteria(url, { ...criteria, ...changes }), { replace: true });

  const options = useMemo(() => {
    if (!data) return null;
    const ids = (pick: (c: PlanResponse['commitments'][number]) => string[]) =>
      [...new Set(data.commitments.flatMap(pick))].sort((a, b) => orgName(a).localeCompare(orgName(b), 'es'));
    const orgName = (id: string) => orgShortName(data.organizations, id);
    return {
      orgName,
      institutions: ids((c) => c.responsibleOrgIds),
      // The civil-society filter offers civil society only: supporting ministries and UN bodies are not CSOs.
      organizations: ids((c) => [...c.coResponsibleOrgIds, ...(c.supportOrgIds ?? [])]).filter(
        (id) => data.organizations[id]?.kind === 'cso',
      ),
      themes: [...new Set(data.commitments.flatMap((c) => c.themes))].sort(),
    };
  }, [data]);

  if (!data || !options) return <Status loading={!error && !notFound} error={error} notFound={notFound} />;
  const { plan, commitments, organizations } = data;
  const shown = commitments.filter((c) => matches(c, criteria, options.orgName));
  const filtered = FILTER_KEYS.some((k) => criteria[k]);
  const fullName = (id: string) => organizations[id]?.name ?? id;
  const written = writtenIn(plan);

  return (
    <>
      <section className="plan-head" aria-labelledby="plan-title">
        <h1 id="plan-title">
          <span lang={titleLang(plan)}>{title(plan)}</span>
        </h1>
        <p className="muted">
          {plan.country} · {t.period}: {date(plan.startDate)} – {date(plan.endDate)}
        </p>
        {plan.description && (
          <p className="description">
            <span lang={written}>{plan.description}</span> <WrittenNote written={written} />
          </p>
        )}
        <div className="big-progress">
          <span className="big-number">{t.percent(plan.progress)}</span>
          <span>{t.overallProgress}</span>
          <ProgressBar value={plan.progress} label={t.overallProgress} />
        </div>
      </section>

      <section className="charts" aria-label={`${t.chartProgressTitle}, ${t.chartStatesTitle}`}>
        <ProgressChart commitments={commitments} />
        <StatesChart counts={plan.scheduleCounts} onPick={(state) => set({ state })} />
      </section>

      <section aria-labelledby="filters-title" className="filters">
        <h2 id="filters-title">{t.filters}</h2>
        <search>
          <form onSubmit={(e) => e.preventDefault()}>
            <label>
              {t.search}
              <input
                type="search"
                name="q"
                value={criteria.q}
                placeholder={t.searchPlaceholder}
                onChange={(e) => set({ q: e.target.value })}
              />
            </label>
            <Select
              name="institution"
              label={t.institution}
              value={criteria.institution}
              onChange={(institution) => set({ institution })}
              options={options.institutions.map((id) => [id, fullName(id)])}
            />
            <Select
              name="org"
              label={t.organization}
              value={criteria.org}
              onChange={(org) => set({ org })}
              options={options.organizations.map((id) => [id, fullName(id)])}
            />
            <Select
              name="value"
              label={t.ogpValue}
              value={criteria.value}
              onChange={(value) => set({ value })}
              options={OGP_VALUES.map((v) => [v, t.ogpValues[v]])}
            />
            <Select
              name="theme"
              label={t.theme}
              value={criteria.theme}
              onChange={(theme) => set({ theme })}
              options={options.themes.map((v) => [v, termIn(POLICY_AREAS, v, lang)])}
            />
            <Select
              name="state"
              label={t.scheduleState}
              value={criteria.state}
              onChange={(state) => set({ state })}
              options={SCHEDULE_STATES.map((s) => [s, t.states[s as ScheduleState]])}
            />
            {filtered && (
              <button
                type="button"
                onClick={() => set({ q: '', institution: '', org: '', value: '', theme: '', state: '' })}
              >
                {t.clearFilters}
              </button>
            )}
          </form>
        </search>
        <p role="status" className="muted">
          {t.showing(shown.length, commitments.length)} {filtered && t.shareHint}
        </p>
      </section>

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t.commitments}</h2>
        {shown.length === 0 && <p>{t.noMatches}</p>}
        <ol className="cards" data-testid="commitment-list">
          {shown.map((c) => (
            <li key={c.id} className="card" data-testid="commitment-card">
              <h3>
                <Link to={`/commitments/${encodeURIComponent(c.id)}`}>
                  <span className="number">{c.number}.</span> <span lang={titleLang(c)}>{title(c)}</span>
                </Link>
              </h3>
              <ProgressBar value={c.progress} label={t.progressOf(title(c))} />
              <p className="card-sources">
                <Link to={`/commitments/${encodeURIComponent(c.id)}#${SOURCES_ID}`} data-testid="card-sources">
                  {t.sourcesOf(t.percent(c.progress))}
                </Link>
              </p>
              {c.csoFigures.length > 0 && (
                <p className="card-cso" data-testid="card-cso">
                  {t.csoFiguresLabel}:{' '}
                  {c.csoFigures
                    .map((f) => t.csoFigure(orgShortName(organizations, f.orgId), t.percent(f.percent)))
                    .join(' · ')}
                </p>
              )}
              <p className="card-meta">
                <StateBadge state={c.scheduleState} />
                {c.lastReportDate && (
                  <span className="muted">
                    {t.lastReport}: {date(c.lastReportDate)}
                  </span>
                )}
              </p>
              {c.delay && <DelayFigures delay={c.delay} />}
              <dl className="card-orgs">
                <dt>{t.responsible}</dt>
                <dd>
                  <OrgList ids={c.responsibleOrgIds} orgs={organizations} empty={t.notConfirmed} />
                </dd>
                {c.coResponsibleOrgIds.length > 0 && (
                  <>
                    <dt>{t.coResponsible}</dt>
                    <dd>
                      <OrgList ids={c.coResponsibleOrgIds} orgs={organizations} />
                    </dd>
                  </>
                )}
              </dl>
              <DemoBadge show={c.demo} />
            </li>
          ))}
        </ol>
      </section>
      <PlanHistory revisions={plan.revisions} organizations={organizations} written={written} scope="plan" />
    </>
  );
}

function Select({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t.any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
