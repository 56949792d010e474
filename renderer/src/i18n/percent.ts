/**
 * A percent as each language writes it. Spanish separates the sign with a narrow no-break space
 * (U+202F), so "100 %" never wraps before its "%"; English writes it closed up.
 */
export const PERCENT_SPACE = '\u202F';

export function percentText(n: number, lang: 'es' | 'en'): string {
  const figure = n.toLocaleString(lang === 'es' ? 'es-MX' : 'en', { maximumFractionDigits: 1 });
  return lang === 'es' ? `${figure}${PERCENT_SPACE}%` : `${figure}%`;
}
