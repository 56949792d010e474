import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompileIcu } from './scripts/precompile-icu.js';

/** Builds the renderer's pages into dist/renderer; the server serves the dashboard from there. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), precompileIcu()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        dashboard: 'renderer/dashboard/index.html',
        app: 'renderer/app/index.html',
        admin: 'renderer/admin/index.html',
      },
    },
  },
});
