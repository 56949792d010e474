import type { Lang } from './follow-texts.js';

const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export interface PageParts {
  lang: Lang;
  site: string;
  title: string;
  body: string;
  /** A form that POSTs to `action`: the one way a link's page acts (a GET never does). */
  form?: { action: string; button: string };
  /** The same page in the other language. */
  other: { href: string; label: string };
}

/**
 * A small page of its own (no script, no outside resource), readable with a screen reader and
 * without styles: one heading, one paragraph, at most one button.
 */
export function followPage(p: PageParts): string {
  const otherLang = p.lang === 'es' ? 'en' : 'es';
  const form = p.form
    ? `<form method="post" action="${html(p.form.action)}"><button type="submit">${html(p.form.button)}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="icon" href="/site/icon">
<title>${html(p.title)} · ${html(p.site)}</title>
<style>
body { font: 1.1rem/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #fff; }
button { font: inherit; padding: 0.6rem 1.2rem; border: 2px solid #0b5cad; border-radius: 4px; background: #0b5cad; color: #fff; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
a { color: #0b4f96; }
</style>
</head>
<body>
<header><p>${html(p.site)}</p></header>
<main>
<h1>${html(p.title)}</h1>
<p>${html(p.body)}</p>
${form}
</main>
<footer><p><a href="${html(p.other.href)}" lang="${otherLang}" hreflang="${otherLang}">${html(p.other.label)}</a></p></footer>
</body>
</html>
`;
}
