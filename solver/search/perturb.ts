/**
 * The kick of the iterated local search: before a restart, the incumbent blocking is shaken where it fails.
 * For each of a few courses that unsatisfied students miss (or random courses when none is missed), one
 * of its groups moves to another placement, or closes, or a new one opens; and one group the student sits in
 * elsewhere moves away, freeing a cell they need. Then everyone in the disturbed groups and the unsatisfied
 * students wanting those courses are re-seated. The annealing that follows (from a milder temperature than
 * the first cycle) repairs what the kick broke and settles into a nearby local optimum.
 */
import { acquireRoom, acquireStaff, releaseResources } from '../assign';
import type { MoveHost } from './host';

/** Courses disturbed by one kick at most (the kick takes 1 to this many, at random). */
export const MAX_KICK_COURSES = 3;
/** Unsatisfied students wanting a kicked course who are re-seated with it. */
const KICK_RESEAT = 30;

export function kick(h: MoveHost, courses: number): void {
  const { m, st, rng } = h;
  if (m.mode !== 'build' || m.courseCount === 0) return;
  for (let k = 0; k < courses; k++) {
    let c = -1;
    let student = -1;
    if (st.unsatCount > 0) {
      student = st.unsatList[rng.int(st.unsatCount)];
      c = missedChoice(h, student);
    }
    if (c < 0) c = rng.int(m.courseCount);
    shakeCourse(h, c);
    if (student >= 0) moveAwayFrom(h, student, c);
    h.touchUnsatisfiedChoosers(c, KICK_RESEAT);
  }
  h.reseatTouched();
  h.relieveOverflow(3);
}

/** An unmet, allowed choice of student s, chosen at random, or -1. */
function missedChoice(h: MoveHost, s: number): number {
  const { m, st, rng } = h;
  const base = s * m.seatWidth;
  const n = m.studentChoiceCount[s];
  if (n === 0) return -1;
  const start = rng.int(n);
  for (let j = 0; j < n; j++) {
    const i = base + ((start + j) % n);
    if (st.seat[i] < 0 && !m.seatForbidden[i]) return m.seatCourse[i];
  }
  return -1;
}

/** Opens a group of course c, closes one, or moves one to a random allowed placement (in that preference by chance). */
function shakeCourse(h: MoveHost, c: number): void {
  const { m, st, rng } = h;
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n === 0) return;
  const r = rng.float();
  if (r < 0.3 && st.courseOpen[c] < m.courseMaxGroups[c] && h.budgetAllows(c)) {
    const g = h.closedSlot(c);
    const p = lo + rng.int(n);
    if (g >= 0 && h.allowsPlacement(c, p, -1)) {
      st.setPlacement(g, p);
      acquireStaff(st, g, -1);
      acquireRoom(st, g, -1);
      return;
    }
  }
  const g = h.randomOpenSlotOf(c);
  if (g < 0) return;
  if (r < 0.45 && st.courseOpen[c] > m.courseMinGroups[c]) {
    h.emptySlot(g);
    releaseResources(st, g);
    st.setPlacement(g, -1);
    return;
  }
  relocate(h, g);
}

/** Moves one of student s's groups (not of course c) to another placement, freeing the cell it held. */
function moveAwayFrom(h: MoveHost, s: number, c: number): void {
  const { m, st, rng } = h;
  const base = s * m.seatWidth;
  const n = m.studentChoiceCount[s] + m.studentReserveCount[s];
  if (n === 0) return;
  const start = rng.int(n);
  for (let j = 0; j < n; j++) {
    const g = st.seat[base + ((start + j) % n)];
    if (g < 0 || m.slotCourse[g] === c || m.slotPinned[g]) continue;
    relocate(h, g);
    return;
  }
}

/** Moves open group g to a random other placement its course allows (a few tries), keeping teacher and room where it can. */
function relocate(h: MoveHost, g: number): void {
  const { m, st, rng } = h;
  const c = m.slotCourse[g];
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n < 2) return;
  for (let tries = 0; tries < 6; tries++) {
    const p = lo + rng.int(n);
    if (p === st.slotPlacement[g] || !h.allowsPlacement(c, p, g)) continue;
    h.moveGroup(g, p);
    return;
  }
}
