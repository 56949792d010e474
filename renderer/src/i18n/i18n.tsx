import { createContext, type ReactNode, useContext } from 'react';
import { type Lang, MESSAGES, type Messages } from './messages';

interface I18n {
  lang: Lang;
  t: Messages;
  date: (iso: string) => string;
  /** The English title when the page is in English and one exists. */
  title: (item: { title: string; titleEn?: string }) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function makeI18n(lang: Lang): I18n {
  const dateFormat = new Intl.DateTimeFormat(lang === 'es' ? 'es-MX' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    lang,
    t: MESSAGES[lang],
    date: (iso) => dateFormat.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
    title: (item) => (lang === 'en' && item.titleEn ? item.titleEn : item.title),
  };
}

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={makeI18n(lang)}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
