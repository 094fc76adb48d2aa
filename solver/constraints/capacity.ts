/** Rule: a group holds at most its course's maxGroupSize, and no more than its room's capacity when it has a room. */
import type { Model } from '../model';
import { slotCapacity, slotSizes, type AssignmentView } from './view';

/** Students above capacity, summed over groups. */
export function overflow(m: Model, a: AssignmentView): number {
  const size = slotSizes(m, a);
  let total = 0;
  for (let g = 0; g < m.slotCount; g++) total += Math.max(0, size[g] - slotCapacity(m, a, g));
  return total;
}
