/**
 * The group move: one running group goes to another placement of its course (other blocks), keeping its
 * teacher and room where they are free there, and its students and the course's unsatisfied choosers are
 * re-seated (MoveHost.moveGroup). It changes which students can reach the course together; it helps when a
 * group clashes with other choices of many of its students, and, aimed at a group without a teacher, a room or
 * enough seats, when another block has them.
 */
import type { MoveHost } from '../host';
import { randomOpenFreeSlot, wantedCourse } from './pick';

/** Random placements tried for the chosen group before the move gives up. */
const PLACEMENT_TRIES = 6;

/** The group move; returns false when it found nothing to do. */
export function groupMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  let g = -1;
  const r = rng.float();
  if (r < 0.5) {
    // Half the time a group of a course some unsatisfied student misses.
    const c = wantedCourse(h);
    if (c >= 0) g = h.randomOpenSlotOf(c);
  } else if (r < 0.6 && (st.t.unstaffed > 0 || st.t.unroomed > 0 || st.t.overflow > 0)) {
    g = troubledSlot(h);
  }
  if (g < 0) g = randomOpenFreeSlot(h);
  if (g < 0) return false;
  const c = m.slotCourse[g];
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n < 2) return false;
  const cur = st.slotPlacement[g];
  for (let tries = 0; tries < PLACEMENT_TRIES; tries++) {
    const p = lo + rng.int(n);
    if (p === cur || !h.allowsPlacement(c, p, g)) continue;
    h.moveGroup(g, p);
    return true;
  }
  return false;
}

/** A running, unpinned group without its teacher or room, or overfull, from a random start; -1 none. */
function troubledSlot(h: MoveHost): number {
  const { m, st, rng } = h;
  const start = rng.int(m.slotCount);
  for (let j = 0; j < m.slotCount; j++) {
    const g = (start + j) % m.slotCount;
    if (st.slotPlacement[g] < 0 || m.slotPinned[g]) continue;
    if ((st.needsStaff(g) && st.slotStaff[g] < 0) || (st.needsRoom(g) && st.slotRoom[g] < 0) || st.slotLoad[g] > st.slotCap[g]) return g;
  }
  return -1;
}
