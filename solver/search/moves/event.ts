/**
 * The event move, for event timetabling (search/events.ts): a min-conflicts step. It takes a course some
 * student not fully satisfied misses (sometimes any course), and moves its group to the placement where it
 * clashes with the fewest students of the groups already there (the conflict lists' weights), a suitable room
 * free there preferred; ties are broken at random, and now and then the placement is random, so the walk does
 * not cycle. The group's students and the course's unsatisfied choosers are re-seated (MoveHost.moveGroup),
 * and the score judges the whole move. In the ITC literature moves of events between periods are what works;
 * re-seating single students does little when every course runs one group.
 */
import type { Conflicts } from '../events';
import { matchRooms, roomFreeAt, slotsAt } from '../events';
import { cellsOverlap } from '../../cells';
import type { MoveHost } from '../host';

/** Share of event moves that go to a random allowed placement instead of the least clashing one. */
const RANDOM_PLACEMENT = 0.1;
/** Clash cost (students) charged to a placement with no suitable room free: assign.ts may still free one. */
const NO_FREE_ROOM_COST = 2;

/** Per placement: its clash cost in the move under way (reused, grown as needed). */
let costScratch = new Float64Array(0);

/** The event move; returns false when it found nothing to do. */
export function eventMove(h: MoveHost, conflicts: Conflicts): boolean {
  const { m, st, rng } = h;
  const c = targetCourse(h);
  if (c < 0) return false;
  const g = h.randomOpenSlotOf(c);
  if (g < 0) return false;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n < 2) return false;
  const cur = st.slotPlacement[g];
  let best = -1;
  if (rng.float() < RANDOM_PLACEMENT) {
    const p = lo + rng.int(n);
    if (p !== cur && h.allowsPlacement(c, p, g)) best = p;
  } else best = leastClashingPlacement(h, conflicts, c, g);
  if (best < 0) return false;
  relocateEvent(h, g, best);
  return true;
}

/** Period scratch for the room matching: the open slots sharing a placement's cells. */
let periodScratch = new Int32Array(0);

/**
 * Moves group g to placement p as MoveHost.moveGroup does, but when no suitable room is free there, the rooms
 * of that period are matched again (events.ts matchRooms) before anyone is re-seated: the rooms decide the
 * groups' capacities, which the seating must see.
 */
export function relocateEvent(h: MoveHost, g: number, p: number): void {
  h.placeGroup(g, p);
  if (h.st.needsRoom(g) && h.st.slotRoom[g] < 0) rematchPeriod(h, p);
  h.touchUnsatisfiedChoosers(h.m.slotCourse[g], 25);
  h.reseatTouched();
  h.relieveOverflow(3);
}

/** Matches again the rooms of the events sharing placement p's cells. */
export function rematchPeriod(h: MoveHost, p: number): void {
  if (periodScratch.length < h.m.slotCount) periodScratch = new Int32Array(h.m.slotCount);
  matchRooms(h, periodScratch, slotsAt(h, p, periodScratch));
}

/**
 * The allowed placement of course c, other than its group g's own, clashing with the fewest students of the
 * groups already there (a placement with no suitable room free counts NO_FREE_ROOM_COST more; ties at
 * random), or -1.
 */
export function leastClashingPlacement(h: MoveHost, conflicts: Conflicts, c: number, g: number): number {
  const { m, st, rng } = h;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  const cur = st.slotPlacement[g];
  if (costScratch.length < n) costScratch = new Float64Array(Math.max(n, 2 * costScratch.length));
  const cost = costScratch;
  cost.fill(0, 0, n);
  const { nbStart, nbCourse, nbWeight } = conflicts;
  if (!clashCostsByCell(h, conflicts, c, cost)) for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
    const d = nbCourse[j];
    for (let gd = m.slotStart[d]; gd < m.slotStart[d + 1]; gd++) {
      if (st.slotPlacement[gd] < 0) continue;
      for (let k = 0; k < n; k++) if (cellsOverlap(st.slotCells, gd, m.placementCells, lo + k, m.cellWords)) cost[k] += nbWeight[j];
    }
  }
  let best = -1;
  let bestCost = Infinity;
  const start = rng.int(n);
  for (let i = 0; i < n; i++) {
    const k = (start + i) % n;
    const p = lo + k;
    if (p === cur || !h.allowsPlacement(c, p, g)) continue;
    const total = cost[k] + (roomFreeAt(h, c, p) ? 0 : NO_FREE_ROOM_COST);
    if (total < bestCost) {
      bestCost = total;
      best = p;
    }
  }
  return best;
}

/** Per cell: the clash weight of the neighbours' groups there, in the move under way (zero between moves). */
let cellCostScratch = new Float64Array(0);

/**
 * leastClashingPlacement's costs when course c's placements and its neighbours' open groups each cover one
 * cell (events.ts placementCell): the neighbours' weights summed per cell, then read per placement, where
 * testing every neighbour against every placement took 30 % of an ITC run. Returns false, writing nothing,
 * when some placement or group covers several cells: the caller tests overlaps.
 */
function clashCostsByCell(h: MoveHost, conflicts: Conflicts, c: number, cost: Float64Array): boolean {
  const { m, st } = h;
  const { nbStart, nbCourse, nbWeight, placementCell } = conflicts;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  for (let k = 0; k < n; k++) if (placementCell[lo + k] < 0) return false;
  for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
    const d = nbCourse[j];
    for (let gd = m.slotStart[d]; gd < m.slotStart[d + 1]; gd++) if (st.slotPlacement[gd] >= 0 && placementCell[st.slotPlacement[gd]] < 0) return false;
  }
  if (cellCostScratch.length < m.cellWords * 32) cellCostScratch = new Float64Array(m.cellWords * 32);
  const cellCost = cellCostScratch;
  for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
    const d = nbCourse[j];
    for (let gd = m.slotStart[d]; gd < m.slotStart[d + 1]; gd++) if (st.slotPlacement[gd] >= 0) cellCost[placementCell[st.slotPlacement[gd]]] += nbWeight[j];
  }
  for (let k = 0; k < n; k++) cost[k] = cellCost[placementCell[lo + k]];
  for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
    const d = nbCourse[j];
    for (let gd = m.slotStart[d]; gd < m.slotStart[d + 1]; gd++) if (st.slotPlacement[gd] >= 0) cellCost[placementCell[st.slotPlacement[gd]]] = 0;
  }
  return true;
}

/** A course a student not fully satisfied misses (a choice not forbidden them), or with none, any course. */
export function targetCourse(h: MoveHost): number {
  const { m, st, rng } = h;
  if (st.unsatCount > 0 && rng.float() < 0.9) {
    const s = st.unsatList[rng.int(st.unsatCount)];
    const base = s * m.seatWidth;
    const n = m.studentChoiceCount[s];
    const start = rng.int(Math.max(1, n));
    for (let j = 0; j < n; j++) {
      const i = base + ((start + j) % n);
      if (st.seat[i] < 0 && !m.seatForbidden[i]) return m.seatCourse[i];
    }
  }
  return m.courseCount > 0 ? rng.int(m.courseCount) : -1;
}
