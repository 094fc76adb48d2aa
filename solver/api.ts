/**
 * The solver's public surface, shared by the command line, the worker and the tests.
 * Everything here is plain data: a Scenario in (already validated by data/schema.ts), a Result out.
 */
import type { Result, Scenario } from './types';

export interface SolveOptions {
  /**
   * The time limit in seconds, wall clock, for the whole solve (search, exact steps, the result). The search
   * spends a work budget worth this time on the reference machine (reproducible), and the clock stops it,
   * and shortens or skips the exact steps, where the machine is slower; see the summary's `stoppedBy`.
   */
  timeSeconds?: number;
  /** All randomness comes from this seed: the same seed and time give the same result. */
  seed?: number;
  /** Called a few times a second with the best figures so far. */
  onProgress?: (progress: SolveProgress) => void;
  /** Polled between search slices; returning true stops the search with the best so far. */
  shouldStop?: () => boolean;
  /** Recompute every score from scratch after each move and throw on any difference (slow; tests). */
  assertIncremental?: boolean;
  /** Stop as soon as every student is fully satisfied and no cheaper blocking is being sought. */
  stopWhenPerfect?: boolean;
  /** Run the exact pieces after the search (exact seating, proven bound); default true. */
  exact?: boolean;
  /**
   * A previous result for this scenario: the search starts from it when it still keeps every hard rule, and
   * the result is then never worse than it (fully satisfied, choices met, reserves, groups, evenness). Groups,
   * teachers, rooms and students that no longer fit the scenario are dropped; the construction fills in.
   */
  initial?: Result;
  /**
   * Share of `timeSeconds` for the search when the exact steps follow (`exact` not false), from 0 to 1; default
   * 0.75 when building, 0.35 when fitting. The portfolio's last step, whose search only continues the rounds',
   * gives it a small share so the exact steps get about the time they get in a solve of the whole limit.
   */
  searchShare?: number;
  /** Work units per second of `timeSeconds` (tests and benchmarks only); default WORK_PER_SECOND of search.ts. */
  workPerSecond?: number;
}

/**
 * What stopped the solve: `work` its reproducible work budget (the same seed and time give the same result),
 * `time` the wall clock (it stopped the search, or an exact step ran out of its time without a proof, so the
 * result may differ between runs),
 * `optimal` nothing left to improve (everyone satisfied in the fewest groups, evenly), `perfect` everyone
 * satisfied with `stopWhenPerfect`, `cancelled` a cancel.
 */
export type SolveStop = 'work' | 'time' | 'optimal' | 'perfect' | 'cancelled';

export interface SolveProgress {
  phase: 'construct' | 'search' | 'seat' | 'staff' | 'bound' | 'done';
  seconds: number;
  students: number;
  fullySatisfied: number;
  choices: number;
  choicesMet: number;
  reservesUsed: number;
  groups: number;
  /** Proven upper bound on fullySatisfied once known. */
  upperBound?: number;
  /** Moves tried so far. */
  moves: number;
}

export type { Result, Scenario };
