import { evidenceChoices, evidenceOf, keepMine, keepTheirs } from '../commands/conflicts';
import { conflictText } from '../conflict-messages';
import type { LocalDoc } from '../local-docs';
import type { es } from '../messages';
import type { Issue } from '../queries/issues';
import { evidenceByIds } from '../queries/reports';
import { useQuery } from '../queries/use-query';
import type { Workspace } from '../workspace';

/**
 * Both versions of a conflicting document side by side: figure, text and evidence (files and
 * links), and under each choice what it keeps and which evidence it takes off and deletes, so
 * nothing attached on either device goes without the person seeing it.
 */
export function ConflictVersions({ workspace, t, issue }: { workspace: Workspace; t: typeof es; issue: Issue }) {
  const c = conflictText(t);
  const choices = evidenceChoices(issue);
  const ids = [...new Set([...evidenceOf(issue.mine), ...evidenceOf(issue.theirs)])];
  const found = useQuery(workspace.local, evidenceByIds(ids));
  const byId = new Map((found ?? []).map((e) => [e.id, e]));
  const label = (id: string) => {
    const e = byId.get(id);
    if (!e) return c.notOnDevice;
    return e.file?.name ? c.file(e.file.name) : c.link(`${e.title ?? ''} (${e.url ?? ''})`);
  };
  const side = (
    which: 'mine' | 'theirs',
    doc: LocalDoc | undefined,
    only: string[],
    dropped: string[],
    choose: () => void,
  ) => (
    <div className="view" data-testid={`conflict-${which}`}>
      <h3>{which === 'mine' ? t.yours : t.theirs}</h3>
      <p>
        {typeof doc?.percent === 'number' ? t.percentFigure(doc.percent) : ''} — {String(doc?.narrative ?? '')}
      </p>
      <h4>{c.evidence}</h4>
      {evidenceOf(doc).length === 0 ? (
        <p className="muted">{c.noEvidence}</p>
      ) : (
        <ul>
          {evidenceOf(doc).map((id) => (
            <li key={id}>
              {label(id)} {only.includes(id) && <strong>{c.onlyHere}</strong>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={choose}>
        {which === 'mine' ? t.keepMine : t.keepTheirs}
      </button>
      <p className="muted">
        {c.keeps(evidenceOf(doc).length)} {dropped.length > 0 && c.removes(dropped.map(label).join(', '))}
      </p>
    </div>
  );
  return (
    <>
      <div className="view-grid">
        {side('mine', issue.mine, choices.onlyMine, choices.onlyTheirs, () => keepMine(workspace.commands, issue))}
        {side('theirs', issue.theirs, choices.onlyTheirs, choices.onlyMine, () =>
          keepTheirs(workspace.commands, issue),
        )}
      </div>
      {(choices.onlyMine.length > 0 || choices.onlyTheirs.length > 0) && <p className="muted">{c.combineKeeps}</p>}
    </>
  );
}
