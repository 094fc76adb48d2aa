import { readSheet } from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { result, scenario } from './fixtures/io/solved';
import {
  blockingGridTable,
  classListSheets,
  classListTable,
  classListsTable,
  decodeText,
  letterData,
  placementsTable,
  readCsvText,
  resultJson,
  sheetName,
  toCsv,
  toCsvBytes,
  toXlsx,
} from '../data/io';
import { parseResultText } from '../data/schema';

describe('class lists', () => {
  it('list every group in block order with teacher and room, pupils by surname with how each chose it', () => {
    const rows = classListsTable(scenario, result);
    expect(rows[0]).toEqual(['Group', 'Course code', 'Course', 'Block(s)', 'Year(s)', 'Teacher', 'Room', 'UPN', 'Admission number', 'Surname', 'Forename', 'Reg group', 'Student ID', 'Chosen as']);
    // No UPN or admission number in the fixture: left blank, never made up. Names split "Forename Surname".
    expect(rows.slice(1)).toEqual([
      ['HIS-1', 'HIS', 'History', 'A', '10 11', 'Ms Jones', '', '', '', 'Diddley', 'Bo', '9A', 'S3', 'choice 1'],
      ['HIS-1', 'HIS', 'History', 'A', '10 11', 'Ms Jones', '', '', '', 'Lovelace', 'Ada', '9A', 'S1', 'choice 1'],
      ['ART-1', 'ART', 'Art and Design', 'B', '10 11', '', 'Art 1', '', '', '=cmd|calc', '', '9B', 'S2', 'choice 1'],
      ['ART-1', 'ART', 'Art and Design', 'B', '10 11', '', 'Art 1', '', '', 'Diddley', 'Bo', '9A', 'S3', 'choice 2'],
      // No name at all: blank names, last by surname.
      ['ART-1', 'ART', 'Art and Design', 'B', '10 11', '', 'Art 1', '', '', '', '', '', 'S4', 'choice 1'],
      ['FMA-1', 'FMA', 'Further Maths', 'B', '11', '', '', '', '', 'Lovelace', 'Ada', '9A', 'S1', 'choice 3'],
      ['STA-1', 'STA', 'Statistics', 'B', '10', '', '', '', '', '=cmd|calc', '', '9B', 'S2', 'reserve 1'],
      ['STA-1', 'STA', 'Statistics', 'B', '10', '', '', '', '', 'Lovelace', 'Ada', '9A', 'S1', 'choice 2'],
    ]);
    expect(classListTable(scenario, result, 'STA-1')).toHaveLength(3);
    expect(() => classListTable(scenario, result, 'GEO-1')).toThrow(/Group GEO-1 is not in the result \(its groups are HIS-1, ART-1/);
  });

  it('as CSV: the formula-looking name is neutralised and reads back as the same text', () => {
    const csv = toCsv(classListsTable(scenario, result));
    expect(csv).toContain(",'=cmd|calc,");
    expect(csv).not.toMatch(/(^|,)=/m);
    const back = readCsvText(csv);
    expect(back.rows[2][9]).toBe("'=cmd|calc");
    const bytes = toCsvBytes(classListsTable(scenario, result));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeText(bytes).text).toBe(csv);
  });

  it('as .xlsx: a sheet per group after "All groups", no cell starting a formula', async () => {
    const sheets = classListSheets(scenario, result);
    expect(sheets.map((s) => s.name)).toEqual(['All groups', 'HIS-1', 'ART-1', 'FMA-1', 'STA-1']);
    const bytes = await toXlsx(sheets);
    const all = await readSheet(bytes.slice().buffer as ArrayBuffer, 'All groups');
    expect(all).toHaveLength(9);
    expect(all[3][9]).toBe("'=cmd|calc");
    for (const row of all) for (const cell of row) if (typeof cell === 'string') expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
    const sta = await readSheet(bytes.slice().buffer as ArrayBuffer, 'STA-1');
    expect(sta.map((r) => r[12])).toEqual(['Student ID', 'S2', 'S1']);
  });

  it('sheet names are made valid and unique for Excel', () => {
    const taken = new Set<string>();
    expect(sheetName('A/B: [x]?', taken)).toBe('A-B- -x--');
    expect(sheetName('a-b- -x--', taken)).toBe('a-b- -x-- (2)');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
  });
});

describe('blocking grid and placements', () => {
  it('draws a column per block with each group, its size, years, teacher and room', () => {
    expect(blockingGridTable(scenario, result)).toEqual([
      ['Block A', 'Block B'],
      ['HIS-1 History 2/30, Ms Jones', 'ART-1 Art and Design 3/24, Art 1'],
      [null, 'FMA-1 Further Maths 1/28, Y11'],
      [null, 'STA-1 Statistics 2/28, Y10'],
      ['1 group', '3 groups'],
    ]);
  });

  it('shows each student by block, both years of a shared block, unmet choices and reserves', () => {
    const rows = placementsTable(scenario, result);
    expect(rows[0]).toEqual(['Student ID', 'Name', 'Tutor group', 'Block A', 'Block B', 'Unmet choices', 'Reserves used', 'All choices met']);
    expect(rows[1]).toEqual(['S1', 'Ada Lovelace', '9A', 'History (HIS-1)', 'Statistics (STA-1 Y10); Further Maths (FMA-1 Y11)', '', '', true]);
    expect(rows[2]).toEqual(['S2', '=cmd|calc', '9B', '', 'Art and Design (ART-1); Statistics (STA-1 Y10)', 'History', 'Statistics', false]);
    expect(rows[4]).toEqual(['S4', '', '', '', 'Art and Design (ART-1)', 'Statistics', '', false]);
  });
});

describe('letters and documents', () => {
  it('gives each student their courses in block order and unmet choices with reasons', () => {
    const letters = letterData(scenario, result);
    expect(letters).toHaveLength(4);
    expect(letters[1]).toEqual({
      studentId: 'S2',
      name: '=cmd|calc',
      tutorGroup: '9B',
      placed: [
        { course: 'ART', courseName: 'Art and Design', group: 'ART-1', blocks: 'B', years: '', teacher: '', chosenAs: 'choice 1' },
        { course: 'STA', courseName: 'Statistics', group: 'STA-1', blocks: 'B', years: 'Y10', teacher: '', chosenAs: 'reserve 1' },
      ],
      unmet: [{ courseName: 'History', reason: 'History runs only in block A, where Art is not taught.' }],
    });
    expect(letters[3].name).toBe('S4');
  });

  it('the result document exports as JSON that loads again', () => {
    const back = parseResultText(resultJson(result));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.value).toEqual(result);
  });
});
