import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** A sheet as people see it: rows numbered as the spreadsheet numbers them, cells as text. */
export interface Sheet {
  /** Every non-empty row, with its number in the sheet (1 is the first row). */
  rows: { number: number; cells: string[] }[];
}

export class SheetReadError extends Error {}

/** The column letter a spreadsheet shows for a zero-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let letter = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
}

/** Reads a CSV (comma, semicolon or tab separated, with or without BOM) or the first sheet of an XLSX workbook. */
export async function readSheet(file: string, bytes: Uint8Array, sheetName?: string): Promise<Sheet> {
  if (/\.xlsx$/i.test(file)) return readXlsx(file, bytes, sheetName);
  if (/\.(csv|tsv|txt)$/i.test(file)) return readCsv(file, new TextDecoder().decode(bytes));
  throw new SheetReadError(`${file}: a plan spreadsheet is .csv or .xlsx (save other formats as one of these).`);
}

function readCsv(file: string, text: string): Sheet {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets saved in Spanish locales separate with semicolons.
  const delimiter = [';', '\t', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    throw new SheetReadError(`${file}: not a CSV that can be read: ${(error as Error).message}`);
  }
  return {
    rows: records
      .map((cells, index) => ({ number: index + 1, cells: cells.map((c) => c.trim()) }))
      .filter((row) => row.cells.some(Boolean)),
  };
}

async function readXlsx(file: string, bytes: Uint8Array, sheetName?: string): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new SheetReadError(`${file}: not an XLSX workbook that can be read: ${(error as Error).message}`);
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet)
    throw new SheetReadError(
      `${file}: ${sheetName ? `no sheet named "${sheetName}"; it has ${workbook.worksheets.map((w) => `"${w.name}"`).join(', ')}` : 'the workbook has no sheet'}.`,
    );
  const rows: Sheet['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value).trim();
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    if (cells.some(Boolean)) rows.push({ number, cells });
  });
  return { rows };
}

/** A cell's value as the person sees it; dates as YYYY-MM-DD, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return '';
  return String(value);
}
