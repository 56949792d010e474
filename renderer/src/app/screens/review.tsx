import { useState } from 'react';
import type { Commitment, Evidence, KeyAction, ProgressReport } from '../../../../shared/src/types';
import { addObservation, decideReport } from '../commands/review';
import { useDocs } from '../hooks';
import type { Local } from '../local-docs';
import type { es } from '../messages';
import type { Workspace } from '../workspace';

/**
 * The committee's queue: reports submitted for review (validate, or return with a reason the
 * reporter sees), and the latest published ones, each open to an observation, public or internal.
 */
export function ReviewScreen({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const submitted = useDocs<Local<ProgressReport>>(workspace.local.workspace, {
    type: 'progressReport',
    status: 'submitted',
  });
  const published = useDocs<Local<ProgressReport>>(workspace.local.workspace, {
    type: 'progressReport',
    status: 'published',
  });
  if (!submitted || !published) return <p>{t.loading}</p>;
  const recent = [...published]
    .sort((a, b) => (b.reviewedAt ?? b.createdAt).localeCompare(a.reviewedAt ?? a.createdAt))
    .slice(0, 10);
  return (
    <section>
      <h1>{t.reviewQueue}</h1>
      <h2>{t.waitingReview}</h2>
      {submitted.length === 0 && <p>{t.nothingWaiting}</p>}
      <ol className="plain" data-testid="review-queue">
        {submitted.map((r) => (
          <ReviewItem key={r.id} workspace={workspace} t={t} report={r} />
        ))}
      </ol>
      <h2>{t.recentlyPublished}</h2>
      <ol className="plain">
        {recent.map((r) => (
          <ReviewItem key={r.id} workspace={workspace} t={t} report={r} />
        ))}
      </ol>
    </section>
  );
}

function ReviewItem({ workspace, t, report }: { workspace: Workspace; t: typeof es; report: Local<ProgressReport> }) {
  const keyAction = useDocs<Local<KeyAction>>(workspace.local.workspace, { id: report.keyActionId })?.[0];
  const commitment = useDocs<Local<Commitment>>(workspace.local.workspace, { id: report.commitmentId })?.[0];
  const evidence = useDocs<Local<Evidence>>(workspace.local.workspace, { id: { $in: report.evidenceIds } }) ?? [];
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const decide = async (decision: 'published' | 'returned') => {
    const refusal = await decideReport(workspace.commands, report, evidence, decision, reason);
    setMessage(refusal ?? (decision === 'published' ? t.validated : t.returned));
  };

  return (
    <li className="card" data-testid="review-item">
      <h3>
        {commitment ? `${commitment.number}. ${commitment.title}` : report.commitmentId} —{' '}
        {keyAction?.title ?? report.keyActionId}
      </h3>
      <p>
        <strong>{report.percent} %</strong> · {report.date} · {report.orgId.replace(/^org:/, '').toUpperCase()} ·{' '}
        {t.statuses[report.status]}
      </p>
      <p>{report.narrative}</p>
      {evidence.length > 0 && (
        <ul className="evidence">
          {evidence.map((e) => (
            <li key={e.id}>
              {t.evidence}: {e.title} {e.file ? `(${e.file.mediaType})` : e.url}
            </li>
          ))}
        </ul>
      )}
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
      <ObservationForm
        workspace={workspace}
        t={t}
        planId={report.planId}
        commitmentId={report.commitmentId}
        reportId={report.id}
      />
      {message && (
        <p role="status" className="ok">
          {message}
        </p>
      )}
    </li>
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
  const [message, setMessage] = useState<string | null>(null);
  const observe = async () => {
    const refusal = await addObservation(workspace.commands, {
      planId,
      commitmentId,
      ...(reportId ? { reportId } : {}),
      text: note,
      visibility,
    });
    setMessage(refusal ?? t.observationSaved);
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
      {message && (
        <p role="status" className="ok wide">
          {message}
        </p>
      )}
    </div>
  );
}
