import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type Channel, type Handlers, parseArgs } from './contract.js';

/** What `registerHandlers` needs of Electron's `ipcMain`, so tests can pass their own. */
export type IpcMainLike = Pick<IpcMain, 'handle'>;

/**
 * Registers one handler per channel. A call is answered only when it comes from the main frame
 * of a page the app trusts (checked on `senderFrame`, as Electron's advisories ask) and its
 * arguments pass the contract.
 */
export function registerHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (url: string, channel: Channel) => boolean,
): void {
  for (const channel of Object.keys(handlers) as Channel[]) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedSender(frame.url, channel))
        throw new Error(`${channel}: refused from an untrusted page`);
      const parsed = parseArgs(channel, args);
      if (parsed instanceof Error) throw parsed;
      return handler(...parsed);
    });
  }
}
