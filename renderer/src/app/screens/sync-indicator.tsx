import type { es } from '../messages';
import { outboxText } from '../outbox-messages';
import type { SyncStatus } from '../workspace';

export function SyncIndicator({ status, t, lang }: { status: SyncStatus; t: typeof es; lang: string }) {
  const uploads = Object.entries(status.uploads);
  const when = status.lastSync ? new Date(status.lastSync).toLocaleString(lang === 'es' ? 'es-MX' : 'en-GB') : t.never;
  return (
    <section className="sync" aria-live="polite" aria-label={t.lastSync} data-testid="sync-indicator">
      <span className={`dot ${status.online ? 'dot-online' : 'dot-offline'}`} aria-hidden="true" />
      <strong>{status.online ? (status.syncing ? t.syncing : t.online) : t.offline}</strong>
      <span data-testid="pending">{t.pending(status.pending)}</span>
      <span className="muted">
        {t.lastSync}: {when}
      </span>
      {status.online && status.error && (
        <span className="sync-error" role="alert">
          {t.syncError[status.error] ?? status.error}
        </span>
      )}
      {status.download && (
        <label className="upload" data-testid="first-sync">
          {t.downloading(status.download.received, status.download.received + status.download.pending)}
          <progress max={status.download.received + status.download.pending} value={status.download.received} />
        </label>
      )}
      {uploads.map(([sha, fraction]) => (
        <label key={sha} className="upload">
          {outboxText(t).uploading(status.files.find((f) => f.sha256 === sha)?.name ?? sha.slice(0, 8))}
          <progress max={1} value={fraction} />
        </label>
      ))}
    </section>
  );
}
