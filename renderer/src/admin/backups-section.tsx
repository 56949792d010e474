import { type FormEvent, useState } from 'react';
import { adminCall, fileBody } from './api';
import { Feedback } from './feedback';
import { useAction } from './hooks';
import type { AdminMessages } from './messages';

/** Backups: the whole site as one file, and a restore of one onto an empty site. */
export function BackupsSection({ t }: { t: AdminMessages }) {
  const [file, setFile] = useState<File>();
  const [outcome, act] = useAction();
  const restore = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void act(async () => {
      if (!file) return undefined;
      await adminCall('POST', 'restore', { file: await fileBody(file) });
      return t.backups.restored;
    });
  };
  return (
    <>
      <p>{t.backups.intro}</p>
      <p>
        <a className="button" href="/admin/api/backup" download>
          {t.backups.download}
        </a>
      </p>
      <h2>{t.backups.restoreTitle}</h2>
      <form className="form" onSubmit={restore}>
        <label className="wide">
          {t.fields.file}
          <input
            type="file"
            accept=".gz"
            aria-describedby="restore-help"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
          <span id="restore-help" className="help">
            {t.backups.restoreHelp}
          </span>
        </label>
        <div className="wide">
          <button type="submit" disabled={!file}>
            {t.backups.restore}
          </button>
        </div>
      </form>
      <Feedback outcome={outcome} t={t} />
    </>
  );
}
