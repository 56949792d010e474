import { type DragEvent, useEffect, useState } from 'react';
import { keyActionProgress } from '../../../../shared/src/progress';
import { reportPublicationProblem } from '../../../../shared/src/rules/publication';
import { isWebAddress } from '../../../../shared/src/schemas';
import type { Status } from '../../../../shared/src/types';
import { type PickedFile, platform, readFile } from '../../platform/bridge';
import { mediaKind } from '../../ui/media-kind';
import { saveReport } from '../commands/reports';
import { go } from '../hooks';
import { now } from '../local-docs';
import type { es } from '../messages';
import { commitmentById, keyActionById, planById } from '../queries/plans';
import { evidenceByIds, reportById, reportsOfKeyAction } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { sortPicked } from './files-field';
import { answeredEmpty, NotOnDevice } from './not-on-device';
import { Message, type Said } from './said';
import { Trail } from './trail';

interface NewLink {
  title: string;
  url: string;
}

/** The form's fields a refusal can be shown beside (the report's fields of the same names). */
const FIELDS = ['percent', 'date', 'narrative'] as const;
type Field = (typeof FIELDS)[number];

export function ReportEditor({
  workspace,
  t,
  keyActionId,
  reportId,
  correctsId,
  justSaved = false,
}: {
  workspace: Workspace;
  t: typeof es;
  keyActionId?: string;
  reportId?: string;
  /** A published report to correct: the new report starts from its figure, text and evidence. */
  correctsId?: string;
  /** Shown right after a new report's first save, so the person knows it is kept. */
  justSaved?: boolean;
}) {
  const existing = useQuery(workspace.local, reportById(reportId));
  const report = existing?.[0];
  const correctedDocs = useQuery(workspace.local, reportById(correctsId ?? report?.corrects));
  const corrected = correctedDocs?.[0];
  const kaId = keyActionId ?? report?.keyActionId ?? corrected?.keyActionId ?? '';
  const keyActionDocs = useQuery(workspace.local, keyActionById(kaId));
  const keyAction = keyActionDocs?.[0];
  const plan = useQuery(workspace.local, planById(keyAction?.planId))?.[0];
  const commitment = useQuery(workspace.local, commitmentById(keyAction?.commitmentId))?.[0];
  const attachedIds = report?.evidenceIds ?? (correctsId ? corrected?.evidenceIds : undefined) ?? [];
  const attached = useQuery(workspace.local, evidenceByIds(attachedIds));
  const history = useQuery(workspace.local, reportsOfKeyAction(kaId));
  const [detach, setDetach] = useState<string[]>([]);
  const [percent, setPercent] = useState(0);
  const [narrative, setNarrative] = useState('');
  const [date, setDate] = useState(now().slice(0, 10));
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [links, setLinks] = useState<NewLink[]>([]);
  const [link, setLink] = useState<NewLink>({ title: '', url: '' });
  const [message, setMessage] = useState<Said>(justSaved ? { kind: 'ok', text: t.firstSaved } : null);
  const [loaded, setLoaded] = useState(false);
  // A new report's 0 is a blank, not a figure: nothing is lowered before the person gives one.
  const [typed, setTyped] = useState(false);

  useEffect(() => {
    const start = report ?? (correctsId ? corrected : undefined);
    if (start && !loaded) {
      setPercent(start.percent);
      setNarrative(start.narrative);
      setDate(start.date);
      setLoaded(true);
    }
  }, [report, corrected, correctsId, loaded]);

  if (
    (reportId && answeredEmpty(existing)) ||
    (correctsId && answeredEmpty(correctedDocs)) ||
    (kaId && answeredEmpty(keyActionDocs))
  )
    return <NotOnDevice t={t} />;
  if (!keyAction || (reportId && !report) || (correctsId && !corrected)) return <p>{t.loading}</p>;
  // A refusal that names one of the form's fields is shown beside that field.
  const refusedField = message?.kind === 'error' ? FIELDS.find((f) => f === message.field) : undefined;
  const fieldError = (field: Field) =>
    refusedField === field && message ? (
      <span id={`${field}-refusal`} className="field-refusal" role="alert">
        {message.text}
      </span>
    ) : null;
  const invalid = (field: Field) =>
    refusedField === field ? { 'aria-invalid': true, 'aria-describedby': `${field}-refusal` } : {};
  // The key action's progress now, counted as the publisher counts it, without this report.
  const others = (history ?? []).filter((r) => r.id !== report?.id);
  const current =
    plan && others.some((r) => r.status === 'published')
      ? keyActionProgress(
          others
            .filter((r) => !reportPublicationProblem(r, keyAction, { ...plan, _id: plan.id }))
            .map((r) => ({ ...r, _id: r.id })),
        )
      : null;

  const addFiles = (picked: PickedFile[]) => {
    const { kept, refused } = sortPicked(t, picked);
    setMessage(refused.length ? { kind: 'error', text: refused.join(' ') } : null);
    setFiles((current) => [...current, ...kept]);
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    addFiles(await Promise.all([...event.dataTransfer.files].map(readFile)));
  };

  const save = async (status: Status) => {
    const stored = await workspace.outbox.store(files);
    const { refusal, id } = await saveReport(workspace.commands, {
      keyAction,
      ...(report ? { report } : {}),
      attached: attached ?? [],
      status,
      percent,
      narrative,
      date,
      files: stored,
      links,
      detach,
      ...(correctsId ? { corrects: correctsId } : {}),
    });
    if (refusal) return setMessage({ kind: 'error', ...refusal });
    void workspace.outbox.flush();
    setFiles([]);
    setLinks([]);
    setDetach([]);
    setMessage({ kind: 'ok', text: t.saved });
    if (status !== 'draft') go('keyAction', keyAction.id);
    else if (!report) go('report', id, 'saved');
  };

  return (
    <section className="editor">
      <Trail t={t} plan={plan} commitment={commitment} keyAction={keyAction} />
      <h1>{corrected ? t.correctReport : report ? t.editReport : t.newReport}</h1>
      <p className="muted">{keyAction.title}</p>
      {corrected && <p className="notice">{t.correctsNotice(corrected.date)}</p>}
      {report?.status === 'returned' && report.returnReason && (
        <p className="sync-error">{t.returnedBecause(report.returnReason)}</p>
      )}
      <form onSubmit={(e) => e.preventDefault()} className="form">
        <div className="field">
          <label>
            {t.percent}
            <input
              name="percent"
              type="number"
              min={0}
              max={100}
              step={1}
              value={percent}
              onChange={(e) => {
                setPercent(Number(e.target.value));
                setTyped(true);
              }}
              {...invalid('percent')}
            />
          </label>
          {fieldError('percent')}
        </div>
        <div className="field">
          <label>
            {t.date}
            <input
              name="date"
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              {...invalid('date')}
            />
          </label>
          {fieldError('date')}
        </div>
        <div className="field wide">
          <label>
            {t.narrative}
            <textarea
              name="narrative"
              rows={5}
              value={narrative}
              onChange={(e) => setNarrative(e.target.value)}
              {...invalid('narrative')}
            />
          </label>
          {fieldError('narrative')}
        </div>
        <fieldset className="wide dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <legend>{t.evidence}</legend>
          <ul className="plain" data-testid="evidence-list">
            {(attached ?? [])
              .filter((e) => !detach.includes(e.id))
              .map((e) => (
                <li key={e.id}>
                  {e.file
                    ? `${e.title} (${mediaKind(e.file.mediaType)}, ${Math.ceil(e.file.size / 1024)} KB)`
                    : `${e.title} — ${e.url}`}{' '}
                  {(e.status === 'draft' || e.status === 'published') && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setDetach([...detach, e.id]);
                        setMessage(null);
                      }}
                    >
                      {t.remove(e.title)}
                    </button>
                  )}
                </li>
              ))}
            {files.map((f) => (
              <li key={f.name}>
                {f.name} ({f.type}, {Math.ceil(f.size / 1024)} KB){' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setFiles(files.filter((x) => x !== f));
                    setMessage(null);
                  }}
                >
                  {t.remove(f.name)}
                </button>
              </li>
            ))}
            {links.map((l) => (
              <li key={l.url}>
                {l.title} — {l.url}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setLinks(links.filter((x) => x !== l));
                    setMessage(null);
                  }}
                >
                  {t.remove(l.title || l.url)}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={async () => addFiles(await platform().pickFiles())}>
            {t.addFiles}
          </button>{' '}
          <span className="muted">{t.dropHere}</span>
          <input
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={async (e) => addFiles(await Promise.all([...(e.target.files ?? [])].map(readFile)))}
          />
          <div className="link-form">
            <label>
              {t.linkTitle}
              <input value={link.title} onChange={(e) => setLink({ ...link, title: e.target.value })} />
            </label>
            <label>
              {t.linkUrl}
              <input type="url" value={link.url} onChange={(e) => setLink({ ...link, url: e.target.value })} />
            </label>
            <button
              type="button"
              disabled={!isWebAddress(link.url)}
              onClick={() => {
                setLinks([...links, link]);
                setLink({ title: '', url: '' });
              }}
            >
              {t.addLink}
            </button>
          </div>
        </fieldset>
        {!refusedField && <Message said={message} className="wide" />}
        {(typed || loaded) && current !== null && percent < current && (
          <p className="warning wide" data-testid="lowers-progress">
            {t.lowersProgress(current, percent)}
          </p>
        )}
        <div className="actions wide">
          <button type="button" onClick={() => save('draft')}>
            {t.saveDraft}
          </button>
          {plan?.reviewRequired ? (
            <button type="button" className="primary" onClick={() => save('submitted')}>
              {t.submit}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => save('published')}>
              {t.publish}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
