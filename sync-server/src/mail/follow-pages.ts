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
  form?: { action: string; button: string; choice?: Choice };
  /** Links to the follow's other pages. */
  links?: { href: string; label: string }[];
  /** The same page in the other language. */
  other: { href: string; label: string };
}

/** One question with radio buttons, e.g. a mail per item or a daily digest. */
export interface Choice {
  name: string;
  legend: string;
  options: { value: string; label: string; checked: boolean }[];
}

const choiceHtml = (c: Choice) =>
  `<fieldset><legend>${html(c.legend)}</legend>${c.options
    .map(
      (o, i) =>
        `<p><input type="radio" id="${html(`${c.name}-${i}`)}" name="${html(c.name)}" value="${html(o.value)}"${o.checked ? ' checked' : ''}> <label for="${html(`${c.name}-${i}`)}">${html(o.label)}</label></p>`,
    )
    .join('')}</fieldset>`;

/**
 * A small page of its own (no script, no outside resource), readable with a screen reader and
 * without styles: one heading, one paragraph, at most one form.
 */
export function followPage(p: PageParts): string {
  const otherLang = p.lang === 'es' ? 'en' : 'es';
  const form = p.form
    ? `<form method="post" action="${html(p.form.action)}">${p.form.choice ? choiceHtml(p.form.choice) : ''}<button type="submit">${html(p.form.button)}</button></form>`
    : '';
  const links = (p.links ?? []).map((l) => `<p><a href="${html(l.href)}">${html(l.label)}</a></p>`).join('');
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
fieldset { border: 1px solid #767676; border-radius: 4px; margin: 0 0 1rem; }
input[type="radio"] { width: 1.2rem; height: 1.2rem; vertical-align: -0.15rem; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #e8a200; outline-offset: 2px; }
a { color: #0b4f96; }
</style>
</head>
<body>
<header><p>${html(p.site)}</p></header>
<main>
<h1>${html(p.title)}</h1>
<p>${html(p.body)}</p>
${form}
${links}
</main>
<footer><p><a href="${html(p.other.href)}" lang="${otherLang}" hreflang="${otherLang}">${html(p.other.label)}</a></p></footer>
</body>
</html>
`;
}
