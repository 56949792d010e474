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
  const { t, title } = useI18n();
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
  const fullName = (id: string) => organizations[id]?.name ?? id;
  const written = writtenIn(plan);

  return (
    <>
      <PlanHead plan={plan} titleLang={titleLang} />

      <section className="charts" aria-label={`${t.chartProgressTitle}, ${t.chartStatesTitle}`}>
        <ProgressChart commitments={commitments} />
        <StatesChart counts={plan.scheduleCounts} onPick={(state) => set({ state })} />
      </section>

      <Filters
        criteria={criteria}
        set={set}
        options={options}
        fullName={fullName}
        shown={shown.length}
        total={commitments.length}
      />

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t.commitments}</h2>
        {shown.length === 0 && <p>{t.noMatches}</p>}
        <ol className="cards" data-testid="commitment-list">
          {shown.map((c) => (
            <CommitmentCard key={c.id} commitment={c} organizations={organizations} titleLang={titleLang} />
          ))}
        </ol>
      </section>
      <PlanHistory revisions={plan.revisions} organizations={organizations} written={written} scope="plan" />
    </>
  );
}

type TitleLang = ReturnType<typeof useTitleLang>;

/** The plan's title, country and period, description, and its overall figure. */
function PlanHead({ plan, titleLang }: { plan: PlanResponse['plan']; titleLang: TitleLang }) {
  const { t, title, date } = useI18n();
  const written = writtenIn(plan);
  return (
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
  );
}

/** The filters over the commitments (institution, organisation, value, theme, state, words), kept in the address. */
function Filters({
  criteria,
  set,
  options,
  fullName,
  shown,
  total,
}: {
  criteria: Criteria;
  set: (changes: Partial<Criteria>) => void;
  options: { institutions: string[]; organizations: string[]; themes: string[] };
  fullName: (id: string) => string;
  shown: number;
  total: number;
}) {
  const { t, lang } = useI18n();
  const filtered = FILTER_KEYS.some((k) => criteria[k]);
  const selects: [Exclude<keyof Criteria, 'q'>, string, [string, string][]][] = [
    ['institution', t.institution, options.institutions.map((id) => [id, fullName(id)])],
    ['org', t.organization, options.organizations.map((id) => [id, fullName(id)])],
    ['value', t.ogpValue, OGP_VALUES.map((v) => [v, t.ogpValues[v]])],
    ['theme', t.theme, options.themes.map((v) => [v, termIn(POLICY_AREAS, v, lang)])],
    ['state', t.scheduleState, SCHEDULE_STATES.map((s) => [s, t.states[s as ScheduleState]])],
  ];
  return (
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
          {selects.map(([name, label, choices]) => (
            <Select
              key={name}
              name={name}
              label={label}
              value={criteria[name]}
              onChange={(value) => set({ [name]: value })}
              options={choices}
            />
          ))}
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
        {t.showing(shown, total)} {filtered && t.shareHint}
      </p>
    </section>
  );
}

/** One commitment in the list: its figure and where it comes from, its state, its institutions. */
function CommitmentCard({
  commitment: c,
  organizations,
  titleLang,
}: {
  commitment: PlanResponse['commitments'][number];
  organizations: PlanResponse['organizations'];
  titleLang: TitleLang;
}) {
  const { t, title, date } = useI18n();
  return (
    <li className="card" data-testid="commitment-card">
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
          {c.csoFigures.map((f) => t.csoFigure(orgShortName(organizations, f.orgId), t.percent(f.percent))).join(' · ')}
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
