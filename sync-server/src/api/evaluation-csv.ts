import type { EvaluationResponse } from '../../../shared/src/api-types.js';
import type { CompletionLevel, OpenedGovernmentLevel } from '../../../shared/src/types.js';

type Lang = 'es' | 'en';

/**
 * The evaluation as table rows, in the language asked for: codes and English column names for
 * re-users by default; with `es`, a Spanish table with no English word in it (column names,
 * levels, the progress source, yes/no), as the dashboard in Spanish links to.
 */
const COLUMNS = {
  en: [
    'commitment_id',
    'number',
    'title',
    'progress_percent',
    'progress_source',
    'progress_as_of',
    'cso_assessments',
    'suggested_level',
    'level',
    'reason',
    'opened_government_level',
    'opened_government',
    'evaluated_on',
    'evaluated_by',
    'demo_data',
  ],
  es: [
    'id_compromiso',
    'numero',
    'titulo',
    'avance_por_ciento',
    'fuente_del_avance',
    'avance_al',
    'valoracion_osc',
    'nivel_sugerido',
    'nivel',
    'razon',
    'abrio_el_gobierno',
    'nota_sobre_apertura',
    'evaluado_el',
    'evaluado_por',
    'datos_de_demostracion',
  ],
} as const;

const LEVELS: Record<CompletionLevel, string> = {
  notStarted: 'Sin iniciar',
  limited: 'Limitado',
  substantial: 'Sustancial',
  complete: 'Completo',
};
const OPENED: Record<OpenedGovernmentLevel, string> = {
  didNotChange: 'No cambió',
  marginal: 'Marginal',
  major: 'Importante',
  outstanding: 'Sobresaliente',
};

export function evaluationTable(view: EvaluationResponse, lang: Lang): Record<string, string | number>[] {
  const es = lang === 'es';
  const orgName = (id: string) => view.organizations[id]?.acronym ?? view.organizations[id]?.name ?? id;
  return view.rows.map((r) => {
    const e = r.evaluation;
    const values = [
      r.commitmentId,
      r.number,
      r.title,
      r.progress,
      r.progressSource.kind === 'publishedReports'
        ? es
          ? `reportes publicados; el último, del ${r.progressSource.lastReportDate}`
          : `published reports, last on ${r.progressSource.lastReportDate}`
        : es
          ? 'sin reportes publicados'
          : 'no published report',
      view.plan.asOf,
      r.csoFigures.map((f) => `${orgName(f.orgId)}: ${f.percent} %`).join('; '),
      es ? LEVELS[r.suggestedLevel] : r.suggestedLevel,
      e ? (es ? LEVELS[e.level] : e.level) : '',
      e?.reason ?? '',
      e?.openedGovernmentLevel ? (es ? OPENED[e.openedGovernmentLevel] : e.openedGovernmentLevel) : '',
      e?.openedGovernment ?? '',
      e?.date ?? '',
      e ? (view.organizations[e.orgId]?.name ?? e.orgId) : '',
      r.demo ? (es ? 'sí' : 'yes') : 'no',
    ];
    return Object.fromEntries(COLUMNS[lang].map((column, i) => [column, values[i] ?? '']));
  });
}
