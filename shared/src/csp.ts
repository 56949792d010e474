/**
 * The Content-Security-Policy of the app's pages, sent by the server for /app/ and enforced again
 * by the desktop app on every response it loads. Inline styles are allowed for React's style
 * attributes (progress bars); scripts only from the app's own origin.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every other page of the site (the public dashboard): the same, with the site's logo allowed from any HTTPS address. */
export const SITE_CSP = APP_CSP.replace("img-src 'self' data:", "img-src 'self' data: https:");
