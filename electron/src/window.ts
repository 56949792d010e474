import path from 'node:path';
import { app, BrowserWindow, type Session, shell } from 'electron';
import { APP_CSP } from '../../shared/src/csp.js';
import { isAppUrl, isExternalLink } from './security/trusted-url.js';

/** The first-run page, shipped beside the compiled code (electron-builder.yml `files`). */
export const setupPage = () => path.join(app.getAppPath(), 'electron', 'static', 'setup.html');

/** Denies every permission (camera, notifications, …) and adds the CSP to what the window loads. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
  });
}

/**
 * The app window: isolated, sandboxed, no Node in the page, no webviews; it shows only the
 * server's /app/ pages (or the local setup page) and sends web links to the system browser.
 */
export function createAppWindow(server: () => URL | null, preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  const allowed = (url: string) =>
    isAppUrl(url, server()) ||
    (url.startsWith('file://') && decodeURI(new URL(url).pathname).endsWith('/static/setup.html'));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url) && !allowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (allowed(url)) return;
    event.preventDefault();
    if (isExternalLink(url)) void shell.openExternal(url);
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}
