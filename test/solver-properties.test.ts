/**
 * Seeded properties of the solver:
 * - every result keeps every rule (independent checker) on random small scenarios with staff, rooms,
 *   quotas, one-year courses and double options, with the incremental score checked against the
 *   from-scratch one after every move (assert mode);
 * - on tiny instances whose optimum is known by exhaustive search, the solver reaches it, and relabelling
 *   students or blocks does not change the quality found;
 * - the same seed and time give the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { solve } from '../solver/solve';
import type { Course, Scenario, Student } from '../solver/types';

const BLOCKS = ['A', 'B', 'C', 'D'];

const scenarioArb = fc
  .record({
    blockCount: fc.integer({ min: 2, max: 4 }),
    courseCount: fc.integer({ min: 2, max: 6 }),
    studentCount: fc.integer({ min: 1, max: 25 }),
    withStaff: fc.boolean(),
    withRooms: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ blockCount, courseCount, studentCount, withStaff, withRooms, seed }) => {
    let x = seed;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    const blocks = BLOCKS.slice(0, blockCount);
    const courses: Course[] = [];
    for (let c = 0; c < courseCount; c++) {
      const course: Course = { id: `C${c}`, name: `Course ${c}`, maxGroupSize: 2 + rand(8) };
      if (rand(4) === 0) course.minGroupSize = 1 + rand(3);
      if (rand(4) === 0) course.maxGroups = 1 + rand(2);
      if (rand(5) === 0) course.years = [10 + rand(2)];
      if (rand(6) === 0 && blockCount >= 3) course.span = 2;
      if (rand(5) === 0) course.blocks = blocks.filter(() => rand(2) === 0).concat(blocks[rand(blockCount)]).filter((b, i, a) => a.indexOf(b) === i);
      if (rand(6) === 0) course.places = 1 + rand(6);
      if (withRooms && rand(2) === 0) course.roomType = rand(2) === 0 ? 'lab' : 'art';
      courses.push(course);
    }
    const students: Student[] = [];
    for (let s = 0; s < studentCount; s++) {
      const n = 1 + rand(Math.min(3, courseCount));
      const ids = courses.map((c) => c.id);
      const choices: string[] = [];
      while (choices.length < n) {
        const id = ids[rand(ids.length)];
        if (!choices.includes(id)) choices.push(id);
      }
      const rest = ids.filter((id) => !choices.includes(id));
      const student: Student = { id: `S${s}`, choices };
      if (rest.length > 0 && rand(3) === 0) student.reserves = [rest[rand(rest.length)]];
      students.push(student);
    }
    const sc: Scenario = { format: 'ks4-scenario/1', name: `random ${seed}`, blocks, courses, students };
    if (withStaff) {
      sc.staff = Array.from({ length: 1 + rand(4) }, (_, t) => ({
        id: `T${t}`,
        courses: courses.filter(() => rand(2) === 0).map((c) => c.id),
        ...(rand(2) === 0 ? { maxGroups: 1 + rand(3) } : {}),
        ...(rand(3) === 0 ? { unavailable: [{ block: blocks[rand(blockCount)] }] } : {}),
      }));
    }
    if (withRooms) {
      sc.rooms = Array.from({ length: 1 + rand(3) }, (_, r) => ({ id: `R${r}`, type: rand(2) === 0 ? 'lab' : 'art', capacity: 2 + rand(8) }));
    }
    if (rand(4) === 0) sc.limits = { maxGroups: 2 + rand(4) };
    return sc;
  });

describe('solver properties', () => {
  it('every result keeps every rule, and incremental scoring equals from-scratch scoring after every move', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const result = await solve(sc, { timeSeconds: 0.03, seed: 3, assertIncremental: true });
        const verdict = checkResult(sc, result);
        expect(verdict.violations).toEqual([]);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it('reaches the exhaustive optimum, whatever the order or labels of students and blocks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 4 }),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 3 }), { minLength: 3, maxLength: 14 }),
        fc.integer(),
        async (blockCount, choiceSets, shuffleSeed) => {
          const courseCount = 6;
          const blocks = BLOCKS.slice(0, blockCount);
          // Each course runs exactly one group, so a blocking is a block per course: enumerate them all.
          let optimum = 0;
          const total = blockCount ** courseCount;
          for (let code = 0; code < total; code++) {
            const blockOf: number[] = [];
            for (let c = 0, x = code; c < courseCount; c++, x = Math.floor(x / blockCount)) blockOf.push(x % blockCount);
            let happy = 0;
            for (const set of choiceSets) if (new Set(set.map((c) => blockOf[c])).size === set.length) happy++;
            optimum = Math.max(optimum, happy);
          }
          const make = (order: number[], blockLabels: string[]): Scenario => ({
            format: 'ks4-scenario/1',
            name: 'exhaustive',
            blocks: blockLabels,
            courses: Array.from({ length: courseCount }, (_, c) => ({ id: `C${c}`, name: `C${c}`, maxGroupSize: 30, minGroups: 1, maxGroups: 1 })),
            students: order.map((i) => ({ id: `P${(i * 7919) % 10007}`, choices: choiceSets[i].map((c) => `C${c}`) })),
          });
          const identity = choiceSets.map((_, i) => i);
          let x = shuffleSeed >>> 0;
          const permuted = identity.slice().sort(() => ((x = (Math.imul(x, 48271) + 11) >>> 0) & 1 ? 1 : -1));
          const relabelled = blocks.map((b) => `Block ${b.toLowerCase()}`).reverse();
          const a = await solve(make(identity, blocks), { timeSeconds: 0.2, seed: 1 });
          const b = await solve(make(permuted, relabelled), { timeSeconds: 0.2, seed: 2 });
          expect(a.summary.fullySatisfied).toBe(optimum);
          expect(b.summary.fullySatisfied).toBe(optimum);
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('gives the same result for the same seed and time', async () => {
    const sc = fc.sample(scenarioArb, { numRuns: 1, seed: 99 })[0];
    // Wall-clock figures differ between runs by nature; everything else must be identical.
    const strip = (r: { summary: { seconds: number } }) => ({ ...r, summary: { ...r.summary, seconds: 0, bestFoundSeconds: 0, firstPerfectSeconds: 0 } });
    const one = await solve(sc, { timeSeconds: 0.1, seed: 5 });
    const two = await solve(sc, { timeSeconds: 0.1, seed: 5 });
    expect(strip(two)).toEqual(strip(one));
  });
});
