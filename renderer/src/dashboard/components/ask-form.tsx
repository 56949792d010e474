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

const EMPTY = { text: '', name: '', email: '', website: '' };

/**
 * What the ask form holds and does: its fields, the signed form token asked for when it is shown
 * (the server refuses a post that comes sooner than a person could write one), sending, and the
 * asker's deleting of their address.
 */
function useAsk(path: string) {
  const { lang } = useI18n();
  const q = questionMessages(lang);
  const [form, setForm] = useState(EMPTY);
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
        setForm(EMPTY);
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
  return { form, setForm, token, sending, outcome, send, forget };
}

/** The ask form: no account, no tracking, and a field people never see that scripts fill in. */
export function AskForm({ path, heading }: { path: string; heading: string }) {
  const { lang } = useI18n();
  const q = questionMessages(lang);
  const trapId = useId();
  const { form, setForm, token, sending, outcome, send, forget } = useAsk(path);
  const refused = outcome?.kind === 'refused' ? outcome : undefined;
  const field = (name: Field) => ({
    value: form[name],
    onChange: (value: string) => setForm({ ...form, [name]: value }),
    error: refused?.field === name ? refused.message : undefined,
  });
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
      <AskField
        label={q.text}
        {...field('text')}
        help={`${q.textHelp(QUESTION_TEXT_MAX, QUESTION_MAX_LINKS)} ${q.remaining(QUESTION_TEXT_MAX - form.text.length)}`}
        input={{ name: 'text', required: true, maxLength: QUESTION_TEXT_MAX }}
        multiline
      />
      <AskField
        label={q.name}
        {...field('name')}
        input={{ name: 'name', autoComplete: 'name', maxLength: QUESTION_NAME_MAX }}
      />
      <AskField
        label={q.email}
        {...field('email')}
        help={q.emailHelp}
        input={{ name: 'email', type: 'email', autoComplete: 'email' }}
      />
      {/* People never see this field: off screen, out of the tab order, hidden from assistive technology. */}
      <div className="ask-trap" aria-hidden="true">
        <label htmlFor={trapId}>{q.honeypot}</label>
        <input
          id={trapId}
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
        {refused && !refused.field && <p className="field-error">{refused.message}</p>}
      </div>
    </form>
  );
}

/** One field of the ask form: its label, its help, and the server's refusal beside it when it names the field. */
function AskField({
  label,
  value,
  onChange,
  error,
  help,
  input,
  multiline = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  help?: string;
  input: { name: string; type?: string; autoComplete?: string; required?: boolean; maxLength?: number };
  multiline?: boolean;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : '', help ? `${id}-help` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    ...input,
    value,
    ...(described ? { 'aria-describedby': described } : {}),
    ...(error ? { 'aria-invalid': true } : {}),
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {help && (
        <p id={`${id}-help`} className="muted">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
