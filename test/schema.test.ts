/**
 * The document parsers of data/schema.ts and data/load.ts: valid documents survive a load and a save
 * byte for byte, and every kind of bad input is rejected with the exact JSON path, the value found
 * there and a hint. Also keeps the committed JSON Schema files in step with the zod schemas.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { jsonSchemaFiles } from '../data/json-schema';
import { readResultFile, readScenarioFile } from '../data/load';
import {
  MAX_ISSUES,
  crossCheckScenario,
  findJsonError,
  formatIssues,
  parseJsonText,
  parseResult,
  parseResultText,
  parseScenario,
  parseScenarioText,
  renderValue,
  type ValidationIssue,
} from '../data/schema';
import { closest, editDistance } from '../data/suggest';
import type { Result, Scenario, Unavailability } from '../solver/types';

/**
 * A small but complete scenario: every list, a double option, a one-year course, a partner site,
 * pathways with tag rules, pinned groups, and unknown fields at several depths (with key orders
 * that zod would not keep) that must come back untouched.
 */
function validScenario(): Scenario {
  return {
    format: 'ks4-scenario/1',
    name: 'Year 9 options 2027, offer B',
    xSchoolNote: { createdBy: 'test', revision: 3 },
    blocks: ['A', 'B', 'C', 'D'],
    years: [10, 11],
    periodsPerFortnight: 5,
    mode: 'build',
    limits: { maxGroups: 20, xBudgetNote: 'governors' },
    courses: [
      { id: 'GEO', name: 'Geography', kind: 'GCSE', maxGroupSize: 30, tags: ['humanity'], roomType: 'classroom' },
      { id: 'FRE', name: 'French', tags: ['language'], maxGroupSize: 25, minGroupSize: 8, blocks: ['A', 'B', 'C'] },
      { id: 'ART', name: 'Art', kind: 'Other', maxGroupSize: 20, rooms: ['R2'], xColour: '#f80' },
      { maxGroupSize: 28, id: 'HIS', name: 'History', tags: ['humanity'], minGroups: 1, maxGroups: 3, maxGroupsPerBlock: 2 },
      { id: 'ENG2', name: 'Engineering (double)', kind: 'BTEC', span: 2, maxGroupSize: 16 },
      { id: 'CS', name: 'Computer Science (accelerated)', years: [10], maxGroupSize: 24, department: 'Computing' },
      { id: 'CONS', name: 'Construction', kind: 'VCert', site: 'COLL', places: 12, maxGroupSize: 12 },
    ],
    staff: [
      { id: 'T01', name: 'Ms Shah', courses: ['GEO', 'HIS'], maxGroups: 4, unavailable: [{ block: 'D', year: 11, xReason: 'part-time' } as Unavailability] },
      { id: 'T02', courses: ['FRE'], xFte: 0.6 },
      { id: 'T03', courses: ['ART', 'ENG2', 'CS'] },
    ],
    rooms: [
      { id: 'R1', type: 'classroom', capacity: 30 },
      { id: 'R2', name: 'Art studio', type: 'studio', capacity: 22, unavailable: [{ block: 'A' }] },
    ],
    sites: [{ id: 'COLL', name: 'Riverside College', xDistanceKm: 4 }],
    pathways: [
      {
        id: 'EB',
        name: 'EBacc route',
        choices: 4,
        rules: [
          { min: 1, from: ['tag:language'] },
          { from: ['GEO', 'HIS'], min: 1, max: 2 },
          { notTogether: ['ENG2', 'CONS'] },
        ],
      },
    ],
    students: [
      { id: 'S0001', choices: ['GEO', 'FRE', 'ART', 'HIS'], reserves: ['CS'], pathway: 'EB', attributes: { pp: true, sen: 'K', prior: 'high', ks2: 104.5 } },
      { id: 'S0002', name: 'A. Student', choices: ['ENG2', 'HIS', 'CS'], reserves: ['ART'] },
      { id: 'S0003', choices: ['CONS', 'GEO', 'FRE'], xImportedFrom: 'MIS' },
    ],
    groups: [
      { id: 'ENG2-1', course: 'ENG2', blocks: ['C', 'D'], staff: ['T03'], students: ['S0002'] },
      { id: 'GEO-1', course: 'GEO', blocks: ['A'], years: [10, 11], room: 'R1', xLocked: true },
      { id: 'CS-1', course: 'CS', blocks: ['B'], years: [10], room: null },
    ],
  };
}

function validResult(): Result {
  return {
    format: 'ks4-result/1',
    scenario: 'Year 9 options 2027, offer B',
    groups: [
      { id: 'HIS-1', course: 'HIS', blocks: ['A'], years: [10, 11], staff: ['T01'], room: 'R1', students: ['S0001'], pinned: false },
      { id: 'FRE-2', course: 'FRE', blocks: ['B'], years: [10, 11], staff: [], room: null, students: ['S0001'], xEven: 1 },
    ],
    students: [
      { id: 'S0001', placed: { HIS: 'HIS-1', FRE: 'FRE-2' }, unmet: ['ART'], reserves: [], reasons: ['ART clashes with HIS in block A'] },
    ],
    summary: { students: 1, fullySatisfied: 0, choices: 3, choicesMet: 2, reservesUsed: 0, groups: 2, upperBound: 1, seconds: 0.4, seed: 1, xMoves: 9000 },
    diagnostics: ['ART has no group that fits S0001'],
    xSolverVersion: '0.1.0',
  };
}

/** Parse a scenario expected to fail and return its issues. */
function scenarioIssues(doc: unknown): ValidationIssue[] {
  const outcome = parseScenario(doc);
  if (outcome.ok) throw new Error('expected the scenario to be rejected');
  return outcome.errors;
}

/**
 * Asserts that exactly one issue sits at `path`, that it carries `value`, that its message names the
 * value and gives a hint, and returns it for further checks.
 */
function expectIssue(issues: ValidationIssue[], path: string, value: unknown): ValidationIssue {
  const at = issues.filter((i) => i.path === path);
  expect(at, `issues at ${path}; all issues:\n${formatIssues(issues)}`).toHaveLength(1);
  const issue = at[0];
  expect(issue.value).toEqual(value);
  const named = typeof value === 'string' ? value : renderValue(value);
  if (value !== undefined) expect(issue.message).toContain(named);
  expect(issue.message).toMatch(/Maybe .*\?/);
  expect(formatIssues([issue])).toContain(`${path}: `);
  return issue;
}

/** Apply `edit` to a fresh valid scenario and return the issues it causes. */
function rejectEdited(edit: (s: Scenario) => void): ValidationIssue[] {
  const s = validScenario();
  edit(s);
  return scenarioIssues(s);
}

describe('numbers JSON cannot hold', () => {
  test('a number written too large to read (1e400 reads as Infinity) is named as written, not as null', () => {
    const doc = parseJsonText(JSON.stringify(validScenario()).replace(/"maxGroupSize":\s*\d+/, '"maxGroupSize": 1e400'));
    if (!doc.ok) throw new Error(formatIssues(doc.errors));
    const issues = scenarioIssues(doc.value);
    const issue = expectIssue(issues, 'courses[0].maxGroupSize', Infinity);
    expect(issue.message).toMatch(/written too large to be read as a number .*no larger than 9007199254740991/);
    expect(formatIssues([issue])).not.toContain('null');
  });
});

describe('valid documents', () => {
  test('a valid scenario is accepted and unknown fields survive parse -> JSON.stringify unchanged', () => {
    const text = JSON.stringify(validScenario(), null, 2);
    const outcome = parseScenario(JSON.parse(text));
    if (!outcome.ok) throw new Error(formatIssues(outcome.errors));
    expect(JSON.stringify(outcome.value, null, 2)).toBe(text);
    expect(outcome.value.xSchoolNote).toEqual({ createdBy: 'test', revision: 3 });
    expect(outcome.value.staff?.[0].unavailable?.[0]).toEqual({ block: 'D', year: 11, xReason: 'part-time' });
  });

  test('no defaults are filled in: optional fields stay absent', () => {
    const s = validScenario();
    delete s.years;
    delete s.mode;
    delete s.periodsPerFortnight;
    const text = JSON.stringify(s);
    const outcome = parseScenarioText(text);
    if (!outcome.ok) throw new Error(formatIssues(outcome.errors));
    expect(JSON.stringify(outcome.value)).toBe(text);
    expect('years' in outcome.value).toBe(false);
    expect('kind' in outcome.value.courses[1]).toBe(false);
  });

  test('a minimal scenario with only the required fields is accepted', () => {
    const outcome = parseScenario({
      format: 'ks4-scenario/1',
      name: 'minimal',
      blocks: ['A'],
      courses: [{ id: 'GEO', name: 'Geography', maxGroupSize: 30 }],
      students: [{ id: 'S1', choices: ['GEO'] }],
    });
    expect(outcome.ok).toBe(true);
  });

  test('a result round trip gives back the same text', () => {
    const text = JSON.stringify(validResult(), null, 2);
    const outcome = parseResultText(text);
    if (!outcome.ok) throw new Error(formatIssues(outcome.errors));
    expect(JSON.stringify(outcome.value, null, 2)).toBe(text);
  });

  test('a UTF-8 byte-order mark is skipped', () => {
    const outcome = parseScenarioText(`\uFEFF${JSON.stringify(validScenario())}`);
    expect(outcome.ok).toBe(true);
  });
});

describe('format and document', () => {
  test('a result given as a scenario says so', () => {
    const issues = scenarioIssues(validResult());
    expect(issues).toHaveLength(1);
    const issue = expectIssue(issues, 'format', 'ks4-result/1');
    expect(issue.message).toContain('Maybe this is a ks4-result/1 document?');
  });

  test('a scenario given as a result says so', () => {
    const outcome = parseResult(validScenario());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toHaveLength(1);
    expect(expectIssue(outcome.errors, 'format', 'ks4-scenario/1').message).toContain('Maybe this is a ks4-scenario/1 document?');
  });

  test('a misspelt or missing format is named', () => {
    const misspelt = expectIssue(rejectEdited((s) => ((s as { format: string }).format = 'ks4-scenario/2')), 'format', 'ks4-scenario/2');
    expect(misspelt.message).toContain('Maybe ks4-scenario/1?');
    const missing = rejectEdited((s) => delete (s as Partial<Scenario>).format);
    expect(expectIssue(missing, 'format', undefined).message).toContain('"format": "ks4-scenario/1"');
  });

  test('a document that is not an object is rejected at (document)', () => {
    const issues = scenarioIssues([1, 2]);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('(document)');
    expect(issues[0].message).toContain('a list');
  });

  test('a JSON syntax error gives line and column', () => {
    const text = '{\n  "format": "ks4-scenario/1",\n  "name": "x",\n}\n';
    const outcome = parseScenarioText(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0].path).toBe('(document)');
    expect(outcome.errors[0].message).toBe(
      'The file is not valid JSON: a comma is left over before "}" at line 3, column 14 near `"name": "x",`. Maybe remove that comma (JSON allows none after the last item)?',
    );
  });

  test('the JSON scanner agrees with JSON.parse on valid, mutated and random text', () => {
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    // Valid JSON with one character deleted, inserted or replaced: the typical hand-editing slips.
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '"', '}', ']', '{', '[', ':', "'", ' ', 'x', '1', '\\', '\n'), fc.boolean())
      .map(([json, at, ch, replace]) => {
        const k = json.length === 0 ? 0 : at % json.length;
        return json.slice(0, k) + ch + json.slice(replace ? k + 1 : k);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        const found = findJsonError(text);
        expect(found === undefined).toBe(parses(text));
        if (found) expect(found.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000, seed: 20270 },
    );
  });

  test('the scanner handles a long list without overflowing the stack', () => {
    const text = `[${Array.from({ length: 200_000 }, (_, i) => `{"id": "S${i}"}`).join(',\n')},\n]`;
    expect(findJsonError(text)).toEqual({ offset: text.length - 3, reason: 'a comma is left over before "]"' });
  });

  test('an empty or truncated file is explained', () => {
    const empty = parseResultText('  \n');
    expect(!empty.ok && empty.errors[0].message).toContain('empty');
    const truncated = parseScenarioText('{"format": "ks4-scenario/1", "blocks": ["A"');
    expect(!truncated.ok && truncated.errors[0].message).toMatch(/not valid JSON.*line 1/);
  });
});

describe('shape', () => {
  test('maxGroupSize 0 renders as the documented one-liner', () => {
    const issues = rejectEdited((s) => (s.courses[3].maxGroupSize = 0));
    expectIssue(issues, 'courses[3].maxGroupSize', 0);
    expect(formatIssues(issues)).toBe('courses[3].maxGroupSize: 0 — Course HIS has maxGroupSize 0. Maybe it should be at least 1?');
  });

  test('a negative size is rejected', () => {
    expectIssue(rejectEdited((s) => (s.courses[1].minGroupSize = -2)), 'courses[1].minGroupSize', -2);
    expectIssue(rejectEdited((s) => (s.rooms![0].capacity = -1)), 'rooms[0].capacity', -1);
    expectIssue(rejectEdited((s) => (s.courses[6].places = -5)), 'courses[6].places', -5);
  });

  test('a non-integer size is rejected with a rounded suggestion', () => {
    const issue = expectIssue(rejectEdited((s) => (s.courses[0].maxGroupSize = 25.5)), 'courses[0].maxGroupSize', 25.5);
    expect(issue.message).toContain('whole number');
    expect(issue.message).toContain('Maybe 26?');
    expectIssue(rejectEdited((s) => (s.staff![0].maxGroups = 2.5)), 'staff[0].maxGroups', 2.5);
  });

  test('span other than 1 or 2 is rejected', () => {
    const issue = expectIssue(rejectEdited((s) => ((s.courses[4] as { span: number }).span = 3)), 'courses[4].span', 3);
    expect(issue.message).toContain('Course ENG2');
  });

  test('an unknown kind gets a near-miss suggestion', () => {
    const issue = expectIssue(rejectEdited((s) => ((s.courses[4] as { kind: string }).kind = 'Btec')), 'courses[4].kind', 'Btec');
    expect(issue.message).toContain('Maybe BTEC?');
    const mode = expectIssue(rejectEdited((s) => ((s as { mode: string }).mode = 'fitt')), 'mode', 'fitt');
    expect(mode.message).toContain('Maybe fit?');
  });

  test('a missing required field is named with what to add', () => {
    const issue = expectIssue(
      rejectEdited((s) => delete (s.courses[2] as Partial<Scenario['courses'][number]>).maxGroupSize),
      'courses[2].maxGroupSize',
      undefined,
    );
    expect(issue.message).toBe('Course ART has no maxGroupSize. Maybe add "maxGroupSize" (a number)?');
  });

  test('a number written as a string is caught with a hint', () => {
    const issue = expectIssue(rejectEdited((s) => ((s.courses[0] as { maxGroupSize: unknown }).maxGroupSize = '30')), 'courses[0].maxGroupSize', '30');
    expect(issue.message).toContain('Maybe write it without quotes: 30?');
  });

  test('a school year outside 7..14 is rejected', () => {
    const calendar = expectIssue(rejectEdited((s) => (s.years = [2027, 2028])), 'years[0]', 2027);
    expect(calendar.message).toContain('calendar');
    expectIssue(rejectEdited((s) => (s.years = [0, 11])), 'years[0]', 0);
    expectIssue(rejectEdited((s) => (s.years = [10, 10.5])), 'years[1]', 10.5);
  });

  test('a pathway rule that is neither form is explained at the rule', () => {
    const issues = rejectEdited((s) => (s.pathways![0].rules[1] = { pick: ['GEO'] } as never));
    const issue = expectIssue(issues, 'pathways[0].rules[1]', { pick: ['GEO'] });
    expect(issue.message).toContain('Rule 2 of pathway EB');
    const wrongFrom = rejectEdited((s) => (s.pathways![0].rules[1] = { min: 1, from: 'GEO' } as never));
    expect(expectIssue(wrongFrom, 'pathways[0].rules[1].from', 'GEO').message).toContain('Maybe write it as a list: ["GEO"]?');
  });

  test('a bad attribute value is rejected at its key', () => {
    const issues = rejectEdited((s) => ((s.students[0].attributes as Record<string, unknown>).sen = ['K']));
    expectIssue(issues, 'students[0].attributes.sen', ['K']);
  });
});

describe('cross-references', () => {
  test.each([
    ['courses', 'courses[1].id', (s: Scenario) => (s.courses[1].id = 'GEO'), 'GEO'],
    ['staff', 'staff[1].id', (s: Scenario) => (s.staff![1].id = 'T01'), 'T01'],
    ['rooms', 'rooms[1].id', (s: Scenario) => (s.rooms![1].id = 'R1'), 'R1'],
    ['sites', 'sites[1].id', (s: Scenario) => s.sites!.push({ id: 'COLL', name: 'Again' }), 'COLL'],
    ['pathways', 'pathways[1].id', (s: Scenario) => s.pathways!.push({ id: 'EB', name: 'Copy', rules: [] }), 'EB'],
    ['students', 'students[2].id', (s: Scenario) => (s.students[2].id = 'S0001'), 'S0001'],
    ['groups', 'groups[2].id', (s: Scenario) => (s.groups![2].id = 'GEO-1'), 'GEO-1'],
    ['blocks', 'blocks[3]', (s: Scenario) => (s.blocks[3] = 'A'), 'A'],
  ])('duplicate id in %s', (_list, path, edit, value) => {
    const issues = rejectEdited(edit).filter((i) => /twice/.test(i.message));
    expect(issues.map((i) => i.path)).toEqual([path]);
    expectIssue(issues, path, value);
  });

  test('an unknown course in choices names the closest course', () => {
    const issue = expectIssue(rejectEdited((s) => (s.students[0].choices[0] = 'GOE')), 'students[0].choices[0]', 'GOE');
    expect(issue.message).toContain('Student S0001');
    expect(issue.message).toContain('Maybe you meant GEO?');
  });

  test('an unknown course in reserves, staff courses, groups and pathway rules', () => {
    expectIssue(rejectEdited((s) => (s.students[1].reserves = ['ARTT'])), 'students[1].reserves[0]', 'ARTT');
    expectIssue(rejectEdited((s) => (s.staff![1].courses = ['FRENCH'])), 'staff[1].courses[0]', 'FRENCH');
    expect(
      expectIssue(rejectEdited((s) => (s.groups![1].course = 'geo')), 'groups[1].course', 'geo').message,
    ).toContain('Maybe you meant GEO?');
    expectIssue(rejectEdited((s) => ((s.pathways![0].rules[1] as { from: string[] }).from[1] = 'HIST')), 'pathways[0].rules[1].from[1]', 'HIST');
    expectIssue(rejectEdited((s) => ((s.pathways![0].rules[2] as { notTogether: string[] }).notTogether[0] = 'ENG')), 'pathways[0].rules[2].notTogether[0]', 'ENG');
  });

  test('tags are allowed in rule from, but not an empty one', () => {
    expect(parseScenario(validScenario()).ok).toBe(true);
    expectIssue(rejectEdited((s) => ((s.pathways![0].rules[0] as { from: string[] }).from = ['tag:'])), 'pathways[0].rules[0].from[0]', 'tag:');
  });

  test('an unknown block in course.blocks, group.blocks and unavailable cells', () => {
    expect(expectIssue(rejectEdited((s) => (s.courses[1].blocks = ['A', 'E'])), 'courses[1].blocks[1]', 'E').message).toContain('Course FRE');
    expectIssue(rejectEdited((s) => (s.groups![1].blocks = ['Z'])), 'groups[1].blocks[0]', 'Z');
    expectIssue(rejectEdited((s) => (s.staff![0].unavailable![0].block = 'b')), 'staff[0].unavailable[0].block', 'b');
    expectIssue(rejectEdited((s) => (s.rooms![1].unavailable![0].block = 'Q')), 'rooms[1].unavailable[0].block', 'Q');
  });

  test('an unknown room in course.rooms and group.room', () => {
    expect(expectIssue(rejectEdited((s) => (s.courses[2].rooms = ['R3'])), 'courses[2].rooms[0]', 'R3').message).toMatch(/Maybe you meant R[12]\?/);
    expectIssue(rejectEdited((s) => (s.groups![1].room = 'LAB')), 'groups[1].room', 'LAB');
  });

  test('an unknown staff member in group.staff', () => {
    expect(expectIssue(rejectEdited((s) => (s.groups![0].staff = ['T3'])), 'groups[0].staff[0]', 'T3').message).toContain('Maybe you meant T03?');
  });

  test('an unknown site; "home" is always allowed', () => {
    expect(expectIssue(rejectEdited((s) => (s.courses[6].site = 'COL')), 'courses[6].site', 'COL').message).toContain('Maybe you meant COLL?');
    const s = validScenario();
    s.courses[6].site = 'home';
    expect(parseScenario(s).ok).toBe(true);
  });

  test('an unknown pathway on a student', () => {
    expect(expectIssue(rejectEdited((s) => (s.students[0].pathway = 'EBB')), 'students[0].pathway', 'EBB').message).toContain('Maybe you meant EB?');
  });

  test('an unknown student in group.students', () => {
    expect(expectIssue(rejectEdited((s) => (s.groups![0].students = ['S002'])), 'groups[0].students[0]', 'S002').message).toContain('Maybe you meant S0002?');
  });

  test('a student choosing a course twice, or as both choice and reserve', () => {
    const twice = expectIssue(rejectEdited((s) => (s.students[0].choices[3] = 'GEO')), 'students[0].choices[3]', 'GEO');
    expect(twice.message).toContain('students[0].choices[0]');
    const both = expectIssue(rejectEdited((s) => (s.students[0].reserves = ['FRE'])), 'students[0].reserves[0]', 'FRE');
    expect(both.message).toContain('both as a choice and as a reserve');
  });

  test('minGroupSize above maxGroupSize and minGroups above maxGroups', () => {
    expectIssue(rejectEdited((s) => (s.courses[1].minGroupSize = 26)), 'courses[1].minGroupSize', 26);
    expectIssue(rejectEdited((s) => (s.courses[3].minGroups = 4)), 'courses[3].minGroups', 4);
  });

  test("a group whose block count differs from its course's span", () => {
    const issue = expectIssue(rejectEdited((s) => (s.groups![0].blocks = ['C'])), 'groups[0].blocks', ['C']);
    expect(issue.message).toContain('span 2');
    expectIssue(rejectEdited((s) => (s.groups![1].blocks = ['A', 'B'])), 'groups[1].blocks', ['A', 'B']);
  });

  test("course years outside the scenario's years", () => {
    const issue = expectIssue(rejectEdited((s) => (s.courses[5].years = [12])), 'courses[5].years[0]', 12);
    expect(issue.message).toContain("scenario's years (10, 11)");
  });

  test('a pinned student who did not choose the course', () => {
    const issue = expectIssue(rejectEdited((s) => s.groups![0].students!.push('S0003')), 'groups[0].students[1]', 'S0003');
    expect(issue.message).toContain('ENG2');
  });

  test("a pinned group's teacher must teach its course and its room must suit it", () => {
    expect(expectIssue(rejectEdited((s) => (s.groups![0].staff = ['T02'])), 'groups[0].staff[0]', 'T02').message).toContain('not listed to teach course ENG2');
    expect(expectIssue(rejectEdited((s) => (s.groups![1].room = 'R2')), 'groups[1].room', 'R2').message).toContain('a room of type classroom');
  });

  test('a 5,000-student scenario parses quickly', () => {
    const s = validScenario();
    const courses = s.courses.filter((c) => c.id !== 'ENG2').map((c) => c.id);
    s.students = Array.from({ length: 5000 }, (_, i) => ({
      id: `S${String(i).padStart(5, '0')}`,
      choices: [0, 1, 2, 3].map((k) => courses[(i + k) % courses.length]),
      reserves: [courses[(i + 4) % courses.length]],
      attributes: { pp: i % 3 === 0 },
    }));
    s.groups = [];
    const started = performance.now();
    const outcome = parseScenario(JSON.parse(JSON.stringify(s)));
    const ms = performance.now() - started;
    if (!outcome.ok) throw new Error(formatIssues(outcome.errors));
    expect(ms).toBeLessThan(2000);
  });

  test('crossCheckScenario reports nothing for a valid scenario', () => {
    expect(crossCheckScenario(validScenario())).toEqual([]);
  });

  test('issues are capped with a final count of the rest', () => {
    const s = validScenario();
    s.students = Array.from({ length: 5000 }, (_, i) => ({ id: `S${i}`, choices: ['GOE'] }));
    s.groups = [];
    const issues = scenarioIssues(s);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[0].path).toBe('students[0].choices[0]');
    expect(issues[MAX_ISSUES].path).toBe('(document)');
    expect(issues[MAX_ISSUES].message).toContain(`and ${5000 - MAX_ISSUES} more`);
    expect(formatIssues(issues).split('\n')).toHaveLength(MAX_ISSUES + 1);
  });
});

describe('result', () => {
  test('duplicate group ids are rejected', () => {
    const r = validResult();
    r.groups[1].id = 'HIS-1';
    const outcome = parseResult(r);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expectIssue(outcome.errors, 'groups[1].id', 'HIS-1');
  });

  test("a student's placed group must exist and be of that course", () => {
    const missing = validResult();
    missing.students[0].placed.FRE = 'FRE-3';
    const a = parseResult(missing);
    if (a.ok) throw new Error('expected rejection');
    expect(expectIssue(a.errors, 'students[0].placed.FRE', 'FRE-3').message).toContain('Maybe you meant FRE-2?');

    const wrongCourse = validResult();
    wrongCourse.students[0].placed.FRE = 'HIS-1';
    const b = parseResult(wrongCourse);
    if (b.ok) throw new Error('expected rejection');
    expect(expectIssue(b.errors, 'students[0].placed.FRE', 'HIS-1').message).toContain('group of HIS');
  });

  test('summary counts must be whole and not negative; room may be null but not missing', () => {
    const r = validResult();
    r.summary.fullySatisfied = -1;
    delete (r.groups[0] as Partial<Result['groups'][number]>).room;
    const outcome = parseResult(r);
    if (outcome.ok) throw new Error('expected rejection');
    expectIssue(outcome.errors, 'summary.fullySatisfied', -1);
    expectIssue(outcome.errors, 'groups[0].room', undefined);
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file is an issue naming the path', () => {
    const path = join(dir, 'nope.json');
    const outcome = readScenarioFile(path);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0].value).toBe(path);
    expect(outcome.errors[0].message).toContain(path);
    expect(outcome.errors[0].message).toContain('does not exist');
    const folder = readResultFile(dir);
    expect(!folder.ok && folder.errors[0].message).toContain('is a folder');
  });

  test('files are read, and a syntax error names the file', () => {
    const good = join(dir, 'scenario.json');
    writeFileSync(good, JSON.stringify(validScenario(), null, 2));
    expect(readScenarioFile(good).ok).toBe(true);
    const resultFile = join(dir, 'result.json');
    writeFileSync(resultFile, JSON.stringify(validResult()));
    expect(readResultFile(resultFile).ok).toBe(true);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "ks4-result/1",, }');
    const outcome = readResultFile(bad);
    expect(!outcome.ok && outcome.errors[0].message).toContain(`File ${bad} is not valid JSON`);
    expect(!outcome.ok && outcome.errors[0].message).toContain('line 1, column 27');
  });
});

describe('JSON Schema files', () => {
  test('the committed JSON Schema files match the zod schemas (run `npm run schema` if this fails)', () => {
    const root = resolve(import.meta.dirname, '..');
    for (const [file, text] of Object.entries(jsonSchemaFiles())) {
      expect(readFileSync(resolve(root, file), 'utf8'), `${file} is stale: run npm run schema`).toBe(text);
    }
  });

  test('the JSON Schema describes the required fields and ranges', () => {
    const scenario = JSON.parse(jsonSchemaFiles()['data/scenario.schema.json']);
    expect(scenario.required).toEqual(expect.arrayContaining(['format', 'name', 'blocks', 'courses', 'students']));
    const course = scenario.properties.courses.items;
    expect(course.properties.maxGroupSize).toMatchObject({ type: 'integer', minimum: 1 });
    expect(course.properties.span.enum).toEqual([1, 2]);
  });
});

describe('suggestions', () => {
  test('edit distance counts a transposition as one edit', () => {
    expect(editDistance('GOE', 'GEO')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  test('closest prefers a case-insensitive match and refuses far-off words', () => {
    expect(closest('Btec', ['GCSE', 'BTEC', 'Other'])).toBe('BTEC');
    expect(closest('GOE', ['HIS', 'GEO'])).toBe('GEO');
    expect(closest('MUS', ['GEO', 'HIS'])).toBeUndefined();
    expect(closest('CambridgeNat', ['CambridgeNational', 'GCSE'])).toBeUndefined();
    expect(closest('CambrigeNational', ['CambridgeNational', 'GCSE'])).toBe('CambridgeNational');
  });
});

describe('top-level choice rules (for every student), with eligibility', () => {
  const withRules = (rules: unknown[]) => (s: Scenario) => {
    (s as Record<string, unknown>).rules = rules;
  };

  test('count, notTogether and eligibility rules are accepted and kept as written', () => {
    const s = validScenario();
    withRules([
      { eligible: { attribute: 'prior', in: ['high', 'middle'] }, courses: ['CS', 'tag:language'], message: 'Ask your tutor' },
      { eligible: { attribute: 'ks2', min: 100, max: 120 }, courses: ['HIS'] },
      { notTogether: ['ART', 'ENG2'] },
      { max: 1, from: ['tag:humanity'] },
    ])(s);
    const text = JSON.stringify(s);
    const parsed = parseScenarioText(text);
    expect(parsed.ok, parsed.ok ? '' : formatIssues(parsed.errors)).toBe(true);
    if (parsed.ok) expect(JSON.stringify(parsed.value)).toBe(text);
  });

  test('an unknown course in an eligibility rule is named at its path with the nearest id', () => {
    const issues = rejectEdited(withRules([{ eligible: { attribute: 'prior', in: ['high'] }, courses: ['HIST'] }]));
    const issue = expectIssue(issues, 'rules[0].courses[0]', 'HIST');
    expect(issue.message).toContain('Rule 1 of the rules for every student');
    expect(issue.message).toContain('Maybe you meant HIS?');
  });

  test('an eligibility rule without a condition, or with min above max, gets a hint', () => {
    expect(expectIssue(rejectEdited(withRules([{ eligible: { attribute: 'prior' }, courses: ['HIS'] }])), 'rules[0].eligible', { attribute: 'prior' }).message).toContain(
      'sets no condition',
    );
    expectIssue(rejectEdited(withRules([{ eligible: { attribute: 'ks2', min: 110, max: 90 }, courses: ['HIS'] }])), 'rules[0].eligible.min', 110);
  });

  test('a malformed eligibility rule is explained at the field that is wrong', () => {
    const issues = rejectEdited(withRules([{ eligible: { attribute: 'prior', in: 'high' }, courses: ['HIS'] }]));
    expectIssue(issues, 'rules[0].eligible.in', 'high');
    const noAttr = rejectEdited(withRules([{ eligible: { in: ['high'] }, courses: ['HIS'] }]));
    expect(expectIssue(noAttr, 'rules[0].eligible.attribute', undefined).message).toContain('Rule 1 of the rules for every student has no eligible.attribute');
  });

  test('a rule of no known form names all three forms; a list that is not a list is rejected', () => {
    const issue = expectIssue(rejectEdited(withRules([{ pick: ['GEO'] }])), 'rules[0]', { pick: ['GEO'] });
    expect(issue.message).toContain('"eligible"');
    const notList = rejectEdited((s) => ((s as Record<string, unknown>).rules = { min: 1, from: ['GEO'] }));
    expect(notList.some((i) => i.path === 'rules')).toBe(true);
  });

  test('pathway rules still accept only the two docs/format.md forms', () => {
    const issues = rejectEdited((s) => (s.pathways![0].rules[0] = { eligible: { attribute: 'prior', in: ['high'] }, courses: ['CS'] } as never));
    expect(issues.some((i) => i.path.startsWith('pathways[0].rules[0]'))).toBe(true);
  });
});
