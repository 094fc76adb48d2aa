/**
 * Where to put the one-group courses: placements of them, one block each, under which the bound's LP still
 * allows `want` fully satisfied students (a leaf of the branch of exact/single-group-branch.ts that the target
 * does not prune). oneGroupLns below holds those groups there and solves the rest exactly (the whole-cohort
 * model of cohort.ts with their columns fixed).
 *
 * Why: the students a good blocking loses to clashes between courses that can run only one group show only in
 * the combination of where all of them sit (sample-120: 2 of the 9 students its optimum loses), which the
 * search's moves, one group at a time, rarely change together: sample-120 ended at 110 or 111 by seed. The
 * LP's first leaf above 110 there holds a plan of 111 (the optimum), which the model with those groups held
 * finds in about 3 s.
 *
 * Courses placed: those worth branching on (singleGroupCourses) whose choosers alone fill a group (a course
 * that runs only on reserve holders, such as sample-120's STA, SPT, DRA, is left to the search: its block
 * changes nobody's satisfaction much and multiplies the leaves). Branches, per course in that order: "only at
 * p" (y[c,p] <= 1, y[c,p'] = 0 elsewhere) for each usable placement p in block order, depth first; a node is
 * pruned when its certified bound is below `want` or HiGHS gave no certificate (the clock or the iteration
 * limit stopped it). Taking the children with the highest bound first was tried and dropped: on sample-120
 * its first three leaves above 110 held nothing above 110, where block order's first holds 111. The walk stops by work (simplex iterations, deterministic: the same model and limits give the same
 * leaves on any machine) or at `maxLeaves`; the wall clock is the hard stop and is reported.
 *
 * Measured on sample-120 before this step (2 shared cores, busy): a search started from the first leaves'
 * placement reached 111 in 4 of 24 runs of 70 million work units (0 of 24 with the search's kick as it is);
 * the same leaves held as pinned groups, 0 of 24 in 30 million; the model with the leaf's groups held instead
 * of the search's other groups (all but the one-group courses held where the search had them) proved 110 the
 * most in 10 to 14 s: the other courses must move too, which the model does and the search rarely does.
 */
import { buildBoundModel, type BoundInput } from './bound';
import { solveCohort, type CohortPlan } from './cohort';
import { LpSession } from './highs';
import { singleGroupCourses } from './single-group-branch';

export interface OneGroupPlacement {
  course: number;
  blocks: number[];
}

export interface OneGroupLeaf {
  /** Each placed course's one group: its blocks. */
  placements: OneGroupPlacement[];
  /** The leaf's certified LP bound on fully satisfied students (at least `want`). */
  value: number;
}

export interface OneGroupLeavesOptions {
  /** Leaves whose certified LP bound is below this are pruned (normally the blocking found plus one). */
  want: number;
  /** Stop after this many leaves. */
  maxLeaves: number;
  /** Simplex iterations over all node LPs before the walk stops (the reproducible stop). */
  maxIterations: number;
  /** Wall-clock hard stop. */
  timeLimitSeconds: number;
  shouldStop?: () => boolean;
  /**
   * Hears each leaf as it is found, before the walk goes on (it may spend the walk's time: the walk's clock
   * counts it); returns true to end the walk there.
   */
  onLeaf?: (leaf: OneGroupLeaf) => Promise<boolean>;
}

export interface OneGroupLeavesResult {
  leaves: OneGroupLeaf[];
  /** The root's certified bound on fully satisfied students, whole (-Infinity without a certificate). */
  root: number;
  /** Courses placed, in branching order. */
  courses: number[];
  nodes: number;
  iterations: number;
  /** The wall clock or a stop, not the work limit or the leaf count, ended the walk (the leaves may then differ between runs). */
  clockStopped: boolean;
}

/** Courses the leaves place (see the header): one-group courses whose choosers alone fill a group. */
export function placedOneGroupCourses(input: BoundInput): number[] {
  const demand = new Array(input.courses.length).fill(0);
  for (const t of input.types) for (const c of new Set(t.choices)) demand[c] += t.count;
  return singleGroupCourses(input).filter((c) => demand[c] >= Math.max(1, Math.ceil(input.courses[c].minGroupSize ?? 0)));
}

export async function oneGroupLeaves(input: BoundInput, options: OneGroupLeavesOptions): Promise<OneGroupLeavesResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const out: OneGroupLeavesResult = { leaves: [], root: -Infinity, courses: [], nodes: 0, iterations: 0, clockStopped: false };
  const built = buildBoundModel(input);
  if ('early' in built) return out;
  const { model, yCol, constant, placements } = built;
  const courses = placedOneGroupCourses(input).filter((c) => yCol[c].some((j) => j >= 0));
  out.courses = courses;
  if (courses.length === 0) return out;
  const session = await LpSession.open(model);
  try {
    // Whether the walk must stop now: the leaves are enough, the work is spent, or the clock or a stop says so.
    const over = (): boolean => {
      if (out.leaves.length >= options.maxLeaves || out.iterations >= options.maxIterations) return true;
      if (elapsed() >= options.timeLimitSeconds || options.shouldStop?.()) {
        out.clockStopped = true;
        return true;
      }
      return false;
    };
    const solve = (): number => {
      const { bound, iterations } = session.solve(Math.max(0.01, options.timeLimitSeconds - elapsed()), Math.max(1, options.maxIterations - out.iterations));
      out.iterations += iterations;
      out.nodes++;
      return Number.isFinite(bound) ? bound + constant : -Infinity;
    };
    // A node holds a plan of `want` only where its certified bound, whole, is at least that.
    const reaches = (bound: number) => Math.floor(bound + 1e-7) >= options.want;
    const first = solve();
    out.root = Number.isFinite(first) ? Math.floor(first + 1e-7) : -Infinity;
    if (!reaches(first) || options.maxLeaves <= 0) return out;
    // The integer-only rows of the placed courses (bound.ts: students of a type at a placement <= min(count,
    // size) * y there): with y at most 1 they stop a fraction of a group seating a whole type, which is what
    // makes a leaf's LP tell one placement from another. Added after a first solve, as the branch does.
    const placedY = new Set(courses.flatMap((c) => yCol[c].filter((j) => j >= 0)));
    for (const r of built.deferred) if (r.cols.some((j) => placedY.has(j))) session.addRow(r.cols, r.vals, -Infinity, r.ub);
    const chosen = new Int32Array(courses.length);
    // Sets course c's columns to "only at p" (p -1: back to `saved`).
    const only = (cols: number[], saved: number[][], p: number) =>
      cols.forEach((j, q) => {
        if (j >= 0) session.setColBounds(j, p < 0 ? saved[q][0] : 0, p < 0 ? saved[q][1] : q === p ? Math.min(1, saved[q][1]) : 0);
      });
    // `bound`: this node's certified bound, already solved by its parent.
    let ended = false;
    const explore = async (depth: number, bound: number): Promise<void> => {
      if (depth === courses.length) {
        const leaf = { placements: courses.map((c, d) => ({ course: c, blocks: placements[c][chosen[d]].blocks.slice() })), value: Math.floor(bound + 1e-7) };
        out.leaves.push(leaf);
        if (options.onLeaf && (await options.onLeaf(leaf))) ended = true;
        return;
      }
      const c = courses[depth];
      const cols = yCol[c];
      const saved = cols.map((j) => (j >= 0 ? [model.colLower[j], model.colUpper[j]] : [0, 0]));
      for (let p = 0; p < cols.length && !ended && !over(); p++) {
        if (cols[p] < 0) continue;
        only(cols, saved, p);
        const b = solve();
        if (!reaches(b)) continue;
        chosen[depth] = p;
        await explore(depth + 1, b);
      }
      only(cols, saved, -1);
    };
    const root = solve();
    if (reaches(root)) await explore(0, root);
  } finally {
    session.dispose();
  }
  return out;
}

/** Share of the step's simplex iterations for each target above one over the blocking found (see oneGroupLns). */
const LNS_LEVEL_SHARE = 0.25;

export interface OneGroupLnsOptions {
  /** Fully satisfied students in the blocking found: only plans above it are asked for. */
  found: number;
  /** A proven bound on fully satisfied students, if known: no leaf is looked for above it. */
  upperBound?: number;
  /** Leaves tried at most (exact/lns-one-group.ts oneGroupLeaves). */
  maxLeaves: number;
  /** Simplex iterations the walk to the leaves may spend (its reproducible stop). */
  maxIterations: number;
  /** Wall clock for the whole step: the walk and every leaf's model. */
  timeLimitSeconds: number;
  shouldStop?: () => boolean;
}

export interface OneGroupLnsResult {
  /** A plan satisfying more than `found`, from the first leaf whose model has one, or null. */
  plan: CohortPlan | null;
  leaves: number;
  /** Leaves whose model finished (a plan, or a proof that the leaf holds none above `found`). */
  leavesProved: number;
  /** The clock or a stop cut the walk or a leaf's model: another run may try other leaves or find another plan. */
  clockStopped: boolean;
}

/**
 * The large-neighbourhood step over the one-group courses: for each leaf (a placement of them the LP allows a
 * target count, targets from the top down), in the walk's order, the whole-cohort model (cohort.ts) with those
 * courses' groups held at the leaf's blocks and every other course free asks for a plan of that count or more;
 * the first plan ends the step.
 * Held so, the model is small where the whole-cohort model is not (sample-120: a leaf's model proves or finds
 * in 0.02 to 3 s, where the free model took 25 s of CPU to reach the optimum 111).
 */
export async function oneGroupLns(input: BoundInput, options: OneGroupLnsOptions): Promise<OneGroupLnsResult> {
  const started = performance.now();
  const left = () => options.timeLimitSeconds - (performance.now() - started) / 1000;
  const out: OneGroupLnsResult = { plan: null, leaves: 0, leavesProved: 0, clockStopped: false };
  // The count the present target's leaves are asked to beat (the target less one).
  let incumbent = options.found;
  // Each leaf's model runs as the walk finds it: the walk goes on only when it holds nothing above `found`.
  const tryLeaf = async (leaf: OneGroupLeaf): Promise<boolean> => {
    if (left() <= 0.05 || options.shouldStop?.()) {
      out.clockStopped = true;
      return true;
    }
    const fixedGroups = new Map(leaf.placements.map((p) => [p.course, [{ blocks: p.blocks, count: 1 }]]));
    const res = await solveCohort(input, { timeLimitSeconds: left(), incumbent, fixedGroups, presolve: false, shouldStop: options.shouldStop });
    if (!res) return true;
    if (res.proven) out.leavesProved++;
    else out.clockStopped = true;
    if (res.plan) out.plan = res.plan;
    // A plan ends the step; so does a model its clock stopped (no time for another leaf).
    return res.plan !== null || !res.proven;
  };
  // Targets from the top down: two below the root's LP bound (its one-group courses spread over the blocks, which
  // no leaf can do) or one below `upperBound`, the lesser, then each one lower, to one above `found`; each on a
  // share of the iterations and, but the last, one leaf. A leaf the LP allows a higher count is rarer and holds
  // more (sample-120, root 113: from 109 the first leaf above 109 held nothing above 109, from 105 the first above
  // 106 held 107, and the first leaf of 111 holds the optimum 111), and its model asks for that count, a stronger
  // cutoff than `found`. The root less one cost more than it gave: 112 took 53 nodes and 13,700 iterations and
  // found no leaf (3.2 s on a loaded machine, the whole of the portfolio's one-group round at 10 s).
  const root = await oneGroupLeaves(input, { want: options.found + 1, maxLeaves: 0, maxIterations: options.maxIterations, timeLimitSeconds: left(), shouldStop: options.shouldStop });
  let iterations = root.iterations;
  // The LP lets every student be satisfied: the one-group courses' clashes cost nobody there, and a search that
  // falls short is short elsewhere (ko and SVWS cohorts, where the step's time held up the round's search: the
  // first perfect blocking of gymabi-ef2018 seed 1 came at 2.3 s where it came at 0.8 s).
  const total = input.types.reduce((a, t) => a + t.count, 0);
  if (root.root >= total) return out;
  const top = Math.min(root.root - 1, options.upperBound ?? Infinity) - 1;
  for (let want = top; want > options.found && !out.plan && !out.clockStopped; want--) {
    const last = want === options.found + 1;
    const budget = Math.min(options.maxIterations - iterations, last ? Infinity : LNS_LEVEL_SHARE * options.maxIterations);
    if (budget < 1 || left() <= 0.05) break;
    incumbent = want - 1;
    const walk = await oneGroupLeaves(input, {
      want,
      maxLeaves: last ? options.maxLeaves : 1,
      maxIterations: budget,
      timeLimitSeconds: left(),
      shouldStop: options.shouldStop,
      onLeaf: tryLeaf,
    });
    iterations += walk.iterations;
    out.leaves += walk.leaves.length;
    if (walk.clockStopped) out.clockStopped = true;
  }
  return out;
}
