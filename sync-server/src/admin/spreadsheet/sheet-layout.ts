import type { OrgKind } from '../../../../shared/src/types.js';
import type { SheetMessages } from './messages.js';
import { columnLetter, type Sheet } from './read-sheet.js';
import { COLUMNS, type Column, kindInHeader, normalise } from './vocabulary.js';

/** One of the sheet's columns that feeds a field; several may feed one ("Otros actores" twice). */
export interface Source {
  index: number;
  /** `column H "Otros actores"`, as the person sees it. */
  label: string;
  /** The kind of organisation its header says its entries are, if it says one. */
  kind?: OrgKind;
}

export interface Layout {
  headerRow: number;
  sources: Map<Column, Source[]>;
  ignored: string[];
}

/** A problem with the row it is about (0: the sheet as a whole), so they can be told in row order. */
export interface Problem {
  row: number;
  text: string;
}

export interface Row {
  number: number;
  /** The cell's text; several columns for one field are joined one per line. */
  cell: (column: Column) => string;
  /** Each column feeding the field, with its text and where it is. */
  parts: (column: Column) => { value: string; where: string; kind?: OrgKind }[];
  where: (column: Column) => string;
}

/** A mapping's header or headers for a column (one header per column, or a list of them). */
export type MappedHeaders = string | readonly string[];

const headersOf = (mapped: MappedHeaders): readonly string[] => (typeof mapped === 'string' ? [mapped] : mapped);

/** The header row and which of its columns feed which field; problems for what is missing. */
export function readLayout(
  sheet: Sheet,
  mapped: Partial<Record<Column, MappedHeaders>>,
  say: SheetMessages,
  problems: Problem[],
): Layout | undefined {
  const headerNames = new Map<string, Column>();
  for (const [column, { headers }] of Object.entries(COLUMNS) as [Column, { headers: readonly string[] }][])
    for (const header of headers) if (!headerNames.has(normalise(header))) headerNames.set(normalise(header), column);
  for (const [column, headers] of Object.entries(mapped) as [Column, MappedHeaders][]) {
    if (!(column in COLUMNS))
      problems.push({ row: 0, text: say.mapNotColumn(column, Object.keys(COLUMNS).join(', ')) });
    else for (const header of headersOf(headers)) headerNames.set(normalise(String(header)), column);
  }
  const headerRow = sheet.rows
    .slice(0, 10)
    .find((row) => row.cells.filter((c) => headerNames.has(normalise(c))).length >= 2);
  if (!headerRow) {
    problems.push({ row: 0, text: say.noHeaderRow(requiredHeaders()) });
    return undefined;
  }
  const layout: Layout = { headerRow: headerRow.number, sources: new Map(), ignored: [] };
  headerRow.cells.forEach((text, index) => {
    const column = headerNames.get(normalise(text));
    const label = say.column(columnLetter(index), text);
    if (!column) {
      if (text) layout.ignored.push(`${columnLetter(index)} "${text}"`);
      return;
    }
    const kind = kindInHeader(text);
    layout.sources.set(column, [...(layout.sources.get(column) ?? []), { index, label, ...(kind ? { kind } : {}) }]);
  });
  checkColumns(layout, mapped, say, problems);
  return layout;
}

function checkColumns(
  layout: Layout,
  mapped: Partial<Record<Column, MappedHeaders>>,
  say: SheetMessages,
  problems: Problem[],
): void {
  for (const [column, headers] of Object.entries(mapped) as [Column, MappedHeaders][])
    if (column in COLUMNS && !layout.sources.has(column))
      for (const header of headersOf(headers))
        problems.push({ row: layout.headerRow, text: say.mapHeaderAbsent(column, String(header), layout.headerRow) });
  for (const [column, { required, headers }] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][])
    if (required && !layout.sources.has(column))
      problems.push({
        row: layout.headerRow,
        text: say.missingColumn(
          layout.headerRow,
          headers[0],
          column,
          headers
            .slice(1, 4)
            .map((h) => `"${h}"`)
            .join(', '),
        ),
      });
}

/** The rows below the header, each able to say where a field's cell is. */
export function rowsOf(sheet: Sheet, layout: Layout, say: SheetMessages): Row[] {
  return sheet.rows
    .filter((row) => row.number > layout.headerRow)
    .map((row) => {
      const parts = (column: Column) =>
        (layout.sources.get(column) ?? [])
          .map((source) => ({
            value: (row.cells[source.index] ?? '').trim(),
            where: `${say.row(row.number)}, ${source.label}`,
            ...(source.kind ? { kind: source.kind } : {}),
          }))
          .filter((part) => part.value);
      return {
        number: row.number,
        parts,
        cell: (column: Column) =>
          parts(column)
            .map((p) => p.value)
            .join('\n'),
        where: (column: Column) => {
          const sources = layout.sources.get(column) ?? [];
          const source = sources.find((s) => row.cells[s.index]?.trim()) ?? sources[0];
          return `${say.row(row.number)}, ${source?.label ?? column}`;
        },
      };
    });
}

export const requiredHeaders = () =>
  Object.values(COLUMNS)
    .filter((c) => c.required)
    .map((c) => `"${c.headers[0]}"`)
    .join(', ');
