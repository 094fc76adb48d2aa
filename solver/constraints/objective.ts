/**
 * The objective: every rule's term, its weight, and the weighted score the search minimises.
 *
 * docs/format.md orders the aims: (1) students fully satisfied, (2) choices met, (3) reserves placed, in each
 * student's order, (4) the fewest groups, (5) even group sizes. The search minimises one weighted sum whose
 * weights follow that order (seating.ts for the first three, groups.ts for the last two); the hard rules
 * (capacity.ts, min-size.ts, places.ts, staffing.ts, rooms.ts) add large penalties it may cross while it
 * searches and must leave at zero. Solutions found at different moments are compared lexicographically on the
 * aims (objectiveKey below, the one statement of the order: search/best.ts and solve.ts use it), the weights
 * only steer the search between them.
 *
 * A re-solve against a published blocking (published.ts) adds two terms, pupils moved (pupils-moved.ts) and
 * published groups moved or cancelled (groups-moved.ts), placed by its order: first under 'stability', after
 * reserves under 'satisfaction'; their caps make a tier above the objective. Without one they are 0.
 */
import type { State } from '../state';
import { OVERFLOW_WEIGHT, overflowOnJoin } from './capacity';
import { EVEN_WEIGHT, GROUP_WEIGHT, sumSquaresOnJoin } from './groups';
import { SMALL_WEIGHT, smallOnJoin } from './min-size';
import { placesOverOnJoin } from './places';
import { UNROOMED_WEIGHT } from './rooms';
import { NOT_FULL_WEIGHT, RESERVE_RANK_WEIGHT, RESERVE_WEIGHT, UNMET_WEIGHT } from './seating';
import { UNSTAFFED_WEIGHT } from './staffing';
import { capExcess, type PublishedBlocking } from './published';

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
  /** Counted pupils placed otherwise than published in a course they kept (0 without a published blocking). */
  pupilsMoved: number;
  /** Published groups not continued in their blocks: moved or cancelled (0 without a published blocking). */
  groupsMoved: number;
}

/** Terms of an empty state: nothing seated, no group open (State adds the unmet choices and the reference's). */
export function zeroTerms(): Terms {
  return { overflow: 0, small: 0, placesOver: 0, unstaffed: 0, unroomed: 0, notFull: 0, unmet: 0, reserves: 0, reserveRank: 0, openGroups: 0, sumSquares: 0, pupilsMoved: 0, groupsMoved: 0 };
}

/**
 * The weighted sum of the terms, with the hard rules' penalties given (the search's current ones, or W's), and
 * with a published blocking its two terms and caps at the order's weights. Without one nothing is added (the
 * sum is the same double as before the rules existed: the ordinary search's course is unchanged).
 */
export function weightedScore(t: Terms, overflow: number, small: number, unstaffed: number, unroomed: number, pub: PublishedBlocking | null = null): number {
  const base = usualScore(t, overflow, small, unstaffed, unroomed);
  if (pub === null) return base;
  return base + pub.pupilWeight * t.pupilsMoved + pub.groupWeight * t.groupsMoved + pub.capWeight * capExcess(pub, t.pupilsMoved, t.groupsMoved);
}

function usualScore(t: Terms, overflow: number, small: number, unstaffed: number, unroomed: number): number {
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

/**
 * The order of docs/format.md as one key, smaller better at every index, compared tier by tier (compareKeys):
 *   KEY_INFEASIBLE   1 when a hard rule is broken (such a blocking only stands in until a valid one is found)
 *   KEY_WEIGHTED     the weighted objective, compared only between blockings that break a hard rule
 *   KEY_CAP          pupils and groups moved above the re-solve's caps
 *   KEY_STABLE_*     under 'stability': pupils moved, then published groups moved or cancelled
 *   KEY_NOT_FULL, KEY_UNMET, KEY_RESERVES (negated), KEY_RESERVE_RANK: 1. to 3. of the usual objective
 *   KEY_SATISFIED_*  under 'satisfaction': pupils moved, then groups moved
 *   KEY_GROUPS, KEY_SUM_SQUARES: 4. and 5.
 * Without a published blocking the cap and moved tiers are 0 and the order is the usual one. A weighted sum
 * cannot stand in for this order: one more student fully satisfied at the price of six more unmet choices is
 * better here and worse in the search's own score.
 */
export const KEY_INFEASIBLE = 0;
export const KEY_WEIGHTED = 1;
export const KEY_CAP = 2;
export const KEY_STABLE_PUPILS = 3;
export const KEY_STABLE_GROUPS = 4;
export const KEY_NOT_FULL = 5;
export const KEY_UNMET = 6;
export const KEY_RESERVES = 7;
export const KEY_RESERVE_RANK = 8;
export const KEY_SATISFIED_PUPILS = 9;
export const KEY_SATISFIED_GROUPS = 10;
export const KEY_GROUPS = 11;
export const KEY_SUM_SQUARES = 12;
export const KEY_LENGTH = 13;

/** What the key reads: the terms, whether a hard rule is broken, the fixed-weight objective, the reference. */
export interface KeySource {
  t: Terms;
  pub: PublishedBlocking | null;
  hardViolations(): number;
  objective(): number;
}

/** Fills `key` with the state's tiers (smaller is better at every index). */
export function objectiveKey(st: KeySource, key: Float64Array = newKey()): Float64Array {
  const t = st.t;
  const pub = st.pub;
  const infeasible = st.hardViolations() > 0;
  const stability = pub !== null && pub.order === 'stability';
  key[KEY_INFEASIBLE] = infeasible ? 1 : 0;
  key[KEY_WEIGHTED] = infeasible ? st.objective() : 0;
  key[KEY_CAP] = pub === null ? 0 : capExcess(pub, t.pupilsMoved, t.groupsMoved);
  key[KEY_STABLE_PUPILS] = stability ? t.pupilsMoved : 0;
  key[KEY_STABLE_GROUPS] = stability ? t.groupsMoved : 0;
  key[KEY_NOT_FULL] = t.notFull;
  key[KEY_UNMET] = t.unmet;
  key[KEY_RESERVES] = -t.reserves;
  key[KEY_RESERVE_RANK] = t.reserveRank;
  key[KEY_SATISFIED_PUPILS] = pub !== null && !stability ? t.pupilsMoved : 0;
  key[KEY_SATISFIED_GROUPS] = pub !== null && !stability ? t.groupsMoved : 0;
  key[KEY_GROUPS] = t.openGroups;
  key[KEY_SUM_SQUARES] = t.sumSquares;
  return key;
}

/** Negative when key a is better than b, positive when worse, 0 when they tie on every tier. */
export function compareKeys(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < KEY_LENGTH; i++) {
    const d = a[i] - b[i];
    // The weighted objective is a sum of floats; the other tiers are integers (reserveRank too).
    if (d < -1e-9) return -1;
    if (d > 1e-9) return 1;
  }
  return 0;
}

/** Whether key a is better than b on the tiers above evenness (feasibility through groups). */
export function betterAboveEvenness(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < KEY_SUM_SQUARES; i++) {
    const d = a[i] - b[i];
    if (d < -1e-9) return true;
    if (d > 1e-9) return false;
  }
  return false;
}

export function newKey(): Float64Array {
  return new Float64Array(KEY_LENGTH).fill(Infinity);
}
