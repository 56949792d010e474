/**
 * What the desktop adds to the browser: one small typed interface, implemented by Electron's
 * preload (window.tablero) and, in a plain browser, by web APIs (renderer/src/platform).
 */
export interface PickedFile {
  name: string;
  type: string;
  size: number;
  bytes: ArrayBuffer;
}

export type SetServerResult = { ok: true; origin: string } | { ok: false; reason: string };

export interface TableroBridge {
  kind: 'desktop' | 'web';
  appVersion(): Promise<string>;
  pickFiles(): Promise<PickedFile[]>;
  openExternal(url: string): Promise<void>;
  /** The server the desktop app talks to; the web app talks to the origin it came from. */
  serverUrl(): Promise<string>;
  setServerUrl(url: string): Promise<SetServerResult>;
  /** The app's language, so the desktop menu speaks it too. */
  setLanguage(lang: 'es' | 'en'): Promise<void>;
}
