import type { RevisedField, RevisedType } from '../../../shared/src/plan-revision.js';
import type { Lang } from './messages';

/** What the public history of a plan says (plan-history.tsx); the dashboard's other text is in messages.ts. */
const es = {
  title: 'Cambios al plan',
  intro:
    'El plan cambió después de publicarse (por ejemplo, una reprogramación). Cada revisión dice qué cambió y cuándo; lo anterior no se borra en silencio.',
  commitmentTitle: 'Cambios a este compromiso',
  revision: (n: number, date: string) => `Revisión ${n}, ${date}`,
  source: (file: string) => `Fuente: ${file}`,
  quoted: (text: string) => `«${text}»`,
  what: { plan: 'El plan', commitment: 'Compromiso', keyAction: 'Acción clave' } satisfies Record<RevisedType, string>,
  added: 'se añadió',
  removed: 'se retiró',
  none: 'sin dato',
  fields: {
    title: 'título',
    titleEn: 'título en inglés',
    description: 'descripción',
    problem: 'problema',
    objective: 'objetivo',
    startDate: 'fecha de inicio',
    endDate: 'fecha de término',
    responsibleOrgIds: 'responsables',
    coResponsibleOrgIds: 'corresponsables',
    ogpValues: 'valores de OGP',
    weight: 'peso',
    deliverable: 'entregable',
  } satisfies Record<RevisedField, string>,
};

const en: typeof es = {
  title: 'Changes to the plan',
  intro:
    'The plan changed after it was published (a reprogramming, for instance). Each revision says what changed and when; what came before is not silently erased.',
  commitmentTitle: 'Changes to this commitment',
  revision: (n: number, date: string) => `Revision ${n}, ${date}`,
  source: (file: string) => `Source: ${file}`,
  quoted: (text: string) => `“${text}”`,
  what: { plan: 'The plan', commitment: 'Commitment', keyAction: 'Key action' },
  added: 'added',
  removed: 'removed',
  none: 'not given',
  fields: {
    title: 'title',
    titleEn: 'English title',
    description: 'description',
    problem: 'problem',
    objective: 'objective',
    startDate: 'start date',
    endDate: 'end date',
    responsibleOrgIds: 'responsible',
    coResponsibleOrgIds: 'co-responsible',
    ogpValues: 'OGP values',
    weight: 'weight',
    deliverable: 'deliverable',
  },
};

export const revisionText = (lang: Lang): typeof es => (lang === 'en' ? en : es);
