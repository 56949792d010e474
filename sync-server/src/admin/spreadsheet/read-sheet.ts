import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type Lang, SHEET_MESSAGES, type SheetMessages } from './messages.js';

/** A sheet as people see it: rows numbered as the spreadsheet numbers them, cells as text. */
export interface Sheet {
  /** Every non-empty row, with its number in the sheet (1 is the first row). */
  rows: { number: number; cells: string[] }[];
  format: 'csv' | 'xlsx';
  /** A CSV's encoding, as detected. */
  encoding?: Encoding;
  /** The workbook's sheet that was read. */
  sheetName?: string;
}

export class SheetReadError extends Error {}

/** The column letter a spreadsheet shows for a zero-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let letter = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
}

/** How the bytes of a CSV were written; the summary names it, so a wrong guess is seen at once. */
export type Encoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16' | 'Windows-1252';

/**
 * Reads a CSV (comma, semicolon or tab separated; UTF-8, with or without BOM, UTF-16 or
 * Windows-1252/Latin-1) or the first sheet of an XLSX workbook. A file that is neither is refused
 * in one sentence, in the site's language.
 */
export async function readSheet(
  file: string,
  bytes: Uint8Array,
  sheetName?: string,
  lang: Lang = 'en',
): Promise<Sheet> {
  const say = SHEET_MESSAGES[lang];
  const base = path.basename(file);
  const kind = signature(bytes);
  if (/\.xlsx$/i.test(file) || kind === 'zip') {
    if (kind !== 'zip')
      throw new SheetReadError(say.notASheet(base, kind === 'xls' ? say.looksLike(say.oldExcel) : ''));
    return readXlsx(base, bytes, sheetName, say);
  }
  if (!/\.(csv|tsv|txt)$/i.test(file)) throw new SheetReadError(say.unknownExtension(base));
  if (kind === 'xls') throw new SheetReadError(say.notASheet(base, say.looksLike(say.oldExcel)));
  const { text, encoding } = decode(bytes);
  // Text has no control characters but tab and line breaks; binary bytes read as text do.
  if (kind === 'binary' || hasControlCharacters(text.slice(0, 4096))) throw new SheetReadError(say.notASheet(base, ''));
  return { ...readCsv(base, text, say), format: 'csv', encoding };
}

/** Control characters other than tab, line feed and carriage return: text never has them. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) return true;
  }
  return false;
}

/** What a file's first bytes say it is: a zip (every .xlsx is one), an old .xls, or binary. */
function signature(bytes: Uint8Array): 'zip' | 'xls' | 'binary' | 'text' {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'xls';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'text';
  return bytes.subarray(0, 4096).includes(0) ? 'binary' : 'text';
}

/**
 * UTF-8 when the bytes are valid UTF-8 (Latin-1 text with an accent almost never is), else
 * Windows-1252, which Excel writes on Spanish, French and Portuguese Windows and which includes
 * Latin-1. UTF-16 when it starts with its byte order mark (Excel's "Unicode text").
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { text, encoding: bom ? 'UTF-8 with BOM' : 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

function readCsv(file: string, text: string, say: SheetMessages): Pick<Sheet, 'rows'> {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Spreadsheets saved in Spanish locales separate with semicolons.
  const delimiter = [';', '\t', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SheetReadError(say.unreadableCsv(file, line ? say.atLine(line) : ''));
  }
  return {
    rows: records
      .map((cells, index) => ({ number: index + 1, cells: cells.map((c) => c.trim()) }))
      .filter((row) => row.cells.some(Boolean)),
  };
}

async function readXlsx(
  file: string,
  bytes: Uint8Array,
  sheetName: string | undefined,
  say: SheetMessages,
): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    // The library's own words (a zip library's links, bytes) mean nothing to the person importing.
    throw new SheetReadError(say.notASheet(file, ''));
  }
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet)
    throw new SheetReadError(
      sheetName
        ? say.noSheetNamed(file, sheetName, workbook.worksheets.map((w) => `"${w.name}"`).join(', '))
        : say.noSheet(file),
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
  return { rows, format: 'xlsx', sheetName: sheet.name };
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
