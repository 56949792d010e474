import { useEffect, useState } from 'react';
import { mailSettingsText } from '../mail-settings-messages';
import type { es } from '../messages';
import type { Workspace } from '../workspace';

type Kind = 'deadlineSoon' | 'overdue' | 'returned' | 'weeklyDigest';
interface MailSettings {
  email?: string;
  reminders: Record<Kind, boolean>;
}

/** Which reminders a committee member gets (the others are a reporter's). */
const KINDS: Record<'reporter' | 'committee', Kind[]> = {
  reporter: ['deadlineSoon', 'overdue', 'returned'],
  committee: ['weeklyDigest'],
};

/**
 * The signed-in person's reminder choices, read from and saved to the server (`/api/me/mail`):
 * the address and the reminders are the server's, never the device's.
 */
export function MailSettingsScreen({ workspace, t }: { workspace: Workspace; t: typeof es }) {
  const m = mailSettingsText(t);
  const url = `${workspace.identity.server}/api/me/mail`;
  const [settings, setSettings] = useState<MailSettings | null>(null);
  const [status, setStatus] = useState<'idle' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    let cancelled = false;
    fetch(url, { credentials: 'include' })
      .then((reply) => (reply.ok ? (reply.json() as Promise<MailSettings>) : Promise.reject(new Error())))
      .then((loaded) => !cancelled && setSettings(loaded))
      .catch(() => !cancelled && setStatus('failed'));
    return () => {
      cancelled = true;
    };
  }, [url]);
  const kinds = KINDS[workspace.identity.roles.includes('committee') ? 'committee' : 'reporter'];
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    const reminders = Object.fromEntries(kinds.map((kind) => [kind, settings.reminders[kind]]));
    const reply = await fetch(url, {
      method: 'PUT',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reminders }),
    }).catch(() => null);
    setStatus(reply?.ok ? 'saved' : 'failed');
  };
  return (
    <section aria-labelledby="mail-settings">
      <h2 id="mail-settings">{m.mailSettings}</h2>
      <p>{m.help}</p>
      {!settings ? (
        <p role="status">{status === 'failed' ? m.offline : m.loading}</p>
      ) : (
        <form className="form" onSubmit={save}>
          <p>{settings.email ? m.address(settings.email) : m.noAddress}</p>
          <fieldset>
            <legend>{m.mailSettings}</legend>
            {kinds.map((kind) => (
              <label key={kind} className="checkbox">
                <input
                  type="checkbox"
                  name={kind}
                  checked={settings.reminders[kind]}
                  onChange={(event) => {
                    setStatus('idle');
                    setSettings({ ...settings, reminders: { ...settings.reminders, [kind]: event.target.checked } });
                  }}
                />{' '}
                {m.kinds[kind]}
              </label>
            ))}
          </fieldset>
          <button type="submit">{m.save}</button>
          <p role="status">{status === 'saved' ? m.saved : status === 'failed' ? m.offline : ''}</p>
        </form>
      )}
    </section>
  );
}
