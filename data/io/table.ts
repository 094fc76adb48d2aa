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
  /**
   * Problems with rows that could not be split into cells as they stand: the 1-based row number, the
   * 0-based column of the cell at fault when known, and what went wrong (no "Row n" prefix).
   */
  rowProblems: { row: number; columnIndex?: number; message: string }[];
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

/**
 * Splits CSV text into records. A double quote that opens a cell and never closes properly (a stray
 * quote typed into a form: `"Bob Smith`, `"Ann" Lee`) would make any CSV reader run the following
 * lines into that one cell until the next quote, losing those rows. Legitimate multi-line cells (a
 * quoted address with a line break) parse without errors, so the fast path is one plain parse; only
 * when a record has a quote error is the text walked record by record:
 * - a one-line record with a quote error is split with its quotes taken as ordinary characters;
 * - a multi-line record whose first line has a quote error on its own is where a stray quote swallowed
 *   the lines after it: that first line is split with quotes as ordinary characters, and parsing starts
 *   again on the next line, so every later row is read as its own row;
 * - any other record with a quote error (a badly closed multi-line cell) is kept as the reader split it.
 * Each such record gets a problem naming the row and, when it can, the cell, which the importers list
 * for the user to decide (keep as read, or skip).
 *
 * Problems carry the 0-based record index and, when known, the 0-based column index.
 */
function parseCsvRecords(body: string, delimiter: string): { records: string[][]; problems: { record: number; column?: number; message: string }[] } {
  const options = { delimiter, skipEmptyLines: false, header: false, dynamicTyping: false } as const;
  const records: string[][] = [];
  const problems: { record: number; column?: number; message: string }[] = [];
  const quoteError = (errors: Papa.ParseError[]) => errors.some((e) => e.type === 'Quotes');
  const otherErrors = (errors: Papa.ParseError[], record: (e: Papa.ParseError) => number) => {
    for (const e of errors) {
      if (e.type !== 'Quotes' && e.code !== 'UndetectableDelimiter') problems.push({ record: record(e), message: `${e.message}. Check the quotes in this row.` });
    }
  };
  const parsed = Papa.parse<string[]>(body, options);
  if (!quoteError(parsed.errors)) {
    otherErrors(parsed.errors, (e) => (typeof e.row === 'number' ? e.row : -1));
    return { records: parsed.data, problems };
  }
  /** Splits one line with every double quote read as text (U+FFFF, a noncharacter, as the quote character). */
  const literal = (text: string) => {
    const line = Papa.parse<string[]>(text, { ...options, quoteChar: '\uffff' }).data[0] ?? [''];
    const column = line.findIndex((c) => c.includes('"'));
    const cell = column >= 0 ? line[column] : text;
    problems.push({
      record: records.length,
      column: column >= 0 ? column : undefined,
      message: `a double quote (") opens a quoted cell that never closes properly (the cell reads: ${cell.length > 40 ? `${cell.slice(0, 37)}...` : cell}). The row was read with the quote as an ordinary character, so check its cells (they may be shifted if the quote hid a comma). Maybe a name was typed with a stray quote mark?`,
    });
    records.push(line);
  };
  let rest = body;
  // The record split off after a stray quote, when there is one: the next line is checked for a quote
  // that might have closed it (a cell over two lines closed badly, not a stray quote).
  let after = -1;
  while (rest !== '') {
    let from = 0;
    let resumeAt = -1;
    Papa.parse<string[]>(rest, {
      ...options,
      step: (r, parser) => {
        const start = from;
        from = r.meta.cursor;
        const follows = after;
        after = -1;
        if (!quoteError(r.errors)) {
          otherErrors(r.errors, () => records.length);
          const column = follows >= 0 ? r.data.findIndex((c) => c.includes('"')) : -1;
          if (column >= 0) {
            problems.push({
              record: records.length,
              column,
              message: `this row comes straight after row ${follows + 1}, whose quote never closed, and has a double quote of its own (the cell reads: ${r.data[column].length > 40 ? `${r.data[column].slice(0, 37)}...` : r.data[column]}). Maybe the two rows are one cell that runs over two lines, closed badly? Check both rows.`,
            });
          }
          records.push(r.data);
          return;
        }
        const raw = rest.slice(start, from);
        const eol = /\r\n|\n|\r/.exec(raw);
        const firstLine = eol ? raw.slice(0, eol.index) : raw;
        const multiLine = eol !== null && eol.index + eol[0].length < raw.length;
        if (!multiLine) {
          literal(firstLine);
        } else if (quoteError(Papa.parse<string[]>(firstLine, options).errors)) {
          after = records.length;
          literal(firstLine);
          resumeAt = start + eol.index + eol[0].length;
          parser.abort();
        } else {
          problems.push({ record: records.length, message: 'a quoted cell that runs over several lines is not closed properly (a double quote is followed by more text in the same cell). Check the quotes in this row.' });
          records.push(r.data);
        }
      },
    });
    rest = resumeAt >= 0 ? rest.slice(resumeAt) : '';
  }
  return { records, problems };
}

/** Reads CSV text (already decoded). */
export function readCsvText(text: string, options: ReadTableOptions = {}, encoding?: TextEncodingName): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const { records, problems } = parseCsvRecords(body, delimiter);
  const rowProblems: Table['rowProblems'] = problems.map((p) => ({ row: p.record + 1, ...(p.column !== undefined ? { columnIndex: p.column } : {}), message: p.message }));
  return fromRecords(records, { format: 'csv', encoding, delimiter, rowProblems }, options);
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
