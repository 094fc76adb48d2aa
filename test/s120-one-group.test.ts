/**
 * The step over the one-group courses (solver/exact/lns-one-group.ts) on sample-120, whose optimum is 111 (proved
 * by the whole-cohort model): the search ends at 110 on some seeds, losing students to where the courses that can
 * run one group sit. The step's walk gives the same leaves every run (it stops by simplex iterations, not the
 * clock); from 110 its first leaf's model holds 111, made into a blocking that data/checker.ts accepts (the
 * plan's blocking kept 111 only once a reserve holder could give up a clashing choice to fill a group to its
 * minimum: it was 109 before); and the portfolio's one-group round (SolveOptions.oneGroupRound) takes a 110
 * blocking to 111, searching a fixed amount of work.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { boundInput } from '../solver/exact/bridge';
import { blockingFromPlan } from '../solver/exact/cohort-blocking';
import { oneGroupLeaves, oneGroupLns, placedOneGroupCourses } from '../solver/exact/lns-one-group';
import { hasOneGroupCourses } from '../solver/exact/lns-one-group-courses';
import { compile } from '../solver/model';
import { buildResult } from '../solver/result';
import { Search } from '../solver/search';
import { solve } from '../solver/solve';
import type { Scenario } from '../solver/types';

const sample = JSON.parse(readFileSync(new URL('../data/samples/sample-120.json', import.meta.url), 'utf8')) as Scenario;
const OPTIMUM = 111;

describe('the one-group step on sample-120', () => {
  it('walks to the same leaves every run, each placing every one-group course in one block, its LP above the target', async () => {
    const m = compile(sample);
    const input = boundInput(m);
    expect(hasOneGroupCourses(m)).toBe(true);
    const courses = placedOneGroupCourses(input);
    // PE, DT, MUS, HSC, RST, CSC, SOC, MED, IMD, HOS, PHO, FOO: STA, SPT, DRA and GER have fewer choosers than a group's minimum.
    expect(courses.map((c) => m.courseIds[c]).sort()).toEqual(['CSC', 'DT', 'FOO', 'HOS', 'HSC', 'IMD', 'MED', 'MUS', 'PE', 'PHO', 'RST', 'SOC']);
    const walk = () => oneGroupLeaves(input, { want: OPTIMUM, maxLeaves: 2, maxIterations: 60_000, timeLimitSeconds: 120 });
    const first = await walk();
    const again = await walk();
    expect(first.clockStopped).toBe(false);
    expect(first.leaves.length).toBe(2);
    expect(again.leaves).toEqual(first.leaves);
    expect(again.iterations).toBe(first.iterations);
    for (const leaf of first.leaves) {
      expect(leaf.value).toBeGreaterThanOrEqual(OPTIMUM);
      expect(leaf.placements.map((p) => p.course)).toEqual(courses);
      for (const p of leaf.placements) expect(p.blocks.length).toBe(1);
    }
  }, 120_000);

  it('from 110, finds a plan of the optimum and makes it a blocking of 111 that keeps every rule', async () => {
    const m = compile(sample);
    const input = boundInput(m);
    const out = await oneGroupLns(input, { found: OPTIMUM - 1, maxLeaves: 3, maxIterations: 60_000, timeLimitSeconds: 120 });
    expect(out.clockStopped).toBe(false);
    expect(out.plan).not.toBeNull();
    expect(out.plan!.fullySatisfied).toBe(OPTIMUM);
    const made = await blockingFromPlan(m, input, out.plan!, new Search(m, 1), { workBudget: 15_000_000, deadlineMs: Date.now() + 120_000 });
    expect(made).not.toBeNull();
    expect(made!.search.st.fullySatisfied()).toBe(OPTIMUM);
    const check = checkResult(sample, buildResult(m, made!.search.st, { seconds: 0, seed: 1 }));
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
  }, 120_000);

  it('the one-group round takes a blocking of 110 to the optimum, reproducibly, and the result keeps every rule', async () => {
    const m = compile(sample);
    // A blocking of 110: the search of seed 3 at a fixed work budget (its best stands at 110 from 111 million work).
    const search = new Search(m, 3);
    search.construct();
    await search.run({ workBudget: 120_000_000, deadlineMs: Date.now() + 600_000 }, () => undefined);
    search.repair(false);
    search.balanceAll();
    expect(search.st.fullySatisfied()).toBe(OPTIMUM - 1);
    const start = buildResult(m, search.st, { seconds: 0, seed: 3 });
    // The round's search is 6 million work units (0.3 of 20 s at 1 million a second); the clock is generous.
    const round = () => solve(sample, { seed: 7, timeSeconds: 20, workPerSecond: 1_000_000, exact: false, initial: start, oneGroupRound: true });
    const result = await round();
    expect(result.summary.fullySatisfied).toBe(OPTIMUM);
    expect(result.summary.stoppedBy).toBe('work');
    const check = checkResult(sample, result);
    expect(check.violations).toEqual([]);
    const again = await round();
    expect(again.groups.map((g) => `${g.course}:${g.blocks.join('+')}`).sort()).toEqual(result.groups.map((g) => `${g.course}:${g.blocks.join('+')}`).sort());
  }, 300_000);
});
