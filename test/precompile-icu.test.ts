import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { precompileIcu } from '../scripts/precompile-icu.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** Builds one renderer module with the plugin, as `vite build` does, and returns the emitted code. */
async function buildMessages(source: string): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-icu-'));
  roots.push(root);
  const entry = path.join(root, 'renderer/src/messages.ts');
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(entry, source);
  const output = (await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [precompileIcu()],
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'messages' } },
  })) as Rolldown.RolldownOutput[];
  return output[0]?.output[0]?.code ?? '';
}

describe('ICU messages compiled at build time', () => {
  it('ships the syntax tree of each pattern in place of its text', async () => {
    const code = await buildMessages(
      [
        'const count = (lang: string, pattern: unknown) => [lang, pattern];',
        "export const files = count('es', '{n, plural, one {# archivo} other {# archivos}}');",
        "export const plain = String('{n, plural, one {# left alone} other {# left alone}}');",
      ].join('\n'),
    );
    expect(code).not.toContain('{# archivo}');
    expect(code).toMatch(/"type":\s*6/);
    expect(code).toContain('" archivos"');
    // Only the helpers' patterns are compiled: another string that looks like one stays text.
    expect(code).toContain('{# left alone}');
  });

  it('fails the build on a pattern that does not parse, naming the file and the pattern', async () => {
    await expect(
      buildMessages(
        [
          'const count = (lang: string, pattern: unknown) => [lang, pattern];',
          "export const broken = count('en', '{n, plural, one {# file}');",
        ].join('\n'),
      ),
    ).rejects.toThrow(/renderer\/src\/messages\.ts: ICU message "\{n, plural, one \{# file\}" does not parse/);
  });

  it('fails the build on a pattern that is not a literal, which the pages could not format', async () => {
    await expect(
      buildMessages(
        [
          'const count = (lang: string, pattern: unknown) => [lang, pattern];',
          "const pattern = ['{n, plural, one {# file}', 'other {# files}}'].join(' ');",
          "export const built = count('en', pattern);",
        ].join('\n'),
      ),
    ).rejects.toThrow(/renderer\/src\/messages\.ts: an ICU message must be written as a string literal/);
  });
});
