import { lazy, useId, useState } from 'react';
import { commitmentProgress, countingReports, keyActionProgress, roundPercent } from '../../../../shared/src/progress';
import { reportPublicationProblem } from '../../../../shared/src/rules/publication';
import type { Commitment, KeyAction, Plan, ProgressReport } from '../../../../shared/src/types';
import { unstatedIn } from '../../../../shared/src/unstated';
import { TimelineTrack } from '../../ui/timeline-track';
import { withdrawReport } from '../commands/reports';
import { day } from '../dates';
import { go, useSyncStatus } from '../hooks';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import { useOrgShortName } from '../queries/organisations';
import {
  allPlans,
  commitmentById,
  commitmentsOfPlan,
  keyActionById,
  keyActionsOfCommitment,
  keyActionsOfPlan,
  planById,
} from '../queries/plans';
import { publishedReportsOfPlan, reportsOfCommitment, reportsOfKeyAction } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { answeredEmpty, NotOnDevice } from './not-on-device';
import { Trail, titleIn } from './trail';

// The committee's and co-leading organisations' forms: loaded only for those who see them.
const AssessmentForm = lazy(() => import('./commitment-actions').then((m) => ({ default: m.AssessmentForm })));
const EvaluationForm = lazy(() => import('./evaluation-form').then((m) => ({ default: m.EvaluationForm })));
const MeetingForm = lazy(() => import('./commitment-actions').then((m) => ({ default: m.MeetingForm })));
const ObservationForm = lazy(() => import('./review').then((m) => ({ default: m.ObservationForm })));

function Bar({ value, label, t }: { value: number; label: string; t: typeof es }) {
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
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-value">{t.percentFigure(value)}</span>
    </div>
  );
}

const asFacts = (r: Local<ProgressReport>) => ({ ...r, _id: r.id });

/** Progress from the reports on this device, counting only those the publisher would publish. */
const keyActionPercent = (keyAction: Local<KeyAction>, reports: Local<ProgressReport>[], plan: Local<Plan>) =>
  keyActionProgress(
    reports
      .filter(
        (r) => r.keyActionId === keyAction.id && !reportPublicationProblem(r, keyAction, { ...plan, _id: plan.id }),
      )
      .map(asFacts),
  );
const commitmentPercent = (keyActions: Local<KeyAction>[], reports: Local<ProgressReport>[], plan: Local<Plan>) =>
  roundPercent(
    commitmentProgress(keyActions.map((k) => ({ weight: k.weight, progress: keyActionPercent(k, reports, plan) }))),
  );

export function PlansScreen({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const plans = useQuery(workspace.local, allPlans());
  // Never synced: an empty list means "not here yet", not "no plans".
  const firstSync = !useSyncStatus(workspace).lastSync;
  if (!plans) return <p>{t.loading}</p>;
  return (
    <section>
      <h2>{t.plans}</h2>
      {plans.length === 0 && firstSync && (
        <p role="status" data-testid="plans-downloading">
          {t.plansDownloading}
        </p>
      )}
      <ul className="plain">
        {plans.map((p) => (
          <li key={p.id}>
            <a href={`#/plan/${encodeURIComponent(p.id)}`}>{titleIn(t, p)}</a>{' '}
            <span className="muted">
              ({day(t.lang, p.startDate)} – {day(t.lang, p.endDate)})
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PlanScreen({
  workspace,
  t,
  planId,
  mineOnly,
  setMineOnly,
}: {
  workspace: Workspace;
  t: typeof es;
  planId: string;
  mineOnly: boolean;
  setMineOnly: (v: boolean) => void;
}) {
  const commitments = useQuery(workspace.local, commitmentsOfPlan(planId));
  const keyActions = useQuery(workspace.local, keyActionsOfPlan(planId));
  const reports = useQuery(workspace.local, publishedReportsOfPlan(planId));
  const planDocs = useQuery(workspace.local, planById(planId));
  const plan = planDocs?.[0];
  if (answeredEmpty(planDocs)) return <NotOnDevice t={t} />;
  if (!commitments || !keyActions || !reports || !plan) return <p>{t.loading}</p>;
  const org = workspace.myOrg();
  const mine = (c: Local<Commitment>) =>
    Boolean(org) &&
    (c.responsibleOrgIds.includes(org as string) ||
      c.coResponsibleOrgIds.includes(org as string) ||
      keyActions.some((k) => k.commitmentId === c.id && k.responsibleOrgIds.includes(org as string)));
  const shown = commitments.filter((c) => !mineOnly || mine(c)).sort((a, b) => a.number - b.number);
  const progressOf = (c: Local<Commitment>) =>
    commitmentPercent(
      keyActions.filter((k) => k.commitmentId === c.id),
      reports,
      plan,
    );
  return (
    <section>
      <h1>{titleIn(t, plan)}</h1>
      <label className="checkbox">
        <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} /> {t.mine}
      </label>
      <h2>{t.commitments}</h2>
      <ol className="cards" data-testid="app-commitments">
        {shown.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <a href={`#/commitment/${encodeURIComponent(c.id)}`}>
                <span className="number">{c.number}.</span> {titleIn(t, c)}
              </a>
            </h3>
            <Bar value={progressOf(c)} label={titleIn(t, c)} t={t} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function CommitmentScreen({ workspace, t, id }: { workspace: Workspace; t: typeof es; id: string }) {
  const commitment = useQuery(workspace.local, commitmentById(id));
  const keyActions = useQuery(workspace.local, keyActionsOfCommitment(id));
  const reports = useQuery(workspace.local, reportsOfCommitment(id));
  const plan = useQuery(workspace.local, planById(commitment?.[0]?.planId))?.[0];
  const c = commitment?.[0];
  if (answeredEmpty(commitment)) return <NotOnDevice t={t} />;
  if (!c || !keyActions || !reports || !plan) return <p>{t.loading}</p>;
  const org = workspace.myOrg();
  const progress = commitmentPercent(keyActions, reports, plan);
  const unstated = unstatedIn(c.unverifiedFields);
  // A closed plan is read-only for everyone (the server's rules say so): nothing to write is offered.
  const open = !plan.closed;
  const isCommittee = open && workspace.identity.roles.includes('committee');
  const coLeads =
    open && Boolean(org && c.coResponsibleOrgIds.includes(org) && workspace.identity.roles.includes('reporter'));
  const start = [c.startDate, ...keyActions.map((k) => k.startDate)].sort()[0] as string;
  const end = [c.endDate, ...keyActions.map((k) => k.endDate)].sort().pop() as string;
  return (
    <section>
      <Trail t={t} plan={plan} />
      <h1>
        {c.number}. {titleIn(t, c)}
      </h1>
      {!open && <p className="notice">{t.planClosed}</p>}
      {/* The plan's own text, in the plan's own language; the title above may have an English version. */}
      <p lang={plan.languages?.[0] ?? 'es'}>{c.objective}</p>
      <h2>{t.keyActions}</h2>
      <ol className="plain timeline">
        {[...keyActions]
          .sort((a, b) => a.number - b.number)
          .map((k) => {
            const progress = keyActionPercent(k, reports, plan);
            return (
              <li key={k.id} className="timeline-row">
                <div className="timeline-label">
                  <a href={`#/keyAction/${encodeURIComponent(k.id)}`}>
                    {k.number}. {k.title}
                  </a>
                  <br />
                  <span className="muted">
                    {t.planned}: {unstated.keyActionStart(k.number) ? t.startNotStated : day(t.lang, k.startDate)} –{' '}
                    {day(t.lang, k.endDate)} · {t.percentFigure(progress)}
                    {k.demo ? ` · ${t.demoData}` : ''}
                  </span>
                </div>
                <TimelineTrack span={{ start, end }} planned={k} progress={progress} state="onTrack" />
              </li>
            );
          })}
      </ol>
      {coLeads && <AssessmentForm workspace={workspace} t={t} commitment={c} />}
      {isCommittee && (
        <>
          <section className="card" aria-labelledby="observation-title">
            <h2 id="observation-title">{t.observation}</h2>
            <ObservationForm workspace={workspace} t={t} planId={c.planId} commitmentId={c.id} />
          </section>
          <MeetingForm
            workspace={workspace}
            t={t}
            commitment={c}
            orgIds={[...new Set([...c.responsibleOrgIds, ...c.coResponsibleOrgIds, ...(plan?.committeeOrgIds ?? [])])]}
          />
          <EvaluationForm workspace={workspace} t={t} commitment={c} progress={progress} />
        </>
      )}
    </section>
  );
}

export function KeyActionScreen({ workspace, t, id }: { workspace: Workspace; t: typeof es; id: string }) {
  const keyAction = useQuery(workspace.local, keyActionById(id));
  const reports = useQuery(workspace.local, reportsOfKeyAction(id));
  const k = keyAction?.[0];
  const plan = useQuery(workspace.local, planById(k?.planId))?.[0];
  const commitment = useQuery(workspace.local, commitmentById(k?.commitmentId))?.[0];
  const orgName = useOrgShortName(workspace.local);
  if (answeredEmpty(keyAction)) return <NotOnDevice t={t} />;
  if (!k || !reports || !plan) return <p>{t.loading}</p>;
  const org = workspace.myOrg();
  const open = !plan.closed;
  const canReport =
    open && Boolean(org && k.responsibleOrgIds.includes(org) && workspace.identity.roles.includes('reporter'));
  const committee = open && workspace.identity.roles.includes('committee');
  const dates = new Map(reports.map((r) => [r.id, r.date]));
  // Marked as the public history marks them: a corrected report stays, but no longer counts.
  const correctedIds = new Set(
    countingReports(reports.map(asFacts))
      .map((r) => r.corrects)
      .filter(Boolean),
  );
  return (
    <section>
      <Trail t={t} plan={plan} commitment={commitment} />
      <h1>{k.title}</h1>
      <p className="muted">
        {t.planned}:{' '}
        {unstatedIn(commitment?.unverifiedFields).keyActionStart(k.number)
          ? t.startNotStated
          : day(t.lang, k.startDate)}{' '}
        – {day(t.lang, k.endDate)} · {t.responsible}: {k.responsibleOrgIds.map(orgName).join(', ')}
      </p>
      {!open && <p className="notice">{t.planClosed}</p>}
      {canReport && (
        <button type="button" className="primary" onClick={() => go('new', id)}>
          {t.newReport}
        </button>
      )}
      <h2>{t.history}</h2>
      {reports.length === 0 && <p>{t.noReports}</p>}
      <ol className="history" data-testid="app-history">
        {[...reports]
          .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt))
          .map((r) => (
            <li key={r.id} className="history-item" data-testid="app-report">
              <p className="history-head">
                <strong>{t.percentFigure(r.percent)}</strong> · {day(t.lang, r.date)} ·{' '}
                <span className={`status status-${r.status}`}>{t.statuses[r.status]}</span> · {orgName(r.orgId)}
                {r.demo && (
                  <>
                    {' '}
                    <span className="demo-badge">{t.demoData}</span>
                  </>
                )}
              </p>
              <p>{r.narrative}</p>
              {r.status === 'returned' && r.returnReason && (
                <p className="sync-error">{t.returnedBecause(r.returnReason)}</p>
              )}
              {open && (r.status === 'draft' || r.status === 'returned') && r.orgId === org && (
                <a href={`#/report/${encodeURIComponent(r.id)}`}>{t.editReport}</a>
              )}
              {correctedIds.has(r.id) && (
                <p className="muted" data-testid="corrected">
                  {t.correctedLater}
                </p>
              )}
              {r.corrects && <p className="muted">{t.corrects(day(t.lang, dates.get(r.corrects) ?? r.corrects))}</p>}
              {r.status === 'withdrawn' && r.withdrawnReason && (
                <p className="muted">{t.withdrawnBecause(r.withdrawnReason)}</p>
              )}
              {r.status === 'published' && ((canReport && r.orgId === org) || committee) && (
                <PublishedReportActions workspace={workspace} t={t} report={r} canCorrect={r.orgId === org} />
              )}
            </li>
          ))}
      </ol>
    </section>
  );
}

/** Correct (a new report that points to this one) or withdraw (with the reason shown publicly). */
function PublishedReportActions({
  workspace,
  t,
  report,
  canCorrect,
}: {
  workspace: Workspace;
  t: typeof es;
  report: Local<ProgressReport>;
  canCorrect: boolean;
}) {
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const reasonId = useId();
  if (!withdrawing)
    return (
      <p className="actions">
        {canCorrect && (
          <button type="button" onClick={() => go('correct', report.id)}>
            {t.correct}
          </button>
        )}
        <button type="button" onClick={() => setWithdrawing(true)}>
          {t.withdraw}
        </button>
      </p>
    );
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const problem = await withdrawReport(workspace.commands, report, reason);
        setRefusal(problem);
        if (!problem) setWithdrawing(false);
      }}
    >
      <label className="wide" htmlFor={reasonId}>
        {t.withdrawReason}
      </label>
      <textarea
        id={reasonId}
        className="wide"
        rows={2}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {refusal && (
        <p className="sync-error wide" role="alert">
          {refusal}
        </p>
      )}
      <div className="actions wide">
        <button type="submit" className="primary" disabled={!reason.trim()}>
          {t.confirmWithdraw}
        </button>
        <button type="button" onClick={() => setWithdrawing(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
