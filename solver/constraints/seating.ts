/**
 * Rule: a student sits only in running groups of courses they chose or hold as reserves, in the group their
 * fixing names when pinned, never in two groups sharing a block and year, and holds at most as many reserves
 * as they have unmet choices, and never in a seat an enforced choice rule forbids. The objective terms follow from the seats: students not fully satisfied,
 * unmet choices, reserves placed, and how far down each student's reserve list the placed ones are (reserveRank:
 * 0 for a first reserve), so reserves are taken in the student's order.
 */
import { cellsAdd, cellsOverlap } from '../cells';
import type { Model } from '../model';
import type { AssignmentView } from './view';

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
