import { describe, expect, it } from 'vitest';
import { parseArgs } from './contract.js';

describe('IPC contract', () => {
  it('rejects arguments a channel does not take', () => {
    expect(parseArgs('shell.openExternal', ['https://example.org'])).toEqual(['https://example.org']);
    expect(parseArgs('shell.openExternal', [{ toString: () => 'x' }])).toBeInstanceOf(Error);
    expect(parseArgs('shell.openExternal', ['a', 'b'])).toBeInstanceOf(Error);
    expect(parseArgs('shell.openExternal', ['x'.repeat(5000)])).toBeInstanceOf(Error);
    expect(parseArgs('files.pick', [])).toEqual([]);
    expect(parseArgs('files.pick', ['/etc/passwd'])).toBeInstanceOf(Error);
    expect(parseArgs('settings.setLanguage', ['en'])).toEqual(['en']);
    expect(parseArgs('settings.setLanguage', ['fr'])).toBeInstanceOf(Error);
  });
});
