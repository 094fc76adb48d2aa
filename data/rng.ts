/**
 * The data side's seeded pseudo-random generator: the solver's sfc32 core (solver/rng.ts) with seeds and
 * labels folded in, and the draws the generators need.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128 bits of state) seeded through
 * splitmix32, so nearby seeds (1, 2, 3) give unrelated streams. Everything the generators draw comes
 * from here: no Math.random, no Date, so a seed always gives the same cohort on every machine.
 */
import { Rng as SolverRng } from '../solver/rng';

/** Folds any number (negative, fractional, above 2^32) and an optional label into a 32-bit seed. */
export function hashSeed(seed: number, label = ''): number {
  if (!Number.isFinite(seed)) {
    throw new Error(`Seed ${String(seed)} is not a finite number. Maybe use a whole number such as 1?`);
  }
  // Two halves of the double so seeds above 2^32 and fractional seeds stay distinct.
  let h = (Math.floor(seed) | 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x27d4eb2d);
  const frac = seed - Math.floor(seed);
  if (frac !== 0) h ^= Math.imul(Math.floor(frac * 4294967296) | 0, 0x165667b1);
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  /** The same sfc32 stream as the solver's generator, seeded from the folded seed and label. */
  private readonly core: SolverRng;

  constructor(seed: number, label = '') {
    this.core = new SolverRng(hashSeed(seed, label));
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    return this.core.nextU32();
  }

  /** A float in [0, 1). */
  next(): number {
    return this.core.float();
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new Error(`Rng.int needs whole numbers lo <= hi, got lo ${lo} and hi ${hi}.`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick was given an empty list; there is nothing to pick.');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A shuffled copy (Fisher-Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  /**
   * The index of one item drawn with probability proportional to its weight. Weights must be
   * finite and non-negative; returns -1 when they are all zero (nothing can be drawn).
   */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`Rng.weightedIndex: weight ${w} at index ${i} is not a finite number >= 0.`);
      }
      total += w;
    }
    if (total <= 0) return -1;
    let r = this.next() * total;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] <= 0) continue;
      last = i;
      r -= weights[i];
      if (r < 0) return i;
    }
    return last; // rounding left r a hair above zero: the last positive weight takes it
  }

  /** One item drawn with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length) {
      throw new Error(`Rng.weighted: ${items.length} items but ${weights.length} weights.`);
    }
    const i = this.weightedIndex(weights);
    if (i < 0) throw new Error('Rng.weighted: every weight is zero, so nothing can be drawn.');
    return items[i];
  }

  /** An approximately normal draw (Irwin-Hall sum of 12 uniforms: bounded to mean +/- 6 sd). */
  normal(mean = 0, sd = 1): number {
    let s = 0;
    for (let i = 0; i < 12; i++) s += this.next();
    return mean + (s - 6) * sd;
  }

  /** An independent generator for a named sub-task, so adding draws in one part leaves the others unchanged. */
  fork(label: string): Rng {
    return new Rng(this.nextUint32(), label);
  }
}

export function createRng(seed: number, label = ''): Rng {
  return new Rng(seed, label);
}
