/**
 * Writing tables to CSV text and .xlsx bytes. Every text cell goes through `neutralise` (see
 * neutralise.ts) so that nothing the planner writes can run as a formula; numbers and booleans are
 * written as values. Browser-safe.
 *
 * Data layout: a SheetRows is an array of rows, each an array of cells; a cell is text, a number, a
 * boolean or null (empty). The first row is the header.
 */
import Papa from 'papaparse';
import { encodeUtf8WithBom } from './decode';
import { neutralise, xmlSafe } from './neutralise';

export type OutCell = string | number | boolean | null | undefined;
export type SheetRows = OutCell[][];

export interface NamedSheet {
  /** Sheet name; made valid for Excel (31 characters, none of []:*?/\) and unique by `toXlsx`. */
  name: string;
  rows: SheetRows;
  /** Column widths in characters; computed from the content when missing. */
  widths?: number[];
}

function csvCell(c: OutCell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return neutralise(c);
}

/** CSV text with CRLF line ends (what Excel writes), every text cell neutralised. */
export function toCsv(rows: SheetRows): string {
  const text = Papa.unparse(
    rows.map((r) => r.map(csvCell)),
    // A cell with a tab or semicolon is quoted too, so the importer's delimiter detection (which ignores
    // quoted text) cannot take it for the file's separator.
    { newline: '\r\n', quotes: (v: unknown) => typeof v === 'string' && /[\t;]/.test(v), escapeFormulae: false },
  );
  return `${text}\r\n`;
}

/** CSV as bytes with a UTF-8 byte-order mark, so Excel opens accented names correctly. */
export function toCsvBytes(rows: SheetRows): Uint8Array {
  return encodeUtf8WithBom(toCsv(rows));
}

/** A valid, unique Excel sheet name for `wanted`. */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  base = base.slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function autoWidths(rows: SheetRows): number[] {
  const widths: number[] = [];
  for (const r of rows.slice(0, 200)) {
    r.forEach((c, i) => {
      const len = c === null || c === undefined ? 0 : String(c).length;
      widths[i] = Math.max(widths[i] ?? 6, Math.min(50, len + 2));
    });
  }
  return widths;
}

/**
 * An .xlsx workbook with one sheet per entry, header rows in bold, every text cell stripped of the
 * characters XML cannot hold (`xmlSafe`) and then neutralised.
 */
export async function toXlsx(sheets: NamedSheet[]): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal');
  const taken = new Set<string>();
  const data = sheets.map((s) => ({
    sheet: sheetName(s.name, taken),
    columns: (s.widths ?? autoWidths(s.rows)).map((width) => ({ width })),
    data: s.rows.map((r, i) =>
      r.map((c) => {
        if (c === null || c === undefined) return null;
        if (typeof c === 'number') return Number.isFinite(c) ? { value: c, type: Number } : null;
        if (typeof c === 'boolean') return { value: c, type: Boolean };
        // Clean first, then neutralise: what is checked is what is stored.
        const value = neutralise(xmlSafe(c));
        return i === 0 ? { value, type: String, fontWeight: 'bold' as const } : { value, type: String };
      }),
    ),
  }));
  const blob = await writeXlsxFile(data as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
