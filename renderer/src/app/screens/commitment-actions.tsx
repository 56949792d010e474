import { useEffect, useState } from 'react';
import { currentAssessments } from '../../../../shared/src/assessments';
import { isWebAddress } from '../../../../shared/src/schemas';
import type { Assessment, Commitment, Evidence } from '../../../../shared/src/types';
import type { PickedFile } from '../../platform/bridge';
import { recordMeeting, saveAssessment } from '../commands/commitment';
import { day } from '../dates';
import { type Local, orgCode, today } from '../local-docs';
import type { es } from '../messages';
import { useOrgNames } from '../queries/organisations';
import { assessmentsOf, evidenceByIds } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { FilesField } from './files-field';
import { Message, outcome, type Said } from './said';

/**
 * A co-responsible CSO's own view of the commitment, shown beside the government's, never merged:
 * a draft until published, with its evidence; a new one replaces the organisation's current one.
 */
export function AssessmentForm({
  workspace,
  t,
  commitment,
}: {
  workspace: Workspace;
  t: typeof es;
  commitment: Local<Commitment>;
}) {
  const { draft, current, earlier, attached } = useAssessments(workspace, commitment);
  const [percent, setPercent] = useState(0);
  const [narrative, setNarrative] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [link, setLink] = useState({ title: '', url: '' });
  const [detach, setDetach] = useState<string[]>([]);
  const [message, setMessage] = useState<Said>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const start = draft ?? current;
  useEffect(() => {
    if (start && loaded !== start.id) {
      setPercent(start.percent);
      setNarrative(start.narrative);
      setLoaded(start.id);
    }
  }, [start, loaded]);

  const save = async (status: 'draft' | 'published') => {
    const stored = await workspace.outbox.store(files);
    const refusal = await saveAssessment(workspace.commands, commitment, {
      status,
      percent,
      narrative,
      ...(draft ? { draft } : {}),
      ...(current ? { current } : {}),
      attached: attached ?? [],
      detach,
      files: stored,
      links: isWebAddress(link.url) ? [link] : [],
    });
    setMessage(outcome(refusal, status === 'draft' ? t.assessmentDraftSaved : t.assessmentSaved));
    if (refusal) return;
    void workspace.outbox.flush();
    setFiles([]);
    setLink({ title: '', url: '' });
    setDetach([]);
  };
  return (
    <section className="card" aria-labelledby="assessment-title">
      <h2 id="assessment-title">{t.csoAssessment}</h2>
      {current && (
        <p data-testid="current-assessment">{t.currentAssessment(current.percent, day(t.lang, current.date))}</p>
      )}
      <div className="form">
        <label>
          {t.percent}
          <input type="number" min={0} max={100} value={percent} onChange={(e) => setPercent(Number(e.target.value))} />
        </label>
        <label className="wide">
          {t.assessmentNarrative}
          <textarea rows={3} value={narrative} onChange={(e) => setNarrative(e.target.value)} />
        </label>
        <fieldset className="wide">
          <legend>{t.evidence}</legend>
          <AttachedList
            t={t}
            attached={(attached ?? []).filter((e) => !detach.includes(e.id))}
            onDetach={(id) => setDetach([...detach, id])}
          />
          <FilesField t={t} files={files} onChange={setFiles} />
          <LinkFields t={t} link={link} onChange={setLink} />
        </fieldset>
        <div className="actions wide">
          <button type="button" disabled={!narrative.trim()} onClick={() => save('draft')}>
            {t.saveDraft}
          </button>
          <button type="button" className="primary" disabled={!narrative.trim()} onClick={() => save('published')}>
            {t.publish}
          </button>
        </div>
      </div>
      <Message said={message} />
      {earlier.length > 0 && <EarlierAssessments t={t} earlier={earlier} />}
    </section>
  );
}

/**
 * The organisation's assessments of the commitment: its draft, its current published one (what
 * the dashboard shows), the earlier ones newest first, and the draft's evidence.
 */
function useAssessments(workspace: Workspace, commitment: Local<Commitment>) {
  const mine = useQuery(workspace.local, assessmentsOf(commitment.id, workspace.myOrg()));
  const draft = mine?.find((a) => a.status === 'draft');
  const published = (mine ?? []).filter((a) => a.status === 'published');
  const current = currentAssessments(published)[0];
  const earlier = published.filter((a) => a !== current).sort((a, b) => b.date.localeCompare(a.date));
  const attached = useQuery(workspace.local, evidenceByIds(draft?.evidenceIds ?? []));
  return { draft, current, earlier, attached };
}

function EarlierAssessments({ t, earlier }: { t: typeof es; earlier: Local<Assessment>[] }) {
  return (
    <details>
      <summary>{t.earlierAssessments(earlier.length)}</summary>
      <ul className="plain">
        {earlier.map((a) => (
          <li key={a.id}>
            {day(t.lang, a.date)}: {t.percentFigure(a.percent)} — {a.narrative}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** A link to attach: its title and web address (attached on save when the address is one). */
function LinkFields({
  t,
  link,
  onChange,
}: {
  t: typeof es;
  link: { title: string; url: string };
  onChange: (link: { title: string; url: string }) => void;
}) {
  return (
    <div className="link-form">
      <label>
        {t.linkTitle}
        <input value={link.title} onChange={(e) => onChange({ ...link, title: e.target.value })} />
      </label>
      <label>
        {t.linkUrl}
        <input type="url" value={link.url} onChange={(e) => onChange({ ...link, url: e.target.value })} />
      </label>
    </div>
  );
}

/** A review meeting: date, who took part, agreements, and the minutes as evidence; public on the dashboard. */
export function MeetingForm({
  workspace,
  t,
  commitment,
  orgIds,
}: {
  workspace: Workspace;
  t: typeof es;
  commitment: Local<Commitment>;
  orgIds: string[];
}) {
  const names = useOrgNames(workspace.local);
  const [date, setDate] = useState(today());
  const [participants, setParticipants] = useState<string[]>([]);
  const [agreements, setAgreements] = useState('');
  const [summary, setSummary] = useState('');
  const [minutes, setMinutes] = useState<PickedFile[]>([]);
  const [message, setMessage] = useState<Said>(null);
  const save = async () => {
    const stored = await workspace.outbox.store(minutes);
    const refusal = await recordMeeting(workspace.commands, commitment, {
      date,
      participantOrgIds: participants,
      agreements,
      summary,
      minutes: stored,
    });
    void workspace.outbox.flush();
    setMessage(outcome(refusal, t.meetingSaved));
    if (refusal) return;
    // Recorded: the form starts again, so pressing save once more does not record it twice.
    setParticipants([]);
    setAgreements('');
    setSummary('');
    setMinutes([]);
  };
  return (
    <section className="card" aria-labelledby="meeting-title">
      <h2 id="meeting-title">{t.meeting}</h2>
      <div className="form">
        <label>
          {t.meetingDate}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <ParticipantsField t={t} orgIds={orgIds} names={names} chosen={participants} onChange={setParticipants} />
        <label className="wide">
          {t.meetingSummary}
          <textarea rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </label>
        <label className="wide">
          {t.agreements}
          <textarea rows={3} value={agreements} onChange={(e) => setAgreements(e.target.value)} />
        </label>
        <fieldset className="wide">
          <legend>{t.minutes}</legend>
          <FilesField t={t} files={minutes} onChange={setMinutes} />
        </fieldset>
        <div className="actions wide">
          <button type="button" className="primary" disabled={!summary.trim()} onClick={save}>
            {t.saveMeeting}
          </button>
        </div>
      </div>
      <Message said={message} />
    </section>
  );
}

/** The organisations on the commitment, each a checkbox: who took part in the meeting. */
function ParticipantsField({
  t,
  orgIds,
  names,
  chosen,
  onChange,
}: {
  t: typeof es;
  orgIds: string[];
  names: Map<string, string>;
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <fieldset className="wide">
      <legend>{t.participants}</legend>
      {orgIds.map((id) => (
        <label key={id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, id] : chosen.filter((p) => p !== id))}
          />
          {names.get(id) ?? orgCode(id)}
        </label>
      ))}
    </fieldset>
  );
}

/** The draft's evidence, each with a button that takes it off. */
function AttachedList({
  t,
  attached,
  onDetach,
}: {
  t: typeof es;
  attached: Local<Evidence>[];
  onDetach: (id: string) => void;
}) {
  return (
    <ul className="plain">
      {attached.map((e) => (
        <li key={e.id}>
          {e.title}{' '}
          <button type="button" className="link" onClick={() => onDetach(e.id)}>
            {t.remove(e.title)}
          </button>
        </li>
      ))}
    </ul>
  );
}
