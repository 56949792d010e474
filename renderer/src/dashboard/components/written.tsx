import { useI18n } from '../../i18n/i18n';

/** The language a plan is written in: its first, Spanish where it names none. */
export const writtenIn = (plan: { languages?: readonly string[] }): string => plan.languages?.[0] ?? 'es';

/**
 * The language of a title as the page shows it: English where the page is and the plan gave one,
 * else the plan's own, so a screen reader reads it with the right voice.
 */
export function useTitleLang(written: string): (item: { titleEn?: string }) => string {
  const { lang } = useI18n();
  return (item) => (lang === 'en' && item.titleEn ? 'en' : written);
}

/** A small "Written in Spanish" beside a text shown in another language than the page's. */
export function WrittenNote({ written }: { written: string }) {
  const { lang, t } = useI18n();
  if (lang === written) return null;
  const language = new Intl.DisplayNames([lang], { type: 'language' }).of(written) ?? written;
  return (
    <span className="written-note" data-testid="written-note">
      {t.writtenNote(language)}
    </span>
  );
}
