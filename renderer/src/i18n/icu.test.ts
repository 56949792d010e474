import { describe, expect, it } from 'vitest';
import { en as appEn, es as appEs } from '../app/messages';
import { MESSAGES } from './messages';

describe('counted messages (ICU plural rules, one mechanism for the dashboard and the app)', () => {
  it('says one and many in Spanish', () => {
    expect(appEs.pending(0)).toBe('Todo enviado');
    expect(appEs.pending(1)).toBe('1 cambio sin enviar');
    expect(appEs.pending(3)).toBe('3 cambios sin enviar');
    expect(appEs.issuesWaiting(1)).toBe('Un conflicto o rechazo espera su decisión.');
    expect(appEs.unsyncedWarning(1)).toContain('1 cambio todavía no llega al servidor');
    expect(appEs.downloading(12000, 25551)).toBe('Descargando 12,000 de unos 25,551 documentos');
    expect(MESSAGES.es.files(1)).toBe('1 archivo');
    expect(MESSAGES.es.showing(1, 1)).toBe('Se muestra 1 de 1 compromiso.');
    expect(MESSAGES.es.showing(2, 10)).toBe('Se muestran 2 de 10 compromisos.');
  });
  it('says one and many in English', () => {
    expect(appEn.pending(1)).toBe('1 change not yet sent');
    expect(appEn.pending(2)).toBe('2 changes not yet sent');
    expect(appEn.unsyncedWarning(1)).toBe(
      'Careful: 1 change has not reached the server yet. Deleting the data loses it.',
    );
    expect(MESSAGES.en.files(1)).toBe('1 file');
    expect(MESSAGES.en.showing(1, 1)).toBe('Showing 1 of 1 commitment.');
  });
});
