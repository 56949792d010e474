import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_CSP } from '../../../shared/src/csp.js';

/**
 * The desktop package carries the reporter app (the built `dist/renderer`), so it opens with no
 * connection from its first launch. The window still shows it at the server's own address (its
 * session cookie and same-origin data requests stay as on the web); only the app's page and its
 * built assets are answered from the package, everything else goes to the server.
 */
export function bundledPath(candidate: string, server: URL | null): string | null {
  if (!server) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.origin !== server.origin) return null;
  if (url.pathname === '/app' || url.pathname === '/app/' || url.pathname === '/app/index.html')
    return path.join('app', 'index.html');
  const name = /^\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
  // One plain file name: no separators, no "..", nothing outside the bundle.
  if (name && !name.startsWith('.')) return path.join('assets', name);
  return null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The bundled answer for a request, or null when it is not one of the app's files (or is missing). */
export async function bundledResponse(candidate: string, server: URL | null, root: string): Promise<Response | null> {
  const relative = bundledPath(candidate, server);
  if (!relative) return null;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(root, relative));
  } catch {
    // An asset the package does not have (a newer server's chunk) is fetched from the server.
    return null;
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': TYPES[path.extname(relative)] ?? 'application/octet-stream',
      'Content-Security-Policy': APP_CSP,
      'Cache-Control': 'no-cache',
    },
  });
}
