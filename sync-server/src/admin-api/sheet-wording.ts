import type { Lang } from '../admin/spreadsheet/messages.js';

/**
 * The importer speaks to the command line (`--start 2025-01-01`, `--map`); on the admin page the
 * same advice names the page's own fields, so a person is never told to type an option.
 */
const FIELDS: Record<Lang, [RegExp, string][]> = {
  es: [
    [/"values" de --map/g, '«Palabras de la hoja»'],
    [/--map/g, '«Columnas que no se leyeron»'],
    [/--start(?: \d{4}-\d{2}-\d{2})?/g, '«Inicio»'],
    [/--end(?: \d{4}-\d{2}-\d{2})?/g, '«Fin»'],
    [/--plan(?: [a-z0-9-]+)?/g, '«Identificador del plan»'],
  ],
  en: [
    [/"values" in --map/g, '"Words of the sheet"'],
    [/--map/g, '"Columns that were not read"'],
    [/--start(?: \d{4}-\d{2}-\d{2})?/g, '"Start"'],
    [/--end(?: \d{4}-\d{2}-\d{2})?/g, '"End"'],
    [/--plan(?: [a-z0-9-]+)?/g, '"Plan id"'],
  ],
};

export function forThePage(text: string, lang: Lang): string {
  return FIELDS[lang].reduce((said, [option, field]) => said.replace(option, field), text);
}
