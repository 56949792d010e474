/** What a save said: a confirmation, or a refusal (with the field it is about, when it names one). */
export type Said = { kind: 'ok' | 'error'; text: string; field?: string } | null;

/** A refusal, or else the confirmation. */
export const outcome = (refusal: string | null, saved: string): Said =>
  refusal ? { kind: 'error', text: refusal } : { kind: 'ok', text: saved };

/** A confirmation read out politely, a refusal as an alert. */
export function Message({ said, className, testId }: { said: Said; className?: string; testId?: string }) {
  if (!said) return null;
  const error = said.kind === 'error';
  return (
    <p
      role={error ? 'alert' : 'status'}
      className={[error ? 'sync-error' : 'ok', className].filter(Boolean).join(' ')}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {said.text}
    </p>
  );
}
