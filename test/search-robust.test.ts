/**
 * The search is robust on small tight cohorts (issue 12, point 1): known-optimum cohorts (data/known-optimum.ts:
 * a perfect blocking is planted, and teachers, rooms and group counts leave no slack around it) reach every
 * student fully satisfied on every seed within a modest work budget. Before the iterated local search (kicks
 * from the best, the rescue move for the last unmet students) and the budget-free schedule, ko:120 cohorts 2, 4
 * and 5 ended at 114, 103 and 118 of 120 on some solver seeds at a 10-second budget (375 million work units).
 * Budgets are work units (Search.work), never wall time: the same on any machine.
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { knownOptimumScenario } from '../data/known-optimum';
import { compile } from '../solver/model';
import { Search } from '../solver/search';
import { solve } from '../solver/solve';
import { course, scenario, students } from './helpers/tiny';

/** Three seconds of search on the reference machine (see WORK_PER_SECOND); the slowest case here, ko:120 cohort 2 on solver seed 1, needs 123 million. */
const BUDGET = 150_000_000;

// The 120-student cohorts are the issue's own measure (ko:120 in test/bench/run-one.ts); the search before this
// ended below 120 on cohort 2 (solver seed 1), cohort 4 (seeds 2 and 3) and cohort 5 (seed 3) even at 375 million.
const COHORTS = [
  { students: 60, seed: 1 },
  { students: 60, seed: 2 },
  { students: 90, seed: 3 },
  { students: 120, seed: 1 },
  { students: 120, seed: 2 },
  { students: 120, seed: 3 },
  { students: 120, seed: 4 },
  { students: 120, seed: 5 },
];

describe('small tight cohorts reach their known optimum', () => {
  it.each(COHORTS)('$students students, cohort $seed: every student fully satisfied on solver seeds 1 to 3', async ({ students, seed }) => {
    const { scenario } = knownOptimumScenario({ students, seed });
    for (const solverSeed of [1, 2, 3]) {
      const m = compile(scenario);
      const search = new Search(m, solverSeed);
      search.construct();
      const stop = await search.run({ workBudget: BUDGET, deadlineMs: Date.now() + 600_000, stopWhenPerfect: true }, () => {});
      expect(stop, `solver seed ${solverSeed}: ${m.studentCount - search.bestNotFull} of ${m.studentCount} within ${BUDGET} work units`).toBe('perfect');
      expect(search.bestFeasible).toBe(true);
      expect(search.st.t.notFull).toBe(0);
      expect(search.st.hardViolations()).toBe(0);
    }
  });

  it('through solve(): the result is perfect, valid by the independent checker, and in the fewest groups', async () => {
    const { scenario, perfectGroups } = knownOptimumScenario({ students: 90, seed: 2 });
    // A fixed work rate makes the budget (0.75 * 4 s * 20 million = 60 million units) what stops it, not the clock.
    const result = await solve(scenario, { seed: 1, timeSeconds: 4, workPerSecond: 20_000_000, exact: false });
    expect(result.summary.fullySatisfied).toBe(90);
    expect(result.summary.groups).toBeLessThanOrEqual(perfectGroups.length);
    const verdict = checkResult(scenario, result);
    expect(verdict.violations).toEqual([]);
    expect(verdict.ok).toBe(true);
  });
});

describe('the rescue move opens a group for several unmet students at once', () => {
  it('a reserve whose course is not running and needs 4 students to run is opened for the students left over', async () => {
    // Twelve students want HIS (one group of 4 at most) and ART; the eight left without HIS list DRA as their
    // reserve, and DRA runs only with 4 students. Re-seating one student at a time never opens DRA (its first
    // student would pay the small-group penalty for a reserve's small reward): before the rescue move seated
    // them together, every seed ended with no reserve placed.
    const sc = scenario({
      courses: [course('HIS', { maxGroupSize: 4, maxGroups: 1 }), course('ART', { maxGroupSize: 12 }), course('DRA', { minGroupSize: 4, maxGroupSize: 4, maxGroups: 2 })],
      students: students('S', 12, ['HIS', 'ART'], ['DRA']),
    });
    for (const seed of [1, 2, 3]) {
      const result = await solve(sc, { seed, timeSeconds: 1, workPerSecond: 2_000_000, exact: false, assertIncremental: true });
      expect(result.summary.fullySatisfied).toBe(4);
      expect(result.summary.reservesUsed, `seed ${seed}`).toBe(8);
      expect(result.groups.filter((g) => g.course === 'DRA').map((g) => g.students.length)).toEqual([4, 4]);
      expect(checkResult(sc, result).ok).toBe(true);
    }
  });
});

describe('assert mode checks every step and names it', () => {
  it('a whole small search passes its own checks: construction, every move and undo, repair, balancing', async () => {
    const { scenario } = knownOptimumScenario({ students: 40, seed: 2 });
    const result = await solve(scenario, { seed: 3, timeSeconds: 2, workPerSecond: 1_000_000, exact: false, assertIncremental: true });
    expect(checkResult(scenario, result).ok).toBe(true);
  });

  it('an undo that does not restore the score before the move fails, naming the move', async () => {
    const { scenario } = knownOptimumScenario({ students: 40, seed: 2 });
    const m = compile(scenario);
    const search = new Search(m, 1);
    search.construct();
    const st = search.st;
    const undo = st.undo.bind(st);
    // A broken undo: it replays the journal, then leaves one more group open than before the move.
    st.undo = (mark: number) => {
      undo(mark);
      for (let g = 0; g < m.slotCount; g++) {
        if (st.slotPlacement[g] < 0 && !m.slotPinned[g] && m.placementStart[m.slotCourse[g] + 1] > m.placementStart[m.slotCourse[g]]) {
          st.setPlacement(g, m.placementStart[m.slotCourse[g]]);
          return;
        }
      }
    };
    await expect(search.run({ workBudget: 5_000_000, deadlineMs: Date.now() + 60_000, assertIncremental: true }, () => {})).rejects.toThrow(
      /Undo check failed after a rejected (re-seat student|rescue .*|move group|swap groups|open group|close group|even out) move \(move \d+\)/,
    );
  });
});
