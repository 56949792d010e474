import type { es } from '../messages';

/**
 * What a screen shows when the document its link names is not on the device: removed, never
 * readable by this person, or not downloaded yet (the screen fills in when it arrives).
 */
export function NotOnDevice({ t }: { t: typeof es }) {
  return (
    <section data-testid="not-on-device">
      <h1>{t.notFound}</h1>
      <p>{t.notOnDevice}</p>
      <p>
        <a href="#/">{t.seePlans}</a>
      </p>
    </section>
  );
}

/** Whether a query for a screen's own document has been answered, and found nothing. */
export const answeredEmpty = (docs: readonly unknown[] | null): boolean => docs !== null && docs.length === 0;
