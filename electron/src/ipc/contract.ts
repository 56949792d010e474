import type { TableroBridge } from '../../../shared/src/bridge.js';

/**
 * Every IPC channel, with the validation of its arguments. The preload exposes exactly these,
 * and the main process registers exactly these (ipc/register.ts), so the two cannot drift.
 */
export const CHANNELS = {
  appVersion: 'app.version',
  pickFiles: 'files.pick',
  openExternal: 'shell.openExternal',
  serverUrl: 'settings.serverUrl',
  setServerUrl: 'settings.setServerUrl',
  setLanguage: 'settings.setLanguage',
} as const satisfies Record<Exclude<keyof TableroBridge, 'kind'>, string>;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

type BridgeMethods = Omit<TableroBridge, 'kind'>;

/** Each channel's signature, derived from the bridge: the preload's calls and the main process's handlers are checked against it. */
export type ChannelSignatures = { [K in keyof BridgeMethods as (typeof CHANNELS)[K]]: BridgeMethods[K] };

/** A main-process handler: the bridge method's arguments, and its result or a promise of it. */
export type Handlers = {
  [C in Channel]: (
    ...args: Parameters<ChannelSignatures[C]>
  ) => Awaited<ReturnType<ChannelSignatures[C]>> | ReturnType<ChannelSignatures[C]>;
};

/** Arguments each channel takes, checked in the main process before any handler runs. */
export function parseArgs(channel: Channel, args: unknown[]): unknown[] | Error {
  switch (channel) {
    case 'shell.openExternal':
    case 'settings.setServerUrl':
      return args.length === 1 && typeof args[0] === 'string' && args[0].length < 2048
        ? args
        : new Error(`${channel}: expects one address`);
    case 'settings.setLanguage':
      return args.length === 1 && (args[0] === 'es' || args[0] === 'en')
        ? args
        : new Error(`${channel}: expects "es" or "en"`);
    default:
      return args.length === 0 ? args : new Error(`${channel}: takes no arguments`);
  }
}
