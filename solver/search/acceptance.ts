/**
 * The two acceptance rules of the search, in one place.
 *
 * Moves (within a cycle): Metropolis. A move that does not raise the score is kept; one that raises it by
 * delta is kept with probability exp(-delta / T). The random number is drawn only for a worsening move, as
 * before, so the search's stream of random numbers does not change with this rule's place in the code.
 *
 * Cycles (iterated local search): when a cycle ends, the blocking it ended at is its local optimum. It becomes
 * the incumbent the next cycle is kicked from when it is better than or equal to the incumbent (equal lets the
 * search walk across a plateau), or when it is within RESTART_TOLERANCE of the best blocking found (a slightly
 * worse basin may lead further; never more than one student below the best, so the walk cannot drift away).
 * Otherwise the next cycle starts again from the incumbent.
 */
import { W } from '../state';
import type { Rng } from '../rng';

/** Objective units a new local optimum may be worse than the best found and still be taken: one student. */
export const RESTART_TOLERANCE = W.notFull;

export function acceptMove(delta: number, temperature: number, rng: Rng): boolean {
  return delta <= 1e-9 || rng.float() < Math.exp(-delta / temperature);
}

/**
 * Whether a cycle's local optimum (objective `candidate`, fixed weights, valid blocking or not) replaces the
 * incumbent (`incumbent`), given the best valid blocking's objective `best`.
 */
export function acceptLocalOptimum(candidate: number, candidateValid: boolean, incumbent: number, best: number): boolean {
  if (!candidateValid) return false;
  return candidate <= incumbent + 1e-9 || candidate <= best + RESTART_TOLERANCE + 1e-9;
}
