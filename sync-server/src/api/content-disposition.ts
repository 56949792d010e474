/*
 * The Content-Disposition of a served evidence file, built here rather than by `res.attachment`,
 * which also sets Content-Type from the name's extension: the type served must stay the one
 * recorded at upload, or a PNG named `poly.html` is served as a page of the site.
 */

/**
 * `inline` or `attachment`, with the name an evidence document gives (RFC 6266): a quoted ASCII
 * `filename` for every browser, and `filename*` in UTF-8 when the name is not plain ASCII.
 * The name is the evidence author's text, so what could end the header, the quoted string or
 * the file's folder (control characters, quotes, backslashes, slashes, `..`) is taken out.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const safe = safeFileName(name);
  const fallback = safe
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Outside printable ASCII, and `%`, which some browsers decode in `filename`.
    .replace(/[^\x20-\x7e]|%/g, '_');
  const header = `${kind}; filename="${fallback}"`;
  return fallback === safe ? header : `${header}; filename*=UTF-8''${rfc5987(safe)}`;
}

/** The name with nothing that could leave the header, the quotes or the download folder. */
export function safeFileName(name: string): string {
  const safe = name
    // Control characters, line separators, and format ones (a right-to-left override shows `exe.pdf` as `fdp.exe`).
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/"/g, '')
    .replace(/[\\/]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .replace(/^[\s._]+/, '')
    .trim();
  return safe || 'evidence';
}

/** Percent-encoded UTF-8 with only RFC 5987's attr-chars left as they are. */
function rfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
