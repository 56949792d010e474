import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from './settings.js';

describe('settings', () => {
  it('keeps the server chosen on first run, and refuses unsafe addresses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-settings-'));
    const store = new SettingsStore(dir);
    expect(store.read()).toEqual({ serverUrl: null, lang: 'es' });
    expect(store.setServer('http://tablero.example')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^serverUrl:/),
    });
    expect(store.setServer('https://tablero.example/app/')).toEqual({ ok: true, origin: 'https://tablero.example' });
    store.setLang('en');
    expect(new SettingsStore(dir).read()).toEqual({ serverUrl: 'https://tablero.example', lang: 'en' });
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"serverUrl":"javascript:alert(1)"}');
    expect(new SettingsStore(dir).read().serverUrl).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
