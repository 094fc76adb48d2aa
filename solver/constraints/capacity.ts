/**
 * Rule: a group holds at most its course's maxGroupSize, and no more than its room's capacity when it has a room.
 *
 * A hard rule: a result breaks it never. The search may cross it for a while at a penalty of OVERFLOW_WEIGHT a
 * student above capacity (the search's schedule lowers that weight early in a cycle, state.ts `w.overflow`).
 * Term: `overflow`, the students above capacity summed over groups.
 */
import type { Model } from '../model';
import type { State } from '../state';
import { slotCapacity, slotSizes, type AssignmentView } from './view';

/** Penalty a student above a group's capacity, or above a course's places (places.ts). */
export const OVERFLOW_WEIGHT = 300;

/** Students above capacity, summed over groups. From scratch: the reference the incremental term must equal. */
export function overflow(m: Model, a: AssignmentView): number {
  const size = slotSizes(m, a);
  let total = 0;
  for (let g = 0; g < m.slotCount; g++) total += Math.max(0, size[g] - slotCapacity(m, a, g));
  return total;
}

// ---------- incremental: read State.slotLoad[g] (students in slot g) and State.slotCap[g] (its capacity now) ----------

/** Change to `overflow` when one student joins slot g, read before the join. */
export function overflowOnJoin(st: State, g: number): number {
  return st.slotLoad[g] >= st.slotCap[g] ? 1 : 0;
}

/** Change to `overflow` when one student leaves slot g, read before the leave. */
export function overflowOnLeave(st: State, g: number): number {
  return st.slotLoad[g] > st.slotCap[g] ? -1 : 0;
}

/** Change to `overflow` when slot g's capacity becomes `capacity` (a room given or taken away), read before. */
export function overflowOnCapacity(st: State, g: number, capacity: number): number {
  const load = st.slotLoad[g];
  const before = load - st.slotCap[g];
  const after = load - capacity;
  return (after > 0 ? after : 0) - (before > 0 ? before : 0);
}

/** Slot g's capacity with room `room` (-1 none): its course's maximum, lowered to the room's capacity. */
export function capacityWithRoom(m: Model, g: number, room: number): number {
  const courseMax = m.courseMaxSize[m.slotCourse[g]];
  return room >= 0 ? Math.min(courseMax, m.roomCapacity[room]) : courseMax;
}
