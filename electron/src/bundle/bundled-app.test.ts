import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../shared/src/csp.js';
import { bundledPath, bundledResponse } from './bundled-app.js';

const server = new URL('https://tablero.example.gob');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-bundle-'));
fs.mkdirSync(path.join(root, 'app'));
fs.mkdirSync(path.join(root, 'assets'));
fs.writeFileSync(path.join(root, 'app', 'index.html'), '<!doctype html><title>app</title>');
fs.writeFileSync(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
fs.writeFileSync(path.join(root, 'secret.txt'), 'outside');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the app carried by the desktop package', () => {
  it('answers the app page and its assets at the server’s address, nothing else', () => {
    expect(bundledPath('https://tablero.example.gob/app/', server)).toBe(path.join('app', 'index.html'));
    expect(bundledPath('https://tablero.example.gob/app/?x=1#/inbox', server)).toBe(path.join('app', 'index.html'));
    expect(bundledPath('https://tablero.example.gob/assets/app-abc123.js', server)).toBe(
      path.join('assets', 'app-abc123.js'),
    );
    for (const other of [
      'https://tablero.example.gob/db/tablero/_changes',
      'https://tablero.example.gob/api/v1/plans',
      'https://tablero.example.gob/app/sw.js',
      'https://tablero.example.gob/assets/../secret.txt',
      'https://tablero.example.gob/assets/%2e%2e%2fsecret.txt',
      'https://tablero.example.gob/assets/.hidden',
      'https://other.example.org/app/',
      'http://tablero.example.gob/app/',
      'not a url',
    ])
      expect(bundledPath(other, server), other).toBeNull();
    expect(bundledPath('https://tablero.example.gob/app/', null)).toBeNull();
  });

  it('serves the files from the package with their type and the app’s CSP, and lets the server answer the rest', async () => {
    const page = await bundledResponse('https://tablero.example.gob/app/', server, root);
    expect(page?.headers.get('content-type')).toContain('text/html');
    expect(page?.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await page?.text()).toContain('<title>app</title>');
    const script = await bundledResponse('https://tablero.example.gob/assets/app-abc123.js', server, root);
    expect(script?.headers.get('content-type')).toContain('text/javascript');
    expect(await script?.text()).toBe('console.log(1)');
    expect(await bundledResponse('https://tablero.example.gob/assets/newer-chunk.js', server, root)).toBeNull();
    expect(await bundledResponse('https://tablero.example.gob/assets/../secret.txt', server, root)).toBeNull();
  });
});
