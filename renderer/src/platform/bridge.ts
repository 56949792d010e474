import type { PickedFile, TableroBridge } from '../../../shared/src/bridge';

export type { PickedFile, TableroBridge };

declare global {
  interface Window {
    tablero?: TableroBridge;
  }
}

const web: TableroBridge = {
  kind: 'web',
  appVersion: async () => 'web',
  pickFiles: () =>
    new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.onchange = async () => resolve(await Promise.all([...(input.files ?? [])].map(readFile)));
      input.click();
    }),
  openExternal: async (url) => {
    window.open(url, '_blank', 'noopener,noreferrer');
  },
  serverUrl: async () => window.location.origin,
  setServerUrl: async () => ({ ok: true, origin: window.location.origin }),
  setLanguage: async () => undefined,
};

export async function readFile(file: File): Promise<PickedFile> {
  return {
    name: file.name,
    type: file.type || 'application/octet-stream',
    size: file.size,
    bytes: await file.arrayBuffer(),
  };
}

export function platform(): TableroBridge {
  return window.tablero ?? web;
}
