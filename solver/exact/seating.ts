/**
 * Exact seating of students into FIXED groups: a mixed-integer model solved by HiGHS.
 *
 * Rule statement: every student gets at most one group per course they chose or hold as a reserve (none for a
 * slot a choice rule forbids), never two
 * groups sharing a cell (block*years + yearIndex), never more reserves than unmet choices (reserves they are
 * fixed in excepted); groups keep their capacity, a non-pinned group that holds anyone holds at least its
 * minSize, courses keep their places, and fixed students stay in their groups.
 * Objective, lexicographic: most students fully satisfied, then most choices met, then most reserves placed;
 * then (second solve, optional) groups of one course as even as possible without losing any of the above.
 *
 * Model (all exact; the tests compare it with brute force):
 * - CLASSES. Groups of one course with the same cells are interchangeable for a student's clash rules, so a
 *   student is seated into a class; integer group sizes s[g] then split each class's load among its groups
 *   (load[class] = sum of s[g] over its groups), which carries capacity, minSize (s[g] between
 *   minSize*open[g] and capacity*open[g]) and places exactly. Any split of a class's students is realisable.
 * - TYPES. Students with identical choices and reserves (as sets) and nothing fixed form a type of n students.
 *   A FULL PATTERN places every choice of the type in a class with all cells disjoint; integer z[type, q] in
 *   [0, n] counts students on it. Counts alone (x[type, class]) would not be exact, as they cannot see clashes
 *   between one student's groups; patterns can. Students who are not fully satisfied are seated by per-member
 *   binaries x[member, slot, class] switched on by u[member] (sum of z + sum of u <= n; u ordered to break the
 *   symmetry between identical members). Full patterns give the relaxation of the first objective its
 *   convex hull per student, which is what lets HiGHS prove optima quickly.
 * - Students with fixed groups, and types with too many full patterns, use plain binaries x[student, slot,
 *   class] and a full indicator f <= (choice k met) for each choice k.
 * Weights: with R = the most reserves anyone could place in total and C = the number of live choices,
 * objective = W1*full + W2*met + reserves with W2 = R + 1 and W1 = W2*C + R + 1, so a unit of a higher term
 * outweighs every possible change in all lower terms together: maximising the sum is exactly lexicographic.
 */
import { LinearModel, solveModel, type SolveOutcome } from './highs';

export interface SeatingStudent {
  /** Course indices, most wanted first. */
  choices: number[];
  reserves: number[];
  /** Group indices the student must stay in (each of a course among their choices or reserves). */
  fixed?: number[];
  /**
   * Slots (index into choices then reserves) an enforced choice rule forbids: never placed. A forbidden
   * choice is unmet, so the student cannot be fully satisfied.
   */
  forbidden?: number[];
}

export interface SeatingGroup {
  course: number;
  /** Cells it occupies: block * years + yearIndex. */
  cells: number[];
  capacity: number;
  minSize: number;
  /** Pinned groups run whatever their size (exempt from minSize). */
  pinned: boolean;
}

export interface SeatingInput {
  students: SeatingStudent[];
  groups: SeatingGroup[];
  /** Per course: cap on students across all its groups, or null for none. Its length is the number of courses. */
  coursePlaces: (number | null)[];
}

export interface SeatingOutput {
  /** Per student: for each choice index, then each reserve index, the group index or -1. */
  assignment: Int32Array[];
  fullySatisfied: number;
  choicesMet: number;
  reservesUsed: number;
  /** Proven optimal for the lexicographic objective (fully satisfied, choices met, reserves). */
  optimal: boolean;
  /** Proven upper bound on fully satisfied students for these groups (MIP dual bound, floored). */
  upperBoundFullySatisfied: number;
  /** Sum over courses of (largest - smallest running group), after balancing. */
  imbalance: number;
  /** How the model was built and solved, for logs: e.g. "patterns 212 types / binaries 4 students; optimal; balanced". */
  method: string;
  seconds: number;
}

export interface SeatExactlyOptions {
  /** Wall-clock budget for the whole call, including building the model. */
  timeLimitSeconds: number;
  /** A seating to start from (same layout as SeatingOutput.assignment), e.g. the local search's. */
  initial?: Int32Array[];
  /** Second solve that evens group sizes within each course at the same quality; default true. */
  balance?: boolean;
  /**
   * Force a formulation (tests): 'auto' (default) puts types on full patterns plus partial binaries;
   * 'binaries' puts every student on binaries with a full indicator (weaker relaxation, same optimum).
   */
  formulation?: Formulation;
  /** Polled during the solve; true stops with the best seating so far. */
  shouldStop?: () => boolean;
  /** HiGHS log lines to the `print` given to configureHighs() (debugging). */
  verbose?: boolean;
  /**
   * Largest model (columns) handed to HiGHS; a larger one throws SeatingTooLargeError before HiGHS sees it.
   * HiGHS cannot interrupt its root relaxation and grows its memory with the model: measured 105,000 columns
   * (1,000 students) 1.6 s for a 1 s limit and 300 MB, 376,000 (3,000) 10.4 s for 2 s and 900 MB,
   * 620,000 (5,000) 770 MB, none of them proven optimal, so never used (about 2.4 kB a column). Default
   * MAX_SEAT_COLUMNS (about 600 MB).
   */
  maxColumns?: number;
}

export const MAX_SEAT_COLUMNS = 250_000;

/** The exact seating's model is larger than `maxColumns`: it was not solved (the caller keeps its own seating). */
export class SeatingTooLargeError extends Error {
  constructor(readonly columns: number) {
    super(`its model has ${columns} columns, more than the ${MAX_SEAT_COLUMNS} it may have in memory and time`);
    this.name = 'SeatingTooLargeError';
  }
}

export type Formulation = 'auto' | 'binaries';

/** A type's full patterns are columns while there are at most this many (else plain binaries). */
const MAX_FULL_PATTERNS = 300;

/** Throws a clear message for malformed input (indices out of range, bad numbers). */
export function validateSeatingInput(input: SeatingInput): void {
  const nCourses = input.coursePlaces.length;
  input.coursePlaces.forEach((p, c) => {
    if (p !== null && !(Number.isInteger(p) && p >= 0)) {
      throw new Error(`coursePlaces[${c}] is ${p}. Places must be a whole number of students, at least 0, or null for no cap.`);
    }
  });
  input.groups.forEach((g, i) => {
    if (!(Number.isInteger(g.course) && g.course >= 0 && g.course < nCourses)) {
      throw new Error(`groups[${i}].course is ${g.course}, but there are ${nCourses} courses (coursePlaces has one entry a course).`);
    }
    if (!(Number.isInteger(g.capacity) && g.capacity >= 0)) {
      throw new Error(`groups[${i}].capacity is ${g.capacity}. Maybe it should be the course's maxGroupSize, a whole number at least 1?`);
    }
    if (!(Number.isInteger(g.minSize) && g.minSize >= 0)) throw new Error(`groups[${i}].minSize is ${g.minSize}; it must be a whole number, at least 0.`);
    g.cells.forEach((cell, k) => {
      if (!(Number.isInteger(cell) && cell >= 0)) throw new Error(`groups[${i}].cells[${k}] is ${cell}; cells are block*years+yearIndex, whole numbers from 0.`);
    });
  });
  input.students.forEach((s, i) => {
    s.choices.forEach((c, k) => {
      if (!(Number.isInteger(c) && c >= 0 && c < nCourses)) throw new Error(`students[${i}].choices[${k}] is ${c}, not a course index (0..${nCourses - 1}).`);
    });
    s.reserves.forEach((c, k) => {
      if (!(Number.isInteger(c) && c >= 0 && c < nCourses)) throw new Error(`students[${i}].reserves[${k}] is ${c}, not a course index (0..${nCourses - 1}).`);
    });
    (s.forbidden ?? []).forEach((k, j) => {
      if (!(Number.isInteger(k) && k >= 0 && k < s.choices.length + s.reserves.length)) {
        throw new Error(`students[${i}].forbidden[${j}] is ${k}, not a slot index (0..${s.choices.length + s.reserves.length - 1}, choices then reserves).`);
      }
    });
    (s.fixed ?? []).forEach((g, k) => {
      if (!(Number.isInteger(g) && g >= 0 && g < input.groups.length)) {
        throw new Error(`students[${i}].fixed[${k}] is ${g}, not a group index (0..${input.groups.length - 1}).`);
      }
      const course = input.groups[g].course;
      if (!s.choices.includes(course) && !s.reserves.includes(course)) {
        throw new Error(`students[${i}].fixed[${k}] puts the student in group ${g} of course ${course}, which is neither among their choices nor their reserves. Maybe add it to their choices?`);
      }
    });
  });
}

/**
 * Per-student slots: slot k < choices.length is choice k, then reserves. A slot is DEAD when its course
 * repeats an earlier slot's course (one group per course) or a choice rule forbids it, so it can never be placed.
 */
interface StudentSlots {
  course: Int32Array;
  dead: Uint8Array;
  nChoices: number;
}

function slotsOf(s: SeatingStudent): StudentSlots {
  const all = [...s.choices, ...s.reserves];
  const dead = new Uint8Array(all.length);
  const seen = new Set<number>();
  all.forEach((c, k) => {
    if (seen.has(c)) dead[k] = 1;
    seen.add(c);
  });
  for (const k of s.forbidden ?? []) if (k >= 0 && k < all.length) dead[k] = 1;
  return { course: Int32Array.from(all), dead, nChoices: s.choices.length };
}

export interface SeatingScore {
  fullySatisfied: number;
  choicesMet: number;
  reservesUsed: number;
}

/** Scores an assignment (no checking). */
export function scoreSeating(input: SeatingInput, assignment: Int32Array[]): SeatingScore {
  let full = 0;
  let met = 0;
  let res = 0;
  input.students.forEach((s, i) => {
    const a = assignment[i];
    let m = 0;
    for (let k = 0; k < s.choices.length; k++) if (a[k] >= 0) m++;
    for (let k = s.choices.length; k < a.length; k++) if (a[k] >= 0) res++;
    met += m;
    if (m === s.choices.length) full++;
  });
  return { fullySatisfied: full, choicesMet: met, reservesUsed: res };
}

/** Every broken rule of a seating, in words (empty when it keeps them all). */
export function checkSeating(input: SeatingInput, assignment: Int32Array[]): string[] {
  const problems: string[] = [];
  const size = new Int32Array(input.groups.length);
  const coursePlaced = new Int32Array(input.coursePlaces.length);
  if (assignment.length !== input.students.length) problems.push(`assignment has ${assignment.length} rows for ${input.students.length} students`);
  input.students.forEach((s, i) => {
    const a = assignment[i];
    if (!a) return;
    const slots = [...s.choices, ...s.reserves];
    if (a.length !== slots.length) {
      problems.push(`student ${i}: ${a.length} entries for ${slots.length} choices and reserves`);
      return;
    }
    const cells = new Set<number>();
    const courses = new Set<number>();
    const fixed = new Set(s.fixed ?? []);
    const forbidden = new Set(s.forbidden ?? []);
    let unmet = 0;
    let reserves = 0;
    for (let k = 0; k < a.length; k++) {
      const g = a[k];
      if (g < 0) {
        if (k < s.choices.length) unmet++;
        continue;
      }
      if (forbidden.has(k)) problems.push(`student ${i}: slot ${k} (course ${slots[k]}) is placed, but a choice rule forbids it`);
      // A reserve the student is fixed in is exempt from the reserves <= unmet choices rule.
      if (k >= s.choices.length && !fixed.has(g)) reserves++;
      const group = input.groups[g];
      if (!group) {
        problems.push(`student ${i}: slot ${k} names group ${g}, which does not exist`);
        continue;
      }
      if (group.course !== slots[k]) problems.push(`student ${i}: slot ${k} (course ${slots[k]}) is in group ${g} of course ${group.course}`);
      if (courses.has(group.course)) problems.push(`student ${i}: two groups of course ${group.course}`);
      courses.add(group.course);
      for (const cell of group.cells) {
        if (cells.has(cell)) problems.push(`student ${i}: two groups in cell ${cell}`);
        cells.add(cell);
      }
      size[g]++;
      coursePlaced[group.course]++;
    }
    if (reserves > unmet) problems.push(`student ${i}: ${reserves} reserves placed but only ${unmet} choices unmet`);
    for (const g of s.fixed ?? []) if (!Array.from(a).includes(g)) problems.push(`student ${i}: not in fixed group ${g}`);
  });
  input.groups.forEach((g, i) => {
    if (size[i] > g.capacity) problems.push(`group ${i}: ${size[i]} students over capacity ${g.capacity}`);
    if (!g.pinned && size[i] > 0 && size[i] < g.minSize) problems.push(`group ${i}: ${size[i]} students under minSize ${g.minSize}`);
  });
  input.coursePlaces.forEach((p, c) => {
    if (p !== null && coursePlaced[c] > p) problems.push(`course ${c}: ${coursePlaced[c]} students over ${p} places`);
  });
  return problems;
}

function better(a: SeatingScore, b: SeatingScore): boolean {
  if (a.fullySatisfied !== b.fullySatisfied) return a.fullySatisfied > b.fullySatisfied;
  if (a.choicesMet !== b.choicesMet) return a.choicesMet > b.choicesMet;
  return a.reservesUsed > b.reservesUsed;
}

/**
 * A quick legal seating to start the MIP from (HiGHS's first incumbent can be the empty seating):
 * fixed students first, then students with the fewest candidate groups, each slot in order into the legal
 * group with most room; then groups left under minSize are emptied, and a second pass fills only groups that
 * already run. Returns null when even the fixed students cannot be seated legally this way.
 */
export function greedySeating(input: SeatingInput, slots: StudentSlots[], groupsOfCourse: number[][]): Int32Array[] | null {
  const nG = input.groups.length;
  const size = new Int32Array(nG);
  const placesLeft = input.coursePlaces.map((p) => (p === null ? Infinity : p));
  const assignment = input.students.map((s) => new Int32Array(s.choices.length + s.reserves.length).fill(-1));
  const cellsUsed = input.students.map(() => new Set<number>());
  const fixedIn = new Uint8Array(nG);

  const canPlace = (i: number, g: number) => {
    const group = input.groups[g];
    if (size[g] >= group.capacity || placesLeft[group.course] <= 0) return false;
    for (const cell of group.cells) if (cellsUsed[i].has(cell)) return false;
    return true;
  };
  const place = (i: number, k: number, g: number) => {
    assignment[i][k] = g;
    size[g]++;
    placesLeft[input.groups[g].course]--;
    for (const cell of input.groups[g].cells) cellsUsed[i].add(cell);
  };
  const unplace = (i: number, k: number) => {
    const g = assignment[i][k];
    assignment[i][k] = -1;
    size[g]--;
    placesLeft[input.groups[g].course]++;
    for (const cell of input.groups[g].cells) cellsUsed[i].delete(cell);
  };
  for (let i = 0; i < input.students.length; i++) {
    for (const g of input.students[i].fixed ?? []) {
      const k = slotIndexOf(slots[i], input.groups[g].course);
      if (assignment[i][k] >= 0 || !canPlace(i, g)) return null;
      place(i, k, g);
      fixedIn[g] = 1;
    }
  }
  const unmetOf = (i: number) => {
    let u = 0;
    for (let k = 0; k < slots[i].nChoices; k++) if (assignment[i][k] < 0) u++;
    return u;
  };
  const reservesOf = (i: number) => {
    let r = 0;
    for (let k = slots[i].nChoices; k < slots[i].course.length; k++) if (assignment[i][k] >= 0) r++;
    return r;
  };
  const fill = (allowClosed: boolean) => {
    const order = input.students.map((_, i) => i);
    const options = order.map((i) => {
      let n = 0;
      for (let k = 0; k < slots[i].nChoices; k++) if (!slots[i].dead[k]) n += groupsOfCourse[slots[i].course[k]].length;
      return n;
    });
    order.sort((a, b) => options[a] - options[b] || a - b);
    for (const i of order) {
      const sl = slots[i];
      for (let pass = 0; pass < 2; pass++) {
        for (let k = pass === 0 ? 0 : sl.nChoices; k < (pass === 0 ? sl.nChoices : sl.course.length); k++) {
          if (sl.dead[k] || assignment[i][k] >= 0) continue;
          if (pass === 1 && reservesOf(i) >= unmetOf(i)) break;
          let best = -1;
          let bestRoom = -1;
          for (const g of groupsOfCourse[sl.course[k]]) {
            const group = input.groups[g];
            const running = group.pinned || size[g] >= group.minSize || group.minSize <= 1;
            if (!allowClosed && !running) continue;
            if (!canPlace(i, g)) continue;
            const room = group.capacity - size[g];
            if (room > bestRoom) {
              best = g;
              bestRoom = room;
            }
          }
          if (best >= 0) place(i, k, best);
        }
      }
    }
  };
  fill(true);
  // Empty every non-pinned group under its minSize; emptying one group never shrinks another.
  for (let g = 0; g < nG; g++) {
    const group = input.groups[g];
    if (group.pinned || size[g] === 0 || size[g] >= group.minSize) continue;
    if (fixedIn[g]) return null;
    for (let i = 0; i < input.students.length; i++) {
      for (let k = 0; k < assignment[i].length; k++) if (assignment[i][k] === g) unplace(i, k);
    }
  }
  // Unplacing choices may leave more reserves than unmet choices? No: removing a choice raises unmet.
  // Removing a reserve is always legal. So the seating is legal; fill again into running groups only.
  fill(false);
  return assignment;
}

function slotIndexOf(sl: StudentSlots, course: number): number {
  for (let k = 0; k < sl.course.length; k++) if (sl.course[k] === course && !sl.dead[k]) return k;
  return -1;
}

/** Groups of one course with the same cells: interchangeable for every per-student rule. */
interface SeatClass {
  course: number;
  cells: number[];
  groups: number[];
}

function buildClasses(input: SeatingInput, groupsOfCourse: number[][]): { classes: SeatClass[]; classesOfCourse: number[][]; classOfGroup: Int32Array } {
  const classes: SeatClass[] = [];
  const classesOfCourse: number[][] = groupsOfCourse.map(() => []);
  const classOfGroup = new Int32Array(input.groups.length).fill(-1);
  groupsOfCourse.forEach((gs, c) => {
    const byKey = new Map<string, number>();
    for (const g of gs) {
      const cells = [...new Set(input.groups[g].cells)].sort((a, b) => a - b);
      const key = cells.join(',');
      let k = byKey.get(key);
      if (k === undefined) {
        k = classes.length;
        byKey.set(key, k);
        classes.push({ course: c, cells, groups: [] });
        classesOfCourse[c].push(k);
      }
      classes[k].groups.push(g);
      classOfGroup[g] = k;
    }
  });
  return { classes, classesOfCourse, classOfGroup };
}

/**
 * A type of identical students (no fixed groups). Canonical slots: sorted choice courses, then sorted reserve
 * courses. Columns: z for full pattern q at zFirst + q (pattern q's class for canonical choice k at
 * patterns[q * nChoices + k]); per member block m: u at uCol[m], and x at xFirst[m] + j meaning canonical
 * slot xSlot[j] in class xClass[j] (the same layout for every member).
 */
interface TypeUnit {
  kind: 'type';
  members: number[];
  nChoices: number;
  canonCourses: Int32Array;
  patterns: Int32Array;
  nPatterns: number;
  zFirst: number;
  xSlot: number[];
  xClass: number[];
  uCol: number[];
  xFirst: number[];
}

/** One student on plain binaries: x at xFirst + j is the student's own slot xSlot[j] in class xClass[j]. */
interface StudentUnit {
  kind: 'student';
  student: number;
  xSlot: number[];
  xClass: number[];
  xFirst: number;
  /** Full indicator, or -1 when the student cannot be fully satisfied (or has no choices). */
  fullCol: number;
}

type Unit = TypeUnit | StudentUnit;

/** Every way to put all choices of a slot list in classes with disjoint cells; null past `limit`. */
function fullPatternsOf(classes: SeatClass[], classesOfCourse: number[][], courses: Int32Array, nChoices: number, limit: number): Int32Array | null {
  const out: number[] = [];
  const cur = new Int32Array(nChoices);
  const used = new Set<number>();
  let count = 0;
  const rec = (k: number): boolean => {
    if (k === nChoices) {
      if (++count > limit) return false;
      for (let j = 0; j < nChoices; j++) out.push(cur[j]);
      return true;
    }
    for (const K of classesOfCourse[courses[k]]) {
      const cells = classes[K].cells;
      if (cells.some((c) => used.has(c))) continue;
      for (const c of cells) used.add(c);
      cur[k] = K;
      const ok = rec(k + 1);
      for (const c of cells) used.delete(c);
      if (!ok) return false;
    }
    return true;
  };
  return rec(0) ? Int32Array.from(out) : null;
}

interface BuiltModel {
  model: LinearModel;
  classes: SeatClass[];
  classOfGroup: Int32Array;
  units: Unit[];
  /** Per group: its size column s[g], or -1 for a group nobody can join. */
  sizeCol: Int32Array;
  /** Per group: its open column, or -1 where no minSize rule applies. */
  openCol: Int32Array;
  /** Columns and coefficients of each lexicographic term (full, met, reserves). */
  terms: { cols: number[]; coefs: number[] }[];
  weights: [number, number, number];
  nTypes: number;
  nPlain: number;
  /** Students who could be fully satisfied at all (no dead or class-less choice). */
  maxFull: number;
  /** Students with no choices: fully satisfied by definition, outside the model. */
  constFull: number;
}

function buildModel(input: SeatingInput, slots: StudentSlots[], groupsOfCourse: number[][], formulation: Formulation): BuiltModel {
  const model = new LinearModel('max');
  const nG = input.groups.length;
  const { classes, classesOfCourse, classOfGroup } = buildClasses(input, groupsOfCourse);
  const loadCols: number[][] = classes.map(() => []);
  const loadCoefs: number[][] = classes.map(() => []);
  const terms = [0, 1, 2].map(() => ({ cols: [] as number[], coefs: [] as number[] }));
  const addTerm = (t: number, col: number, coef: number) => {
    terms[t].cols.push(col);
    terms[t].coefs.push(coef);
  };
  const addLoad = (K: number, col: number, coef: number) => {
    loadCols[K].push(col);
    loadCoefs[K].push(coef);
  };

  // Weights from the instance (see the file comment).
  let R = 0;
  let C = 0;
  let maxFull = 0;
  const canBeFull = new Uint8Array(input.students.length);
  input.students.forEach((s, i) => {
    const sl = slots[i];
    let liveChoices = 0;
    let liveReserves = 0;
    let full = true;
    for (let k = 0; k < sl.course.length; k++) {
      const live = !sl.dead[k] && classesOfCourse[sl.course[k]].length > 0;
      if (k < sl.nChoices) {
        if (live) liveChoices++;
        else full = false;
      } else if (live) liveReserves++;
    }
    C += liveChoices;
    R += Math.min(liveReserves, sl.nChoices) + (s.fixed?.length ?? 0);
    if (full) maxFull++;
    canBeFull[i] = full ? 1 : 0;
  });
  const W3 = 1;
  const W2 = R + 1;
  const W1 = W2 * C + R + 1;

  // Types: same sorted choices and reserves, nothing fixed, at least one choice, able to be fully satisfied.
  const typeOf = new Map<string, number[]>();
  const plain: number[] = [];
  input.students.forEach((s, i) => {
    // Students with forbidden slots are few and differ from their type's canonical slots: plain binaries.
    if (formulation === 'binaries' || (s.fixed && s.fixed.length > 0) || (s.forbidden && s.forbidden.length > 0) || s.choices.length === 0 || !canBeFull[i]) {
      plain.push(i);
      return;
    }
    const key = [...s.choices].sort((a, b) => a - b).join(',') + '|' + [...s.reserves].sort((a, b) => a - b).join(',');
    let members = typeOf.get(key);
    if (!members) typeOf.set(key, (members = []));
    members.push(i);
  });

  // Per-student partial block (shared by type members and plain students): x columns, slot rows, cell rows
  // and the reserves rule, each row's right-hand side scaled by `switchCol` (u) when given.
  const partialBlock = (courses: Int32Array, dead: Uint8Array, nChoices: number, fixed: Set<number>, switchCol: number) => {
    const first = model.numCols;
    const xSlot: number[] = [];
    const xClass: number[] = [];
    const slotCols: number[][] = Array.from({ length: courses.length }, () => []);
    const cellCols = new Map<number, number[]>();
    let fixedReserves = 0;
    for (let k = 0; k < courses.length; k++) {
      if (dead[k]) continue;
      const isChoice = k < nChoices;
      for (const K of classesOfCourse[courses[k]]) {
        const isFixed = classes[K].groups.some((g) => fixed.has(g));
        if (isFixed && !isChoice) fixedReserves++;
        const col = model.addVar({ lb: isFixed ? 1 : 0, ub: 1, integer: true, cost: isChoice ? W2 : W3 });
        xSlot.push(k);
        xClass.push(K);
        slotCols[k].push(col);
        addLoad(K, col, 1);
        addTerm(isChoice ? 1 : 2, col, 1);
        for (const cell of classes[K].cells) {
          let list = cellCols.get(cell);
          if (!list) cellCols.set(cell, (list = []));
          list.push(col);
        }
      }
    }
    const row = (cols: number[], rhs: number) => {
      if (switchCol >= 0) model.addRow([...cols, switchCol], [...cols.map(() => 1), -rhs], -Infinity, 0);
      else model.addRow(cols, 1, -Infinity, rhs);
    };
    for (const cols of slotCols) if (cols.length > (switchCol >= 0 ? 0 : 1)) row(cols, 1);
    for (const cols of cellCols.values()) if (cols.length > 1) row(cols, 1);
    // Reserves placed <= choices unmet: reserves + choices met <= nChoices (fixed reserves exempt).
    let reserveCols = 0;
    for (let k = nChoices; k < courses.length; k++) reserveCols += slotCols[k].length;
    if (reserveCols > 0) row(slotCols.flat(), nChoices + fixedReserves);
    return { first, xSlot, xClass, slotCols };
  };

  const units: Unit[] = [];
  // Map iteration follows insertion order (first member's index), so the model is deterministic.
  for (const members of typeOf.values()) {
    const s = input.students[members[0]];
    const canon = slotsOf({ choices: [...s.choices].sort((a, b) => a - b), reserves: [...s.reserves].sort((a, b) => a - b) });
    const patterns = fullPatternsOf(classes, classesOfCourse, canon.course, canon.nChoices, MAX_FULL_PATTERNS);
    if (!patterns || patterns.length === 0) {
      plain.push(...members);
      continue;
    }
    const n = members.length;
    const nPatterns = patterns.length / canon.nChoices;
    const unit: TypeUnit = {
      kind: 'type', members, nChoices: canon.nChoices, canonCourses: canon.course, patterns, nPatterns,
      zFirst: model.numCols, xSlot: [], xClass: [], uCol: [], xFirst: [],
    };
    const zCols: number[] = [];
    for (let q = 0; q < nPatterns; q++) {
      const z = model.addVar({ lb: 0, ub: n, integer: true, cost: W1 + W2 * canon.nChoices });
      zCols.push(z);
      addTerm(0, z, 1);
      addTerm(1, z, canon.nChoices);
      for (let k = 0; k < canon.nChoices; k++) addLoad(patterns[q * canon.nChoices + k], z, 1);
    }
    for (let m = 0; m < n; m++) {
      const u = model.addVar({ lb: 0, ub: 1, integer: true });
      unit.uCol.push(u);
      const block = partialBlock(canon.course, canon.dead, canon.nChoices, new Set(), u);
      unit.xFirst.push(block.first);
      if (m === 0) {
        unit.xSlot = block.xSlot;
        unit.xClass = block.xClass;
      }
      // Identical members: partial seatings go to a prefix of them (u[m] >= u[m+1]).
      if (m > 0) model.addRow([unit.uCol[m - 1], u], [1, -1], 0, Infinity);
    }
    model.addRow([...zCols, ...unit.uCol], 1, -Infinity, n);
    units.push(unit);
  }

  plain.sort((a, b) => a - b);
  for (const i of plain) {
    const sl = slots[i];
    const block = partialBlock(sl.course, sl.dead, sl.nChoices, new Set(input.students[i].fixed ?? []), -1);
    const unit: StudentUnit = { kind: 'student', student: i, xSlot: block.xSlot, xClass: block.xClass, xFirst: block.first, fullCol: -1 };
    if (canBeFull[i] && sl.nChoices > 0) {
      unit.fullCol = model.addVar({ lb: 0, ub: 1, integer: true, cost: W1 });
      addTerm(0, unit.fullCol, 1);
      for (let k = 0; k < sl.nChoices; k++) {
        const cols = block.slotCols[k];
        model.addRow([unit.fullCol, ...cols], [1, ...cols.map(() => -1)], -Infinity, 0);
      }
    }
    units.push(unit);
  }

  // Groups: size s[g] (at least its fixed students), open[g] where minSize can bind, class loads, places.
  const fixedCount = new Int32Array(nG);
  for (const s of input.students) for (const g of s.fixed ?? []) fixedCount[g]++;
  const sizeCol = new Int32Array(nG).fill(-1);
  const openCol = new Int32Array(nG).fill(-1);
  for (const K of classes.keys()) {
    for (const g of classes[K].groups) {
      const group = input.groups[g];
      sizeCol[g] = model.addVar({ lb: fixedCount[g], ub: Math.max(fixedCount[g], group.capacity), integer: true });
      if (!group.pinned && group.minSize > 1) {
        openCol[g] = model.addVar({ lb: fixedCount[g] > 0 ? 1 : 0, ub: 1, integer: true });
        model.addRow([sizeCol[g], openCol[g]], [1, -group.capacity], -Infinity, 0);
        model.addRow([sizeCol[g], openCol[g]], [1, -group.minSize], 0, Infinity);
      }
    }
    const gs = classes[K].groups;
    model.addRow([...loadCols[K], ...gs.map((g) => sizeCol[g])], [...loadCoefs[K], ...gs.map(() => -1)], 0, 0);
  }
  input.coursePlaces.forEach((p, c) => {
    if (p === null || groupsOfCourse[c].length === 0) return;
    model.addRow(groupsOfCourse[c].map((g) => sizeCol[g]), 1, -Infinity, p);
  });

  return {
    model, classes, classOfGroup, units, sizeCol, openCol, terms,
    weights: [W1, W2, W3],
    nTypes: units.filter((u) => u.kind === 'type').length,
    nPlain: plain.length,
    maxFull: maxFull,
    constFull: input.students.filter((s) => s.choices.length === 0).length,
  };
}

/** Student slot k with the given course and kind (choice or reserve) that is still free, or -1. */
function freeSlot(sl: StudentSlots, course: number, isChoice: boolean, taken: Int32Array): number {
  for (let k = isChoice ? 0 : sl.nChoices; k < (isChoice ? sl.nChoices : sl.course.length); k++) {
    if (sl.course[k] === course && !sl.dead[k] && taken[k] < 0) return k;
  }
  return -1;
}

/** Column values that encode an assignment (for MIP starts); members of a type are relabelled freely. */
function encode(input: SeatingInput, built: BuiltModel, slots: StudentSlots[], assignment: Int32Array[], numCols: number): Float64Array {
  const x = new Float64Array(numCols);
  const { classOfGroup } = built;
  for (const unit of built.units) {
    if (unit.kind === 'type') {
      const nCh = unit.nChoices;
      const index = new Map<string, number>();
      for (let q = 0; q < unit.nPatterns; q++) index.set(unit.patterns.subarray(q * nCh, (q + 1) * nCh).join(','), q);
      let m = 0;
      for (const i of unit.members) {
        const a = assignment[i];
        const sl = slots[i];
        // Canonical slot j <- the student's slot of the same course and kind.
        const canonClass = new Int32Array(unit.canonCourses.length).fill(-1);
        const used = new Int32Array(sl.course.length).fill(-1);
        for (let j = 0; j < unit.canonCourses.length; j++) {
          const k = freeSlot(sl, unit.canonCourses[j], j < nCh, used);
          if (k < 0) continue;
          used[k] = 1;
          if (a[k] >= 0) canonClass[j] = classOfGroup[a[k]];
        }
        let met = 0;
        let any = false;
        for (let j = 0; j < canonClass.length; j++) {
          if (canonClass[j] < 0) continue;
          any = true;
          if (j < nCh) met++;
        }
        if (met === nCh) {
          const q = index.get(Array.from(canonClass.subarray(0, nCh)).join(','));
          if (q !== undefined) x[unit.zFirst + q] += 1;
          continue;
        }
        if (!any) continue;
        x[unit.uCol[m]] = 1;
        for (let j = 0; j < unit.xSlot.length; j++) if (canonClass[unit.xSlot[j]] === unit.xClass[j]) x[unit.xFirst[m] + j] = 1;
        m++;
      }
    } else {
      const a = assignment[unit.student];
      let met = 0;
      for (let j = 0; j < unit.xSlot.length; j++) {
        const g = a[unit.xSlot[j]];
        if (g >= 0 && classOfGroup[g] === unit.xClass[j]) {
          x[unit.xFirst + j] = 1;
          if (unit.xSlot[j] < slots[unit.student].nChoices) met++;
        }
      }
      if (unit.fullCol >= 0 && met === slots[unit.student].nChoices) x[unit.fullCol] = 1;
    }
  }
  const size = new Int32Array(input.groups.length);
  for (const a of assignment) for (const g of a) if (g >= 0) size[g]++;
  for (let g = 0; g < input.groups.length; g++) {
    if (built.sizeCol[g] >= 0) x[built.sizeCol[g]] = size[g];
    if (built.openCol[g] >= 0) x[built.openCol[g]] = size[g] > 0 ? 1 : 0;
  }
  return x;
}

/**
 * Reads an assignment back: first each student's class per slot (pattern counts go to type members not
 * holding a partial block, in index order), then each class's students are split among its groups by the
 * sizes s[g], fixed students first into their own groups.
 */
function decode(input: SeatingInput, built: BuiltModel, slots: StudentSlots[], x: Float64Array): Int32Array[] {
  const classAt = input.students.map((s) => new Int32Array(s.choices.length + s.reserves.length).fill(-1));
  for (const unit of built.units) {
    if (unit.kind === 'type') {
      const n = unit.members.length;
      const partial = new Uint8Array(n);
      for (let m = 0; m < n; m++) {
        if (Math.round(x[unit.uCol[m]]) !== 1) continue;
        partial[m] = 1;
        const i = unit.members[m];
        const taken = classAt[i];
        for (let j = 0; j < unit.xSlot.length; j++) {
          if (Math.round(x[unit.xFirst[m] + j]) !== 1) continue;
          const cj = unit.xSlot[j];
          const k = freeSlot(slots[i], unit.canonCourses[cj], cj < unit.nChoices, taken);
          if (k >= 0) taken[k] = unit.xClass[j];
        }
      }
      let m = 0;
      for (let q = 0; q < unit.nPatterns; q++) {
        let count = Math.round(x[unit.zFirst + q]);
        while (count > 0) {
          while (m < n && partial[m]) m++;
          if (m >= n) break;
          const i = unit.members[m++];
          count--;
          for (let cj = 0; cj < unit.nChoices; cj++) {
            const k = freeSlot(slots[i], unit.canonCourses[cj], true, classAt[i]);
            if (k >= 0) classAt[i][k] = unit.patterns[q * unit.nChoices + cj];
          }
        }
      }
    } else {
      for (let j = 0; j < unit.xSlot.length; j++) if (Math.round(x[unit.xFirst + j]) === 1) classAt[unit.student][unit.xSlot[j]] = unit.xClass[j];
    }
  }
  // Split class loads among groups: targets s[g]; fixed students first.
  const left = new Int32Array(input.groups.length);
  for (let g = 0; g < input.groups.length; g++) if (built.sizeCol[g] >= 0) left[g] = Math.round(x[built.sizeCol[g]]);
  const assignment = input.students.map((s) => new Int32Array(s.choices.length + s.reserves.length).fill(-1));
  input.students.forEach((s, i) => {
    for (const g of s.fixed ?? []) {
      const k = classAt[i].findIndex((K, kk) => K === built.classOfGroup[g] && slots[i].course[kk] === input.groups[g].course);
      if (k >= 0) {
        assignment[i][k] = g;
        left[g]--;
      }
    }
  });
  input.students.forEach((_, i) => {
    for (let k = 0; k < classAt[i].length; k++) {
      const K = classAt[i][k];
      if (K < 0 || assignment[i][k] >= 0) continue;
      const gs = built.classes[K].groups;
      let pick = gs[0];
      for (const g of gs) if (left[g] > 0) {
        pick = g;
        break;
      }
      assignment[i][k] = pick;
      left[pick]--;
    }
  });
  return assignment;
}

function imbalanceOf(input: SeatingInput, groupsOfCourse: number[][], assignment: Int32Array[]): number {
  const size = new Int32Array(input.groups.length);
  for (const a of assignment) for (const g of a) if (g >= 0) size[g]++;
  let total = 0;
  for (const gs of groupsOfCourse) {
    let hi = -Infinity;
    let lo = Infinity;
    for (const g of gs) {
      if (!input.groups[g].pinned && size[g] === 0) continue; // a non-pinned empty group does not run
      hi = Math.max(hi, size[g]);
      lo = Math.min(lo, size[g]);
    }
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/**
 * Seats students exactly into fixed groups. Returns null when no legal seating exists (e.g. fixed students
 * over a capacity, or under a minSize that nobody else can fill) or none was found in time.
 */
export async function seatExactly(input: SeatingInput, opts: SeatExactlyOptions): Promise<SeatingOutput | null> {
  const started = performance.now();
  validateSeatingInput(input);
  const elapsed = () => (performance.now() - started) / 1000;
  const slots = input.students.map(slotsOf);
  const groupsOfCourse: number[][] = input.coursePlaces.map(() => []);
  input.groups.forEach((g, i) => {
    // A group that can never hold anyone (no capacity, no places, or a minSize above its capacity) is left out.
    if (g.capacity > 0 && (input.coursePlaces[g.course] ?? 1) > 0 && (g.pinned || g.minSize <= g.capacity)) groupsOfCourse[g.course].push(i);
  });
  // Fixed students in a group that cannot take anyone, or in two groups of one course: no legal seating.
  for (const s of input.students) {
    const courses = new Set<number>();
    for (const g of s.fixed ?? []) {
      if (!groupsOfCourse[input.groups[g].course].includes(g) || courses.has(input.groups[g].course)) return null;
      courses.add(input.groups[g].course);
    }
  }

  let start: Int32Array[] | null = greedySeating(input, slots, groupsOfCourse);
  if (start && checkSeating(input, start).length > 0) start = null;
  if (opts.initial) {
    const ok = opts.initial.length === input.students.length && checkSeating(input, opts.initial).length === 0;
    if (ok && (!start || !better(scoreSeating(input, start), scoreSeating(input, opts.initial)))) {
      start = opts.initial.map((a) => Int32Array.from(a));
    }
  }

  const built = buildModel(input, slots, groupsOfCourse, opts.formulation ?? 'auto');
  const { model } = built;
  if (model.numCols > (opts.maxColumns ?? MAX_SEAT_COLUMNS)) throw new SeatingTooLargeError(model.numCols);
  const [W1] = built.weights;
  const balance = opts.balance ?? true;
  const budget = Math.max(0.05, opts.timeLimitSeconds - elapsed());
  const first: SolveOutcome = await solveModel(model, {
    // HiGHS checks its clock only between LP iterations and overshoots by up to ~10%: keep a margin.
    timeLimitSeconds: (balance ? 0.75 : 0.9) * budget,
    mipRelGap: 0,
    mipAbsGap: 0.999,
    presolve: false,
    start: start ? encode(input, built, slots, start, model.numCols) : undefined,
    shouldStop: opts.shouldStop,
    verbose: opts.verbose,
  });

  let best: Int32Array[] | null = null;
  let method = `${built.nTypes} types on patterns, ${built.nPlain} students on binaries; ${model.numCols} columns, ${model.numRows} rows; ${first.modelStatus}`;
  let mipValid = false;
  if (first.values) {
    const a = decode(input, built, slots, first.values);
    if (checkSeating(input, a).length === 0) {
      best = a;
      mipValid = true;
    } else method += '; solver seating broke a rule, kept the start';
  }
  if (first.status === 'infeasible') return null;
  // HiGHS may stop on a limit holding only the empty seating: the start is kept when it is better.
  if (start && (!best || better(scoreSeating(input, start), scoreSeating(input, best)))) {
    best = start;
    mipValid = false;
  }
  if (!best) return null;

  const optimal = first.status === 'optimal' && mipValid;
  const score = scoreSeating(input, best);
  let upper = built.maxFull;
  // The dual bound is on W1*full + W2*met + reserves; half a unit of slack absorbs solver tolerance.
  if (Number.isFinite(first.dualBound)) upper = Math.min(upper, Math.floor((first.dualBound + 0.5) / W1) + built.constFull);
  if (optimal) upper = Math.min(upper, score.fullySatisfied);
  upper = Math.max(upper, score.fullySatisfied);

  // Second solve: even group sizes within each course, keeping every lexicographic term at least as good.
  const multi = groupsOfCourse.some((gs) => gs.length > 1);
  const remaining = opts.timeLimitSeconds - elapsed();
  if (balance && multi && remaining > 0.2 && !opts.shouldStop?.()) {
    const balanced = await balanceSizes(input, built, slots, groupsOfCourse, best, 0.85 * remaining - 0.05, opts.shouldStop, opts.verbose);
    if (balanced && checkSeating(input, balanced).length === 0 && !better(score, scoreSeating(input, balanced)) &&
        imbalanceOf(input, groupsOfCourse, balanced) < imbalanceOf(input, groupsOfCourse, best)) {
      best = balanced;
      method += '; balanced';
    }
  }
  // The model weighs every reserve alike, so it may pick a later reserve where an earlier one fits: reorder.
  orderReservesIn(input, slots, groupsOfCourse, best);
  return {
    assignment: best,
    ...scoreSeating(input, best),
    optimal,
    upperBoundFullySatisfied: upper,
    imbalance: imbalanceOf(input, groupsOfCourse, best),
    method,
    seconds: elapsed(),
  };
}

/**
 * Reserves in each student's order, in place: a student holding a later reserve while an earlier live one
 * has a running group (holding someone, pinned, or with no minimum) with room and places left, in cells free
 * for them once the later reserve's group is left, moves to it, provided the group left keeps its minSize or
 * empties. One reserve for another: every score term and rule is kept. Repeats until nobody moves (each move
 * can free a seat for someone else); returns the number of moves.
 */
export function orderReservesIn(input: SeatingInput, slots: StudentSlots[], groupsOfCourse: number[][], assignment: Int32Array[]): number {
  const size = new Int32Array(input.groups.length);
  const taking = new Int32Array(input.coursePlaces.length);
  for (const a of assignment) for (const g of a) if (g >= 0) {
    size[g]++;
    taking[input.groups[g].course]++;
  }
  let moves = 0;
  for (let round = 0; round < 10; round++) {
    let moved = 0;
    input.students.forEach((s, i) => {
      const sl = slots[i];
      const a = assignment[i];
      if (sl.course.length - sl.nChoices < 2) return;
      const fixed = new Set(s.fixed ?? []);
      for (let ka = sl.nChoices; ka < sl.course.length; ka++) {
        if (a[ka] >= 0 || sl.dead[ka]) continue;
        const ca = sl.course[ka];
        const places = input.coursePlaces[ca];
        if (places !== null && taking[ca] >= places) continue;
        for (let kb = sl.course.length - 1; kb > ka; kb--) {
          const gb = a[kb];
          if (gb < 0 || fixed.has(gb)) continue;
          const left = size[gb] - 1;
          const from = input.groups[gb];
          if (!from.pinned && left > 0 && left < from.minSize) continue;
          const cells = new Set<number>();
          for (let k = 0; k < a.length; k++) if (a[k] >= 0 && k !== kb) for (const c of input.groups[a[k]].cells) cells.add(c);
          let target = -1;
          for (const g of groupsOfCourse[ca]) {
            const group = input.groups[g];
            if (size[g] >= group.capacity || (size[g] === 0 && !group.pinned && group.minSize > 1)) continue;
            if (group.cells.some((c) => cells.has(c))) continue;
            if (target < 0 || size[g] < size[target]) target = g;
          }
          if (target < 0) continue;
          a[kb] = -1;
          size[gb]--;
          taking[from.course]--;
          a[ka] = target;
          size[target]++;
          taking[ca]++;
          moved++;
          break;
        }
      }
    });
    moves += moved;
    if (moved === 0) break;
  }
  return moves;
}

/**
 * Minimises sum over courses of (largest - smallest running group) subject to the seating rules and each
 * lexicographic term >= its value in `current`. Added columns: per course with >= 2 groups, hi and lo
 * (continuous); per non-pinned group without an open column, a new open binary.
 */
async function balanceSizes(
  input: SeatingInput,
  built: BuiltModel,
  slots: StudentSlots[],
  groupsOfCourse: number[][],
  current: Int32Array[],
  seconds: number,
  shouldStop?: () => boolean,
  verbose?: boolean,
): Promise<Int32Array[] | null> {
  const m = new LinearModel('min');
  const src = built.model;
  for (let j = 0; j < src.numCols; j++) m.addVar({ lb: src.colLower[j], ub: src.colUpper[j], integer: src.colInteger[j] });
  for (let i = 0; i < src.numRows; i++) {
    m.addRow(src.entryCol.slice(src.rowStart[i], src.rowStart[i + 1]), src.entryVal.slice(src.rowStart[i], src.rowStart[i + 1]), src.rowLower[i], src.rowUpper[i]);
  }
  const score = scoreSeating(input, current);
  const floors = [score.fullySatisfied - built.constFull, score.choicesMet, score.reservesUsed];
  built.terms.forEach((t, k) => {
    if (t.cols.length > 0) m.addRow(t.cols, t.coefs, floors[k], Infinity);
  });
  const size = new Int32Array(input.groups.length);
  for (const a of current) for (const g of a) if (g >= 0) size[g]++;
  const open = Int32Array.from(built.openCol);
  const extra = new Map<number, number>();
  for (const gs of groupsOfCourse) {
    if (gs.length < 2) continue;
    let cap = 0;
    for (const g of gs) cap = Math.max(cap, input.groups[g].capacity);
    const hi = m.addVar({ lb: 0, ub: cap, cost: 1 });
    const lo = m.addVar({ lb: 0, ub: cap, cost: -1 });
    let hv = 0;
    let lv = cap;
    for (const g of gs) {
      const group = input.groups[g];
      const s = built.sizeCol[g];
      if (!group.pinned && open[g] < 0) {
        open[g] = m.addVar({ lb: 0, ub: 1, integer: true });
        extra.set(open[g], size[g] > 0 ? 1 : 0);
        m.addRow([s, open[g]], [1, -group.capacity], -Infinity, 0);
      }
      if (group.pinned || size[g] > 0) {
        hv = Math.max(hv, size[g]);
        lv = Math.min(lv, size[g]);
      }
      m.addRow([hi, s], [1, -1], 0, Infinity); // hi >= s[g]
      // lo <= s[g] + cap * (1 - open[g]): a group that does not run does not pull lo down.
      if (open[g] >= 0) m.addRow([lo, s, open[g]], [1, -1, cap], -Infinity, cap);
      else m.addRow([lo, s], [1, -1], -Infinity, 0);
    }
    extra.set(hi, hv);
    extra.set(lo, Math.min(lv, hv));
  }
  const x = encode(input, built, slots, current, m.numCols);
  for (const [j, v] of extra) x[j] = v;
  const out = await solveModel(m, { timeLimitSeconds: Math.max(0.05, seconds), mipRelGap: 0, mipAbsGap: 0.999, presolve: false, start: x, shouldStop, verbose });
  if (!out.values) return null;
  return decode(input, built, slots, out.values);
}
