import type { Issue } from '../../db/database.js';
import { useDocs } from '../hooks';
import type { es } from '../messages';
import { toDoc, type Workspace } from '../workspace';

/** Conflicts and refusals: shown until the person decides; nothing is dropped silently. */
export function IssuesPanel({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const issues = useDocs<Issue>(workspace.local.issues as never, {});
  if (!issues || issues.length === 0) return null;
  const remove = async (id: string) => (await workspace.local.issues.findOne(id).exec())?.remove();
  const keepMine = async (issue: Issue) => {
    if (!issue.mine) return;
    const refusal = await workspace.save(toDoc({ ...issue.mine }));
    if (!refusal) await remove(issue.id);
  };
  return (
    <section className="issues" aria-labelledby="issues-title" data-testid="issues">
      <h2 id="issues-title">{t.issues}</h2>
      <ul className="plain">
        {issues.map((issue) => (
          <li key={issue.id} className="card">
            {issue.kind === 'refused' ? (
              <>
                <p>
                  <strong>{issue.docId}</strong>: {t.refused(issue.reason ?? '')}
                </p>
                <button type="button" onClick={() => remove(issue.id)}>
                  {t.dismiss}
                </button>
              </>
            ) : (
              <>
                <p>{t.conflict}</p>
                <div className="view-grid">
                  <div className="view">
                    <h3>{t.yours}</h3>
                    <p>
                      {String(issue.mine?.percent ?? '')} % — {String(issue.mine?.narrative ?? '')}
                    </p>
                    <button type="button" onClick={() => keepMine(issue)}>
                      {t.keepMine}
                    </button>
                  </div>
                  <div className="view">
                    <h3>{t.theirs}</h3>
                    <p>
                      {String(issue.theirs?.percent ?? '')} % — {String(issue.theirs?.narrative ?? '')}
                    </p>
                    <button type="button" onClick={() => remove(issue.id)}>
                      {t.keepTheirs}
                    </button>
                  </div>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
