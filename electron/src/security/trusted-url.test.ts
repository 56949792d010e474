import { describe, expect, it } from 'vitest';
import { isAppUrl, isExternalLink, parseServerUrl } from './trusted-url.js';

const server = parseServerUrl('https://tablero.gob.example');

describe('trusted URLs', () => {
  it('accepts https servers and http only on this machine', () => {
    expect(parseServerUrl('https://tablero.gob.example/some/path')?.href).toBe('https://tablero.gob.example/');
    expect(parseServerUrl('http://127.0.0.1:4000')?.href).toBe('http://127.0.0.1:4000/');
    expect(parseServerUrl('http://tablero.gob.example')).toBeNull();
    expect(parseServerUrl('https://user:pw@tablero.gob.example')).toBeNull();
    expect(parseServerUrl('file:///etc/passwd')).toBeNull();
    expect(parseServerUrl('javascript:alert(1)')).toBeNull();
    expect(parseServerUrl('not a url')).toBeNull();
  });
  it('treats only the server’s own /app/ pages as the app', () => {
    expect(isAppUrl('https://tablero.gob.example/app/#/plan/x', server)).toBe(true);
    for (const hostile of [
      'https://tablero.gob.example.evil.com/app/',
      'https://evil.com/app/?next=https://tablero.gob.example/app/',
      'https://tablero.gob.example@evil.com/app/',
      'http://tablero.gob.example/app/',
      'https://tablero.gob.example:8443/app/',
      'https://tablero.gob.example/db/_utils',
      'https://tablero.gob.example/application',
      'file:///app/index.html',
    ])
      expect(isAppUrl(hostile, server), hostile).toBe(false);
    expect(isAppUrl('https://tablero.gob.example/app/', null)).toBe(false);
  });
  it('opens only web links outside the app', () => {
    expect(isExternalLink('https://www.opengovpartnership.org/')).toBe(true);
    expect(isExternalLink('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isExternalLink('smb://server/share')).toBe(false);
    expect(isExternalLink('https://user:pw@example.org')).toBe(false);
  });
});
