import { useEffect, useState } from 'react';

export type Route =
  | { page: 'overview' }
  | { page: 'commitment'; id: string }
  | { page: 'organization'; id: string }
  | { page: 'activity' }
  | { page: 'data' }
  | { page: 'evaluation' }
  | { page: 'notFound' };

export function parseRoute(pathname: string): Route {
  const [first, second, ...rest] = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (!first) return { page: 'overview' };
  if (first === 'commitments' && second && !rest.length) return { page: 'commitment', id: second };
  if (first === 'organizations' && second && !rest.length) return { page: 'organization', id: second };
  if (first === 'activity' && !second) return { page: 'activity' };
  if (first === 'data' && !second) return { page: 'data' };
  if (first === 'evaluation' && !second) return { page: 'evaluation' };
  return { page: 'notFound' };
}

export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(window.location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(window.location.href));
    window.addEventListener('popstate', update);
    window.addEventListener('tablero:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('tablero:navigate', update);
    };
  }, []);
  return url;
}

/** Changes the address without a reload; `replace` for filter edits, so Back leaves the page. */
export function navigate(to: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event('tablero:navigate'));
}

/** Keeps `lang` and `plan` when following an internal link. */
export function withContext(path: string, url: URL): string {
  const next = new URL(path, url);
  for (const key of ['lang', 'plan']) {
    const value = url.searchParams.get(key);
    if (value && !next.searchParams.has(key)) next.searchParams.set(key, value);
  }
  // The hash too: a link to a section (a figure's `#sources`) must land on it.
  return next.pathname + next.search + next.hash;
}
