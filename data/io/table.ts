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
import { decodeText, type TextEncodingName } from './decode';
import { restore } from './neutralise';
import { zipDeclaredSizeProblem, zipInflatedProblem } from './xlsx-guard';

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
  /**
   * For a CSV that is not valid UTF-8: the 1-based rows (header included) that were decoded as
   * Windows-1252, the rest being valid UTF-8 (see decode.ts). Importers list them as a notice, since a
   * guess of encoding may garble accented names.
   */
  windows1252Rows?: number[];
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
  // Trimmed again after restoring: a neutralised cell may have spaces after its apostrophe (" =x").
  return restore(raw.trim()).trim();
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
 * Arbor reports do this): the first of the first 20 rows that fills at least half as many cells as a
 * full row, and at least two when any row has two. A full row is the second fullest and at most the
 * upper median of the rows with anything in them, so one row wider than the rest (a data row with
 * cells past the last header) cannot make the real header look short.
 */
function findHeaderRow(records: readonly string[][]): number {
  const look = records.slice(0, 20);
  let widest = 0;
  for (const r of look) widest = Math.max(widest, nonEmptyCount(r));
  const counts = look.map(nonEmptyCount).filter((n) => n > 0).sort((a, b) => b - a);
  const full = counts.length < 2 ? widest : Math.min(counts[1], counts[Math.floor((counts.length - 1) / 2)]);
  const need = Math.max(Math.min(2, widest), Math.ceil(full / 2));
  for (let i = 0; i < look.length; i++) if (nonEmptyCount(look[i]) >= need && need > 0) return i;
  return 0;
}

/**
 * Comma, semicolon (Excel in much of Europe) or tab (Excel's "Unicode Text"): the one that splits some
 * of the first ten records most, counting only outside double quotes (a quoted cell may run over
 * several lines and hold tabs or semicolons of its own). Papa Parse's own guess needs several
 * consistent lines and gives up on short files, so it is not used.
 */
export function detectDelimiter(text: string): string {
  const most: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  const count: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let records = 0;
  const end = Math.min(text.length, 1 << 16);
  for (let i = 0; i <= end && records < 10; i++) {
    const c = i < end ? text[i] : '\n';
    if (c === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === ',' || c === ';' || c === '\t') count[c]++;
    else if (c === '\n' || c === '\r') {
      for (const d of [',', ';', '\t']) {
        most[d] = Math.max(most[d], count[d]);
        count[d] = 0;
      }
      records++;
    }
  }
  let best = ',';
  for (const d of [';', '\t']) if (most[d] > most[best]) best = d;
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

/** One physical line of CSV text: its text and the line break that ended it ('' for the last line). */
interface Line {
  text: string;
  end: string;
  /** Character offset of the line's start in the text. */
  at: number;
}

/** Splits text into lines at CRLF, LF or a lone CR, whichever each line uses (files joined from two machines mix them). */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let from = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ text: text.slice(from, m.index), end: m[0], at: from });
    from = m.index + m[0].length;
  }
  lines.push({ text: text.slice(from), end: '', at: from });
  return lines;
}

/**
 * The cells of one record being read, a line at a time, by the rules Excel writes: a double quote opens
 * a quoted cell only as the cell's first character; inside one, `""` is a quote and a quote followed by
 * the delimiter or the line end closes it; elsewhere a quote is an ordinary character. Linear in the
 * text fed.
 */
class RecordReader {
  fields: string[] = [];
  private field = '';
  private atStart = true;
  inQuote = false;
  /** Column of the first quote closed badly (followed by more text in the cell), or -1. */
  badColumn = -1;
  /** Column of the first quote read as an ordinary character (not at a cell's start), or -1. */
  literalColumn = -1;
  constructor(private readonly delimiter: string) {}

  /** Reads one line; `end` is its line break, kept inside a quoted cell that runs on. True when the record is complete. */
  feed(line: string, end: string): boolean {
    const d = this.delimiter;
    const n = line.length;
    let i = 0;
    for (;;) {
      if (this.inQuote) {
        const k = line.indexOf('"', i);
        if (k < 0) {
          this.field += line.slice(i) + end;
          return false;
        }
        this.field += line.slice(i, k);
        const next = line[k + 1];
        if (next === '"') {
          this.field += '"';
          i = k + 2;
        } else if (k + 1 >= n || next === d) {
          this.inQuote = false;
          this.atStart = false;
          i = k + 1;
        } else {
          // A quote followed by more text: Excel would not write this. Read on as Papa Parse does (the quote kept).
          if (this.badColumn < 0) this.badColumn = this.fields.length;
          this.field += '"';
          i = k + 1;
        }
        continue;
      }
      if (i >= n) {
        this.fields.push(this.field);
        this.field = '';
        this.atStart = true;
        return true;
      }
      if (this.atStart && line[i] === '"') {
        this.inQuote = true;
        this.atStart = false;
        i++;
        continue;
      }
      const k = line.indexOf(d, i);
      const piece = k < 0 ? line.slice(i) : line.slice(i, k);
      if (this.literalColumn < 0 && piece.includes('"')) this.literalColumn = this.fields.length;
      this.field += piece;
      if (k < 0) {
        i = n;
        continue;
      }
      this.fields.push(this.field);
      this.field = '';
      this.atStart = true;
      i = k + 1;
      if (i >= n) {
        // A delimiter at the line end: one more, empty, cell.
        continue;
      }
    }
  }
}

/** The cells of one line read on its own, every double quote taken as an ordinary character. */
function literalCells(line: string, delimiter: string): string[] {
  return line.split(delimiter);
}

/**
 * How a quoted cell still open at the start of `line` goes on in it: 'closes' when its first quote (not
 * a doubled one) closes it cleanly, 'bad' when that quote is followed by more text (so the line is not
 * the rest of the cell: `S4,"Ann` after a stray quote), 'open' when the line has no quote.
 */
function howCellGoesOn(line: string, delimiter: string): 'closes' | 'bad' | 'open' {
  let i = 0;
  for (;;) {
    const k = line.indexOf('"', i);
    if (k < 0) return 'open';
    const next = line[k + 1];
    if (next === '"') {
      i = k + 2;
      continue;
    }
    return k + 1 >= line.length || next === delimiter ? 'closes' : 'bad';
  }
}

/** Lines a quoted cell may run over before an unclosed quote is taken for a stray one (bounds the work per quote). */
const MAX_CELL_LINES = 100;

interface ParsedCsv {
  records: string[][];
  problems: { record: number; column?: number; message: string }[];
  /** Character offset in the text where each record starts, and where the next starts. */
  starts: number[];
  /** Characters looked at, lines counted once each time they are scanned: the work done, for tests of linear time. */
  work: number;
}

const shortCell = (cell: string) => (cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);

/**
 * Splits CSV text into records in one pass over its lines, with any mix of CRLF, LF and CR line ends.
 *
 * A double quote that opens a cell and never closes (a stray quote typed into a form: `"Bob Smith`)
 * would make a plain CSV reader run the following lines into that cell until the next quote, losing
 * those rows. Legitimate cells over several lines (a quoted address with a line break) close with a
 * quote followed by the delimiter or the line end. So while a quoted cell is open, each following line
 * is looked at once: when the cell does not close cleanly in it and the line, read on its own, looks
 * like a row (as many cells as most rows of the file, quotes balanced), the quote that opened the cell
 * was a stray one: its line is read with the quote as an ordinary character and reading carries on
 * with the next line, so no row is swallowed. A quoted cell also ends at MAX_CELL_LINES lines, so the
 * work is linear in the text, whatever the quotes.
 *
 * A record with a stray quote, a one-line record with a quote closed badly (`"Ann" Lee`) and a
 * multi-line cell closed badly get a problem naming the row and the cell, which the importers list for
 * the user to decide (keep as read, or skip); so does a row straight after a stray quote that has a
 * quote of its own in the middle of a cell (the two rows may be one cell closed badly). Rows around
 * them that read cleanly are not listed.
 *
 * Problems carry the 0-based record index and, when known, the 0-based column index.
 */
export function parseCsvRecords(body: string, delimiter: string): ParsedCsv {
  const lines = splitLines(body);
  const records: string[][] = [];
  const starts: number[] = [];
  const problems: ParsedCsv['problems'] = [];
  let work = 0;
  const scan = (line: string) => {
    work += line.length + 1;
    return line;
  };

  // A line looks like a row when, read on its own, it is complete and has as many cells as most of the
  // first lines (the upper median of those with two or more).
  const widths: number[] = [];
  for (let i = 0; i < lines.length && widths.length < 20; i++) {
    const r = new RecordReader(delimiter);
    if (r.feed(lines[i].text, '') && r.fields.length >= 2) widths.push(r.fields.length);
  }
  widths.sort((a, b) => a - b);
  const typical = widths.length > 0 ? widths[Math.floor(widths.length / 2)] : 1;
  const looksLikeRow = (line: string) => {
    const r = new RecordReader(delimiter);
    return r.feed(scan(line), '') && r.badColumn < 0 && r.fields.length === typical;
  };

  const literal = (line: Line, message: (cell: string) => string) => {
    const cells = literalCells(scan(line.text), delimiter);
    const column = cells.findIndex((c) => c.includes('"'));
    problems.push({ record: records.length, column: column >= 0 ? column : undefined, message: message(column >= 0 ? cells[column] : line.text) });
    starts.push(line.at);
    records.push(cells);
  };
  const stray = (cell: string) =>
    `a double quote (") opens a quoted cell that never closes properly (the cell reads: ${shortCell(cell)}). The row was read with the quote as an ordinary character, so check its cells (they may be shifted if the quote hid a comma). Maybe a name was typed with a stray quote mark?`;

  let afterStray = -1;
  let i = 0;
  while (i < lines.length) {
    const follows = afterStray;
    afterStray = -1;
    const r = new RecordReader(delimiter);
    if (r.feed(scan(lines[i].text), lines[i].end)) {
      if (r.badColumn >= 0) {
        literal(lines[i], stray);
      } else {
        if (follows >= 0 && r.literalColumn >= 0) {
          problems.push({
            record: records.length,
            column: r.literalColumn,
            message: `this row comes straight after row ${follows + 1}, whose quote never closed, and has a double quote of its own (the cell reads: ${shortCell(r.fields[r.literalColumn])}). Maybe the two rows are one cell that runs over two lines, closed badly? Check both rows.`,
          });
        }
        starts.push(lines[i].at);
        records.push(r.fields);
      }
      i++;
      continue;
    }
    // A quoted cell runs on past the line end. Either it is a cell over several lines, closed by a quote
    // on a later line, or the quote that opened it was a stray one and the lines after are rows. A stray
    // quote is plausible only when the line, read with its quotes as ordinary characters, has as many
    // cells as a row; it is then taken as soon as a following line looks like a row of its own. Else
    // the cell is read on until it closes, a line shows it cannot be the rest of the cell (a quote
    // followed by more text), a few lines look like rows, or MAX_CELL_LINES.
    const strayPlausible = literalCells(scan(lines[i].text), delimiter).length === typical;
    let j = i + 1;
    let done = false;
    let rowLike = 0;
    while (j < lines.length && j - i <= MAX_CELL_LINES) {
      const line = lines[j].text;
      const how = howCellGoesOn(scan(line), delimiter);
      if (how === 'bad') break;
      if (looksLikeRow(line)) {
        rowLike++;
        if (strayPlausible || rowLike >= 3) break;
      }
      j++;
      if (r.feed(scan(line), lines[j - 1].end)) {
        done = true;
        break;
      }
    }
    if (!done) {
      // The quote never closed before a line that is a row of its own: a stray quote.
      afterStray = records.length;
      literal(lines[i], stray);
      i++;
      continue;
    }
    if (r.badColumn >= 0) {
      problems.push({ record: records.length, column: r.badColumn, message: 'a quoted cell that runs over several lines is not closed properly (a double quote is followed by more text in the same cell). Check the quotes in this row.' });
    }
    starts.push(lines[i].at);
    records.push(r.fields);
    i = j;
  }
  starts.push(body.length);
  return { records, problems, starts, work };
}

/**
 * Reads CSV text (already decoded). `windows1252`: the parts of the text decoded as Windows-1252 because
 * they were not valid UTF-8 (see decode.ts), turned into the rows they fall in.
 */
export function readCsvText(text: string, options: ReadTableOptions = {}, encoding?: TextEncodingName, windows1252?: [number, number][]): Table {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const { records, problems, starts } = parseCsvRecords(body, delimiter);
  const rowProblems: Table['rowProblems'] = problems.map((p) => ({ row: p.record + 1, ...(p.column !== undefined ? { columnIndex: p.column } : {}), message: p.message }));
  const table = fromRecords(records, { format: 'csv', encoding, delimiter, rowProblems }, options);
  if (windows1252 && windows1252.length > 0) {
    // Records in order and ranges in order: one walk over both.
    const rows: number[] = [];
    let k = 0;
    for (const [from, to] of windows1252) {
      const a = from - bom;
      const b = to - bom;
      while (k < records.length && starts[k + 1] <= a) k++;
      for (let r = k; r < records.length && starts[r] < b; r++) if (rows[rows.length - 1] !== r + 1) rows.push(r + 1);
    }
    table.windows1252Rows = rows;
  }
  return table;
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
  // Before anything is unzipped: what the zip's own directory declares, then the real inflated sizes.
  const declared = zipDeclaredSizeProblem(bytes);
  if (declared) throw new FileReadError(declared);
  const inflated = await zipInflatedProblem(bytes);
  if (inflated) throw new FileReadError(inflated);
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // Copy into a fresh ArrayBuffer: a Node Buffer is a view into a shared pool.
    const buffer = bytes.slice().buffer as ArrayBuffer;
    sheets = (await readXlsxFile(buffer)) as unknown as { sheet: string; data: unknown[][] }[];
  } catch (e) {
    const why = e instanceof RangeError ? 'it is too large or too deeply nested to read' : (e as Error).message;
    throw new FileReadError(
      `This file could not be read as an Excel .xlsx workbook (${why}). Maybe it is damaged, password-protected or another kind of file? Try saving it again from Excel as .xlsx or CSV.`,
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
  const { text, encoding, windows1252 } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw new FileReadError(`${fileName || 'This file'} looks like a binary file, not CSV text. Maybe it is a different kind of file renamed to .csv?`);
  }
  return readCsvText(text, options, encoding, windows1252);
}
