import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { followMessages } from '../follow-messages';

type Outcome = { kind: 'sent' } | { kind: 'refused'; onEmail: boolean; message: string };

/**
 * Following a commitment by e-mail (`POST /api/follow`): the address and a mail per item or a
 * daily digest. The server answers the same whether or not the address already follows, and the
 * follow starts only once its confirmation link's button is pressed (double opt-in).
 */
export function FollowForm({ commitmentId }: { commitmentId: string }) {
  const { lang } = useI18n();
  const f = followMessages(lang);
  const id = useId();
  const [email, setEmail] = useState('');
  const [digest, setDigest] = useState<'immediate' | 'daily'>('immediate');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const send = async () => {
    setSending(true);
    try {
      const reply = await fetch('/api/follow', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, commitmentId, digest }),
      });
      const body = (await reply.json().catch(() => ({}))) as Record<string, string | undefined>;
      if (reply.status === 202) {
        setOutcome({ kind: 'sent' });
        setEmail('');
      } else if (reply.status === 429) setOutcome({ kind: 'refused', onEmail: false, message: f.tooMany });
      else if (body.field === 'email') setOutcome({ kind: 'refused', onEmail: true, message: f.badEmail });
      else setOutcome({ kind: 'refused', onEmail: false, message: f.failed });
    } catch {
      setOutcome({ kind: 'refused', onEmail: false, message: f.failed });
    } finally {
      setSending(false);
    }
  };
  const refused = outcome?.kind === 'refused' ? outcome : undefined;
  const described = [`${id}-intro`, refused?.onEmail ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <section aria-labelledby={`${id}-title`} className="follow">
      <h2 id={`${id}-title`}>{f.title}</h2>
      <p id={`${id}-intro`}>{f.intro}</p>
      <form
        className="ask-form follow-form"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor={`${id}-email`}>{f.email}</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          aria-describedby={described}
          {...(refused?.onEmail ? { 'aria-invalid': true } : {})}
          onChange={(e) => setEmail(e.target.value)}
        />
        {refused?.onEmail && (
          <p id={`${id}-error`} className="field-error">
            {refused.message}
          </p>
        )}
        <fieldset>
          <legend>{f.how}</legend>
          {(['immediate', 'daily'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name="digest"
                value={choice}
                checked={digest === choice}
                onChange={() => setDigest(choice)}
              />{' '}
              {choice === 'daily' ? f.daily : f.immediate}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" disabled={sending}>
            {sending ? f.sending : f.send}
          </button>
        </p>
        <div role="status" data-testid="follow-status">
          {outcome?.kind === 'sent' && <p>{f.sent}</p>}
          {refused && !refused.onEmail && <p className="field-error">{refused.message}</p>}
        </div>
      </form>
    </section>
  );
}
