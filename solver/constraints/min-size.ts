/**
 * Rule: a running group that is not pinned and holds any student holds at least its course's minGroupSize.
 *
 * A hard rule: a result breaks it never. The search crosses it at a penalty of SMALL_WEIGHT a group (lowered
 * early in a cycle so an empty group can fill, state.ts `w.small`). Term: `small`, the groups below minimum.
 * An empty group is not small: it costs only its place in the objective (groups.ts) until it is closed.
 */
import type { Model } from '../model';
import type { State } from '../state';
import { slotSizes, type AssignmentView } from './view';

/** Penalty a running group below its minimum size. */
export const SMALL_WEIGHT = 100;

/** Groups below their minimum size. From scratch: the reference the incremental term must equal. */
export function smallGroups(m: Model, a: AssignmentView): number {
  const size = slotSizes(m, a);
  let count = 0;
  for (let g = 0; g < m.slotCount; g++) {
    if (m.slotPinned[g]) continue;
    if (size[g] > 0 && size[g] < m.courseMinSize[m.slotCourse[g]]) count++;
  }
  return count;
}

// ---------- incremental: read State.slotLoad[g] (students in slot g) ----------

/**
 * Change to `small` when one student joins slot g, read before the join: the first student makes the group
 * small (when its minimum is above one), the one reaching the minimum makes it whole.
 */
export function smallOnJoin(st: State, g: number): number {
  const m = st.m;
  const min = m.courseMinSize[m.slotCourse[g]];
  if (min <= 1 || m.slotPinned[g]) return 0;
  const load = st.slotLoad[g];
  return load === 0 ? 1 : load + 1 === min ? -1 : 0;
}

/** Change to `small` when one student leaves slot g, read before the leave (the last one empties it). */
export function smallOnLeave(st: State, g: number): number {
  const m = st.m;
  const min = m.courseMinSize[m.slotCourse[g]];
  if (min <= 1 || m.slotPinned[g]) return 0;
  const load = st.slotLoad[g];
  return load === 1 ? -1 : load === min ? 1 : 0;
}
