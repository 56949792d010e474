import type { DelayReason } from '../../../../shared/src/api-types';
import { useI18n } from '../../i18n/i18n';
import type { Organizations } from '../api';
import { orgShortName } from './bits';

/**
 * Why a delayed item is late, in figures: what the straight line expected by the day the state was
 * measured against what is reported, and the end date missed (with the days since) or coming.
 */
export function DelayFigures({ delay, testId = 'delay' }: { delay: DelayReason; testId?: string }) {
  const { t, date } = useI18n();
  const end =
    delay.daysOverdue > 0
      ? `${t.delayEndPassed(date(delay.endDate))} (${t.daysOverdue(delay.daysOverdue)})`
      : `${t.delayEndAhead(date(delay.endDate))} (${t.daysLeft(delay.daysLeft)})`;
  return (
    <p className="delay" data-testid={testId}>
      <strong>{t.delayWhy}:</strong>{' '}
      {t.delayExpected(t.percent(delay.expectedPercent), date(delay.asOf), t.percent(delay.reportedPercent))}; {end}.
    </p>
  );
}

/**
 * The figures, then the latest counting report in its author's own words, linked to its place in
 * the page's history so the explanation leads to its source.
 */
export function DelayExplained({
  delay,
  organizations,
  written,
  testId,
  short = false,
}: {
  delay: DelayReason;
  organizations: Organizations;
  /** The plan's own language, which reports are written in. */
  written: string;
  testId?: string;
  /** A line in a list: the explanation cut to its first sentences. */
  short?: boolean;
}) {
  const { t, date } = useI18n();
  const latest = delay.latestReport;
  const words =
    latest && short && latest.narrative.length > 160 ? `${latest.narrative.slice(0, 160)}…` : latest?.narrative;
  return (
    <div className="delay-explained" data-testid={testId}>
      <DelayFigures delay={delay} testId={testId ? `${testId}-figures` : 'delay-figures'} />
      <p className="delay-latest">
        {latest ? (
          <>
            {t.delayLatest(date(latest.date), orgShortName(organizations, latest.orgId))} <q lang={written}>{words}</q>{' '}
            <a href={`#${reportAnchor(latest.id)}`}>{t.openReport}</a>
          </>
        ) : (
          t.delayNoReport
        )}
      </p>
    </div>
  );
}

/** The id a report's entry in the history carries, so a page can link to it. */
export const reportAnchor = (reportId: string) => `report-${reportId.replace(/[^\w-]/g, '-')}`;
