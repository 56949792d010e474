import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, type BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import type { PickedFile } from '../../shared/src/bridge.js';
import { DEFAULT_MAX_FILE_MB, mediaTypeOf } from '../../shared/src/evidence-files.js';
import { bundledResponse } from './bundle/bundled-app.js';
import type { Handlers } from './ipc/contract.js';
import { registerHandlers } from './ipc/register.js';
import { menuTemplate } from './menu.js';
import { isAppUrl, isExternalLink, parseServerUrl } from './security/trusted-url.js';
import { SettingsStore } from './settings.js';
import { createAppWindow, hardenSession, setupPage } from './window.js';

const MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * 1024 * 1024;

if (!app.requestSingleInstanceLock()) app.quit();

const settings = new SettingsStore(app.getPath('userData'));
const server = () => {
  const saved = settings.read().serverUrl;
  return saved ? parseServerUrl(saved) : null;
};
let win: BrowserWindow | null = null;

function load(): void {
  const origin = server();
  if (!win) return;
  if (origin) void win.loadURL(`${origin.origin}/app/`);
  else void win.loadFile(setupPage());
}

const handlers: Handlers = {
  'app.version': () => app.getVersion(),
  'files.pick': async (): Promise<PickedFile[]> => {
    const result = await dialog.showOpenDialog({ properties: ['openFile', 'multiSelections'] });
    const picked: PickedFile[] = [];
    for (const file of result.filePaths) {
      const stat = await fs.stat(file);
      // Too large a file is still described, so the page can say why it is refused.
      const bytes = stat.size <= MAX_FILE_BYTES ? await fs.readFile(file) : Buffer.alloc(0);
      picked.push({
        name: path.basename(file),
        type: mediaTypeOf(file),
        size: stat.size,
        bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      });
    }
    return picked;
  },
  'shell.openExternal': async (url) => {
    if (isExternalLink(url)) await shell.openExternal(url);
  },
  'settings.serverUrl': () => server()?.origin ?? '',
  'settings.setLanguage': (lang) => {
    settings.setLang(lang);
    setMenu();
  },
  'settings.setServerUrl': (url) => {
    const result = settings.setServer(url);
    if (result.ok) setTimeout(load, 0);
    return result;
  },
};

function setMenu(): void {
  const openDashboard = () => {
    const origin = server();
    if (origin) void shell.openExternal(origin.origin);
  };
  const about = () =>
    void dialog.showMessageBox({ message: `Tablero ${app.getVersion()}`, detail: 'AGPL-3.0-or-later' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(settings.read().lang, openDashboard, about)));
}

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

/** The renderer built into the package (electron-builder.yml `files`). */
const BUNDLE = path.join(app.getAppPath(), 'dist', 'renderer');

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  // The app's own files come from the package, so it opens with no connection from the first
  // launch; data (and anything the package lacks) still goes to the server.
  for (const scheme of ['https', 'http'])
    session.defaultSession.protocol.handle(
      scheme,
      async (request) =>
        (await bundledResponse(request.url, server(), BUNDLE)) ??
        // Forwarded as the page sent it, with the session's cookies (sign-in and data need them).
        session.defaultSession.fetch(request, { bypassCustomProtocolHandlers: true, credentials: 'include' }),
    );
  registerHandlers(
    ipcMain,
    handlers,
    (url, channel) =>
      isAppUrl(url, server()) || (channel === 'settings.setServerUrl' && url === pathToFileURL(setupPage()).href),
  );
  setMenu();
  win = createAppWindow(server, path.join(import.meta.dirname, 'preload.cjs'));
  load();
});

app.on('window-all-closed', () => app.quit());
