import { useI18n } from '../../i18n/i18n';
import { type OrganizationResponse, type PlansResponse, useApi } from '../api';
import { DemoBadge, ProgressBar, StateBadge, Status } from '../components/bits';
import { Link } from '../components/link';
import { AnswerRecordTable } from '../components/questions';
import { writtenIn } from '../components/written';
import { usePageTitle } from '../page-title';
import { questionMessages } from '../question-messages';

export function OrganizationPage({ id }: { id: string }) {
  const { t, title, date, lang } = useI18n();
  const { data, error, notFound } = useApi<OrganizationResponse>(`/organizations/${encodeURIComponent(id)}`);
  usePageTitle(data?.organization.name);
  // Its commitments may be of several plans: each one's text is marked with its own plan's language.
  const plans = useApi<PlansResponse>('/plans');
  const planLang = new Map((plans.data?.plans ?? []).map((p) => [p.id, writtenIn(p)]));
  if (!data) return <Status loading={!error && !notFound} error={error} notFound={notFound} />;
  const { organization: o, commitments, recentReports } = data;
  const commitmentTitle = new Map(commitments.map((c) => [c.id, title(c)]));
  return (
    <article aria-labelledby="org-title">
      <h1 id="org-title">
        {o.name} {o.acronym && <span className="muted">({o.acronym})</span>}
      </h1>
      <p className="muted">{t.kinds[o.kind]}</p>
      <section aria-labelledby="org-commitments">
        <h2 id="org-commitments">{t.commitments}</h2>
        <ol className="cards">
          {commitments.map((c) => (
            <li key={c.id} className="card">
              <h3>
                <Link to={`/commitments/${encodeURIComponent(c.id)}`}>
                  <span className="number">{c.number}.</span>{' '}
                  <span lang={lang === 'en' && c.titleEn ? 'en' : planLang.get(c.planId)}>{title(c)}</span>
                </Link>
              </h3>
              <p className="card-meta">
                <span className="role">{t.roles[c.role]}</span>
                <StateBadge state={c.scheduleState} />
                <DemoBadge show={c.demo} />
              </p>
              <ProgressBar value={c.progress} label={t.progressOf(title(c))} />
              {c.keyActions.length > 0 && (
                <ul className="plain">
                  {c.keyActions.map((k) => (
                    <li key={k.id}>
                      <span lang={planLang.get(c.planId)}>{k.title}</span>: {t.percent(k.progress)},{' '}
                      <StateBadge state={k.scheduleState} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="org-answers" data-testid="org-answer-record">
        <h2 id="org-answers" className="visually-hidden">
          {questionMessages(lang).record}
        </h2>
        <AnswerRecordTable
          record={data.answerRecord}
          rows={[{ orgId: o.id, ...data.answerRecord }]}
          organizations={{ [o.id]: o }}
        />
      </section>
      {recentReports.length > 0 && (
        <section aria-labelledby="org-reports">
          <h2 id="org-reports">{t.recentReports}</h2>
          <ul className="plain">
            {recentReports.map((r) => (
              <li key={r.id}>
                {date(r.date)} ·{' '}
                <Link to={`/commitments/${encodeURIComponent(r.commitmentId)}`}>
                  {commitmentTitle.get(r.commitmentId) ?? r.commitmentId}
                </Link>
                {r.percent !== undefined ? ` · ${t.percent(r.percent)}` : ` · ${t.withdrawn}`}{' '}
                <DemoBadge show={r.demo} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
