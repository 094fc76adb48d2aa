/**
 * Teachers and rooms for one group. A group that opens or moves keeps its teacher and room when they are
 * still free and available in its new cells; otherwise it takes the first qualified one that is; failing
 * that, one augmenting step: a teacher (room) blocked by exactly one other group is freed by moving that
 * group to another free teacher (room). Pinned staff and rooms from the scenario are kept as given.
 */
import { cellsOverlap } from './cells';
import type { Model } from './model';
import type { State } from './state';

export function acquireStaff(st: State, g: number, preferred: number): void {
  if (!st.needsStaff(g) || st.slotStaff[g] >= 0) return;
  const m = st.m;
  const pinned = m.slotPinnedStaff[g];
  if (pinned >= 0) {
    // A teacher fixed by the scenario stays, even where that breaks a rule (the checker reports it).
    st.setStaff(g, pinned);
    return;
  }
  const c = m.slotCourse[g];
  const lo = m.courseStaffStart[c];
  const hi = m.courseStaffStart[c + 1];
  if (lo === hi) return;
  if (preferred >= 0 && st.staffFits(preferred, g)) {
    st.setStaff(g, preferred);
    return;
  }
  // Spread groups over teachers: start the scan at a slot-dependent offset.
  const n = hi - lo;
  for (let i = 0; i < n; i++) {
    const t = m.courseStaff[lo + ((g + i) % n)];
    if (st.staffFits(t, g)) {
      st.setStaff(g, t);
      return;
    }
  }
  visitStamp++;
  augmentStaff(st, g, STAFF_DEPTH);
}

/** How far a chain of teacher swaps may reach: deep enough for tight staffing, cheap enough per move. */
const STAFF_DEPTH = 4;
const visited = new WeakMap<State, Int32Array>();
let visitStamp = 1;

function visitArray(st: State): Int32Array {
  let v = visited.get(st);
  if (!v) {
    v = new Int32Array(st.m.slotCount);
    visited.set(st, v);
  }
  return v;
}

/**
 * Kuhn-style augmenting path: give slot g a teacher who is blocked by exactly one other group, and re-staff
 * that group the same way, up to `depth` steps. Everything is undone on failure.
 */
function augmentStaff(st: State, g: number, depth: number): boolean {
  const m = st.m;
  const c = m.slotCourse[g];
  const lo = m.courseStaffStart[c];
  const n = m.courseStaffStart[c + 1] - lo;
  for (let i = 0; i < n; i++) {
    const t = m.courseStaff[lo + ((g + i) % n)];
    if (st.staffFits(t, g)) {
      st.setStaff(g, t);
      return true;
    }
  }
  if (depth === 0) return false;
  const seen = visitArray(st);
  seen[g] = visitStamp;
  for (let i = 0; i < n; i++) {
    const t = m.courseStaff[lo + ((g + i) % n)];
    const blocker = soleBlocker(m, st, st.slotStaff, m.staffUnavailableCells, st.staffBusy, t, g);
    if (blocker < 0 || m.slotPinnedStaff[blocker] >= 0 || seen[blocker] === visitStamp) continue;
    seen[blocker] = visitStamp;
    st.setStaff(blocker, -1);
    if (st.staffFits(t, g)) {
      st.setStaff(g, t);
      if (augmentStaff(st, blocker, depth - 1)) return true;
      st.setStaff(g, -1);
    }
    st.setStaff(blocker, t);
  }
  return false;
}

export function acquireRoom(st: State, g: number, preferred: number): void {
  if (!st.needsRoom(g) || st.slotRoom[g] >= 0) return;
  const m = st.m;
  const pinned = m.slotPinnedRoom[g];
  if (pinned >= 0) {
    st.setRoom(g, pinned);
    return;
  }
  const c = m.slotCourse[g];
  const lo = m.courseRoomStart[c];
  const hi = m.courseRoomStart[c + 1];
  if (preferred >= 0 && st.roomFits(preferred, g) && m.roomCapacity[preferred] >= m.courseMaxSize[c]) {
    st.setRoom(g, preferred);
    return;
  }
  // Candidates are sorted largest first: the first free one gives the most seats.
  for (let i = lo; i < hi; i++) {
    const r = m.courseRooms[i];
    if (st.roomFits(r, g)) {
      st.setRoom(g, r);
      return;
    }
  }
  for (let i = lo; i < hi; i++) {
    const r = m.courseRooms[i];
    if (cellsOverlap(m.roomUnavailableCells, r, st.slotCells, g, m.cellWords)) continue;
    const blocker = soleBlocker(m, st, st.slotRoom, null, st.roomBusy, r, g);
    if (blocker < 0 || m.slotPinnedRoom[blocker] >= 0) continue;
    const bc = m.slotCourse[blocker];
    st.setRoom(blocker, -1);
    for (let j = m.courseRoomStart[bc]; j < m.courseRoomStart[bc + 1]; j++) {
      const u = m.courseRooms[j];
      if (u !== r && st.roomFits(u, blocker) && m.roomCapacity[u] >= Math.min(m.roomCapacity[r], st.slotLoad[blocker])) {
        st.setRoom(blocker, u);
        st.setRoom(g, r);
        return;
      }
    }
    st.setRoom(blocker, r);
  }
}

/**
 * The single open slot holding resource `res` in a cell of slot g, or -1 when none or several do, or `res` is
 * unavailable there. `unavailable` and `busy` are the resources' cell masks (null: never unavailable).
 */
function soleBlocker(m: Model, st: State, holder: Int32Array, unavailable: Int32Array | null, busy: Int32Array, res: number, g: number): number {
  const cw = m.cellWords;
  if (unavailable && cellsOverlap(unavailable, res, st.slotCells, g, cw)) return -1;
  if (!cellsOverlap(busy, res, st.slotCells, g, cw)) return -1;
  let found = -1;
  for (let h = 0; h < m.slotCount; h++) {
    if (h === g || holder[h] !== res || !cellsOverlap(st.slotCells, h, st.slotCells, g, cw)) continue;
    if (found >= 0) return -1;
    found = h;
  }
  return found;
}

/** Releases slot g's teacher and room, before it moves or closes. */
export function releaseResources(st: State, g: number): void {
  if (st.slotStaff[g] >= 0) st.setStaff(g, -1);
  if (st.slotRoom[g] >= 0) st.setRoom(g, -1);
}
