/**
 * Rule: a student sits only in running groups of courses they chose or hold as reserves, in the group their
 * fixing names when pinned, never in two groups sharing a block and year, and holds at most as many reserves
 * as they have unmet choices, and never in a seat an enforced choice rule forbids. The objective terms follow from the seats: students not fully satisfied,
 * unmet choices, reserves placed, and how far down each student's reserve list the placed ones are (reserveRank:
 * 0 for a first reserve), so reserves are taken in the student's order.
 *
 * The seats' rules are hard: moves and the seater never break them. The terms are the objective's first three
 * places (docs/format.md): first, students fully satisfied (NOT_FULL_WEIGHT a student who is not); second,
 * choices met (UNMET_WEIGHT a choice that is not); third, reserves placed (RESERVE_WEIGHT a reserve, a reward),
 * in each student's order (RESERVE_RANK_WEIGHT a place down their list).
 */
import { cellsAdd, cellsOverlap } from '../cells';
import type { Model } from '../model';
import type { Terms } from './objective';
import type { AssignmentView } from './view';

/** Cost of a student not fully satisfied. */
export const NOT_FULL_WEIGHT = 100;
/** Cost of an unmet choice. */
export const UNMET_WEIGHT = 20;
/** Reward of a reserve placed. */
export const RESERVE_WEIGHT = 5;
/**
 * Cost of a place down a student's reserve list of each reserve placed (0 for the first): their order, far below
 * placing one. Small so it barely reshapes the search: on a generated 120 cohort, seeds 1-3 at 10 s, 0.5 gave
 * 113/119/117 fully satisfied where none gave 117/119/118, and 0.05 118/116/118.
 */
export const RESERVE_RANK_WEIGHT = 0.05;

export function seating(m: Model, a: AssignmentView): { notFull: number; unmet: number; reserves: number; reserveRank: number; breaches: string[] } {
  const breaches: string[] = [];
  let notFull = 0;
  let unmet = 0;
  let reserves = 0;
  let reserveRank = 0;
  const W = m.seatWidth;
  const cw = m.cellWords;
  const cells = new Int32Array(cw); // the cells of student s's groups so far
  for (let s = 0; s < m.studentCount; s++) {
    cells.fill(0);
    let met = 0;
    let res = 0;
    const nChoices = m.studentChoiceCount[s];
    for (let k = 0; k < nChoices + m.studentReserveCount[s]; k++) {
      const g = a.seat[s * W + k];
      if (g < 0) continue;
      const p = a.slotPlacement[g];
      if (p < 0) breaches.push(`${m.studentIds[s]} sits in a closed group`);
      if (m.slotCourse[g] !== m.seatCourse[s * W + k]) breaches.push(`${m.studentIds[s]} sits in a group of another course`);
      if (m.seatForbidden[s * W + k]) breaches.push(`${m.studentIds[s]} is placed in ${m.courseIds[m.seatCourse[s * W + k]]}, which a rule forbids`);
      const fixed = m.fixedSeat[s * W + k];
      if (fixed >= 0 && fixed !== g) breaches.push(`${m.studentIds[s]} left the group they are fixed in`);
      if (p >= 0) {
        if (cellsOverlap(cells, 0, m.placementCells, p, cw)) breaches.push(`${m.studentIds[s]} has a clash`);
        cellsAdd(cells, 0, m.placementCells, p, cw);
      }
      if (k < nChoices) met++;
      else {
        res++;
        reserveRank += k - nChoices;
      }
    }
    for (let k = 0; k < nChoices + m.studentReserveCount[s]; k++) {
      if (m.fixedSeat[s * W + k] >= 0 && a.seat[s * W + k] < 0) breaches.push(`${m.studentIds[s]} is not in the group they are fixed in`);
    }
    if (res > nChoices - met) breaches.push(`${m.studentIds[s]} holds more reserves than unmet choices`);
    if (met < nChoices) notFull++;
    unmet += nChoices - met;
    reserves += res;
  }
  return { notFull, unmet, reserves, reserveRank, breaches };
}

// ---------- incremental ----------
// Seat k of student s is a choice when k < Model.studentChoiceCount[s], else reserve number k - choices (the
// seat layout of model.ts). State.studentMet[s] counts s's choices met.

/**
 * Student s takes (sign 1) or leaves (sign -1) seat k: `unmet`, `reserves` and `reserveRank` change in `t`.
 * Three terms from one test, written in place so nothing is allocated per seat.
 */
export function unmetAndReservesOnSeat(t: Terms, m: Model, s: number, k: number, sign: number): void {
  const nChoices = m.studentChoiceCount[s];
  if (k < nChoices) t.unmet -= sign;
  else {
    t.reserves += sign;
    t.reserveRank += sign * (k - nChoices);
  }
}

/**
 * Change of the score when one more of a student's choices is left unmet, `unmetSoFar` of them being unmet
 * already: the choice's weight, and the student's as no longer fully satisfied on the first. The seater's
 * branch and bound adds it at every level it leaves unmet.
 */
export function unmetChoiceCost(unmetSoFar: number): number {
  return UNMET_WEIGHT + (unmetSoFar === 0 ? NOT_FULL_WEIGHT : 0);
}

/** Change to `notFull` when student s's choices met go from `metBefore` to `metAfter`. */
export function notFullOnMet(m: Model, s: number, metBefore: number, metAfter: number): number {
  const nChoices = m.studentChoiceCount[s];
  return (metBefore === nChoices ? 1 : 0) - (metAfter === nChoices ? 1 : 0);
}
