/**
 * Where the moves aim, shared by several of them: a random running group to disturb, and a course some
 * unsatisfied student misses (so a move can make room for it). Each draws from the search's one generator in a
 * fixed order, so the same seed picks the same groups and courses.
 */
import type { MoveHost } from '../host';

/** Random draws before a move gives up looking for a running, unpinned group (most slots may be closed). */
const OPEN_SLOT_TRIES = 20;

/** A random running, unpinned group (slot), or -1 when OPEN_SLOT_TRIES draws found none. */
export function randomOpenFreeSlot(h: MoveHost): number {
  const { m, st, rng } = h;
  for (let tries = 0; tries < OPEN_SLOT_TRIES; tries++) {
    const g = rng.int(m.slotCount);
    if (st.slotPlacement[g] >= 0 && !m.slotPinned[g]) return g;
  }
  return -1;
}

/** A course a random unsatisfied student chose and misses (not forbidden to them), or -1. */
export function wantedCourse(h: MoveHost): number {
  const { m, st, rng } = h;
  if (st.unsatCount === 0) return -1;
  const s = st.unsatList[rng.int(st.unsatCount)];
  const base = s * m.seatWidth;
  const n = m.studentChoiceCount[s];
  const start = rng.int(n);
  for (let j = 0; j < n; j++) {
    const k = (start + j) % n;
    // A choice an enforced rule forbids is unmet whatever the blocking: no move is aimed at it.
    if (st.seat[base + k] < 0 && !m.seatForbidden[base + k]) return m.seatCourse[base + k];
  }
  return -1;
}
