/**
 * What the desktop adds to the browser: one small typed interface, implemented by Electron's
 * preload (window.tablero) and, in a plain browser, by web APIs. Components use `platform()`.
 */
export interface PickedFile {
  name: string;
  type: string;
  size: number;
  bytes: ArrayBuffer;
}

export interface TableroBridge {
  kind: 'desktop' | 'web';
  appVersion(): Promise<string>;
  pickFiles(): Promise<PickedFile[]>;
  openExternal(url: string): Promise<void>;
  /** The server the desktop app talks to; the web app talks to the origin it came from. */
  serverUrl(): Promise<string>;
  setServerUrl(url: string): Promise<void>;
}

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
  setServerUrl: async () => undefined,
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
