// npm 11 blocks dependencies' install scripts unless package.json approves them, so Electron's own
// download is denied there and run here instead, where a machine without internet (CI, servers
// that only run `npm start`) is told what it missed rather than failing the whole install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync('node_modules/electron/install.js')) process.exit(0);
const result = spawnSync(process.execPath, ['node_modules/electron/install.js'], {
  stdio: ['ignore', 'inherit', 'pipe'],
  timeout: 300_000,
});
if (result.status !== 0)
  console.warn(
    'Electron could not be downloaded (no connection to its download site?). The server, the dashboard and the web app work;\n' +
      'for the desktop app, run "node node_modules/electron/install.js" once the machine is online.',
  );
