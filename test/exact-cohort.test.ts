/**
 * The whole-cohort model (solver/exact/cohort.ts) and its plans made into blockings (cohort-blocking.ts):
 * its bound is never below the brute-force optimum, a plan it returns beats the incumbent and is within its
 * own bound, and on small tight cohorts it finds the optimum as a blocking that data/checker.ts accepts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkResult } from '../data/checker';
import { knownOptimumScenario } from '../data/known-optimum';
import type { BoundInput } from '../solver/exact/bound';
import { boundInput } from '../solver/exact/bridge';
import { solveCohort } from '../solver/exact/cohort';
import { blockingFromPlan, startOfState } from '../solver/exact/cohort-blocking';
import { compile } from '../solver/model';
import { buildResult } from '../solver/result';
import { Search } from '../solver/search';
import { solve } from '../solver/solve';
import type { Scenario } from '../solver/types';
import { bruteForce, tinyBuild } from './helpers/bound-brute-force';
import { course, scenario, students } from './helpers/tiny';

describe('solveCohort', () => {
  it('never proves less than the brute-force optimum, whatever the incumbent; its plans beat the incumbent', async () => {
    const withMins = fc
      .tuple(tinyBuild, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }))
      .map(([input, mins]): BoundInput => ({ ...input, courses: input.courses.map((c, i) => ({ ...c, minGroupSize: mins[i] })) }));
    let plans = 0;
    let binding = 0;
    await fc.assert(
      fc.asyncProperty(withMins, fc.boolean(), async (input, wholeStudents) => {
        const truth = bruteForce(input);
        const total = input.types.reduce((a, t) => a + t.count, 0);
        for (const incumbent of [-1, truth - 1, truth]) {
          const out = await solveCohort(input, { timeLimitSeconds: 5, incumbent, wholeStudents });
          if (!out) continue;
          expect(out.upperBound).toBeGreaterThanOrEqual(truth);
          expect(out.upperBound).toBeLessThanOrEqual(total);
          if (out.plan) {
            plans++;
            expect(out.plan.objective).toBeGreaterThan(incumbent);
            expect(out.plan.fullySatisfied).toBeLessThanOrEqual(out.plan.objective);
            expect(out.plan.objective).toBeLessThanOrEqual(out.upperBound);
            // Each pattern puts its students on disjoint blocks, one placement a choice.
            for (const p of out.plan.patterns) {
              expect(p.blocks).toHaveLength(p.courses.length);
              const flat = p.blocks.flat();
              expect(new Set(flat).size).toBe(flat.length);
            }
          }
          if (out.proven && out.upperBound < total) binding++;
        }
      }),
      { numRuns: 80, seed: 12 },
    );
    expect(plans).toBeGreaterThan(20);
    expect(binding).toBeGreaterThan(10);
  }, 120_000);

  it('finds the optimum of a small tight cohort, and the blocking made from it passes the checker', async () => {
    // Two blocks; X and Y share their only teacher, so one group each at most, in different blocks, of 2
    // seats: 2 of the 4 students who chose both can be fully satisfied. Z (chosen by two more) needs no teacher.
    const sc: Scenario = scenario({
      blocks: ['A', 'B'],
      courses: [course('X', { maxGroupSize: 2 }), course('Y', { maxGroupSize: 2 }), course('Z', { maxGroupSize: 5 })],
      staff: [{ id: 'T1', name: 'T1', courses: ['X', 'Y'] }],
      students: [...students('S', 4, ['X', 'Y']), ...students('U', 2, ['Z', 'X'])],
    } as Partial<Scenario> & Pick<Scenario, 'courses' | 'students'>);
    const m = compile(sc);
    const input = boundInput(m);
    const out = await solveCohort(input, { timeLimitSeconds: 10, incumbent: 0, wholeStudents: true });
    expect(out).not.toBeNull();
    expect(out!.proven).toBe(true);
    expect(out!.upperBound).toBe(2);
    expect(out!.plan?.objective).toBe(2);
    const built = await blockingFromPlan(m, input, out!.plan!, new Search(m, 1));
    expect(built).not.toBeNull();
    expect(built!.search.st.fullySatisfied()).toBe(2);
    const check = checkResult(sc, buildResult(m, built!.search.st, { seconds: 0, seed: 1 }));
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    // Asked for more than the optimum, it proves there is none.
    const none = await solveCohort(input, { timeLimitSeconds: 10, incumbent: 2 });
    expect(none!.plan).toBeNull();
    expect(none!.upperBound).toBe(2);
    expect(none!.proven).toBe(true);
  }, 60_000);

  it('reaches every student of a known-optimum cohort from nothing, as a legal blocking; a start is taken as it is', async () => {
    const { scenario: sc } = knownOptimumScenario({ students: 40, seed: 2 });
    const m = compile(sc);
    const input = boundInput(m);
    const out = await solveCohort(input, { timeLimitSeconds: 60, incumbent: 0 });
    expect(out).not.toBeNull();
    // HiGHS proves it in about 2 s (66 columns); the limit is for a busy machine.
    expect(out!.proven).toBe(true);
    expect(out!.plan?.objective).toBe(40);
    const built = await blockingFromPlan(m, input, out!.plan!, new Search(m, 1));
    expect(built).not.toBeNull();
    expect(built!.search.st.fullySatisfied()).toBe(40);
    const check = checkResult(sc, buildResult(m, built!.search.st, { seconds: 0, seed: 1 }));
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(out!.upperBound).toBe(40);
    // The search's own blocking, written in the model's terms, names every student once.
    const greedy = new Search(m, 1);
    greedy.construct();
    greedy.repair();
    const start = startOfState(m, greedy.st, input);
    expect(start?.fullySatisfied).toBe(greedy.st.fullySatisfied());
    expect(start!.patterns.reduce((a, p) => a + p.count, 0)).toBe(greedy.st.fullySatisfied());
    const warm = await solveCohort(input, { timeLimitSeconds: 30, incumbent: greedy.st.fullySatisfied(), start: start! });
    expect(warm!.upperBound).toBe(40);
    if (warm!.plan) expect(warm!.plan.fullySatisfied).toBeGreaterThan(greedy.st.fullySatisfied());
  }, 180_000);

  it('in the solve: the result keeps every rule and is never worse than the search alone; the bound is never below it', async () => {
    // A search starved of work (the same budget with and without the exact steps) leaves room for the model.
    const { scenario: sc } = knownOptimumScenario({ students: 60, seed: 2 });
    const options = { timeSeconds: 8, seed: 1, workPerSecond: 50_000 };
    const alone = await solve(sc, { ...options, exact: false });
    const withExact = await solve(sc, options);
    const check = checkResult(sc, withExact);
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(withExact.summary.fullySatisfied).toBeGreaterThanOrEqual(alone.summary.fullySatisfied);
    expect(withExact.summary.upperBound ?? 60).toBeGreaterThanOrEqual(withExact.summary.fullySatisfied);
    expect(withExact.summary.upperBound ?? 60).toBeLessThanOrEqual(60);
  }, 60_000);
});
