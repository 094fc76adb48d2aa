import { describe, expect, it } from 'vitest';
import { columnLetter, decodeText, detectDelimiter, guessStudentMapping, importStudents, readCsvText, readTable, splitChoiceList, uniqueHeaders } from '../data/io';
import { inferAttributeType, mergeStudents } from '../data/io/students';

const courses = [
  { id: 'HIS', name: 'History', maxGroupSize: 30 },
  { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
];

describe('decoding', () => {
  it('UTF-16 little-endian with its byte-order mark (Excel "Unicode Text", tab-separated)', async () => {
    const text = 'Student ID\tChoice 1\r\nS1\tHistory\r\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    const t = await readTable(bytes, 'u.txt');
    expect(t.encoding).toBe('utf-16le');
    expect(t.delimiter).toBe('\t');
    expect(importStudents(t, guessStudentMapping(t.headers), { courses }).students).toEqual([{ id: 'S1', choices: ['HIS'] }]);
  });

  it('Windows-1252 bytes 0x80-0x9F become the characters Excel meant', () => {
    expect(decodeText(new Uint8Array([0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0xa3, 0x35])).text).toBe('€ “q” – £5');
  });

  it('valid UTF-8 without a mark stays UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('Zoë')).encoding).toBe('utf-8');
  });
});

describe('tables', () => {
  it('detects the delimiter from the widest line, ignoring separators inside quotes', () => {
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('"x;y;z",b\n')).toBe(',');
  });

  it('makes headers unique, names blank ones by column letter and drops trailing empty columns', () => {
    expect(uniqueHeaders(['Choice', 'choice', ' Name\n ', '', 'Choice (2)'])).toEqual(['Choice', 'choice (2)', 'Name', 'Column D', 'Choice (2) (2)']);
    expect(columnLetter(27)).toBe('AB');
    const t = readCsvText('ID,Choice 1,,\nS1,HIS,,\n');
    expect(t.headers).toEqual(['ID', 'Choice 1']);
  });

  it('lists blank rows instead of reading them as students, and keeps spreadsheet row numbers', () => {
    const t = readCsvText('ID,Choice 1\nS1,HIS\n,\n\nS2,"GEO"\n');
    const r = importStudents(t, guessStudentMapping(t.headers), { courses });
    expect(r.blankRows).toEqual([3, 4]);
    expect(r.students.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(t.rowNumbers).toEqual([2, 3, 4, 5]);
  });

  it('splits a choices cell the way forms write it', () => {
    expect(splitChoiceList('History;Geography;Art;')).toEqual(['History', 'Geography', 'Art']);
    expect(splitChoiceList('History, Geography')).toEqual(['History', 'Geography']);
    expect(splitChoiceList('Design, Engineer, Construct;Art')).toEqual(['Design, Engineer, Construct', 'Art']);
  });

  it('reads an attribute column as numbers, yes/no or text from all its values', () => {
    expect(inferAttributeType(['1', '2.5', '', '-3'])).toBe('number');
    expect(inferAttributeType(['007', '12'])).toBe('text');
    expect(inferAttributeType(['Y', 'n', 'TRUE'])).toBe('yes/no');
    expect(inferAttributeType(['F', 'M'])).toBe('text');
  });

  it('reports a bad number in a number column with row, column and hint', () => {
    const t = readCsvText('ID,Choice 1,KS2\nS1,HIS,104\nS2,GEO,absent\n');
    const m = { ...guessStudentMapping(t.headers), attributes: [{ column: 'KS2', name: 'ks2', type: 'number' as const }] };
    const r = importStudents(t, m, { courses });
    expect(r.issues.map((i) => i.message)).toEqual(['Row 3, column "KS2": "absent" is not a number, but attribute "ks2" is read as numbers. Maybe read the column as text?']);
    expect(r.students).toEqual([{ id: 'S1', choices: ['HIS'], attributes: { ks2: 104 } }]);
  });
});

describe('merging an import into a cohort', () => {
  const cohort = [
    { id: 'S1', name: 'Ann Lee', choices: ['HIS'], pathway: 'EB', attributes: { pp: true, tutorGroup: '9A' } },
    { id: 'S2', name: 'Bo Li', choices: ['GEO'] },
  ];
  const forms = [
    { id: 'S1', choices: ['GEO', 'HIS'], attributes: { tutorGroup: '10A' } },
    { id: 'S3', name: 'Cy Wu', choices: ['HIS'] },
  ];

  it('update keeps what the import does not carry and adds new students at the end', () => {
    expect(mergeStudents(cohort, forms, 'update')).toEqual({
      students: [
        { id: 'S1', name: 'Ann Lee', choices: ['GEO', 'HIS'], pathway: 'EB', attributes: { pp: true, tutorGroup: '10A' } },
        { id: 'S2', name: 'Bo Li', choices: ['GEO'] },
        { id: 'S3', name: 'Cy Wu', choices: ['HIS'] },
      ],
      added: ['S3'],
      updated: ['S1'],
      removed: [],
    });
  });

  it('replace makes the import the cohort and says who went', () => {
    const r = mergeStudents(cohort, forms, 'replace');
    expect(r.students).toEqual(forms);
    expect([r.added, r.updated, r.removed]).toEqual([['S3'], ['S1'], ['S2']]);
  });
});

describe('stray double quotes (a quote typed into a form answer)', () => {
  it('never lose a row: every row comes back under its own row number, and each stray quote is listed with its row and column', async () => {
    const fc = (await import('fast-check')).default;
    const { toCsv } = await import('../data/io');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.uniqueArray(fc.nat({ max: 39 }), { maxLength: 5 }),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        (n, strayRows, delimiter, multiLineCell) => {
          const rows: string[][] = [['Student ID', 'Name', 'Choice 1', 'Choice 2']];
          for (let i = 0; i < n; i++) rows.push([`S${i + 1}`, multiLineCell && i % 7 === 3 ? `Ann\r\nLee ${i}` : `Name ${i}`, 'HIS', 'GEO']);
          let text = toCsv(rows);
          if (delimiter === ';') text = text.replaceAll(',', ';');
          // Put a stray opening quote in front of the name on the chosen rows (ones that exist and are not multi-line).
          const chosen = strayRows.filter((r) => r < n && !(multiLineCell && r % 7 === 3)).sort((a, b) => a - b);
          const lines = text.split('\r\n');
          // Row i of the data sits on its own physical line unless an earlier row has a two-line cell.
          const lineOf = (i: number) => 1 + i + (multiLineCell ? rows.slice(1, i + 1).filter((r) => r[1].includes('\r\n')).length : 0);
          for (const r of chosen) lines[lineOf(r)] = lines[lineOf(r)].replace(`S${r + 1}${delimiter}`, `S${r + 1}${delimiter}"`);
          const table = readCsvText(lines.join('\r\n'));
          expect(table.rows.map((r) => r[0])).toEqual(rows.slice(1).map((r) => r[0]));
          expect(table.rowNumbers).toEqual(rows.slice(1).map((_, i) => i + 2));
          expect(table.rowProblems.map((p) => [p.row, p.columnIndex])).toEqual(chosen.map((r) => [r + 2, 1]));
          const names = table.rows.map((r) => r[1]);
          for (const r of chosen) expect(names[r]).toBe(`"Name ${r}`);
          if (multiLineCell) for (let i = 3; i < n; i += 7) expect(names[i]).toBe(`Ann\r\nLee ${i}`);
        },
      ),
      { numRuns: 200, seed: 6 },
    );
  });

  it('a cell over two lines closed badly: both halves are rows with a problem, nothing is added silently', () => {
    const t = readCsvText('Student ID,Address,Choice 1\nS1,"1 High St\nLeeds" (old),HIS\nS2,2 Low Rd,GEO\n');
    expect(t.rows.map((r) => r[0])).toEqual(['S1', 'Leeds" (old)', 'S2']);
    expect(t.rowProblems.map((p) => [p.row, p.columnIndex])).toEqual([
      [2, 1],
      [3, 0],
    ]);
    expect(t.rowProblems[1].message).toMatch(/comes straight after row 2.*runs over two lines/);
    const r = importStudents(t, guessStudentMapping(t.headers), { courses });
    expect(r.issues.filter((i) => i.code === 'unreadable-row').map((i) => [i.row, i.column])).toEqual([
      [2, 'Address'],
      [3, 'Student ID'],
    ]);
    expect(r.students.map((s) => s.id)).toEqual(['S2']);
    expect(r.pending).toEqual([2, 3]);
  });
});

describe('files read wrongly before (issue 11 item 5)', () => {
  const four = [
    { id: 'HIS', name: 'History', maxGroupSize: 30 },
    { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
    { id: 'FRE', name: 'French', maxGroupSize: 30 },
    { id: 'ART', name: 'Art', maxGroupSize: 30 },
  ];

  it('mixed CRLF and LF line ends: every line a row, a quoted cell keeps its own line break', () => {
    const t = readCsvText('ID,Name,Choice 1\r\nS1,Ann,HIS\nS2,"Bo\r\nLi",GEO\r\nS3,Cy,FRE\nS4,Di,ART\r\n');
    expect(t.rows.map((r) => r[0])).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(t.rows[1][1]).toBe('Bo\r\nLi');
    expect(t.rowProblems).toEqual([]);
    expect(t.rowNumbers).toEqual([2, 3, 4, 5]);
  });

  it('a first data row wider than the header: the header stays the header, only that row has extra cells', () => {
    const t = readCsvText('ID,Name,Choice 1\nS1,Ann,HIS,x,y,z,w\nS2,Bo,GEO\nS3,Cy,FRE\n');
    expect(t.headerRow).toBe(1);
    expect(t.headers).toEqual(['ID', 'Name', 'Choice 1']);
    const r = importStudents(t, guessStudentMapping(t.headers), { courses: four });
    expect(r.issues.map((i) => [i.row, i.code])).toEqual([[2, 'extra-cells']]);
    expect(r.students.map((s) => [s.id, s.choices])).toEqual([
      ['S2', ['GEO']],
      ['S3', ['FRE']],
    ]);
  });

  it('a stray quote just before a row with a proper quoted cell over two lines: both read right', () => {
    const t = readCsvText('ID,Name,Choice 1,Choice 2\nS1,"Bob,HIS,GEO\nS2,"Ann\nLee",FRE,ART\nS3,Cy,HIS,ART\n');
    expect(t.rows.map((r) => r[0])).toEqual(['S1', 'S2', 'S3']);
    expect(t.rows[1][1]).toBe('Ann\nLee');
    expect(t.rowProblems.map((p) => [p.row, p.columnIndex])).toEqual([[2, 1]]);
  });

  it('a quoted cell over lines that look like rows, when its first line is not a row: one cell', () => {
    const t = readCsvText('ID,Name,Choice 1\n"A\nB,C,D\nE",Ann,HIS\nS2,Bo,GEO\n');
    expect(t.rows.map((r) => r[0])).toEqual(['A\nB,C,D\nE', 'S2']);
    expect(t.rowProblems).toEqual([]);
  });

  it('half UTF-8, half Windows-1252: decoded by line, and the import names the rows read as Windows-1252', async () => {
    const head = new TextEncoder().encode('ID,Name,Choice 1\nS1,Renée,HIS\n');
    const tail = Uint8Array.from([...'S2,Zoë O’Neil,GEO\nS3,Bo,FRE\n'].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
    const bytes = new Uint8Array([...head, ...tail]);
    expect(decodeText(bytes).text).toBe('ID,Name,Choice 1\nS1,Renée,HIS\nS2,Zoë O’Neil,GEO\nS3,Bo,FRE\n');
    const t = await readTable(bytes, 'x.csv');
    expect(t.encoding).toBe('utf-8 and windows-1252');
    expect(t.windows1252Rows).toEqual([3]);
    const r = importStudents(t, guessStudentMapping(t.headers), { courses: four });
    expect(r.students.map((s) => s.name)).toEqual(['Renée', 'Zoë O’Neil', 'Bo']);
    expect(r.notices.map((n) => [n.row, n.code])).toEqual([[3, 'not-utf8']]);
    expect(r.notices[0].message).toMatch(/^Row 3 was not UTF-8 and was read as Windows-1252.*check accented names/);
  });

  it('.xlsx text cells are cleaned of control characters before neutralising, so "\\u0001=1+1" is stored as text', async () => {
    const { toXlsx } = await import('../data/io');
    const { default: readXlsxFile } = await import('read-excel-file/universal');
    const bytes = await toXlsx([{ name: 'S', rows: [['Name'], ['\u0001=1+1'], ['\u00a0=1+1'], ['\ufeff@SUM(A1)']] }]);
    const sheets = (await readXlsxFile(bytes.slice().buffer as ArrayBuffer)) as unknown as { data: unknown[][] }[];
    expect(sheets[0].data.slice(1).map((r) => r[0])).toEqual(["'=1+1", "'\u00a0=1+1", "'\ufeff@SUM(A1)"]);
  });
});
