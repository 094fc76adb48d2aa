/**
 * The independent checker against tiny hand-made scenarios: one valid result that must pass, and for
 * every rule of docs/format.md broken results that must be caught under the right rule number.
 *
 * The fixture (blocks A-D, years 10 and 11), described so each test's change is easy to follow:
 *   HIS-1  HIS  A     T1  R2    S1 S2 S3     pinned by the scenario with S1 fixed; HIS max 3, min 2
 *   GEO-1  GEO  B     T1  -     S1 S3 S4 S5 S6
 *   ART-1  ART  C     T2  R1    S1 S2 S6     ART needs an art room; R1 seats 3; S6 has ART as a reserve
 *   STA-1  STA  B y10 T3  -     S2           one-year Year 10 course ...
 *   CIT-1  CIT  B y11 T3  -     S2           ... and one-year Year 11 course in the same block: legal
 *   BTEC-1 BTEC C     -   -     S3 S5        taught at a partner college: no teacher, no room; 2 places
 *   DT-1   DT   A+D   T2  -     S4           a double option (span 2)
 * S5 misses STA (clashes with GEO in B, year 10); S6 misses HIS (HIS-1 is full) and gets reserve ART.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkResult, type CheckOutcome } from '../data/checker';
import { main } from '../cli/check';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw documents on purpose

function scenario(): Json {
  return {
    format: 'ks4-scenario/1',
    name: 'Checker fixture',
    blocks: ['A', 'B', 'C', 'D'],
    limits: { maxGroups: 6 },
    courses: [
      { id: 'HIS', name: 'History', maxGroupSize: 3, minGroupSize: 2, maxGroups: 2, maxGroupsPerBlock: 1, rooms: ['R2'] },
      { id: 'GEO', name: 'Geography', maxGroupSize: 5 },
      { id: 'ART', name: 'Art', maxGroupSize: 3, roomType: 'art', blocks: ['B', 'C'] },
      { id: 'STA', name: 'Statistics', years: [10], maxGroupSize: 4 },
      { id: 'CIT', name: 'Citizenship', years: [11], maxGroupSize: 4 },
      { id: 'BTEC', name: 'BTEC Engineering', kind: 'BTEC', site: 'college', places: 2, maxGroupSize: 10 },
      { id: 'DT', name: 'Design and technology', span: 2, maxGroupSize: 4 },
    ],
    sites: [{ id: 'college', name: 'Town College' }],
    staff: [
      { id: 'T1', courses: ['HIS', 'GEO'] },
      { id: 'T2', courses: ['ART', 'DT'] },
      { id: 'T3', courses: ['STA', 'CIT', 'GEO'], maxGroups: 1 },
    ],
    rooms: [
      { id: 'R1', type: 'art', capacity: 3 },
      { id: 'R2', type: 'classroom', capacity: 30 },
    ],
    students: [
      { id: 'S1', choices: ['HIS', 'GEO', 'ART'] },
      { id: 'S2', choices: ['HIS', 'ART', 'STA', 'CIT'] },
      { id: 'S3', choices: ['HIS', 'GEO', 'BTEC'], reserves: ['ART'] },
      { id: 'S4', choices: ['DT', 'GEO'], reserves: ['HIS'] },
      { id: 'S5', choices: ['GEO', 'BTEC', 'STA'], reserves: ['ART'] },
      { id: 'S6', choices: ['GEO', 'HIS'], reserves: ['ART'] },
    ],
    groups: [{ id: 'HIS-1', course: 'HIS', blocks: ['A'], students: ['S1'] }],
  };
}

function result(): Json {
  const g = (id: string, course: string, blocks: string[], years: number[], staff: string[], room: string | null, students: string[]) => ({
    id, course, blocks, years, staff, room, students,
  });
  return {
    format: 'ks4-result/1',
    scenario: 'Checker fixture',
    groups: [
      g('HIS-1', 'HIS', ['A'], [10, 11], ['T1'], 'R2', ['S1', 'S2', 'S3']),
      g('GEO-1', 'GEO', ['B'], [10, 11], ['T1'], null, ['S1', 'S3', 'S4', 'S5', 'S6']),
      g('ART-1', 'ART', ['C'], [10, 11], ['T2'], 'R1', ['S1', 'S2', 'S6']),
      g('STA-1', 'STA', ['B'], [10], ['T3'], null, ['S2']),
      g('CIT-1', 'CIT', ['B'], [11], ['T3'], null, ['S2']),
      g('BTEC-1', 'BTEC', ['C'], [10, 11], [], null, ['S3', 'S5']),
      g('DT-1', 'DT', ['A', 'D'], [10, 11], ['T2'], null, ['S4']),
    ],
    students: [
      { id: 'S1', placed: { HIS: 'HIS-1', GEO: 'GEO-1', ART: 'ART-1' }, unmet: [], reserves: [] },
      { id: 'S2', placed: { HIS: 'HIS-1', ART: 'ART-1', STA: 'STA-1', CIT: 'CIT-1' }, unmet: [], reserves: [] },
      { id: 'S3', placed: { HIS: 'HIS-1', GEO: 'GEO-1', BTEC: 'BTEC-1' }, unmet: [], reserves: [] },
      { id: 'S4', placed: { DT: 'DT-1', GEO: 'GEO-1' }, unmet: [], reserves: [] },
      { id: 'S5', placed: { GEO: 'GEO-1', BTEC: 'BTEC-1' }, unmet: ['STA'], reserves: [] },
      { id: 'S6', placed: { GEO: 'GEO-1', ART: 'ART-1' }, unmet: ['HIS'], reserves: ['ART'] },
    ],
    summary: { students: 6, fullySatisfied: 4, choices: 17, choicesMet: 15, reservesUsed: 1, groups: 7, upperBound: 5, seconds: 0.1, seed: 1 },
  };
}

function group(res: Json, id: string): Json {
  const g = res.groups.find((x: Json) => x.id === id);
  if (!g) throw new Error(`fixture has no group ${id}`);
  return g;
}

function course(sc: Json, id: string): Json {
  return sc.courses.find((x: Json) => x.id === id);
}

function student(res: Json, id: string): Json {
  return res.students.find((x: Json) => x.id === id);
}

/** Asserts a violation of `rule` whose message contains every fragment, and returns the outcome. */
function expectCaught(outcome: CheckOutcome, rule: number, ...fragments: string[]): CheckOutcome {
  expect(outcome.ok).toBe(false);
  const hit = outcome.violations.find((v) => v.rule === rule && fragments.every((f) => v.message.includes(f)));
  expect(hit, `no rule ${rule} violation containing ${JSON.stringify(fragments)} in:\n${outcome.violations.map((v) => v.message).join('\n')}`).toBeDefined();
  expect(hit!.message).toMatch(new RegExp(`\\(rule ${rule}\\)$`));
  return outcome;
}

function rules(outcome: CheckOutcome): number[] {
  return [...new Set(outcome.violations.map((v) => v.rule))].sort();
}

describe('a valid result', () => {
  it('passes with no violations and no warnings', () => {
    const outcome = checkResult(scenario(), result());
    expect(outcome.violations).toEqual([]);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings).toEqual([]);
    expect(outcome).toMatchObject({ groups: 7, students: 6 });
  });

  it('lets a Year-10-only and a Year-11-only group share a block for one student and one teacher', () => {
    // S2 is in STA-1 (B, year 10) and CIT-1 (B, year 11); T3 (maxGroups 1) teaches both, one per year.
    const res = result();
    expect(group(res, 'STA-1').blocks).toEqual(group(res, 'CIT-1').blocks);
    expect(checkResult(scenario(), res).ok).toBe(true);
  });

  it('fills in a missing group years field from the course (so STA-1 is Year 10 only)', () => {
    const res = result();
    delete group(res, 'STA-1').years;
    delete group(res, 'CIT-1').years;
    expect(checkResult(scenario(), res).violations).toEqual([]);
  });

  it('but two-year groups in one block clash for the same student', () => {
    const sc = scenario();
    delete course(sc, 'STA').years;
    delete course(sc, 'CIT').years;
    const res = result();
    delete group(res, 'STA-1').years;
    delete group(res, 'CIT-1').years;
    const outcome = checkResult(sc, res);
    expectCaught(outcome, 3, 'Student S2 is in STA-1 and CIT-1, which share block B in years 10, 11');
    expectCaught(outcome, 4, 'Teacher T3 teaches STA-1 and CIT-1');
  });

  it('accepts a pinned group below minGroupSize, and every group in fit mode', () => {
    const sc = scenario();
    course(sc, 'HIS').minGroupSize = 4; // HIS-1 holds 3 but is pinned
    expect(checkResult(sc, result()).violations).toEqual([]);

    const fit = scenario();
    fit.mode = 'fit';
    fit.groups = result().groups.map((g: Json) => ({ id: g.id, course: g.course, blocks: g.blocks, students: g.id === 'HIS-1' ? ['S1'] : [] }));
    course(fit, 'GEO').minGroupSize = 9; // GEO-1 holds 5 but fit mode pins every group
    expect(checkResult(fit, result()).violations).toEqual([]);
  });

  it('accepts documents without staff, rooms or limits, where no group names any', () => {
    const sc = scenario();
    delete sc.staff;
    sc.rooms = [];
    delete sc.limits;
    const res = result();
    for (const g of res.groups) {
      g.staff = [];
      g.room = null;
    }
    expect(checkResult(sc, res).violations).toEqual([]);
  });
});

describe('rule 0: documents that cannot be read', () => {
  it('reports a result that is not an object, or has the wrong format tag', () => {
    expectCaught(checkResult(scenario(), [1, 2]), 0, 'not a JSON object');
    const res = result();
    res.format = 'ks4-result/2';
    expectCaught(checkResult(scenario(), res), 0, 'ks4-result/2');
  });

  it('reports an unavailable cell whose year is not a number', () => {
    const sc = scenario();
    sc.staff[0].unavailable = [{ block: 'D', year: '10' }];
    expectCaught(checkResult(sc, result()), 0, 'scenario.staff[0].unavailable[0].year is "10", not a year number');
  });

  it('reports duplicate group ids', () => {
    const res = result();
    res.groups.push({ ...group(res, 'DT-1'), students: [] });
    expectCaught(checkResult(scenario(), res), 0, 'result.groups[7] repeats the id "DT-1"');
  });

  it('warns (without failing) when the result names another scenario', () => {
    const res = result();
    res.scenario = 'Another offer';
    const outcome = checkResult(scenario(), res);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings[0]).toContain('Another offer');
  });
});

describe('rule 1: groups, blocks, years and group counts', () => {
  it('catches a group of a course the scenario does not have', () => {
    const res = result();
    res.groups.push({ id: 'LAT-1', course: 'LAT', blocks: ['D'], years: [10, 11], staff: [], room: null, students: [] });
    res.summary.groups = 8;
    expectCaught(checkResult(scenario(), res), 1, 'Group LAT-1 names course "LAT"');
  });

  it('catches a double option that sits in one block only', () => {
    const res = result();
    group(res, 'DT-1').blocks = ['A'];
    expectCaught(checkResult(scenario(), res), 1, 'Group DT-1 sits in 1 distinct block (A) but DT spans 2 blocks');
    group(res, 'DT-1').blocks = ['A', 'A'];
    expectCaught(checkResult(scenario(), res), 1, 'Group DT-1 lists a block twice');
  });

  it('catches a block the course does not allow, and a block the scenario does not have', () => {
    const res = result();
    group(res, 'ART-1').blocks = ['D'];
    expectCaught(checkResult(scenario(), res), 1, 'Group ART-1 sits in block D, but ART may only use blocks B, C');
    group(res, 'ART-1').blocks = ['E'];
    expectCaught(checkResult(scenario(), res), 1, 'block E, which is not a block of the scenario (A, B, C, D)');
  });

  it('catches a group running in a year its course is not taught', () => {
    const res = result();
    group(res, 'STA-1').years = [10, 11];
    expectCaught(checkResult(scenario(), res), 1, 'Group STA-1 runs in year 11, but STA is taught in year 10');
  });

  it('catches too many groups, too many in one block, and too few', () => {
    const res = result();
    res.groups.push({ id: 'HIS-2', course: 'HIS', blocks: ['A'], years: [10, 11], staff: [], room: null, students: [] });
    expectCaught(checkResult(scenario(), res), 1, 'Course HIS has 2 groups in block A in year 10 (HIS-1, HIS-2) but allows 1 per block');
    res.groups.push({ id: 'HIS-3', course: 'HIS', blocks: ['D'], years: [10, 11], staff: [], room: null, students: [] });
    expectCaught(checkResult(scenario(), res), 1, 'Course HIS runs 3 groups but allows at most 2 (maxGroups)');

    const sc = scenario();
    course(sc, 'GEO').minGroups = 2;
    expectCaught(checkResult(sc, result()), 1, 'Course GEO runs 1 group but needs at least 2 (minGroups)');
  });

  it('counts maxGroupsPerBlock per year: a Year 10 and a Year 11 group may share a block', () => {
    // HIS (maxGroupsPerBlock 1) runs HIS-1 in A for Year 10 only and HIS-2 in A for Year 11 only.
    const sc = scenario();
    sc.limits.maxGroups = 7;
    const res = result();
    group(res, 'HIS-1').years = [10];
    res.groups.push({ id: 'HIS-2', course: 'HIS', blocks: ['A'], years: [11], staff: ['T1'], room: 'R2', students: [] });
    res.summary.groups = 8;
    expect(checkResult(sc, res).violations).toEqual([]);
    group(res, 'HIS-2').years = [10, 11];
    expectCaught(checkResult(sc, res), 1, 'Course HIS has 2 groups in block A in year 10');
  });

  it('catches a pinned group moved, or missing', () => {
    const res = result();
    group(res, 'HIS-1').blocks = ['D'];
    expectCaught(checkResult(scenario(), res), 1, 'Pinned group HIS-1 sits in blocks A in the scenario but D in the result');
    res.groups = res.groups.filter((g: Json) => g.id !== 'HIS-1');
    expectCaught(checkResult(scenario(), res), 1, 'Group HIS-1 is fixed by the scenario (scenario.groups) but missing');
  });

  it('catches a group in fit mode that the scenario does not have', () => {
    const sc = scenario();
    sc.mode = 'fit';
    sc.groups = result()
      .groups.filter((g: Json) => g.id !== 'DT-1')
      .map((g: Json) => ({ id: g.id, course: g.course, blocks: g.blocks }));
    expectCaught(checkResult(sc, result()), 1, 'Group DT-1 is not one of the scenario\'s groups');
  });
});

describe('rule 2: group sizes', () => {
  it('catches a group over maxGroupSize, naming the numbers', () => {
    const sc = scenario();
    course(sc, 'GEO').maxGroupSize = 4;
    const outcome = checkResult(sc, result());
    expectCaught(outcome, 2, 'Group GEO-1 holds 5 students but GEO allows 4 (rule 2)');
    expect(rules(outcome)).toEqual([2]);
  });

  it('catches an unpinned group with students below minGroupSize, but not an empty one', () => {
    const sc = scenario();
    course(sc, 'GEO').minGroupSize = 6;
    expectCaught(checkResult(sc, result()), 2, 'Group GEO-1 holds 5 students but GEO needs at least 6');

    const sc2 = scenario();
    course(sc2, 'DT').minGroupSize = 2;
    const res = result();
    res.groups.push({ id: 'DT-2', course: 'DT', blocks: ['B', 'C'], years: [10, 11], staff: [], room: null, students: [] });
    res.summary.groups = 8;
    sc2.limits.maxGroups = 7;
    const outcome = checkResult(sc2, res);
    expectCaught(outcome, 2, 'Group DT-1 holds 1 student but DT needs at least 2');
    expect(outcome.violations.some((v) => v.rule === 2 && v.message.includes('DT-2'))).toBe(false);
  });
});

describe('rule 3: student placements', () => {
  it('catches a student in a course they neither chose nor hold as a reserve', () => {
    const res = result();
    group(res, 'DT-1').students.push('S1');
    student(res, 'S1').placed.DT = 'DT-1';
    expectCaught(checkResult(scenario(), res), 3, 'Student S1 is in DT-1 (DT) but neither chose DT nor holds it as a reserve');
  });

  it('catches a double option clashing in its second block (span 2)', () => {
    // GEO-1 moves to D, the second block of DT-1: only S4 takes both.
    const res = result();
    group(res, 'GEO-1').blocks = ['D'];
    const outcome = checkResult(scenario(), res);
    expectCaught(outcome, 3, 'Student S4 is in GEO-1 and DT-1, which share block D in years 10, 11');
    expect(outcome.violations).toHaveLength(1);
  });

  it('catches a student in two groups of one course', () => {
    const res = result();
    res.groups.push({ id: 'GEO-2', course: 'GEO', blocks: ['D'], years: [10, 11], staff: [], room: null, students: ['S1'] });
    expectCaught(checkResult(scenario(), res), 3, 'Student S1 is in 2 groups of GEO (GEO-1, GEO-2)');
  });

  it('catches groups and placed maps that disagree, both ways', () => {
    const res = result();
    group(res, 'ART-1').students = ['S1', 'S2']; // S6 still says ART-1
    expectCaught(checkResult(scenario(), res), 3, "Student S6's placed map puts ART in group ART-1, but ART-1 does not list S6");
    const res2 = result();
    delete student(res2, 'S4').placed.GEO;
    expectCaught(checkResult(scenario(), res2), 3, "Group GEO-1 lists student S4, but S4's placed map has no GEO");
    const res3 = result();
    student(res3, 'S4').placed.GEO = 'HIS-1';
    expectCaught(checkResult(scenario(), res3), 3, 'puts GEO in group HIS-1, which is a HIS group');
  });

  it('catches a missing, an unknown and a repeated student', () => {
    const res = result();
    res.students = res.students.filter((s: Json) => s.id !== 'S6');
    expectCaught(checkResult(scenario(), res), 3, 'Student S6 is missing from result.students');
    const res2 = result();
    group(res2, 'DT-1').students.push('S99');
    expectCaught(checkResult(scenario(), res2), 3, 'Group DT-1 lists student S99, who is not in the scenario');
    const res3 = result();
    group(res3, 'DT-1').students.push('S4');
    expectCaught(checkResult(scenario(), res3), 3, 'Group DT-1 lists student S4 more than once');
  });

  it('catches a student fixed in a pinned group being moved out', () => {
    const res = result();
    group(res, 'HIS-1').students = ['S2', 'S3', 'S6'];
    delete student(res, 'S1').placed.HIS;
    student(res, 'S6').placed.HIS = 'HIS-1';
    expectCaught(checkResult(scenario(), res), 3, 'Student S1 is fixed in group HIS-1 by the scenario');
  });
});

describe('rule 4: staff', () => {
  it('catches a home group with no teacher, while the partner group needs none', () => {
    const res = result();
    group(res, 'HIS-1').staff = [];
    const outcome = checkResult(scenario(), res);
    expectCaught(outcome, 4, 'Group HIS-1 (HIS) is taught at home but has no teacher');
    expect(outcome.violations.some((v) => v.message.includes('BTEC-1'))).toBe(false);
  });

  it('catches a teacher who cannot teach the course, and an unknown teacher', () => {
    const res = result();
    group(res, 'HIS-1').staff = ['T2'];
    const outcome = checkResult(scenario(), res);
    expectCaught(outcome, 4, 'Group HIS-1 has no teacher who can teach HIS');
    expectCaught(outcome, 4, 'names teacher T2, who cannot teach HIS');
    group(res, 'HIS-1').staff = ['T9'];
    expectCaught(checkResult(scenario(), res), 4, "names teacher T9, who is not in the scenario's staff");
  });

  it('catches a teacher in two groups that share a block and year', () => {
    const res = result();
    group(res, 'DT-1').blocks = ['C', 'D']; // T2 also teaches ART-1 in C; no student takes both
    expectCaught(checkResult(scenario(), res), 4, 'Teacher T2 teaches ART-1 and DT-1, which share block C in years 10, 11');
  });

  it('catches a teacher in an unavailable cell, with and without a year', () => {
    const sc = scenario();
    sc.staff[0].unavailable = [{ block: 'A', year: 11 }];
    expectCaught(checkResult(sc, result()), 4, 'Teacher T1 teaches HIS-1 in block A in year 11, where they are unavailable');
    sc.staff[0].unavailable = [{ block: 'B', year: 12 }, { block: 'D' }];
    expect(checkResult(sc, result()).ok).toBe(true);
    sc.staff[2].unavailable = [{ block: 'B' }];
    expectCaught(checkResult(sc, result()), 4, 'Teacher T3 teaches STA-1 in block B (every year)');
  });

  it('catches a teacher the scenario fixes on a pinned group being dropped', () => {
    const sc = scenario();
    sc.groups[0].staff = ['T1'];
    expect(checkResult(sc, result()).ok).toBe(true);
    sc.staff.push({ id: 'T4', courses: ['HIS'] });
    const res = result();
    group(res, 'HIS-1').staff = ['T4']; // a capable, free teacher, but not the one the scenario fixed
    const outcome = checkResult(sc, res);
    expect(outcome.violations.map((v) => v.message)).toEqual([
      'Teacher T1 is fixed on group HIS-1 by the scenario, but the result drops them (rule 4)',
    ]);
  });

  it('catches a teacher over maxGroups in a year', () => {
    const sc = scenario();
    sc.staff[0].maxGroups = 1;
    expectCaught(checkResult(sc, result()), 4, 'Teacher T1 teaches 2 groups in year 10 (HIS-1, GEO-1) but maxGroups is 1');
  });
});

describe('rule 5: rooms', () => {
  it('catches a group that needs a room and has none, or one of the wrong type or list', () => {
    const res = result();
    group(res, 'ART-1').room = null;
    expectCaught(checkResult(scenario(), res), 5, 'Group ART-1 (ART) needs a room of type art but has none');
    group(res, 'ART-1').room = 'R2';
    expectCaught(checkResult(scenario(), res), 5, 'Group ART-1 is in room R2 of type classroom, but ART needs type art');
    group(res, 'HIS-1').room = 'R1';
    expectCaught(checkResult(scenario(), res), 5, "Group HIS-1 is in room R1, which is not one of HIS's rooms (R2)");
  });

  it('catches a room too small for its group', () => {
    const sc = scenario();
    sc.rooms[0].capacity = 2;
    expectCaught(checkResult(sc, result()), 5, 'Group ART-1 holds 3 students but room R1 seats 2');
  });

  it('catches a room double-booked, or used where unavailable', () => {
    const res = result();
    group(res, 'BTEC-1').room = 'R1'; // BTEC-1 also sits in C
    expectCaught(checkResult(scenario(), res), 5, 'Room R1 holds ART-1 and BTEC-1, which share block C in years 10, 11');
    const sc = scenario();
    sc.rooms[1].unavailable = [{ block: 'A', year: 10 }];
    expectCaught(checkResult(sc, result()), 5, 'Room R2 holds HIS-1 in block A in year 10, where it is unavailable');
  });

  it('catches a room the scenario fixes on a pinned group being changed', () => {
    const sc = scenario();
    sc.groups[0].room = 'R2';
    expect(checkResult(sc, result()).ok).toBe(true);
    sc.rooms.push({ id: 'R3', type: 'classroom', capacity: 30 });
    course(sc, 'HIS').rooms = ['R2', 'R3'];
    const res = result();
    group(res, 'HIS-1').room = 'R3';
    const outcome = checkResult(sc, res);
    expectCaught(outcome, 5, 'Group HIS-1 is fixed in room R2 by the scenario, but the result puts it in R3');
    expect(rules(outcome)).toEqual([5]);
  });

  it('catches a room id the scenario does not have', () => {
    const res = result();
    group(res, 'GEO-1').room = 'R77';
    expectCaught(checkResult(scenario(), res), 5, "Group GEO-1 is in room R77, which is not in the scenario's rooms");
  });
});

describe('rule 6: places and the group budget', () => {
  it('catches a course over its places', () => {
    const sc = scenario();
    course(sc, 'BTEC').places = 1;
    expectCaught(checkResult(sc, result()), 6, 'Course BTEC has 2 students but only 1 places');
  });

  it('catches a year over limits.maxGroups, counting only the groups running that year', () => {
    const sc = scenario();
    sc.limits.maxGroups = 5;
    const outcome = checkResult(sc, result());
    expectCaught(outcome, 6, 'Year 10 runs 6 groups but limits.maxGroups is 5');
    expectCaught(outcome, 6, 'Year 11 runs 6 groups but limits.maxGroups is 5');
  });
});

describe('rule 7: the students\' lists and the summary', () => {
  it('catches wrong unmet and reserves lists', () => {
    const res = result();
    student(res, 'S5').unmet = [];
    student(res, 'S6').reserves = [];
    const outcome = checkResult(scenario(), res);
    expectCaught(outcome, 7, "Student S5's unmet list is [(none)] but the unmet choices are [STA]");
    expectCaught(outcome, 7, "Student S6's reserves list is [(none)] but the reserves placed are [ART]");
  });

  it('catches every summary count that disagrees', () => {
    const res = result();
    Object.assign(res.summary, { students: 7, fullySatisfied: 5, choices: 16, choicesMet: 16, reservesUsed: 0, groups: 6 });
    const outcome = checkResult(scenario(), res);
    for (const [field, said, truth] of [
      ['students', 7, 6],
      ['fullySatisfied', 5, 4],
      ['choices', 16, 17],
      ['choicesMet', 16, 15],
      ['reservesUsed', 0, 1],
      ['groups', 6, 7],
    ]) {
      expectCaught(outcome, 7, `summary.${field} is ${said} but the result has ${truth}`);
    }
    expect(rules(outcome)).toEqual([7]);
  });

  it('catches an upper bound below the students fully satisfied, and a missing summary', () => {
    const res = result();
    res.summary.upperBound = 3;
    expectCaught(checkResult(scenario(), res), 7, 'summary.upperBound is 3 but 4 students are fully satisfied');
    delete res.summary;
    expectCaught(checkResult(scenario(), res), 7, 'The result has no summary');
  });
});

describe('independence', () => {
  it('imports nothing from the solver or the schemas but types', () => {
    const source = readFileSync(new URL('../data/checker.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*import\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type .* from '\.\.\/solver\/types';$/);
  });
});

describe('the check command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, doc: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return path;
  };

  function run(args: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (...a: unknown[]) => void out.push(a.join(' '));
    console.error = (...a: unknown[]) => void err.push(a.join(' '));
    try {
      return { code: main(args), out: out.join('\n'), err: err.join('\n') };
    } finally {
      console.log = log;
      console.error = error;
    }
  }

  it('exits 0 with the OK line for a valid result', () => {
    const r = run([write('s.json', scenario()), write('r.json', result())]);
    expect(r).toMatchObject({ code: 0, out: 'OK: result keeps all rules (7 groups, 6 students)' });
  });

  it('exits 1 listing every broken rule', () => {
    const sc = scenario();
    course(sc, 'GEO').maxGroupSize = 4;
    course(sc, 'BTEC').places = 1;
    const r = run(['--', write('s2.json', sc), write('r.json', result())]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED: 2 violations of rules 2, 6');
    expect(r.out).toContain('  - Group GEO-1 holds 5 students but GEO allows 4 (rule 2)');
    expect(r.out).toContain('  - Course BTEC has 2 students but only 1 places (rule 6)');
  });

  it('exits 1 naming a missing file or one that is not JSON, in the same words as solve (2 only for a wrong call)', () => {
    const missing = join(dir, 'nope.json');
    const gone = run([write('s.json', scenario()), missing]);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`${missing} is not a valid result; nothing was written.`);
    expect(gone.err).toContain(`File ${missing} does not exist (no such file)`);
    const bad = write('bad.json', '{ "format": ');
    const r = run([bad, write('r.json', result())]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad} is not a valid scenario; nothing was written.`);
    expect(r.err).toContain(`File ${bad} is not valid JSON`);
    expect(run(['only-one.json']).code).toBe(2);
  });

  it('runs as the npm script', () => {
    const s = write('s.json', scenario());
    const r = write('r.json', result());
    const ok = spawnSync('npm', ['run', '--silent', 'check', '--', s, r], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe('OK: result keeps all rules (7 groups, 6 students)');
    const bad = spawnSync('npm', ['run', '--silent', 'check', '--', s, join(dir, 'missing.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('missing.json does not exist (no such file)');
  });
});

describe('robustness and order independence (fast-check)', () => {
  /** Every path to a value inside a JSON document, for targeted corruption. */
  function paths(doc: Json, prefix: (string | number)[] = []): (string | number)[][] {
    if (doc === null || typeof doc !== 'object') return [prefix];
    const keys: (string | number)[] = Array.isArray(doc) ? doc.map((_, i) => i) : Object.keys(doc);
    return [prefix, ...keys.flatMap((k) => paths(doc[k], [...prefix, k]))];
  }
  function setAt(doc: Json, path: (string | number)[], value: unknown): Json {
    if (path.length === 0) return value;
    let at = doc;
    for (const k of path.slice(0, -1)) at = at[k];
    at[path[path.length - 1]] = value;
    return doc;
  }

  it('never throws when any one value of either document is replaced by arbitrary JSON', () => {
    const scenarioPaths = paths(scenario());
    const resultPaths = paths(result());
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat(),
        fc.jsonValue(),
        (inScenario, pick, value) => {
          const sc = scenario();
          const res = result();
          const all = inScenario ? scenarioPaths : resultPaths;
          const path = all[pick % all.length];
          const outcome = inScenario ? checkResult(setAt(sc, path, value), res) : checkResult(sc, setAt(res, path, value));
          for (const v of outcome.violations) {
            expect(v.rule).toBeGreaterThanOrEqual(0);
            expect(v.rule).toBeLessThanOrEqual(7);
            expect(v.message).toMatch(/\(rule [0-7]\)$/);
          }
        },
      ),
      { numRuns: 400, seed: 20270 },
    );
  });

  it('gives the same verdict when lists are shuffled and ids relabelled', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), (seed, breakIt) => {
        // A small seeded shuffle (Park-Miller), so a failing seed replays exactly.
        let state = seed;
        const rand = () => (state = (state * 48271) % 2147483647) / 2147483647;
        const shuffle = <T>(a: T[]): T[] => {
          for (let i = a.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [a[i], a[j]] = [a[j], a[i]];
          }
          return a;
        };
        const sc = scenario();
        const res = result();
        if (breakIt) course(sc, 'GEO').maxGroupSize = 4;
        // Relabel students S1.. as P-<n> everywhere they appear.
        const rename = (id: string) => `P-${id.slice(1)}`;
        for (const s of sc.students) s.id = rename(s.id);
        for (const g of sc.groups) g.students = g.students.map(rename);
        for (const g of res.groups) g.students = shuffle(g.students.map(rename));
        for (const s of res.students) s.id = rename(s.id);
        shuffle(sc.students);
        shuffle(sc.courses);
        shuffle(res.groups);
        shuffle(res.students);
        const outcome = checkResult(sc, res);
        expect(outcome.ok).toBe(!breakIt);
        if (breakIt) expect(outcome.violations.map((v) => v.message)).toEqual(['Group GEO-1 holds 5 students but GEO allows 4 (rule 2)']);
      }),
      { numRuns: 100, seed: 4271 },
    );
  });
});
