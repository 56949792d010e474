import type { ProgressReport } from '../../../../shared/src/types';
import { day } from '../dates';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import { issuesWaiting } from '../queries/issues';
import { organizationById, useOrgShortName } from '../queries/organisations';
import { assessmentDraftsOf, draftsAndReturnedOf } from '../queries/reports';
import { useWaitingForReview } from '../queries/review-waiting';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { DeadlineLines, useDeadlines } from './deadlines';
import { QuestionsWaitingLines, useQuestionsWaiting } from './questions';

/**
 * The first screen's "waiting for me": who is signed in, the reports waiting for the committee's
 * review (for its members), the organisation's drafts, the reports the committee returned (with
 * the reason), and the conflicts and refusals waiting for a decision.
 */
export function Inbox({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const org = workspace.myOrg();
  const reports = useQuery(workspace.local, draftsAndReturnedOf(org));
  const assessmentDrafts = useQuery(workspace.local, assessmentDraftsOf(org));
  const organizations = useQuery(workspace.local, organizationById(org));
  const issues = useQuery(workspace.local, issuesWaiting());
  const toReview = useWaitingForReview(workspace) ?? [];
  const questions = useQuestionsWaiting(workspace);
  const deadlines = useDeadlines(workspace);
  const questionCount = (questions?.toModerate.length ?? 0) + (questions?.toAnswer.length ?? 0);
  const orgShortName = useOrgShortName(workspace.local);
  const orgName = organizations?.[0]?.acronym ?? organizations?.[0]?.name ?? org;
  const drafts = (reports ?? []).filter((r) => r.status === 'draft');
  const returned = (reports ?? []).filter((r) => r.status === 'returned');
  const short = shortText;
  const line = (r: Local<ProgressReport>) => (
    <a href={`#/report/${encodeURIComponent(r.id)}`}>
      {t.percentFigure(r.percent)} · {day(t.lang, r.date)} — {short(r.narrative)}
    </a>
  );
  const drafted = assessmentDrafts ?? [];
  return (
    <section className="inbox" aria-labelledby="inbox-title" data-testid="inbox">
      <h1 id="inbox-title">{t.inbox}</h1>
      <p className="muted">{t.signedInAs(workspace.identity.name, orgName || '—')}</p>
      {issues && issues.length > 0 && (
        <p>
          <a href="#issues-title">{t.issuesWaiting(issues.length)}</a>
        </p>
      )}
      {toReview.length > 0 && <WaitingForReview reports={toReview} orgName={orgShortName} t={t} />}
      <QuestionsWaitingLines waiting={questions} t={t} />
      <DeadlineLines due={deadlines} t={t} />
      {returned.length > 0 && (
        <>
          <h2>{t.returnedToMe}</h2>
          <ul className="plain">
            {returned.map((r) => (
              <li key={r.id}>
                {line(r)}
                {r.returnReason && (
                  <p className="sync-error">
                    {t.returnReasonLabel}: {r.returnReason}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {drafts.length + drafted.length > 0 && (
        <>
          <h2>{t.myDrafts}</h2>
          <ul className="plain">
            {drafts.map((r) => (
              <li key={r.id}>{line(r)}</li>
            ))}
            {drafted.map((a) => (
              <li key={a.id}>
                <a href={`#/commitment/${encodeURIComponent(a.commitmentId)}`}>
                  {t.assessmentDraft(a.percent)} — {short(a.narrative)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {reports &&
        drafts.length +
          drafted.length +
          returned.length +
          toReview.length +
          questionCount +
          (deadlines?.length ?? 0) ===
          0 &&
        !issues?.length && <p>{t.inboxEmpty}</p>}
    </section>
  );
}

/** For committee members: how many reports wait for their review, each one a link to it on the review screen. */
function WaitingForReview({
  reports,
  orgName,
  t,
}: {
  reports: Local<ProgressReport>[];
  orgName: (id: string) => string;
  t: typeof es;
}) {
  return (
    <>
      <h2>{t.waitingForMyReview}</h2>
      <p>
        <a href="#/review">{t.reportsWaitReview(reports.length)}</a>
      </p>
      <ul className="plain" data-testid="inbox-review">
        {reports.map((r) => (
          <li key={r.id}>
            <a href={`#/review/${encodeURIComponent(r.id)}`}>
              {orgName(r.orgId)} · {t.percentFigure(r.percent)} · {day(t.lang, r.date)} — {shortText(r.narrative)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

const shortText = (text: string) => (text.length > 90 ? `${text.slice(0, 90)}…` : text);
