/**
 * The solver's public surface, shared by the command line, the worker and the tests.
 * Everything here is plain data: a Scenario in (already validated by data/schema.ts), a Result out.
 */
import type { ReferenceOrder } from './constraints/published';
import type { Result, Scenario } from './types';

/**
 * A re-solve against a published blocking (docs/reference.md): keep its groups in their blocks and its pupils
 * in their groups unless a change forces a move. `order` 'stability' (default): fewest pupils moved first, then
 * fewest published groups moved or cancelled, then the usual objective; 'satisfaction': the usual objective
 * down to reserves first, then fewest pupils and groups moved, then fewest groups and evenness. A cap is a
 * hard limit the search keeps to where the start allows (a move past it is refused: its excess comes before
 * every other tier). The result reports `pupilsMoved` and `groupsMoved` in its summary.
 */
export interface ReferenceOptions {
  /** The published result (groups with ids and blocks, students with their placements). */
  result: Result;
  /** The scenario as published: which courses each pupil kept. Without it the published result shows them. */
  scenario?: Scenario;
  order?: ReferenceOrder;
  maxPupilsMoved?: number;
  maxGroupsMoved?: number;
}

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
  /** Re-solve against a published blocking, starting from it (then `initial` is not used); see ReferenceOptions. */
  reference?: ReferenceOptions;
  /**
   * Share of `timeSeconds` for the search when the exact steps follow (`exact` not false), from 0 to 1; default
   * 0.75 when building, 0.35 when fitting. The portfolio's last step, whose search only continues the rounds',
   * gives it a small share so the exact steps get about the time they get in a solve of the whole limit.
   */
  searchShare?: number;
  /** Work units per second of `timeSeconds` (tests and benchmarks only); default WORK_PER_SECOND of search.ts. */
  workPerSecond?: number;
  /**
   * The portfolio's one-group round (portfolio.ts), with `exact` false: a short search (`searchShare` of the
   * time, default 0.3), then the step over the courses that run one group (exact/lns-one-group.ts) in the time
   * left, then the search again in what the step left; no other exact step. Building only; ignored otherwise.
   */
  oneGroupRound?: boolean;
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
