/**
 * The solver's public surface, shared by the command line, the worker and the tests.
 * Everything here is plain data: a Scenario in (already validated by data/schema.ts), a Result out.
 */
import type { Result, Scenario } from './types';

export interface SolveOptions {
  /** Wall-clock budget for the search in seconds; the best result so far is returned when it runs out. */
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
}

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
