import type { EvaluationResponse } from '../../../shared/src/api-types.js';
import { type CsvLang, inLanguage } from './csv-language.js';

/**
 * The evaluation as table rows: per commitment, the progress with its source, the CSOs' current
 * figures, the suggested and the confirmed level with its reason, and "did it open government?".
 */
export function evaluationTable(view: EvaluationResponse, lang: CsvLang): Record<string, string | number>[] {
  const es = lang === 'es';
  const orgName = (id: string) => view.organizations[id]?.acronym ?? view.organizations[id]?.name ?? id;
  const rows = view.rows.map((r) => {
    const e = r.evaluation;
    const source =
      r.progressSource.kind === 'publishedReports'
        ? es
          ? `reportes publicados; el último, del ${r.progressSource.lastReportDate}`
          : `published reports, last on ${r.progressSource.lastReportDate}`
        : es
          ? 'sin reportes publicados'
          : 'no published report';
    return {
      commitment_id: r.commitmentId,
      number: r.number,
      title: r.title,
      progress_percent: r.progress,
      progress_source: source,
      progress_as_of: view.plan.asOf,
      cso_assessments: r.csoFigures.map((f) => `${orgName(f.orgId)}: ${f.percent} %`).join('; '),
      suggested_level: r.suggestedLevel,
      level: e?.level ?? '',
      reason: e?.reason ?? '',
      opened_government_level: e?.openedGovernmentLevel ?? '',
      opened_government: e?.openedGovernment ?? '',
      evaluated_on: e?.date ?? '',
      evaluated_by: e ? (view.organizations[e.orgId]?.name ?? e.orgId) : '',
      demo_data: r.demo ? 'yes' : 'no',
    };
  });
  return inLanguage(rows, lang);
}
