/**
 * Rule: the students placed on a course, across all its groups, never exceed its places (a partner's quota).
 *
 * A hard rule: a result breaks it never. The search crosses it at the overflow penalty (OVERFLOW_WEIGHT of
 * capacity.ts, and its lowered value early in a cycle): a student above a quota weighs as one above a group's
 * capacity. Term: `placesOver`, the students above quota summed over courses.
 */
import type { Model } from '../model';
import type { State } from '../state';
import type { AssignmentView } from './view';

/** Students above quota, summed over courses. From scratch: the reference the incremental term must equal. */
export function placesOver(m: Model, a: AssignmentView): number {
  const load = new Int32Array(m.courseCount);
  for (let i = 0; i < a.seat.length; i++) if (a.seat[i] >= 0) load[m.seatCourse[i]]++;
  let total = 0;
  for (let c = 0; c < m.courseCount; c++) if (m.coursePlaces[c] >= 0) total += Math.max(0, load[c] - m.coursePlaces[c]);
  return total;
}

// ---------- incremental: read State.courseLoad[c] (students seated on course c) and Model.coursePlaces[c] (-1 no quota) ----------

/** Change to `placesOver` when one student joins a group of course c, read before the join. */
export function placesOverOnJoin(st: State, c: number): number {
  const places = st.m.coursePlaces[c];
  return places >= 0 && st.courseLoad[c] >= places ? 1 : 0;
}

/** Change to `placesOver` when one student leaves a group of course c, read before the leave. */
export function placesOverOnLeave(st: State, c: number): number {
  const places = st.m.coursePlaces[c];
  return places >= 0 && st.courseLoad[c] > places ? -1 : 0;
}
