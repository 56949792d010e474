import type { es as appEs } from './messages';

/** The conflict card's words about evidence (the app's other text is in `messages.ts`). */
const es = {
  evidence: 'Evidencia',
  noEvidence: 'Sin evidencia.',
  file: (name: string) => `Archivo: ${name}`,
  link: (title: string) => `Enlace: ${title}`,
  notOnDevice: 'una evidencia que aún no está en este equipo',
  onlyHere: '(solo en esta versión)',
  keeps: (n: number) =>
    n === 0 ? 'Se queda sin evidencia.' : n === 1 ? 'Se queda con 1 evidencia.' : `Se queda con ${n} evidencias.`,
  removes: (names: string) => `Se quita y se borra la evidencia que solo tiene la otra versión: ${names}.`,
  combineKeeps: 'Combinar conserva la evidencia de ambas versiones.',
};

const en: typeof es = {
  evidence: 'Evidence',
  noEvidence: 'No evidence.',
  file: (name: string) => `File: ${name}`,
  link: (title: string) => `Link: ${title}`,
  notOnDevice: 'evidence not on this device yet',
  onlyHere: '(only in this version)',
  keeps: (n: number) =>
    n === 0 ? 'It keeps no evidence.' : n === 1 ? 'It keeps 1 piece of evidence.' : `It keeps ${n} pieces of evidence.`,
  removes: (names: string) => `The evidence only the other version has is taken off and deleted: ${names}.`,
  combineKeeps: 'Combining keeps the evidence of both versions.',
};

export function conflictText(t: typeof appEs): typeof es {
  return t.lang === 'en' ? en : es;
}
