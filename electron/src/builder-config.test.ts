import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema and targets the four package kinds', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      { target: string[] }
    >;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });
  it('packages the compiled main process that package.json names', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      extraMetadata: { main: string };
    };
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(pkg.main).toBe('dist/electron-build/electron/src/main.js');
  });
  it('carries the built reporter app, so the first launch opens without a connection', () => {
    const config = load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { files: string[] };
    expect(config.files).toContain('dist/renderer/**/*');
    const main = fs.readFileSync(path.join(root, 'electron/src/main.ts'), 'utf8');
    expect(main).toMatch(/path\.join\(app\.getAppPath\(\), 'dist', 'renderer'\)/);
    expect(main).toContain('bundledResponse(');
  });
});
