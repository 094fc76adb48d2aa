/**
 * Exact seating (solver/exact/seating.ts) and the HiGHS helpers (solver/exact/highs.ts).
 * The checker and the brute force below share no code with the solver: they re-read the rules from
 * the input and enumerate every seating of tiny instances.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LinearModel, certifiedMaxBound, lpNames, roundNearInteger, solveLpText, solveModel } from '../solver/exact/highs';
import { seatExactly, type SeatingInput } from '../solver/exact/seating';

// ---------- independent checker and brute force ----------

function violations(input: SeatingInput, assignment: Int32Array[]): string[] {
  const out: string[] = [];
  const size = new Map<number, number>();
  const perCourse = new Map<number, number>();
  input.students.forEach((s, i) => {
    const a = Array.from(assignment[i]);
    const courses: number[] = [];
    const cells: number[] = [];
    let unmet = 0;
    let freeReserves = 0;
    a.forEach((g, k) => {
      const course = k < s.choices.length ? s.choices[k] : s.reserves[k - s.choices.length];
      if (g === -1) {
        if (k < s.choices.length) unmet++;
        return;
      }
      if (input.groups[g].course !== course) out.push(`s${i} slot ${k} wrong course`);
      if (k >= s.choices.length && !(s.fixed ?? []).includes(g)) freeReserves++;
      courses.push(course);
      cells.push(...input.groups[g].cells);
      size.set(g, (size.get(g) ?? 0) + 1);
      perCourse.set(course, (perCourse.get(course) ?? 0) + 1);
    });
    if (new Set(courses).size !== courses.length) out.push(`s${i} course twice`);
    if (new Set(cells).size !== cells.length) out.push(`s${i} cell clash`);
    if (freeReserves > unmet) out.push(`s${i} too many reserves`);
    for (const g of s.fixed ?? []) if (!a.includes(g)) out.push(`s${i} left fixed group ${g}`);
  });
  input.groups.forEach((g, i) => {
    const n = size.get(i) ?? 0;
    if (n > g.capacity) out.push(`g${i} over capacity`);
    if (!g.pinned && n > 0 && n < g.minSize) out.push(`g${i} under minSize`);
  });
  input.coursePlaces.forEach((p, c) => {
    if (p !== null && (perCourse.get(c) ?? 0) > p) out.push(`c${c} over places`);
  });
  return out;
}

function scoreOf(input: SeatingInput, assignment: Int32Array[]): [number, number, number] {
  let full = 0;
  let met = 0;
  let res = 0;
  input.students.forEach((s, i) => {
    const a = assignment[i];
    let m = 0;
    for (let k = 0; k < a.length; k++) if (a[k] >= 0) (k < s.choices.length ? m++ : res++);
    met += m;
    if (m === s.choices.length) full++;
  });
  return [full, met, res];
}

function imbalance(input: SeatingInput, assignment: Int32Array[]): number {
  const size = new Array(input.groups.length).fill(0);
  for (const a of assignment) for (const g of a) if (g >= 0) size[g]++;
  let total = 0;
  input.coursePlaces.forEach((_, c) => {
    const running = input.groups
      .map((g, i) => ({ g, i }))
      .filter(({ g, i }) => g.course === c && g.capacity > 0 && (g.pinned ? g.minSize >= 0 : g.minSize <= g.capacity) && (g.pinned || size[i] > 0))
      .map(({ i }) => size[i]);
    if (running.length > 1) total += Math.max(...running) - Math.min(...running);
  });
  return total;
}

const lexGreater = (a: number[], b: number[]) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];

/** Best lexicographic score over every legal seating, and the least imbalance among the seatings that reach it. */
function bruteForce(input: SeatingInput): { best: [number, number, number]; imbalance: number } | null {
  // Every legal row for each student, on its own.
  const rows = input.students.map((s, i) => {
    const slots = [...s.choices, ...s.reserves];
    const out: Int32Array[] = [];
    const cur = new Int32Array(slots.length).fill(-1);
    const rec = (k: number) => {
      if (k === slots.length) {
        const row = Int32Array.from(cur);
        const single = { ...input, students: [s] };
        // Capacity, places and minSize are checked on the whole seating; per-student rules here.
        if (violations(single, [row]).every((v) => v.startsWith(`s0`) === false)) out.push(row);
        return;
      }
      cur[k] = -1;
      rec(k + 1);
      input.groups.forEach((g, gi) => {
        if (g.course !== slots[k]) return;
        cur[k] = gi;
        rec(k + 1);
        cur[k] = -1;
      });
    };
    rec(0);
    void i;
    return out;
  });
  let best: [number, number, number] | null = null;
  let bestImb = Infinity;
  const pick: Int32Array[] = [];
  const rec = (i: number) => {
    if (i === input.students.length) {
      if (violations(input, pick).length > 0) return;
      const sc = scoreOf(input, pick);
      const imb = imbalance(input, pick);
      if (!best || lexGreater(sc, best)) {
        best = sc;
        bestImb = imb;
      } else if (sc.every((v, k) => v === best![k])) bestImb = Math.min(bestImb, imb);
      return;
    }
    for (const row of rows[i]) {
      pick[i] = row;
      rec(i + 1);
    }
  };
  rec(0);
  return best ? { best, imbalance: bestImb } : null;
}

// ---------- tiny random instances ----------

const tinyInstance = fc
  .record({
    blocks: fc.integer({ min: 2, max: 3 }),
    years: fc.integer({ min: 1, max: 2 }),
    nCourses: fc.integer({ min: 2, max: 4 }),
    groups: fc.array(
      fc.record({ course: fc.nat(), block: fc.nat(), span2: fc.boolean(), yearMask: fc.nat(), capacity: fc.integer({ min: 0, max: 3 }), minSize: fc.integer({ min: 0, max: 3 }), pinned: fc.boolean() }),
      { minLength: 1, maxLength: 5 },
    ),
    places: fc.array(fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), { minLength: 4, maxLength: 4 }),
    students: fc.array(
      fc.record({ choices: fc.uniqueArray(fc.nat(3), { minLength: 0, maxLength: 3 }), reserves: fc.uniqueArray(fc.nat(3), { maxLength: 2 }), fixedPick: fc.option(fc.nat(), { freq: 5 }) }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ blocks, years, nCourses, groups, places, students }): SeatingInput => {
    const gs = groups.map((g) => {
      const b = g.block % blocks;
      const bs = g.span2 ? [b, (b + 1) % blocks] : [b];
      const ys = [...Array(years).keys()].filter((y) => years === 1 || (g.yearMask % 3) === 0 || (g.yearMask % 3) - 1 === y);
      return { course: g.course % nCourses, cells: bs.flatMap((bb) => ys.map((y) => bb * years + y)), capacity: g.capacity, minSize: g.minSize, pinned: g.pinned };
    });
    const st = students.map((s) => {
      const choices = s.choices.map((c) => c % nCourses).filter((c, i, a) => a.indexOf(c) === i);
      const reserves = s.reserves.map((c) => c % nCourses).filter((c, i, a) => a.indexOf(c) === i && !choices.includes(c));
      const mine = gs.map((g, i) => ({ g, i })).filter(({ g }) => choices.includes(g.course) || reserves.includes(g.course));
      const fixed = s.fixedPick !== null && mine.length > 0 ? [mine[s.fixedPick % mine.length].i] : [];
      return { choices, reserves, fixed };
    });
    return { students: st, groups: gs, coursePlaces: places.slice(0, nCourses) };
  });

describe('HiGHS helpers', () => {
  it('sanitises LP names, keeps them unique and avoids exponent-like and keyword names', () => {
    const names = lpNames(['a b', 'a_b', '2x', 'e1', 'end', undefined, 'Ärger']);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(names[3]).not.toMatch(/^[eE][0-9]/);
    expect(names[4].toLowerCase()).not.toBe('end');
  });

  it('rounds near-integers like 50.99999 and leaves real fractions', () => {
    expect(roundNearInteger(50.99999)).toBe(51);
    expect(roundNearInteger(-2.000001)).toBe(-2);
    expect(roundNearInteger(2.5)).toBe(2.5);
  });

  it('writes LP text with every line under 255 characters and solves it to the same optimum as the structured model', async () => {
    // A knapsack with 120 items: the objective and the one row wrap over many lines.
    const m = new LinearModel('max');
    const cols: number[] = [];
    for (let j = 0; j < 120; j++) cols.push(m.addVar({ name: `item number ${j}`, ub: 1, integer: true, cost: 10 + ((j * 37) % 23) }));
    m.addRow(cols, cols.map((_, j) => 5 + ((j * 11) % 17)), -Infinity, 300, 'weight');
    m.addRow([cols[0], cols[1]], [1, 1], 1, 1, 'pick one of the first two');
    const text = m.toLpText();
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(255);
    const a = await solveModel(m, { mipRelGap: 0, mipAbsGap: 0.999, timeLimitSeconds: 20 });
    const b = await solveLpText(text, { mipRelGap: 0, mipAbsGap: 0.999, timeLimitSeconds: 20 });
    expect(a.status).toBe('optimal');
    expect(b.status).toBe('optimal');
    expect(b.objective).toBe(roundNearInteger(a.objective));
    expect(Number.isInteger(b.objective)).toBe(true);
    for (const v of a.values!) expect(Number.isInteger(v)).toBe(true);
  });

  it('certifies an LP bound by weak duality that is at least the optimum and close to it', async () => {
    const m = new LinearModel('max');
    const x = m.addVar({ ub: 10, cost: 3 });
    const y = m.addVar({ ub: 10, cost: 2 });
    m.addRow([x, y], [1, 1], -Infinity, 4);
    m.addRow([x, y], [1, 3], -Infinity, 6);
    const out = await solveModel(m, { relaxation: true });
    expect(out.status).toBe('optimal');
    const bound = certifiedMaxBound(m, out.rowDuals!);
    expect(bound).toBeGreaterThanOrEqual(out.objective - 1e-9);
    expect(bound).toBeLessThan(out.objective + 1e-6);
    // Any multipliers give a valid (looser) bound.
    expect(certifiedMaxBound(m, new Float64Array([0, 0]))).toBe(3 * 10 + 2 * 10 + 1e-9 * 50 + 1e-9);
  });
});

describe('seatExactly', () => {
  it('sees clashes between one student\'s groups, which per-type group counts cannot', async () => {
    // Two identical students choose A and B. A runs in blocks 0 and 1 (capacity 1 each), B only in block 0.
    // Counts x[type, group] would seat both (A0 + A1, B0 twice); legally only the one in A1 can take B0.
    const input: SeatingInput = {
      students: [{ choices: [0, 1], reserves: [] }, { choices: [0, 1], reserves: [] }],
      groups: [
        { course: 0, cells: [0], capacity: 1, minSize: 0, pinned: false },
        { course: 0, cells: [1], capacity: 1, minSize: 0, pinned: false },
        { course: 1, cells: [0], capacity: 2, minSize: 0, pinned: false },
      ],
      coursePlaces: [null, null],
    };
    const out = (await seatExactly(input, { timeLimitSeconds: 10 }))!;
    expect(violations(input, out.assignment)).toEqual([]);
    expect(out.fullySatisfied).toBe(1);
    expect(out.choicesMet).toBe(3);
    expect(out.optimal).toBe(true);
    expect(out.upperBoundFullySatisfied).toBe(1);
  });

  it('closes a group that cannot reach its minimum and places reserves only for unmet choices', async () => {
    const input: SeatingInput = {
      students: [
        { choices: [0, 1], reserves: [2] },
        { choices: [0, 1], reserves: [2] },
      ],
      groups: [
        { course: 0, cells: [0], capacity: 5, minSize: 0, pinned: false },
        { course: 1, cells: [1], capacity: 5, minSize: 3, pinned: false }, // only 2 want it: cannot run
        { course: 2, cells: [1], capacity: 5, minSize: 0, pinned: false },
      ],
      coursePlaces: [null, null, null],
    };
    const out = (await seatExactly(input, { timeLimitSeconds: 10 }))!;
    expect(violations(input, out.assignment)).toEqual([]);
    expect([out.fullySatisfied, out.choicesMet, out.reservesUsed]).toEqual([0, 2, 2]);
    expect(out.optimal).toBe(true);
  });

  it('keeps fixed students, respects places and returns null when fixed students cannot fit', async () => {
    const input: SeatingInput = {
      students: [{ choices: [0], reserves: [], fixed: [1] }, { choices: [0], reserves: [] }, { choices: [0], reserves: [] }],
      groups: [
        { course: 0, cells: [0], capacity: 3, minSize: 0, pinned: false },
        { course: 0, cells: [1], capacity: 3, minSize: 0, pinned: true },
      ],
      coursePlaces: [2],
    };
    const out = (await seatExactly(input, { timeLimitSeconds: 10 }))!;
    expect(violations(input, out.assignment)).toEqual([]);
    expect(out.assignment[0][0]).toBe(1);
    expect(out.fullySatisfied).toBe(2);
    const over: SeatingInput = { ...input, groups: [input.groups[0], { ...input.groups[1], capacity: 0 }] };
    expect(await seatExactly(over, { timeLimitSeconds: 10 })).toBeNull();
  });

  it('rejects malformed input with a message that names the field', async () => {
    const bad: SeatingInput = { students: [{ choices: [5], reserves: [] }], groups: [], coursePlaces: [null] };
    await expect(seatExactly(bad, { timeLimitSeconds: 1 })).rejects.toThrow(/students\[0\]\.choices\[0\] is 5/);
    const bad2: SeatingInput = { students: [], groups: [{ course: 0, cells: [0], capacity: -1, minSize: 0, pinned: false }], coursePlaces: [null] };
    await expect(seatExactly(bad2, { timeLimitSeconds: 1 })).rejects.toThrow(/groups\[0\]\.capacity is -1/);
  });

  for (const formulation of ['auto', 'binaries'] as const) {
    it(`matches brute force on tiny instances (${formulation}), keeps every rule and balances exactly`, async () => {
      await fc.assert(
        fc.asyncProperty(tinyInstance, async (input) => {
          const brute = bruteForce(input);
          const out = await seatExactly(input, { timeLimitSeconds: 10, formulation });
          if (!brute) {
            expect(out).toBeNull();
            return;
          }
          expect(out).not.toBeNull();
          expect(violations(input, out!.assignment)).toEqual([]);
          expect([out!.fullySatisfied, out!.choicesMet, out!.reservesUsed]).toEqual(brute.best);
          expect(scoreOf(input, out!.assignment)).toEqual(brute.best);
          expect(out!.optimal).toBe(true);
          expect(out!.upperBoundFullySatisfied).toBe(brute.best[0]);
          expect(imbalance(input, out!.assignment)).toBe(brute.imbalance);
        }),
        { numRuns: formulation === 'auto' ? 120 : 60, seed: formulation === 'auto' ? 7 : 8 },
      );
    });
  }

  it('never returns a seating worse than a legal initial one, and relabelling students keeps the optimum', async () => {
    await fc.assert(
      fc.asyncProperty(tinyInstance, async (input) => {
        const first = await seatExactly(input, { timeLimitSeconds: 10, balance: false });
        if (!first) return;
        const again = (await seatExactly(input, { timeLimitSeconds: 10, initial: first.assignment, balance: false }))!;
        expect(scoreOf(input, again.assignment)).toEqual(scoreOf(input, first.assignment));
        const order = input.students.map((_, i) => input.students.length - 1 - i);
        const relabelled: SeatingInput = { ...input, students: order.map((i) => input.students[i]) };
        const third = (await seatExactly(relabelled, { timeLimitSeconds: 10, balance: false }))!;
        expect(scoreOf(relabelled, third.assignment)).toEqual(scoreOf(input, first.assignment));
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it('seats 300 generated students legally within the time limit, at least as well as its greedy start', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    const nC = 16;
    const blocks = 4;
    const students = Array.from({ length: 300 }, () => {
      const pool = [...Array(nC).keys()].sort(() => rand() - 0.5);
      return { choices: pool.slice(0, 3), reserves: pool.slice(3, 4) };
    });
    const demand = new Array(nC).fill(0);
    for (const s of students) for (const c of s.choices) demand[c]++;
    const groups = demand.flatMap((d, c) =>
      Array.from({ length: Math.max(1, Math.round(d / 25)) }, (_, k) => ({ course: c, cells: [((c + k * 3) % blocks) * 2, ((c + k * 3) % blocks) * 2 + 1], capacity: 26, minSize: 8, pinned: false })),
    );
    const input: SeatingInput = { students, groups, coursePlaces: new Array(nC).fill(null) };
    const started = performance.now();
    const out = (await seatExactly(input, { timeLimitSeconds: 5 }))!;
    const seconds = (performance.now() - started) / 1000;
    expect(violations(input, out.assignment)).toEqual([]);
    expect(seconds).toBeLessThan(8);
    expect(out.upperBoundFullySatisfied).toBeGreaterThanOrEqual(out.fullySatisfied);
    expect(out.upperBoundFullySatisfied).toBeLessThanOrEqual(300);
  });
});
