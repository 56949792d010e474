import { describe, expect, it } from 'vitest';
import { menuTemplate } from './menu.js';

describe('application menu', () => {
  it('speaks the app’s language', () => {
    const noop = () => undefined;
    expect(menuTemplate('es', noop, noop).map((m) => m.label)).toEqual(['Archivo', 'Editar', 'Ver', 'Ayuda']);
    expect(menuTemplate('en', noop, noop).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });
});
