/**
 * The open move: one more group of a course (one some unsatisfied student misses, or now and then any
 * course) opens, at its least clashing placement or a random one, with a teacher and room handed out, and the
 * course's unsatisfied choosers and some students of its other groups are re-seated. It adds seats and
 * another block for a course that is short of them; letting students of the course's other groups move across
 * helps the new group reach its minimum size.
 */
import { acquireRoom, acquireStaff } from '../../assign';
import type { MoveHost } from '../host';
import { wantedCourse } from './pick';

/** Unsatisfied choosers of the course re-seated with the new group. */
const OPEN_RESEAT = 40;
/** Students looked at (each taken with probability 1/2) at the head of each of the course's other groups. */
const MOVED_ACROSS_PER_GROUP = 6;

/** The open move; returns false when it found nothing to do. */
export function openMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  let c = wantedCourse(h);
  if (c < 0 || rng.float() < 0.2) c = rng.int(m.courseCount);
  if (st.courseOpen[c] >= m.courseMaxGroups[c] || !h.budgetAllows(c)) return false;
  const g = h.closedSlot(c);
  if (g < 0) return false;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n === 0) return false;
  const p = rng.float() < 0.5 ? h.leastConflictPlacement(c, -1) : lo + rng.int(n);
  if (p < 0 || !h.allowsPlacement(c, p, -1)) return false;
  st.setPlacement(g, p);
  acquireStaff(st, g, -1);
  acquireRoom(st, g, -1);
  h.touchUnsatisfiedChoosers(c, OPEN_RESEAT);
  // Let some students of the course's other groups move across, so a new group can reach its minimum.
  for (let other = m.slotStart[c]; other < m.slotStart[c + 1]; other++) {
    if (other === g || st.slotPlacement[other] < 0) continue;
    let i = st.slotHead[other];
    for (let k = 0; k < MOVED_ACROSS_PER_GROUP && i >= 0; k++, i = st.seatNext[i]) if (rng.float() < 0.5) h.touch((i / m.seatWidth) | 0);
  }
  h.reseatTouched();
  h.relieveOverflow(3);
  return true;
}
