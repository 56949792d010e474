import { type DragEvent, type FormEvent, useState } from 'react';
import { adminCall, fileBody } from './api';
import { type ColumnChoices, ColumnMapping, mappingWith } from './column-mapping';
import { Feedback } from './feedback';
import { type Outcome, useAction } from './hooks';
import type { AdminMessages } from './messages';
import { Submit } from './parts';
import { type WordChoice, WordMapping, wordsMapping } from './word-mapping';

type Counts = { created: number; updated: number; unchanged: number };
interface ImportResult {
  summary: Counts & { byType: Record<string, Counts> };
  notes: string[];
  newOrganizations: { id: string; name: string; kind: string }[];
  planId: string;
  dryRun: boolean;
  unreadHeaders: string[];
}

/** Import from a sheet: dropped or chosen, checked first (what would be created, changed, inferred, every problem), then written. */
export function PlanImport({ t, onImported }: { t: AdminMessages; onImported: () => void }) {
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportResult>();
  const [request, setRequest] = useState<Record<string, unknown>>();
  const [choices, setChoices] = useState<ColumnChoices>({});
  const [words, setWords] = useState<WordChoice[]>([]);
  const [outcome, act] = useAction();
  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setPreview(undefined);
    setChoices({});
  };
  const check = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    void act(async () => {
      setPreview(undefined);
      if (!file) throw new Error(t.plans.importHelp);
      const map = mappingWith(typedMapping(text('map'), t), choices, wordsMapping(words));
      const settings = Object.fromEntries(
        ['id', 'country', 'title', 'startDate', 'endDate'].map((f) => [f, text(f)]).filter(([, v]) => v),
      );
      const body = { file: await fileBody(file), settings, ...(map ? { map } : {}), lang: t.lang };
      setPreview(await adminCall<ImportResult>('POST', 'plans/import', { ...body, dryRun: true }));
      setRequest(body);
      return undefined;
    });
  };
  const write = () =>
    void act(async () => {
      const done = await adminCall<ImportResult>('POST', 'plans/import', request);
      setPreview(undefined);
      onImported();
      return t.plans.imported(done.summary.created, done.summary.updated);
    });
  return (
    <section aria-labelledby="import-title" className="panel">
      <h2 id="import-title">{t.plans.importTitle}</h2>
      <form className="form" onSubmit={check}>
        <SheetDrop file={file} t={t} onFile={choose} />
        <PlanFields t={t} />
        <div className="wide">
          <ColumnMapping
            headers={preview?.unreadHeaders ?? outcome.error?.unreadHeaders ?? []}
            choices={choices}
            t={t}
            onChange={setChoices}
          />
        </div>
        <details className="wide">
          <summary>{t.plans.wordsTitle}</summary>
          <WordMapping words={words} t={t} onChange={setWords} />
        </details>
        <Submit label={t.plans.preview} />
      </form>
      <SheetFeedback outcome={outcome} t={t} />
      {preview && <ImportPreview result={preview} t={t} onImport={write} />}
    </section>
  );
}

/** The mapping typed as JSON, if any; a typing mistake is refused before anything is sent. */
function typedMapping(text: string, t: AdminMessages): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(t.problemIn(t.fields.map ?? 'map', 'JSON'));
  }
}

/** The file, dropped on the zone or chosen; a new one starts the check over. */
function SheetDrop({ file, t, onFile }: { file?: File; t: AdminMessages; onFile: (file: File | undefined) => void }) {
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    <label
      className={`drop wide${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <span id="drop-help">{t.plans.importHelp}</span>
      <input
        type="file"
        accept=".csv,.xlsx,.json"
        aria-describedby="drop-help"
        aria-label={t.plans.chooseFile}
        onChange={(e) => onFile(e.target.files?.[0])}
      />
      {file && <span>{t.plans.chosen(file.name)}</span>}
    </label>
  );
}

/** What the page says of the plan a sheet is for, and a mapping typed as JSON. */
function PlanFields({ t }: { t: AdminMessages }) {
  return (
    <>
      <label>
        {t.plans.planId}
        <input name="id" required pattern="[a-z0-9][a-z0-9._\-]*" />
      </label>
      <label>
        {t.fields.country}
        <input name="country" />
      </label>
      <label className="wide">
        {t.fields.title}
        <input name="title" />
      </label>
      <label>
        {t.fields.startDate}
        <input name="startDate" type="date" />
      </label>
      <label>
        {t.fields.endDate}
        <input name="endDate" type="date" />
      </label>
      <label className="wide">
        {t.plans.mapping}
        <textarea name="map" rows={2} aria-describedby="map-help" />
        <span id="map-help" className="help">
          {t.plans.mappingHelp}
        </span>
      </label>
    </>
  );
}

/** A sheet's problems, each by row and column; any other refusal or outcome as every form shows it. */
function SheetFeedback({ outcome, t }: { outcome: Outcome; t: AdminMessages }) {
  const problems = outcome.error?.problems ?? [];
  if (problems.length === 0) return <Feedback outcome={outcome} t={t} />;
  return (
    <div className="refusal" role="alert">
      <p>{t.plans.problems(problems.length)}</p>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function ImportPreview({ result, t, onImport }: { result: ImportResult; t: AdminMessages; onImport: () => void }) {
  return (
    <section aria-labelledby="preview-title" className="preview">
      <h3 id="preview-title">{t.plans.previewTitle}</h3>
      <p>{t.plans.nothingWritten}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.fields.kind}</th>
            <th scope="col">{t.plans.created}</th>
            <th scope="col">{t.plans.updated}</th>
            <th scope="col">{t.plans.unchanged}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(result.summary.byType).map(([type, c]) => (
            <tr key={type}>
              <th scope="row">{t.plans.types[type] ?? type}</th>
              <td>{c.created}</td>
              <td>{c.updated}</td>
              <td>{c.unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.newOrganizations.length > 0 && (
        <>
          <h4>{t.plans.newOrgs}</h4>
          <ul className="columns">
            {result.newOrganizations.map((o) => (
              <li key={o.id}>
                {o.name} — {t.orgs.kinds[o.kind] ?? o.kind}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.notes.length > 0 && (
        <>
          <h4>{t.plans.notes}</h4>
          <ul>
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="primary" onClick={onImport}>
        {t.plans.doImport}
      </button>
    </section>
  );
}
