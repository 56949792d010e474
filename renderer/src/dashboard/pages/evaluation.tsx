import { useI18n } from '../../i18n/i18n';
import { type EvaluationResponse, useApi } from '../api';
import { DemoBadge, orgShortName, Status } from '../components/bits';
import { Link } from '../components/link';
import { SOURCES_ID } from '../components/sources';
import { usePageTitle } from '../page-title';

/** The end-of-term evaluation of a plan, print-ready: every figure with its date and source. */
export function EvaluationPage({ planId }: { planId: string }) {
  const { t, title, date, lang } = useI18n();
  usePageTitle(t.evaluation);
  const { data, error, notFound } = useApi<EvaluationResponse>(`/plans/${encodeURIComponent(planId)}/evaluation`);
  if (!data) return <Status loading={!error && !notFound} error={error} notFound={notFound} />;
  const { plan, rows, organizations } = data;
  const orgName = (id: string) => orgShortName(organizations, id);
  return (
    <article className="evaluation" aria-labelledby="evaluation-title">
      <h1 id="evaluation-title">
        {t.evaluationTitle}: {title(plan)}
      </h1>
      <p className="muted">
        {plan.country} · {t.period}: {date(plan.startDate)} – {date(plan.endDate)} · {t.figuresAsOf(date(plan.asOf))} ·{' '}
        {t.overallProgress}: {t.percent(plan.progress)}
      </p>
      <p>{t.evaluationIntro}</p>
      <p className="no-print">
        <button type="button" className="print-button" onClick={() => window.print()}>
          {t.print}
        </button>{' '}
        <a href={`/api/plans/${encodeURIComponent(plan.id)}/evaluation.csv?lang=${lang}`}>{t.downloadEvaluation}</a>
      </p>
      <table className="evaluation-table">
        <thead>
          <tr>
            <th scope="col">{t.commitment}</th>
            <th scope="col">{t.progress}</th>
            <th scope="col">{t.csoFiguresLabel}</th>
            <th scope="col">{t.suggestedLevel}</th>
            <th scope="col">{t.committeeLevel}</th>
            <th scope="col">{t.openedGovernment}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.commitmentId} data-testid="evaluation-row">
              <th scope="row">
                <Link to={`/commitments/${encodeURIComponent(r.commitmentId)}`}>
                  {r.number}. {title(r)}
                </Link>{' '}
                <DemoBadge show={r.demo} />
              </th>
              <td data-label={t.progress}>
                {/* The figure itself leads to how it is computed, on the commitment's page. */}
                <Link
                  to={`/commitments/${encodeURIComponent(r.commitmentId)}#${SOURCES_ID}`}
                  data-testid="evaluation-sources"
                >
                  <strong>{t.percent(r.progress)}</strong>
                  <span className="visually-hidden"> — {t.howComputed(t.percent(r.progress))}</span>
                </Link>
                <br />
                <span className="muted">
                  {r.progressSource.kind === 'publishedReports'
                    ? t.sourceReports(date(r.progressSource.lastReportDate))
                    : t.sourceNone}
                </span>
              </td>
              <td data-testid="evaluation-cso" data-label={t.csoFiguresLabel}>
                {r.csoFigures.length === 0 ? (
                  <span className="muted">{t.noAssessment}</span>
                ) : (
                  r.csoFigures.map((f) => (
                    <span key={f.orgId} className="cso-figure">
                      {t.csoFigure(orgName(f.orgId), t.percent(f.percent))}
                    </span>
                  ))
                )}
              </td>
              <td data-label={t.suggestedLevel}>{t.levels[r.suggestedLevel]}</td>
              <td data-label={t.committeeLevel}>
                {r.evaluation ? (
                  <>
                    <strong>{t.levels[r.evaluation.level]}</strong>
                    {r.evaluation.reason && <p>{r.evaluation.reason}</p>}
                    <span className="muted">
                      {orgName(r.evaluation.orgId)}, {date(r.evaluation.date)}
                    </span>
                  </>
                ) : (
                  <span className="muted">{t.notEvaluated}</span>
                )}
              </td>
              <td data-label={t.openedGovernment}>
                {r.evaluation?.openedGovernmentLevel && (
                  <strong>{t.openedLevels[r.evaluation.openedGovernmentLevel]}</strong>
                )}
                {r.evaluation?.openedGovernment && <p>{r.evaluation.openedGovernment}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
