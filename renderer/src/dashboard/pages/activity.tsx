import { useI18n } from '../../i18n/i18n';
import { type ActivityResponse, useApi } from '../api';
import { DemoBadge, Status } from '../components/bits';
import { Link } from '../components/link';
import { usePageTitle } from '../page-title';

export function ActivityPage({ planId }: { planId: string }) {
  const { t, date } = useI18n();
  usePageTitle(t.activity);
  const { data, error, notFound } = useApi<ActivityResponse>(`/activity?plan=${encodeURIComponent(planId)}&limit=100`);
  return (
    <article aria-labelledby="activity-title">
      <h1 id="activity-title">{t.activity}</h1>
      <p>
        {t.activityIntro} <a href={`/activity.atom?plan=${encodeURIComponent(planId)}`}>{t.atomFeed}</a>
      </p>
      {!data && <Status loading={!error && !notFound} error={error} notFound={notFound} />}
      <ol className="activity">
        {data?.activity.map((item) => (
          <li key={item.id}>
            <p className="history-head">
              <strong>{t.activityKinds[item.kind]}</strong> · {date(item.date)} · {item.orgName}
              {item.percent !== undefined && ` · ${t.percent(item.percent)}`} <DemoBadge show={item.demo} />
            </p>
            <p>
              <Link to={`/commitments/${encodeURIComponent(item.commitmentId)}`}>{item.commitmentTitle}</Link>:{' '}
              {item.summary}
            </p>
          </li>
        ))}
      </ol>
    </article>
  );
}
