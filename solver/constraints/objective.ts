/**
 * The objective: every rule's term, its weight, and the weighted score the search minimises.
 *
 * docs/format.md orders the aims: (1) students fully satisfied, (2) choices met, (3) reserves placed, in each
 * student's order, (4) the fewest groups, (5) even group sizes. The search minimises one weighted sum whose
 * weights follow that order (seating.ts for the first three, groups.ts for the last two); the hard rules
 * (capacity.ts, min-size.ts, places.ts, staffing.ts, rooms.ts) add large penalties it may cross while it
 * searches and must leave at zero. Solutions found at different moments are compared lexicographically on the
 * aims (solve.ts lexKey), the weights only steer the search between them.
 */
import type { State } from '../state';
import { OVERFLOW_WEIGHT, overflowOnJoin } from './capacity';
import { EVEN_WEIGHT, GROUP_WEIGHT, sumSquaresOnJoin } from './groups';
import { SMALL_WEIGHT, smallOnJoin } from './min-size';
import { placesOverOnJoin } from './places';
import { UNROOMED_WEIGHT } from './rooms';
import { NOT_FULL_WEIGHT, RESERVE_RANK_WEIGHT, RESERVE_WEIGHT, UNMET_WEIGHT } from './seating';
import { UNSTAFFED_WEIGHT } from './staffing';

/** Score weights, each defined by its rule's module. */
export const W = {
  overflow: OVERFLOW_WEIGHT, // per student above a group's capacity, or above a course's places
  small: SMALL_WEIGHT, // per running group below its minimum size
  unstaffed: UNSTAFFED_WEIGHT, // per home group with no teacher (when staff are listed)
  unroomed: UNROOMED_WEIGHT, // per group with no suitable room (when rooms are listed)
  notFull: NOT_FULL_WEIGHT, // per student not fully satisfied
  unmet: UNMET_WEIGHT, // per unmet choice
  reserve: RESERVE_WEIGHT, // reward per reserve placed
  reserveRank: RESERVE_RANK_WEIGHT, // per place down a student's reserve list of each reserve placed
  group: GROUP_WEIGHT, // per running group
  even: EVEN_WEIGHT, // per unit of the sum of squared group sizes
} as const;

/** The score terms, each kept incrementally by State and evaluated from scratch by its rule (index.ts). */
export interface Terms {
  overflow: number;
  small: number;
  placesOver: number;
  unstaffed: number;
  unroomed: number;
  notFull: number;
  unmet: number;
  reserves: number;
  /** Sum over placed reserves of their place in the student's reserve list (0 for the first). */
  reserveRank: number;
  openGroups: number;
  sumSquares: number;
}

/** The weighted sum of the terms, with the hard rules' penalties given (the search's current ones, or W's). */
export function weightedScore(t: Terms, overflow: number, small: number, unstaffed: number, unroomed: number): number {
  return (
    overflow * (t.overflow + t.placesOver) +
    small * t.small +
    unstaffed * t.unstaffed +
    unroomed * t.unroomed +
    W.notFull * t.notFull +
    W.unmet * t.unmet -
    W.reserve * t.reserves +
    W.reserveRank * t.reserveRank +
    W.group * t.openGroups +
    W.even * t.sumSquares
  );
}

/**
 * Change of State.score() when one more student joins slot g as things stand, the group's and course's terms
 * only (the student's own, unmet choices and reserves, are the caller's): evenness, capacity, minimum size and
 * places, at the search's current penalties. The seater weighs every candidate group with it, so it is hot:
 * each rule's delta is a small function V8 inlines. The sum runs in this order so the value is the same double
 * the seater computed when it summed these inline (a zero term adds exactly nothing).
 */
export function joinCost(st: State, g: number): number {
  return (
    W.even * sumSquaresOnJoin(st, g) +
    st.w.overflow * overflowOnJoin(st, g) +
    st.w.small * smallOnJoin(st, g) +
    st.w.overflow * placesOverOnJoin(st, st.m.slotCourse[g])
  );
}
