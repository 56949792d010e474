import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { type Channel, parseArgs } from './contract.js';

type Handler = (...args: never[]) => unknown;

/**
 * Registers one handler per channel. A call is answered only when it comes from the main frame
 * of a page the app trusts (checked on `senderFrame`, as Electron's advisories ask) and its
 * arguments pass the contract.
 */
export function registerHandlers(
  ipcMain: IpcMain,
  handlers: Record<Channel, Handler>,
  isTrustedSender: (url: string, channel: Channel) => boolean,
): void {
  for (const [channel, handler] of Object.entries(handlers) as [Channel, Handler][]) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedSender(frame.url, channel))
        throw new Error(`${channel}: refused from an untrusted page`);
      const parsed = parseArgs(channel, args);
      if (parsed instanceof Error) throw parsed;
      return (handler as (...a: unknown[]) => unknown)(...parsed);
    });
  }
}
