import { useState } from 'react';
import { dismiss, saveCombined } from '../commands/conflicts';
import { plainRefusal } from '../commands/save';
import type { es } from '../messages';
import { type Issue, issuesWaiting } from '../queries/issues';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';
import { ConflictVersions } from './conflict-card';
import { FilesWaiting } from './files-waiting';

/** Conflicts and refusals: shown until the person decides; nothing is dropped silently. */
export function IssuesPanel({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  return (
    <>
      <FilesWaiting workspace={workspace} t={t} />
      <DecisionsPanel workspace={workspace} t={t} />
    </>
  );
}

function DecisionsPanel({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const issues = useQuery(workspace.local, issuesWaiting());
  if (!issues || issues.length === 0) return null;
  const remove = (id: string) => dismiss(workspace.commands, id);
  return (
    <section className="issues" aria-labelledby="issues-title" data-testid="issues">
      <h2 id="issues-title">{t.issues}</h2>
      <ul className="plain">
        {issues.map((issue) => (
          <li key={issue.id} className="card">
            {issue.kind === 'refused' ? (
              <>
                <p>
                  <strong>{issue.docId}</strong>:{' '}
                  {t.refused(issue.refusal ? plainRefusal(issue.refusal, t.lang) : (issue.reason ?? ''))}
                </p>
                <button type="button" onClick={() => remove(issue.id)}>
                  {t.dismiss}
                </button>
              </>
            ) : (
              <>
                <p>{t.conflict}</p>
                <ConflictVersions workspace={workspace} t={t} issue={issue} />
                {issue.mine?.narrative !== undefined && <Merge workspace={workspace} t={t} issue={issue} />}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Both versions' text in one editable draft, saved over the server's version. */
function Merge({ workspace, t, issue }: { workspace: Workspace; t: typeof es; issue: Issue }) {
  const mine = issue.mine as Record<string, unknown>;
  const theirs = (issue.theirs ?? issue.mine) as Record<string, unknown>;
  const [open, setOpen] = useState(false);
  const [percent, setPercent] = useState(Number(mine.percent ?? 0));
  const [narrative, setNarrative] = useState(
    mine.narrative === theirs.narrative
      ? String(mine.narrative ?? '')
      : `${String(mine.narrative ?? '')}\n\n${String(theirs.narrative ?? '')}`,
  );
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t.merge}
      </button>
    );
  const save = async () => {
    const refusal = await saveCombined(workspace.commands, issue, { percent, narrative });
    // Once saved, the conflict leaves the list, and this form with it.
    setError(refusal);
  };
  return (
    <div className="form">
      <label>
        {t.percent}
        <input type="number" min={0} max={100} value={percent} onChange={(e) => setPercent(Number(e.target.value))} />
      </label>
      <label className="wide">
        {t.narrative}
        <textarea rows={4} value={narrative} onChange={(e) => setNarrative(e.target.value)} />
      </label>
      {error && (
        <p className="sync-error wide" role="alert">
          {error}
        </p>
      )}
      <div className="actions wide">
        <button type="button" className="primary" onClick={save}>
          {t.saveMerged}
        </button>
      </div>
    </div>
  );
}
