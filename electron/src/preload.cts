// Runs sandboxed, in CommonJS: only `electron`'s renderer-side modules are available.
import { contextBridge, ipcRenderer } from 'electron';
import type { TableroBridge } from '../../shared/src/bridge.js';

const invoke = (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args);

const bridge: TableroBridge = {
  kind: 'desktop',
  appVersion: () => invoke('app.version'),
  pickFiles: () => invoke('files.pick'),
  openExternal: (url) => invoke('shell.openExternal', url),
  serverUrl: () => invoke('settings.serverUrl'),
  setServerUrl: (url) => invoke('settings.setServerUrl', url),
  setLanguage: (lang) => invoke('settings.setLanguage', lang),
};

contextBridge.exposeInMainWorld('tablero', bridge);
