import { type FormEvent, useState } from 'react';
import { adminCall, fileBody } from './api';
import { AuditList } from './audit-list';
import { Confirm, Feedback } from './feedback';
import { useAction, useAdminRead } from './hooks';
import type { AdminMessages } from './messages';
import { Submit } from './parts';

interface SiteView {
  name?: string;
  language?: 'es' | 'en';
  publicUrl?: string;
  logo?: { mediaType: string };
  demoPresent: boolean;
}

/** The site's name, logo, language and public address, and the demo removed with one confirmed action. */
export function SiteSection({ t, date }: { t: AdminMessages; date: (iso: string) => string }) {
  const { data, reload } = useAdminRead<SiteView>('site');
  const [outcome, act] = useAction();
  if (!data) return null;
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const logo = form.get('logo') as File | null;
    void act(async () => {
      await adminCall('PUT', 'site', {
        name: String(form.get('name') ?? ''),
        language: String(form.get('language') ?? 'es'),
        ...(form.get('publicUrl') ? { publicUrl: String(form.get('publicUrl')) } : {}),
        ...(logo && logo.size > 0 ? { logo: await fileBody(logo) } : {}),
      });
      reload();
      return t.saved;
    });
  };
  return (
    <>
      <p>{t.site.intro}</p>
      <form className="form" onSubmit={save}>
        <label>
          {t.fields.name}
          <input name="name" defaultValue={data.name ?? ''} required autoComplete="organization" />
        </label>
        <label>
          {t.fields.language}
          <select name="language" defaultValue={data.language ?? 'es'}>
            <option value="es">{t.site.languages.es}</option>
            <option value="en">{t.site.languages.en}</option>
          </select>
        </label>
        <label>
          {t.fields.publicUrl}
          <input name="publicUrl" type="url" defaultValue={data.publicUrl ?? ''} placeholder="https://" />
        </label>
        <label>
          {t.fields.logo}
          <input name="logo" type="file" accept=".svg,.png,.jpg,.jpeg,.webp" aria-describedby="logo-help" />
          <span id="logo-help" className="help">
            {t.site.logoHelp}
          </span>
        </label>
        <Submit label={t.save} />
      </form>
      <Feedback outcome={outcome} t={t} />
      <DemoRemoval present={data.demoPresent} t={t} onRemoved={reload} />
      <AuditList key={JSON.stringify(data)} t={t} date={date} />
    </>
  );
}

/** The demo plan, its records and accounts, removed with one confirmed action. */
function DemoRemoval({ present, t, onRemoved }: { present: boolean; t: AdminMessages; onRemoved: () => void }) {
  const [demoOutcome, actDemo] = useAction();
  const [asking, setAsking] = useState(false);
  const removeDemo = () =>
    void actDemo(async () => {
      setAsking(false);
      await adminCall('POST', 'demo/remove', { confirm: true });
      onRemoved();
      return t.site.demoRemoved;
    });
  return (
    <>
      <h2>{t.site.demoTitle}</h2>
      <p>{present ? t.site.demoPresent : t.site.demoGone}</p>
      {present && !asking && (
        <button type="button" onClick={() => setAsking(true)}>
          {t.site.removeDemo}
        </button>
      )}
      {asking && (
        <Confirm
          question={t.site.confirmDemo}
          yes={t.site.confirmRemove}
          t={t}
          onYes={removeDemo}
          onNo={() => setAsking(false)}
        />
      )}
      <Feedback outcome={demoOutcome} t={t} />
    </>
  );
}
