/**
 * A proven upper bound on the number of fully satisfied students of a BUILD problem (groups not yet placed).
 *
 * Rule statement: the bound is the optimum of a relaxation of the true problem, so no legal plan can fully
 * satisfy more students; every constraint below is implied by the rules of docs/format.md, and anything in doubt
 * is left out (a looser bound is fine, a wrong one never is).
 *
 * 1. Combinatorial: a student type whose choices cannot be placed together at all (no assignment of its
 *    courses to usable placements with disjoint cells) is never fully satisfied. A placement is usable when
 *    the course may run (maxGroups > 0, a positive size) and, where staff are listed and the course is taught
 *    at home, every cell of it has a qualified available teacher, and, where it needs a room, every cell has
 *    an allowed available room. Also, per course, at most (its seats) of the students choosing it.
 * 2. Linear relaxation (students of the same choices aggregated), certified by weak duality from the LP duals
 *    (`certifiedMaxBound`), so the result does not depend on the solver's tolerances:
 *      y[c,p] >= 0   groups of course c at placement p (a block, or a block pair for span 2)
 *      z[t,q] >= 0   fully satisfied students of type t on pattern q (each choice at a placement, cells disjoint)
 *    seats:  sum of z using (c,p) <= size_c * y[c,p] + seats of pinned groups there
 *    places, maxGroups, maxGroupsPerBlock, groups per year <= limit,
 *    per cell (block, year): groups of courses S <= teachers available there who teach some course of S, for S
 *      each single home course and each connected part of the course-teacher graph; the same for rooms,
 *    per year: groups of S <= sum over their teachers of min(maxGroups, blocks available that year); S also
 *      ranges over the closed course sets of a component of at most 12 courses (Hall's condition),
 *    minimum group sizes: v[c,p] >= 0 students NOT fully satisfied sitting at (c,p) (a choice they got or a
 *      reserve); seats and places count them too; minGroupSize * y[c,p] <= students at (c,p), y read as the
 *      groups that hold a student; per course, v <= its choosers not fully satisfied plus its reserve holders
 *      not fully satisfied; overall, sum v <= sum_t k_t (count_t - f_t) (reserves only for unmet choices);
 *      groups of a course <= floor(pool / minGroupSize); and for a course of d choosers below its minimum m (no
 *      pinned group), d * R >= (m - d) * F: F its choosers fully satisfied, R its reserve holders who are not
 *      (a fully satisfied chooser means a group of at least m, of whom at most d chose it; F <= d makes the
 *      line the hull of "F = 0 or R >= m - d"). On sample-120 it alone takes the LP from 115.25 to 113.
 *    When the patterns are too many, a weaker compact form replaces them: f[t] fully satisfied students,
 *    w[t,c,p] of them with course c at p, sum_p w[t,c,p] >= f[t] for each choice c, and per cell
 *    sum of w[t,.,p] covering it <= f[t]. When even that is too big, only the combinatorial bound is returned.
 * 3. The same model with y integer (a MIP on HiGHS) in the time left, plus students of a type at a placement
 *    <= min(count, size) * y there (too slow for the LP with simplex; with `lpIntegerRows` they join the LP,
 *    solved by PDLP: sample-120 118 -> 115; decisive for the MIP): HiGHS's proven dual bound,
 *    floor(bound + 1e-6), when lower. With `atLeast`, the MIP only asks whether more than that is possible.
 *    On sample-120 (before the small-course row): LP 118, MIP 115 in about a second, 113 in three, 111 (the
 *    optimum) in 35 to 45 s (69 s under a load of 12 on the 2 shared cores). With that row: LP 113 (0.6 s, with
 *    or without the integer-only rows); the MIP proves nothing above 112 after 134 nodes (42,000 LP iterations,
 *    18 to 20 s of CPU with heuristics off, most of it the root's cut rounds) and nothing above 111 after 508
 *    nodes (202,000 iterations, 28 s of CPU).
 *    The solve runs the LP here and the integer run as the whole-cohort model (cohort.ts), which builds this
 *    same model (buildBoundModel) and also reads a plan back from it.
 * 4. Between the two, a branch outside HiGHS on where the courses that run one group put it
 *    (single-group-branch.ts), each node this LP under those column bounds, certified: the LP spreads such a
 *    group over the blocks and so never sees the clashes between them (sample-120: LP 113 for any placement of a
 *    few of them; 112 proved in 11 nodes, 6,746 simplex iterations). It cannot reach sample-120's optimum 111:
 *    with every one-group course placed (its 298th node) the LP still says 112, its group counts of the
 *    multi-group courses fractional; a group exactly one or none at each placement, the integer-only rows of
 *    every course, or branching the other courses the same way (272 nodes, 229,000 iterations) each still left a
 *    leaf at 112. It stops by work (simplex iterations), so its answer does not depend on the machine's load.
 * Pinned groups add seats, and count against every limit on groups, teachers and rooms (maxGroups,
 * maxGroupsPerBlock, groups per year, the teachers and rooms of a cell, a teacher's groups in a year), since
 * they run whatever the plan; where the pinned groups alone break a limit, that limit is left as it is.
 * minGroups: the groups a course must run beyond its pinned ones and those holding students are empty new
 * groups, which use teachers, rooms and group counts like any other (u below).
 * Cuts tried and left out: "each student sits once per cell" (sum of everyone seated on placements covering
 * a cell <= the cohort) and "a type's fully satisfied students use one group per cell" are implied by the
 * pattern form (a pattern's cells are disjoint) and did not move sample-120's root (115.25) at all; no two
 * blocks of the samples are interchangeable (teacher and room availability differ), so block symmetry
 * breaking has nothing to act on there.
 */
import { LinearModel, certifiedMaxBound, solveModel } from './highs';

export interface BoundCourse {
  /** Bit b set: groups may occupy block b. */
  allowedBlocks: number;
  span: 1 | 2;
  /** Bit y set: taught in year index y (a group holds its blocks in each of these years). */
  yearsMask: number;
  maxGroupSize: number;
  /** null: unlimited. */
  maxGroups: number | null;
  maxGroupsPerBlock: number | null;
  places: number | null;
  /** Taught at home (needs a teacher when teachers are listed) rather than at a partner. */
  home: boolean;
  /** Room indices a group may use (from roomType or rooms), or null when it needs no room. [] means none fits. */
  rooms: number[] | null;
  /** A group with a student in it holds at least this many (pinned groups are exempt); default 0. */
  minGroupSize?: number;
  /** Groups the course must run (pinned ones included; empty groups count); default 0. */
  minGroups?: number;
}

export interface BoundTeacher {
  /** Course indices they can teach. */
  courses: number[];
  /** Cells (block * years + yearIndex) they are unavailable in. */
  unavailableCells: number[];
  /** Most groups of this cohort in one year; null for no limit. */
  maxGroups: number | null;
}

export interface BoundRoom {
  capacity: number;
  unavailableCells: number[];
}

export interface BoundInput {
  blocks: number;
  years: number;
  courses: BoundCourse[];
  /** Staff; empty or missing means staff are not listed, so no teacher rule applies. */
  teachers?: BoundTeacher[];
  rooms?: BoundRoom[];
  /** limits.maxGroups: the most groups running in any one year; null for none. */
  maxGroupsPerYear?: number | null;
  /**
   * Students with the same choices (course indices) aggregated. `reserves` lists, for the type's students
   * together, one course index per reserve a student holds (GEO held by three of them: GEO three times).
   * Missing means none: the bound then counts only choosers as able to fill a group to its minimum size.
   * `students` (optional, unused by the bound) names the type's students by model index, so a plan the
   * whole-cohort model reads back per type can be seated student by student.
   */
  types: { choices: number[]; count: number; reserves?: number[]; students?: number[] }[];
  /** Groups fixed in place (build mode), by course and block indices. */
  pinned?: { course: number; blocks: number[] }[];
}

export interface BoundResult {
  upperBound: number;
  /** 'lp-patterns', 'lp-compact' or 'combinatorial', with the LP's status when it did not solve. */
  method: string;
  seconds: number;
  /**
   * The bound came from an integer run its clock stopped (HiGHS's dual bound at the time limit): a faster or
   * quieter run could prove a lower one, so the same seed and time need not give the same bound.
   */
  clockBound?: boolean;
}

export interface BoundOptions {
  timeLimitSeconds?: number;
  /** Pattern columns allowed before the compact form is used. */
  maxPatterns?: number;
  /** Compact columns allowed before the LP is skipped. */
  maxCompactColumns?: number;
  /**
   * After the certified LP, solve the same model with integer group counts (a MIP on HiGHS) in the time left
   * of timeLimitSeconds and take its proven dual bound when lower. Default true.
   */
  integer?: boolean;
  /**
   * A threshold, normally the fully satisfied count of the plan found: the MIP then only asks whether MORE can be
   * fully satisfied (it gets the row "objective >= atLeast + 1"), which prunes far more. The bound stays valid
   * whatever the number: every plan either satisfies at most atLeast, or is feasible for that MIP and so is
   * within its dual bound; the result is the larger of the two (and atLeast when the MIP is infeasible).
   */
  atLeast?: number;
  /**
   * Put the integer-only rows (students of a type at a placement <= min(count, size) * y there) into the LP
   * too, solved by `lpSolver`: they hold for every plan (whole y), so the LP stays a relaxation and its
   * certificate a bound, and they tighten it (sample-120: 118 -> 115). With the default simplex they made the
   * LP 6 to 30 times slower; with PDLP it stays about a second. Default false.
   */
  lpIntegerRows?: boolean;
  lpSolver?: 'pdlp' | 'ipm' | 'simplex';
}

/** A placement: the blocks one group holds and the cells they make in the course's years. */
interface Placement {
  blocks: number[];
  cells: number[];
  /** Pinned groups at exactly these blocks (seats only). */
  pinned: number;
  /** Whether a new group may be put here (false: only pinned groups sit here). */
  usable: boolean;
}

function validate(input: BoundInput): void {
  const { blocks, years } = input;
  if (!(Number.isInteger(blocks) && blocks >= 1 && blocks <= 30)) throw new Error(`blocks is ${blocks}; the bound handles 1 to 30 blocks (block masks are 32-bit).`);
  if (!(Number.isInteger(years) && years >= 1)) throw new Error(`years is ${years}; it must be at least 1.`);
  const nC = input.courses.length;
  input.courses.forEach((c, i) => {
    if (!(c.maxGroupSize >= 0)) throw new Error(`courses[${i}].maxGroupSize is ${c.maxGroupSize}. Maybe it should be at least 1?`);
    if (c.span !== 1 && c.span !== 2) throw new Error(`courses[${i}].span is ${c.span}; it must be 1 or 2.`);
    for (const r of c.rooms ?? []) if (!(r >= 0 && r < (input.rooms?.length ?? 0))) throw new Error(`courses[${i}].rooms names room ${r}, which does not exist.`);
  });
  input.types.forEach((t, i) => {
    t.choices.forEach((c, k) => {
      if (!(Number.isInteger(c) && c >= 0 && c < nC)) throw new Error(`types[${i}].choices[${k}] is ${c}, not a course index (0..${nC - 1}).`);
    });
    if (!(Number.isInteger(t.count) && t.count >= 0)) throw new Error(`types[${i}].count is ${t.count}; it must be a whole number.`);
  });
  (input.teachers ?? []).forEach((t, i) => {
    for (const c of t.courses) if (!(c >= 0 && c < nC)) throw new Error(`teachers[${i}].courses names course ${c}, which does not exist.`);
  });
  (input.pinned ?? []).forEach((p, i) => {
    if (!(p.course >= 0 && p.course < nC)) throw new Error(`pinned[${i}].course is ${p.course}, which does not exist.`);
    for (const b of p.blocks) if (!(b >= 0 && b < blocks)) throw new Error(`pinned[${i}].blocks names block ${b}, out of 0..${blocks - 1}.`);
  });
}

/**
 * The relaxation of the header as a model, for the bound here and for the whole-cohort model (cohort.ts), which
 * reads a plan back from the same columns. Layout: yCol[c][pi] is the column of new groups of course c at
 * placements[c][pi] (-1: none may open there); patternsOf[t] holds, for the pattern form, k_t placement
 * indices per pattern (pattern q uses placements[choices[j]][patternsOf[t][q * k_t + j]] for its j-th choice,
 * choices = typeChoices[t]); zCols[t][q] is that pattern's column. fTerms[t] sums to f[t]. `deferred` rows
 * belong in the integer model only (see typeUseRows).
 */
export interface BoundModel {
  model: LinearModel;
  form: 'lp-patterns' | 'lp-compact';
  comb: number;
  constant: number;
  placements: { blocks: number[]; usable: boolean; pinned: number }[][];
  yCol: number[][];
  /** vCol[c][pi]: students not fully satisfied sitting at placements[c][pi] (-1: none can). */
  vCol: number[][];
  /** w columns: of type `type`'s `holders` students holding one course as a reserve, at least the fully satisfied ones. */
  reserveAux: { col: number; type: number; holders: number }[];
  typeChoices: number[][];
  typeCounts: number[];
  patternsOf: Int32Array[] | null;
  zCols: number[][];
  fTerms: number[][];
  deferred: { cols: number[]; vals: number[]; ub: number }[];
}

/**
 * Builds the relaxation; returns the combinatorial bound alone (`early`) when nobody can be fully satisfied or
 * the model would be too large.
 */
export function buildBoundModel(input: BoundInput, options: BoundOptions = {}): { early: { upperBound: number; method: string } } | BoundModel {
  validate(input);
  const { blocks: B, years: Y, courses } = input;
  const nC = courses.length;
  const nCells = B * Y;
  const teachers = input.teachers ?? [];
  const rooms = input.rooms ?? [];
  const staffListed = teachers.length > 0;
  const total = input.types.reduce((a, t) => a + t.count, 0);

  // Availability tables: teacherFree[τ * nCells + cell], roomFree[r * nCells + cell].
  const teacherFree = new Uint8Array(teachers.length * nCells).fill(1);
  teachers.forEach((t, i) => {
    for (const cell of t.unavailableCells) if (cell >= 0 && cell < nCells) teacherFree[i * nCells + cell] = 0;
    if (t.maxGroups === 0) teacherFree.fill(0, i * nCells, (i + 1) * nCells);
  });
  const roomFree = new Uint8Array(rooms.length * nCells).fill(1);
  rooms.forEach((r, i) => {
    for (const cell of r.unavailableCells) if (cell >= 0 && cell < nCells) roomFree[i * nCells + cell] = 0;
    if (!(r.capacity >= 1)) roomFree.fill(0, i * nCells, (i + 1) * nCells);
  });
  const teachersOf: number[][] = courses.map(() => []);
  teachers.forEach((t, i) => {
    for (const c of new Set(t.courses)) teachersOf[c].push(i);
  });
  const needsTeacher = (c: number) => staffListed && courses[c].home;
  const needsRoom = (c: number) => courses[c].home && courses[c].rooms !== null;
  const yearsOf = (c: number) => [...Array(Y).keys()].filter((y) => (courses[c].yearsMask >> y) & 1);

  // Largest group a course can have: its maxGroupSize, its places, and the largest room it may use.
  const size = courses.map((c, i) => {
    let s = Math.min(c.maxGroupSize, c.places ?? Infinity);
    if (needsRoom(i)) s = Math.min(s, Math.max(0, ...c.rooms!.map((r) => rooms[r].capacity)));
    return Math.max(0, Math.floor(s));
  });
  const demand = new Array(nC).fill(0);
  for (const t of input.types) for (const c of new Set(t.choices)) demand[c] += t.count;

  // Placements per course (usable ones, then pinned-only ones).
  const placements: Placement[][] = courses.map((c, ci) => {
    const list: Placement[] = [];
    const ys = yearsOf(ci);
    const cellsOf = (bs: number[]) => bs.flatMap((b) => ys.map((y) => b * Y + y));
    const cellOk = (cell: number) =>
      (!needsTeacher(ci) || teachersOf[ci].some((t) => teacherFree[t * nCells + cell])) &&
      (!needsRoom(ci) || c.rooms!.some((r) => roomFree[r * nCells + cell]));
    const canRun = c.maxGroups !== 0 && size[ci] > 0 && ys.length > 0 && c.maxGroupsPerBlock !== 0;
    const allowed = [...Array(B).keys()].filter((b) => (c.allowedBlocks >> b) & 1);
    const sets: number[][] = c.span === 2 ? allowed.flatMap((b1, i) => allowed.slice(i + 1).map((b2) => [b1, b2])) : allowed.map((b) => [b]);
    for (const bs of sets) {
      const cells = cellsOf(bs);
      if (canRun && cells.every(cellOk)) list.push({ blocks: bs, cells, pinned: 0, usable: true });
    }
    return list;
  });
  for (const p of input.pinned ?? []) {
    const bs = [...new Set(p.blocks)].sort((a, b) => a - b);
    const key = bs.join(',');
    const list = placements[p.course];
    let pl = list.find((x) => x.blocks.join(',') === key);
    if (!pl) {
      const ys = yearsOf(p.course);
      pl = { blocks: bs, cells: bs.flatMap((b) => ys.map((y) => b * Y + y)), pinned: 0, usable: false };
      list.push(pl);
    }
    pl.pinned++;
  }
  // Seats a pinned group offers: the course's maxGroupSize (rooms ignored: looser, still valid).
  const pinnedSize = courses.map((c) => Math.max(0, Math.floor(c.maxGroupSize)));

  // ---- combinatorial bound ----
  const typeChoices = input.types.map((t) => [...new Set(t.choices)]);
  const feasibleType = typeChoices.map((choices) => {
    // Depth-first search for one assignment with disjoint cells; most constrained course first.
    const order = [...choices].sort((a, b) => placements[a].length - placements[b].length);
    const used = new Uint8Array(nCells);
    let nodes = 0;
    const rec = (k: number): boolean => {
      if (k === order.length) return true;
      if (++nodes > 200_000) return true; // undecided: assume possible (never over-claims)
      for (const p of placements[order[k]]) {
        if (p.cells.some((c) => used[c])) continue;
        for (const c of p.cells) used[c] = 1;
        const ok = rec(k + 1);
        for (const c of p.cells) used[c] = 0;
        if (ok) return true;
      }
      return false;
    };
    return rec(0);
  });
  let comb = 0;
  input.types.forEach((t, i) => {
    if (feasibleType[i]) comb += t.count;
  });
  // Per course: at most its seats of the (possible) students choosing it are satisfied.
  let worstExcess = 0;
  for (let c = 0; c < nC; c++) {
    let want = 0;
    input.types.forEach((t, i) => {
      if (feasibleType[i] && typeChoices[i].includes(c)) want += t.count;
    });
    const usable = placements[c].filter((p) => p.usable);
    const groupsCap = courses[c].maxGroups ?? Infinity;
    const perBlockCap = courses[c].maxGroupsPerBlock ?? Infinity;
    const maxNew = usable.length === 0 ? 0 : Math.min(groupsCap, perBlockCap * B);
    let seats = maxNew * size[c] + placements[c].reduce((a, p) => a + p.pinned * pinnedSize[c], 0);
    seats = Math.min(seats, courses[c].places ?? Infinity);
    worstExcess = Math.max(worstExcess, want - seats);
  }
  comb = Math.min(comb, total - worstExcess);
  comb = Math.max(0, comb);

  // ---- linear relaxation ----
  const maxPatterns = options.maxPatterns ?? 60_000;
  const maxCompact = options.maxCompactColumns ?? 200_000;
  let patternCount = 0;
  const patternsOf: Int32Array[] | null = (() => {
    const out: Int32Array[] = [];
    for (let ti = 0; ti < input.types.length; ti++) {
      const choices = typeChoices[ti];
      if (!feasibleType[ti] || input.types[ti].count === 0) {
        out.push(new Int32Array(0));
        continue;
      }
      const flat: number[] = [];
      const cur = new Int32Array(choices.length);
      const used = new Uint8Array(nCells);
      let over = false;
      const rec = (k: number) => {
        if (over) return;
        if (k === choices.length) {
          if (++patternCount > maxPatterns) {
            over = true;
            return;
          }
          for (const p of cur) flat.push(p);
          return;
        }
        placements[choices[k]].forEach((p, pi) => {
          if (over || p.cells.some((c) => used[c])) return;
          for (const c of p.cells) used[c] = 1;
          cur[k] = pi;
          rec(k + 1);
          for (const c of p.cells) used[c] = 0;
        });
      };
      rec(0);
      if (over) return null;
      out.push(Int32Array.from(flat));
    }
    return out;
  })();
  let compactColumns = 0;
  input.types.forEach((_, i) => {
    if (feasibleType[i]) for (const c of typeChoices[i]) compactColumns += placements[c].length;
  });
  const form = patternsOf ? 'lp-patterns' : compactColumns <= maxCompact ? 'lp-compact' : null;
  if (!form || comb === 0) {
    return { early: { upperBound: comb, method: comb === 0 ? 'combinatorial (nobody can be fully satisfied)' : 'combinatorial (LP too large)' } };
  }

  const model = new LinearModel('max');
  // y columns: yCol[c][pi], -1 for pinned-only placements.
  const yCol: number[][] = courses.map((c, ci) =>
    placements[ci].map((p) => {
      if (!p.usable) return -1;
      const ub = Math.min(c.maxGroups ?? Infinity, c.maxGroupsPerBlock ?? Infinity, Math.max(demand[ci], 0));
      // Integer in the MIP (solveModel's relaxation flag ignores it for the LP).
      return ub > 0 ? model.addVar({ lb: 0, ub, integer: true }) : -1;
    }),
  );
  // Seat users per (course, placement): columns and coefficients.
  const seatCols: number[][][] = placements.map((ps) => ps.map(() => []));
  // fTerms[t]: the columns whose sum is f[t], the fully satisfied students of type t.
  const fTerms: number[][] = input.types.map(() => []);
  const zCols: number[][] = input.types.map(() => []);
  // Students of one type at one placement of a course: at most the type's count (and the course's size) times
  // the new groups there, since with none there they sit nowhere, unless pinned groups are there too. Implied
  // by the seat rows for whole y; with fractional y it is far tighter (a quarter of a group no longer seats
  // every student of a small type), which is what lets the MIP close. They are added only for the MIP
  // (`deferred`): in the LP they made HiGHS's simplex 6 to 30 times slower (sample-120 0.35 -> 2.3 s, a
  // generated 120-student cohort over 30 s), and the LP must fit the little time the solve leaves it.
  const deferred: { cols: number[]; vals: number[]; ub: number }[] = [];
  const typeUseRows = (count: number, use: Map<number, number[]>) => {
    for (const [key, cols] of use) {
      const c = Math.floor(key / 4096);
      const pi = key % 4096;
      const y = yCol[c][pi];
      if (placements[c][pi].pinned > 0) continue;
      const cap = Math.min(count, size[c]);
      if (y < 0) {
        model.addRow(cols, 1, -Infinity, 0);
        continue;
      }
      deferred.push({ cols: [...cols, y], vals: [...cols.map(() => 1), -cap], ub: 0 });
    }
  };
  if (patternsOf) {
    input.types.forEach((t, ti) => {
      const pats = patternsOf[ti];
      const k = typeChoices[ti].length;
      if (k === 0 || pats.length === 0) return;
      const cols: number[] = [];
      const use = new Map<number, number[]>();
      for (let q = 0; q < pats.length / k; q++) {
        const z = model.addVar({ lb: 0, ub: t.count, cost: 1 });
        cols.push(z);
        for (let j = 0; j < k; j++) {
          const c = typeChoices[ti][j];
          seatCols[c][pats[q * k + j]].push(z);
          const key = c * 4096 + pats[q * k + j];
          const l = use.get(key);
          if (l) l.push(z);
          else use.set(key, [z]);
        }
      }
      model.addRow(cols, 1, -Infinity, t.count);
      fTerms[ti] = cols;
      zCols[ti] = cols;
      typeUseRows(t.count, use);
    });
  } else {
    input.types.forEach((t, ti) => {
      if (!feasibleType[ti] || t.count === 0 || typeChoices[ti].length === 0) return;
      const f = model.addVar({ lb: 0, ub: t.count, cost: 1 });
      fTerms[ti] = [f];
      const byCell = new Map<number, number[]>();
      for (const c of typeChoices[ti]) {
        const ws: number[] = [];
        placements[c].forEach((p, pi) => {
          const w = model.addVar({ lb: 0, ub: t.count });
          ws.push(w);
          seatCols[c][pi].push(w);
          typeUseRows(t.count, new Map([[c * 4096 + pi, [w]]]));
          for (const cell of p.cells) {
            let l = byCell.get(cell);
            if (!l) byCell.set(cell, (l = []));
            l.push(w);
          }
        });
        // f <= sum_p w[t,c,p]
        model.addRow([f, ...ws], [1, ...ws.map(() => -1)], -Infinity, 0);
      }
      for (const ws of byCell.values()) if (ws.length > 1) model.addRow([...ws, f], [...ws.map(() => 1), -1], -Infinity, 0);
    });
  }
  // A type with no choices is fully satisfied by definition: a constant.
  const constant = input.types.reduce((a, t, i) => a + (typeChoices[i].length === 0 ? t.count : 0), 0);

  // ---- students who are not fully satisfied, and minimum group sizes ----
  // v[c,p] >= 0: students NOT fully satisfied who sit in a group of course c at placement p (by a choice they
  // got, or by a reserve). They take seats like anyone else (rule 2: maxGroupSize counts every student; rule 6:
  // places counts every student), and they are what lets a group reach its minimum size beside the fully
  // satisfied ones (rule 2: a group with a student in it holds at least minGroupSize, pinned groups exempt).
  // Here y[c,p] is read as the number of NEW groups there that hold a student: an empty group helps nobody and
  // only uses teachers, rooms and counts, whose rows are all upper limits, so dropping it keeps a plan legal
  // for every row below (minGroups, the one lower limit on counts, is left out for that reason).
  const reserveCount = new Array(nC).fill(0);
  const typeReserves: Map<number, number>[] = input.types.map((t) => {
    const m = new Map<number, number>();
    for (const c of t.reserves ?? []) if (c >= 0 && c < nC) m.set(c, (m.get(c) ?? 0) + 1);
    for (const [c, n] of m) reserveCount[c] += n;
    return m;
  });
  const pool = courses.map((_, c) => demand[c] + reserveCount[c]);
  const vCol: number[][] = placements.map((ps, c) =>
    ps.map((p, pi) => {
      if (pool[c] === 0 || (yCol[c][pi] < 0 && p.pinned === 0)) return -1;
      const v = model.addVar({ lb: 0, ub: pool[c] });
      seatCols[c][pi].push(v);
      // As for a type: nobody sits where no group is.
      if (p.pinned === 0) deferred.push({ cols: [v, yCol[c][pi]], vals: [1, -Math.min(pool[c], size[c])], ub: 0 });
      return v;
    }),
  );
  const minSize = courses.map((c) => Math.max(0, Math.ceil(c.minGroupSize ?? 0)));
  const reserveAux: { col: number; type: number; holders: number }[] = [];
  for (let c = 0; c < nC; c++) {
    const vs = vCol[c].filter((v) => v >= 0);
    if (vs.length === 0) continue;
    // Pool: the students who may sit in c without being fully satisfied are its choosers who are not fully
    // satisfied (demand - F_c, F_c the fully satisfied students who chose c, each in exactly one group of c)
    // and the reserve holders of c who are not fully satisfied (a fully satisfied student has no unmet
    // choice, so holds no reserve: rule 3). Of a type t with r of its count students holding c as a reserve,
    // at least max(0, f_t - (count - r)) fully satisfied ones hold it: w[t,c] >= f_t - count + r, w >= 0
    // (a larger w only tightens, so the rows hold for the true w).
    const cols: number[] = [...vs];
    input.types.forEach((t, ti) => {
      if (typeChoices[ti].includes(c)) cols.push(...fTerms[ti]);
      const r = typeReserves[ti].get(c) ?? 0;
      if (r > 0 && fTerms[ti].length > 0) {
        const w = model.addVar({ lb: 0, ub: r });
        reserveAux.push({ col: w, type: ti, holders: r });
        model.addRow([...fTerms[ti], w], [...fTerms[ti].map(() => 1), -1], -Infinity, t.count - r);
        cols.push(w);
      }
    });
    model.addRow(cols, 1, -Infinity, pool[c]);
  }
  // A student not fully satisfied sits in at most as many groups as they made choices (rule 3: reserves only
  // stand in for unmet choices): sum v <= sum_t k_t (count_t - f_t).
  {
    const cols: number[] = [];
    const vals: number[] = [];
    let rhs = 0;
    input.types.forEach((t, ti) => {
      const k = typeChoices[ti].length;
      rhs += k * t.count;
      for (const z of fTerms[ti]) {
        cols.push(z);
        vals.push(k);
      }
    });
    for (const vs of vCol) for (const v of vs) if (v >= 0) {
      cols.push(v);
      vals.push(1);
    }
    if (cols.length > 0) model.addRow(cols, vals, -Infinity, rhs);
  }
  // A course whose choosers are fewer than its minimum group size (d < m, no pinned group): a chooser fully
  // satisfied sits in a group of it, which then holds at least m students; at most d of them chose it, so at
  // least m - d are reserve holders of it who are NOT fully satisfied (rule 3). Either no chooser is fully
  // satisfied (F = 0) or those holders number R >= m - d; since F <= d, in both cases d * R >= (m - d) * F.
  // R is counted per type: h[t] <= its holders of the course, and <= its students not fully satisfied.
  for (let c = 0; c < nC; c++) {
    const d = demand[c];
    const m = minSize[c];
    if (!(d > 0 && m > d) || placements[c].some((p) => p.pinned > 0)) continue;
    const cols: number[] = [];
    const vals: number[] = [];
    input.types.forEach((t, ti) => {
      if (typeChoices[ti].includes(c)) {
        for (const z of fTerms[ti]) {
          cols.push(z);
          vals.push(m - d);
        }
        return;
      }
      const r = Math.min(typeReserves[ti].get(c) ?? 0, t.count);
      if (r === 0) return;
      const h = model.addVar({ lb: 0, ub: r });
      if (fTerms[ti].length > 0) model.addRow([h, ...fTerms[ti]], 1, -Infinity, t.count);
      cols.push(h);
      vals.push(-d);
    });
    model.addRow(cols, vals, -Infinity, 0);
  }

  // Pinned groups run whatever the plan (they are fixed in place), so every limit that counts groups, teachers or
  // rooms counts them too: a row "new groups <= limit" becomes "new groups <= limit - pinned ones it covers".
  // Where the pinned groups alone exceed a limit no plan keeps the rules; the row then keeps the plain limit
  // (looser, so the bound shown beside such a result is never a misleading 0).
  const afterPinned = (limit: number, fixed: number) => (fixed > 0 && limit - fixed >= 0 ? limit - fixed : limit);
  const pinnedOfCourse = new Int32Array(nC);
  const pinnedCourseBlock = new Int32Array(nC * B);
  // pinnedCellCount[c * nCells + cell]: pinned groups of course c covering the cell.
  const pinnedCellCount = new Int32Array(nC * nCells);
  placements.forEach((ps, c) =>
    ps.forEach((p) => {
      if (p.pinned === 0) return;
      pinnedOfCourse[c] += p.pinned;
      for (const b of p.blocks) pinnedCourseBlock[c * B + b] += p.pinned;
      for (const cell of p.cells) pinnedCellCount[c * nCells + cell] += p.pinned;
    }),
  );
  // minGroups (rule 1: a course runs at least minGroups groups). y counts only new groups holding a student, so
  // the groups a course must run beyond those and its pinned ones are empty new groups: u[c,p] >= 0 (integer
  // in the MIP), which use teachers, rooms and group counts like any group and seat nobody. A plan maps to
  // u = max(0, minGroups - pinned - sum y) empty groups (any further empty groups can close: every other row
  // is an upper limit), so u <= that need. Left out where no plan can meet it (no usable placement, or more
  // than maxGroups allows): the bound beside such a scenario is then never a misleading 0.
  const uCol: number[][] = placements.map((ps) => ps.map(() => -1));
  for (let c = 0; c < nC; c++) {
    const need = Math.max(0, Math.floor(courses[c].minGroups ?? 0) - pinnedOfCourse[c]);
    const usable = placements[c].flatMap((p, pi) => (p.usable ? [pi] : []));
    if (need === 0 || usable.length === 0 || need > (courses[c].maxGroups ?? Infinity) - pinnedOfCourse[c]) continue;
    for (const pi of usable) uCol[c][pi] = model.addVar({ lb: 0, ub: need, integer: true });
    const cols = [...yCol[c], ...uCol[c]].filter((j) => j >= 0);
    model.addRow(cols, 1, need, Infinity);
  }
  // Columns counting running new groups of course c at placement pi (y and u).
  const groupColsAt = (c: number, pi: number) => [yCol[c][pi], uCol[c][pi]].filter((j) => j >= 0);
  const groupCols = (c: number) => placements[c].flatMap((_, pi) => groupColsAt(c, pi));
  for (let c = 0; c < nC; c++) {
    const placeCols: number[] = [];
    placements[c].forEach((p, pi) => {
      const users = seatCols[c][pi];
      if (users.length === 0) return;
      placeCols.push(...users);
      const y = yCol[c][pi];
      const fixedSeats = p.pinned * pinnedSize[c];
      // A new group holds at most its size, and at most everyone who may sit in the course at all (its pool).
      if (y >= 0) model.addRow([...users, y], [...users.map(() => 1), -Math.min(size[c], Math.max(pool[c], 1))], -Infinity, fixedSeats);
      else model.addRow(users, 1, -Infinity, fixedSeats);
      // Every new group that holds a student holds at least minGroupSize of those sitting here.
      if (y >= 0 && minSize[c] > 1) model.addRow([...users, y], [...users.map(() => 1), -minSize[c]], 0, Infinity);
    });
    const places = courses[c].places ?? Infinity;
    if (places < Infinity && placeCols.length > 0) model.addRow(placeCols, 1, -Infinity, places);
    const ys = yCol[c].filter((y) => y >= 0);
    const running = groupCols(c);
    // Each new group holding a student holds at least minGroupSize different students of the course's pool.
    const byMin = minSize[c] > 1 ? Math.floor(pool[c] / minSize[c]) : Infinity;
    // Pinned groups run, so they count against maxGroups (rule 1) beside the new ones, empty or not.
    const maxGroups = afterPinned(courses[c].maxGroups ?? Infinity, pinnedOfCourse[c]);
    const perBlock = courses[c].maxGroupsPerBlock ?? Infinity;
    if (running.length > ys.length) {
      if (maxGroups < Infinity) model.addRow(running, 1, -Infinity, maxGroups);
      if (byMin < Infinity && ys.length > 0) model.addRow(ys, 1, -Infinity, byMin);
    } else if (Math.min(maxGroups, byMin) < Infinity && ys.length > 0) model.addRow(ys, 1, -Infinity, Math.min(maxGroups, byMin));
    if (perBlock < Infinity) {
      for (let b = 0; b < B; b++) {
        const inB = placements[c].flatMap((p, pi) => (p.blocks.includes(b) ? groupColsAt(c, pi) : []));
        // Likewise maxGroupsPerBlock (rule 1) counts the pinned groups in block b.
        const fixed = pinnedCourseBlock[c * B + b];
        if (inB.length > 0) model.addRow(inB, 1, -Infinity, afterPinned(perBlock, fixed));
      }
    }
  }
  // Groups per year (rule 6), pinned groups of the year included.
  const perYear = input.maxGroupsPerYear ?? Infinity;
  if (perYear < Infinity) {
    for (let yi = 0; yi < Y; yi++) {
      const cols: number[] = [];
      let fixed = 0;
      for (let c = 0; c < nC; c++) {
        if (!((courses[c].yearsMask >> yi) & 1)) continue;
        cols.push(...groupCols(c));
        fixed += pinnedOfCourse[c];
      }
      if (cols.length > 0) model.addRow(cols, 1, -Infinity, afterPinned(perYear, fixed));
    }
  }
  // y columns of course set S covering a cell / running in a year.
  const yInCell = (S: number[], cell: number) => {
    const yi = cell % Y;
    const b = (cell - yi) / Y;
    const cols: number[] = [];
    for (const c of S) {
      if (!((courses[c].yearsMask >> yi) & 1)) continue;
      placements[c].forEach((p, pi) => {
        if (p.blocks.includes(b)) cols.push(...groupColsAt(c, pi));
      });
    }
    return cols;
  };
  const components = (homeCourses: number[], resourcesOf: (c: number) => number[]): number[][] => {
    // Union-find over courses joined by a shared resource.
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      return r;
    };
    for (const c of homeCourses) parent.set(c, c);
    const owner = new Map<number, number>();
    for (const c of homeCourses) {
      for (const r of resourcesOf(c)) {
        const o = owner.get(r);
        if (o === undefined) owner.set(r, c);
        else parent.set(find(c), find(o));
      }
    }
    const groups = new Map<number, number[]>();
    for (const c of homeCourses) {
      const r = find(c);
      if (!groups.has(r)) groups.set(r, []);
      groups.get(r)!.push(c);
    }
    return [...groups.values()];
  };
  const resourceRows = (
    courseSet: number[],
    resourcesOf: (c: number) => number[],
    free: Uint8Array,
    perYearCap: ((r: number, yi: number) => number) | null,
  ) => {
    // Hall's condition, as far as it is cheap: every single course, every connected part, and within a part of
    // at most 12 courses every set S closed under its resources (S = the courses whose resources all lie in
    // N(S)), since the groups of S in a cell each need a different one of N(S) there.
    const sets = [...courseSet.map((c) => [c])];
    for (const part of components(courseSet, resourcesOf)) {
      if (part.length < 2) continue;
      if (part.length > 12) {
        sets.push(part);
        continue;
      }
      const res = part.map((c) => new Set(resourcesOf(c)));
      const seen = new Set<string>();
      for (let mask = 1; mask < 1 << part.length; mask++) {
        const n = new Set<number>();
        for (let i = 0; i < part.length; i++) if ((mask >> i) & 1) for (const r of res[i]) n.add(r);
        const closed = part.filter((_, i) => [...res[i]].every((r) => n.has(r)));
        if (closed.length < 2) continue;
        const key = closed.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        sets.push(closed);
      }
    }
    for (const S of sets) {
      const res = [...new Set(S.flatMap(resourcesOf))];
      for (let cell = 0; cell < nCells; cell++) {
        const cols = yInCell(S, cell);
        if (cols.length === 0) continue;
        let avail = 0;
        for (const r of res) avail += free[r * nCells + cell];
        // A pinned group of S in the cell holds one of N(S) there too (rules 4 and 5: a qualified teacher, a
        // fitting room, each in one group a cell).
        let fixed = 0;
        for (const c of S) fixed += pinnedCellCount[c * nCells + cell];
        model.addRow(cols, 1, -Infinity, afterPinned(avail, fixed));
      }
      if (perYearCap) {
        for (let yi = 0; yi < Y; yi++) {
          const cols: number[] = [];
          let fixed = 0;
          for (const c of S) {
            if (!((courses[c].yearsMask >> yi) & 1)) continue;
            cols.push(...groupCols(c));
            fixed += pinnedOfCourse[c];
          }
          if (cols.length === 0) continue;
          let cap = 0;
          for (const r of res) cap += perYearCap(r, yi);
          // Each pinned group of S running in the year takes one of a teacher's maxGroups there (rule 4).
          if (cap < Infinity) model.addRow(cols, 1, -Infinity, afterPinned(cap, fixed));
        }
      }
    }
  };
  if (staffListed) {
    const home = [...Array(nC).keys()].filter((c) => needsTeacher(c) && groupCols(c).length > 0);
    resourceRows(home, (c) => teachersOf[c], teacherFree, (t, yi) => {
      let blocksFree = 0;
      for (let b = 0; b < B; b++) blocksFree += teacherFree[t * nCells + b * Y + yi];
      return Math.min(teachers[t].maxGroups ?? Infinity, blocksFree);
    });
  }
  const roomed = [...Array(nC).keys()].filter((c) => needsRoom(c) && groupCols(c).length > 0);
  if (roomed.length > 0) resourceRows(roomed, (c) => [...new Set(courses[c].rooms!)], roomFree, null);

  const typeCounts = input.types.map((t) => t.count);
  return { model, form, comb, constant, placements, yCol, vCol, reserveAux, typeChoices, typeCounts, patternsOf, zCols, fTerms, deferred };
}

export async function upperBoundFullySatisfied(input: BoundInput, options: BoundOptions = {}): Promise<BoundResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const built = buildBoundModel(input, options);
  if ('early' in built) return { ...built.early, seconds: elapsed() };
  const { model, form, comb, constant, deferred } = built;
  const timeLimit = options.timeLimitSeconds ?? 30;
  if (options.lpIntegerRows) for (const r of deferred.splice(0)) model.addRow(r.cols, r.vals, -Infinity, r.ub);
  const out = await solveModel(model, { relaxation: true, timeLimitSeconds: timeLimit, presolve: false, lpSolver: options.lpSolver });
  let upper = comb;
  let method = `${form}; combinatorial ${comb}`;
  if (out.rowDuals) {
    const cert = certifiedMaxBound(model, out.rowDuals);
    if (Number.isFinite(cert)) {
      const lp = Math.floor(cert + 1e-7) + constant;
      upper = Math.min(upper, Math.max(0, lp));
      method = `${form} (${model.numCols} columns, ${model.numRows} rows, LP ${out.objective.toFixed(3)}); combinatorial ${comb}`;
    }
  } else {
    method += `; LP ${out.modelStatus}`;
  }
  // The same model with integer group counts, in the time left. Only HiGHS's proven dual bound is taken (on a
  // time limit too: it is a bound on every integer solution); an infeasible verdict is not taken (a scenario no
  // plan can keep still gets a result, and a bound of 0 beside it would mislead), nor a run with no bound.
  const left = timeLimit - elapsed();
  let clockBound = false;
  const atLeast = options.atLeast !== undefined && Number.isFinite(options.atLeast) ? Math.floor(options.atLeast) : null;
  // The MIP's root LP (with the deferred rows) takes a few times the LP's own time, and HiGHS overruns its limit
  // by the time it takes to load the model (sample-240: 1.3 s run on a 0.4 s limit); with less than that left
  // it is not started, so the bound keeps to its time.
  const mipWorthIt = left >= Math.max(0.3, 3 * out.seconds);
  if ((options.integer ?? true) && mipWorthIt && upper > constant && upper > (atLeast ?? -Infinity) && model.colInteger.some(Boolean)) {
    for (const r of deferred) model.addRow(r.cols, r.vals, -Infinity, r.ub);
    if (atLeast !== null) {
      const objCols: number[] = [];
      for (let j = 0; j < model.numCols; j++) if (model.colCost[j] !== 0) objCols.push(j);
      model.addRow(objCols, 1, atLeast + 1 - constant, Infinity);
    }
    // Presolve off in a short run: on sample-120 it often spent 1.3 to 2 s without reaching the root LP, where
    // without it the root bound came in about a second; given ten seconds or more it pays (the optimum 111 was
    // proved in 34 s with it, 45 s without).
    const mip = await solveModel(model, { timeLimitSeconds: 0.9 * left - out.seconds / 3, mipRelGap: 0, mipAbsGap: 0.999, presolve: left >= 10 ? undefined : false });
    const db = mip.dualBound;
    if (atLeast !== null && mip.modelStatus === 'Infeasible') {
      // Finished: no integer solution satisfies more than atLeast.
      upper = Math.min(upper, Math.max(0, atLeast));
      method += `; MIP proved nothing above ${atLeast} in ${mip.seconds.toFixed(2)} s`;
    } else if (mip.status !== 'infeasible' && mip.status !== 'error' && Number.isFinite(db)) {
      const b = Math.max(Math.floor(db + 1e-6) + constant, atLeast ?? -Infinity);
      if (b < upper) {
        upper = Math.max(0, b);
        clockBound = mip.modelStatus !== 'Optimal';
      }
      method += `; MIP ${mip.modelStatus} bound ${db.toFixed(3)} in ${mip.seconds.toFixed(2)} s`;
    } else {
      method += `; MIP ${mip.modelStatus}`;
    }
  }
  return { upperBound: upper, method, seconds: elapsed(), clockBound };
}
