/**
 * A school's own options round from nothing: "New school" makes an empty scenario (the name, the blocks
 * and the years; no courses, staff, rooms, partner sites, group budget or students, so nothing of the
 * sample leaks into it), and the planner then leads through importing or typing each list in any order
 * (nextSteps). Imports of a file recognised by the header's Import… wait here (pendingImport) for the
 * screen that takes them.
 */
import { useSyncExternalStore } from 'react';
import type { Scenario } from '../../solver';
import { SCENARIO_FORMAT } from '../../data/schema';
import type { SheetKind } from '../../data/io/classify';
import { currentRecord, editScenario, newRecord, say, uniqueName } from './actions';
import { set } from './store';

export interface NewSchoolForm {
  name: string;
  blocks: string[];
  years: number[];
}

/** "A", "B", … for a count of blocks (a count shortcut in the form): 5 -> A to E. */
export function blockLabels(count: number): string[] {
  const n = Math.max(1, Math.min(26, Math.floor(count)));
  return Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));
}

/** Block labels typed as "A, B, C" or "A-E" / "A–E" (a range of letters) or a count ("5"). */
export function parseBlocks(text: string): string[] {
  const t = text.trim();
  if (/^\d+$/.test(t)) return blockLabels(Number(t));
  const range = /^([A-Za-z])\s*[-–—]\s*([A-Za-z])$/.exec(t);
  if (range) {
    const a = range[1].toUpperCase().charCodeAt(0);
    const b = range[2].toUpperCase().charCodeAt(0);
    if (b >= a) return Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i));
  }
  return [...new Set(t.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean))];
}

/** "10, 11" -> [10, 11]; anything not a whole number is left out. */
export function parseYears(text: string): number[] {
  return [...new Set(text.split(/[,;\s]+/).filter((x) => /^\d+$/.test(x)).map(Number))].sort((a, b) => a - b);
}

/** The empty scenario of a new school: valid, with nothing in it but its shape. */
export function emptyScenario(form: NewSchoolForm): Scenario {
  return { format: SCENARIO_FORMAT, name: form.name.trim(), blocks: [...form.blocks], years: [...form.years], courses: [], students: [] } as Scenario;
}

/** Makes the new school's scenario, opens it and says what to do next; returns its record id. */
export function createSchool(form: NewSchoolForm): string | null {
  const name = form.name.trim();
  if (name === '') {
    say('error', 'Give the new school (or this options round) a name.');
    return null;
  }
  if (form.blocks.length === 0) {
    say('error', 'Give at least one option block (A, B, C, …).');
    return null;
  }
  if (form.years.length === 0) {
    say('error', 'Give the years the cohort is planned over (usually 10 and 11).');
    return null;
  }
  const rec = newRecord(emptyScenario({ ...form, name: uniqueName(name) }));
  set((s) => ({ records: { ...s.records, [rec.id]: rec }, order: [...s.order, rec.id], currentId: rec.id }));
  say(
    'success',
    `Made "${rec.scenario.name}" with blocks ${form.blocks.join(', ')} for years ${form.years.join(' and ')}. Next: import your course list, staff, rooms and students' choices (CSV or .xlsx) with Import…, in any order.`,
  );
  return rec.id;
}

export interface NextStep {
  kind: SheetKind;
  done: boolean;
  /** "12 courses" when done; what to do when not. */
  text: string;
}

/** What a school's scenario has and what it still needs, in the order a timetabler usually goes. */
export function nextSteps(s: Scenario): NextStep[] {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return [
    { kind: 'courses', done: s.courses.length > 0, text: s.courses.length > 0 ? n(s.courses.length, 'course') : 'No courses yet: import your course list (CSV or .xlsx) or add a course on the Offer screen.' },
    { kind: 'staff', done: (s.staff?.length ?? 0) > 0, text: (s.staff?.length ?? 0) > 0 ? n(s.staff!.length, 'teacher') : 'No staff yet (optional): import your staff list, or leave it empty to plan without teachers.' },
    { kind: 'rooms', done: (s.rooms?.length ?? 0) > 0, text: (s.rooms?.length ?? 0) > 0 ? n(s.rooms!.length, 'room') : 'No rooms yet (optional): import your room list, or leave it empty to plan without rooms.' },
    { kind: 'choices', done: s.students.length > 0, text: s.students.length > 0 ? n(s.students.length, 'student') : "No students' choices yet: import the options form export (SIMS, Bromcom, Forms) as CSV or .xlsx." },
  ];
}

/** Whether the scenario still lacks what a solve needs (courses and students). */
export function needsBasics(s: Scenario): boolean {
  return s.courses.length === 0 || s.students.length === 0;
}

// ---------------------------------------------------------------------------------------------
// A file waiting for its import (the header's Import… recognised it)
// ---------------------------------------------------------------------------------------------

export interface PendingImport {
  file: File;
  /** The import it opens; null when the header row was not recognised (the user chooses). */
  kind: SheetKind | null;
  /** What was recognised, or why not and what kinds are accepted. */
  message: string;
  candidates: SheetKind[];
  /** For choices before any course list: the file's own choice texts as courses to match against. */
  courses?: Scenario['courses'];
  /** Changes on every new file, so the import is mounted afresh. */
  token: number;
}

let pending: PendingImport | null = null;
let token = 0;
const listeners = new Set<() => void>();

export function setPendingImport(p: Omit<PendingImport, 'token'> | null): void {
  pending = p ? { ...p, token: ++token } : null;
  for (const l of listeners) l();
}

export function getPendingImport(): PendingImport | null {
  return pending;
}

export function usePendingImport(): PendingImport | null {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => pending,
    () => pending,
  );
}

// ---------------------------------------------------------------------------------------------
// Lists imported before the course list
// ---------------------------------------------------------------------------------------------

const norm = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * Students' choices and teachers' subjects brought in before the course list hold the file's own text
 * ("Food Prep & Nutrition", "geog"). Once courses are there, each text that is a course's id or name
 * (ignoring case and punctuation) becomes that course's id, as one undoable edit. Returns how many
 * references changed.
 */
export function matchReferencesToCourses(): number {
  const rec = currentRecord();
  if (!rec || rec.scenario.courses.length === 0) return 0;
  const ids = new Set(rec.scenario.courses.map((c) => c.id));
  const byText = new Map<string, string>();
  for (const c of rec.scenario.courses) byText.set(norm(c.name), c.id);
  for (const c of rec.scenario.courses) byText.set(norm(c.id), c.id);
  let changed = 0;
  const fix = (list: readonly string[]): string[] =>
    list.map((x) => {
      if (ids.has(x)) return x;
      const id = byText.get(norm(x));
      if (id === undefined) return x;
      changed++;
      return id;
    });
  const students = rec.scenario.students.map((st) => {
    const choices = fix(st.choices);
    const reserves = st.reserves ? fix(st.reserves) : undefined;
    return choices.some((c, i) => c !== st.choices[i]) || (reserves && reserves.some((c, i) => c !== st.reserves![i])) ? { ...st, choices, ...(reserves ? { reserves } : {}) } : st;
  });
  const staff = rec.scenario.staff?.map((t) => {
    const courses = fix(t.courses);
    return courses.some((c, i) => c !== t.courses[i]) ? { ...t, courses } : t;
  });
  if (changed === 0) return 0;
  editScenario('match choices and teachers to the course list', (s) => ({ ...s, students, ...(staff ? { staff } : {}) }));
  return changed;
}

/**
 * Courses to match a choices file against while the scenario has none yet: every distinct text of its
 * choice and reserve columns, as a course of that id, so the students come in with their choices as
 * written (matched to the real course ids when the course list arrives).
 */
export function provisionalCourses(texts: Iterable<string>): Scenario['courses'] {
  const seen = new Set<string>();
  const out: Scenario['courses'] = [];
  for (const raw of texts) {
    const t = raw.trim();
    if (t === '' || seen.has(t)) continue;
    seen.add(t);
    out.push({ id: t, name: t, maxGroupSize: 30 });
  }
  return out;
}
