/**
 * The CSV exports in Spanish: with `?lang=es` every column name and every coded value (states,
 * statuses, levels, OGP values, yes/no) is in Spanish, so a Spanish table has no English word in
 * it; without it, English column names and codes for re-users' scripts. Names, titles and
 * narratives are the plan's own text and stay as written.
 */
import {
  COMPLETION_LEVEL_NAMES,
  namesIn,
  OGP_VALUE_NAMES,
  OPENED_GOVERNMENT_NAMES,
  SCHEDULE_STATE_NAMES,
} from '../../../shared/src/vocabularies.js';

export type CsvLang = 'es' | 'en';

export const csvLang = (query: unknown): CsvLang => (query === 'es' ? 'es' : 'en');

const COLUMNS: Record<string, string> = {
  id: 'id',
  commitment_id: 'id_compromiso',
  key_action_id: 'id_accion_clave',
  number: 'numero',
  ogp_id: 'id_ogp',
  title: 'titulo',
  progress_percent: 'avance_por_ciento',
  cso_assessments: 'valoracion_osc',
  schedule_state: 'estado',
  responsible: 'responsables',
  co_responsible: 'corresponsables',
  ogp_values: 'valores_ogp',
  start_date: 'inicio',
  end_date: 'fin',
  last_report_date: 'ultimo_reporte',
  key_actions: 'acciones_clave',
  weight: 'peso',
  organization: 'organizacion',
  date: 'fecha',
  status: 'estatus',
  percent: 'por_ciento',
  narrative: 'descripcion',
  corrects: 'corrige_a',
  corrected_by: 'corregido_por',
  evidence: 'evidencia',
  demo_data: 'datos_de_demostracion',
  progress_source: 'fuente_del_avance',
  progress_as_of: 'avance_al',
  suggested_level: 'nivel_sugerido',
  level: 'nivel',
  reason: 'razon',
  opened_government_level: 'abrio_el_gobierno',
  opened_government: 'nota_sobre_apertura',
  evaluated_on: 'evaluado_el',
  evaluated_by: 'evaluado_por',
  expected_percent: 'avance_esperado',
  days_overdue: 'dias_de_retraso',
  delay_explanation: 'explicacion_del_retraso',
  organization_id: 'id_organizacion',
  received: 'recibidas',
  answered: 'respondidas',
  median_days_to_answer: 'mediana_de_dias_para_responder',
  oldest_unanswered_since: 'sin_respuesta_desde',
  report_id: 'id_reporte',
  asked_at: 'preguntada_el',
  published_at: 'publicada_el',
  name: 'nombre',
  question: 'pregunta',
  answered_by: 'respondida_por',
  first_answer_at: 'primera_respuesta_el',
  answers: 'respuestas',
};

const LEVELS = namesIn(COMPLETION_LEVEL_NAMES, 'es');
const OGP_VALUES: Record<string, string> = namesIn(OGP_VALUE_NAMES, 'es');
const CODES: Record<string, Record<string, string>> = {
  schedule_state: namesIn(SCHEDULE_STATE_NAMES, 'es'),
  status: { published: 'publicado', withdrawn: 'retirado' },
  demo_data: { yes: 'sí', no: 'no' },
  suggested_level: LEVELS,
  level: LEVELS,
  opened_government_level: namesIn(OPENED_GOVERNMENT_NAMES, 'es'),
};

function valueIn(column: string, value: string | number): string | number {
  if (typeof value !== 'string' || value === '') return value;
  if (column === 'ogp_values')
    return value
      .split('; ')
      .map((v) => OGP_VALUES[v] ?? v)
      .join('; ');
  return CODES[column]?.[value] ?? value;
}

export function inLanguage(rows: Record<string, string | number>[], lang: CsvLang): Record<string, string | number>[] {
  if (lang === 'en') return rows;
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [COLUMNS[column] ?? column, valueIn(column, value)]),
    ),
  );
}
