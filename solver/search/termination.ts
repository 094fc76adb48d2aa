/**
 * When the search stops, in one place. The reproducible stops: the work budget is spent ('work'), nothing is
 * left to improve ('optimal': every student the caller asks for fully satisfied, in the fewest groups any
 * blocking could run, evenly), everyone satisfied when the caller asked to stop there ('perfect'). Each is
 * tested against the best blocking so far, which only improves, and the schedule does not depend on the budget,
 * so a run with a larger budget passes through the same states and stops at the same point or later.
 * The others: the wall clock ('time', the hard stop; checked in the move loop every few moves) and a cancel.
 */
import type { Model } from '../model';
import type { SearchLimits, SearchStop } from '../search';

/** What the stop test reads of the search. */
export interface StopView {
  readonly m: Model;
  readonly work: number;
  readonly bestFeasible: boolean;
  readonly bestNotFull: number;
  /** Largest size difference between groups of one course in the best blocking. */
  readonly bestSpread: number;
  /** Whether the best blocking runs no more groups than any blocking must. */
  bestGroupsMinimal(): boolean;
}

/** Whether the search may not start at all: the clock has run out already, or it was cancelled. */
export function startStop(limits: SearchLimits): SearchStop | null {
  if (Date.now() > limits.deadlineMs) return 'time';
  if (limits.shouldStop?.()) return 'cancelled';
  return null;
}

/** The reproducible stop before the next move, or null to go on. */
export function settledStop(limits: SearchLimits, s: StopView): SearchStop | null {
  if (s.work >= limits.workBudget) return 'work';
  if (limits.stopWhenPerfect && s.bestFeasible && s.bestNotFull === 0) return 'perfect';
  if (
    limits.stopAtFullySatisfied !== undefined &&
    s.bestFeasible &&
    s.m.studentCount - s.bestNotFull >= limits.stopAtFullySatisfied &&
    s.bestGroupsMinimal() &&
    s.bestSpread <= 1
  ) {
    return 'optimal';
  }
  return null;
}
