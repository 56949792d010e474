/**
 * Which addresses the app window may show. The app is served by the Tablero server at /app/, so
 * the trusted origin is exactly the configured server's origin; everything else opens in the
 * system browser (http and https only) or nowhere.
 */
export function parseServerUrl(input: string): URL | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  // Plain http only to this machine: anything else carries passwords in clear.
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  return new URL(url.origin);
}

export function isAppUrl(candidate: string, server: URL | null): boolean {
  if (!server) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return url.origin === server.origin && (url.pathname === '/app' || url.pathname.startsWith('/app/'));
}

export function isExternalLink(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
