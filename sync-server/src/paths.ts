import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folder, found from this file whether it runs as TypeScript (`tsx`, in
 * development) or compiled (`dist/server/…`, in production), so both read the same built pages
 * and demo files.
 */
function projectRoot(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'sync-server', 'demo')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Tablero project folder above ${import.meta.dirname}`);
  }
}

export const PROJECT_ROOT = projectRoot();
/** Where `npm run build` puts the renderer's pages. */
export const RENDERER_DIST = path.join(PROJECT_ROOT, 'dist', 'renderer');
export const DEMO_DIR = path.join(PROJECT_ROOT, 'sync-server', 'demo');
