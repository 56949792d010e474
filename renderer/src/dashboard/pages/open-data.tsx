import { useI18n } from '../../i18n/i18n';
import type { Plan } from '../api';
import { usePageTitle } from '../page-title';

export function OpenDataPage({ plans }: { plans: Plan[] }) {
  const { t, title, lang } = useI18n();
  usePageTitle(t.openData);
  return (
    <article aria-labelledby="data-title">
      <h1 id="data-title">{t.openData}</h1>
      <p>{t.openDataIntro}</p>
      <h2>{t.downloads}</h2>
      {plans.map((plan) => {
        const base = `/api/plans/${encodeURIComponent(plan.id)}`;
        return (
          <section key={plan.id} className="card">
            <h3>{title(plan)}</h3>
            <ul className="plain">
              <li>
                <a href={`${base}/commitments.csv?lang=${lang}`}>{t.downloadCommitments}</a>
              </li>
              <li>
                <a href={`${base}/key-actions.csv?lang=${lang}`}>{t.downloadKeyActions}</a>
              </li>
              <li>
                <a href={`${base}/reports.csv?lang=${lang}`}>{t.downloadReports}</a>
              </li>
              <li>
                <a href={`${base}/export.json`}>{t.downloadAll}</a>
              </li>
            </ul>
          </section>
        );
      })}
      <h2>{t.apiTitle}</h2>
      <p>{t.apiIntro}</p>
      <ul className="plain">
        <li>
          <a href="/api/openapi.json">OpenAPI (JSON)</a>
        </li>
        <li>
          <code>GET /api/plans</code>, <code>GET /api/plans/{'{id}'}</code>, <code>GET /api/commitments/{'{id}'}</code>,{' '}
          <code>GET /api/organizations/{'{id}'}</code>, <code>GET /api/activity</code>
        </li>
      </ul>
    </article>
  );
}
