// Runs sandboxed, in CommonJS: only `electron`'s renderer-side modules are available.
import { contextBridge, ipcRenderer } from 'electron';
import type { TableroBridge } from '../../shared/src/bridge.js';
import type { ChannelSignatures } from './ipc/contract.js';

/** A call on one channel, typed by the contract: a misspelt channel or a wrong argument does not compile. */
function invoke<C extends keyof ChannelSignatures>(
  channel: C,
  ...args: Parameters<ChannelSignatures[C]>
): ReturnType<ChannelSignatures[C]> {
  return ipcRenderer.invoke(channel, ...args) as ReturnType<ChannelSignatures[C]>;
}

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
