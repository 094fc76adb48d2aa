/**
 * The best blocking found so far, kept lexicographically on the objective of docs/format.md, so a longer
 * search can only ever hand back a better one. The order and its key are constraints/objective.ts's
 * (objectiveKey): keeps every hard rule, then 1. fully satisfied, 2. choices met, 3. reserves and their
 * order, 4. fewer groups, 5. evenness, with a re-solve's pupils and groups moved where its order puts them.
 *
 * Layout: `key` holds the tiers of the saved blocking as numbers where smaller is better (KEY_* indices);
 * the snapshot is one reused buffer (no allocation per improvement).
 */
import { betterAboveEvenness, compareKeys, KEY_GROUPS, KEY_INFEASIBLE, KEY_NOT_FULL, KEY_RESERVES, KEY_UNMET, newKey, objectiveKey } from '../constraints/objective';
import type { Snapshot, State } from '../state';

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
