/**
 * The whole-cohort model: the bound's relaxation (bound.ts, pattern form) with whole numbers everywhere that
 * matters for the first tier, solved as a MIP on HiGHS and warm-started by the incumbent's count.
 *
 *   y[c,p] integer  new groups of course c at placement p that hold a student
 *   z[t,q] >= 0     fully satisfied students of type t (same choices) on pattern q (one placement a choice,
 *                   cells disjoint); integer with `wholeStudents`
 *   every row of bound.ts (seats, places, group counts, teachers and rooms per cell and year, minimum sizes
 *   filled with students not fully satisfied, v), the integer-only rows (students of a type at a placement
 *   <= min(count, size) * y there), and the cutoff  sum z >= incumbent + 1.
 *
 * It maximises the first tier only (fully satisfied students) with whole groups. Two things come back:
 * - a proven bound: every legal plan either satisfies at most `incumbent`, or is a solution of this MIP (the
 *   model is a relaxation of the rules, and a plan gives whole y and z), so max(incumbent, HiGHS's dual bound)
 *   bounds them all; an infeasible verdict proves `incumbent` optimal;
 * - when HiGHS found a solution, its groups (course, blocks, how many) and its patterns (type, the blocks of
 *   each choice, how many students): a candidate plan that cohort-blocking.ts turns into a blocking and checks,
 *   since the relaxation leaves out how teachers and rooms pair with groups across cells and where the
 *   students who are not fully satisfied sit.
 */
import { buildBoundModel, type BoundInput, type BoundModel } from './bound';
import { solveModel } from './highs';

export interface CohortPlan {
  /** New groups to open: course index, its blocks, how many groups there. */
  groups: { course: number; blocks: number[]; count: number }[];
  /** Fully satisfied students: type index (into input.types), the blocks of each choice (typeChoices order), how many. */
  patterns: { type: number; courses: number[]; blocks: number[][]; count: number }[];
  /** Fully satisfied students the patterns name (whole students). */
  fullySatisfied: number;
  /** The MIP's objective (above the incumbent; equal to fullySatisfied with whole students). */
  objective: number;
}

/** A known blocking in the model's terms, to start HiGHS from: its plan, and where everyone else sits. */
export interface CohortStart extends CohortPlan {
  /** Students not fully satisfied sitting in a group of `course` at `blocks` (choices and reserves), how many. */
  others: { course: number; blocks: number[]; count: number }[];
}

export interface CohortResult {
  /** Proven upper bound on fully satisfied students (never below `incumbent`). */
  upperBound: number;
  /** HiGHS proved the MIP: the bound does not depend on the clock. */
  proven: boolean;
  /** A candidate plan whose objective beats `incumbent`, or null. */
  plan: CohortPlan | null;
  /** HiGHS's status and timing, for diagnostics. */
  method: string;
  seconds: number;
}

export interface CohortOptions {
  timeLimitSeconds: number;
  /** Fully satisfied students of the best blocking known: the model only looks for more. */
  incumbent: number;
  /** Polled by HiGHS; true stops it with what it has. */
  shouldStop?: () => boolean;
  /** HiGHS presolve; off suits short runs (see bound.ts). */
  presolve?: boolean;
  /** Pattern columns allowed (the cohort model needs the pattern form to read a plan back). */
  maxPatterns?: number;
  /**
   * The incumbent blocking: given, HiGHS starts from it (its heuristics search around it, and nodes that cannot
   * beat it are pruned) instead of getting the cutoff row, which the incumbent itself would break.
   */
  start?: CohortStart;
  /**
   * Whole students per pattern (integer z). Off by default: with whole group counts alone HiGHS proved
   * sample-120's optimum (111) in 69 s where whole students too took 171 s (same machine and load); the plan
   * is then read with each pattern's count rounded down, and the blocking made from it fills in the rest.
   */
  wholeStudents?: boolean;
  /** HiGHS's log (to the print given to configureHighs). */
  verbose?: boolean;
  /**
   * HiGHS's primal heuristics (default true). False where only the proof is wanted (the incumbent is the
   * optimum, or a plan would not be used): on sample-120 asked for more than 112 they spent 90,000 of 157,000
   * LP iterations; without them it proved nothing above 112 in 42,000 (134 nodes, 18 to 20 s of CPU).
   */
  heuristics?: boolean;
  /**
   * Courses whose groups are held where a blocking has them (a large-neighbourhood step, lns-one-group.ts): for
   * each course listed, its groups as (blocks, how many holding a student); every y column of the course is
   * fixed to that count (0 at placements not listed), so HiGHS chooses only for the courses left free.
   */
  fixedGroups?: Map<number, { blocks: number[]; count: number }[]>;
}

/** HiGHS options that switch its primal heuristics off (names of HiGHS 1.15's options). */
const NO_HEURISTICS: Record<string, number | boolean> = {
  mip_heuristic_effort: 0,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_feasibility_jump: false,
  mip_heuristic_run_shifting: false,
  mip_heuristic_run_zi_round: false,
};

/** Returns null when the model cannot be built in pattern form (too many patterns) or nobody can be satisfied. */
export async function solveCohort(input: BoundInput, options: CohortOptions): Promise<CohortResult | null> {
  const started = performance.now();
  const built = buildBoundModel(input, { maxPatterns: options.maxPatterns, maxCompactColumns: 0 });
  if ('early' in built || !built.patternsOf) return null;
  const { model, constant, placements, yCol, typeChoices, patternsOf, zCols, deferred } = built;
  const incumbent = Math.floor(options.incumbent);
  // Whole students per pattern (a plan seats each student on one pattern) when asked; otherwise only group
  // counts are whole and a pattern's count is read back rounded down.
  if (options.wholeStudents) for (const cols of zCols) for (const z of cols) model.colInteger[z] = true;
  for (const r of deferred) model.addRow(r.cols, r.vals, -Infinity, r.ub);
  if (options.fixedGroups) fixGroups(built, options.fixedGroups);
  const start = options.start ? startVector(built, options.start) : null;
  if (!start) {
    // "objective >= incumbent + 1": only plans better than the incumbent are feasible.
    const objCols: number[] = [];
    for (let j = 0; j < model.numCols; j++) if (model.colCost[j] !== 0) objCols.push(j);
    if (incumbent + 1 - constant > 0) model.addRow(objCols, 1, incumbent + 1 - constant, Infinity);
  }
  const out = await solveModel(model, {
    start: start ?? undefined,
    timeLimitSeconds: options.timeLimitSeconds,
    mipRelGap: 0,
    mipAbsGap: 0.999,
    presolve: options.presolve,
    shouldStop: options.shouldStop,
    verbose: options.verbose,
    highsOptions: options.heuristics === false ? NO_HEURISTICS : undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const method = `cohort MIP (${model.numCols} columns, ${model.numRows} rows) ${out.modelStatus} in ${out.seconds.toFixed(2)} s`;
  // Infeasible with the cutoff row: nothing beats the incumbent.
  if (out.modelStatus === 'Infeasible' && !start) return { upperBound: incumbent, proven: true, plan: null, method, seconds };
  const total = input.types.reduce((a, t) => a + t.count, 0);
  let upperBound = total;
  if (out.status !== 'error' && out.status !== 'infeasible' && Number.isFinite(out.dualBound)) {
    upperBound = Math.min(total, Math.max(incumbent, Math.floor(out.dualBound + 1e-6) + constant));
  }
  const proven = out.modelStatus === 'Optimal';
  let plan: CohortPlan | null = null;
  const values = out.values;
  if (values && Number.isFinite(out.objective) && Math.round(out.objective) + constant > incumbent) {
    const groups: CohortPlan['groups'] = [];
    yCol.forEach((cols, c) =>
      cols.forEach((y, pi) => {
        const n = y >= 0 ? Math.round(values[y]) : 0;
        if (n > 0) groups.push({ course: c, blocks: placements[c][pi].blocks.slice(), count: n });
      }),
    );
    const patterns: CohortPlan['patterns'] = [];
    zCols.forEach((cols, t) => {
      const k = typeChoices[t].length;
      cols.forEach((z, q) => {
        const n = Math.floor(values[z] + 1e-6);
        if (n <= 0) return;
        const blocks = typeChoices[t].map((c, j) => placements[c][patternsOf[t][q * k + j]].blocks.slice());
        patterns.push({ type: t, courses: typeChoices[t].slice(), blocks, count: n });
      });
    });
    const fullySatisfied = patterns.reduce((a, p) => a + p.count, 0) + constant;
    plan = { groups, patterns, fullySatisfied, objective: Math.floor(out.objective + 1e-6) + constant };
  }
  return { upperBound, proven, plan, method, seconds };
}

/**
 * Fixes the y columns of the listed courses to their counts (see CohortOptions.fixedGroups). A course with a
 * group at a placement that has no y column (not usable in the model) is left free: fixing the rest of it
 * would leave that group out.
 */
function fixGroups(built: BoundModel, fixed: Map<number, { blocks: number[]; count: number }[]>): void {
  const { model, placements, yCol } = built;
  for (const [c, groups] of fixed) {
    const count = new Float64Array(yCol[c]?.length ?? 0);
    let mapped = true;
    for (const g of groups) {
      const key = g.blocks.join(',');
      const pi = placements[c].findIndex((p) => p.blocks.join(',') === key);
      if (pi < 0 || yCol[c][pi] < 0) mapped = false;
      else count[pi] += g.count;
    }
    if (!mapped) continue;
    yCol[c].forEach((y, pi) => {
      if (y < 0) return;
      const n = Math.min(count[pi], model.colUpper[y]);
      model.colLower[y] = n;
      model.colUpper[y] = n;
    });
  }
}

/**
 * The start's value for every column, or null when some part of it has no column (a placement the model left
 * out, a pattern it does not list): HiGHS checks a start and ignores one that breaks a row, so a wrong start
 * costs only the hint. w (reserve holders among the fully satisfied) takes its least value, max(0, f - count +
 * holders), which every row it appears in prefers.
 */
function startVector(built: BoundModel, start: CohortStart): Float64Array | null {
  const { model, placements, yCol, vCol, typeChoices, patternsOf, zCols, reserveAux } = built;
  const x = new Float64Array(model.numCols);
  const placementIndex = (c: number, blocks: number[]) => {
    const key = blocks.join(',');
    return placements[c]?.findIndex((p) => p.blocks.join(',') === key) ?? -1;
  };
  for (const g of start.groups) {
    const pi = placementIndex(g.course, g.blocks);
    const y = pi >= 0 ? yCol[g.course][pi] : -1;
    if (y < 0) return null;
    x[y] += g.count;
  }
  for (const o of start.others) {
    const pi = placementIndex(o.course, o.blocks);
    const v = pi >= 0 ? vCol[o.course][pi] : -1;
    if (v < 0) return null;
    x[v] += o.count;
  }
  const f = new Float64Array(typeChoices.length);
  for (const p of start.patterns) {
    const choices = typeChoices[p.type];
    const pats = patternsOf?.[p.type];
    if (!choices || !pats) return null;
    const k = choices.length;
    const want = choices.map((c) => {
      const j = p.courses.indexOf(c);
      return j < 0 ? -1 : placementIndex(c, p.blocks[j]);
    });
    if (want.some((pi) => pi < 0)) return null;
    let q = -1;
    for (let r = 0; r < pats.length / k && q < 0; r++) {
      let same = true;
      for (let j = 0; j < k && same; j++) same = pats[r * k + j] === want[j];
      if (same) q = r;
    }
    if (q < 0) return null;
    x[zCols[p.type][q]] += p.count;
    f[p.type] += p.count;
  }
  for (const w of reserveAux) {
    const count = zCols[w.type].length > 0 ? built.typeCounts[w.type] : 0;
    x[w.col] = Math.max(0, f[w.type] - count + w.holders);
  }
  return x;
}
