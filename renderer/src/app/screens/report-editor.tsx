import { type DragEvent, useEffect, useState } from 'react';
import { keyActionProgress } from '../../../../shared/src/progress';
import { reportPublicationProblem } from '../../../../shared/src/rules/publication';
import { isWebAddress } from '../../../../shared/src/schemas';
import type { Evidence, KeyAction, Status } from '../../../../shared/src/types';
import { type PickedFile, platform, readFile } from '../../platform/bridge';
import { mediaKind } from '../../ui/media-kind';
import { saveReport } from '../commands/reports';
import { go } from '../hooks';
import { type Local, now } from '../local-docs';
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

interface EditorProps {
  workspace: Workspace;
  t: typeof es;
  keyActionId?: string;
  reportId?: string;
  /** A published report to correct: the new report starts from its figure, text and evidence. */
  correctsId?: string;
  /** Shown right after a new report's first save, so the person knows it is kept. */
  justSaved?: boolean;
}

/** What the editor reads from the device: the report, the one it corrects, and where they belong. */
function useReportDocs(workspace: Workspace, { keyActionId, reportId, correctsId }: EditorProps) {
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
  const missing =
    (reportId && answeredEmpty(existing)) ||
    (correctsId && answeredEmpty(correctedDocs)) ||
    (kaId && answeredEmpty(keyActionDocs));
  return { report, corrected, keyAction, plan, commitment, attached, history, missing: Boolean(missing) };
}

type ReportDocs = ReturnType<typeof useReportDocs>;

/** The key action's progress now, counted as the publisher counts it, without this report. */
function progressWithout({ history, report, plan }: ReportDocs, keyAction: Local<KeyAction>): number | null {
  const others = (history ?? []).filter((r) => r.id !== report?.id);
  if (!plan || !others.some((r) => r.status === 'published')) return null;
  return keyActionProgress(
    others
      .filter((r) => !reportPublicationProblem(r, keyAction, { ...plan, _id: plan.id }))
      .map((r) => ({ ...r, _id: r.id })),
  );
}

/** The form's own state: the figure, text and date (from the report once it is read), the new evidence. */
function useReportForm(docs: ReportDocs, correctsId: string | undefined) {
  const [detach, setDetach] = useState<string[]>([]);
  const [percent, setPercent] = useState(0);
  const [narrative, setNarrative] = useState('');
  const [date, setDate] = useState(now().slice(0, 10));
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [links, setLinks] = useState<NewLink[]>([]);
  const [loaded, setLoaded] = useState(false);
  // A new report's 0 is a blank, not a figure: nothing is lowered before the person gives one.
  const [typed, setTyped] = useState(false);
  const { report, corrected } = docs;

  useEffect(() => {
    const start = report ?? (correctsId ? corrected : undefined);
    if (start && !loaded) {
      setPercent(start.percent);
      setNarrative(start.narrative);
      setDate(start.date);
      setLoaded(true);
    }
  }, [report, corrected, correctsId, loaded]);

  return {
    detach,
    setDetach,
    percent,
    setPercent: (value: number) => {
      setPercent(value);
      setTyped(true);
    },
    narrative,
    setNarrative,
    date,
    setDate,
    files,
    setFiles,
    links,
    setLinks,
    /** The person gave a figure, or the report's was read: a lower one can be warned of. */
    figureGiven: typed || loaded,
  };
}

type ReportForm = ReturnType<typeof useReportForm>;

export function ReportEditor(props: EditorProps) {
  const { workspace, t, correctsId, justSaved = false } = props;
  const docs = useReportDocs(workspace, props);
  const form = useReportForm(docs, correctsId);
  const [message, setMessage] = useState<Said>(justSaved ? { kind: 'ok', text: t.firstSaved } : null);
  const { report, corrected, keyAction, plan, commitment, attached } = docs;

  if (docs.missing) return <NotOnDevice t={t} />;
  if (!keyAction || (props.reportId && !report) || (correctsId && !corrected)) return <p>{t.loading}</p>;
  // A refusal that names one of the form's fields is shown beside that field.
  const refusedField = message?.kind === 'error' ? FIELDS.find((f) => f === message.field) : undefined;
  const current = progressWithout(docs, keyAction);

  const save = async (status: Status) => {
    const stored = await workspace.outbox.store(form.files);
    const { refusal, id } = await saveReport(workspace.commands, {
      keyAction,
      ...(report ? { report } : {}),
      attached: attached ?? [],
      status,
      percent: form.percent,
      narrative: form.narrative,
      date: form.date,
      files: stored,
      links: form.links,
      detach: form.detach,
      ...(correctsId ? { corrects: correctsId } : {}),
    });
    if (refusal) return setMessage({ kind: 'error', ...refusal });
    void workspace.outbox.flush();
    form.setFiles([]);
    form.setLinks([]);
    form.setDetach([]);
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
        <ReportFields t={t} form={form} message={refusedField ? message : null} refusedField={refusedField} />
        <EvidenceFieldset t={t} form={form} attached={attached ?? []} setMessage={setMessage} />
        {!refusedField && <Message said={message} className="wide" />}
        {form.figureGiven && current !== null && form.percent < current && (
          <p className="warning wide" data-testid="lowers-progress">
            {t.lowersProgress(current, form.percent)}
          </p>
        )}
        <SaveButtons t={t} reviewRequired={Boolean(plan?.reviewRequired)} save={save} />
      </form>
    </section>
  );
}

/** A draft is kept; a report is submitted to the committee where the plan asks for review, else published. */
function SaveButtons({
  t,
  reviewRequired,
  save,
}: {
  t: typeof es;
  reviewRequired: boolean;
  save: (status: Status) => void;
}) {
  return (
    <div className="actions wide">
      <button type="button" onClick={() => save('draft')}>
        {t.saveDraft}
      </button>
      {reviewRequired ? (
        <button type="button" className="primary" onClick={() => save('submitted')}>
          {t.submit}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => save('published')}>
          {t.publish}
        </button>
      )}
    </div>
  );
}

/** The figure, date and text, each with the refusal that names it beside it. */
function ReportFields({
  t,
  form,
  message,
  refusedField,
}: {
  t: typeof es;
  form: ReportForm;
  message: Said;
  refusedField: Field | undefined;
}) {
  const fieldError = (field: Field) =>
    refusedField === field && message ? (
      <span id={`${field}-refusal`} className="field-refusal" role="alert">
        {message.text}
      </span>
    ) : null;
  const invalid = (field: Field) =>
    refusedField === field ? { 'aria-invalid': true, 'aria-describedby': `${field}-refusal` } : {};
  return (
    <>
      <div className="field">
        <label>
          {t.percent}
          <input
            name="percent"
            type="number"
            min={0}
            max={100}
            step={1}
            value={form.percent}
            onChange={(e) => form.setPercent(Number(e.target.value))}
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
            value={form.date}
            onChange={(e) => form.setDate(e.target.value)}
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
            value={form.narrative}
            onChange={(e) => form.setNarrative(e.target.value)}
            {...invalid('narrative')}
          />
        </label>
        {fieldError('narrative')}
      </div>
    </>
  );
}

interface EvidenceProps {
  t: typeof es;
  form: ReportForm;
  attached: Local<Evidence>[];
  setMessage: (said: Said) => void;
}

/** The evidence: what is attached (each can be taken off), the files and links being added. */
function EvidenceFieldset({ t, form, attached, setMessage }: EvidenceProps) {
  const { setFiles, links, setLinks } = form;
  const addFiles = (picked: PickedFile[]) => {
    const { kept, refused } = sortPicked(t, picked);
    setMessage(refused.length ? { kind: 'error', text: refused.join(' ') } : null);
    setFiles((current) => [...current, ...kept]);
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    addFiles(await Promise.all([...event.dataTransfer.files].map(readFile)));
  };
  return (
    <fieldset className="wide dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <legend>{t.evidence}</legend>
      <EvidenceList t={t} form={form} attached={attached} setMessage={setMessage} />
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
      <LinkForm t={t} onAdd={(link) => setLinks([...links, link])} />
    </fieldset>
  );
}

/** What the report will carry: its evidence (less what is taken off), the files and links added. */
function EvidenceList({ t, form, attached, setMessage }: EvidenceProps) {
  const { files, setFiles, links, setLinks, detach, setDetach } = form;
  const removeButton = (label: string, remove: () => void) => (
    <button
      type="button"
      className="link"
      onClick={() => {
        remove();
        setMessage(null);
      }}
    >
      {t.remove(label)}
    </button>
  );
  return (
    <ul className="plain" data-testid="evidence-list">
      {attached
        .filter((e) => !detach.includes(e.id))
        .map((e) => (
          <li key={e.id}>
            {e.file
              ? `${e.title} (${mediaKind(e.file.mediaType)}, ${Math.ceil(e.file.size / 1024)} KB)`
              : `${e.title} — ${e.url}`}{' '}
            {(e.status === 'draft' || e.status === 'published') &&
              removeButton(e.title, () => setDetach([...detach, e.id]))}
          </li>
        ))}
      {files.map((f) => (
        <li key={f.name}>
          {f.name} ({f.type}, {Math.ceil(f.size / 1024)} KB){' '}
          {removeButton(f.name, () => setFiles(files.filter((x) => x !== f)))}
        </li>
      ))}
      {links.map((l) => (
        <li key={l.url}>
          {l.title} — {l.url} {removeButton(l.title || l.url, () => setLinks(links.filter((x) => x !== l)))}
        </li>
      ))}
    </ul>
  );
}

/** A link to add as evidence: a title and a web address. */
function LinkForm({ t, onAdd }: { t: typeof es; onAdd: (link: NewLink) => void }) {
  const [link, setLink] = useState<NewLink>({ title: '', url: '' });
  return (
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
          onAdd(link);
          setLink({ title: '', url: '' });
        }}
      >
        {t.addLink}
      </button>
    </div>
  );
}
