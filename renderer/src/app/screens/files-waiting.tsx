import { NEEDS_THE_PERSON } from '../file-upload';
import { useSyncStatus } from '../hooks';
import type { es } from '../messages';
import { outboxText } from '../outbox-messages';
import type { Workspace } from '../workspace';

/**
 * Each evidence file whose last attempt failed, named, with what is wrong and what the person can
 * do, and a way to send it again now. Files simply waiting for their turn or for a connection are
 * not listed: the sync indicator counts them and shows the one on its way.
 */
export function FilesWaiting({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const status = useSyncStatus(workspace);
  const o = outboxText(t);
  // With no connection at all the indicator says so, and every file simply waits for it. One being
  // retried stays listed with what went wrong last, so the list does not flicker at every retry.
  const failed = status.files.filter((f) => f.problem && f.problem !== 'network');
  if (failed.length === 0) return null;
  return (
    <section className="issues files-waiting" aria-labelledby="files-waiting-title" data-testid="files-waiting">
      <h2 id="files-waiting-title">{o.filesWaiting}</h2>
      <ul className="plain">
        {failed.map((file) => {
          const problem = file.problem ?? 'server';
          return (
            <li key={file.sha256}>
              <p>
                <strong>{file.name}</strong> <span className="muted">({o.size(file.size)})</span>
              </p>
              <p className={NEEDS_THE_PERSON.has(problem) ? 'sync-error' : undefined}>{o.problem[problem]}</p>
              {file.detail && (
                <p className="muted">
                  {o.serverSaid}: {file.detail}
                </p>
              )}
              <button type="button" onClick={() => workspace.retryFile(file.sha256)}>
                {o.retryNow}
                <span className="visually-hidden">: {file.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
