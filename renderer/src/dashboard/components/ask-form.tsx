import { useEffect, useId, useState } from 'react';
import { QUESTION_MAX_LINKS } from '../../../../shared/src/questions';
import { QUESTION_NAME_MAX, QUESTION_TEXT_MAX } from '../../../../shared/src/schemas/index';
import { useI18n } from '../../i18n/i18n';
import { questionMessages } from '../question-messages';

type Field = 'text' | 'name' | 'email';
type Outcome =
  | { kind: 'sent'; published: boolean; forget?: string }
  | { kind: 'refused'; field?: Field; message: string }
  | { kind: 'forgotten' };

/**
 * The ask form: no account, no tracking. It asks the server for a signed form token when shown
 * (the server refuses a post that comes sooner than a person could write one), and carries a
 * field people never see that scripts fill in.
 */
export function AskForm({ path, heading }: { path: string; heading: string }) {
  const { lang } = useI18n();
  const q = questionMessages(lang);
  const ids = { text: useId(), name: useId(), email: useId(), trap: useId(), help: useId(), emailHelp: useId() };
  const [form, setForm] = useState({ text: '', name: '', email: '', website: '' });
  const [token, setToken] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    void fetch('/api/questions/form', { cache: 'no-store' })
      .then((r) => r.json() as Promise<{ token: string }>)
      .then((body) => setToken(body.token))
      .catch(() => setToken(''));
  }, []);
  const send = async () => {
    setSending(true);
    try {
      const reply = await fetch(`/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...form, token, lang }),
      });
      const body = (await reply.json().catch(() => ({}))) as Record<string, string | undefined>;
      if (reply.status === 202) {
        setOutcome({
          kind: 'sent',
          published: body.status === 'published',
          ...(body.forgetEmail ? { forget: body.forgetEmail } : {}),
        });
        setForm({ text: '', name: '', email: '', website: '' });
      } else if (reply.status === 429) setOutcome({ kind: 'refused', message: q.tooMany });
      else {
        const message = (lang === 'es' ? body.reason_es : body.reason) ?? q.failed;
        const field = ['text', 'name', 'email'].includes(body.field ?? '') ? (body.field as Field) : undefined;
        setOutcome({ kind: 'refused', message, ...(field ? { field } : {}) });
      }
    } catch {
      setOutcome({ kind: 'refused', message: q.failed });
    } finally {
      setSending(false);
    }
  };
  const forget = async (url: string) => {
    const reply = await fetch(url, { method: 'DELETE' }).catch(() => null);
    if (reply?.ok) setOutcome({ kind: 'forgotten' });
  };
  const refusedField = outcome?.kind === 'refused' ? outcome.field : undefined;
  const invalid = (field: Field) =>
    refusedField === field ? { 'aria-invalid': true, 'aria-describedby': `${ids[field]}-error` } : {};
  const fieldError = (field: Field) =>
    refusedField === field && outcome?.kind === 'refused' ? (
      <p id={`${ids[field]}-error`} className="field-error">
        {outcome.message}
      </p>
    ) : null;
  return (
    <form
      className="ask-form"
      aria-label={heading}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3>{heading}</h3>
      <label htmlFor={ids.text}>{q.text}</label>
      <textarea
        id={ids.text}
        name="text"
        required
        rows={4}
        maxLength={QUESTION_TEXT_MAX}
        aria-describedby={refusedField === 'text' ? `${ids.text}-error ${ids.help}` : ids.help}
        aria-invalid={refusedField === 'text' || undefined}
        value={form.text}
        onChange={(e) => setForm({ ...form, text: e.target.value })}
      />
      <p id={ids.help} className="muted">
        {q.textHelp(QUESTION_TEXT_MAX, QUESTION_MAX_LINKS)} {q.remaining(QUESTION_TEXT_MAX - form.text.length)}
      </p>
      {fieldError('text')}
      <label htmlFor={ids.name}>{q.name}</label>
      <input
        id={ids.name}
        name="name"
        autoComplete="name"
        maxLength={QUESTION_NAME_MAX}
        {...invalid('name')}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
      />
      {fieldError('name')}
      <label htmlFor={ids.email}>{q.email}</label>
      <input
        id={ids.email}
        name="email"
        type="email"
        autoComplete="email"
        aria-describedby={refusedField === 'email' ? `${ids.email}-error ${ids.emailHelp}` : ids.emailHelp}
        aria-invalid={refusedField === 'email' || undefined}
        value={form.email}
        onChange={(e) => setForm({ ...form, email: e.target.value })}
      />
      <p id={ids.emailHelp} className="muted">
        {q.emailHelp}
      </p>
      {fieldError('email')}
      {/* People never see this field: off screen, out of the tab order, hidden from assistive technology. */}
      <div className="ask-trap" aria-hidden="true">
        <label htmlFor={ids.trap}>{q.honeypot}</label>
        <input
          id={ids.trap}
          name="website"
          tabIndex={-1}
          autoComplete="off"
          value={form.website}
          onChange={(e) => setForm({ ...form, website: e.target.value })}
        />
      </div>
      <p>
        <button type="submit" disabled={sending || !token}>
          {sending ? q.sending : q.send}
        </button>
      </p>
      <div role="status" data-testid="ask-status">
        {outcome?.kind === 'sent' && (
          <p>
            {outcome.published ? q.sentPublished : q.sent}{' '}
            {outcome.forget && (
              <button type="button" className="link-button" onClick={() => void forget(outcome.forget as string)}>
                {q.forgetEmail}
              </button>
            )}
          </p>
        )}
        {outcome?.kind === 'forgotten' && <p>{q.emailForgotten}</p>}
        {outcome?.kind === 'refused' && !outcome.field && <p className="field-error">{outcome.message}</p>}
      </div>
    </form>
  );
}
