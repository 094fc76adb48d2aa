/**
 * A brute force for the build-mode bound's input that shares no code with solver/exact/bound.ts (every set of
 * groups, up to two a course, every teacher and room assignment, every seating of tiny cohorts), and the
 * generator of tiny inputs it can settle. Shared by the bound's and the whole-cohort model's tests.
 */
import fc from 'fast-check';
import type { BoundCourse, BoundInput } from '../../solver/exact/bound';

interface G {
  course: number;
  blocks: number[];
}

function cellsOf(input: BoundInput, g: G): number[] {
  const out: number[] = [];
  for (const b of g.blocks) for (let y = 0; y < input.years; y++) if ((input.courses[g.course].yearsMask >> y) & 1) out.push(b * input.years + y);
  return out;
}

const disjoint = (a: number[], b: number[]) => a.every((x) => !b.includes(x));

/** Most students fully satisfied over every legal plan; -1 when no plan is legal (pinned groups break a rule). */
export function bruteForce(input: BoundInput): number {
  const { blocks: B, courses } = input;
  const staff = input.teachers ?? [];
  const rooms = input.rooms ?? [];
  const placementsOf = (c: BoundCourse) => {
    const allowed = [...Array(B).keys()].filter((b) => (c.allowedBlocks >> b) & 1);
    return c.span === 2 ? allowed.flatMap((b1, i) => allowed.slice(i + 1).map((b2) => [b1, b2])) : allowed.map((b) => [b]);
  };
  // Multisets of up to two new groups for each course.
  const options = courses.map((c, ci) => {
    const ps = placementsOf(c);
    const out: G[][] = [[]];
    ps.forEach((p, i) => {
      out.push([{ course: ci, blocks: p }]);
      for (let j = i; j < ps.length; j++) out.push([{ course: ci, blocks: p }, { course: ci, blocks: ps[j] }]);
    });
    return out;
  });
  // A type's reserves are read as every student holding an equal share, in order: student j of a type of
  // count n holds reserves.slice(j * L, (j + 1) * L) with L = reserves.length / n (the generator keeps to that).
  const students = input.types.flatMap((t) =>
    Array.from({ length: t.count }, (_, j) => {
      const L = (t.reserves?.length ?? 0) / t.count;
      const choices = [...new Set(t.choices)];
      return { choices, reserves: [...new Set((t.reserves ?? []).slice(j * L, (j + 1) * L))].filter((c) => !choices.includes(c)) };
    }),
  );
  const pinnedCount = (input.pinned ?? []).length;
  let best = -1;
  const pick: G[][] = [];
  const recCourse = (ci: number) => {
    if (ci === courses.length) {
      evaluate([...(input.pinned ?? []).map((p) => ({ course: p.course, blocks: p.blocks })), ...pick.flat()]);
      return;
    }
    for (const o of options[ci]) {
      pick[ci] = o;
      recCourse(ci + 1);
    }
  };
  const evaluate = (groups: G[]) => {
    // Course counts.
    for (let c = 0; c < courses.length; c++) {
      const mine = groups.filter((g) => g.course === c);
      if (mine.length > (courses[c].maxGroups ?? Infinity) || mine.length < (courses[c].minGroups ?? 0)) return;
      for (let b = 0; b < B; b++) if (mine.filter((g) => g.blocks.includes(b)).length > (courses[c].maxGroupsPerBlock ?? Infinity)) return;
    }
    for (let y = 0; y < input.years; y++) {
      const running = groups.filter((g) => (courses[g.course].yearsMask >> y) & 1).length;
      if (input.maxGroupsPerYear != null && running > input.maxGroupsPerYear) return;
    }
    const cells = groups.map((g) => cellsOf(input, g));
    // Teachers: one each for home groups when staff are listed.
    const needT = groups.map((g) => staff.length > 0 && courses[g.course].home);
    const teacherOk = (assign: number[]): boolean => {
      for (let i = 0; i < groups.length; i++) {
        if (!needT[i]) continue;
        const t = staff[assign[i]];
        if (!t.courses.includes(groups[i].course)) return false;
        if (cells[i].some((c) => t.unavailableCells.includes(c))) return false;
        for (let j = 0; j < i; j++) if (needT[j] && assign[j] === assign[i] && !disjoint(cells[i], cells[j])) return false;
      }
      for (let t = 0; t < staff.length; t++) {
        for (let y = 0; y < input.years; y++) {
          const n = groups.filter((g, i) => needT[i] && assign[i] === t && ((courses[g.course].yearsMask >> y) & 1)).length;
          if (n > (staff[t].maxGroups ?? Infinity)) return false;
        }
      }
      return true;
    };
    let anyTeacher = false;
    const recT = (i: number, assign: number[]) => {
      if (anyTeacher) return;
      if (i === groups.length) {
        if (teacherOk(assign)) anyTeacher = true;
        return;
      }
      if (!needT[i]) return recT(i + 1, [...assign, -1]);
      for (let t = 0; t < staff.length; t++) recT(i + 1, [...assign, t]);
    };
    recT(0, []);
    if (!anyTeacher) return;
    // Rooms: one each for home groups that need one; capacity caps the group.
    const needR = groups.map((g) => courses[g.course].home && courses[g.course].rooms !== null);
    const recR = (i: number, assign: number[]) => {
      if (i === groups.length) {
        const caps = groups.map((g, k) => Math.min(courses[g.course].maxGroupSize, needR[k] ? rooms[assign[k]].capacity : Infinity));
        best = Math.max(best, seat(groups, cells, caps));
        return;
      }
      if (!needR[i]) return recR(i + 1, [...assign, -1]);
      for (const r of courses[groups[i].course].rooms!) {
        if (cells[i].some((c) => rooms[r].unavailableCells.includes(c))) continue;
        if (assign.some((r2, j) => r2 === r && !disjoint(cells[i], cells[j]))) continue;
        recR(i + 1, [...assign, r]);
      }
    };
    recR(0, []);
  };
  const seat = (groups: G[], cells: number[][], caps: number[]): number => {
    // Each student: a full assignment (a group per choice, cells disjoint), or, when some group has a minimum
    // size to reach, any partial one (some choices, and reserves no more than the unmet choices), or nothing.
    const minOf = (i: number) => (i < pinnedCount ? 0 : (courses[groups[i].course].minGroupSize ?? 0));
    const partial = groups.some((_, i) => minOf(i) > 1);
    const assignments = (want: number[]) => {
      const out: number[][] = [];
      const rec = (k: number, cur: number[]) => {
        if (k === want.length) return void out.push(cur);
        groups.forEach((g, i) => {
          if (g.course === want[k] && cur.every((j) => disjoint(cells[i], cells[j]))) rec(k + 1, [...cur, i]);
        });
      };
      rec(0, []);
      return out;
    };
    const subsets = (xs: number[]) => xs.reduce<number[][]>((acc, x) => [...acc, ...acc.map((a) => [...a, x])], [[]]);
    const rows = students.map(({ choices, reserves }) => {
      const full = assignments(choices).map((r) => ({ r, full: 1 }));
      if (!partial) return [...full, { r: [] as number[], full: 0 }];
      const part: { r: number[]; full: number }[] = [];
      for (const got of subsets(choices)) {
        if (got.length === choices.length) continue;
        for (const res of subsets(reserves)) {
          if (res.length > choices.length - got.length) continue;
          for (const r of assignments([...got, ...res])) part.push({ r, full: 0 });
        }
      }
      return [...full, ...part];
    });
    const size = new Array(groups.length).fill(0);
    const placed = new Array(courses.length).fill(0);
    let top = 0;
    const rec = (s: number, full: number) => {
      if (full + (students.length - s) <= top) return;
      if (s === students.length) {
        if (groups.some((_, i) => size[i] > 0 && size[i] < minOf(i))) return;
        top = full;
        return;
      }
      for (const { r: row, full: gain } of rows[s]) {
        if (row.some((i) => size[i] >= caps[i] || placed[groups[i].course] >= (courses[groups[i].course].places ?? Infinity))) continue;
        for (const i of row) {
          size[i]++;
          placed[groups[i].course]++;
        }
        rec(s + 1, full + gain);
        for (const i of row) {
          size[i]--;
          placed[groups[i].course]--;
        }
      }
    };
    rec(0, 0);
    return top;
  };
  recCourse(0);
  return best;
}

export const course = (o: Partial<BoundCourse>): BoundCourse => ({
  allowedBlocks: 0b11, span: 1, yearsMask: 1, maxGroupSize: 2, maxGroups: null, maxGroupsPerBlock: null, places: null, home: true, rooms: null, ...o,
});

export const tinyBuild = fc
  .record({
    blocks: fc.integer({ min: 2, max: 3 }),
    years: fc.integer({ min: 1, max: 2 }),
    courses: fc.array(
      fc.record({
        allowedBlocks: fc.integer({ min: 1, max: 7 }), span2: fc.boolean(), yearsMask: fc.integer({ min: 1, max: 3 }), maxGroupSize: fc.integer({ min: 1, max: 3 }),
        maxGroups: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), maxGroupsPerBlock: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
        places: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), home: fc.boolean(), roomPick: fc.option(fc.nat(3), { nil: null }),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    teachers: fc.array(fc.record({ courses: fc.uniqueArray(fc.nat(2), { maxLength: 3 }), unavailable: fc.uniqueArray(fc.nat(5), { maxLength: 2 }), maxGroups: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }) }), { maxLength: 2 }),
    rooms: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 3 }), unavailable: fc.uniqueArray(fc.nat(5), { maxLength: 2 }) }), { maxLength: 2 }),
    maxGroupsPerYear: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    types: fc.array(fc.record({ choices: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }), count: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 }),
    pinned: fc.option(fc.record({ course: fc.nat(2), block: fc.nat(2) }), { nil: null, freq: 3 }),
  })
  .map((r): BoundInput => {
    const nC = r.courses.length;
    const mask = (1 << r.blocks) - 1;
    const courses = r.courses.map((c) => {
      const allowed = c.allowedBlocks & mask || 1;
      const span = c.span2 && allowed.toString(2).split('1').length - 1 >= 2 ? 2 : 1;
      return course({
        allowedBlocks: allowed, span, yearsMask: r.years === 1 ? 1 : c.yearsMask, maxGroupSize: c.maxGroupSize, maxGroups: c.maxGroups, maxGroupsPerBlock: c.maxGroupsPerBlock,
        places: c.places, home: c.home, rooms: c.roomPick === null || r.rooms.length === 0 ? null : c.roomPick === 3 ? [0, 1].filter((i) => i < r.rooms.length) : [c.roomPick % r.rooms.length],
      });
    });
    const nCells = r.blocks * r.years;
    const pinned = r.pinned && courses[r.pinned.course % nC].span === 1 ? [{ course: r.pinned.course % nC, blocks: [r.pinned.block % r.blocks] }] : [];
    return {
      blocks: r.blocks, years: r.years, courses,
      teachers: r.teachers.map((t) => ({ courses: t.courses.filter((c) => c < nC), unavailableCells: t.unavailable.filter((c) => c < nCells), maxGroups: t.maxGroups })),
      rooms: r.rooms.map((x) => ({ capacity: x.capacity, unavailableCells: x.unavailable.filter((c) => c < nCells) })),
      maxGroupsPerYear: r.maxGroupsPerYear,
      types: r.types.map((t) => ({ choices: t.choices.filter((c) => c < nC), count: t.count })).filter((t) => t.choices.length > 0),
      pinned,
    };
  });
