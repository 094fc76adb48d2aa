/**
 * What changed in a scenario since a blocking was published (docs/reference.md): pupils who joined or
 * left or changed their choices, reserves or pathway; courses, staff and rooms added, removed or changed
 * in a way a blocking depends on. Pure and typed: both scenarios are already-parsed documents.
 *
 * Everything is matched by id. Lists in the answer follow the order of the scenario they come from
 * (the current one for additions and changes, the published one for removals), so the same two scenarios
 * always give the same answer.
 */
import type { Course, Room, Scenario, Staff, Student, Unavailability } from '../types';

/** A list of course ids before and after, with what went and what came. */
export interface ListChange {
  before: readonly string[];
  after: readonly string[];
  added: string[];
  removed: string[];
  /** Same courses, another order (a ranking changed). */
  reordered: boolean;
}

export interface PupilChange {
  id: string;
  name?: string;
  choices?: ListChange;
  reserves?: ListChange;
  pathway?: { before: string | null; after: string | null };
}

export interface StaffChange {
  id: string;
  name?: string;
  /** Courses they can teach. */
  courses?: ListChange;
  /** Block-and-year cells they are away ("A", "B Y11"), before and after. */
  unavailable?: { before: string[]; after: string[]; added: string[]; removed: string[] };
  maxGroups?: { before: number | null; after: number | null };
}

export interface RoomChange {
  id: string;
  name?: string;
  type?: { before: string; after: string };
  capacity?: { before: number; after: number };
  unavailable?: { before: string[]; after: string[]; added: string[]; removed: string[] };
}

/** A course setting the blocking depends on, before and after (null: not set). */
export interface CourseFieldChange {
  field: string;
  /** In users' words: "maximum groups". */
  words: string;
  before: unknown;
  after: unknown;
}

export interface CourseChange {
  id: string;
  name: string;
  fields: CourseFieldChange[];
}

export interface ScenarioChanges {
  pupils: { added: string[]; removed: string[]; changed: PupilChange[] };
  staff: { added: string[]; removed: string[]; changed: StaffChange[] };
  rooms: { added: string[]; removed: string[]; changed: RoomChange[] };
  courses: { added: string[]; removed: string[]; changed: CourseChange[] };
  /** Blocks added to or removed from the scenario. */
  blocks: { added: string[]; removed: string[] };
  /** How many changes in all: 0 exactly when nothing the reference cares about changed. */
  total: number;
}

/** Course settings that decide where and how many groups can run, in the words the planner uses for them. */
const COURSE_FIELDS: readonly [keyof Course & string, string][] = [
  ['maxGroupSize', 'maximum group size'],
  ['minGroupSize', 'minimum group size'],
  ['minGroups', 'minimum groups'],
  ['maxGroups', 'maximum groups'],
  ['maxGroupsPerBlock', 'maximum groups per block'],
  ['blocks', 'allowed blocks'],
  ['years', 'years'],
  ['span', 'span'],
  ['roomType', 'room type'],
  ['rooms', 'rooms'],
  ['site', 'site'],
  ['places', 'places'],
];

export function listChange(before: readonly string[], after: readonly string[]): ListChange | undefined {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((x) => !b.has(x));
  const removed = before.filter((x) => !a.has(x));
  const reordered = added.length === 0 && removed.length === 0 && before.some((x, i) => after[i] !== x);
  if (added.length === 0 && removed.length === 0 && !reordered && before.length === after.length) return undefined;
  return { before, after, added, removed, reordered };
}

/** "A" for every year, "A Y11" for one year: how an unavailable cell is named. */
export function cellWords(u: Unavailability): string {
  return u.year === undefined ? u.block : `${u.block} Y${u.year}`;
}

function cellsChange(before: readonly Unavailability[] | undefined, after: readonly Unavailability[] | undefined) {
  const b = [...new Set((before ?? []).map(cellWords))].sort();
  const a = [...new Set((after ?? []).map(cellWords))].sort();
  const added = a.filter((x) => !b.includes(x));
  const removed = b.filter((x) => !a.includes(x));
  return added.length || removed.length ? { before: b, after: a, added, removed } : undefined;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

function byId<T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).map((x) => [x.id, x]));
}

/** Ids added (in `after` order) and removed (in `before` order), and the pairs present in both. */
function matchLists<T extends { id: string }>(before: readonly T[] | undefined, after: readonly T[] | undefined) {
  const b = byId(before);
  const a = byId(after);
  return {
    added: (after ?? []).filter((x) => !b.has(x.id)).map((x) => x.id),
    removed: (before ?? []).filter((x) => !a.has(x.id)).map((x) => x.id),
    both: (after ?? []).filter((x) => b.has(x.id)).map((x) => [b.get(x.id)!, x] as const),
  };
}

function pupilChange(was: Student, now: Student): PupilChange | undefined {
  const choices = listChange(was.choices, now.choices);
  const reserves = listChange(was.reserves ?? [], now.reserves ?? []);
  const pathway = (was.pathway ?? null) !== (now.pathway ?? null) ? { before: was.pathway ?? null, after: now.pathway ?? null } : undefined;
  if (!choices && !reserves && !pathway) return undefined;
  return { id: now.id, ...(now.name ? { name: now.name } : {}), ...(choices ? { choices } : {}), ...(reserves ? { reserves } : {}), ...(pathway ? { pathway } : {}) };
}

function staffChange(was: Staff, now: Staff): StaffChange | undefined {
  const courses = listChange([...was.courses].sort(), [...now.courses].sort());
  const unavailable = cellsChange(was.unavailable, now.unavailable);
  const maxGroups = (was.maxGroups ?? null) !== (now.maxGroups ?? null) ? { before: was.maxGroups ?? null, after: now.maxGroups ?? null } : undefined;
  if (!courses && !unavailable && !maxGroups) return undefined;
  return { id: now.id, ...(now.name ? { name: now.name } : {}), ...(courses ? { courses } : {}), ...(unavailable ? { unavailable } : {}), ...(maxGroups ? { maxGroups } : {}) };
}

function roomChange(was: Room, now: Room): RoomChange | undefined {
  const type = was.type !== now.type ? { before: was.type, after: now.type } : undefined;
  const capacity = was.capacity !== now.capacity ? { before: was.capacity, after: now.capacity } : undefined;
  const unavailable = cellsChange(was.unavailable, now.unavailable);
  if (!type && !capacity && !unavailable) return undefined;
  return { id: now.id, ...(now.name ? { name: now.name } : {}), ...(type ? { type } : {}), ...(capacity ? { capacity } : {}), ...(unavailable ? { unavailable } : {}) };
}

function courseChange(was: Course, now: Course): CourseChange | undefined {
  const fields: CourseFieldChange[] = [];
  for (const [field, words] of COURSE_FIELDS) {
    if (!same(was[field], now[field])) fields.push({ field, words, before: was[field] ?? null, after: now[field] ?? null });
  }
  return fields.length ? { id: now.id, name: now.name, fields } : undefined;
}

/** What changed from the published scenario to the current one. */
export function scenarioChanges(published: Scenario, current: Scenario): ScenarioChanges {
  const pupils = matchLists(published.students, current.students);
  const staff = matchLists(published.staff, current.staff);
  const rooms = matchLists(published.rooms, current.rooms);
  const courses = matchLists(published.courses, current.courses);
  const out: ScenarioChanges = {
    pupils: { added: pupils.added, removed: pupils.removed, changed: pupils.both.map(([w, n]) => pupilChange(w, n)).filter((x): x is PupilChange => !!x) },
    staff: { added: staff.added, removed: staff.removed, changed: staff.both.map(([w, n]) => staffChange(w, n)).filter((x): x is StaffChange => !!x) },
    rooms: { added: rooms.added, removed: rooms.removed, changed: rooms.both.map(([w, n]) => roomChange(w, n)).filter((x): x is RoomChange => !!x) },
    courses: { added: courses.added, removed: courses.removed, changed: courses.both.map(([w, n]) => courseChange(w, n)).filter((x): x is CourseChange => !!x) },
    blocks: { added: current.blocks.filter((b) => !published.blocks.includes(b)), removed: published.blocks.filter((b) => !current.blocks.includes(b)) },
    total: 0,
  };
  for (const part of [out.pupils, out.staff, out.rooms, out.courses]) out.total += part.added.length + part.removed.length + part.changed.length;
  out.total += out.blocks.added.length + out.blocks.removed.length;
  return out;
}
