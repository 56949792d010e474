import { describe, expect, it } from 'vitest';
import type { Handlers } from './contract.js';
import { type IpcMainLike, registerHandlers } from './register.js';

type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

/** Electron's ipcMain as far as registration goes: it keeps the listeners so a test can call them. */
function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipcMain = { handle: (channel: string, listener: Listener) => listeners.set(channel, listener) };
  return { ipcMain: ipcMain as unknown as IpcMainLike, listeners };
}

const APP = 'https://tablero.example/app/';
const frame = (url: string, parent: object | null = null) => ({ senderFrame: { url, parent } });

describe('IPC registration', () => {
  const calls: string[] = [];
  const handlers: Handlers = {
    'app.version': () => '1.2.3',
    'files.pick': async () => [],
    'shell.openExternal': async (url) => {
      calls.push(url);
    },
    'settings.serverUrl': () => APP,
    'settings.setServerUrl': () => ({ ok: true, origin: 'https://tablero.example' }),
    'settings.setLanguage': () => undefined,
  };
  const { ipcMain, listeners } = fakeIpcMain();
  registerHandlers(ipcMain, handlers, (url) => url.startsWith(APP));
  const call = (channel: string, event: unknown, ...args: unknown[]) =>
    (listeners.get(channel) as Listener)(event, ...args);

  it('registers every channel of the contract', () => {
    expect([...listeners.keys()].sort()).toEqual(Object.keys(handlers).sort());
  });

  it('answers the app’s main frame, with the arguments the contract allows', async () => {
    expect(await call('app.version', frame(APP))).toBe('1.2.3');
    await call('shell.openExternal', frame(APP), 'https://www.opengovpartnership.org/');
    expect(calls).toEqual(['https://www.opengovpartnership.org/']);
  });

  it('refuses another page, a subframe, a missing frame and arguments the contract does not allow', async () => {
    await expect(call('app.version', frame('https://evil.example/'))).rejects.toThrow(/untrusted page/);
    await expect(call('app.version', frame(APP, { url: APP }))).rejects.toThrow(/untrusted page/);
    await expect(call('app.version', { senderFrame: null })).rejects.toThrow(/untrusted page/);
    await expect(call('shell.openExternal', frame(APP), 'a', 'b')).rejects.toThrow(/expects one address/);
    await expect(call('settings.setLanguage', frame(APP), 'fr')).rejects.toThrow(/"es" or "en"/);
    expect(calls).toHaveLength(1);
  });
});
