/**
 * Rule: the students placed on a course, across all its groups, never exceed its places (a partner's quota).
 * Rule: the students of one year placed on a course never exceed that year's places (a per-year quota).
 *
 * Both are hard rules: a result breaks them never. The search crosses them at the overflow penalty
 * (OVERFLOW_WEIGHT of capacity.ts, and its lowered value early in a cycle): a student above a quota weighs as one
 * above a group's capacity. Term: `placesOver`, the students above quota summed over courses, plus the students
 * above a year's quota summed over (course, year).
 *
 * The per-year quota has no field in the scenario document (docs/format.md): students carry no year there. A
 * caller that knows each student's year attaches it to the scenario object before compiling
 * (attachYearPlaces): the joint solve of a consortium (solver/consortium/reduce.ts) does, each member school
 * being its own years of one combined grid, so "that year's places" are the member's places in a shared course.
 * A model compiled without it has `coursePlacesByYear` and `studentPlacesYear` null, and the rule adds nothing
 * anywhere (not even a branch's work per seat beyond one null test).
 */
import type { Model } from '../model';
import type { State } from '../state';
import type { Scenario } from '../types';
import type { AssignmentView } from './view';

/** Students above quota, summed over courses and (course, year). From scratch: the reference the incremental term must equal. */
export function placesOver(m: Model, a: AssignmentView): number {
  const load = new Int32Array(m.courseCount);
  for (let i = 0; i < a.seat.length; i++) if (a.seat[i] >= 0) load[m.seatCourse[i]]++;
  let total = 0;
  for (let c = 0; c < m.courseCount; c++) if (m.coursePlaces[c] >= 0) total += Math.max(0, load[c] - m.coursePlaces[c]);
  return total + yearPlacesOver(m, a);
}

/** Students above a year's quota, summed over (course, year): the per-year half of `placesOver`, from scratch. */
export function yearPlacesOver(m: Model, a: AssignmentView): number {
  const places = m.coursePlacesByYear;
  const yearOf = m.studentPlacesYear;
  if (places === null || yearOf === null) return 0;
  const Y = m.yearCount;
  const load = new Int32Array(m.courseCount * Y);
  for (let i = 0; i < a.seat.length; i++) {
    if (a.seat[i] < 0) continue;
    const y = yearOf[(i / m.seatWidth) | 0];
    if (y >= 0) load[m.seatCourse[i] * Y + y]++;
  }
  let total = 0;
  for (let cy = 0; cy < load.length; cy++) if (places[cy] >= 0) total += Math.max(0, load[cy] - places[cy]);
  return total;
}

// ---------- incremental: read State.courseLoad[c] (students seated on course c) and Model.coursePlaces[c] (-1 no quota) ----------

/** Change to `placesOver` when one student joins a group of course c, read before the join (the course quota). */
export function placesOverOnJoin(st: State, c: number): number {
  const places = st.m.coursePlaces[c];
  return places >= 0 && st.courseLoad[c] >= places ? 1 : 0;
}

/** Change to `placesOver` when one student leaves a group of course c, read before the leave (the course quota). */
export function placesOverOnLeave(st: State, c: number): number {
  const places = st.m.coursePlaces[c];
  return places >= 0 && st.courseLoad[c] > places ? -1 : 0;
}

// ---------- incremental, per year: State.courseYearLoad[c * yearCount + y] (students of year y seated on course c),
// ---------- Model.coursePlacesByYear[c * yearCount + y] (-1 no quota), Model.studentPlacesYear[s] (year index, -1 none) ----------

/**
 * Change to `placesOver` when student s joins a group of course c, read before the join (the year quota). 0 when
 * the model has no per-year places or s counts in no year.
 */
export function yearPlacesOverOnJoin(st: State, c: number, s: number): number {
  const m = st.m;
  if (m.studentPlacesYear === null) return 0;
  const y = m.studentPlacesYear[s];
  if (y < 0) return 0;
  const cy = c * m.yearCount + y;
  const places = m.coursePlacesByYear![cy];
  return places >= 0 && st.courseYearLoad[cy] >= places ? 1 : 0;
}

/** Change to `placesOver` when student s leaves a group of course c, read before the leave (the year quota). */
export function yearPlacesOverOnLeave(st: State, c: number, s: number): number {
  const m = st.m;
  if (m.studentPlacesYear === null) return 0;
  const y = m.studentPlacesYear[s];
  if (y < 0) return 0;
  const cy = c * m.yearCount + y;
  const places = m.coursePlacesByYear![cy];
  return places >= 0 && st.courseYearLoad[cy] > places ? -1 : 0;
}

// ---------- attaching per-year places to a scenario object, and compiling them ----------

/**
 * Per-year places for one scenario object: `studentYear` gives a student (by id) the year whose quota it counts
 * in, `places` a course (by id) its places per year. Students not listed count in no year; (course, year) pairs
 * not listed have no per-year quota.
 */
export interface YearPlaces {
  studentYear: ReadonlyMap<string, number>;
  places: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** Scenario object -> its per-year places. Held weakly: the scenario's lifetime is the entry's. */
const attached = new WeakMap<Scenario, YearPlaces>();

/** Attaches per-year places to a scenario object: every later compile of this very object enforces them. */
export function attachYearPlaces(scenario: Scenario, yearPlaces: YearPlaces): void {
  attached.set(scenario, yearPlaces);
}

/**
 * The model's per-year arrays for a scenario: both null when nothing is attached (or nothing listed applies).
 * Places above the cohort allow the whole cohort; below 0, none.
 */
export function compileYearPlaces(
  scenario: Scenario,
  years: readonly number[],
  courseIndex: ReadonlyMap<string, number>,
  studentIds: readonly string[],
): { coursePlacesByYear: Int32Array | null; studentPlacesYear: Int32Array | null } {
  const spec = attached.get(scenario);
  if (spec === undefined || spec.places.size === 0) return { coursePlacesByYear: null, studentPlacesYear: null };
  const Y = years.length;
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const coursePlacesByYear = new Int32Array(courseIndex.size * Y).fill(-1);
  let any = false;
  for (const [course, byYear] of spec.places) {
    const c = courseIndex.get(course);
    if (c === undefined) continue;
    for (const [year, n] of byYear) {
      const y = yearIndex.get(year);
      if (y === undefined) continue;
      coursePlacesByYear[c * Y + y] = Number.isFinite(n) ? Math.max(0, Math.min(Math.floor(n), studentIds.length)) : n > 0 ? studentIds.length : 0;
      any = true;
    }
  }
  if (!any) return { coursePlacesByYear: null, studentPlacesYear: null };
  const studentPlacesYear = new Int32Array(studentIds.length).fill(-1);
  studentIds.forEach((id, s) => {
    const year = spec.studentYear.get(id);
    const y = year === undefined ? undefined : yearIndex.get(year);
    if (y !== undefined) studentPlacesYear[s] = y;
  });
  return { coursePlacesByYear, studentPlacesYear };
}
