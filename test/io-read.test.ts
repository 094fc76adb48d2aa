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
