/**
 * The rescue move, for the last students not fully satisfied: one group for several of them at once. It takes
 * an unsatisfied student and one course they miss (a choice, or a reserve that could stand in for one), finds
 * the placement of that course where the most unsatisfied students wanting it are free, and opens a group there
 * (or, with none left to open, moves the course's least filled group there), then re-seats those students
 * together. Seating them one by one cannot do this when the course is not running and needs minGroupSize > 1
 * students, or when its only groups sit where those students are busy.
 */
import { acquireRoom, acquireStaff } from '../../assign';
import { cellsOverlap } from '../../cells';
import type { MoveHost } from '../host';

/** Students re-seated by one rescue at most (a move stays a few dozen students). */
const MAX_RESCUED = 40;

/** The rescue move; returns false when it found nothing to do. */
export function rescueMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  if (st.unsatCount === 0) return false;
  const s = st.unsatList[rng.int(st.unsatCount)];
  const c = missedCourse(h, s);
  if (c < 0) return false;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n === 0) return false;
  const canOpen = st.courseOpen[c] < m.courseMaxGroups[c] && h.closedSlot(c) >= 0 && h.budgetAllows(c);
  // The group to move when none can open: the least filled open, unpinned one.
  let moved = -1;
  if (!canOpen) {
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      if (st.slotPlacement[g] < 0 || m.slotPinned[g]) continue;
      if (moved < 0 || st.slotLoad[g] < st.slotLoad[moved]) moved = g;
    }
    if (moved < 0) return false;
  }
  // The placement free for the most students who want c and are not fully satisfied (ties: from a random start).
  const start = rng.int(n);
  let bestP = -1;
  let bestCount = 0;
  for (let j = 0; j < n; j++) {
    const p = lo + ((start + j) % n);
    if (moved >= 0 && p === st.slotPlacement[moved]) continue;
    if (!h.allowsPlacement(c, p, moved)) continue;
    const count = wantersFreeAt(h, c, p, false);
    if (count > bestCount) {
      bestCount = count;
      bestP = p;
    }
  }
  if (bestP < 0) return false;
  let g = moved;
  if (moved >= 0) h.moveGroup(moved, bestP);
  else {
    g = h.closedSlot(c);
    st.setPlacement(g, bestP);
    acquireBoth(h, g);
  }
  wantersFreeAt(h, c, bestP, true);
  h.reseatTouched();
  h.relieveOverflow(3);
  fillGroup(h, g);
  return true;
}

/**
 * Seats into group g, together, the unsatisfied students who want its course and are free in its cells, up to
 * its capacity. Re-seating them one at a time never starts a group below its minimum size for a reserve (the
 * first student would pay the whole small-group penalty for a reserve's small reward), so a course that needs
 * several students to run is opened for all of them at once here; the score then judges the whole move.
 * A reserve is taken only in place of an unmet choice (at most one per unmet choice).
 */
function fillGroup(h: MoveHost, g: number): void {
  const { m, st } = h;
  const c = m.slotCourse[g];
  for (let j = m.courseSeatStart[c]; j < m.courseSeatStart[c + 1] && st.slotLoad[g] < st.slotCap[g]; j++) {
    const i = m.courseSeats[j];
    if (st.seat[i] >= 0 || m.seatForbidden[i] || m.fixedSeat[i] >= 0) continue;
    const s = (i / m.seatWidth) | 0;
    if (st.unsatPos[s] < 0 || cellsOverlap(st.studentCells, s, st.slotCells, g, m.cellWords)) continue;
    const isReserve = i - s * m.seatWidth >= m.studentChoiceCount[s];
    if (isReserve && st.studentRes[s] >= m.studentChoiceCount[s] - st.studentMet[s]) continue;
    st.setSeat(i, g);
    // A fixed reserve cannot be dropped: then the choice is not taken here.
    if (!isReserve && dropSpareReserves(h, s) > 0) st.setSeat(i, -1);
  }
}

/**
 * A choice just met may leave a reserve standing in for nothing: drops reserves from the end of the list until
 * none is spare. Returns how many are still spare (fixed reserves are never dropped).
 */
function dropSpareReserves(h: MoveHost, s: number): number {
  const { m, st } = h;
  const base = s * m.seatWidth;
  const nc = m.studentChoiceCount[s];
  let extra = st.studentRes[s] - (nc - st.studentMet[s]);
  for (let k = nc + m.studentReserveCount[s] - 1; k >= nc && extra > 0; k--) {
    if (st.seat[base + k] >= 0 && m.fixedSeat[base + k] < 0) {
      st.setSeat(base + k, -1);
      extra--;
    }
  }
  return Math.max(0, extra);
}

/** A course student s misses that a move could give them (not forbidden to them), chosen at random, or -1. */
function missedCourse(h: MoveHost, s: number): number {
  const { m, st, rng } = h;
  const base = s * m.seatWidth;
  const n = m.studentChoiceCount[s] + m.studentReserveCount[s];
  if (n === 0) return -1;
  const start = rng.int(n);
  for (let j = 0; j < n; j++) {
    const i = base + ((start + j) % n);
    if (st.seat[i] < 0 && !m.seatForbidden[i] && m.fixedSeat[i] < 0) return m.seatCourse[i];
  }
  return -1;
}

/**
 * Counts the unsatisfied students wanting course c (unseated there, allowed) whose seated groups leave the
 * cells of c's placement p free; with `touch`, touches them (up to MAX_RESCUED) instead of only counting.
 */
function wantersFreeAt(h: MoveHost, c: number, p: number, touch: boolean): number {
  const { m, st } = h;
  let count = 0;
  for (let j = m.courseSeatStart[c]; j < m.courseSeatStart[c + 1] && count < MAX_RESCUED; j++) {
    const i = m.courseSeats[j];
    if (st.seat[i] >= 0 || m.seatForbidden[i] || m.fixedSeat[i] >= 0) continue;
    const s = (i / m.seatWidth) | 0;
    if (st.unsatPos[s] < 0 || cellsOverlap(st.studentCells, s, m.placementCells, p, m.cellWords)) continue;
    count++;
    if (touch) h.touch(s);
  }
  return count;
}

function acquireBoth(h: MoveHost, g: number): void {
  acquireStaff(h.st, g, -1);
  acquireRoom(h.st, g, -1);
}
