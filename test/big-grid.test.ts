/**
 * Grids of more than 32 block-year cells: masks of several words (solver/cells.ts) and block sets as lists
 * (model.placementBlockA/B). Scenarios are built here with a planted timetable, so "everyone can be placed" is
 * known; every result also passes the independent checker (data/checker.ts, no code shared with the solver).
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { parseScenario } from '../data/schema';
import { MAX_CELLS, ModelError, compile } from '../solver/model';
import { previewCombination } from '../solver/preview';
import { publishOffer } from '../solver/publish';
import { Rng } from '../solver/rng';
import { solve } from '../solver/solve';
import type { Course, Result, Scenario, Student } from '../solver/types';

const labels = (n: number, prefix = 'P') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** k distinct items of `from`, drawn with `rng`. */
function pick<T>(rng: Rng, from: readonly T[], k: number): T[] {
  const pool = from.slice();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

/**
 * One year, `blockCount` blocks, `courseCount` courses of one group each. Course i is planted in block i (all
 * different), and may also run in `extraBlocks` other random blocks; each student takes `perStudent` courses,
 * so their planted blocks differ and the planted timetable places everyone.
 */
function plantedOneYear(opts: { blockCount: number; courseCount: number; students: number; perStudent: number; extraBlocks: number; seed: number }) {
  const rng = new Rng(opts.seed);
  const blocks = labels(opts.blockCount);
  const courses: Course[] = Array.from({ length: opts.courseCount }, (_, i) => {
    const others = pick(
      rng,
      blocks.filter((b) => b !== blocks[i]),
      opts.extraBlocks,
    );
    return { id: `C${i + 1}`, name: `Course ${i + 1}`, maxGroupSize: opts.students, maxGroups: 1, blocks: [blocks[i], ...others] };
  });
  const students: Student[] = Array.from({ length: opts.students }, (_, s) => ({
    id: `S${s + 1}`,
    choices: pick(
      rng,
      courses.map((c) => c.id),
      opts.perStudent,
    ),
  }));
  const scenario: Scenario = { format: 'ks4-scenario/1', name: 'big grid', blocks, years: [10], courses, students };
  return scenario;
}

function expectChecked(scenario: Scenario, result: Result): void {
  const verdict = checkResult(scenario, result);
  expect(verdict.violations).toEqual([]);
  expect(verdict.ok).toBe(true);
}

/** Every group sits in one block (two for span 2) its course allows, in its course's years. */
function expectValidBlocks(scenario: Scenario, result: Result): void {
  for (const g of result.groups) {
    const course = scenario.courses.find((c) => c.id === g.course)!;
    expect(g.blocks, `${g.id} blocks`).toHaveLength(course.span ?? 1);
    expect(new Set(g.blocks).size, `${g.id} blocks distinct`).toBe(g.blocks.length);
    for (const b of g.blocks) expect(course.blocks ?? scenario.blocks, `${g.id} in ${b}`).toContain(b);
    expect(g.years).toEqual(course.years ?? scenario.years);
  }
}

describe('grids of more than 32 cells', () => {
  it('places every student on a 45-block one-year grid with a planted timetable (and the preview agrees)', async () => {
    const scenario = plantedOneYear({ blockCount: 45, courseCount: 40, students: 60, perStudent: 12, extraBlocks: 3, seed: 11 });
    const parsed = parseScenario(scenario);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const model = compile(scenario);
    expect(model.cellCount).toBe(45);
    expect(model.cellWords).toBe(2);
    const result = await solve(scenario, { timeSeconds: 4, seed: 3, stopWhenPerfect: true });
    expect(result.summary.fullySatisfied).toBe(60);
    expect(result.summary.choicesMet).toBe(60 * 12);
    expectChecked(scenario, result);
    expectValidBlocks(scenario, result);
    // Courses in blocks 33 to 45 (the second mask word) run, so the wide cells are really exercised.
    expect(result.groups.some((g) => scenario.blocks.indexOf(g.blocks[0]) >= 32)).toBe(true);

    // The student page's live check on the published offer: a student's 12 courses fit, in 12 different blocks.
    const offer = publishOffer(scenario, result);
    const preview = previewCombination(offer, { choices: scenario.students[0].choices });
    expect(preview.fits).toBe(true);
    const used = Object.values(preview.placement).flat();
    expect(used).toHaveLength(12);
    expect(new Set(used).size).toBe(12);
  }, 30_000);

  it('compiles and solves a 64-cell grid (32 blocks x 2 years) with one-year courses and double options', async () => {
    const rng = new Rng(5);
    const blocks = labels(32);
    const courses: Course[] = Array.from({ length: 24 }, (_, i) => ({
      id: `K${i + 1}`,
      name: `Course ${i + 1}`,
      maxGroupSize: 25,
      ...(i % 3 === 0 ? { years: [i % 2 === 0 ? 10 : 11] } : {}),
      ...(i % 8 === 5 ? { span: 2 as const } : {}),
      blocks: pick(rng, blocks, i % 8 === 5 ? 4 : 3),
    }));
    const students: Student[] = Array.from({ length: 80 }, (_, s) => ({
      id: `T${s + 1}`,
      choices: pick(
        rng,
        courses.map((c) => c.id),
        6,
      ),
    }));
    const scenario: Scenario = { format: 'ks4-scenario/1', name: '64 cells', blocks, years: [10, 11], courses, students };
    const model = compile(scenario);
    expect(model.cellCount).toBe(64);
    expect(model.cellWords).toBe(2);
    const result = await solve(scenario, { timeSeconds: 3, seed: 2 });
    expectChecked(scenario, result);
    expectValidBlocks(scenario, result);
    expect(result.summary.fullySatisfied).toBeGreaterThan(0);
    // Past 31 blocks the bound is not tried (its input holds blocks as one bit mask); up to 31 it still is.
    expect(result.summary.upperBound).toBe(80);
    // Where two groups share a cell, no student sits in both: the checker says so, and so does this count.
    const cellsOf = (id: string) => {
      const g = result.groups.find((x) => x.id === id)!;
      return g.blocks.flatMap((b) => g.years.map((y) => `${b}/${y}`));
    };
    for (const st of result.students) {
      const cells = Object.values(st.placed).flatMap(cellsOf);
      expect(new Set(cells).size, st.id).toBe(cells.length);
    }
  }, 30_000);

  it('keeps every teacher and room rule on a 2-year 20-block grid (40 cells), with unavailability past cell 32', async () => {
    const blocks = labels(20);
    const courses: Course[] = Array.from({ length: 16 }, (_, i) => ({
      id: `R${i + 1}`,
      name: `Course ${i + 1}`,
      maxGroupSize: 20,
      roomType: i % 2 === 0 ? 'lab' : 'class',
      blocks: blocks.slice(i % 10, (i % 10) + 6),
    }));
    const rng = new Rng(9);
    const students: Student[] = Array.from({ length: 70 }, (_, s) => ({
      id: `U${s + 1}`,
      choices: pick(
        rng,
        courses.map((c) => c.id),
        4,
      ),
    }));
    // Every teacher and room is away in the last blocks of year 11: cells 2 * 16 + 1 = 33 and above.
    const away = [
      { block: 'P17', year: 11 },
      { block: 'P18', year: 11 },
      { block: 'P19' },
      { block: 'P20' },
    ];
    const staff = Array.from({ length: 12 }, (_, t) => ({
      id: `Teacher${t + 1}`,
      courses: [courses[t % 16].id, courses[(t + 5) % 16].id, courses[(t + 11) % 16].id],
      maxGroups: 4,
      unavailable: away,
    }));
    const rooms = Array.from({ length: 6 }, (_, r) => ({ id: `Room${r + 1}`, type: r % 2 === 0 ? 'lab' : 'class', capacity: 18, unavailable: away }));
    const scenario: Scenario = { format: 'ks4-scenario/1', name: '40 cells', blocks, years: [10, 11], courses, students, staff, rooms };
    expect(compile(scenario).cellCount).toBe(40);
    const result = await solve(scenario, { timeSeconds: 3, seed: 4 });
    expectChecked(scenario, result);
    expectValidBlocks(scenario, result);
    expect(result.groups.length).toBeGreaterThan(0);
    const awayBlocks = new Set(['P17', 'P18', 'P19', 'P20']);
    const busy = new Set<string>();
    for (const g of result.groups) {
      expect(g.staff, `${g.id} has a teacher`).toHaveLength(1);
      expect(g.room, `${g.id} has a room`).not.toBeNull();
      const teacher = staff.find((t) => t.id === g.staff[0])!;
      expect(teacher.courses).toContain(g.course);
      const room = rooms.find((r) => r.id === g.room)!;
      expect(room.type).toBe(scenario.courses.find((c) => c.id === g.course)!.roomType);
      expect(g.students.length).toBeLessThanOrEqual(room.capacity);
      for (const b of g.blocks) {
        expect(awayBlocks.has(b), `${g.id} in ${b}, where everyone is away`).toBe(false);
        for (const y of g.years) {
          for (const key of [`${teacher.id}@${b}/${y}`, `${room.id}@${b}/${y}`]) {
            expect(busy.has(key), key).toBe(false);
            busy.add(key);
          }
        }
      }
    }
    for (const t of staff) expect(result.groups.filter((g) => g.staff.includes(t.id)).length).toBeLessThanOrEqual(2 * t.maxGroups);
  }, 30_000);

  it('keeps the incremental state equal to a from-scratch evaluation on a 90-cell grid (assertIncremental)', async () => {
    // Tight on purpose (two or three allowed blocks a course, small groups): not everyone fits, so the search keeps moving.
    const rng = new Rng(4);
    const blocks = labels(45);
    const courses: Course[] = Array.from({ length: 30 }, (_, i) => ({
      id: `M${i + 1}`,
      name: `Course ${i + 1}`,
      maxGroupSize: 8,
      maxGroups: 3,
      ...(i % 4 === 1 ? { years: [11] } : {}),
      ...(i % 10 === 3 ? { span: 2 as const } : {}),
      // Half the courses in the first eight blocks (mask word 0), half in the last eight (word 2).
      blocks: pick(rng, i % 2 === 0 ? blocks.slice(0, 8) : blocks.slice(37), i % 10 === 3 ? 3 : 2),
    }));
    const students: Student[] = Array.from({ length: 40 }, (_, s) => {
      const wanted = pick(
        rng,
        courses.map((c) => c.id),
        10,
      );
      return { id: `V${s + 1}`, choices: wanted.slice(0, 8), reserves: wanted.slice(8) };
    });
    const scenario: Scenario = { format: 'ks4-scenario/1', name: '90 cells', blocks, years: [10, 11], courses, students };
    expect(compile(scenario).cellWords).toBe(3);
    let moves = 0;
    const result = await solve(scenario, { timeSeconds: 0.6, seed: 8, assertIncremental: true, exact: false, onProgress: (p) => (moves = p.moves) });
    expect(moves).toBeGreaterThan(500);
    expectChecked(scenario, result);
    expectValidBlocks(scenario, result);

    // With the exact steps on, past 31 blocks the bound is not tried (its input holds blocks as one bit mask),
    // and the result says so once, rather than that it failed.
    const exact = await solve(scenario, { timeSeconds: 1.5, seed: 8 });
    expectChecked(scenario, exact);
    expect(exact.summary.fullySatisfied).toBeLessThan(40);
    expect(exact.summary.upperBound).toBeUndefined();
    expect((exact.diagnostics ?? []).filter((d) => /bound|whole-cohort/.test(d))).toEqual([
      'No upper bound was tried: the bound handles at most 31 blocks, and this scenario has 45.',
    ]);
  }, 30_000);

  it(`refuses a grid of more than ${MAX_CELLS} cells, saying how many and what the limit is`, async () => {
    const blockCount = Math.floor(MAX_CELLS / 2) + 1;
    const scenario: Scenario = {
      format: 'ks4-scenario/1',
      name: 'too big',
      blocks: labels(blockCount),
      years: [10, 11],
      courses: [{ id: 'A', name: 'A', maxGroupSize: 10 }],
      students: [{ id: 'S1', choices: ['A'] }],
    };
    const cells = blockCount * 2;
    const message = `The scenario has ${blockCount} blocks over 2 years (${cells} block-year cells); the solver handles at most ${MAX_CELLS}.`;
    expect(() => compile(scenario)).toThrow(ModelError);
    expect(() => compile(scenario)).toThrow(message);
    await expect(solve(scenario, { timeSeconds: 0.2 })).rejects.toThrow(message);
    // One cell fewer than the limit's worth of blocks compiles.
    expect(compile({ ...scenario, blocks: labels(MAX_CELLS / 2) }).cellCount).toBe(MAX_CELLS);
  });
});
