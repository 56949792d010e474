import { useAdminRead } from './hooks';
import type { AdminMessages } from './messages';

interface AuditRecord {
  at: string;
  who: string;
  via: string;
  action: string;
  target?: string;
}

/** The latest administrative actions, from the page and the terminal alike: who, when, what, on what. */
export function AuditList({ t, date }: { t: AdminMessages; date: (iso: string) => string }) {
  const records = useAdminRead<{ records: AuditRecord[] }>('audit').data?.records;
  if (!records) return null;
  return (
    <>
      <h2>{t.site.auditTitle}</h2>
      {records.length === 0 ? (
        <p>{t.site.auditEmpty}</p>
      ) : (
        <ul className="audit">
          {records.slice(0, 30).map((r) => (
            <li key={`${r.at} ${r.action}`}>
              <time dateTime={r.at}>{date(r.at)}</time> · {r.who} · <code>{r.action}</code>
              {r.target ? ` · ${r.target}` : ''} · {t.site.via[r.via] ?? r.via}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
