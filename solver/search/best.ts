/**
 * The best blocking found so far, kept lexicographically on the objective of docs/format.md, so a longer
 * search can only ever hand back a better one. The order, every tier strictly before the next:
 *   keeps every hard rule (a blocking that breaks one only stands in until a valid one is found; among those,
 *     the smaller weighted objective), then
 *   1. more students fully satisfied, 2. more choices met, 3. more reserves placed, then reserves higher on
 *   each student's list (smaller reserveRank), 4. fewer running groups, 5. more even groups (smaller sum of
 *   squared group sizes).
 * A weighted sum cannot stand in for this order: one more student fully satisfied at the price of six more
 * unmet choices is better here and worse in the search's own score.
 *
 * Layout: `key` holds the tiers of the saved blocking as numbers where smaller is better (KEY_* indices);
 * the snapshot is one reused buffer (no allocation per improvement).
 */
import type { Snapshot, State } from '../state';

const KEY_INFEASIBLE = 0; // 1 when a hard rule is broken, else 0
const KEY_WEIGHTED = 1; // the weighted objective, compared only between blockings that break hard rules
const KEY_NOT_FULL = 2;
const KEY_UNMET = 3;
const KEY_RESERVES = 4; // negated: more is better
const KEY_RESERVE_RANK = 5;
const KEY_GROUPS = 6;
const KEY_SUM_SQUARES = 7;
const KEY_LENGTH = 8;

/** Fills `key` with the state's tiers (smaller is better at every index). */
export function objectiveKey(st: State, key: Float64Array): Float64Array {
  const t = st.t;
  const infeasible = st.hardViolations() > 0;
  key[KEY_INFEASIBLE] = infeasible ? 1 : 0;
  key[KEY_WEIGHTED] = infeasible ? st.objective() : 0;
  key[KEY_NOT_FULL] = t.notFull;
  key[KEY_UNMET] = t.unmet;
  key[KEY_RESERVES] = -t.reserves;
  key[KEY_RESERVE_RANK] = t.reserveRank;
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

/** A saved blocking and its key; `offer` keeps the better of it and the state. */
export class BestTracker {
  snapshot: Snapshot | null = null;
  readonly key = newKey();
  private readonly scratch = newKey();

  get found(): boolean {
    return this.snapshot !== null;
  }

  get feasible(): boolean {
    return this.snapshot !== null && this.key[KEY_INFEASIBLE] === 0;
  }

  get notFull(): number {
    return this.key[KEY_NOT_FULL];
  }

  get unmet(): number {
    return this.key[KEY_UNMET];
  }

  get reserves(): number {
    return -this.key[KEY_RESERVES];
  }

  get openGroups(): number {
    return this.key[KEY_GROUPS];
  }

  /** Whether the state would be kept: strictly better than the saved blocking (or nothing is saved yet). */
  wouldImprove(st: State): boolean {
    return this.snapshot === null || compareKeys(objectiveKey(st, this.scratch), this.key) < 0;
  }

  /** Whether the state is better than the saved blocking on some tier above evenness. */
  improvesAboveEvenness(st: State): boolean {
    return this.snapshot === null || betterAboveEvenness(objectiveKey(st, this.scratch), this.key);
  }

  /** Saves the state when strictly better; returns whether it did. */
  offer(st: State): boolean {
    if (!this.wouldImprove(st)) return false;
    this.key.set(this.scratch);
    // Into the same buffer every time: no allocation per improvement.
    this.snapshot = st.snapshot(this.snapshot);
    return true;
  }
}
