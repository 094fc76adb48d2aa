/**
 * What a move or a kick in solver/search/ may ask of the search (implemented by Search in search.ts): the
 * model, the state and its random numbers, and the shared steps every move is built from. A move gathers the
 * students it disturbs with `touch` (each once per move, see beginMove) and re-seats them together with
 * `reseatTouched`; every change goes through the state's journaled setters, so the search can undo it.
 */
import type { Model } from '../model';
import type { Rng } from '../rng';
import type { Seater } from '../seat';
import type { State } from '../state';

export interface MoveHost {
  readonly m: Model;
  readonly st: State;
  readonly rng: Rng;
  readonly seater: Seater;
  /** Starts a new move: no student is touched yet. */
  beginMove(): void;
  /** Marks student s to be re-seated by reseatTouched (once per move). */
  touch(s: number): void;
  /** Unseats every student in slot g, touching them. */
  emptySlot(g: number): void;
  /** Touches up to `limit` students not fully satisfied who chose (or listed as a reserve) course c. */
  touchUnsatisfiedChoosers(c: number, limit: number): void;
  /** Re-seats every touched student as well as it can, then seats their unmet choices by chains. */
  reseatTouched(): void;
  /** Seats the unmet choices of student s by chains of moves within each course, where a chain exists. */
  augmentStudent(s: number): void;
  /** Pushes up to maxPerSlot students out of each overfull group, each re-seated elsewhere. */
  relieveOverflow(maxPerSlot: number): void;
  /** A closed, unpinned slot of course c, or -1. */
  closedSlot(c: number): number;
  /** Whether one more group of course c keeps each of its years within maxGroupsPerYear. */
  budgetAllows(c: number): boolean;
  /** Whether course c may put one more group at placement p, not counting slot `self`'s current one. */
  allowsPlacement(c: number, p: number, self: number): boolean;
  /** Course c's allowed placement clashing least with the running groups (slot `self` not counted), or -1. */
  leastConflictPlacement(c: number, self: number): number;
  /** A random open, unpinned slot of course c, or -1. */
  randomOpenSlotOf(c: number): number;
  /** Puts group g at placement p, emptied, its teacher and room released and taken again (the same where free). */
  placeGroup(g: number, p: number): void;
  /** Moves group g to placement p, re-seating its students and unsatisfied students of its course. */
  moveGroup(g: number, p: number): void;
}
