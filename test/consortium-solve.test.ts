/**
 * The joint solve (solver/consortium/): the reduction's combined scenario, a planted consortium solved in full,
 * every part an ordinary result the checker passes, and the consortium check (data/consortium-check.ts,
 * written apart from the solver) catching a shared group out of line, places over a school's quota and the
 * travel rules broken.
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { memberView, memberViewAdditions } from '../data/consortium';
import { checkConsortium } from '../data/consortium-check';
import { plantedConsortium, realisticConsortium } from '../data/consortium-gen';
import { reduceConsortium } from '../solver/consortium/reduce';
import { solveConsortium } from '../solver/consortium/solve';
import type { ConsortiumPart } from '../solver/consortium/types';

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('the reduction to one ordinary scenario', () => {
  it('makes each member its own year and the common columns shared blocks', () => {
    const g = realisticConsortium(1);
    const model = reduceConsortium(g.consortium, g.scenarios);
    // Three columns, then west's 6 - 3 = 3 own blocks (the most outside the columns).
    expect(model.scenario.blocks).toEqual(['col:AM1', 'col:AM2', 'col:PM', 'own:1', 'own:2', 'own:3']);
    expect(model.collapsed).toBe(true);
    expect(model.scenario.years).toEqual([1, 2, 3, 4]);
    const eng = model.scenario.courses.find((c) => c.id === '*|ENG')!;
    expect(eng.years).toEqual([1, 2, 3, 4]);
    expect(eng.blocks).toEqual(['col:AM1', 'col:AM2', 'col:PM']);
    const northHis = model.scenario.courses.find((c) => c.id === '0|HIS')!;
    expect(northHis.years).toEqual([1]);
    // North's blocks A, B, D are the columns, C its one own block.
    expect([...model.blockToGlobal[0]]).toEqual([['A', 'col:AM1'], ['B', 'col:AM2'], ['D', 'col:PM'], ['C', 'own:1']]);
    expect(model.scenario.students.length).toBe(840);
  });

  it('keeps a year apart for each real year when some course runs in one year only', () => {
    const g = plantedConsortium({ schools: 2, seed: 1, pupils: 30 });
    g.scenarios[1].courses[0].years = [10];
    const model = reduceConsortium(g.consortium, g.scenarios);
    expect(model.collapsed).toBe(false);
    expect(model.scenario.years).toEqual([1, 2, 3, 4]);
    expect(model.scenario.courses.find((c) => c.id === `1|${g.scenarios[1].courses[0].id}`)!.years).toEqual([3]);
  });

  it('leaves away choices past maxAwayCourses out of the combined pupil', () => {
    const g = realisticConsortium(1);
    const st = g.scenarios[0].students[0];
    st.choices = ['ENG', 'JPN', ...st.choices.filter((c) => c !== 'ENG' && c !== 'JPN').slice(0, 2)];
    const model = reduceConsortium(g.consortium, g.scenarios);
    const combined = model.scenario.students.find((s) => s.id === `0|${st.id}`)!;
    expect(combined.choices).toContain('*|ENG');
    expect(combined.choices).not.toContain('*|JPN');
  });
});

describe('a planted consortium', async () => {
  const g = plantedConsortium({ schools: 4, seed: 2 });
  const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 20, seed: 1 });

  it('is solved in full', () => {
    expect(outcome.fullySatisfied).toBe(4 * 300);
    expect(outcome.lowestShare).toBe(1);
    for (const p of outcome.parts) expect(p.figures.fullySatisfied).toBe(300);
  });

  it('every part passes the checker as an ordinary scenario and result, and the consortium check passes', () => {
    outcome.parts.forEach((p, i) => {
      const view = memberView(g.scenarios[i], memberViewAdditions(g.consortium, p.member, g.scenarios[i]));
      expect(checkResult(view, p.result).violations, p.member).toEqual([]);
    });
    expect(checkConsortium(g.consortium, g.scenarios, outcome.parts)).toEqual({ ok: true, violations: [] });
  });

  it('places every shared group in one column for every school using it', () => {
    for (const course of g.consortium.sharedCourses) {
      const columns = new Set<string>();
      outcome.parts.forEach((p) => {
        for (const grp of p.result.groups.filter((x) => x.course === course.id)) columns.add(g.consortium.columns.find((c) => c.blocks[p.member] === grp.blocks[0])!.id);
      });
      expect(columns.size, course.id).toBe(1);
    }
  });

  const withPart = (i: number, edit: (p: ConsortiumPart) => void): ConsortiumPart[] => {
    const parts = copy(outcome.parts);
    edit(parts[i]);
    return parts;
  };

  it('the consortium check finds a shared group in another column in one school', () => {
    const parts = withPart(1, (p) => {
      const grp = p.result.groups.find((x) => x.course === 'SH1' || x.course === 'SH2')!;
      const col = g.consortium.columns.find((c) => c.blocks[p.member] === grp.blocks[0])!;
      const other = g.consortium.columns.find((c) => c !== col)!;
      grp.blocks = [other.blocks[p.member]];
    });
    const check = checkConsortium(g.consortium, g.scenarios, parts);
    expect(check.ok).toBe(false);
    expect(check.violations.some((v) => /sits in different columns in different parts/.test(v.message))).toBe(true);
  });

  it('the consortium check finds a school over its places and a pupil over the away courses allowed', () => {
    const c = copy(g.consortium);
    const course = c.sharedCourses.find((s) => (s.places[c.members[0].id] ?? 0) > 1)!;
    course.places[c.members[0].id] -= 1;
    const over = checkConsortium(c, g.scenarios, outcome.parts);
    expect(over.violations.some((v) => v.member === c.members[0].id && /over its \d+ places/.test(v.message))).toBe(true);
    c.travel = { maxAwayCourses: 0 };
    const travel = checkConsortium(c, g.scenarios, outcome.parts);
    expect(travel.violations.some((v) => /away courses, over the 0 allowed/.test(v.message))).toBe(true);
  });

  it('the consortium check finds a far-apart buffer broken', () => {
    const c = copy(g.consortium);
    const course = c.sharedCourses[0];
    const traveller = Object.keys(course.places).find((m) => m !== course.host)!;
    c.travel = { farApart: [{ between: [traveller, course.host], freeBefore: 2, freeAfter: 2 }] };
    const check = checkConsortium(c, g.scenarios, outcome.parts);
    expect(check.violations.some((v) => v.member === traveller && /must stay free around away course/.test(v.message))).toBe(true);
  });
});

describe('a realistic consortium with places and travel rules', async () => {
  const g = realisticConsortium(3);
  const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 8, seed: 2 });

  it('keeps every rule after the repair, with figures per school', () => {
    const check = checkConsortium(g.consortium, g.scenarios, outcome.parts);
    expect(check.violations).toEqual([]);
    expect(outcome.parts.map((p) => p.figures.students)).toEqual([150, 240, 270, 180]);
    expect(outcome.lowestShare).toBe(Math.min(...outcome.parts.map((p) => p.figures.fullySatisfied / p.figures.students)));
    expect(outcome.fullySatisfied).toBe(outcome.parts.reduce((n, p) => n + p.figures.fullySatisfied, 0));
    for (const p of outcome.parts) {
      for (const [course, n] of Object.entries(p.figures.placesUsed)) expect(n).toBeLessThanOrEqual(g.consortium.sharedCourses.find((s) => s.id === course)!.places[p.member]);
    }
  });
});

describe('a school fixing a shared group', async () => {
  const g = plantedConsortium({ schools: 3, seed: 5 });
  const course = g.consortium.sharedCourses[0];
  const member = Object.keys(course.places)[0];
  const m = g.consortium.members.findIndex((x) => x.id === member);
  // The planted column is the only one where all its pupils are free; fix it there, under the school's own group id.
  const column = g.consortium.columns.find((c) => c.id === g.plantedColumn![course.id])!;
  g.scenarios[m].groups = [{ id: 'FIXED-1', course: course.id, blocks: [column.blocks[member]] }];
  const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 10, seed: 1 });

  it('holds it in its column in every school using the course, and still plans everyone', () => {
    expect(outcome.fullySatisfied).toBe(900);
    for (const p of outcome.parts) {
      if ((course.places[p.member] ?? 0) === 0) continue;
      const grp = p.result.groups.find((x) => x.id === 'FIXED-1')!;
      expect(grp.course).toBe(course.id);
      expect(grp.blocks).toEqual([column.blocks[p.member]]);
    }
    expect(checkConsortium(g.consortium, g.scenarios, outcome.parts).violations).toEqual([]);
  });
});

describe('per-school block relabelling', () => {
  it("moves a school's own groups wholesale to the permutation of its blocks that fits the shared groups", async () => {
    const { relabelSchools } = await import('../solver/consortium/relabel');
    const scenario = {
      format: 'ks4-scenario/1' as const,
      name: 'One school',
      blocks: ['A', 'B'],
      courses: [
        { id: 'H1', name: 'H1', maxGroupSize: 5 },
        { id: 'H2', name: 'H2', maxGroupSize: 5 },
        { id: 'SH', name: 'Shared', maxGroupSize: 5, site: 'c', places: 1 },
      ],
      sites: [{ id: 'c', name: 'College' }],
      students: [
        { id: 'p1', choices: ['SH', 'H1'] },
        { id: 'p2', choices: ['H1', 'H2'] },
      ],
    };
    const consortium = {
      format: 'ks4-consortium/1' as const,
      id: 'one',
      name: 'One',
      members: [{ id: 's', name: 'S', scenario }],
      sites: [{ id: 'c', name: 'College' }],
      columns: [{ id: 'X', blocks: { s: 'A' } }],
      sharedCourses: [{ id: 'SH', name: 'Shared', host: 'c', maxGroupSize: 5, places: { s: 1 } }],
    };
    const model = reduceConsortium(consortium, [scenario]);
    const group = (id: string, course: string, block: string) => ({ id, course, blocks: [block], years: [1], staff: [], room: null, students: [] });
    const combined = {
      format: 'ks4-result/1' as const,
      scenario: 'One',
      groups: [group('*|SH-1', '*|SH', 'col:X'), group('0|H1-1', '0|H1', 'col:X'), group('0|H2-1', '0|H2', 'own:1')],
      students: [],
      summary: { students: 2, fullySatisfied: 1, choices: 4, choicesMet: 3, reservesUsed: 0, groups: 3, seconds: 0, seed: 1 },
    };
    const moved = relabelSchools(model, combined)!;
    expect(moved.groups.map((g) => `${g.id}@${g.blocks[0]}`)).toEqual(['*|SH-1@col:X', '0|H1-1@own:1', '0|H2-1@col:X']);
    // Already fitting: nothing to gain, no copy.
    expect(relabelSchools(model, moved)).toBeNull();
  });

  it('moves a shared group to another column when two a pupil wants sit in one column, which no relabelling can undo', async () => {
    const { moveSharedGroups, relabelSchools } = await import('../solver/consortium/relabel');
    const scenario = {
      format: 'ks4-scenario/1' as const,
      name: 'One school',
      blocks: ['A', 'B', 'C'],
      courses: [
        { id: 'H1', name: 'H1', maxGroupSize: 5 },
        { id: 'SH1', name: 'Shared 1', maxGroupSize: 5, site: 'c', places: 2 },
        { id: 'SH2', name: 'Shared 2', maxGroupSize: 5, site: 'c', places: 2 },
      ],
      sites: [{ id: 'c', name: 'College' }],
      students: [
        { id: 'p1', choices: ['SH1', 'SH2', 'H1'] },
        { id: 'p2', choices: ['SH1', 'H1'] },
      ],
    };
    const consortium = {
      format: 'ks4-consortium/1' as const,
      id: 'one',
      name: 'One',
      members: [{ id: 's', name: 'S', scenario }],
      sites: [{ id: 'c', name: 'College' }],
      columns: [{ id: 'X', blocks: { s: 'A' } }, { id: 'Y', blocks: { s: 'B' } }],
      sharedCourses: [
        { id: 'SH1', name: 'Shared 1', host: 'c', maxGroupSize: 5, places: { s: 2 } },
        { id: 'SH2', name: 'Shared 2', host: 'c', maxGroupSize: 5, places: { s: 2 } },
      ],
    };
    const model = reduceConsortium(consortium, [scenario]);
    const group = (id: string, course: string, block: string, pinned = false) => ({ id, course, blocks: [block], years: [1], staff: [], room: null, students: [], ...(pinned ? { pinned } : {}) });
    const combined = {
      format: 'ks4-result/1' as const,
      scenario: 'One',
      groups: [group('*|SH1-1', '*|SH1', 'col:X'), group('*|SH2-1', '*|SH2', 'col:X'), group('0|H1-1', '0|H1', 'own:1')],
      students: [],
      summary: { students: 2, fullySatisfied: 1, choices: 5, choicesMet: 4, reservesUsed: 0, groups: 3, seconds: 0, seed: 1 },
    };
    // No permutation of the school's blocks separates two groups in one column.
    expect(relabelSchools(model, combined)).toBeNull();
    const moved = moveSharedGroups(model, combined)!;
    const at = new Map(moved.groups.map((g) => [g.id, g.blocks[0]]));
    expect(at.get('*|SH1-1')).not.toBe(at.get('*|SH2-1'));
    expect(['col:X', 'col:Y']).toContain(at.get('*|SH1-1'));
    expect(['col:X', 'col:Y']).toContain(at.get('*|SH2-1'));
    expect(at.get('0|H1-1')).toBe('own:1');
    expect(moveSharedGroups(model, moved)).toBeNull();
    // A pinned shared group stays where it is pinned: only the other moves.
    const pinned = { ...combined, groups: [group('*|SH1-1', '*|SH1', 'col:X', true), group('*|SH2-1', '*|SH2', 'col:X', true), combined.groups[2]] };
    expect(moveSharedGroups(model, pinned)).toBeNull();
  });
});
