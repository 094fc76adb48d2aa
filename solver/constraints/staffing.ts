/**
 * Rule: with staff listed, every running home group has a teacher who can teach its course, is available in
 * all its cells, holds no other group in the same block and year, and teaches at most maxGroups groups a year.
 *
 * Who may teach where is hard: moves give a teacher only a group they fit (State.staffFits). A home group left
 * without a teacher is a hard rule the search may cross at UNSTAFFED_WEIGHT a group (lowered early in a cycle,
 * state.ts `w.resources`). Term: `unstaffed`, running home groups with no teacher.
 */
import { cellsAdd, cellsOverlap, cellsOverlapEither } from '../cells';
import type { Model } from '../model';
import type { State } from '../state';
import type { AssignmentView } from './view';

/** Penalty a home group with no teacher (when staff are listed): more than a full group's students. */
export const UNSTAFFED_WEIGHT = 6000;

/** Running home groups with no teacher (a penalty term), and plain-words breaches of the rule (must be none). */
export function staffing(m: Model, a: AssignmentView): { unstaffed: number; breaches: string[] } {
  const breaches: string[] = [];
  let unstaffed = 0;
  if (!m.staffRequired) return { unstaffed, breaches };
  const busy = new Int32Array(m.staffCount * m.cellWords); // cells each teacher holds so far
  const load = new Int32Array(m.staffCount * m.yearCount);
  for (let g = 0; g < m.slotCount; g++) {
    const p = a.slotPlacement[g];
    const c = m.slotCourse[g];
    const t = a.slotStaff[g];
    if (p < 0 || !m.courseHome[c]) {
      if (t >= 0) breaches.push(`slot ${g} holds teacher ${m.staffIds[t]} but needs none`);
      continue;
    }
    if (t < 0) {
      unstaffed++;
      continue;
    }
    let qualified = false;
    for (let i = m.courseStaffStart[c]; i < m.courseStaffStart[c + 1]; i++) if (m.courseStaff[i] === t) qualified = true;
    if (!qualified) breaches.push(`${m.staffIds[t]} cannot teach ${m.courseIds[c]}`);
    if (cellsOverlap(m.staffUnavailableCells, t, m.placementCells, p, m.cellWords)) breaches.push(`${m.staffIds[t]} is unavailable for slot ${g}`);
    if (cellsOverlap(busy, t, m.placementCells, p, m.cellWords)) breaches.push(`${m.staffIds[t]} holds two groups in one cell`);
    cellsAdd(busy, t, m.placementCells, p, m.cellWords);
    for (let y = 0; y < m.yearCount; y++) {
      if (!(m.courseYearMask[c] & (1 << y))) continue;
      if (++load[t * m.yearCount + y] > m.staffMaxGroups[t]) breaches.push(`${m.staffIds[t]} is over maxGroups in ${m.years[y]}`);
    }
  }
  return { unstaffed, breaches };
}

// ---------- incremental: read State.slotPlacement[g] (-1 closed), State.slotStaff[g] (-1 none), and the
// teachers' bookkeeping State.staffBusy[t * cellWords ..] (cells t holds) and State.staffLoad[t * Y + y] ----------

/** Does slot g need a teacher: staff are listed and its course is taught at home? */
export function needsStaff(m: Model, g: number): boolean {
  return m.staffRequired && m.courseHome[m.slotCourse[g]] === 1;
}

/**
 * Change to `unstaffed` when slot g goes to placement p (-1 closes it), read before the change. A slot is
 * placed, moved or closed only without a teacher (State.setPlacement), so an open one needing a teacher counts.
 */
export function unstaffedOnPlace(st: State, g: number, p: number): number {
  if (!needsStaff(st.m, g)) return 0;
  return (p >= 0 ? 1 : 0) - (st.slotPlacement[g] >= 0 ? 1 : 0);
}

/**
 * May teacher t take slot g where it sits: free and available in all its cells, and under maxGroups in each of
 * its course's years? What moves ask before State.setStaff, so the rule's hard part is never broken.
 * Slot g must not hold t already.
 */
export function teacherFits(st: State, teacher: number, g: number): boolean {
  const m = st.m;
  if (cellsOverlapEither(st.slotCells, g, m.staffUnavailableCells, teacher, st.staffBusy, teacher, m.cellWords)) return false;
  const yearMask = m.courseYearMask[m.slotCourse[g]];
  for (let y = 0; y < m.yearCount; y++) {
    if (yearMask & (1 << y) && st.staffLoad[teacher * m.yearCount + y] >= m.staffMaxGroups[teacher]) return false;
  }
  return true;
}

/** Change to `unstaffed` when slot g's teacher becomes `teacher` (-1 none), read before the change. */
export function unstaffedOnStaff(st: State, g: number, teacher: number): number {
  if (st.slotPlacement[g] < 0 || !needsStaff(st.m, g)) return 0;
  return (teacher < 0 ? 1 : 0) - (st.slotStaff[g] < 0 ? 1 : 0);
}
