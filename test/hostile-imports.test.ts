/**
 * Hostile imports and exports (issue 11 items 4 to 7): files a school could really hand the importer that
 * were read wrongly, from the committed corpus test/fixtures/hostile/imports/ (made by
 * test/fixtures/hostile/make-imports.ts, each file with its expected outcome in manifest.json); the
 * stray-quote recovery's linear time; and formula neutralisation of every exported cell whatever
 * spreadsheets skip before the `=`. Absolute speed belongs in the benchmark: here only ratios.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessStudentMapping, importStudents, readCsvText, readTable, toCsv, toXlsx, FileReadError } from '../data/io';
import { neutralise, restore, SKIPPED, TRIGGERS, xmlSafe } from '../data/io/neutralise';
import { parseCsvRecords } from '../data/io/table';
import type { HostileImport } from './fixtures/hostile/make-imports';

const dir = join(__dirname, 'fixtures', 'hostile', 'imports');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as HostileImport[];
const courses = [
  { id: 'HIS', name: 'History', maxGroupSize: 30 },
  { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
  { id: 'FRE', name: 'French', maxGroupSize: 30 },
  { id: 'ART', name: 'Art', maxGroupSize: 30 },
];

/** What one file did, in the manifest's terms. */
async function outcome(entry: HostileImport): Promise<{ ok: boolean; got: unknown; ms: number }> {
  const bytes = new Uint8Array(readFileSync(join(dir, entry.file)));
  const start = performance.now();
  try {
    const table = await readTable(bytes, entry.file);
    const r = importStudents(table, guessStudentMapping(table.headers), { courses });
    const ms = performance.now() - start;
    const problemRows = [...new Set(r.issues.map((i) => i.row))].sort((a, b) => a - b);
    const got = { students: r.students.map((s) => s.id), problemRows, notices: r.notices.map((n) => n.message), names: Object.fromEntries(r.students.map((s) => [s.id, s.name])) };
    if (!('students' in entry.expect)) return { ok: false, got, ms };
    const e = entry.expect;
    const ok =
      JSON.stringify(got.students) === JSON.stringify(e.students) &&
      JSON.stringify(got.problemRows) === JSON.stringify(e.problemRows) &&
      (e.notice === undefined ? got.notices.length === 0 : got.notices.some((n) => new RegExp(e.notice!).test(n))) &&
      Object.entries(e.names ?? {}).every(([id, name]) => got.names[id] === name);
    return { ok, got, ms };
  } catch (err) {
    const ms = performance.now() - start;
    const got = { error: (err as Error).name, message: (err as Error).message };
    const ok = 'refused' in entry.expect && err instanceof FileReadError && new RegExp(entry.expect.refused).test(err.message) && !/\n\s+at /.test(err.message);
    return { ok, got, ms };
  }
}

describe('hostile imports corpus', () => {
  it('every file imports every student it plainly holds and lists only the broken rows, or is refused with a plain message', async () => {
    const failed: unknown[] = [];
    const times: string[] = [];
    for (const entry of manifest) {
      const { ok, got, ms } = await outcome(entry);
      if (!ok) failed.push({ file: entry.file, expected: entry.expect, got });
      if (/bomb|declares|deep|entries/.test(entry.file)) times.push(`${entry.file} ${ms.toFixed(0)} ms`);
    }
    console.log(`hostile imports: ${manifest.length} tried, ${manifest.length - failed.length} handled, ${failed.length} failed`);
    console.log(`hostile imports: refusal times ${times.join(', ')}`);
    expect(failed).toEqual([]);
  }, 60_000);

  it('the mixed encodings are decoded per line: UTF-8 rows stay UTF-8, the rest are Windows-1252 and named', async () => {
    const table = await readTable(new Uint8Array(readFileSync(join(dir, 'half-utf8-half-1252.csv'))), 'x.csv');
    expect(table.encoding).toBe('utf-8 and windows-1252');
    expect(table.windows1252Rows).toEqual([5, 6]);
    expect(table.rows.map((r) => r[1])).toEqual(['Renée Dubois', 'Zoë Hart', 'Ann Lee', 'Chloë O’Brien', 'José Núñez', 'Bo Li']);
  });
});

describe('stray quotes at scale', () => {
  const file = (n: number) => {
    const lines = ['Student ID,Name,Choice 1,Choice 2'];
    for (let i = 0; i < n; i++) lines.push(i % 2 === 1 ? `S${i},"Name ${i},History,French` : `S${i},Name ${i},History,French`);
    return `${lines.join('\r\n')}\r\n`;
  };
  const time = (text: string) => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const start = performance.now();
      const t = readCsvText(text);
      best = Math.min(best, performance.now() - start);
      expect(t.rows.length).toBe(text.split('\r\n').length - 2);
    }
    return best;
  };

  it('a stray quote in every other row: every row read, each stray listed, in linear work (the same work per character for 40,000 rows as for 10,000)', () => {
    const small = file(10_000);
    const large = file(40_000);
    const t = readCsvText(large);
    expect(t.rowProblems.length).toBe(20_000);
    expect(t.rows.filter((r) => r[1].startsWith('"')).length).toBe(20_000);
    // Work counted by the parser (characters looked at): linear, a few passes over the text at most.
    const w10 = parseCsvRecords(small, ',').work;
    const w40 = parseCsvRecords(large, ',').work;
    const perChar10 = w10 / small.length;
    const perChar40 = w40 / large.length;
    expect(Math.abs(perChar40 / perChar10 - 1)).toBeLessThan(0.05);
    expect(perChar40).toBeLessThan(6);
    // Time is printed, not asserted: runs of 10 to 100 ms on shared cores vary by more than the ratio
    // tells (measured here 2.3 to 7.8 for 4 times the rows); the work count above is the assertion.
    const a = time(small);
    const b = time(large);
    console.log(`hostile imports: stray quote every other row, 10,000 rows ${a.toFixed(0)} ms, 40,000 rows ${b.toFixed(0)} ms (ratio ${(b / a).toFixed(1)}; work ratio ${(w40 / w10).toFixed(2)}, ${(w40 / large.length).toFixed(1)} characters looked at per character)`);
  }, 60_000);
});

describe('formula neutralisation of exported cells', () => {
  const skipped = [' ', '\t', '\r', '\n', '\u00a0', '\u200b', '\ufeff', '\u0001', '\u000b', '\u0085', '\u2028', '\u3000', '\u200e', '\u00ad'];
  const triggers = ['=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20'];
  const risky = new RegExp(`^[${SKIPPED}]*[${TRIGGERS}]`);
  const hostile = fc
    .tuple(fc.array(fc.constantFrom(...skipped, "'"), { maxLength: 4 }), fc.constantFrom(...triggers), fc.string({ maxLength: 8 }))
    .map(([pre, t, rest]) => `${pre.join('')}${t}${rest}1+1`);

  it('every text neutralise writes is safe, and restore gives the text back', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string()), (s) => {
        expect(risky.test(neutralise(s))).toBe(false);
        expect(risky.test(neutralise(xmlSafe(s)))).toBe(false);
        expect(restore(neutralise(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
    expect(neutralise('\u00a0=1+1')).toBe("'\u00a0=1+1");
    expect(neutralise('\u0001=1+1')).toBe("'\u0001=1+1");
    expect(neutralise(xmlSafe('\u0001=1+1'))).toBe("'=1+1");
    expect(neutralise('Anne-Marie')).toBe('Anne-Marie');
  });

  it('through CSV: no cell read back starts (after what spreadsheets skip) with a trigger, and each reads back as written', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 20 }), (cells) => {
        const rows = [['Name', 'Other'], ...cells.map((c) => [c, 'x'])];
        const back = readCsvText(toCsv(rows));
        expect(back.rowProblems).toEqual([]);
        expect(back.rows.length).toBe(cells.length);
        back.rows.forEach((r, i) => {
          expect(risky.test(r[0])).toBe(false);
          expect(restore(r[0])).toBe(cells[i]);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('through .xlsx (read back with read-excel-file): control characters stripped first, then neutralised', async () => {
    const { default: readXlsxFile } = await import('read-excel-file/universal');
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 30 }), async (cells) => {
        const bytes = await toXlsx([{ name: 'Sheet', rows: [['=Name', 'Other'], ...cells.map((c) => [c, 'x'])] }]);
        const sheets = (await readXlsxFile(bytes.slice().buffer as ArrayBuffer)) as unknown as { data: unknown[][] }[];
        const data = sheets[0].data;
        expect(risky.test(String(data[0][0]))).toBe(false);
        cells.forEach((c, i) => {
          const v = String(data[i + 1][0] ?? '');
          expect(risky.test(v)).toBe(false);
          // read-excel-file trims a cell's text; what is stored is the cleaned, neutralised text.
          expect(v).toBe(neutralise(xmlSafe(c)).trim());
        });
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
