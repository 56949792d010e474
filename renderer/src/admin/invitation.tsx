import { type FormEvent, useEffect, useState } from 'react';
import { AdminApiError, adminCall } from './api';
import { Feedback } from './feedback';
import { useAction } from './hooks';
import type { AdminMessages } from './messages';
import { Submit } from './parts';

/**
 * The page an invited person opens: the token is in the address's fragment, which the browser
 * never sends, so it reaches the server only inside the JSON body of these two calls.
 */
export function InvitationPage({ t }: { t: AdminMessages }) {
  const token = window.location.hash.slice(1);
  const [who, setWho] = useState<{ name: string } | { refused: string }>();
  const [done, setDone] = useState<string>();
  const [outcome, act] = useAction();
  useEffect(() => {
    adminCall<{ name: string }>('POST', 'invitation/check', { token }).then(setWho, (error: unknown) =>
      setWho({ refused: error instanceof AdminApiError ? error.code.replace(/^invitation_/, '') : 'unknown' }),
    );
  }, [token]);
  const accept = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(async () => {
      if (form.get('password') !== form.get('repeat')) throw new Error(t.invitation.mismatch);
      const { name } = await adminCall<{ name: string }>('POST', 'invitation/accept', {
        token,
        password: String(form.get('password')),
      });
      setDone(name);
      return undefined;
    });
  };
  return (
    <main id="main" className="narrow">
      <h1>{t.invitation.title}</h1>
      {who && 'refused' in who && (
        <p role="alert">{t.invitation.refused[who.refused] ?? t.invitation.refused.unknown}</p>
      )}
      {done && (
        <>
          <p role="status">{t.invitation.done(done)}</p>
          <p>
            <a href="/app/">{t.invitation.openApp}</a>
          </p>
        </>
      )}
      {who && 'name' in who && !done && (
        <>
          <p>{t.invitation.intro(who.name)}</p>
          <form className="form" onSubmit={accept}>
            <input type="hidden" name="username" autoComplete="username" value={who.name} />
            <label>
              {t.password}
              <input name="password" type="password" minLength={8} required autoComplete="new-password" />
            </label>
            <label>
              {t.invitation.repeat}
              <input name="repeat" type="password" minLength={8} required autoComplete="new-password" />
            </label>
            <Submit label={t.invitation.accept} />
          </form>
          <Feedback outcome={outcome} t={t} />
        </>
      )}
    </main>
  );
}
