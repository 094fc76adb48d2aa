/**
 * Rule: with rooms listed, every running home group whose course names a room type or a room list has a room of
 * that type (or from the list), available in all its cells and holding no other group in the same block and year.
 * (Its capacity is enforced through the group's capacity, in capacity.ts.)
 *
 * Which room may go where is hard: moves give a group only a room that fits (State.roomFits). A group left
 * without the room it needs is a hard rule the search may cross at UNROOMED_WEIGHT a group (lowered early in a
 * cycle with the teachers' weight, state.ts `w.resources`). Term: `unroomed`, running groups lacking their room.
 */
import { cellsAdd, cellsOverlap, cellsOverlapEither } from '../cells';
import type { Model } from '../model';
import type { State } from '../state';
import type { AssignmentView } from './view';

/** Penalty a group with no suitable room (when rooms are listed): as much as one with no teacher. */
export const UNROOMED_WEIGHT = 6000;

export function roomsRule(m: Model, a: AssignmentView): { unroomed: number; breaches: string[] } {
  const breaches: string[] = [];
  let unroomed = 0;
  const busy = new Int32Array(m.roomCount * m.cellWords); // cells each room holds so far
  for (let g = 0; g < m.slotCount; g++) {
    const p = a.slotPlacement[g];
    const c = m.slotCourse[g];
    const r = a.slotRoom[g];
    if (p < 0 || !m.courseNeedsRoom[c]) {
      if (r >= 0) breaches.push(`slot ${g} holds room ${m.roomIds[r]} but needs none`);
      continue;
    }
    if (r < 0) {
      unroomed++;
      continue;
    }
    let suitable = false;
    for (let i = m.courseRoomStart[c]; i < m.courseRoomStart[c + 1]; i++) if (m.courseRooms[i] === r) suitable = true;
    if (!suitable) breaches.push(`room ${m.roomIds[r]} does not suit ${m.courseIds[c]}`);
    if (cellsOverlap(m.roomUnavailableCells, r, m.placementCells, p, m.cellWords)) breaches.push(`room ${m.roomIds[r]} is unavailable for slot ${g}`);
    if (cellsOverlap(busy, r, m.placementCells, p, m.cellWords)) breaches.push(`room ${m.roomIds[r]} holds two groups in one cell`);
    cellsAdd(busy, r, m.placementCells, p, m.cellWords);
  }
  return { unroomed, breaches };
}

// ---------- incremental: read State.slotPlacement[g] (-1 closed), State.slotRoom[g] (-1 none), and the rooms'
// bookkeeping State.roomBusy[r * cellWords ..] (cells r holds) ----------

/** Does slot g need a room: its course names a room type or a room list (Model.courseNeedsRoom)? */
export function needsRoom(m: Model, g: number): boolean {
  return m.courseNeedsRoom[m.slotCourse[g]] === 1;
}

/**
 * Change to `unroomed` when slot g goes to placement p (-1 closes it), read before the change. A slot is placed,
 * moved or closed only without a room (State.setPlacement), so an open one needing a room counts.
 */
export function unroomedOnPlace(st: State, g: number, p: number): number {
  if (!needsRoom(st.m, g)) return 0;
  return (p >= 0 ? 1 : 0) - (st.slotPlacement[g] >= 0 ? 1 : 0);
}

/**
 * May room r take slot g where it sits: free and available in all its cells? What moves ask before
 * State.setRoom, so the rule's hard part is never broken. Slot g must not hold r already.
 */
export function roomFits(st: State, room: number, g: number): boolean {
  const m = st.m;
  return !cellsOverlapEither(st.slotCells, g, m.roomUnavailableCells, room, st.roomBusy, room, m.cellWords);
}

/** Change to `unroomed` when slot g's room becomes `room` (-1 none), read before the change. */
export function unroomedOnRoom(st: State, g: number, room: number): number {
  if (st.slotPlacement[g] < 0 || !needsRoom(st.m, g)) return 0;
  return (room < 0 ? 1 : 0) - (st.slotRoom[g] < 0 ? 1 : 0);
}
