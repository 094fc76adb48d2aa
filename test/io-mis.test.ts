/**
 * Issue 10 item 2, "MIS conventions": header rows as SIMS, Arbor and Bromcom exports and Microsoft and
 * Google Forms write them are recognised with no hand mapping; identity (surname, forename, preferred
 * forename, UPN, admission number, registration group) is kept in its own optional student fields and
 * survives the scenario document; a pupil with fewer choices than asked for is flagged, not dropped; a
 * pupil on two rows shows both rows in full with the form's times and the later is kept unless the user
 * keeps the other; importing the same file again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Course, Pathway, Scenario } from '../solver/types';
import { checkStudentMapping, guessStudentMapping, importStudents, readCsvText, readTable, toXlsx, type StudentMapping } from '../data/io';
import { mergeImport, timestampOrder, type StudentImportResult } from '../data/io/students';
import { scenarioJson } from '../data/io/export';
import { parseScenarioText } from '../data/schema';
import { keepDuplicateRow } from '../web/io/wizard-logic';

const course = (id: string, name: string): Course => ({ id, name, maxGroupSize: 30 });
const courses: Course[] = [
  course('HIS', 'History'),
  course('GEO', 'Geography'),
  course('FRE', 'French'),
  course('SPA', 'Spanish'),
  course('ART', 'Art and Design'),
  course('CSC', 'Computer Science'),
  course('MUS', 'Music'),
  course('DRA', 'Drama'),
  course('BUS', 'Business'),
  course('PE', 'Physical Education'),
];
const pathways: Pathway[] = [
  { id: 'EB', name: 'EBacc route', choices: 4, rules: [] },
  { id: 'FND', name: 'Foundation route', choices: 3, rules: [] },
];

const csv = (lines: string[]) => readCsvText(lines.join('\r\n') + '\r\n');

function run(lines: string[]): { mapping: StudentMapping; r: StudentImportResult; headers: string[] } {
  const table = csv(lines);
  const mapping = guessStudentMapping(table.headers);
  expect(checkStudentMapping(mapping, table.headers)).toEqual([]);
  return { mapping, r: importStudents(table, mapping, { courses, pathways }), headers: table.headers };
}

describe('SIMS: a report exported to CSV (title lines above the header)', () => {
  const lines = [
    'Year 9 Options 2027',
    'Printed 05/03/2027 by SIMS',
    '',
    'Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Reg Group,Year,Gender,Pupil Premium Indicator,SEN Status,KS2 Average Scaled Score,Option 1,Option 2,Option 3,Option 4,Reserve 1',
    '002001,A123456789012,Adams,Grace,Gracie,9A,9,F,Y,N,108.5,History,French,Art and Design,Computer Science,Geography',
    '002002,A123456789013,Brown,Oliver,,9A,9,M,N,K,99,Business,Physical Education,Drama,Music,',
    '002003,A123456789014,Clarke,Isla,,9B,9,F,N,E,95.5,Art and Design,Music,Drama,,Spanish',
  ];

  it('maps every column it knows without help: Adno is the id, names and reg group go to their fields', () => {
    const { mapping, r } = run(lines);
    expect(mapping).toMatchObject({
      id: 'Adno',
      admissionNumber: 'Adno',
      upn: 'UPN',
      lastName: 'Legal Surname',
      firstName: 'Legal Forename',
      preferredName: 'Preferred Forename',
      regGroup: 'Reg Group',
      choices: ['Option 1', 'Option 2', 'Option 3', 'Option 4'],
      reserves: ['Reserve 1'],
    });
    expect(mapping.attributes.map((a) => [a.column, a.name])).toEqual([
      ['Year', 'year'],
      ['Gender', 'gender'],
      ['Pupil Premium Indicator', 'pp'],
      ['SEN Status', 'sen'],
      ['KS2 Average Scaled Score', 'prior'],
    ]);
    expect(r.issues).toEqual([]);
    expect(r.students[0]).toEqual({
      id: '002001',
      name: 'Gracie Adams',
      surname: 'Adams',
      forename: 'Grace',
      preferredName: 'Gracie',
      upn: 'A123456789012',
      admissionNumber: '002001',
      regGroup: '9A',
      choices: ['HIS', 'FRE', 'ART', 'CSC'],
      reserves: ['GEO'],
      attributes: { year: 9, gender: 'F', pp: true, sen: 'N', prior: 108.5 },
    });
    expect(r.students[1]).toMatchObject({ name: 'Oliver Brown', attributes: { pp: false, sen: 'K', prior: 99 } });
    expect(r.students[1].preferredName).toBeUndefined();
  });

  it('flags the pupil with three choices where the others made four, and still imports them', () => {
    const { r } = run(lines);
    expect(r.expectedChoices).toBe(4);
    expect(r.fewChoices).toEqual([7]);
    expect(r.notices.map((n) => [n.row, n.code, n.value])).toEqual([[7, 'few-choices', '3']]);
    expect(r.notices[0].message).toMatch(/^Row 7: Isla Clarke \(002003\) made 3 choices, but most pupils in the file have 4\./);
    expect(r.complete).toBe(true);
    expect(r.students.map((s) => s.id)).toEqual(['002001', '002002', '002003']);
  });

  it('reads the same from an .xlsx workbook', async () => {
    const rows = lines.slice(3).map((l) => l.split(','));
    const table = await readTable(await toXlsx([{ name: 'Options', rows }]), 'sims.xlsx');
    const mapping = guessStudentMapping(table.headers);
    const r = importStudents(table, mapping, { courses, pathways });
    expect(r.issues).toEqual([]);
    expect(r.students.map((s) => [s.id, s.upn, s.surname, s.regGroup, s.attributes?.pp])).toEqual([
      ['002001', 'A123456789012', 'Adams', '9A', true],
      ['002002', 'A123456789013', 'Brown', '9A', false],
      ['002003', 'A123456789014', 'Clarke', '9B', false],
    ]);
  });
});

describe('Arbor: a student list with choices', () => {
  it('takes the UPN as the id (no admission number), "Student" as the display name, "Registration Form" as the reg group', () => {
    const { mapping, r } = run([
      'Student,First Name,Last Name,Preferred First Name,UPN,Registration Form,Tutor Group,Year Group,Gender,Pupil Premium,SEN Status,Prior Attainment Band,Option 1,Option 2,Option 3,Option 4,Reserve 1',
      'Amara Okafor,Amara,Okafor,,K123456789001,9OK,9OK-T,Year 9,F,Yes,No SEN,High,History,Geography,French,Music,Drama',
      'Ben Hughes,Benjamin,Hughes,Ben,K123456789002,9OK,9OK-T,Year 9,M,No,SEN Support,Middle,Computer Science,History,Business,Physical Education,',
    ]);
    expect(mapping).toMatchObject({
      id: 'UPN',
      upn: 'UPN',
      name: 'Student',
      firstName: 'First Name',
      lastName: 'Last Name',
      preferredName: 'Preferred First Name',
      regGroup: 'Registration Form',
      tutorGroup: 'Tutor Group',
    });
    expect(mapping.admissionNumber).toBeUndefined();
    expect(mapping.attributes.map((a) => a.name)).toEqual(['year', 'gender', 'pp', 'sen', 'prior']);
    expect(r.issues).toEqual([]);
    expect(r.students[1]).toEqual({
      id: 'K123456789002',
      name: 'Ben Hughes',
      surname: 'Hughes',
      forename: 'Benjamin',
      preferredName: 'Ben',
      upn: 'K123456789002',
      regGroup: '9OK',
      choices: ['CSC', 'HIS', 'BUS', 'PE'],
      attributes: { tutorGroup: '9OK-T', year: 'Year 9', gender: 'M', pp: false, sen: 'SEN Support', prior: 'Middle' },
    });
    expect(r.students[0].attributes?.pp).toBe(true);
  });
});

describe('Bromcom: a student list with legal and preferred names', () => {
  it('takes the admission number as the id and the legal surname, not the preferred one', () => {
    const { mapping, r } = run([
      'Admission No,UPN,Legal Surname,Preferred Surname,Forename,Preferred Forename,Reg Group,Tutor Group,Gender,PP,SEN,KS2 Prior Attainment,Option 1,Option 2,Option 3,Option 4,Reserve 1',
      '3001,L123456789001,Smith-Jones,Jones,Charlotte,Lottie,10R,10R1,F,True,N,Middle,Spanish,History,Art and Design,Drama,Music',
      '3002,L123456789002,Khan,,Zain,,10R,10R2,M,1,K,High,Computer Science,French,Geography,Business,History',
    ]);
    expect(mapping).toMatchObject({
      id: 'Admission No',
      admissionNumber: 'Admission No',
      upn: 'UPN',
      lastName: 'Legal Surname',
      firstName: 'Forename',
      preferredName: 'Preferred Forename',
      regGroup: 'Reg Group',
      tutorGroup: 'Tutor Group',
    });
    expect(r.issues).toEqual([]);
    expect(r.students.map((s) => [s.id, s.name, s.surname, s.forename, s.preferredName, s.admissionNumber, s.regGroup])).toEqual([
      ['3001', 'Lottie Smith-Jones', 'Smith-Jones', 'Charlotte', 'Lottie', '3001', '10R'],
      ['3002', 'Zain Khan', 'Khan', 'Zain', undefined, '3002', '10R'],
    ]);
    expect(r.students.map((s) => s.attributes)).toEqual([
      { tutorGroup: '10R1', gender: 'F', pp: true, sen: 'N', prior: 'Middle' },
      { tutorGroup: '10R2', gender: 'M', pp: true, sen: 'K', prior: 'High' },
    ]);
  });
});

describe('Microsoft Forms', () => {
  const lines = [
    'ID,Start time,Completion time,Email,Name,Last modified time,Option 1,Option 2,Option 3,Option 4,Reserve 1',
    '1,3/5/27 9:02:11,3/5/27 9:05:40,amara.okafor@school.example,Amara Okafor,,History,Geography,French,Music,Drama',
    '2,3/5/27 9:03:52,3/5/27 9:09:03,ben.hughes@school.example,Ben Hughes,,Computer Science,History,Business,Physical Education,',
    '3,3/5/27 9:10:15,3/5/27 9:12:44,chloe.nguyen@school.example,Chloe Nguyen,,Spanish,Geography,Art and Design,,',
    '4,3/5/27 13:31:47,3/5/27 13:33:10,ben.hughes@school.example,Ben Hughes,,Computer Science,History,Geography,Physical Education,Business',
  ];

  it('never takes the response number "ID" for a pupil: the e-mail is the id, "Completion time" the timestamp', () => {
    const { mapping } = run(lines);
    expect(mapping).toMatchObject({ id: 'Email', email: 'Email', name: 'Name', timestamp: 'Completion time', choices: ['Option 1', 'Option 2', 'Option 3', 'Option 4'], reserves: ['Reserve 1'] });
  });

  it('shows both of Ben\'s rows in full with their times and keeps the later; the user can keep the other', () => {
    const { r, headers } = run(lines);
    expect(r.issues).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.duplicates).toHaveLength(1);
    const g = r.duplicates[0];
    expect(g).toMatchObject({ id: 'ben.hughes@school.example', later: 5 });
    expect(g.rows.map((x) => [x.row, x.timestamp, x.kept])).toEqual([
      [3, '3/5/27 9:09:03', false],
      [5, '3/5/27 13:33:10', true],
    ]);
    expect(g.rows[0].cells.map(([h]) => h)).toEqual(headers);
    expect(g.rows[0].cells).toContainEqual(['Option 3', 'Business']);
    expect(r.notices.filter((n) => n.code === 'duplicate-id').map((n) => n.row)).toEqual([3, 5]);
    expect(r.skippedRows).toEqual([3]);
    expect(r.students.find((s) => s.id === 'ben.hughes@school.example')?.choices).toEqual(['CSC', 'HIS', 'GEO', 'PE']);

    // The user keeps the first submission instead.
    const table = csv(lines);
    const other = importStudents(table, guessStudentMapping(table.headers), { courses, pathways }, { rows: keepDuplicateRow({}, g, 3) });
    expect(other.complete).toBe(true);
    expect(other.duplicates[0].rows.map((x) => x.kept)).toEqual([true, false]);
    expect(other.students.find((s) => s.id === 'ben.hughes@school.example')?.choices).toEqual(['CSC', 'HIS', 'BUS', 'PE']);
    // And back to the default.
    expect(keepDuplicateRow(keepDuplicateRow({}, g, 3), g, null)).toEqual({});
  });

  it('flags Chloe (three choices) but not Ben\'s skipped row', () => {
    const { r } = run(lines);
    expect(r.fewChoices).toEqual([4]);
  });

  it('reads "First choice ... Fourth choice" questions', () => {
    const m = guessStudentMapping(['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Student ID', 'First choice', 'Second choice', 'Third choice', 'Fourth choice', 'Reserve choice']);
    expect(m).toMatchObject({ id: 'Student ID', email: 'Email', choices: ['First choice', 'Second choice', 'Third choice', 'Fourth choice'], reserves: ['Reserve choice'] });
  });
});

describe('Google Forms', () => {
  it('reads the timestamp, the e-mail as the id, a name asked in two questions and a grid of blocks', () => {
    const { mapping, r } = run([
      'Timestamp,Email address,Surname,First name,Tutor group,Option choice 1 [Block A],Option choice 2 [Block B],Option choice 3 [Block C],Option choice 4 [Block D],Which subject is your reserve?',
      '05/03/2027 14:22:01,g.adams@school.example,Adams,Grace,9A,History,French,Art and Design,Computer Science,Geography',
      '05/03/2027 14:25:40,o.brown@school.example,Brown,Oliver,9A,Business,Physical Education,Drama,Music,',
      '13/03/2027 08:01:00,g.adams@school.example,Adams,Grace,9A,Geography,French,Art and Design,Computer Science,History',
    ]);
    expect(mapping).toMatchObject({
      id: 'Email address',
      timestamp: 'Timestamp',
      firstName: 'First name',
      lastName: 'Surname',
      tutorGroup: 'Tutor group',
      choices: ['Option choice 1 [Block A]', 'Option choice 2 [Block B]', 'Option choice 3 [Block C]', 'Option choice 4 [Block D]'],
      reserves: ['Which subject is your reserve?'],
    });
    expect(r.students.map((s) => [s.id, s.name, s.forename, s.surname, s.choices[0]])).toEqual([
      ['o.brown@school.example', 'Oliver Brown', 'Oliver', 'Brown', 'BUS'],
      ['g.adams@school.example', 'Grace Adams', 'Grace', 'Adams', 'GEO'],
    ]);
    expect(r.duplicates[0].rows.map((x) => [x.row, x.timestamp, x.kept])).toEqual([
      [2, '05/03/2027 14:22:01', false],
      [4, '13/03/2027 08:01:00', true],
    ]);
  });

  it('"Which subject is your first choice?" questions and block-only grid columns', () => {
    const m = guessStudentMapping(['Timestamp', 'Email address', 'Which subject is your first choice?', 'Which subject is your second choice?', 'Which subject is your third choice?', 'Which subject is your first reserve?']);
    expect(m.choices).toEqual(['Which subject is your first choice?', 'Which subject is your second choice?', 'Which subject is your third choice?']);
    expect(m.reserves).toEqual(['Which subject is your first reserve?']);
    expect(guessStudentMapping(['Timestamp', 'Email address', 'Options [Block B]', 'Options [Block A]']).choices).toEqual(['Options [Block A]', 'Options [Block B]']);
  });

  it('orders timestamps as the file writes them: day first, unless a cell only reads month first', () => {
    const uk = timestampOrder(['05/03/2027 14:22:01', '04/03/2027 09:00:00', '']);
    expect(uk[0]! > uk[1]!).toBe(true);
    expect(uk[2]).toBeUndefined();
    const us = timestampOrder(['3/5/27 9:02:11 AM', '3/4/27 1:00:00 PM', '3/25/27 9:00:00']);
    expect(us[0]! > us[1]!).toBe(true);
    expect(us[2]! > us[0]!).toBe(true);
    const iso = timestampOrder(['2027-03-05T09:00:00.000Z', '2027-03-04 10:00']);
    expect(iso[0]! > iso[1]!).toBe(true);
  });
});

describe('fewer choices than the pathway asks for', () => {
  it('uses the pupil\'s pathway when it says how many, else the count most rows have', () => {
    const { r } = run([
      'Adno,Surname,Forename,Pathway,Option 1,Option 2,Option 3,Option 4',
      '1,A,Ann,EB,History,French,Music,Drama',
      '2,B,Bob,FND,History,Music,Drama,',
      '3,C,Cat,EB,History,French,Music,',
      '4,D,Dan,FND,History,Music,,',
    ]);
    expect(r.fewChoices).toEqual([4, 5]);
    expect(r.notices.map((n) => n.message.replace(/\..*/, ''))).toEqual(['Row 4: Cat C (3) made 3 choices, but pathway EB asks for 4', 'Row 5: Dan D (4) made 2 choices, but pathway FND asks for 3']);
    expect(r.students).toHaveLength(4);
  });
});

describe('importing the same file again', () => {
  const lines = [
    'Adno,UPN,Legal Surname,Legal Forename,Reg Group,Gender,PP,Option 1,Option 2,Option 3,Option 4,Reserve 1',
    ...Array.from({ length: 210 }, (_, i) =>
      [String(5000 + i), `Z${String(100000000000 + i)}`, `Surname${i}`, `Name${i}`, `9${'ABCDEFG'[i % 7]}`, i % 2 ? 'F' : 'M', i % 4 ? 'N' : 'Y', ...['History', 'Geography', 'French', 'Spanish', 'Art and Design', 'Music', 'Drama'].slice(i % 3, (i % 3) + 4), 'Business'].join(','),
    ),
  ];

  it('reports 0 added, 0 changed, 210 unchanged and gives back the very same students', () => {
    const first = run(lines).r;
    expect(first.students).toHaveLength(210);
    const once = mergeImport([], first.students);
    expect([once.added.length, once.changed.length, once.unchanged.length, once.same]).toEqual([210, 0, 0, false]);
    const again = mergeImport(once.students, run(lines).r.students);
    expect([again.added.length, again.changed.length, again.unchanged.length, again.removed.length, again.keptMissing.length]).toEqual([0, 0, 210, 0, 0]);
    expect(again.same).toBe(true);
    expect(again.students).toBe(once.students);
    const replaced = mergeImport(once.students, run(lines).r.students, { fields: 'replace', removeMissing: true });
    expect(replaced.same).toBe(true);
  });

  it('a changed choice changes that one student; the others stay the same objects; students not in the file are kept unless asked', () => {
    const base = mergeImport([], run(lines).r.students).students;
    const edited = lines.map((l, i) => (i === 3 ? l.replace('Business', 'Physical Education') : l)).filter((_, i) => i !== 10);
    const m = mergeImport(base, run(edited).r.students);
    expect([m.added, m.changed, m.unchanged.length, m.keptMissing]).toEqual([[], ['5002'], 208, ['5009']]);
    expect(m.students[0]).toBe(base[0]);
    expect(m.students[2]).not.toBe(base[2]);
    expect(m.students[2].reserves).toEqual(['PE']);
    const removing = mergeImport(base, run(edited).r.students, { removeMissing: true });
    expect(removing.removed).toEqual(['5009']);
    expect(removing.students).toHaveLength(209);
  });

  it('an update keeps what the file does not carry (an MIS attribute) and still counts the student unchanged', () => {
    const base = mergeImport([], run(lines).r.students).students.map((s, i) => (i === 0 ? { ...s, attributes: { ...s.attributes, eal: true } } : s));
    const m = mergeImport(base, run(lines).r.students);
    expect(m.same).toBe(true);
    expect(m.students[0].attributes?.eal).toBe(true);
  });
});

describe('the scenario document keeps the identity fields', () => {
  it('surname, forename, preferredName, upn, admissionNumber and regGroup survive an export and a load', () => {
    const scenario: Scenario = {
      format: 'ks4-scenario/1',
      name: 'MIS round trip',
      blocks: ['A', 'B'],
      courses: [course('HIS', 'History'), course('GEO', 'Geography')],
      students: [
        { id: '002001', name: 'Gracie Adams', surname: 'Adams', forename: 'Grace', preferredName: 'Gracie', upn: 'A123456789012', admissionNumber: '002001', regGroup: '9A', choices: ['HIS', 'GEO'] },
        { id: '002002', choices: ['GEO'] },
      ],
    } as Scenario;
    const loaded = parseScenarioText(scenarioJson(scenario));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.students).toEqual(scenario.students);
    const wrong = parseScenarioText(scenarioJson({ ...scenario, students: [{ id: 'X', upn: 12, choices: [] } as never] }));
    expect(wrong.ok).toBe(false);
  });
});
