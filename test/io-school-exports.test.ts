/**
 * Issue 10 item 3, "school-ready exports": class lists with UPN, admission number, surname, forename,
 * registration group and the chosen attributes, sorted by surname, in the MIS's shape (a row per pupil
 * and group with the group's block, teacher and room) as CSV and .xlsx (a sheet per group and one of
 * everything); letters as a template with merge fields, and the same fields as a mail-merge CSV.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import readXlsxFile from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import type { Result, Scenario, Student } from '../solver/types';
import { bySurname, classListAttributes, classListSheets, classListsTable, pupilNames } from '../data/io/export';
import { DEFAULT_TEMPLATE, fillTemplate, formatLetterDate, letterFields, mailMergeTable, unknownFields } from '../data/io/letters';
import { readCsvText, restore, toCsv, toXlsx } from '../data/io';
import { EXPORTS } from '../web/io/ExportButtons';
import { Letters } from '../web/io/Letters';
import { result as fixtureResult, scenario as fixtureScenario } from './fixtures/io/solved';

const mis = (id: string, forename: string, surname: string, extra: Record<string, unknown> = {}): Student =>
  ({ id, name: `${forename} ${surname}`, forename, surname, choices: [], ...extra }) as Student;

/** Six pupils with MIS fields (one without), surnames that sort differently by case and accent. */
const scenario: Scenario = {
  format: 'ks4-scenario/1',
  name: 'Hillside 2027',
  blocks: ['A', 'B'],
  courses: [
    { id: 'HIS', name: 'History', maxGroupSize: 30 },
    { id: 'ART', name: 'Art', maxGroupSize: 30, roomType: 'art' },
    { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
  ],
  staff: [
    { id: 'JSM', name: 'Mr J Smith', courses: ['HIS'] },
    { id: 'AKH', name: 'Ms A Khan', courses: ['ART', 'GEO'] },
  ],
  rooms: [{ id: 'R1', name: 'Art room', type: 'art', capacity: 30 }],
  students: [
    { ...mis('P1', 'Zoë', 'Ábrahám', { upn: 'A123456789012', admissionNumber: '4101', regGroup: '10B', attributes: { gender: 'F', sen: 'K', pp: true } }), choices: ['HIS', 'ART'] },
    { ...mis('P2', 'Ben', 'de la Cruz', { upn: 'A123456789013', admissionNumber: '4102', regGroup: '10A', attributes: { gender: 'M', sen: 'N', pp: false } }), choices: ['HIS', 'GEO'], reserves: ['ART'] },
    { ...mis('P3', 'amy', 'Cole', { upn: 'A123456789014', regGroup: '10A', attributes: { gender: 'F', pp: false } }), choices: ['ART', 'HIS'] },
    { ...mis('P4', '=HYPERLINK("x")', '@Evil', { upn: 'A123456789015', regGroup: '10C', attributes: { gender: 'M' } }), choices: ['HIS', 'ART'] },
    // No MIS fields: the name is split, the tutor group attribute is the reg group, no UPN is made up.
    { id: 'P5', name: 'Mary Ann Cole', choices: ['ART'], attributes: { tutorGroup: '10D', gender: 'F' } },
    { ...mis('P6', 'Adam', 'Cole', { preferredName: 'Ad', regGroup: '10A' }), choices: ['HIS', 'ART'] },
  ],
};

const result: Result = {
  format: 'ks4-result/1',
  scenario: 'Hillside 2027',
  groups: [
    { id: 'HIS-1', course: 'HIS', blocks: ['A'], years: [10, 11], staff: ['JSM'], room: null, students: ['P1', 'P2', 'P3', 'P4', 'P6'] },
    { id: 'ART-1', course: 'ART', blocks: ['B'], years: [10, 11], staff: ['AKH'], room: 'R1', students: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] },
  ],
  students: [
    { id: 'P1', placed: { HIS: 'HIS-1', ART: 'ART-1' }, unmet: [], reserves: [] },
    { id: 'P2', placed: { HIS: 'HIS-1', ART: 'ART-1' }, unmet: ['GEO'], reserves: ['ART'], reasons: ['Geography runs only in block A, where History is taught.'] },
    { id: 'P3', placed: { HIS: 'HIS-1', ART: 'ART-1' }, unmet: [], reserves: [] },
    { id: 'P4', placed: { HIS: 'HIS-1', ART: 'ART-1' }, unmet: [], reserves: [] },
    { id: 'P5', placed: { ART: 'ART-1' }, unmet: [], reserves: [] },
    { id: 'P6', placed: { HIS: 'HIS-1', ART: 'ART-1' }, unmet: [], reserves: [] },
  ],
  summary: { students: 6, fullySatisfied: 5, choices: 11, choicesMet: 10, reservesUsed: 1, groups: 2, seconds: 0.1, seed: 1 },
};

const HEADER = ['Group', 'Course code', 'Course', 'Block(s)', 'Year(s)', 'Teacher', 'Room', 'UPN', 'Admission number', 'Surname', 'Forename', 'Reg group'];

describe('pupil names', () => {
  it('reads the MIS fields, splits the one name only when they are missing, and never invents an identifier', () => {
    expect(pupilNames(scenario.students[0])).toEqual({ upn: 'A123456789012', admissionNumber: '4101', surname: 'Ábrahám', forename: 'Zoë', preferredName: 'Zoë', regGroup: '10B', name: 'Zoë Ábrahám' });
    expect(pupilNames(scenario.students[4])).toEqual({ upn: '', admissionNumber: '', surname: 'Cole', forename: 'Mary Ann', preferredName: 'Mary Ann', regGroup: '10D', name: 'Mary Ann Cole' });
    expect(pupilNames(scenario.students[5]).preferredName).toBe('Ad');
    // A surname of two words from the MIS stays whole; only a missing forename is taken from the name.
    expect(pupilNames({ id: 'X', name: 'Ben de la Cruz', surname: 'de la Cruz', choices: [] } as Student)).toMatchObject({ surname: 'de la Cruz', forename: 'Ben' });
    expect(pupilNames({ id: 'X', choices: [] })).toMatchObject({ surname: '', forename: '', name: 'X', upn: '' });
  });

  it('sorts by surname then forename, ignoring case and accents, unnamed pupils last', () => {
    const order = [...scenario.students, { id: 'P0', choices: [] }].sort(bySurname).map((s) => s.id);
    // @Evil, Ábrahám, Cole Adam, Cole amy, Cole Mary Ann, de la Cruz, then the pupil with no name.
    expect(order).toEqual(['P4', 'P1', 'P6', 'P3', 'P5', 'P2', 'P0']);
  });
});

describe('class lists', () => {
  const attributes = ['gender', 'sen'];

  it('offer every attribute but the tutor group as a column', () => {
    expect(classListAttributes(scenario.students)).toEqual(['gender', 'sen', 'pp']);
  });

  it('in the MIS shape: group, course, block, years, teacher, room, then the pupil, sorted by surname in each group', () => {
    const rows = classListsTable(scenario, result, { attributes });
    expect(rows[0]).toEqual([...HEADER, 'Gender', 'SEN', 'Student ID', 'Chosen as']);
    const his = ['HIS-1', 'HIS', 'History', 'A', '10 11', 'Mr J Smith', ''];
    const art = ['ART-1', 'ART', 'Art', 'B', '10 11', 'Ms A Khan', 'Art room'];
    expect(rows.slice(1)).toEqual([
      [...his, 'A123456789015', '', '@Evil', '=HYPERLINK("x")', '10C', 'M', null, 'P4', 'choice 1'],
      [...his, 'A123456789012', '4101', 'Ábrahám', 'Zoë', '10B', 'F', 'K', 'P1', 'choice 1'],
      [...his, '', '', 'Cole', 'Adam', '10A', null, null, 'P6', 'choice 1'],
      [...his, 'A123456789014', '', 'Cole', 'amy', '10A', 'F', null, 'P3', 'choice 2'],
      [...his, 'A123456789013', '4102', 'de la Cruz', 'Ben', '10A', 'M', 'N', 'P2', 'choice 1'],
      [...art, 'A123456789015', '', '@Evil', '=HYPERLINK("x")', '10C', 'M', null, 'P4', 'choice 2'],
      [...art, 'A123456789012', '4101', 'Ábrahám', 'Zoë', '10B', 'F', 'K', 'P1', 'choice 2'],
      [...art, '', '', 'Cole', 'Adam', '10A', null, null, 'P6', 'choice 2'],
      [...art, 'A123456789014', '', 'Cole', 'amy', '10A', 'F', null, 'P3', 'choice 1'],
      [...art, '', '', 'Cole', 'Mary Ann', '10D', 'F', null, 'P5', 'choice 1'],
      [...art, 'A123456789013', '4102', 'de la Cruz', 'Ben', '10A', 'M', 'N', 'P2', 'reserve 1'],
    ]);
    // Without a column choice: no attribute columns at all.
    expect(classListsTable(scenario, result)[0]).toEqual([...HEADER, 'Student ID', 'Chosen as']);
  });

  it('as CSV: hostile names neutralised, and read back they are the pupils of the result', () => {
    const csv = toCsv(classListsTable(scenario, result, { attributes }));
    expect(csv).not.toMatch(/(^|,)"?[=@+-]/m);
    expect(csv).toContain(",'@Evil,");
    const back = readCsvText(csv);
    expect(back.headers).toEqual([...HEADER, 'Gender', 'SEN', 'Student ID', 'Chosen as']);
    const pairs = back.rows.map((r) => `${r[0]} ${r[14]}`).sort();
    expect(pairs).toEqual(result.groups.flatMap((g) => g.students.map((s) => `${g.id} ${s}`)).sort());
    expect(back.rows.map((r) => restore(String(r[10])))).toContain('=HYPERLINK("x")');
  });

  it('as .xlsx: "All groups" then a sheet per group, each with the same columns and its pupils by surname', async () => {
    const sheets = classListSheets(scenario, result, { attributes: ['pp'] });
    expect(sheets.map((s) => s.name)).toEqual(['All groups', 'HIS-1', 'ART-1']);
    const book = (await readXlsxFile((await toXlsx(sheets)).slice().buffer as ArrayBuffer)) as unknown as { sheet: string; data: unknown[][] }[];
    expect(book.map((b) => b.sheet)).toEqual(['All groups', 'HIS-1', 'ART-1']);
    expect(book[0].data[0]).toEqual([...HEADER, 'PP', 'Student ID', 'Chosen as']);
    expect(book[0].data).toHaveLength(12);
    expect(book[1].data.slice(1).map((r) => r[13])).toEqual(['P4', 'P1', 'P6', 'P3', 'P2']);
    // Booleans stay booleans; a hostile cell is text with an apostrophe.
    expect(book[1].data[2][12]).toBe(true);
    expect(book[1].data[1][9]).toBe("'@Evil");
    for (const s of book) for (const row of s.data) for (const cell of row) if (typeof cell === 'string') expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
  });

  it('a pupil removed from the scenario never appears, in the CSV or the workbook', async () => {
    const now = { ...scenario, students: scenario.students.filter((s) => s.id !== 'P3') };
    for (const id of ['class-lists-csv', 'class-lists-xlsx']) {
      const f = await EXPORTS.find((e) => e.id === id)!.make(now, result, null, { classList: { attributes } });
      const cells =
        typeof f.data === 'string' || id.endsWith('csv')
          ? new TextDecoder().decode(f.data as Uint8Array)
          : JSON.stringify(await readXlsxFile((f.data as Uint8Array).slice().buffer as ArrayBuffer));
      expect(cells).toContain('P6');
      expect(cells).not.toContain('P3');
      expect(cells).not.toContain('amy');
    }
  });
});

describe('letters', () => {
  const settings = { school: 'Hillside Academy', date: formatLetterDate('2027-03-14'), contact: 'Mrs Patel, Head of Year 9' };

  it('dates in en-GB words', () => {
    expect(formatLetterDate('2027-03-14')).toBe('14 March 2027');
    expect(formatLetterDate(new Date(2026, 11, 5))).toBe('5 December 2026');
    expect(formatLetterDate('Spring term')).toBe('Spring term');
  });

  it('merge fields: names, reg group, courses with their blocks, reserves used, unmet choices with the reason', () => {
    const fields = letterFields(scenario, result, settings);
    expect(fields.map((f) => f.studentId)).toEqual(['P4', 'P1', 'P6', 'P3', 'P5', 'P2']);
    expect(fields.find((f) => f.studentId === 'P2')).toEqual({
      studentId: 'P2',
      school: 'Hillside Academy',
      date: '14 March 2027',
      contact: 'Mrs Patel, Head of Year 9',
      name: 'Ben de la Cruz',
      forename: 'Ben',
      surname: 'de la Cruz',
      preferredName: 'Ben',
      regGroup: '10A',
      upn: 'A123456789013',
      courses: 'History (block A)\nArt (block B)',
      reserves: 'Art',
      unmet: 'Geography: Geography runs only in block A, where History is taught.',
    });
    expect(fields.find((f) => f.studentId === 'P6')!.preferredName).toBe('Ad');
  });

  it('the template: fields filled, a paragraph whose fields are all empty left out, unknown fields reported', () => {
    const p2 = letterFields(scenario, result, settings).find((f) => f.studentId === 'P2')!;
    const p1 = letterFields(scenario, result, settings).find((f) => f.studentId === 'P1')!;
    const template = 'Dear {forename} {surname} ({regGroup}),\n\nYour courses:\n{courses}\n\nReserves: {reserves}\n\nNot met:\n{unmet}\n\n{school}, {date}. Ask {contact}.';
    expect(fillTemplate(template, p2)).toEqual([
      'Dear Ben de la Cruz (10A),',
      'Your courses:\nHistory (block A)\nArt (block B)',
      'Reserves: Art',
      'Not met:\nGeography: Geography runs only in block A, where History is taught.',
      'Hillside Academy, 14 March 2027. Ask Mrs Patel, Head of Year 9.',
    ]);
    expect(fillTemplate(template, p1)).toEqual(['Dear Zoë Ábrahám (10B),', 'Your courses:\nHistory (block A)\nArt (block B)', 'Hillside Academy, 14 March 2027. Ask Mrs Patel, Head of Year 9.']);
    // The standard text, and a blank template falls back to it.
    expect(fillTemplate('', p2)).toEqual(fillTemplate(DEFAULT_TEMPLATE, p2));
    expect(fillTemplate(DEFAULT_TEMPLATE, p2)[0]).toBe('Hillside Academy\n14 March 2027');
    expect(unknownFields('Dear {forname}, {courses} {Unmet}')).toEqual(['forname', 'Unmet']);
    expect(fillTemplate('Dear {forname}', p2)).toEqual(['Dear {forname}']);
  });

  it('the mail-merge CSV: a row per pupil by surname, a column per field, hostile names neutralised', () => {
    const table = mailMergeTable(scenario, result, settings);
    expect(table[0]).toEqual(['studentId', 'school', 'date', 'contact', 'name', 'forename', 'surname', 'preferredName', 'regGroup', 'upn', 'courses', 'reserves', 'unmet']);
    expect(table).toHaveLength(7);
    const csv = toCsv(table);
    expect(csv).toContain(`P4,Hillside Academy,14 March 2027,"Mrs Patel, Head of Year 9","'=HYPERLINK(""x"") @Evil","'=HYPERLINK(""x"")",'@Evil,`);
    const back = readCsvText(csv);
    const p2 = back.rows.find((r) => r[0] === 'P2')!;
    expect(p2.slice(10)).toEqual(['History (block A)\nArt (block B)', 'Art', 'Geography: Geography runs only in block A, where History is taught.']);
    expect(back.rows.map((r) => r[0])).toEqual(['P4', 'P1', 'P6', 'P3', 'P5', 'P2']);
  });

  it('the mail-merge export takes the settings, marks an out-of-date blocking and leaves a removed pupil out', async () => {
    const item = EXPORTS.find((e) => e.id === 'letters-csv')!;
    const now = { ...fixtureScenario, students: fixtureScenario.students.slice(1) };
    const f = await item.make(now, fixtureResult, ['1 student removed (S1)'], { letters: { school: 'Hillside Academy', date: '2027-03-14' } });
    expect(f.name).toBe('Export-test-OUT-OF-DATE-letters-mail-merge.csv');
    const text = new TextDecoder().decode(f.data as Uint8Array);
    expect(text).toMatch(/^"?OUT OF DATE/);
    expect(text).toContain('Hillside Academy,14 March 2027');
    expect(text).not.toContain('S1,');
    expect(text).not.toContain('Lovelace');
    // Without a school name, the scenario's name.
    const plain = new TextDecoder().decode((await item.make(fixtureScenario, fixtureResult, null)).data as Uint8Array);
    expect(plain.split('\r\n')[1]).toMatch(/^S2,Export test,\d+ \w+ \d{4},,'=cmd\|calc,/);
  });

  it('printed: one section a pupil by surname, the school, the date and the edited text; the heading set apart only when it is one', () => {
    const html = renderToStaticMarkup(createElement(Letters, { scenario, result, text: { school: 'Hillside Academy', date: '2027-03-14', contact: 'Mrs Patel' } }));
    expect([...html.matchAll(/data-student="(P\d)"/g)].map((m) => m[1])).toEqual(['P4', 'P1', 'P6', 'P3', 'P5', 'P2']);
    expect(html).toContain('<p class="ks4-letter-head">Hillside Academy\n14 March 2027</p>');
    expect(html).toContain('Geography: Geography runs only in block A, where History is taught.');
    expect(html).toContain('page-break-after: always');
    const own = renderToStaticMarkup(createElement(Letters, { scenario, result, studentIds: ['P2'], text: { template: 'To {name}, from {school}\n\n{courses}' } }));
    expect(own).toContain('<p>To Ben de la Cruz, from Hillside 2027</p><p>History (block A)\nArt (block B)</p>');
  });
});
