/**
 * The portfolio (solver/portfolio.ts): the coordinator with fake in-process workers (which result it keeps,
 * ties, rounds and the seeds they run with, the shared best handed on, an optimal blocking ending the rounds,
 * cancellation), and the command line's real worker threads (cli/portfolio-node.ts) on a small scenario:
 * the same seed, time and number of workers twice give the same groups and placements, and the checker
 * accepts the result; and the planner's client over several comlink workers (MessageChannels in-process,
 * as the browser's Web Workers speak), with its progress and cancel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { knownOptimumScenario } from '../data/known-optimum';
import { portfolioRunners, solveOnCores } from '../cli/portfolio-node';
import type { SolveProgress } from '../solver/api';
import {
  compareKeys,
  objectiveKey,
  pickBest,
  portfolioPlan,
  solvePortfolio,
  workerSeed,
  type PortfolioRunner,
  type RunnerSolveOptions,
} from '../solver/portfolio';
import type { Result, Scenario } from '../solver/types';
import { createSolverApi } from '../solver/worker-api';
import { workerSolver } from '../web/state/solver-client';

/** A two-student scenario: enough for objectiveKey to read reserve lists. */
const scenario: Scenario = {
  format: 'ks4-scenario/1',
  name: 'portfolio',
  blocks: ['A', 'B'],
  courses: [
    { id: 'ART', blocks: ['A', 'B'] },
    { id: 'HIS', blocks: ['A', 'B'] },
    { id: 'GEO', blocks: ['A', 'B'] },
  ] as Scenario['courses'],
  students: [
    { id: 'S1', choices: ['ART', 'HIS'], reserves: ['GEO', 'ART'] },
    { id: 'S2', choices: ['ART', 'GEO'] },
  ],
};

/**
 * The same with choosers enough for two groups of every course (no one-group courses, see
 * solver/exact/lns-one-group-courses.ts): the portfolio runs its usual rounds on it, no one-group round.
 */
const twoGroupScenario: Scenario = {
  ...scenario,
  students: [...scenario.students, { id: 'S3', choices: ['HIS', 'GEO'] }, { id: 'S4', choices: ['HIS', 'GEO'] }],
};

/** A result with these figures; `tag` names who made it, `sizes` the group sizes (sum of squares: evenness). */
function fake(tag: string, figures: { fully: number; met?: number; reserves?: number; groups?: number; sizes?: number[]; stoppedBy?: Result['summary']['stoppedBy'] }): Result {
  const sizes = figures.sizes ?? [1, 1];
  return {
    format: 'ks4-result/1',
    scenario: tag,
    groups: sizes.map((n, g) => ({ id: `G${g}`, course: 'ART', blocks: ['A'], years: [], staff: [], room: null, students: Array.from({ length: n }, (_, k) => `S${k + 1}`) })),
    students: [],
    summary: {
      students: 2,
      fullySatisfied: figures.fully,
      choices: 4,
      choicesMet: figures.met ?? 2 + figures.fully,
      reservesUsed: figures.reserves ?? 0,
      groups: figures.groups ?? sizes.length,
      seconds: 0.01,
      seed: 0,
      bestFoundSeconds: 0.005,
      stoppedBy: figures.stoppedBy ?? 'work',
    },
  };
}

interface Call {
  worker: number;
  options: RunnerSolveOptions;
}

/** Fake workers: `answer(worker, options)` is what each solve returns, after `delayMs(worker)`; every call is logged. */
function fakeRunners(count: number, answer: (worker: number, options: RunnerSolveOptions) => Result, delayMs: (worker: number) => number = () => 1) {
  const calls: Call[] = [];
  const cancels: number[] = [];
  const runners: PortfolioRunner[] = Array.from({ length: count }, (_, worker) => {
    let stop: (() => void) | null = null;
    return {
      async solve(_scenario, options, onProgress) {
        calls.push({ worker, options });
        const result = answer(worker, options);
        onProgress?.({ phase: 'search', seconds: 0, students: 2, fullySatisfied: result.summary.fullySatisfied, choices: 4, choicesMet: result.summary.choicesMet, reservesUsed: 0, groups: 2, moves: 10 });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs(worker));
          stop = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        const cut = stop === null;
        stop = null;
        return cut ? { ...result, summary: { ...result.summary, stoppedBy: 'cancelled' } } : result;
      },
      cancel() {
        cancels.push(worker);
        const s = stop;
        stop = null;
        s?.();
      },
    };
  });
  return { runners, calls, cancels };
}

describe('portfolio coordinator', () => {
  it('plans rounds of about two seconds within the time, with the larger last step when fitting', () => {
    const build = portfolioPlan(10, 'build');
    expect(build.rounds).toBe(3);
    expect(build.rounds * build.roundSeconds + build.finalSeconds).toBeCloseTo(9.5);
    expect(build.finalSeconds).toBeLessThan(build.rounds * build.roundSeconds);
    // The last step's exact pieces get what they get in a one-worker solve of the whole limit (a quarter of it).
    expect((1 - build.finalSearchShare!) * build.finalSeconds).toBeCloseTo(0.25 * 10);
    const fit = portfolioPlan(10, 'fit');
    expect(fit.finalSeconds).toBeGreaterThan(fit.rounds * fit.roundSeconds);
    expect(portfolioPlan(1, 'build').rounds).toBe(1);
    expect(portfolioPlan(600, 'build').rounds).toBe(8);
  });

  it('derives a distinct, reproducible seed for every worker and round', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 8; i++) for (let r = 0; r < 9; r++) seeds.add(workerSeed(1, i, r));
    expect(seeds.size).toBe(72);
    expect(workerSeed(1, 2, 3)).toBe(workerSeed(1, 2, 3));
    expect(workerSeed(7, 0, 0)).toBe(7); // worker 0's first round retraces the one-worker solve's start
    expect(workerSeed(2, 2, 3)).not.toBe(workerSeed(1, 2, 3));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0).toBe(true);
  });

  it('orders results by the objective: satisfied, choices, reserves, reserve order, groups, evenness', () => {
    const key = (r: Result) => objectiveKey(scenario, r);
    expect(compareKeys(key(fake('a', { fully: 2 })), key(fake('b', { fully: 1, met: 9 })))).toBeGreaterThan(0);
    expect(compareKeys(key(fake('a', { fully: 1, met: 4 })), key(fake('b', { fully: 1, met: 3, reserves: 2 })))).toBeGreaterThan(0);
    expect(compareKeys(key(fake('a', { fully: 1, reserves: 1 })), key(fake('b', { fully: 1, reserves: 0, groups: 1, sizes: [2] })))).toBeGreaterThan(0);
    expect(compareKeys(key(fake('a', { fully: 1, sizes: [2] })), key(fake('b', { fully: 1, sizes: [1, 1] })))).toBeGreaterThan(0);
    // Evenness: 2+2 beats 3+1 with the same number of groups.
    expect(compareKeys(key(fake('a', { fully: 1, sizes: [2, 2] })), key(fake('b', { fully: 1, sizes: [3, 1] })))).toBeGreaterThan(0);
    // Reserve order: S1's first reserve (GEO) beats its second (ART).
    const first = fake('a', { fully: 1, reserves: 1 });
    first.students = [{ id: 'S1', placed: {}, unmet: ['HIS'], reserves: ['GEO'] }];
    const second = fake('b', { fully: 1, reserves: 1 });
    second.students = [{ id: 'S1', placed: {}, unmet: ['HIS'], reserves: ['ART'] }];
    expect(compareKeys(key(first), key(second))).toBeGreaterThan(0);
    // Ties go to the lowest index.
    expect(pickBest(scenario, [fake('a', { fully: 1 }), fake('b', { fully: 2 }), fake('c', { fully: 2 })])).toBe(1);
  });

  it('runs worker 0 through the rounds\' whole time, the others in rounds from their round before\'s best, then the exact step once in worker 0', async () => {
    // Worker i in round r scores (i * 7 + r * 3) % 4 + r: a different winner each round.
    const score = (i: number, r: number) => ((i * 7 + r * 3) % 4) + r;
    const roundOf = (options: RunnerSolveOptions, workers: number) => [0, 1, 2, 3, 4, 5, 6, 7, 8].find((r) => Array.from({ length: workers }, (_, i) => workerSeed(5, i, r)).includes(options.seed))!;
    const { runners, calls } = fakeRunners(3, (i, o) => {
      if (o.exact) return { ...o.initial!, scenario: 'final' };
      // Worker 0's one search ends level with the rounds' best: a tie, which goes to worker 0.
      return i === 0 ? fake('w0', { fully: 3 + 1 }) : fake(`w${i}r${roundOf(o, 3)}`, { fully: score(i, roundOf(o, 3)) });
    });
    const plan = portfolioPlan(20, 'build');
    const result = await solvePortfolio(twoGroupScenario, { timeSeconds: 20, seed: 5 }, runners);
    expect(calls.length).toBe(plan.rounds * 2 + 2);
    const zero = calls.filter((c) => c.worker === 0 && !c.options.exact);
    expect(zero.length).toBe(1);
    expect(zero[0].options.seed).toBe(5); // the one-worker solve's own seed and trajectory
    expect(zero[0].options.timeSeconds).toBeCloseTo(plan.rounds * plan.roundSeconds);
    expect(zero[0].options.initial).toBeUndefined();
    for (let r = 0; r < plan.rounds; r++) {
      const round = calls.filter((c) => c.worker > 0 && roundOf(c.options, 3) === r);
      expect(round.map((c) => c.worker).sort()).toEqual([1, 2]);
      for (const c of round) {
        expect(c.options.seed).toBe(workerSeed(5, c.worker, r));
        expect(c.options.timeSeconds).toBeCloseTo(plan.roundSeconds);
        // The rounds' shared start: the previous round's winner among workers 1 and 2 (the lowest index among the best).
        if (r === 0) expect(c.options.initial).toBeUndefined();
        else {
          const scores = [1, 2].map((i) => score(i, r - 1));
          expect(c.options.initial!.scenario).toBe(`w${1 + scores.indexOf(Math.max(...scores))}r${r - 1}`);
        }
      }
    }
    const last = calls.at(-1)!;
    expect(last.worker).toBe(0);
    expect(last.options.exact).toBe(true);
    expect(last.options.seed).toBe(workerSeed(5, 0, plan.rounds));
    expect(last.options.searchShare).toBe(plan.finalSearchShare);
    // The rounds' best at 20 s (plan.rounds rounds) scores 3 + (rounds - 1) at most; worker 0's 4 ties or beats it.
    const roundsBest = Math.max(...[1, 2].map((i) => score(i, plan.rounds - 1)));
    expect(last.options.initial!.scenario).toBe(roundsBest > 4 ? `w${[1, 2].find((i) => score(i, plan.rounds - 1) === roundsBest)}r${plan.rounds - 1}` : 'w0');
    expect(result.scenario).toBe('final');
    expect(result.summary.seed).toBe(5);
    expect(result.summary.stoppedBy).toBe('work');
  });

  it('runs the rounds as one on a scenario with one-group courses, worker 1 in it as the one-group round', async () => {
    // The scenario's HIS and GEO have one chooser each (at most one group with everyone satisfied): one-group courses.
    const { runners, calls } = fakeRunners(3, (i, o) => (o.exact ? o.initial! : fake(o.oneGroupRound ? 'lns' : `w${i}`, { fully: o.oneGroupRound ? 2 : 1 })));
    const plan = portfolioPlan(20, 'build');
    const result = await solvePortfolio(scenario, { timeSeconds: 20, seed: 5 }, runners);
    const rounds = calls.filter((c) => c.worker > 0 && !c.options.exact);
    // One round of the rounds' whole time: worker 1 runs the one-group round, worker 2 searches.
    expect(rounds.length).toBe(2);
    const [one, two] = rounds.sort((a, b) => a.worker - b.worker);
    expect(one.options.oneGroupRound).toBe(true);
    expect(one.options.exact).toBe(false);
    expect(two.options.oneGroupRound).toBeUndefined();
    for (const c of [one, two]) {
      expect(c.options.timeSeconds).toBeCloseTo(plan.rounds * plan.roundSeconds);
      expect(c.options.seed).toBe(workerSeed(5, c.worker, 0));
      expect(c.options.initial).toBeUndefined();
    }
    expect(calls.at(-1)!.options.exact).toBe(true);
    expect(result.scenario).toBe('lns');
    // Without one-group courses (every course with choosers enough for two groups): the usual rounds.
    const usual = fakeRunners(3, (i, o) => (o.exact ? o.initial! : fake(`w${i}`, { fully: 1 })));
    await solvePortfolio(twoGroupScenario, { timeSeconds: 20, seed: 5 }, usual.runners);
    expect(usual.calls.some((c) => c.options.oneGroupRound)).toBe(false);
    expect(usual.calls.filter((c) => c.worker > 0).length).toBe(2 * plan.rounds);
  });

  it('keeps worker 0\'s blocking when the rounds end only level with it, and hands ties on by lowest index', async () => {
    const { runners, calls } = fakeRunners(3, (i, o) => (o.exact ? o.initial! : fake(`w${i}s${o.seed}`, { fully: 1 })));
    const result = await solvePortfolio(scenario, { timeSeconds: 10, seed: 1 }, runners);
    // Level every round: the next round starts from worker 1's answer (the lowest round worker), and the
    // last step from worker 0's.
    for (const c of calls.filter((c) => c.options.initial && !c.options.exact)) expect(c.options.initial!.scenario).toMatch(/^w1/);
    expect(calls.at(-1)!.options.initial!.scenario).toBe('w0s1');
    expect(result.scenario).toBe('w0s1');
  });

  it('starts the first round from options.initial but never returns it as it came (it may be for an older scenario)', async () => {
    const stale = fake('stale', { fully: 2, met: 9 }); // figures this scenario cannot reach
    const { runners, calls } = fakeRunners(2, (i, o) => (o.exact ? { ...o.initial!, scenario: 'final' } : fake(`w${i}`, { fully: 1 })));
    const result = await solvePortfolio(scenario, { timeSeconds: 4, seed: 1, initial: stale }, runners);
    expect(calls.filter((c) => c.options.initial === stale).map((c) => c.worker)).toEqual([0, 1]);
    expect(calls.at(-1)!.options.initial!.scenario).toBe('w0');
    expect(result.scenario).toBe('final');
    expect(result.summary.fullySatisfied).toBe(1);
  });

  it('ends the rounds when a worker reaches an optimal blocking, stopping the workers above it and worker 0', async () => {
    // Worker 1 answers at once with an optimal blocking; 2 takes 200 ms, worker 0 (one search) 300 ms. Cut short,
    // worker 0's answer is not used, even one group fewer: where its search had got to depends on the clock.
    const { runners, calls, cancels } = fakeRunners(
      3,
      (i, o) => (o.exact ? o.initial! : fake(`w${i}`, { fully: 2, sizes: i === 0 ? [2] : [1, 1], stoppedBy: i === 1 ? 'optimal' : 'work' })),
      (i) => (i === 1 ? 5 : i === 2 ? 200 : 300),
    );
    const result = await solvePortfolio(scenario, { timeSeconds: 20, seed: 1 }, runners);
    expect(cancels).toContain(2);
    expect(cancels).toContain(0);
    expect(calls.filter((c) => !c.options.exact).length).toBe(3); // worker 0's search and one round
    expect(result.scenario).toBe('w1');
    expect(result.summary.stoppedBy).toBe('optimal');
  });

  it('takes worker 0\'s optimal blocking whatever the rounds found, stopping them', async () => {
    // The rounds' blocking runs one group fewer (better), but worker 0 ended at an optimal one by itself first:
    // what the rounds hold at that moment depends on the clock, so they are stopped and not used.
    const { runners, cancels } = fakeRunners(
      3,
      (i, o) => (o.exact ? o.initial! : fake(`w${i}`, { fully: 2, sizes: i === 0 ? [1, 1] : [2], stoppedBy: i === 0 ? 'optimal' : 'work' })),
      (i) => (i === 0 ? 50 : 200),
    );
    const result = await solvePortfolio(scenario, { timeSeconds: 20, seed: 1 }, runners);
    expect(cancels.some((i) => i > 0)).toBe(true);
    expect(result.scenario).toBe('w0');
    expect(result.summary.stoppedBy).toBe('optimal');
  });

  it('cancellation stops every running worker promptly and skips the exact step', async () => {
    const { runners, calls, cancels } = fakeRunners(3, (i) => fake(`w${i}`, { fully: i }), () => 60_000);
    let stop = false;
    setTimeout(() => (stop = true), 100);
    const started = Date.now();
    const seen: SolveProgress[] = [];
    const result = await solvePortfolio(scenario, { timeSeconds: 60, seed: 1, shouldStop: () => stop, onProgress: (p) => seen.push(p) }, runners);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(cancels.sort()).toEqual([0, 1, 2]);
    expect(calls.some((c) => c.options.exact)).toBe(false);
    expect(result.summary.stoppedBy).toBe('cancelled');
    expect(result.scenario).toBe('w2'); // the best of what came back
    // Progress: the best figures across the workers.
    expect(seen.some((p) => p.phase === 'search' && p.fullySatisfied === 2)).toBe(true);
    expect(seen.at(-1)!.phase).toBe('done');
  });
});

describe('portfolio on worker threads', () => {
  it('gives the same groups and placements for the same seed, time and workers, and a valid result', async () => {
    // A cohort these budgets do not finish early: every round and the last step run to their work budget.
    const { scenario: small } = knownOptimumScenario({ students: 80, seed: 3 });
    // A small work budget per second, so the budget, not the clock, stops every round on a busy machine;
    // without the exact pieces, whose HiGHS runs keep to the clock (a proof cut short marks 'time').
    const options = { timeSeconds: 8, seed: 3, workPerSecond: 400_000, exact: false };
    const first = await solveOnCores(small, options, 2);
    const second = await solveOnCores(small, options, 2);
    expect(first.summary.stoppedBy).toBe('work');
    expect(second.summary.stoppedBy).toBe('work');
    expect(second.groups).toEqual(first.groups);
    expect(second.students).toEqual(first.students);
    expect(checkResult(small, first).violations).toEqual([]);

    // With the exact pieces: every round still stops by its work budget, and the result keeps every rule.
    const pool = portfolioRunners(2);
    const stops: (string | undefined)[] = [];
    const runners: PortfolioRunner[] = pool.runners.map((r) => ({
      cancel: () => r.cancel(),
      solve: async (s, o, p) => {
        const result = await r.solve(s, o, p);
        if (!o.exact) stops.push(result.summary.stoppedBy);
        return result;
      },
    }));
    const exact = await solvePortfolio(small, { ...options, exact: true, seed: 4 }, runners).finally(() => pool.close());
    // Worker 0's search and worker 1's one round (the one-group round: the cohort has one-group courses).
    expect(stops.length).toBe(2);
    expect(stops.every((s) => s === 'work' || s === 'optimal')).toBe(true);
    expect(checkResult(small, exact).violations).toEqual([]);
    expect(exact.summary.upperBound).toBe(80);
  }, 120_000);
});

describe('portfolio in the planner\'s client', () => {
  /** A comlink "worker" in this thread, over a MessageChannel as a Web Worker would be. */
  const channelWorker = () => {
    const { port1, port2 } = new MessageChannel();
    expose(createSolverApi(), port2 as never);
    return port1 as unknown as Worker;
  };

  it('runs the rounds across its workers, reproducibly, with progress, and a cancel stops them all', async () => {
    const { scenario: small } = knownOptimumScenario({ students: 80, seed: 3 });
    const options = { timeSeconds: 6, seed: 2, workPerSecond: 400_000, exact: false };
    const seen: SolveProgress[] = [];
    const first = await workerSolver(channelWorker, 3).solve(small, options, (p) => seen.push(p));
    const second = await workerSolver(channelWorker, 3).solve(small, options);
    expect(first.summary.stoppedBy).not.toBe('time');
    expect(second.groups).toEqual(first.groups);
    expect(second.students).toEqual(first.students);
    expect(checkResult(small, first).violations).toEqual([]);
    expect(seen.at(-1)!.phase).toBe('done');
    expect(seen.at(-1)!.fullySatisfied).toBe(first.summary.fullySatisfied);

    // Cancel: sample-240 has no perfect blocking, so only the cancel ends a 60-second solve early.
    const sample: Scenario = JSON.parse(readFileSync(join(import.meta.dirname, '../data/samples/sample-240.json'), 'utf8'));
    const port = workerSolver(channelWorker, 2);
    const started = Date.now();
    const pending = port.solve(sample, { timeSeconds: 60, seed: 1 });
    setTimeout(() => port.cancel(), 500);
    const stopped = await pending;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stopped.summary.stoppedBy).toBe('cancelled');
    expect(checkResult(sample, stopped).violations).toEqual([]);
  }, 120_000);
});
