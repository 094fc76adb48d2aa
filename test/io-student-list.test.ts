/**
 * Issue 13: an options round starts from the school's student list, before anyone has chosen. A student
 * list from the MIS (SIMS CSV with title lines, an Arbor-style .xlsx) has no choice columns: the Students
 * import adds every student without choices, keeping names, preferred forenames, reg groups, Adno, UPN,
 * pathway and attributes, with one notice instead of a "has no choices" issue per row. A Forms export of
 * choices merged in later fills the choices in and keeps the MIS names. Figures that count students
 * without choices as fully satisfied say so, and the Offer screen warns (not an error).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Course, Pathway, Result, Scenario, Student } from '../solver/types';
import type { Offer } from '../solver';
import { checkStudentMapping, guessStudentMapping, importStudents, readTable, toXlsx, type StudentMapping } from '../data/io';
import { classifyHeaders } from '../data/io/classify';
import { mergeImport, noChoiceColumnsNotice, type StudentImportResult } from '../data/io/students';
import { noChoicesNotice } from '../web/io/wizard-logic';
import { SummaryFigures, studentsWithoutChoices, WithoutChoicesNote } from '../web/components/Figures';
import { ProblemsPanel } from '../web/components/Problems';
import { problemReport, withoutChoicesWarning } from '../web/state/problems';
import { invitedPupils } from '../web/round/invite';
import { ruleBreaches } from '../web/state/derived';
import { solve } from '../solver';

const course = (id: string, name: string): Course => ({ id, name, maxGroupSize: 30 });
const courses: Course[] = [course('HIS', 'History'), course('GEO', 'Geography'), course('FRE', 'French'), course('ART', 'Art and Design'), course('CSC', 'Computer Science'), course('MUS', 'Music')];
const pathways: Pathway[] = [
  { id: 'EB', name: 'EBacc route', choices: 3, rules: [] },
  { id: 'FND', name: 'Foundation route', choices: 2, rules: [] },
];

/** Reads a file as the wizard does and imports it with the guessed mapping, which must need no hand matching. */
async function importFile(bytes: Uint8Array, fileName: string): Promise<{ mapping: StudentMapping; r: StudentImportResult }> {
  const table = await readTable(bytes, fileName);
  const mapping = guessStudentMapping(table.headers);
  expect(checkStudentMapping(mapping, table.headers)).toEqual([]);
  return { mapping, r: importStudents(table, mapping, { courses, pathways }) };
}

/** A SIMS student list saved as CSV (UTF-8 with a byte order mark, as Excel's "CSV UTF-8" writes it): two title lines, a blank line, the header. */
const SIMS_LINES = [
  'Year 9 Student List 2026/27,,,,,,,,',
  '"Printed 05/12/2026 14:02 by SIMS, Hillside Academy",,,,,,,,',
  ',,,,,,,,',
  'Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Reg Group,Gender,Pupil Premium Indicator,SEN Status',
  '004101,H801200000001,Ábrahám,Zoë,,9A,F,Y,N',
  "004102,H801200000002,O'Brien,Siobhán,Shiv,9A,F,N,K",
  '004103,H801200000003,Smith-Jones,Jean-Luc,,9B,M,N,N',
  '004104,H801200000004,"de la Cruz",Benjamin,Ben,9B,M,Y,E',
  "004105,H801200000005,N'Diaye,Aïssatou,,9C,F,N,N",
  ',,,,,,,,',
];
const simsBytes = () => new TextEncoder().encode('\ufeff' + SIMS_LINES.join('\r\n') + '\r\n');

describe('a SIMS student list with no choice columns (CSV, title lines above the header)', () => {
  it('is recognised by the header Import… as a students import and maps with no hand matching', async () => {
    const table = await readTable(simsBytes(), 'year9-list.csv');
    expect(table.headerRow).toBe(4);
    expect(classifyHeaders(table.headers)).toMatchObject({ kind: 'choices', headline: "Recognised as students' choices: a student list with no choice columns, so its students are added without choices." });
    const { mapping } = await importFile(simsBytes(), 'year9-list.csv');
    expect(mapping).toMatchObject({ id: 'Adno', admissionNumber: 'Adno', upn: 'UPN', lastName: 'Legal Surname', firstName: 'Legal Forename', preferredName: 'Preferred Forename', regGroup: 'Reg Group', choices: [] });
    expect(mapping.choicesList).toBeUndefined();
  });

  it('adds every student without choices, keeping names with accents, apostrophes and hyphens, Adno, UPN, reg group and attributes', async () => {
    const { r } = await importFile(simsBytes(), 'year9-list.csv');
    expect(r.withoutChoiceColumns).toBe(true);
    expect(r.complete).toBe(true);
    // No "has no choices" issue per row, no "fewer choices" notice: the file has no choice columns at all.
    expect(r.issues).toEqual([]);
    expect(r.notices).toEqual([]);
    expect(r.blankRows).toEqual([10]);
    expect(r.students.map((s) => s.name)).toEqual(['Zoë Ábrahám', "Shiv O'Brien", 'Jean-Luc Smith-Jones', 'Ben de la Cruz', "Aïssatou N'Diaye"]);
    expect(r.students[1]).toEqual({
      id: '004102',
      name: "Shiv O'Brien",
      surname: "O'Brien",
      forename: 'Siobhán',
      preferredName: 'Shiv',
      upn: 'H801200000002',
      admissionNumber: '004102',
      regGroup: '9A',
      choices: [],
      attributes: { gender: 'F', pp: false, sen: 'K' },
    });
    for (const s of r.students) expect(s.choices).toEqual([]);
    expect(noChoicesNotice(r)).toBe('No choice columns: the 5 students are added without choices. They can choose online in an options round (Student preview → Options round), or import their choices later.');
    expect(noChoiceColumnsNotice(1)).toMatch(/^No choice columns: the 1 student is added without choices\./);
  });

  it('still says a row of a choices file has no choices when the file has choice columns', async () => {
    const lines = ['Adno,Legal Surname,Legal Forename,Option 1,Option 2', '1,Ash,Amy,History,French', '2,Bell,Bo,,'];
    const { r } = await importFile(new TextEncoder().encode(lines.join('\n')), 'choices.csv');
    expect(r.withoutChoiceColumns).toBe(false);
    expect(noChoicesNotice(r)).toBeNull();
    expect(r.issues.map((i) => [i.row, i.code])).toEqual([[3, 'no-choices']]);
  });

  it('refuses a file with neither choice columns nor names, saying what to choose', () => {
    const headers = ['Adno', 'Gender'];
    const problems = checkStudentMapping(guessStudentMapping(headers), headers);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/Choose the choice columns .* For a list of students who have not chosen yet, choose their name columns instead\./);
    // An id and a name alone could be any list: the header Import… does not take it for students.
    expect(classifyHeaders(['ID', 'Name']).kind).toBeNull();
  });
});

/** An Arbor-style student list written as a real .xlsx by the project's writer: full name column, pathway, tutor group. */
async function arborXlsx(): Promise<Uint8Array> {
  return toXlsx([
    {
      name: 'Students',
      rows: [
        ['Student', 'First Name', 'Last Name', 'Preferred First Name', 'UPN', 'Admission No', 'Registration Form', 'Tutor Group', 'Pathway', 'Year Group', 'SEN Status'],
        ['Zoë Ábrahám', 'Zoë', 'Ábrahám', '', 'H801200000001', '004101', '9A', 'Mr Khan', 'EBacc route', 9, 'N'],
        ["Shiv O'Brien", 'Siobhán', "O'Brien", 'Shiv', 'H801200000002', '004102', '9A', 'Mr Khan', 'EB', 9, 'K'],
        ['Jean-Luc Smith-Jones', 'Jean-Luc', 'Smith-Jones', '', 'H801200000003', '004103', '9B', 'Ms Ortiz', 'FND', 9, 'N'],
      ],
    },
  ]);
}

describe('an Arbor-style student list as .xlsx', () => {
  it('adds each student without choices with name, preferred forename, UPN, Adno, reg and tutor group, pathway and attributes', async () => {
    const { mapping, r } = await importFile(await arborXlsx(), 'students.xlsx');
    expect(mapping).toMatchObject({ name: 'Student', preferredName: 'Preferred First Name', upn: 'UPN', admissionNumber: 'Admission No', id: 'Admission No', regGroup: 'Registration Form', tutorGroup: 'Tutor Group', pathway: 'Pathway', choices: [] });
    expect(r.withoutChoiceColumns).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.students).toHaveLength(3);
    expect(r.students[0]).toEqual({
      id: '004101',
      name: 'Zoë Ábrahám',
      surname: 'Ábrahám',
      forename: 'Zoë',
      upn: 'H801200000001',
      admissionNumber: '004101',
      regGroup: '9A',
      pathway: 'EB',
      choices: [],
      attributes: { tutorGroup: 'Mr Khan', year: 9, sen: 'N' },
    });
    expect(r.students[1]).toMatchObject({ preferredName: 'Shiv', pathway: 'EB' });
    expect(r.students[2]).toMatchObject({ pathway: 'FND' });
  });
});

/** A Microsoft Forms export of choices for three of the five: the pupil types their own name, and the Adno is a question. */
const FORMS_LINES = [
  'ID,Start time,Completion time,Email,Name,Admission number,Option 1,Option 2,Option 3,Reserve 1',
  '1,12/8/26 9:10:00,12/8/26 9:12:40,zabraham@hillside.example,zoe abraham,004101,History,French,Art and Design,Music',
  "2,12/8/26 9:15:00,12/8/26 9:17:02,sobrien@hillside.example,\"O'BRIEN, Siobhan\",004102,Geography,Computer Science,Music,",
  '3,12/8/26 10:01:00,12/8/26 10:03:30,ndiaye@hillside.example,Aissatou,004105,Art and Design,History,Geography,French',
];

describe('a Forms export of choices merged into the student list', () => {
  it('fills in the choices of those who chose, keeps the MIS names and fields, and leaves the others without choices', async () => {
    const list = (await importFile(simsBytes(), 'year9-list.csv')).r.students;
    const cohort = mergeImport([], list).students;
    const { mapping, r } = await importFile(new TextEncoder().encode(FORMS_LINES.join('\r\n')), 'options-form.csv');
    expect(mapping.id).toBe('Admission number');
    expect(r.issues).toEqual([]);
    const m = mergeImport(cohort, r.students, { fields: 'update' });
    expect([m.added, m.changed, m.keptMissing]).toEqual([[], ['004101', '004102', '004105'], ['004103', '004104']]);
    const byId = new Map(m.students.map((s) => [s.id, s]));
    // The typed names ("zoe abraham", "O'BRIEN, Siobhan") do not replace the names the MIS gave in parts.
    expect(byId.get('004101')).toEqual({ ...cohort[0], choices: ['HIS', 'FRE', 'ART'], reserves: ['MUS'] });
    expect(byId.get('004102')).toEqual({ ...cohort[1], choices: ['GEO', 'CSC', 'MUS'] });
    expect(byId.get('004105')).toMatchObject({ name: "Aïssatou N'Diaye", surname: "N'Diaye", forename: 'Aïssatou', regGroup: '9C', choices: ['ART', 'HIS', 'GEO'], reserves: ['FRE'] });
    expect(byId.get('004103')).toBe(cohort[2]);
    expect(byId.get('004103')!.choices).toEqual([]);
    // The same export again changes nothing.
    const again = mergeImport(m.students, r.students, { fields: 'update' });
    expect(again.same).toBe(true);
    // The student list again, with a preferred forename added: the name follows the MIS, the choices
    // made since stay (the list has no choice columns, so it says nothing about them), in either mode.
    const lines = SIMS_LINES.map((l) => (l.startsWith('004101,') ? '004101,H801200000001,Ábrahám,Zoë,Zo,9A,F,Y,N' : l));
    const relisted = (await importFile(new TextEncoder().encode(lines.join('\n')), 'year9-list-again.csv')).r;
    expect(relisted.withoutChoiceColumns).toBe(true);
    const relist = relisted.students;
    const updated = mergeImport(m.students, relist, { fields: 'update', choicesNotRead: true });
    expect([updated.changed, updated.unchanged.length]).toEqual([['004101'], 4]);
    expect(updated.students[0]).toMatchObject({ name: 'Zo Ábrahám', preferredName: 'Zo', choices: ['HIS', 'FRE', 'ART'], reserves: ['MUS'] });
    const replaced = mergeImport(m.students, relist, { fields: 'replace', removeMissing: true, choicesNotRead: true });
    expect(replaced.students.map((x) => x.choices.length)).toEqual([3, 3, 0, 0, 3]);
    // An import that read choice columns and found none for a student (a Forms row left empty) clears them: only a list with no choice columns says nothing.
    expect(mergeImport(m.students, [{ ...list[0], choices: [] }]).students[0].choices).toEqual([]);
    expect(mergeImport(m.students, relist, { fields: 'update' }).students[0].choices).toEqual([]);
  });
});

/** A scenario of the five, three of whom have chosen, and a real solve of it. */
async function partlyChosen(): Promise<{ scenario: Scenario; result: Result }> {
  const list = (await importFile(simsBytes(), 'year9-list.csv')).r.students;
  const forms = (await importFile(new TextEncoder().encode(FORMS_LINES.join('\r\n')), 'options-form.csv')).r.students;
  const students = mergeImport(list, forms).students;
  const scenario: Scenario = { format: 'ks4-scenario/1', name: 'Hillside 2027', blocks: ['A', 'B', 'C'], courses, students };
  const result = await solve(scenario, { timeSeconds: 1, seed: 1 });
  return { scenario, result };
}

describe('figures when some students have not chosen', () => {
  it('the solver counts them fully satisfied (the contract), and the figures say how many and what the figures rest on', async () => {
    const { result } = await partlyChosen();
    // FORMAT.md: fully satisfied when unmet is empty; a student with no choices has nothing unmet.
    expect(result.summary.students).toBe(5);
    expect(studentsWithoutChoices(result)).toBe(2);
    expect(result.summary.fullySatisfied).toBeGreaterThanOrEqual(2);
    const html = renderToStaticMarkup(createElement(SummaryFigures, { result }));
    expect(html).toContain(`${result.summary.fullySatisfied} / 5`);
    expect(html).toContain('2 of them not chosen yet');
    expect(html).toContain('2 students have made no choices yet: they count as fully satisfied by definition, and the figures rest on the 3 who have.');
    expect(html).toContain('Show them on the Students screen');
  });

  it('says nothing when everyone has chosen, and that the figures say nothing when nobody has', () => {
    const everyone = { students: [{ id: 'a', placed: { HIS: 'HIS-1' }, unmet: [], reserves: [] }, { id: 'b', placed: {}, unmet: ['GEO'], reserves: [] }], summary: { students: 2, fullySatisfied: 1, choices: 2, choicesMet: 1, reservesUsed: 0, groups: 1, seconds: 0, seed: 1 } } as unknown as Result;
    expect(studentsWithoutChoices(everyone)).toBe(0);
    expect(renderToStaticMarkup(createElement(SummaryFigures, { result: everyone }))).not.toContain('not chosen');
    const nobody = { ...everyone, students: [{ id: 'a', placed: {}, unmet: [], reserves: [] }], summary: { ...everyone.summary, students: 1, fullySatisfied: 1 } } as unknown as Result;
    expect(renderToStaticMarkup(createElement(WithoutChoicesNote, { result: nobody }))).toContain('1 student has made no choices yet: they count as fully satisfied by definition, so the figures say nothing yet: nobody has chosen.');
    expect(renderToStaticMarkup(createElement(WithoutChoicesNote, { result: nobody, compact: true }))).toContain('1 not chosen yet');
  });

  it('the Offer screen warns, with a count and a link to them, and it is not a problem to fix before solving', async () => {
    const { scenario } = await partlyChosen();
    expect(problemReport(scenario).total).toBe(0);
    const w = withoutChoicesWarning(scenario)!;
    expect(w.count).toBe(2);
    expect(w.text).toBe('2 of 5 students have made no choices yet. A blocking counts them fully satisfied by definition (nothing to place), so its figures and blocks rest on the 3 who have chosen. They can choose online in an options round (Student preview → Options round), or import their choices on the Students screen.');
    const html = renderToStaticMarkup(createElement(ProblemsPanel, { scenario }));
    expect(html).toContain('data-testid="without-choices-warning"');
    expect(html).toContain('Show the 2 students without choices');
    expect(html).not.toContain('to fix before solving');
    const nobody = { ...scenario, students: scenario.students.map((s) => ({ ...s, choices: [] as string[], reserves: undefined })) };
    expect(withoutChoicesWarning(nobody)!.text).toMatch(/^None of the 5 students has made any choices yet\. A blocking would count every student fully satisfied and say nothing about the offer\./);
    expect(withoutChoicesWarning({ ...scenario, students: scenario.students.filter((s) => s.choices.length > 0) })).toBeNull();
  });

  it('a student who has not chosen breaks no choice rule (the warning counts them instead); one who chose too few does', async () => {
    const { scenario } = await partlyChosen();
    const ruled: Scenario = { ...scenario, rules: [{ min: 1, from: ['GEO', 'HIS'] }], pathways, students: scenario.students.map((s) => ({ ...s, pathway: 'EB' })) };
    // 004101 chose HIS, FRE, ART and 004105 ART, HIS, GEO: both keep the rules. 004102 chose GEO, CSC, MUS.
    ruled.students[1] = { ...ruled.students[1], choices: ['CSC', 'MUS'] };
    expect([...new Set(ruleBreaches(ruled).map((b) => b.id))]).toEqual(['004102']);
    expect(withoutChoicesWarning(ruled)!.count).toBe(2);
  });

  it('the options round invites the students who have not chosen, under their Adno and MIS name', async () => {
    const list: Student[] = (await importFile(simsBytes(), 'year9-list.csv')).r.students;
    const scenario: Scenario = { format: 'ks4-scenario/1', name: 'Hillside 2027', blocks: ['A', 'B', 'C'], courses, students: list };
    // invitedPupils reads the published offer's pathways only; this cohort has none.
    const invite = invitedPupils(scenario.students, { pathways: [] } as unknown as Offer);
    expect(invite.refused).toEqual([]);
    expect(invite.pupils.map((p) => [p.admissionNumber, p.name])).toEqual([
      ['004101', 'Zoë Ábrahám'],
      ['004102', "Shiv O'Brien"],
      ['004103', 'Jean-Luc Smith-Jones'],
      ['004104', 'Ben de la Cruz'],
      ['004105', "Aïssatou N'Diaye"],
    ]);
  });
});

describe('a form\'s answers are never taken for a student list', () => {
  it('asks for the choices column of a Forms export whose question it cannot guess, and takes it as a list only when told', () => {
    const headers = ['Timestamp', 'Admission number', 'Name', 'Which four courses would you like to study next year?'];
    const m = guessStudentMapping(headers);
    expect(m.timestamp).toBe('Timestamp');
    const problems = checkStudentMapping(m, headers);
    expect(problems).toEqual([
      'This file has a time of submission ("Timestamp"), so it holds a form\'s answers: choose the column that lists every choice (the form\'s question), or the choice columns. To import it as a list of students without choices, set "Submitted at" to none.',
    ]);
    expect(checkStudentMapping({ ...m, choicesList: headers[3] }, headers)).toEqual([]);
    expect(checkStudentMapping({ ...m, timestamp: undefined }, headers)).toEqual([]);
  });
});
