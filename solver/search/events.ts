/**
 * Event timetabling: models where (nearly) every course runs exactly one group, as in the ITC 2002
 * post-enrolment instances (data/itc-shaped.ts). There a course is an event: the only decisions are its
 * placement (period) and its room, and a student is fully satisfied when no two of their events share a cell.
 * The group-by-group construction and the seating moves of search.ts do badly on such a model (about 170 of
 * 300 students placed at 60 s); what works in the timetabling literature is a colouring by saturation degree
 * with rooms handed out as it goes, then moves of events between periods. This file holds what those need:
 * the test that a model is of this kind, the course conflict lists, and the construction.
 *
 * Conflict lists (CSR): the neighbours of course c are nbCourse[nbStart[c] .. nbStart[c+1]-1], with
 * nbWeight[j] the number of students who chose both courses (a clash between them costs that many students
 * at most).
 *
 * placementCell[p]: the one cell placement p covers, or -1 when it covers several or none. In the ITC shape
 * every placement is one period, so the clash cost of a course's placements can be summed per cell
 * (moves/event.ts leastClashingPlacement) instead of testing every neighbour against every placement.
 */
import { acquireRoom, acquireStaff } from '../assign';
import { cellsOverlap, cellsOverlapEither } from '../cells';
import type { Model } from '../model';
import type { MoveHost } from './host';

/**
 * Share of courses that may run one group at most from which a model is treated as event timetabling. The
 * option-block instances have many courses of several groups (ko:120 21 %, blockung001 57 %, gymabi-ef2018 42 %
 * one-group courses; sample-120 none), the ITC-shaped ones only one-group courses: the event construction and
 * moves are enabled for the latter only, so the option-block searches are unchanged.
 */
export const EVENT_MODEL_SHARE = 0.9;
/**
 * Fewest blocks for an event model: option-block grids have 4 to 14 blocks (ko:120 79 % one-group courses on
 * 5 blocks), timetabling grids a period per block (ITC 45), so a small grid of mostly one-group courses keeps
 * the option-block search.
 */
export const EVENT_MODEL_MIN_BLOCKS = 20;

/** Whether the model is event timetabling: build mode, nearly every course one group (EVENT_MODEL_SHARE), a wide grid (EVENT_MODEL_MIN_BLOCKS). */
export function isEventModel(m: Model): boolean {
  if (m.mode !== 'build' || m.courseCount === 0 || m.blockCount < EVENT_MODEL_MIN_BLOCKS) return false;
  let one = 0;
  for (let c = 0; c < m.courseCount; c++) if (m.courseMaxGroups[c] <= 1) one++;
  return one >= EVENT_MODEL_SHARE * m.courseCount;
}

/** Course conflict lists in CSR form (see the header). */
export interface Conflicts {
  nbStart: Int32Array;
  nbCourse: Int32Array;
  nbWeight: Int32Array;
  placementCell: Int32Array;
}

/** The course conflict lists from the students' choices and reserves. */
export function courseConflicts(m: Model): Conflicts {
  const C = m.courseCount;
  const pairs = new Map<number, number>();
  for (let s = 0; s < m.studentCount; s++) {
    const base = s * m.seatWidth;
    const n = m.studentChoiceCount[s] + m.studentReserveCount[s];
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        const key = m.seatCourse[base + a] * C + m.seatCourse[base + b];
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const nbStart = new Int32Array(C + 1);
  for (const key of pairs.keys()) nbStart[Math.floor(key / C) + 1]++;
  for (let c = 0; c < C; c++) nbStart[c + 1] += nbStart[c];
  const fill = nbStart.slice(0, C);
  const nbCourse = new Int32Array(pairs.size);
  const nbWeight = new Int32Array(pairs.size);
  for (const [key, count] of pairs) {
    const c = Math.floor(key / C);
    nbCourse[fill[c]] = key % C;
    nbWeight[fill[c]++] = count;
  }
  const placementCell = new Int32Array(m.placementStart[C]).fill(-1);
  for (let p = 0; p < placementCell.length; p++) {
    let cell = -1;
    let count = 0;
    for (let w = 0; w < m.cellWords; w++) {
      const bits = m.placementCells[p * m.cellWords + w];
      if (bits === 0) continue;
      count += popcount(bits);
      cell = w * 32 + 31 - Math.clz32(bits);
    }
    if (count === 1) placementCell[p] = cell;
  }
  return { nbStart, nbCourse, nbWeight, placementCell };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** Whether a suitable room of course c is free and available in placement p's cells (no room needed: true). */
export function roomFreeAt(h: MoveHost, c: number, p: number): boolean {
  const { m, st } = h;
  if (!m.courseNeedsRoom[c]) return true;
  for (let i = m.courseRoomStart[c]; i < m.courseRoomStart[c + 1]; i++) {
    const r = m.courseRooms[i];
    if (!cellsOverlapEither(m.placementCells, p, m.roomUnavailableCells, r, st.roomBusy, r, m.cellWords)) return true;
  }
  return false;
}

/**
 * Opens one group of every one-group course that has students, by saturation degree (DSatur): the course
 * with the fewest clash-free placements that still have a free suitable room goes next (ties: the most
 * students in clashing courses), to the clash-free placement that takes the fewest options from its unplaced
 * neighbours (each weighted by how few options that neighbour has left). A course left without a clash-free
 * placement goes where it costs the fewest students, a room free there preferred. Teachers and rooms are
 * taken as each group opens (assign.ts, with its one-step augmenting path). Courses of several groups are left
 * to the group-by-group construction that follows.
 */
export function constructEvents(h: MoveHost, conflicts: Conflicts): void {
  const { m, st, rng } = h;
  const { nbStart, nbCourse, nbWeight } = conflicts;
  const C = m.courseCount;
  const todo = new Uint8Array(C);
  let left = 0;
  for (let c = 0; c < C; c++) {
    if (m.courseMaxGroups[c] !== 1 || st.courseOpen[c] > 0 || m.courseDemand[c] === 0) continue;
    if (m.placementStart[c + 1] === m.placementStart[c]) continue;
    todo[c] = 1;
    left++;
  }
  // clash[p]: students of placed courses clashing with course-of-p at placement p (0: clash-free).
  const clash = new Float64Array(m.placementStart[C]);
  const degree = new Float64Array(C);
  for (let c = 0; c < C; c++) for (let j = nbStart[c]; j < nbStart[c + 1]; j++) degree[c] += nbWeight[j];
  const options = new Int32Array(C);
  const feasible = (c: number, p: number): boolean => clash[p] === 0 && h.allowsPlacement(c, p, -1) && roomFreeAt(h, c, p);
  const countOptions = (c: number): number => {
    let n = 0;
    for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) if (feasible(c, p)) n++;
    return n;
  };
  while (left > 0) {
    // The most saturated course.
    let next = -1;
    for (let c = 0; c < C; c++) {
      if (!todo[c]) continue;
      options[c] = countOptions(c);
      if (next < 0 || options[c] < options[next] || (options[c] === options[next] && degree[c] > degree[next])) next = c;
    }
    const c = next;
    todo[c] = 0;
    left--;
    const g = h.closedSlot(c);
    if (g < 0 || !h.budgetAllows(c)) continue;
    let best = -1;
    let bestCost = Infinity;
    for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) {
      if (!h.allowsPlacement(c, p, -1)) continue;
      let cost: number;
      if (options[c] > 0) {
        if (!feasible(c, p)) continue;
        // Options taken from unplaced neighbours: their clash-free placements overlapping p.
        cost = 0;
        for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
          const d = nbCourse[j];
          if (!todo[d]) continue;
          for (let q = m.placementStart[d]; q < m.placementStart[d + 1]; q++) {
            if (clash[q] === 0 && cellsOverlap(m.placementCells, q, m.placementCells, p, m.cellWords)) cost += 1 / Math.max(1, options[d]);
          }
        }
      } else {
        // No clash-free placement: the fewest students lost, a free room far ahead of any clash.
        cost = clash[p] + (roomFreeAt(h, c, p) ? 0 : 1e6);
      }
      cost += rng.float() * 1e-6;
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    if (best < 0) continue;
    st.setPlacement(g, best);
    acquireStaff(st, g, -1);
    acquireRoom(st, g, -1);
    // Neighbours' placements overlapping this one now clash with it.
    for (let j = nbStart[c]; j < nbStart[c + 1]; j++) {
      const d = nbCourse[j];
      for (let q = m.placementStart[d]; q < m.placementStart[d + 1]; q++) {
        if (cellsOverlap(m.placementCells, q, m.placementCells, best, m.cellWords)) clash[q] += nbWeight[j];
      }
    }
  }
}

/** Kuhn matching scratch, per room: the index in the slot list holding it, and the visit stamp. */
let holderScratch = new Int32Array(0);
let seenScratch = new Int32Array(0);
let seenStamp = 0;
/** matchRooms scratch: each listed slot's room before the matching (its preference). */
let previousScratch = new Int32Array(0);

/**
 * Rooms for the open slots list[0 .. count-1], which share the same cells (the events of one period): their
 * rooms are handed out again by a maximum bipartite matching (Kuhn's augmenting paths), the slots with the
 * fewest suitable rooms first, each keeping its room where it can. Rooms held by other slots overlapping those
 * cells, and pinned rooms, stay as they are. Returns how many of the slots are left without a room they need.
 * A group's one-step augmenting path in assign.ts misses a room that is two swaps away; with 400 events in 450
 * room-periods (ITC) that is common.
 */
export function matchRooms(h: MoveHost, list: Int32Array, count: number): number {
  const { m, st } = h;
  if (holderScratch.length < m.roomCount) {
    holderScratch = new Int32Array(m.roomCount);
    seenScratch = new Int32Array(m.roomCount);
  }
  const holder = holderScratch;
  holder.fill(-1, 0, m.roomCount);
  // Slots needing a room, most constrained first (insertion sort: a period holds a dozen events).
  for (let i = 1; i < count; i++) {
    const x = list[i];
    const nx = m.courseRoomStart[m.slotCourse[x] + 1] - m.courseRoomStart[m.slotCourse[x]];
    let j = i - 1;
    while (j >= 0 && m.courseRoomStart[m.slotCourse[list[j]] + 1] - m.courseRoomStart[m.slotCourse[list[j]]] > nx) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = x;
  }
  if (previousScratch.length < count) previousScratch = new Int32Array(Math.max(count, 2 * previousScratch.length));
  const previous = previousScratch;
  for (let i = 0; i < count; i++) {
    const x = list[i];
    previous[i] = st.slotRoom[x];
    if (m.slotPinnedRoom[x] < 0 && st.slotRoom[x] >= 0) st.setRoom(x, -1);
  }
  let unroomed = 0;
  for (let i = 0; i < count; i++) {
    const x = list[i];
    if (!st.needsRoom(x) || st.slotRoom[x] >= 0) continue;
    seenStamp++;
    if (!augmentRoom(h, list, i, previous[i])) unroomed++;
  }
  // Apply: the matching lives in holder; set the rooms through the journaled setter.
  for (let r = 0; r < m.roomCount; r++) if (holder[r] >= 0 && st.slotRoom[list[holder[r]]] !== r) st.setRoom(list[holder[r]], r);
  return unroomed;
}

/** Kuhn's step: a room for list[i], taking one from another slot of the list if that one can move on. */
function augmentRoom(h: MoveHost, list: Int32Array, i: number, preferred: number): boolean {
  const { m, st } = h;
  const x = list[i];
  const c = m.slotCourse[x];
  const holder = holderScratch;
  if (preferred >= 0 && holder[preferred] < 0 && usable(h, x, preferred) && roomSuits(m, c, preferred)) {
    holder[preferred] = i;
    return true;
  }
  for (let k = m.courseRoomStart[c]; k < m.courseRoomStart[c + 1]; k++) {
    const r = m.courseRooms[k];
    if (holder[r] < 0 && usable(h, x, r)) {
      holder[r] = i;
      return true;
    }
  }
  for (let k = m.courseRoomStart[c]; k < m.courseRoomStart[c + 1]; k++) {
    const r = m.courseRooms[k];
    if (holder[r] < 0 || seenScratch[r] === seenStamp || !usable(h, x, r)) continue;
    seenScratch[r] = seenStamp;
    const other = holder[r];
    holder[r] = i;
    if (augmentRoom(h, list, other, -1)) return true;
    holder[r] = other;
  }
  return false;
}

/** Whether room r is available in slot x's cells and held there by no slot outside the matching. */
function usable(h: MoveHost, x: number, r: number): boolean {
  const { m, st } = h;
  return !cellsOverlapEither(st.slotCells, x, m.roomUnavailableCells, r, st.roomBusy, r, m.cellWords);
}

function roomSuits(m: Model, c: number, r: number): boolean {
  for (let k = m.courseRoomStart[c]; k < m.courseRoomStart[c + 1]; k++) if (m.courseRooms[k] === r) return true;
  return false;
}

/** Open slots whose cells equal placement p's (the events of one period), into `out`; returns the count. */
export function slotsAt(h: MoveHost, p: number, out: Int32Array): number {
  const { m, st } = h;
  let n = 0;
  for (let g = 0; g < m.slotCount; g++) if (st.slotPlacement[g] >= 0 && m.placementBlockKey[st.slotPlacement[g]] === m.placementBlockKey[p] && cellsEqualPlacement(h, g, p)) out[n++] = g;
  return n;
}

function cellsEqualPlacement(h: MoveHost, g: number, p: number): boolean {
  const { m, st } = h;
  for (let w = 0; w < m.cellWords; w++) if (st.slotCells[g * m.cellWords + w] !== m.placementCells[p * m.cellWords + w]) return false;
  return true;
}
