/**
 * The one typed API the web app talks to, through comlink (worker.ts exposes it). Kept apart from worker.ts
 * so tests can drive it in-process. A solve yields to the event loop every few tens of milliseconds, so a
 * cancel() arriving while it runs is heard and the best result so far comes back.
 */
import type { ReferenceOptions, SolveProgress } from './api';
import { WORK_PER_SECOND } from './search';
import { solve } from './solve';
import type { Group, Result, Scenario } from './types';

/** A re-seat's clock is this many times its time on the reference machine; its work stays that time's (see reseat). */
const RESEAT_HEADROOM = 10;

export interface WorkerSolveOptions {
  timeSeconds?: number;
  seed?: number;
  stopWhenPerfect?: boolean;
  /** The previous result for this scenario: the search starts from it and never returns worse (see api.ts). */
  initial?: Result;
  /** Re-solve against a published blocking with the fewest moves (see api.ts ReferenceOptions). */
  reference?: ReferenceOptions;
  /** Run the exact pieces after the search (default true); the portfolio's rounds (solver/portfolio.ts) skip them. */
  exact?: boolean;
  /** Work units per second of timeSeconds (tests, benchmarks); see api.ts. */
  workPerSecond?: number;
  /** The search's share of the time (the portfolio's last step); see api.ts. */
  searchShare?: number;
  /** The portfolio's one-group round; see api.ts. */
  oneGroupRound?: boolean;
}

export interface SolverApi {
  /** Builds (or fits) the blocking; progress arrives through the callback (a comlink proxy in the browser). */
  solve(scenario: Scenario, options: WorkerSolveOptions, onProgress?: (progress: SolveProgress) => void): Promise<Result>;
  /** Stops the running solve; it resolves with the best result so far. */
  cancel(): void;
  /**
   * Re-seats the students into exactly these groups (fit mode), for a dragged, added or removed group:
   * a short search, meant to answer within a couple of hundred milliseconds.
   */
  reseat(scenario: Scenario, groups: Group[], options?: { timeSeconds?: number; seed?: number }): Promise<Result>;
}

export function createSolverApi(): SolverApi {
  // cancel() ends every call running when it is made: each call remembers the generation it started in,
  // so a later call (a drag during a solve) never wipes out a cancel that has not been heard yet.
  let generation = 0;
  const stopper = () => {
    const mine = generation;
    return () => generation !== mine;
  };
  return {
    async solve(scenario, options, onProgress) {
      return solve(scenario, {
        timeSeconds: options.timeSeconds,
        seed: options.seed,
        stopWhenPerfect: options.stopWhenPerfect,
        initial: options.initial,
        reference: options.reference,
        exact: options.exact,
        workPerSecond: options.workPerSecond,
        searchShare: options.searchShare,
        oneGroupRound: options.oneGroupRound,
        onProgress: onProgress ? (p) => void onProgress(p) : undefined,
        shouldStop: stopper(),
      });
    },
    cancel() {
      generation++;
    },
    async reseat(scenario, groups, options) {
      const fixed: Scenario = { ...scenario, mode: 'fit', groups: groups.map((g) => ({ ...g, students: undefined })) };
      // No exact pieces here: a drag must answer at once; the full solve proves things. The work is that of
      // `timeSeconds` on the reference machine, with RESEAT_HEADROOM times as long on the clock: a fast machine
      // spends the work and answers as soon, and a slow or busy one (a school laptop, a loaded CI runner) spends the
      // same work rather than stopping early on the clock, so the same drag gives the same seating anywhere (an
      // add refused on one machine and allowed on another was seen under load: test/web-store.test.ts).
      const seconds = options?.timeSeconds ?? 0.05;
      return solve(fixed, {
        timeSeconds: seconds * RESEAT_HEADROOM,
        workPerSecond: WORK_PER_SECOND / RESEAT_HEADROOM,
        seed: options?.seed ?? 1,
        exact: false,
        shouldStop: stopper(),
      });
    },
  };
}
