/**
 * A bound by branching, outside HiGHS, on where the courses that run one group put it.
 *
 * Why: in the bound's LP (bound.ts) a course that can run only one group spreads it over the blocks (a quarter of
 * a group in each of four), and every student type then finds its choices in distinct blocks; the clashes
 * between such courses that cost students show only once their groups sit in whole blocks (sample-120: the LP
 * says 113 for every partial placement of a few of them; with all of them fixed where a blocking put them it
 * says 110, that blocking's own count).
 *
 * Branches, for a course c picked below (its columns y[c,p], new groups holding a student at placement p):
 *   "only at p": y[c,p] <= 1 and y[c,p'] = 0 elsewhere, one branch per usable placement p;
 *   "two or more": sum_p y[c,p] >= 2 (left out when maxGroups <= 1).
 * Every integer plan lies in one of them (no group: in any "only at p"; one group at p: that one; more: the last),
 * so the largest bound over the leaves of the tree is a bound on every plan. Each node is the bound's LP with
 * those column bounds, certified by weak duality (certifiedMaxBound) under exactly those bounds, so a branch
 * never rests on a solver tolerance. "Two or more" is written elastically, sum y + e - s = 0 with s >= 2 and
 * e >= 0 paying a large price in the objective (e = 0 otherwise): the LP stays feasible, so every node has a
 * dual certificate, and a plan of that branch has e = 0, so its count is within the node's certified value.
 *
 * The tree is pruned at `target` (normally the blocking found plus one): a node whose certified bound rounds
 * down to at most target holds no plan above it. A leaf above target raises the target to its bound, so the
 * answer is always max(target, every leaf) = a bound on every plan. A leaf at or above `stopAt` (the bound the
 * caller already holds) ends the tree at once: the answer could then only be that or more, so nothing is proved.
 *
 * Its stop is WORK, not the clock: a budget of simplex iterations over the whole tree (root included) and of
 * nodes. HiGHS's dual simplex is deterministic, so the same scenario and budget explore the same nodes with
 * the same iterations on a quiet or a busy machine and end with the same answer. The clock (timeLimitSeconds)
 * is only the hard stop, for a machine so slow that the budget does not fit the solve's time. Out of budget or
 * time the tree stops and proves nothing (null): open nodes are still at the root's bound.
 *
 * Symmetry: two blocks are interchangeable when every course may use both or neither and every teacher and room
 * is available in both alike in every year, with no pinned group in either (blockClasses). Swapping them maps
 * every plan to a plan of the same count and the LP of a node to the same LP, as long as no placement fixed on
 * the path to the node uses either. So "only at {b}" is skipped where a lower block b' of b's class is, like b,
 * unused on the path: its subtree is the image of the "only at {b'}" subtree, with the same leaves' values and
 * the same plans' counts. The samples have no such blocks (a teacher or a room is away in one of each pair);
 * cohorts without staff absences do (the clashing cohorts of the tests: every block alike).
 *
 * Courses branched on: those with choosers and at most one group in any plan that fully satisfies its
 * choosers without help, i.e. maxGroups 1 or fewer choosers than two groups' minimum size (a second group
 * then needs reserve holders who lose a choice), most choosers first (their placement moves the bound most:
 * on sample-120, in that order 812 nodes prove 112 where the LP's most spread course first took over 4,000).
 */
import { buildBoundModel, type BoundInput } from './bound';
import { LpSession, getHighs } from './highs';

export interface SingleGroupBranchOptions {
  /** Prove that no plan fully satisfies more than this many (the answer is at least this). */
  target: number;
  /**
   * Called once with the plain LP's certified bound (the tree's root before the integer-only rows: the bound
   * upperBoundFullySatisfied's LP gives, Infinity without a certificate), so a caller can take it as its LP bound
   * instead of solving that LP again; returns the target to prove in place of `target`, or null to stop there
   * (the result is then null).
   */
  onRoot?: (lpBound: number) => number | null;
  /** The hard stop only (see the header): the budgets below are the tree's stop. */
  timeLimitSeconds: number;
  /** Node LPs allowed before giving up; default 5,000. */
  maxNodes?: number;
  /** Simplex iterations allowed over the tree, the root's included, before giving up; default unlimited. */
  iterationBudget?: number;
  /** A leaf whose certified bound reaches this ends the tree, proving nothing (null); default none. */
  stopAt?: number;
  /** Courses to branch on, in order, in place of singleGroupCourses's choice. */
  courses?: number[];
  /** Polled between nodes; true gives up (null). */
  shouldStop?: () => boolean;
  /** Filled in whatever the outcome (a null result too): the tree's work and, when it proved nothing, why. */
  stats?: SingleGroupBranchStats;
}

export interface SingleGroupBranchStats {
  nodes: number;
  iterations: number;
  /**
   * Why it proved nothing: 'work' (a budget: reproducible), 'clock' (the hard stop: a faster machine could
   * have finished), 'stopped' (shouldStop), 'leaf' (a leaf at stopAt, or a leaf or the root that HiGHS left
   * without a certificate for another reason).
   */
  gaveUpBy?: 'work' | 'clock' | 'stopped' | 'leaf';
}

export interface SingleGroupBranchResult {
  /** max(target, every leaf's certified bound): no plan fully satisfies more. */
  upperBound: number;
  nodes: number;
  /** Simplex iterations over the tree, the root's included (its work). */
  iterations: number;
  /** Courses branched on, by index. */
  courses: number[];
  seconds: number;
}

/**
 * blockClass[b]: the lowest block interchangeable with b (see the header), b itself when none is: every course
 * allows both or neither, every teacher and room is unavailable in both or neither in each year, and no pinned
 * group holds either.
 */
export function blockClasses(input: BoundInput): Int32Array {
  const { blocks: B, years: Y } = input;
  const out = Int32Array.from({ length: B }, (_, b) => b);
  const pinnedBlock = new Uint8Array(B);
  for (const p of input.pinned ?? []) for (const b of p.blocks) if (b >= 0 && b < B) pinnedBlock[b] = 1;
  // Unavailable cells per teacher and room, as sets, and whether each is unavailable everywhere (maxGroups 0,
  // capacity below 1: the bound treats those as never free, alike in every block).
  const unavailable = [...(input.teachers ?? []), ...(input.rooms ?? [])].map((r) => new Set(r.unavailableCells));
  const alike = (a: number, b: number) => {
    if (pinnedBlock[a] || pinnedBlock[b]) return false;
    for (const c of input.courses) if (((c.allowedBlocks >> a) & 1) !== ((c.allowedBlocks >> b) & 1)) return false;
    for (const u of unavailable) for (let y = 0; y < Y; y++) if (u.has(a * Y + y) !== u.has(b * Y + y)) return false;
    return true;
  };
  for (let b = 1; b < B; b++) {
    for (let a = 0; a < b; a++) {
      if (out[a] === a && alike(a, b)) {
        out[b] = a;
        break;
      }
    }
  }
  return out;
}

/** Courses worth branching on (see the header), most choosers first. */
export function singleGroupCourses(input: BoundInput): number[] {
  const demand = new Array(input.courses.length).fill(0);
  for (const t of input.types) for (const c of new Set(t.choices)) demand[c] += t.count;
  const picked: number[] = [];
  input.courses.forEach((c, i) => {
    if (demand[i] === 0) return;
    const oneGroup = (c.maxGroups ?? Infinity) <= 1 || demand[i] < 2 * Math.ceil(c.minGroupSize ?? 0);
    if (oneGroup) picked.push(i);
  });
  return picked.sort((a, b) => demand[b] - demand[a] || a - b);
}

export async function singleGroupBranchBound(input: BoundInput, options: SingleGroupBranchOptions): Promise<SingleGroupBranchResult | null> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  // HiGHS starts loading first (its wasm compiles off this thread) while the model is built here; LpSession.open
  // awaits the same promise. A failed load is reported there, so it is not reported twice from here.
  getHighs().catch(() => undefined);
  const built = buildBoundModel(input);
  if ('early' in built) return null;
  const { model, yCol, constant } = built;
  const courses = (options.courses ?? singleGroupCourses(input)).filter((c) => yCol[c].some((j) => j >= 0));
  if (courses.length === 0) return null;
  const total = input.types.reduce((a, t) => a + t.count, 0);
  // Price of one unit of elastic slack: far above anything a student is worth in the objective (1 each).
  const elasticPrice = 10 * total + 1000;
  // Per branched course: its surplus column s (sum y + e - s = 0) and elastic column e, or -1 when it cannot run two.
  const surplus = new Map<number, { s: number; e: number }>();
  for (const c of courses) {
    if ((input.courses[c].maxGroups ?? Infinity) <= 1) continue;
    const ys = yCol[c].filter((j) => j >= 0);
    // Both finite, so the certificate can price them whatever the sign of the row's dual (an infinite upper bound
    // with a positive reduced cost made certifiedMaxBound Infinity, and a leaf without a certificate ended the
    // tree): s = sum y + e <= sum of the y bounds + 2 for every point of either branch (e <= 2 suffices to reach
    // s >= 2 from sum y = 0), and a plan of the "two or more" branch has e = 0, s = sum y within those bounds.
    const yMax = ys.reduce((a, j) => a + model.colUpper[j], 0);
    const s = model.addVar({ lb: 0, ub: yMax + 2 });
    const e = model.addVar({ lb: 0, ub: 0, cost: -elasticPrice });
    model.addRow([...ys, e, s], [...ys.map(() => 1), 1, -1], 0, 0);
    surplus.set(c, { s, e });
  }
  const maxNodes = options.maxNodes ?? 5000;
  const iterationBudget = options.iterationBudget ?? Infinity;
  const stopAt = options.stopAt ?? Infinity;
  let target = options.target;
  let nodes = 0;
  let iterations = 0;
  let gaveUp = false;
  const stats: SingleGroupBranchStats = options.stats ?? { nodes: 0, iterations: 0 };
  const giveUp = (why: NonNullable<SingleGroupBranchStats['gaveUpBy']>) => {
    gaveUp = true;
    stats.gaveUpBy = why;
    return false;
  };
  // One node's LP: the certified bound, Infinity when HiGHS stopped without duals; iterations counted.
  const solveNode = (session: LpSession) => {
    const out = session.solve(options.timeLimitSeconds - elapsed(), iterationBudget - iterations);
    iterations += out.iterations;
    stats.iterations = iterations;
    return out.bound;
  };
  const session = await LpSession.open(model);
  try {
    // The integer-only rows (students of a type, or not fully satisfied, at a placement <= min(count, size) * y
    // there; they hold for whole y, see bound.ts) of the branched courses: with y at most 1 and fractional, they
    // stop a half group seating a whole type (on sample-120 they take the tree proving 112 from 812 nodes to
    // 11). Added after a first solve without them, so HiGHS starts from that basis: the root then took 0.1 s
    // where loading them with the rest took 0.7 s.
    const root = solveNode(session);
    if (options.onRoot) {
      const asked = options.onRoot(Number.isFinite(root) ? Math.floor(root + constant + 1e-7) : Infinity);
      if (asked === null) return null;
      if (!Number.isFinite(root)) {
        // The root stopped without a certificate: by its budget or the hard stop, or HiGHS failed.
        giveUp(iterations >= iterationBudget ? 'work' : options.timeLimitSeconds - elapsed() <= 0 ? 'clock' : 'leaf');
        return null;
      }
      target = asked;
    }
    const branchedY = new Set(courses.flatMap((c) => yCol[c].filter((j) => j >= 0)));
    session.addRows(built.deferred.filter((r) => r.cols.some((j) => branchedY.has(j))).map((r) => ({ cols: r.cols, vals: r.vals, lower: -Infinity, upper: r.ub })));
    // Depth-first; returns false once it gave up.
    // Symmetry (see the header): blocks used by the placements fixed on the path to the node, as counts.
    const blockClass = blockClasses(input);
    const usedOnPath = new Int32Array(input.blocks);
    // Whether "only at placement p" of course c is the image of a kept sibling under a swap of two unused blocks.
    const symmetricImage = (c: number, p: number) => {
      const blocks = built.placements[c][p].blocks;
      if (blocks.length !== 1) return false;
      const b = blocks[0];
      if (usedOnPath[b] > 0 || blockClass[b] === b) return false;
      for (let a = 0; a < b; a++) if (blockClass[a] === blockClass[b] && usedOnPath[a] === 0 && yCol[c][built.placements[c].findIndex((q) => q.blocks.length === 1 && q.blocks[0] === a)] >= 0) return true;
      return false;
    };
    const explore = (depth: number): boolean => {
      if (nodes >= maxNodes || iterations >= iterationBudget) return giveUp('work');
      if (options.timeLimitSeconds - elapsed() <= 0) return giveUp('clock');
      if (options.shouldStop?.()) return giveUp('stopped');
      stats.nodes = ++nodes;
      const bound = solveNode(session);
      // Stopped by the budget or the hard stop inside this node: nothing is known of it.
      if (!Number.isFinite(bound) && iterations >= iterationBudget) return giveUp('work');
      if (!Number.isFinite(bound) && options.timeLimitSeconds - elapsed() <= 0) return giveUp('clock');
      const value = Math.floor(bound + constant + 1e-7);
      if (value <= target) return true;
      if (depth === courses.length) {
        if (!Number.isFinite(bound) || value >= stopAt) {
          // No certificate at a leaf (HiGHS stopped without duals): nothing can be said of its plans. At or above
          // stopAt: the answer cannot go below what the caller holds.
          return giveUp('leaf');
        }
        // A leaf above the target: every plan here is within its value, so the answer becomes that.
        target = value;
        return true;
      }
      const c = courses[depth];
      const cols = yCol[c];
      const saved = cols.map((j) => (j >= 0 ? [model.colLower[j], model.colUpper[j]] : [0, 0]));
      let ok = true;
      for (let p = 0; p < cols.length && ok; p++) {
        if (cols[p] < 0 || symmetricImage(c, p)) continue;
        const blocksHere = built.placements[c][p].blocks;
        for (const b of blocksHere) usedOnPath[b]++;
        cols.forEach((j, q) => {
          if (j >= 0) session.setColBounds(j, 0, q === p ? Math.min(1, saved[q][1]) : 0);
        });
        ok = explore(depth + 1);
        for (const b of blocksHere) usedOnPath[b]--;
      }
      cols.forEach((j, q) => {
        if (j >= 0) session.setColBounds(j, saved[q][0], saved[q][1]);
      });
      const two = surplus.get(c);
      if (ok && two) {
        const sMax = model.colUpper[two.s];
        session.setColBounds(two.s, 2, sMax);
        session.setColBounds(two.e, 0, 2);
        ok = explore(depth + 1);
        session.setColBounds(two.s, 0, sMax);
        session.setColBounds(two.e, 0, 0);
      }
      return ok;
    };
    explore(0);
  } finally {
    session.dispose();
  }
  if (gaveUp) return null;
  return { upperBound: target, nodes, iterations, courses, seconds: elapsed() };
}
