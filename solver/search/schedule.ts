/**
 * The cooling schedule, fixed in work units and independent of the total budget: the search with budget 2B
 * does exactly what the search with budget B did, and then more (the budget only says where it stops).
 *
 * Cycles: the k-th cycle (k = 0, 1, ...) lasts baseCycleWork(model) * luby(k) work units. The Luby sequence
 * (1 1 2 1 1 2 4 1 1 2 1 1 2 4 8 ...) mixes many short cycles with ever rarer long ones, so no budget is
 * "the wrong length" for the schedule, whatever the cohort. Each cycle cools geometrically from its start
 * temperature to its end temperature; the penalty weights of the hard rules rise over the cycle (soft early so
 * empty groups can fill and students pass through full ones, hard late). Once everyone is satisfied, polish
 * cycles (fewer groups, evenness) start from the best each time and double in length, 1 to MAX_LUBY base cycles.
 */
import type { Model } from '../model';
import { W, type State } from '../state';

/** Work of one base cycle per student and per group slot; a floor for tiny models (tests). */
const CYCLE_WORK_PER_STUDENT = 60_000;
const CYCLE_WORK_PER_SLOT = 20_000;
const MIN_CYCLE_WORK = 400_000;
/** The longest cycle is this many base cycles (the Luby sequence is capped here, then repeats). */
const MAX_LUBY = 16;

/**
 * Temperatures (objective units; a student not fully satisfied costs W.notFull = 100). The first cycle starts
 * from the construction, hot enough that a lost student is often accepted; a restart starts from a kicked
 * incumbent (see perturb.ts), the short ones with less heat (see restartTemperature); polish cycles, once
 * everyone is satisfied, work at the scale of the remaining tiers (groups, evenness).
 */
export const FIRST_T0 = 60;
export const RESTART_T0 = 20;
export const END_T = 0.3;
export const POLISH_T0 = 0.05;
export const POLISH_T1 = 0.0002;

/** Penalty weights at the start of a cycle: a first student may open an empty group (cheaper than an unmet choice). */
export const W_SMALL_START = 12;
export const W_OVERFLOW_START = 130;
export const W_RESOURCES_START = 400;

/** Base cycle length in work units for a model: proportional to its size, never to the budget. */
export function baseCycleWork(m: Model): number {
  return Math.max(MIN_CYCLE_WORK, CYCLE_WORK_PER_STUDENT * m.studentCount + CYCLE_WORK_PER_SLOT * m.slotCount);
}

/** The k-th term (k from 0) of the Luby sequence 1 1 2 1 1 2 4 ..., capped at MAX_LUBY. */
export function luby(k: number): number {
  let i = k + 1;
  for (;;) {
    // Smallest p with 2^p - 1 >= i.
    let p = 1;
    while ((1 << p) - 1 < i) p++;
    if ((1 << p) - 1 === i) return Math.min(MAX_LUBY, 1 << (p - 1));
    i -= (1 << (p - 1)) - 1;
  }
}

/**
 * Start temperature of the k-th cycle when it restarts from a kicked incumbent: the short cycles (one base
 * length) intensify around it from RESTART_T0; the longer ones have room to cool from FIRST_T0 and so reach
 * other basins (ko:240 cohort 2 stayed two students short on 4 of 5 seeds with every restart at RESTART_T0).
 */
export function restartTemperature(k: number): number {
  return luby(k) >= 2 ? FIRST_T0 : RESTART_T0;
}

/** Work units of the k-th cycle. */
export function cycleWork(m: Model, k: number): number {
  return baseCycleWork(m) * luby(k);
}

/** Work units of the k-th polish cycle (k from 0): doubling from one base cycle up to MAX_LUBY of them. */
export function polishCycleWork(m: Model, k: number): number {
  return baseCycleWork(m) * Math.min(MAX_LUBY, 2 ** Math.min(k, 30));
}

/** Temperature at `progress` (0 to 1) through a cycle starting at t0 and cooling geometrically to t1. */
export function temperature(t0: number, t1: number, progress: number): number {
  return t0 * Math.pow(t1 / t0, progress);
}

/** The hard rules' penalty weights at `progress` through a cycle: soft early, hard late (see State.w). */
export function setPenaltyWeights(st: State, progress: number): void {
  st.w.small = W_SMALL_START + (W.small * 3 - W_SMALL_START) * progress * progress;
  st.w.overflow = W_OVERFLOW_START + (W.overflow * 2 - W_OVERFLOW_START) * progress;
  st.w.resources = W_RESOURCES_START + (W.unstaffed - W_RESOURCES_START) * progress;
}

/** Weights at the start of a cycle (construction, warm start). */
export function setStartWeights(st: State): void {
  setPenaltyWeights(st, 0);
}

/** The final weights, whatever point of a cycle the search stopped at (repair). */
export function setFinalWeights(st: State): void {
  setPenaltyWeights(st, 1);
}
