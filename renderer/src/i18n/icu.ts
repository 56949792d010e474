import { IntlMessageFormat } from 'intl-messageformat';

/**
 * One mechanism for every message that counts or formats numbers, in the dashboard and the app:
 * ICU MessageFormat (plural rules and number formats from the language's CLDR data), compiled once
 * when the messages load.
 */
const LOCALES = { es: 'es-MX', en: 'en' } as const;

export function icu<Values extends Record<string, number | string>>(
  lang: keyof typeof LOCALES,
  pattern: string,
): (values: Values) => string {
  const format = new IntlMessageFormat(pattern, LOCALES[lang]);
  return (values) => String(format.format(values));
}

/** A message about one count `{n}`, called with the number. */
export function count(lang: keyof typeof LOCALES, pattern: string): (n: number) => string {
  const format = icu<{ n: number }>(lang, pattern);
  return (n) => format({ n });
}
