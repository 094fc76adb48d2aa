/**
 * The staff page's own reckoning (web/staff/round-figures.ts): combinations that do not fit grouped with a
 * count and their reasons, demand against places in words, the not-submitted list filtered and sorted,
 * durations and deadlines in words, the datetime-local round trip, and the CSV file name and record count.
 * What the page shows in a browser against a real server is test/browser/server-staff.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import type { PupilProblemWire } from '../data/options-round';
import {
  clockTime,
  courseNamer,
  csvFileName,
  csvRecordCount,
  demandRows,
  durationWords,
  fromLocalInput,
  groupByCombination,
  localWhen,
  notSubmittedView,
  submittedPercent,
  timeLeftWords,
  toLocalInput,
} from '../web/staff/round-figures';

const names: Record<string, string> = { HIS: 'History', GEO: 'Geography', ART: 'Art', MUS: 'Music', FRE: 'French' };
const name = (id: string) => names[id] ?? id;
const clashHG = 'History and Geography are both only in block A.';

const pupil = (admissionNumber: string, choices: string[], reasons: string[], who = `Pupil ${admissionNumber}`): PupilProblemWire => ({ admissionNumber, name: who, choices, reasons });

describe('groupByCombination', () => {
  it('groups pupils by the set of courses whatever their ranking, counts them, and puts the most wanted first', () => {
    const groups = groupByCombination(
      [
        pupil('A1', ['HIS', 'GEO'], [clashHG]),
        pupil('A2', ['ART', 'MUS', 'FRE'], ['Art, Music and French cannot all be placed.']),
        pupil('A3', ['GEO', 'HIS'], [clashHG]),
        pupil('A4', ['HIS', 'GEO'], [clashHG]),
      ],
      name,
    );
    expect(groups.map((g) => [g.label, g.count])).toEqual([
      ['Geography + History', 3],
      ['Art + French + Music', 1],
    ]);
    expect(groups[0].reasons).toEqual([clashHG]);
    expect(groups[0].pupils.map((p) => p.admissionNumber)).toEqual(['A1', 'A3', 'A4']);
    // Each pupil keeps their own ranking for the expanded list.
    expect(groups[0].pupils[1].choices).toEqual(['GEO', 'HIS']);
  });

  it('keeps each distinct reason once, in the order first seen, and breaks ties in count by label', () => {
    const groups = groupByCombination(
      [
        pupil('B1', ['MUS', 'ART'], ['r1']),
        pupil('B2', ['HIS', 'GEO'], [clashHG]),
        pupil('B3', ['ART', 'MUS'], ['r2', 'r1']),
      ],
      name,
    );
    expect(groups.map((g) => g.label)).toEqual(['Art + Music', 'Geography + History']);
    expect(groups[0].reasons).toEqual(['r1', 'r2']);
  });

  it('keeps one wording of a clash the previewer worded in each pupil\'s ranking, and keeps different clashes apart', () => {
    const groups = groupByCombination(
      [
        pupil('E1', ['HIS', 'GEO'], ['History (HIS) and Geography (GEO) both have places only in block A, so you cannot take both.']),
        pupil('E2', ['GEO', 'HIS'], ['Geography (GEO) and History (HIS) both have places only in block A, so you cannot take both.']),
        pupil('E3', ['ART', 'MUS', 'FRE'], ['Art, Music and French share block B.']),
        pupil('E4', ['FRE', 'MUS', 'ART'], ['French, Music and Art share block B.', 'Music has no free place left.']),
      ],
      name,
    );
    expect(groups.map((g) => g.reasons)).toEqual([
      ['Art, Music and French share block B.', 'Music has no free place left.'],
      ['History (HIS) and Geography (GEO) both have places only in block A, so you cannot take both.'],
    ]);
  });

  it('names a course the offer no longer has by its id, and an empty list gives no groups', () => {
    expect(groupByCombination([pupil('C1', ['HIS', 'OLD'], ['Course OLD is not in this offer.'])], name)[0].label).toBe('History + OLD');
    expect(groupByCombination([], name)).toEqual([]);
  });

  it('does not merge combinations whose ids only join to the same text', () => {
    const groups = groupByCombination([pupil('D1', ['A B', 'C'], ['x']), pupil('D2', ['A', 'B C'], ['x'])], (id) => id);
    expect(groups).toHaveLength(2);
  });
});

describe('courseNamer', () => {
  it('names courses from the demand list and falls back to the id', () => {
    const n = courseNamer([{ course: 'HIS', name: 'History', chosen: 0, reserve: 0, places: 10 }]);
    expect(n('HIS')).toBe('History');
    expect(n('XYZ')).toBe('XYZ');
  });
});

describe('demandRows', () => {
  it('says in words whether a course is over its places, full, has room or offers none (and how many chose one it does not offer)', () => {
    const rows = demandRows([
      { course: 'HIS', name: 'History', chosen: 13, reserve: 1, places: 10 },
      { course: 'GEO', name: 'Geography', chosen: 8, reserve: 0, places: 8 },
      { course: 'ART', name: 'Art', chosen: 2, reserve: 3, places: 5 },
      { course: 'MUS', name: 'Music', chosen: 1, reserve: 0, places: 0 },
      { course: 'FRE', name: 'French', chosen: 0, reserve: 0, places: 0 },
      { course: 'DRA', name: 'Drama', chosen: 11, reserve: 0, places: 10 },
    ]);
    expect(rows.map((r) => [r.course, r.over, r.fill, r.words])).toEqual([
      ['HIS', 3, 1, 'Over by 3 places'],
      ['GEO', 0, 1, 'Full'],
      ['ART', 0, 0.4, '3 places left'],
      ['MUS', 1, 1, 'No places offered; 1 pupil chose it'],
      ['FRE', 0, 0, 'No places offered'],
      ['DRA', 1, 1, 'Over by 1 place'],
    ]);
    expect(rows[0].reserve).toBe(1);
  });
});

describe('notSubmittedView', () => {
  const list = [
    { admissionNumber: 'A10', name: 'Zoë Adams' },
    { admissionNumber: 'A9', name: 'ali Khan' },
    { admissionNumber: 'A100', name: '<img src=x onerror=alert(1)>' },
  ];
  it('sorts by name ignoring case, or by admission number as numbers, either way', () => {
    expect(notSubmittedView(list, '', 'name', false).map((p) => p.admissionNumber)).toEqual(['A100', 'A9', 'A10']);
    expect(notSubmittedView(list, '', 'admissionNumber', false).map((p) => p.admissionNumber)).toEqual(['A9', 'A10', 'A100']);
    expect(notSubmittedView(list, '', 'admissionNumber', true).map((p) => p.admissionNumber)).toEqual(['A100', 'A10', 'A9']);
  });
  it('filters by name or admission number, ignoring case and accents, and leaves the input alone', () => {
    expect(notSubmittedView(list, 'zoe', 'name', false).map((p) => p.admissionNumber)).toEqual(['A10']);
    expect(notSubmittedView(list, ' a10 ', 'name', false).map((p) => p.admissionNumber)).toEqual(['A100', 'A10']);
    expect(notSubmittedView(list, 'onerror', 'name', false)).toHaveLength(1);
    expect(notSubmittedView(list, 'nobody', 'name', false)).toEqual([]);
    expect(list.map((p) => p.admissionNumber)).toEqual(['A10', 'A9', 'A100']);
  });
});

describe('times in words', () => {
  const MIN = 60_000;
  it('words a duration in its two largest units', () => {
    expect(durationWords(30_000)).toBe('less than a minute');
    expect(durationWords(MIN)).toBe('1 minute');
    expect(durationWords(12 * MIN + 59_000)).toBe('12 minutes');
    expect(durationWords(60 * MIN)).toBe('1 hour');
    expect(durationWords(3 * 60 * MIN + 12 * MIN)).toBe('3 hours 12 minutes');
    expect(durationWords(24 * 60 * MIN)).toBe('1 day');
    expect(durationWords(2 * 24 * 60 * MIN + 4 * 60 * MIN + 30 * MIN)).toBe('2 days 4 hours');
  });
  it('says how long is left, how long ago the deadline passed, or that the round is closed', () => {
    const deadline = '2027-02-14T17:00:00.000Z';
    const at = Date.parse(deadline);
    expect(timeLeftWords(deadline, 'open', at - (2 * 60 + 5) * MIN)).toBe('2 hours 5 minutes left');
    expect(timeLeftWords(deadline, 'open', at - 20_000)).toBe('less than a minute left');
    expect(timeLeftWords(deadline, 'open', at)).toBe('The deadline passed less than a minute ago: pupils can no longer change their choices.');
    expect(timeLeftWords(deadline, 'open', at + 5 * MIN)).toBe('The deadline passed 5 minutes ago: pupils can no longer change their choices.');
    expect(timeLeftWords(deadline, 'closed', at - 60 * MIN)).toBe('The round is closed: pupils can no longer change their choices.');
  });
  it('shows a deadline in the given zone with the zone named, and a clock time with seconds', () => {
    // ICU versions differ in the punctuation between the parts ("Sunday, 14 February 2027 at 17:00"): the parts are what matter.
    expect(localWhen('2027-02-14T17:00:00Z', 'Europe/London')).toMatch(/^Sunday,? 14 February 2027,? (at )?17:00 GMT$/);
    expect(localWhen('2027-06-14T17:00:00Z', 'Europe/London')).toMatch(/^Monday,? 14 June 2027,? (at )?18:00 BST$/);
    expect(localWhen('2027-06-14T17:00:00Z', 'Asia/Tokyo')).toMatch(/^Tuesday,? 15 June 2027,? (at )?02:00 GMT\+9$/);
    expect(clockTime(Date.parse('2027-06-14T16:42:10Z'), 'Europe/London')).toBe('17:42:10');
  });
  it('round-trips a deadline through the datetime-local input, to the minute', () => {
    for (const iso of ['2027-02-14T17:00:00.000Z', '2027-06-30T23:59:00.000Z', '2026-12-31T00:01:00.000Z']) {
      const shown = toLocalInput(iso);
      expect(shown).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
      expect(fromLocalInput(shown)).toEqual({ ok: true, iso });
    }
    expect(fromLocalInput('')).toEqual({ ok: false, message: 'Give the new deadline as a date and a time.' });
    expect(fromLocalInput('2027-02-30T25:00').ok).toBe(false);
  });
});

describe('the submissions file', () => {
  it('names the file after the round with only safe characters', () => {
    expect(csvFileName('Year 9 options 2027')).toBe('year-9-options-2027-submissions.csv');
    expect(csvFileName('../../etc/passwd')).toBe('etc-passwd-submissions.csv');
    expect(csvFileName('Élève <b>choix</b>')).toBe('eleve-b-choix-b-submissions.csv');
    expect(csvFileName('***')).toBe('options-round-submissions.csv');
  });
  it('counts CSV records, with line breaks inside quoted fields kept in their record', () => {
    expect(csvRecordCount('Timestamp,Adno,Name\r\n2027,A1,Sam\r\n2027,A2,"Two\nlines"\r\n')).toBe(3);
    expect(csvRecordCount('Timestamp,Adno,Name')).toBe(1);
    expect(csvRecordCount('')).toBe(0);
  });
});

describe('submittedPercent', () => {
  it('rounds down so 100% means every pupil, and an empty round is 0%', () => {
    expect(submittedPercent(199, 200)).toBe(99);
    expect(submittedPercent(200, 200)).toBe(100);
    expect(submittedPercent(0, 0)).toBe(0);
  });
});
