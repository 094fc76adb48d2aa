/**
 * The search is anytime (issue 12, point 2): its schedule is fixed in work units, not set by the budget, and
 * its best blocking is kept lexicographically, so the search with budget 2B ends at least as well as the
 * search with budget B on every tier of docs/format.md (fully satisfied, choices met, reserves and their
 * order, fewer groups, evenness), and the same seed and budget give the same blocking.
 * Budgets here are work units (see Search.work), never wall time, so the checks hold on any machine.
 */
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../data/generate';
import { knownOptimumScenario } from '../data/known-optimum';
import { compile } from '../solver/model';
import { Search } from '../solver/search';
import { baseCycleWork, cycleWork, luby, polishCycleWork } from '../solver/search/schedule';
import { stalled, type StopView } from '../solver/search/termination';
import { solve } from '../solver/solve';
import type { Result, Scenario } from '../solver/types';

const SCENARIOS: { name: string; scenario: () => Scenario }[] = [
  { name: 'known optimum, 60 students, seed 1', scenario: () => knownOptimumScenario({ students: 60, seed: 1 }).scenario },
  { name: 'known optimum, 90 students, seed 4, 4 blocks', scenario: () => knownOptimumScenario({ students: 90, seed: 4, blocks: 4 }).scenario },
  { name: 'generated, 80 students, seed 2', scenario: () => generateScenario({ students: 80, seed: 2 }) },
  { name: 'generated, 150 students, seed 5', scenario: () => generateScenario({ students: 150, seed: 5 }) },
];

describe('the schedule is fixed in work units', () => {
  it('cycles follow the Luby sequence times a base length set by the model, polish cycles double', () => {
    expect(Array.from({ length: 15 }, (_, k) => luby(k))).toEqual([1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8]);
    // Capped at 16 base cycles: the 31st term would be 16, the 63rd 32.
    expect(luby(30)).toBe(16);
    expect(luby(62)).toBe(16);
    const small = compile(knownOptimumScenario({ students: 60, seed: 1 }).scenario);
    const large = compile(knownOptimumScenario({ students: 240, seed: 1 }).scenario);
    expect(baseCycleWork(large)).toBeGreaterThan(baseCycleWork(small));
    expect(cycleWork(small, 6)).toBe(4 * baseCycleWork(small));
    expect([0, 1, 2, 3, 4, 5].map((k) => polishCycleWork(small, k) / baseCycleWork(small))).toEqual([1, 2, 4, 8, 16, 16]);
  });
});

/** The tiers of docs/format.md, larger is better at every index. */
type Key = [fullySatisfied: number, choicesMet: number, reserves: number, reserveOrder: number, fewerGroups: number, evenness: number];

function compare(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The search as solve() runs it (construct, run, repair, balance), driven by a work budget only. */
async function searchWithBudget(scenario: Scenario, seed: number, workBudget: number) {
  const m = compile(scenario);
  const search = new Search(m, seed);
  search.exactAssignSeconds = 60;
  search.construct();
  const stop = await search.run({ workBudget, deadlineMs: Date.now() + 600_000, stopAtFullySatisfied: m.studentCount }, () => {});
  // The best the search kept, before the steps after it: its tiers only improve with the budget, valid or not.
  const bestKey = Array.from(search.bestTracker.key);
  const valid = search.bestFeasible;
  search.repair();
  search.balanceAll();
  const st = search.st;
  const t = st.t;
  const key: Key = [m.studentCount - t.notFull, m.totalChoices - t.unmet, t.reserves, -t.reserveRank, -t.openGroups, -t.sumSquares];
  return { key, bestKey, valid, stop, seat: Array.from(st.seat), placement: Array.from(st.slotPlacement), staff: Array.from(st.slotStaff), room: Array.from(st.slotRoom), work: search.work };
}

describe('anytime search: a larger work budget never ends worse', () => {
  // Budgets from before the first valid blocking (the search's best then breaks a hard rule and repair() makes
  // a valid one of it: that result is not ordered by the budget) to well after it.
  it.each(SCENARIOS)('budgets B, 2B, 4B, 8B, 16B end no worse, tier by tier ($name)', async ({ scenario }) => {
    const sc = scenario();
    for (const seed of [1, 2]) {
      let previous: Awaited<ReturnType<typeof searchWithBudget>> | null = null;
      for (const budget of [1_000_000, 2_000_000, 4_000_000, 8_000_000, 16_000_000]) {
        const run = await searchWithBudget(sc, seed, budget);
        // The budget or a proof of optimality stopped it, never the clock (which would not be reproducible).
        expect(['work', 'optimal']).toContain(run.stop);
        if (previous) {
          // The kept best never gets worse (smaller key is better, tier by tier; see solver/search/best.ts).
          const bestOrder = run.bestKey.findIndex((x, i) => x !== previous!.bestKey[i]);
          if (bestOrder >= 0) expect(run.bestKey[bestOrder], `seed ${seed}, budget ${budget}: kept best ${run.bestKey} against ${previous.bestKey}`).toBeLessThan(previous.bestKey[bestOrder]);
        }
        if (previous?.valid) {
          expect(run.valid).toBe(true);
          expect(compare(run.key, previous.key), `seed ${seed}, budget ${budget}: ${run.key} against ${previous.key} at half the budget`).toBeGreaterThanOrEqual(0);
          // A search that proved its blocking optimal stops there whatever budget is left: the same blocking.
          if (previous.stop === 'optimal') expect(run.seat).toEqual(previous.seat);
        }
        previous = run;
      }
      // Not vacuous: the largest budget found a valid blocking, so the ordered results were compared.
      expect(previous!.valid, `seed ${seed}: a valid blocking within 16 million work units`).toBe(true);
    }
  });

  it.each(SCENARIOS.slice(0, 3))('the same seed and budget give the same blocking ($name)', async ({ scenario }) => {
    const sc = scenario();
    const a = await searchWithBudget(sc, 3, 5_000_000);
    const b = await searchWithBudget(sc, 3, 5_000_000);
    expect(b.key).toEqual(a.key);
    expect(b.placement).toEqual(a.placement);
    expect(b.staff).toEqual(a.staff);
    expect(b.room).toEqual(a.room);
    expect(b.seat).toEqual(a.seat);
    expect(b.work).toBe(a.work);
  });
});

describe('the stall stop is a function of the trajectory, not of the budget', () => {
  it('holds only short of a perfect blocking, 30 base cycles and twice as long as the last improvement took', () => {
    const m = compile(generateScenario({ students: 40, seed: 3 }));
    const base = baseCycleWork(m);
    const view = (work: number, bestAtWork: number, bestNotFull = 3): StopView => ({
      m, work, bestAtWork, bestNotFull, bestFeasible: true, bestSpread: 1, bestGroupsMinimal: () => true,
    });
    expect(stalled(view(31 * base, base))).toBe(true);
    expect(stalled(view(29 * base, 0))).toBe(false); // under the minimum stretch
    expect(stalled(view(70 * base, 25 * base))).toBe(false); // 45 since, where twice the 25 it took is needed
    expect(stalled(view(75 * base, 25 * base))).toBe(true);
    expect(stalled(view(100 * base, 0, 0))).toBe(false); // everyone satisfied: the polish keeps the time
    expect(stalled({ ...view(100 * base, 0), bestFeasible: false })).toBe(false);
  });

  it('a stalled search stops at the same move whatever budget is left; a smaller budget ends no better', async () => {
    // 40 students of a generated cohort that no blocking fully satisfies: the search stalls short of perfect.
    const sc = generateScenario({ students: 40, seed: 3 });
    const run = async (workBudget: number) => {
      const m = compile(sc);
      const search = new Search(m, 1);
      search.exactAssignSeconds = 60;
      search.construct();
      const stop = await search.run({ workBudget, deadlineMs: Date.now() + 600_000, stopAtFullySatisfied: m.studentCount, stopWhenStalled: true }, () => {});
      return { stop, work: search.work, bestAtWork: search.bestAtWork, key: Array.from(search.bestTracker.key), seat: Array.from(search.st.seat), base: baseCycleWork(m) };
    };
    const a = await run(1e9);
    expect(a.stop).toBe('work');
    // Stopped by the stall, well before its budget, and only after the stretch without improvement.
    expect(a.work).toBeLessThan(1e9);
    expect(a.work - a.bestAtWork).toBeGreaterThanOrEqual(30 * a.base);
    const b = await run(2e9);
    expect(b.work).toBe(a.work);
    expect(b.seat).toEqual(a.seat);
    // Half the work the stalled run spent: the same trajectory cut short, so its kept best is no better.
    const c = await run(a.work / 2);
    expect(c.work).toBeLessThan(a.work);
    const order = c.key.findIndex((x, i) => x !== a.key[i]);
    if (order >= 0) expect(c.key[order]).toBeGreaterThan(a.key[order]);
  });
});

/** The result's tiers; evenness from the groups' sizes (sum of squares, smaller is better). */
function resultKey(r: Result): [number, number, number, number, number] {
  const s = r.summary;
  const sumSquares = r.groups.reduce((n, g) => n + g.students.length * g.students.length, 0);
  return [s.fullySatisfied, s.choicesMet, s.reservesUsed, -s.groups, -sumSquares];
}

describe('anytime solve: --time 2T is at least as good as --time T', () => {
  it('for the whole pipeline without the exact steps, at a fixed tiny work rate', async () => {
    const scenario = generateScenario({ students: 100, seed: 7 });
    // 400,000 work units a second: the search spends 0.3 to 2.4 million, a few tens of milliseconds, so the
    // clock (the time given) never stops it and the result depends on the work budget alone.
    const options = { exact: false, workPerSecond: 400_000 };
    let previous: Result | null = null;
    for (const timeSeconds of [1, 2, 4, 8]) {
      const result = await solve(scenario, { ...options, seed: 2, timeSeconds });
      expect(result.summary.stoppedBy).not.toBe('time');
      if (previous) expect(compare(resultKey(result) as never, resultKey(previous) as never), `--time ${timeSeconds}`).toBeGreaterThanOrEqual(0);
      previous = result;
    }
    const again = await solve(scenario, { ...options, seed: 2, timeSeconds: 8 });
    expect(again.groups).toEqual(previous!.groups);
    expect(again.students).toEqual(previous!.students);
  });
});
