/**
 * The build-mode upper bound (solver/exact/bound.ts) against a brute force that shares no code with it:
 * every set of groups (up to two a course), every teacher and room assignment, every seating of tiny cohorts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { upperBoundFullySatisfied, type BoundInput } from '../solver/exact/bound';
import { bruteForce, course, tinyBuild } from './helpers/bound-brute-force';

describe('upperBoundFullySatisfied', () => {
  it('is proven and below the cohort on a tight hand-made case where teachers bind (brute force agrees)', async () => {
    // Two courses, two blocks, one teacher for both: one group a block, so at most one pair of groups
    // (A in one block, B in the other) and 2 seats each: 2 of the 4 students, not 4.
    const input: BoundInput = {
      blocks: 2, years: 1, courses: [course({}), course({})],
      teachers: [{ courses: [0, 1], unavailableCells: [], maxGroups: null }],
      types: [{ choices: [0, 1], count: 4 }],
    };
    expect(bruteForce(input)).toBe(2);
    const out = await upperBoundFullySatisfied(input);
    expect(out.upperBound).toBe(2);
    expect(out.method).toMatch(/^lp-patterns/);
    // Without staff the seats suffice and the relaxation proves nothing: the cohort size.
    expect((await upperBoundFullySatisfied({ ...input, teachers: [] })).upperBound).toBe(4);
  });

  it('binds on group counts and rooms too (limits.maxGroups, room capacity)', async () => {
    const byLimit: BoundInput = { blocks: 2, years: 1, courses: [course({}), course({})], maxGroupsPerYear: 3, types: [{ choices: [0, 1], count: 4 }] };
    // Three groups: A and B in opposite blocks once, plus one more; only 2 students fit (brute force). The
    // relaxation alone (0.75 of each of the four groups) proves 3 of 4; whole group counts (the MIP) prove 2.
    expect(bruteForce(byLimit)).toBe(2);
    expect((await upperBoundFullySatisfied(byLimit, { integer: false })).upperBound).toBe(3);
    expect((await upperBoundFullySatisfied(byLimit)).upperBound).toBe(2);
    const byRoom: BoundInput = {
      blocks: 2, years: 1, courses: [course({ maxGroupSize: 3, rooms: [0] }), course({ maxGroupSize: 3 })],
      rooms: [{ capacity: 1, unavailableCells: [1] }], types: [{ choices: [0, 1], count: 3 }],
    };
    expect(bruteForce(byRoom)).toBe(1);
    expect((await upperBoundFullySatisfied(byRoom)).upperBound).toBe(1);
  });

  it('counts pinned groups against the teachers of their cells (brute force agrees)', async () => {
    // X is pinned in block 0 and holds the only teacher there, so Y (same teacher) can only run in block 1:
    // the pinned X and a Y in block 1 seat 2 of the 4 students. Counting the pinned group as seats alone, a
    // new X in block 1 and a Y in block 0 would seem to seat all 4.
    const input: BoundInput = {
      blocks: 2, years: 1, courses: [course({}), course({})],
      teachers: [{ courses: [0, 1], unavailableCells: [], maxGroups: null }],
      types: [{ choices: [0, 1], count: 4 }],
      pinned: [{ course: 0, blocks: [0] }],
    };
    expect(bruteForce(input)).toBe(2);
    expect((await upperBoundFullySatisfied(input, { integer: false })).upperBound).toBe(2);
    // The same with a room, with course counts, and with the year's limit: the pinned group takes its share.
    const byRoom: BoundInput = { ...input, teachers: [], courses: [course({ rooms: [0] }), course({ rooms: [0] })], rooms: [{ capacity: 2, unavailableCells: [] }] };
    expect(bruteForce(byRoom)).toBe(2);
    expect((await upperBoundFullySatisfied(byRoom, { integer: false })).upperBound).toBe(2);
    const byYear: BoundInput = { ...input, teachers: [], maxGroupsPerYear: 2 };
    expect(bruteForce(byYear)).toBe(2);
    expect((await upperBoundFullySatisfied(byYear)).upperBound).toBe(2);
  });

  it('counts the groups minGroups makes a course run against teachers (brute force agrees)', async () => {
    // Course 1 must run a group (nobody chose it) and shares the only teacher with course 0, in two blocks:
    // course 0 gets one block, so one group of 2 seats for its 4 choosers.
    const input: BoundInput = {
      blocks: 2, years: 1, courses: [course({}), course({ minGroups: 1 })],
      teachers: [{ courses: [0, 1], unavailableCells: [], maxGroups: null }],
      types: [{ choices: [0], count: 4 }],
    };
    expect(bruteForce(input)).toBe(2);
    expect((await upperBoundFullySatisfied(input, { integer: false })).upperBound).toBe(2);
    expect((await upperBoundFullySatisfied(input)).upperBound).toBe(2);
    const free = { ...input, courses: [course({}), course({})] };
    expect(bruteForce(free)).toBe(4);
    expect((await upperBoundFullySatisfied(free)).upperBound).toBe(4);
  });

  it('stays above the brute-force optimum with minGroups and pinned groups in play', async () => {
    const withMinGroups = fc
      .tuple(tinyBuild, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }))
      .map(([input, mins]): BoundInput => ({ ...input, courses: input.courses.map((c, i) => ({ ...c, minGroups: mins[i] })) }));
    let binding = 0;
    await fc.assert(
      fc.asyncProperty(withMinGroups, async (input) => {
        const truth = bruteForce(input);
        const lp = await upperBoundFullySatisfied(input, { integer: false });
        const mip = await upperBoundFullySatisfied(input);
        expect(lp.upperBound).toBeGreaterThanOrEqual(truth);
        expect(mip.upperBound).toBeGreaterThanOrEqual(truth);
        const without = await upperBoundFullySatisfied({ ...input, courses: input.courses.map((c) => ({ ...c, minGroups: 0 })) });
        if (truth >= 0 && mip.upperBound < without.upperBound) binding++;
      }),
      { numRuns: 150, seed: 55 },
    );
    // Not vacuous: minGroups tightens the bound on some instance (rarely, in cohorts this small).
    expect(binding).toBeGreaterThan(0);
  });

  it('finds students who can never be fully satisfied without solving an LP', async () => {
    const base = { blocks: 3, years: 1 };
    // Two courses whose only allowed block is the same block.
    const sameBlock: BoundInput = { ...base, courses: [course({ allowedBlocks: 0b100 }), course({ allowedBlocks: 0b100 }), course({ allowedBlocks: 0b111 })], types: [{ choices: [0, 1], count: 5 }, { choices: [0, 2], count: 2 }] };
    expect((await upperBoundFullySatisfied(sameBlock)).upperBound).toBe(2);
    // More single-block courses than blocks (two of them span 2 over the three blocks).
    const tooMany: BoundInput = { ...base, courses: [course({ span: 2, allowedBlocks: 0b111 }), course({ span: 2, allowedBlocks: 0b111 })], types: [{ choices: [0, 1], count: 3 }] };
    expect((await upperBoundFullySatisfied(tooMany)).upperBound).toBe(0);
    // A course with maxGroups 0, and a home course nobody can teach when staff are listed.
    const closed: BoundInput = {
      ...base, courses: [course({ maxGroups: 0 }), course({}), course({ home: false })],
      teachers: [{ courses: [1], unavailableCells: [], maxGroups: null }],
      types: [{ choices: [0], count: 2 }, { choices: [1], count: 3 }, { choices: [2], count: 1 }],
    };
    expect((await upperBoundFullySatisfied(closed)).upperBound).toBe(4);
    const untaught: BoundInput = { ...closed, teachers: [{ courses: [0], unavailableCells: [], maxGroups: null }] };
    expect((await upperBoundFullySatisfied(untaught)).upperBound).toBe(1);
  });

  it('rejects malformed input with the field and a hint', async () => {
    await expect(upperBoundFullySatisfied({ blocks: 2, years: 1, courses: [course({})], types: [{ choices: [3], count: 1 }] })).rejects.toThrow(/types\[0\]\.choices\[0\] is 3/);
    await expect(upperBoundFullySatisfied({ blocks: 2, years: 1, courses: [course({ maxGroupSize: -1 })], types: [] })).rejects.toThrow(/courses\[0\]\.maxGroupSize is -1\. Maybe/);
  });

  it('is never below the brute-force optimum on random tiny build problems (patterns and compact forms)', async () => {
    let binding = 0;
    await fc.assert(
      fc.asyncProperty(tinyBuild, async (input) => {
        const truth = bruteForce(input);
        const total = input.types.reduce((a, t) => a + t.count, 0);
        const a = await upperBoundFullySatisfied(input);
        const b = await upperBoundFullySatisfied(input, { maxPatterns: 0 });
        expect(a.upperBound).toBeGreaterThanOrEqual(truth);
        expect(b.upperBound).toBeGreaterThanOrEqual(truth);
        expect(a.upperBound).toBeLessThanOrEqual(total);
        // The pattern form is at least as tight as the compact one.
        expect(a.upperBound).toBeLessThanOrEqual(b.upperBound);
        if (a.upperBound < total) binding++;
      }),
      { numRuns: 150, seed: 21 },
    );
    // The property is not vacuous: the bound proves something on a fair share of instances.
    expect(binding).toBeGreaterThan(20);
  });

  it('stays above the brute-force optimum with minimum group sizes and reserves filling groups (LP and MIP)', async () => {
    // Reserve holders and choosers left short may sit in a group to bring it to its minimum size; the brute
    // force seats them so, and the bound must allow for it.
    const withMins = fc
      .tuple(tinyBuild, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), fc.array(fc.option(fc.nat(2), { nil: null }), { minLength: 3, maxLength: 3 }))
      .map(([input, mins, res]): BoundInput => ({
        ...input,
        courses: input.courses.map((c, i) => ({ ...c, minGroupSize: mins[i] })),
        types: input.types.map((t, i) => {
          const r = res[i];
          return r === null || r >= input.courses.length || t.choices.includes(r) ? t : { ...t, reserves: Array.from({ length: t.count }, () => r) };
        }),
      }));
    let binding = 0;
    let minsMatter = 0;
    await fc.assert(
      fc.asyncProperty(withMins, async (input) => {
        const total = input.types.reduce((a, t) => a + t.count, 0);
        const truth = bruteForce(input);
        const lp = await upperBoundFullySatisfied(input, { integer: false });
        const mip = await upperBoundFullySatisfied(input);
        const compact = await upperBoundFullySatisfied(input, { maxPatterns: 0 });
        // The integer-only rows in the LP, solved by PDLP (approximate duals, certified): still a bound.
        const pdlp = await upperBoundFullySatisfied(input, { integer: false, lpIntegerRows: true, lpSolver: 'pdlp' });
        expect(pdlp.upperBound).toBeGreaterThanOrEqual(truth);
        expect(lp.upperBound).toBeGreaterThanOrEqual(truth);
        expect(mip.upperBound).toBeGreaterThanOrEqual(truth);
        expect(compact.upperBound).toBeGreaterThanOrEqual(truth);
        expect(mip.upperBound).toBeLessThanOrEqual(lp.upperBound);
        // A threshold never makes it wrong, whether or not a plan reaches it.
        for (const atLeast of [truth - 1, truth, truth + 1]) {
          expect((await upperBoundFullySatisfied(input, { atLeast })).upperBound).toBeGreaterThanOrEqual(truth);
        }
        if (mip.upperBound < total) binding++;
        const noMins = await upperBoundFullySatisfied({ ...input, courses: input.courses.map((c) => ({ ...c, minGroupSize: 0 })) });
        if (mip.upperBound < noMins.upperBound) minsMatter++;
      }),
      { numRuns: 200, seed: 34 },
    );
    // Not vacuous: the bound proves something on a fair share, and minimum sizes tighten it on some.
    expect(binding).toBeGreaterThan(30);
    expect(minsMatter).toBeGreaterThan(3);
  });

  it('stays above the brute-force optimum where courses have fewer choosers than their minimum size', async () => {
    // The row d * R >= (m - d) * F (bound.ts: a course of d < m choosers runs only on m - d reserve holders
    // not fully satisfied): minimum sizes above the choosers, groups of up to 4, some types holding reserves.
    const smallCourses = fc
      .tuple(
        tinyBuild,
        fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 3, max: 4 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.option(fc.nat(2), { nil: null }), { minLength: 3, maxLength: 3 }),
      )
      .map(([input, mins, sizes, res]): BoundInput => ({
        ...input,
        courses: input.courses.map((c, i) => ({ ...c, minGroupSize: mins[i], maxGroupSize: Math.max(c.maxGroupSize, sizes[i]) })),
        types: input.types.map((t, i) => {
          const r = res[i];
          return r === null || r >= input.courses.length || t.choices.includes(r) ? t : { ...t, reserves: Array.from({ length: t.count }, () => r) };
        }),
      }));
    let decisive = 0;
    await fc.assert(
      fc.asyncProperty(smallCourses, async (input) => {
        const truth = bruteForce(input);
        const lp = await upperBoundFullySatisfied(input, { integer: false });
        const mip = await upperBoundFullySatisfied(input);
        expect(lp.upperBound).toBeGreaterThanOrEqual(truth);
        expect(mip.upperBound).toBeGreaterThanOrEqual(truth);
        // Instances where a course has 0 < choosers < minimum and the LP alone proves the optimum.
        const demand = input.courses.map((_, c) => input.types.reduce((a, t) => a + (t.choices.includes(c) ? t.count : 0), 0));
        if (lp.upperBound === truth && input.courses.some((c, i) => demand[i] > 0 && demand[i] < (c.minGroupSize ?? 0))) decisive++;
      }),
      { numRuns: 250, seed: 12 },
    );
    expect(decisive).toBeGreaterThan(20);
  });

  it('proves with the linear programme alone that a course too small to fill costs its reserve holders (d * R >= (m - d) * F)', async () => {
    // Course 0 (minimum 4, size 6) has two choosers and three reserve holders (who chose courses 1 and 2, which
    // need blocks 0 and 1 of 2, so each holder can sit in course 0 only by losing a choice). Running 0 needs two of
    // the holders there: 2 + 1 = 3 of 5 fully satisfied; not running it, 3 of 5 too.
    const input: BoundInput = {
      blocks: 2, years: 1,
      courses: [course({ allowedBlocks: 0b11, maxGroupSize: 6, minGroupSize: 4 }), course({ allowedBlocks: 0b01, maxGroupSize: 6 }), course({ allowedBlocks: 0b10, maxGroupSize: 6 })],
      types: [{ choices: [0], count: 2 }, { choices: [1, 2], count: 3, reserves: [0, 0, 0] }],
    };
    expect(bruteForce(input)).toBe(3);
    // Without the row the relaxation proves only 5 (half a group of course 0 in each block, filled by its two
    // choosers, breaks no fractional row); with it, each chooser fully satisfied costs (4 - 2) / 2 holders.
    expect((await upperBoundFullySatisfied(input, { integer: false })).upperBound).toBe(3);
  });

  it('proves that a course too small to fill without its reserve holders costs them a full satisfaction', async () => {
    // Course 0 (minimum 3) has two choosers and one reserve holder, who chose courses 1 and 2. Running 0
    // needs the holder in it, so the holder is not fully satisfied: at most 2 of 3 whichever way.
    const input: BoundInput = {
      blocks: 3, years: 1,
      courses: [course({ allowedBlocks: 0b111, maxGroupSize: 5, minGroupSize: 3 }), course({ allowedBlocks: 0b111 }), course({ allowedBlocks: 0b111 })],
      types: [{ choices: [0], count: 2 }, { choices: [1, 2], count: 1, reserves: [0] }],
    };
    expect(bruteForce(input)).toBe(2);
    expect((await upperBoundFullySatisfied(input)).upperBound).toBe(2);
    expect((await upperBoundFullySatisfied({ ...input, courses: input.courses.map((c) => ({ ...c, minGroupSize: 0 })) })).upperBound).toBe(3);
  });

  it('falls back to the combinatorial bound when patterns and the compact form are both too large', async () => {
    const input: BoundInput = { blocks: 2, years: 1, courses: [course({ allowedBlocks: 1 }), course({ allowedBlocks: 1 }), course({})], types: [{ choices: [0, 1], count: 2 }, { choices: [2], count: 3 }] };
    const out = await upperBoundFullySatisfied(input, { maxPatterns: 0, maxCompactColumns: 0 });
    expect(out.method).toMatch(/^combinatorial/);
    expect(out.upperBound).toBe(3);
  });
});
