import { useState } from 'react';
import { currentAssessments } from '../../../../shared/src/assessments';
import { expectedProgress } from '../../../../shared/src/schedule';
import { type Unstated, unstatedIn } from '../../../../shared/src/unstated';
import { IRM_FIELDS, IRM_VALUES, POLICY_AREAS, termIn } from '../../../../shared/src/vocabularies';
import { useI18n } from '../../i18n/i18n';
import { TimelineTrack } from '../../ui/timeline-track';
import type { CommitmentResponse, Organizations } from '../api';
import { useApi } from '../api';
import { AskForm } from '../components/ask-form';
import { DemoBadge, OrgList, orgShortName, ProgressBar, StateBadge, Status } from '../components/bits';
import { DelayExplained, reportAnchor } from '../components/delay';
import { EvidenceList } from '../components/evidence';
import { FollowForm } from '../components/follow-form';
import { Link } from '../components/link';
import { PlanHistory } from '../components/plan-history';
import { PublicQuestions } from '../components/questions';
import { ProgressSources, SOURCES_ID, SourcesToggle } from '../components/sources';
import { useFeedLink } from '../feed-link';
import { usePageTitle } from '../page-title';
import { questionMessages } from '../question-messages';

export function CommitmentPage({ id }: { id: string }) {
  const { t, title, date, lang } = useI18n();
  const { data, error, notFound } = useApi<CommitmentResponse>(`/commitments/${encodeURIComponent(id)}`);
  // Open when the visitor followed a link to the sources of a figure (overview card, evaluation).
  const [sourcesOpen, setSourcesOpen] = useState(() => window.location.hash === `#${SOURCES_ID}`);
  usePageTitle(data && t.commitmentPageTitle(data.commitment.number, title(data.commitment)));
  const feed = `/commitments/${encodeURIComponent(id)}/activity.atom`;
  useFeedLink(feed, data && `${t.atomFeed}: ${title(data.commitment)}`);
  if (!data) return <Status loading={!error && !notFound} error={error} notFound={notFound} />;
  const { commitment: c, keyActions, reports, evidence, evaluation, organizations } = data;
  // The plan's own language: its text is shown as written, marked as such for screen readers.
  const written = data.plan.languages?.[0] ?? 'es';
  const languageName = new Intl.DisplayNames([lang], { type: 'language' }).of(written) ?? written;
  const evidenceById = new Map(evidence.map((e) => [e.id, e]));
  const unstated = unstatedIn(c.unverifiedFields);
  const orgName = (orgId: string) => orgShortName(organizations, orgId);

  return (
    <article className="commitment" aria-labelledby="commitment-title">
      <p className="breadcrumb">
        <Link to="/">{title(data.plan)}</Link>
      </p>
      <CommitmentHead
        data={data}
        written={written}
        feed={feed}
        sourcesOpen={sourcesOpen}
        toggleSources={() => setSourcesOpen(!sourcesOpen)}
      />
      <ProgressSources data={data} open={sourcesOpen} written={written} />

      {c.delay && (
        <DelayExplained delay={c.delay} organizations={organizations} written={written} testId="commitment-delay" />
      )}
      {lang !== written && (
        <p className="notice" data-testid="language-notice">
          {lang === 'en' && c.titleEn ? t.writtenOnlyInExceptTitle(languageName) : t.writtenOnlyIn(languageName)}
        </p>
      )}
      <CommitmentFacts data={data} written={written} />

      <Timeline
        keyActions={keyActions}
        start={c.startDate}
        end={c.endDate}
        organizations={organizations}
        written={written}
        unstated={unstated}
      />
      <PlanHistory revisions={data.revisions} organizations={organizations} written={written} scope="commitment" />
      <CommitmentViews data={data} evidenceById={evidenceById} />
      {evaluation && <EvaluationSummary evaluation={evaluation} orgName={orgName} />}
      <CommitmentHistory data={data} written={written} evidenceById={evidenceById} />
      <FollowForm commitmentId={c.id} />
      <PublicQuestions
        commitmentId={c.id}
        questions={data.questions}
        record={data.answerRecord}
        organizations={organizations}
        reportDate={(reportId) => reports.find((r) => r.id === reportId)?.date}
        postModerated={data.plan.questionModeration === 'after'}
      />
      <p className="print-only muted" data-testid="print-footer">
        {t.printedFrom(date(new Date().toISOString()), window.location.href)}
      </p>
    </article>
  );
}

type EvidenceById = Map<string, CommitmentResponse['evidence'][number]>;

/** The commitment's number, title and figure, with its state and the figure's sources' toggle. */
function CommitmentHead({
  data,
  written,
  feed,
  sourcesOpen,
  toggleSources,
}: {
  data: CommitmentResponse;
  written: string;
  /** The commitment's Atom feed. */
  feed: string;
  sourcesOpen: boolean;
  toggleSources: () => void;
}) {
  const { t, title, lang } = useI18n();
  const c = data.commitment;
  const unconfirmed = new Set(c.unverifiedFields ?? []);
  return (
    <header className="commitment-head">
      <h1 id="commitment-title">
        <span className="number">
          {t.commitment} {c.number}
          {c.ogpId ? ` (${c.ogpId})` : ''}.
        </span>{' '}
        <span lang={lang === 'en' && c.titleEn ? 'en' : written}>{title(c)}</span>
        {unconfirmed.has('title') && <span className="unconfirmed"> ({t.notConfirmed})</span>}
      </h1>
      <div className="head-progress">
        <ProgressBar value={c.progress} label={t.progressOf(title(c))} />
        <SourcesToggle percent={c.progress} open={sourcesOpen} onToggle={toggleSources} />
        <StateBadge state={c.scheduleState} />
        <DemoBadge show={c.demo} />
        <button type="button" className="print-button" onClick={() => window.print()}>
          {t.print}
        </button>
        <a href={feed} type="application/atom+xml" className="feed-link" data-testid="commitment-feed">
          {t.atomFeed}
        </a>
      </div>
    </header>
  );
}

/** What the commitment is: its problem, objective, period, institutions, values, themes and source. */
function CommitmentFacts({ data, written }: { data: CommitmentResponse; written: string }) {
  const { t } = useI18n();
  const { commitment: c, organizations } = data;
  const unconfirmed = new Set(c.unverifiedFields ?? []);
  const unstated = unstatedIn(c.unverifiedFields);
  return (
    <section className="facts">
      {c.problem && (
        <>
          <h2>{t.problem}</h2>
          <p lang={written}>{c.problem}</p>
        </>
      )}
      <h2>{t.objective}</h2>
      {unstated.field('objective') && !c.objective ? (
        <p className="unconfirmed" data-testid="objective">
          {t.objectiveNotStated}
        </p>
      ) : (
        <p lang={written} data-testid="objective">
          {c.objective}
          {unconfirmed.has('objective') && <span className="unconfirmed"> ({t.notConfirmed})</span>}
        </p>
      )}
      <FactList commitment={c} organizations={organizations} />
    </section>
  );
}

/** The commitment's period, institutions, values, themes, IRM assessment and source. */
function FactList({
  commitment: c,
  organizations,
}: {
  commitment: CommitmentResponse['commitment'];
  organizations: CommitmentResponse['organizations'];
}) {
  const { t, date, lang } = useI18n();
  const unstated = unstatedIn(c.unverifiedFields);
  return (
    <dl className="fact-list">
      <dt>{t.period}</dt>
      <dd data-testid="period">
        <Stated missing={unstated.field('startDate')} says={t.startNotStated} value={date(c.startDate)} /> –{' '}
        <Stated missing={unstated.field('endDate')} says={t.endNotStated} value={date(c.endDate)} />
      </dd>
      <dt>{t.responsibleInstitutions}</dt>
      <dd>
        <OrgList ids={c.responsibleOrgIds} orgs={organizations} empty={t.notConfirmed} />
      </dd>
      <dt>{t.coResponsible}</dt>
      <dd>
        <OrgList ids={c.coResponsibleOrgIds} orgs={organizations} />
      </dd>
      {c.supportOrgIds && c.supportOrgIds.length > 0 && (
        <>
          <dt>{t.support}</dt>
          <dd>
            <OrgList ids={c.supportOrgIds} orgs={organizations} />
          </dd>
        </>
      )}
      <dt>{t.values}</dt>
      <dd>
        {c.ogpValues.map((v) => t.ogpValues[v]).join(', ') ||
          (unstated.field('ogpValues') ? <span className="unconfirmed">{t.valuesNotStated}</span> : '—')}
      </dd>
      {c.themes.length > 0 && (
        <>
          <dt>{t.themes}</dt>
          <dd>{c.themes.map((theme) => termIn(POLICY_AREAS, theme, lang)).join(', ')}</dd>
        </>
      )}
      {c.irm && (
        <>
          <dt>{t.irm}</dt>
          <dd>
            {Object.entries(c.irm)
              .map(([k, v]) => `${termIn(IRM_FIELDS, k, lang)}: ${termIn(IRM_VALUES, String(v), lang)}`)
              .join(' · ')}
          </dd>
        </>
      )}
      {c.sourceUrl && (
        <>
          <dt>{t.source}</dt>
          <dd>
            <a href={c.sourceUrl} rel="noopener noreferrer">
              {new URL(c.sourceUrl).hostname}
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}

/** The government's figure beside the civil society's current assessments and the committee's observations. */
function CommitmentViews({ data, evidenceById }: { data: CommitmentResponse; evidenceById: EvidenceById }) {
  const { t, date } = useI18n();
  const { commitment: c, reviews, assessments, organizations } = data;
  const current = new Set(currentAssessments(assessments).map((a) => a.id));
  const csoViews = assessments.filter((a) => a.by === 'cso' && current.has(a.id));
  const earlierCso = assessments.filter((a) => a.by === 'cso' && !current.has(a.id));
  const committeeViews = assessments.filter((a) => a.by === 'committee');
  const observations = reviews.filter((r) => r.kind === 'observation');
  const orgName = (orgId: string) => orgShortName(organizations, orgId);
  return (
    <section aria-labelledby="views-title" className="views">
      <h2 id="views-title">{t.views}</h2>
      <div className="view-grid">
        <div className="view">
          <h3>{t.governmentView}</h3>
          <ProgressBar value={c.progress} label={t.governmentView} />
        </div>
        <div className="view">
          <h3>{t.csoView}</h3>
          {csoViews.length === 0 && <p className="muted">{t.noAssessment}</p>}
          {csoViews.map((a) => (
            <div key={a.id}>
              <ProgressBar value={a.percent} label={`${t.csoView}: ${orgName(a.orgId)}`} />
              <p>
                <strong>{orgName(a.orgId)}</strong>, {date(a.date)}: {a.narrative} <DemoBadge show={a.demo} />
              </p>
              <EvidenceList ids={a.evidenceIds ?? []} byId={evidenceById} />
            </div>
          ))}
          {earlierCso.length > 0 && (
            <details>
              <summary>{t.earlierAssessments(earlierCso.length)}</summary>
              <ul className="plain">
                {earlierCso.map((a) => (
                  <li key={a.id}>
                    {orgName(a.orgId)}, {date(a.date)}: {t.percent(a.percent)} — {a.narrative}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
        <div className="view">
          <h3>{t.committeeView}</h3>
          {observations.length + committeeViews.length === 0 && <p className="muted">{t.noObservations}</p>}
          {committeeViews.map((a) => (
            <p key={a.id}>
              <strong>{t.percent(a.percent)}</strong> — {a.narrative} ({orgName(a.orgId)}, {date(a.date)})
            </p>
          ))}
          {observations.map((r) => (
            <p key={r.id}>
              {r.text}{' '}
              <span className="muted">
                ({orgName(r.orgId)}, {date(r.date)})
              </span>{' '}
              <DemoBadge show={r.demo} />
            </p>
          ))}
        </div>
      </div>
    </section>
  );
}

/** The committee's evaluation: the level it gave (and the one suggested), and whether it opened government. */
function EvaluationSummary({
  evaluation,
  orgName,
}: {
  evaluation: NonNullable<CommitmentResponse['evaluation']>;
  orgName: (orgId: string) => string;
}) {
  const { t, date } = useI18n();
  return (
    <section aria-labelledby="evaluation-title" className="card evaluation-summary" data-testid="commitment-evaluation">
      <h2 id="evaluation-title">{t.evaluation}</h2>
      <dl>
        <dt>{t.committeeLevel}</dt>
        <dd>
          <strong>{t.levels[evaluation.level]}</strong>{' '}
          <span className="muted">
            ({t.suggestedLevel}: {t.levels[evaluation.suggestedLevel]}, {t.percent(evaluation.progressAtEvaluation)})
          </span>
          {evaluation.reason && <p>{evaluation.reason}</p>}
        </dd>
        <dt>{t.openedGovernment}</dt>
        <dd>
          {evaluation.openedGovernmentLevel ? (
            <strong>{t.openedLevels[evaluation.openedGovernmentLevel]}</strong>
          ) : (
            <span className="muted">{t.notEvaluated}</span>
          )}
          {evaluation.openedGovernment && <p>{evaluation.openedGovernment}</p>}
        </dd>
      </dl>
      <p className="muted">{t.evaluatedBy(orgName(evaluation.orgId), date(evaluation.date))}</p>
    </section>
  );
}

/** The reports and the review meetings, oldest first. */
function CommitmentHistory({
  data,
  written,
  evidenceById,
}: {
  data: CommitmentResponse;
  written: string;
  evidenceById: EvidenceById;
}) {
  const { t } = useI18n();
  const { keyActions, reports, reviews, organizations } = data;
  const keyActionById = new Map(keyActions.map((k) => [k.id, k]));
  const meetings = reviews.filter((r) => r.kind === 'meeting');
  const orgName = (orgId: string) => orgShortName(organizations, orgId);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t.history}</h2>
      <p className="muted">{t.historyIntro}</p>
      {reports.length === 0 && <p>{t.noReports}</p>}
      <ol className="history" data-testid="report-history">
        {[
          ...meetings.map((m) => ({ kind: 'meeting' as const, date: m.date, item: m })),
          ...reports.map((r) => ({ kind: 'report' as const, date: r.date, item: r })),
        ]
          .sort((a, b) => a.date.localeCompare(b.date))
          .map(({ kind, item }) =>
            kind === 'meeting' ? (
              <MeetingItem key={item.id} meeting={item} orgName={orgName} evidenceById={evidenceById} />
            ) : (
              <ReportItem
                key={item.id}
                report={item}
                keyAction={keyActionById.get(item.keyActionId)?.title ?? ''}
                orgName={orgName}
                written={written}
                evidenceById={evidenceById}
              />
            ),
          )}
      </ol>
    </section>
  );
}

/** A review meeting in the history: what was said, who took part, what was agreed, its minutes. */
function MeetingItem({
  meeting,
  orgName,
  evidenceById,
}: {
  meeting: CommitmentResponse['reviews'][number];
  orgName: (orgId: string) => string;
  evidenceById: EvidenceById;
}) {
  const { t, date } = useI18n();
  return (
    <li className="history-item meeting">
      <p className="history-head">
        <strong>{t.meeting}</strong> · {date(meeting.date)}
      </p>
      <p>{meeting.text}</p>
      {meeting.participantOrgIds?.length ? (
        <p>
          <strong>{t.participants}:</strong> {meeting.participantOrgIds.map(orgName).join(', ')}
        </p>
      ) : null}
      {meeting.agreements && (
        <p>
          <strong>{t.agreements}:</strong> {meeting.agreements}
        </p>
      )}
      <EvidenceList ids={meeting.minutesEvidenceIds ?? []} byId={evidenceById} />
    </li>
  );
}

/** A report in the history: its figure, key action and author, its text (or why it was withdrawn), its evidence. */
function ReportItem({
  report,
  keyAction,
  orgName,
  written,
  evidenceById,
}: {
  report: CommitmentResponse['reports'][number];
  keyAction: string;
  orgName: (orgId: string) => string;
  written: string;
  evidenceById: EvidenceById;
}) {
  const { t, date, lang } = useI18n();
  return (
    <li
      id={reportAnchor(report.id)}
      className={`history-item ${report.status === 'withdrawn' ? 'withdrawn' : ''}`}
      data-testid="report"
    >
      <p className="history-head">
        <strong>{report.percent !== undefined ? t.percent(report.percent) : t.withdrawn}</strong> · {keyAction} ·{' '}
        {t.reportBy(orgName(report.orgId), date(report.date))} <DemoBadge show={report.demo} />
      </p>
      {report.status === 'withdrawn' ? (
        <p>{t.withdrawnBecause(report.withdrawnReason ?? '')}</p>
      ) : (
        <p lang={written}>{report.narrative}</p>
      )}
      {report.correctedBy && <p className="muted">{t.correctedBy}</p>}
      {report.corrects && <p className="muted">{t.corrects}</p>}
      <EvidenceList ids={report.evidenceIds} byId={evidenceById} />
      {report.status === 'published' && (
        <details className="ask-about-report">
          <summary>{questionMessages(lang).askAboutReport}</summary>
          <AskForm
            path={`/reports/${encodeURIComponent(report.id)}/questions`}
            heading={questionMessages(lang).askAboutReport}
          />
        </details>
      )}
    </li>
  );
}

function Timeline({
  keyActions,
  start,
  end,
  organizations,
  written,
  unstated,
}: {
  keyActions: CommitmentResponse['keyActions'];
  start: string;
  end: string;
  organizations: Organizations;
  /** The plan's own language, which the key actions' titles are written in. */
  written: string;
  unstated: Unstated;
}) {
  const { t, date } = useI18n();
  if (keyActions.length === 0) return null;
  const first = [start, ...keyActions.map((k) => k.startDate)].sort()[0] as string;
  const today = new Date().toISOString().slice(0, 10);
  // The span reaches today, so "today" is marked even long after the plan's end: how late is seen.
  const last = [end, today, ...keyActions.map((k) => k.endDate)].sort().pop() as string;
  const todayAt = expectedProgress(first, last, today);
  return (
    <section aria-labelledby="timeline-title" className="timeline">
      <h2 id="timeline-title">{t.timeline}</h2>
      <p className="muted timeline-scale" aria-hidden="true">
        <span>{date(first)}</span>
        {last !== today && <span>{date(last)}</span>}
        <span
          className={`timeline-today-label${todayAt > 80 ? ' at-end' : ''}`}
          style={{ left: `${todayAt}%` }}
          data-testid="timeline-today-label"
        >
          {t.todayMark(date(today))}
        </span>
      </p>
      <ol>
        {keyActions.map((k) => (
          <li key={k.id} className="timeline-row">
            <div className="timeline-label">
              <strong lang={written}>
                {k.number}. {k.title}
              </strong>{' '}
              <DemoBadge show={k.demo} />
              <br />
              <span className="muted">
                {t.planned}:{' '}
                <Stated missing={unstated.keyActionStart(k.number)} says={t.startNotStated} value={date(k.startDate)} />{' '}
                – {date(k.endDate)} · {t.reported}: {t.percent(k.progress)} · <StateBadge state={k.scheduleState} /> ·{' '}
                <OrgList ids={k.responsibleOrgIds} orgs={organizations} />
              </span>
              {k.delay && (
                <DelayExplained delay={k.delay} organizations={organizations} written={written} testId="delay" short />
              )}
            </div>
            <TimelineTrack
              span={{ start: first, end: last }}
              planned={k}
              progress={k.progress}
              state={k.scheduleState}
              today={{ date: today, label: t.today }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A date or text as the plan states it, or, where its source did not, saying so in its place. */
function Stated({ missing, says, value }: { missing: boolean; says: string; value: string }) {
  return missing ? <span className="unconfirmed">{says}</span> : value;
}
