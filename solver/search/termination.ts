/**
 * When the search stops, in one place. The reproducible stops: the work budget is spent ('work'), nothing is
 * left to improve ('optimal': every student the caller asks for fully satisfied, in the fewest groups any
 * blocking could run, evenly), everyone satisfied when the caller asked to stop there ('perfect'). Each is
 * tested against the best blocking so far, which only improves, and the schedule does not depend on the budget,
 * so a run with a larger budget passes through the same states and stops at the same point or later.
 * The others: the wall clock ('time', the hard stop; checked in the move loop every few moves) and a cancel.
 *
 * The stall stop (SearchLimits.stopWhenStalled, see stalled below) is reproducible too and reported as 'work':
 * the point where it holds is a function of the search's own trajectory (the work at which the best last
 * improved), which does not depend on the budget. A run of budget 2B follows the run of budget B move for move,
 * so it stalls at the same point if B reached it, and otherwise runs on to that point or to 2B: it stops no
 * earlier, and its best, which only improves along the trajectory, is at least as good. The same seed and
 * budget stall at the same move.
 */
import type { Model } from '../model';
import type { SearchLimits, SearchStop } from '../search';
import { baseCycleWork } from './schedule';

/**
 * The stall stop: no improvement of the best (on any tier) for at least STALL_MIN_BASE_CYCLES base cycles
 * (schedule.ts) and for at least STALL_RATIO times the work the search had spent when it last improved, so a
 * search that improves late is given ever longer to do it again. Measured on sample-120 (base cycle 8.6
 * million work units): seed 1 improved at 5.0, 31.1 and 91.6 base cycles (110, then the optimum 111), seed 3
 * at 11.5 and 12.9 (110, none more by 43), seed 2 at 17.9 and 35.8 (111); gen:120:1 found 119 at 8.3 and only
 * a group fewer at 54. A ratio of 1 stopped seed 1 at 62 base cycles with 110, and the whole-cohort model then
 * proved 111 at --time 60 (110 found, bound 111); a ratio of 2 lets it find 111 (the model then has less time: bound 113): a
 * student found counts before a bound proven, so 2. The minimum of 30 keeps seed 1's gap from 5.0 to 31.1.
 */
const STALL_MIN_BASE_CYCLES = 30;
const STALL_RATIO = 2;

/** What the stop test reads of the search. */
export interface StopView {
  readonly m: Model;
  readonly work: number;
  readonly bestFeasible: boolean;
  readonly bestNotFull: number;
  /** Largest size difference between groups of one course in the best blocking. */
  readonly bestSpread: number;
  /** Work spent when the best last improved (-1 none yet). */
  readonly bestAtWork: number;
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
  if (limits.stopWhenStalled && stalled(s)) return 'work';
  return null;
}

/** Whether the best has not improved for the stall stop's stretch of work (see STALL_MIN_BASE_CYCLES). */
export function stalled(s: StopView): boolean {
  // Only short of a perfect blocking: what the stop frees goes to the bound and the whole-cohort model, which
  // have nothing to do once everyone is satisfied (the polish cycles then keep the time).
  if (!s.bestFeasible || s.bestNotFull === 0 || s.bestAtWork < 0) return false;
  const since = s.work - s.bestAtWork;
  return since >= STALL_MIN_BASE_CYCLES * baseCycleWork(s.m) && since >= STALL_RATIO * s.bestAtWork;
}
