/** Rule: the students placed on a course, across all its groups, never exceed its places (a partner's quota). */
import type { Model } from '../model';
import type { AssignmentView } from './view';

/** Students above quota, summed over courses. */
export function placesOver(m: Model, a: AssignmentView): number {
  const load = new Int32Array(m.courseCount);
  for (let i = 0; i < a.seat.length; i++) if (a.seat[i] >= 0) load[m.seatCourse[i]]++;
  let total = 0;
  for (let c = 0; c < m.courseCount; c++) if (m.coursePlaces[c] >= 0) total += Math.max(0, load[c] - m.coursePlaces[c]);
  return total;
}
