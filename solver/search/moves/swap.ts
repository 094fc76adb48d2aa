/**
 * The swap move: two running groups in different block sets exchange their blocks (each takes its course's
 * placement in the other's blocks), keeping their teachers and rooms where free, and their students are
 * re-seated. It helps where a single group cannot move because the blocks it would go to are full of the
 * teacher's or the room's other groups: with tight staff and rooms, the partner is preferably a group of the
 * same teacher or the same kind of room, so both keep theirs after the swap.
 */
import { acquireRoom, acquireStaff, releaseResources } from '../../assign';
import { cellsEqual } from '../../cells';
import type { MoveHost } from '../host';
import { randomOpenFreeSlot, wantedCourse } from './pick';

/** The swap move; returns false when it found nothing to do. */
export function swapMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  let g1 = -1;
  if (rng.float() < 0.5) {
    const c = wantedCourse(h);
    if (c >= 0) g1 = h.randomOpenSlotOf(c);
  }
  if (g1 < 0) g1 = randomOpenFreeSlot(h);
  const g2 = rng.float() < 0.6 ? resourcePartner(h, g1) : randomOpenFreeSlot(h);
  if (g1 < 0 || g2 < 0 || g1 === g2) return false;
  const p1 = st.slotPlacement[g1];
  const p2 = st.slotPlacement[g2];
  const b1 = m.placementBlockKey[p1];
  const b2 = m.placementBlockKey[p2];
  if (b1 === b2) return false;
  const c1 = m.slotCourse[g1];
  const c2 = m.slotCourse[g2];
  const q1 = placementWithBlocks(h, c1, b2);
  const q2 = placementWithBlocks(h, c2, b1);
  if (q1 < 0 || q2 < 0) return false;
  const s1 = st.slotStaff[g1];
  const r1 = st.slotRoom[g1];
  const s2 = st.slotStaff[g2];
  const r2 = st.slotRoom[g2];
  h.emptySlot(g1);
  h.emptySlot(g2);
  releaseResources(st, g1);
  releaseResources(st, g2);
  st.setPlacement(g1, -1);
  st.setPlacement(g2, -1);
  if (!h.allowsPlacement(c1, q1, g1) || !h.allowsPlacement(c2, q2, g2)) {
    // Both groups closed, their students unseated: the score judges that (a worse state, usually rejected,
    // and the search undoes it through the journal).
    return true;
  }
  st.setPlacement(g1, q1);
  st.setPlacement(g2, q2);
  acquireStaff(st, g1, s1);
  acquireStaff(st, g2, s2);
  acquireRoom(st, g1, r1);
  acquireRoom(st, g2, r2);
  h.reseatTouched();
  h.relieveOverflow(3);
  return true;
}

/**
 * A running, unpinned group in other cells than g that shares g's teacher or its course's kind of room, from a
 * random start; -1 none (or g has neither).
 */
function resourcePartner(h: MoveHost, g: number): number {
  const { m, st, rng } = h;
  if (g < 0) return -1;
  const teacher = st.slotStaff[g];
  const roomClass = m.courseRoomClass[m.slotCourse[g]];
  if (teacher < 0 && roomClass < 0) return -1;
  const start = rng.int(m.slotCount);
  for (let j = 0; j < m.slotCount; j++) {
    const other = (start + j) % m.slotCount;
    if (other === g || st.slotPlacement[other] < 0 || m.slotPinned[other] || cellsEqual(st.slotCells, other, st.slotCells, g, m.cellWords)) continue;
    if ((teacher >= 0 && st.slotStaff[other] === teacher) || (roomClass >= 0 && m.courseRoomClass[m.slotCourse[other]] === roomClass)) return other;
  }
  return -1;
}

/** Course c's placement in the block set with this placementBlockKey, or -1. */
function placementWithBlocks(h: MoveHost, c: number, blocks: number): number {
  const m = h.m;
  for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) if (m.placementBlockKey[p] === blocks) return p;
  return -1;
}
