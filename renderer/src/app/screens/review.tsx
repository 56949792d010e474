import { useId, useState } from 'react';
import { viewableType } from '../../../../shared/src/evidence-files';
import type { Evidence, ProgressReport } from '../../../../shared/src/types';
import { FileViewer, formatSize } from '../../ui/file-viewer';
import { mediaKind } from '../../ui/media-kind';
import { addObservation, decideReport } from '../commands/review';
import { day } from '../dates';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import { useOrgShortName } from '../queries/organisations';
import { allPlans, commitmentById, keyActionById } from '../queries/plans';
import { evidenceByIds, reportsForReview } from '../queries/reports';
import { waitsForReview } from '../queries/review-waiting';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { Message, outcome, type Said } from './said';

/**
 * The committee's queue, one plan at a time: a compact list (reports waiting for review, those
 * returned and not yet back, the latest published) and one detail pane, where the evidence opens
 * and the report is validated or returned with a reason. The confirmation stays on screen.
 */
export function ReviewScreen({ workspace, t, reportId }: { workspace: Workspace; t: typeof es; reportId?: string }) {
  const plans = useQuery(workspace.local, allPlans());
  const reports = useQuery(workspace.local, reportsForReview());
  const [chosenPlan, setChosenPlan] = useState<string | null>(null);
  // Opened from the inbox on one report (`#/review/{id}`): that report, in its plan.
  const [selected, setSelected] = useState<string | null>(reportId ?? null);
  const [confirmation, setConfirmation] = useState<Said>(null);
  const planSelect = useId();
  if (!plans || !reports) return <p>{t.loading}</p>;
  const waitingCounts = new Map<string, number>();
  for (const r of reports) if (waitsForReview(r)) waitingCounts.set(r.planId, (waitingCounts.get(r.planId) ?? 0) + 1);
  const waitingIn = (planId: string) => waitingCounts.get(planId) ?? 0;
  const ordered = [...plans].sort((a, b) => waitingIn(b.id) - waitingIn(a.id) || a.title.localeCompare(b.title));
  // The plan shown first is the one with most reports waiting; it stays chosen as they are decided.
  const planId = chosenPlan ?? reports.find((r) => r.id === reportId)?.planId ?? ordered[0]?.id ?? '';
  if (!chosenPlan && planId) setChosenPlan(planId);
  const ofPlan = reports.filter((r) => r.planId === planId);
  const byDate = (a: Local<ProgressReport>, b: Local<ProgressReport>) =>
    (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt);
  const waiting = ofPlan.filter(waitsForReview).sort(byDate);
  const returned = ofPlan.filter((r) => r.status === 'returned').sort(byDate);
  const recent = ofPlan
    .filter((r) => r.status === 'published')
    .sort((a, b) => (b.reviewedAt ?? b.createdAt).localeCompare(a.reviewedAt ?? a.createdAt))
    .slice(0, 10);
  const current = ofPlan.find((r) => r.id === selected) ?? waiting[0];
  const groups = [
    { title: t.waitingReview, items: waiting, testId: 'review-queue', empty: t.nothingWaiting },
    { title: t.returnedWaiting, items: returned, testId: 'review-returned' },
    { title: t.recentlyPublished, items: recent, testId: 'review-recent' },
  ];
  return (
    <section className="review">
      <h1>{t.reviewQueue}</h1>
      <div className="review-plan">
        <label htmlFor={planSelect}>{t.planLabel}</label>
        <select
          id={planSelect}
          value={planId}
          onChange={(e) => {
            setChosenPlan(e.target.value);
            setSelected(null);
          }}
        >
          {ordered.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title} ({waitingIn(p.id)})
            </option>
          ))}
        </select>
      </div>
      <Message said={confirmation} testId="review-confirmation" />
      <div className="review-panes">
        <nav aria-label={t.reportsList} className="review-list">
          {groups.map((group) => (
            <div key={group.testId}>
              <h2>
                {group.title} ({group.items.length})
              </h2>
              {group.items.length === 0 && group.empty && <p className="muted">{group.empty}</p>}
              <ul className="plain" data-testid={group.testId}>
                {group.items.map((r) => (
                  <li key={r.id}>
                    <QueueEntry
                      workspace={workspace}
                      report={r}
                      t={t}
                      current={r.id === current?.id}
                      onOpen={() => setSelected(r.id)}
                    />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="review-detail" data-testid="review-detail">
          {current ? (
            <ReviewDetail key={current.id} workspace={workspace} t={t} report={current} onDecided={setConfirmation} />
          ) : (
            <p className="muted">{t.chooseReport}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function QueueEntry({
  workspace,
  report,
  t,
  current,
  onOpen,
}: {
  workspace: Workspace;
  report: Local<ProgressReport>;
  t: typeof es;
  current: boolean;
  onOpen: () => void;
}) {
  const orgName = useOrgShortName(workspace.local);
  const keyAction = useQuery(workspace.local, keyActionById(report.keyActionId))?.[0];
  const commitment = useQuery(workspace.local, commitmentById(report.commitmentId))?.[0];
  return (
    <button type="button" className="queue-entry" data-testid="review-item" aria-current={current} onClick={onOpen}>
      <strong>
        {commitment?.number ?? '?'}.{keyAction?.number ?? '?'} · {t.percentFigure(report.percent)}
      </strong>{' '}
      <span className="muted">
        {orgName(report.orgId)} · {day(t.lang, report.date)}
      </span>
      <span className="queue-snippet">{report.narrative}</span>
    </button>
  );
}

function ReviewDetail({
  workspace,
  t,
  report,
  onDecided,
}: {
  workspace: Workspace;
  t: typeof es;
  report: Local<ProgressReport>;
  onDecided: (said: Said) => void;
}) {
  const keyAction = useQuery(workspace.local, keyActionById(report.keyActionId))?.[0];
  const commitment = useQuery(workspace.local, commitmentById(report.commitmentId))?.[0];
  const evidence = useQuery(workspace.local, evidenceByIds(report.evidenceIds)) ?? [];
  const orgName = useOrgShortName(workspace.local);
  const [reason, setReason] = useState('');

  const decide = async (decision: 'published' | 'returned') => {
    const refusal = await decideReport(workspace.commands, report, evidence, decision, reason);
    const what = `${commitment?.number ?? ''}.${keyAction?.number ?? ''} ${keyAction?.title ?? ''}`.trim();
    onDecided(outcome(refusal, decision === 'published' ? t.validated(what) : t.returned(reason.trim())));
  };
  return (
    <article>
      <h2>
        {commitment ? `${commitment.number}. ${commitment.title}` : report.commitmentId} —{' '}
        {keyAction?.title ?? report.keyActionId}
      </h2>
      <p>
        <strong>{t.percentFigure(report.percent)}</strong> · {day(t.lang, report.date)} · {orgName(report.orgId)} ·{' '}
        <span className={`status status-${report.status}`}>{t.statuses[report.status]}</span>
      </p>
      <p>{report.narrative}</p>
      {report.status === 'returned' && report.returnReason && (
        <p className="sync-error">{t.returnedBecause(report.returnReason)}</p>
      )}
      <ReportEvidence t={t} evidence={evidence} server={workspace.identity.server} />
      {report.status === 'submitted' && (
        <div className="form">
          <label className="wide">
            {t.returnReason}
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="actions wide">
            <button type="button" className="primary" onClick={() => decide('published')}>
              {t.validate}
            </button>
            <button type="button" disabled={!reason.trim()} onClick={() => decide('returned')}>
              {t.returnReport}
            </button>
          </div>
        </div>
      )}
      <details>
        <summary>{t.observation}</summary>
        <ObservationForm
          workspace={workspace}
          t={t}
          planId={report.planId}
          commitmentId={report.commitmentId}
          reportId={report.id}
        />
      </details>
    </article>
  );
}

/** The report's evidence: files to view in the page or download, and links. */
function ReportEvidence({ t, evidence, server }: { t: typeof es; evidence: Local<Evidence>[]; server: string }) {
  const [open, setOpen] = useState<Local<Evidence> | null>(null);
  const fileUrl = (e: Local<Evidence>, inline: boolean) =>
    `${server}/api/files/${e.file?.sha256}?evidence=${encodeURIComponent(e.id)}${inline ? '&inline=1' : ''}`;
  return (
    <>
      {evidence.length > 0 && (
        <ul className="evidence" aria-label={t.evidence}>
          {evidence.map((e) => (
            <li key={e.id}>
              {e.file && viewableType(e.file.mediaType) ? (
                <button type="button" className="link" onClick={() => setOpen(e)}>
                  {t.viewFile(e.title)}
                </button>
              ) : e.file ? (
                <a href={fileUrl(e, false)} download={e.file.name}>
                  {e.title} ({mediaKind(e.file.mediaType)}, {formatSize(e.file.size)})
                </a>
              ) : (
                <a href={e.url} target="_blank" rel="noopener noreferrer">
                  {e.title}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {open?.file && (
        <FileViewer
          title={open.title}
          src={fileUrl(open, true)}
          mediaType={open.file.mediaType}
          download={{ href: fileUrl(open, false), name: open.file.name, size: formatSize(open.file.size) }}
          labels={{ download: t.downloadFile, close: t.close, note: t.viewerNote }}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

/** A committee observation on a commitment, or on one of its reports: public, or internal to the workspace. */
export function ObservationForm({
  workspace,
  t,
  planId,
  commitmentId,
  reportId,
}: {
  workspace: Workspace;
  t: typeof es;
  planId: string;
  commitmentId: string;
  reportId?: string;
}) {
  const [note, setNote] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [message, setMessage] = useState<Said>(null);
  const observe = async () => {
    const refusal = await addObservation(workspace.commands, {
      planId,
      commitmentId,
      ...(reportId ? { reportId } : {}),
      text: note,
      visibility,
    });
    setMessage(outcome(refusal, t.observationSaved));
    if (!refusal) setNote('');
  };
  return (
    <div className="form">
      <label className="wide">
        {t.observation}
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <label>
        {t.visibility}
        <select value={visibility} onChange={(e) => setVisibility(e.target.value as 'public' | 'internal')}>
          <option value="public">{t.public}</option>
          <option value="internal">{t.internal}</option>
        </select>
      </label>
      <div className="actions">
        <button type="button" disabled={!note.trim()} onClick={observe}>
          {t.addObservation}
        </button>
      </div>
      <Message said={message} className="wide" />
    </div>
  );
}
