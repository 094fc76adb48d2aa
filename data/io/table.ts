/**
 * Reading a CSV or .xlsx file into one plain table of text cells, the common ground of every importer.
 * Browser-safe: works on bytes (a File's arrayBuffer() in the page, a Buffer in Node).
 *
 * Data layout of a Table:
 *   headers[c]      the text of header cell c, trimmed and made unique ("Choice", "Choice (2)");
 *                   a blank header becomes "Column D" after its spreadsheet letter
 *   rows[i][c]      the raw text of data row i, column c (rows may be shorter or longer than headers)
 *   rowNumbers[i]   the 1-based row number of rows[i] as a spreadsheet shows the file (header row included),
 *                   which is what every message quotes, so a user can find the row in Excel
 */
import Papa from 'papaparse';
import { decodeText, type TextEncodingName } from './decode';
import { restore } from './neutralise';

export interface Table {
  headers: string[];
  rows: string[][];
  rowNumbers: number[];
  /** 1-based row number of the header row. */
  headerRow: number;
  format: 'csv' | 'xlsx';
  encoding?: TextEncodingName;
  delimiter?: string;
  /** For .xlsx: the sheet read and every sheet in the workbook. */
  sheet?: string;
  sheets?: string[];
  /** Problems with the file as a whole or with rows that could not be split into cells. */
  rowProblems: { row: number; message: string }[];
}

export interface ReadTableOptions {
  /** 1-based header row; found automatically when missing. */
  headerRow?: number;
  /** For .xlsx: the sheet to read (name); default the first sheet with data. */
  sheet?: string;
}

/** An error reading a file as a whole, with a message fit to show to the user. */
export class FileReadError extends Error {
  override name = 'FileReadError';
}

/** The text of a cell as importers should see it: trimmed, and un-neutralised (see neutralise.ts). */
export function cellText(raw: string | undefined): string {
  if (raw === undefined) return '';
  return restore(raw.trim());
}

/** Spreadsheet column letters for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Trimmed, whitespace-collapsed, unique header texts. Exported so exporters can predict the headers an import will see. */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    let text = restore((h ?? '').replace(/\s+/g, ' ').trim());
    if (text === '') text = `Column ${columnLetter(i)}`;
    const key = text.toLowerCase();
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 1) return text;
    // Find a free "Name (n)"; a later real header of that name gets its own suffix in turn.
    let n = count;
    while (seen.has(`${key} (${n})`)) n++;
    seen.set(`${key} (${n})`, 1);
    return `${text} (${n})`;
  });
}

function nonEmptyCount(row: readonly string[]): number {
  let n = 0;
  for (const c of row) if (c !== undefined && String(c).trim() !== '') n++;
  return n;
}

/**
 * The header row of a file whose first rows may be a report title, a date line or blank (SIMS and
 * Arbor reports do this): the first of the first 20 rows that fills at least half as many cells as the
 * fullest of them, and at least two when any row has two.
 */
function findHeaderRow(records: readonly string[][]): number {
  const look = records.slice(0, 20);
  let widest = 0;
  for (const r of look) widest = Math.max(widest, nonEmptyCount(r));
  const need = Math.max(Math.min(2, widest), Math.ceil(widest / 2));
  for (let i = 0; i < look.length; i++) if (nonEmptyCount(look[i]) >= need && need > 0) return i;
  return 0;
}

/** Counts a delimiter character outside double quotes in one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let inQuotes = false;
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ch) n++;
  }
  return n;
}

/**
 * Comma, semicolon (Excel in much of Europe) or tab (Excel's "Unicode Text"): the one that splits some
 * of the first ten lines most. Papa Parse's own guess needs several consistent lines and gives up on
 * short files, so it is not used.
 */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/, 10);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    let most = 0;
    for (const line of lines) most = Math.max(most, countOutsideQuotes(line, d));
    if (most > bestCount) {
      best = d;
      bestCount = most;
    }
  }
  return best;
}

function fromRecords(
  records: string[][],
  base: Omit<Table, 'headers' | 'rows' | 'rowNumbers' | 'headerRow'>,
  options: ReadTableOptions,
): Table {
  let headerIndex = options.headerRow !== undefined ? options.headerRow - 1 : findHeaderRow(records);
  if (headerIndex < 0 || headerIndex >= Math.max(records.length, 1)) {
    throw new FileReadError(
      `Header row ${options.headerRow} is outside the file, which has ${records.length} rows. Maybe the header is in row 1?`,
    );
  }
  const headerCells = records[headerIndex] ?? [];
  // Trailing blank header cells with no data under them are Excel's habit of saving formatted but empty
  // columns; drop them so they do not show up as "Column K" in the mapping.
  let width = headerCells.length;
  while (width > 0 && (headerCells[width - 1] ?? '').trim() === '') {
    const c = width - 1;
    let used = false;
    for (let i = headerIndex + 1; i < records.length && !used; i++) used = (records[i][c] ?? '').trim() !== '';
    if (used) break;
    width--;
  }
  const headers = uniqueHeaders(headerCells.slice(0, width));
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    rows.push(records[i]);
    rowNumbers.push(i + 1);
  }
  // A final empty record is the file's last line break, not a row.
  while (rows.length > 0 && rows[rows.length - 1].length <= 1 && (rows[rows.length - 1][0] ?? '') === '') {
    rows.pop();
    rowNumbers.pop();
  }
  return { ...base, headers, rows, rowNumbers, headerRow: headerIndex + 1 };
}

/** Reads CSV text (already decoded). */
export function readCsvText(text: string, options: ReadTableOptions = {}, encoding?: TextEncodingName): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, header: false, dynamicTyping: false });
  const rowProblems: Table['rowProblems'] = [];
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    const row = typeof e.row === 'number' ? e.row + 1 : 0;
    const hint =
      e.code === 'MissingQuotes'
        ? ' A cell opens a double quote (") that never closes, so everything after it ran together. Maybe a name contains a stray quote mark?'
        : '';
    rowProblems.push({ row, message: `${e.message} (row ${row}).${hint}` });
  }
  return fromRecords(parsed.data, { format: 'csv', encoding, delimiter, rowProblems }, options);
}

/** Text for one .xlsx cell value as read-excel-file returns it. */
function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(v);
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOldOfficeFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/** Reads an .xlsx workbook's sheet into a table. */
export async function readXlsxBytes(bytes: Uint8Array, options: ReadTableOptions = {}): Promise<Table> {
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Copy into a fresh ArrayBuffer: a Node Buffer is a view into a shared pool.
    const buffer = bytes.slice().buffer as ArrayBuffer;
    sheets = (await readXlsxFile(buffer)) as unknown as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    throw new FileReadError(
      `This file could not be read as an Excel .xlsx workbook (${(e as Error).message}). Maybe it is damaged, password-protected or another kind of file? Try saving it again from Excel as .xlsx or CSV.`,
    );
  }
  const names = sheets.map((s) => s.sheet);
  let chosen = sheets.find((s) => s.data.some((r) => r.some((c) => c !== null && c !== undefined && c !== '')));
  if (options.sheet !== undefined) {
    chosen = sheets.find((s) => s.sheet === options.sheet);
    if (!chosen) {
      throw new FileReadError(`The workbook has no sheet called "${options.sheet}"; its sheets are ${names.map((n) => `"${n}"`).join(', ')}.`);
    }
  }
  if (!chosen) throw new FileReadError('Every sheet in this workbook is empty. Maybe the data is in another file?');
  const records = chosen.data.map((r) => r.map(xlsxCellText));
  return fromRecords(records, { format: 'xlsx', sheet: chosen.sheet, sheets: names, rowProblems: [] }, options);
}

/**
 * Reads a CSV, TSV or .xlsx file, telling them apart by content (an .xlsx is a zip file) rather than by
 * name, because schools rename files. Throws FileReadError with a message for the user when the file
 * cannot be read at all.
 */
export async function readTable(bytes: Uint8Array, fileName = '', options: ReadTableOptions = {}): Promise<Table> {
  if (bytes.length === 0) throw new FileReadError(`The file ${fileName || ''} is empty. Maybe it was saved before the data was pasted in?`.replace('  ', ' '));
  if (isZip(bytes)) return readXlsxBytes(bytes, options);
  if (isOldOfficeFile(bytes) || /\.xls$/i.test(fileName)) {
    throw new FileReadError(
      `${fileName || 'This file'} is an old Excel 97-2003 (.xls) workbook, which the planner does not read. Open it in Excel and use File > Save As > Excel Workbook (.xlsx) or CSV UTF-8, then import that.`,
    );
  }
  if (/\.(ods|numbers|pdf|docx?)$/i.test(fileName)) {
    throw new FileReadError(`${fileName} is not a CSV or .xlsx file. Save it as CSV or Excel Workbook (.xlsx) and import that.`);
  }
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw new FileReadError(`${fileName || 'This file'} looks like a binary file, not CSV text. Maybe it is a different kind of file renamed to .csv?`);
  }
  return readCsvText(text, options, encoding);
}
