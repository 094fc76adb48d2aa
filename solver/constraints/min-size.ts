/** Rule: a running group that is not pinned and holds any student holds at least its course's minGroupSize. */
import type { Model } from '../model';
import { slotSizes, type AssignmentView } from './view';

/** Groups below their minimum size. */
export function smallGroups(m: Model, a: AssignmentView): number {
  const size = slotSizes(m, a);
  let count = 0;
  for (let g = 0; g < m.slotCount; g++) {
    if (m.slotPinned[g]) continue;
    if (size[g] > 0 && size[g] < m.courseMinSize[m.slotCourse[g]]) count++;
  }
  return count;
}
