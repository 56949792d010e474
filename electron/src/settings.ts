import fs from 'node:fs';
import path from 'node:path';
import { parseServerUrl } from './security/trusted-url.js';

export interface Settings {
  serverUrl: string | null;
  lang: 'es' | 'en';
}

const DEFAULTS: Settings = { serverUrl: null, lang: 'es' };

/** Settings kept in the user's data folder: the server chosen on first run, and the language. */
export class SettingsStore {
  private readonly file: string;
  constructor(dir: string) {
    this.file = path.join(dir, 'settings.json');
  }

  read(): Settings {
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<Settings>;
      const server = stored.serverUrl ? parseServerUrl(stored.serverUrl) : null;
      return { serverUrl: server ? server.origin : null, lang: stored.lang === 'en' ? 'en' : 'es' };
    } catch {
      return { ...DEFAULTS };
    }
  }

  /** Saves a server address, or says why it cannot be used. */
  setServer(input: string): { ok: true; origin: string } | { ok: false; reason: string } {
    const url = parseServerUrl(input);
    if (!url) return { ok: false, reason: 'serverUrl: use https://…, or http:// only for this computer (localhost).' };
    this.write({ ...this.read(), serverUrl: url.origin });
    return { ok: true, origin: url.origin };
  }

  setLang(lang: 'es' | 'en'): void {
    this.write({ ...this.read(), lang });
  }

  private write(settings: Settings): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(settings, null, 2), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}
