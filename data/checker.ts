/**
 * The independent referee: checks a result document against its scenario by the seven numbered rules of
 * docs/format.md ("The rules a valid result keeps").
 *
 * It shares no code with the solver or the zod schemas, on purpose (as YALPS checks its own answers): a
 * bug in the solver's model or in a schema default must not be able to hide itself here. So it reads the
 * raw JSON (`unknown`) itself, applies the documented defaults itself and only borrows the document
 * *types* from solver/types.ts (a type-only import, erased at run time).
 *
 * Rule numbers in the violations:
 *   0  the documents themselves cannot be read as a scenario and a result (missing lists, duplicate ids,
 *      wrong format tag); the numbered rules cannot be checked fully until these are fixed
 *   1  groups: course, blocks, years, pinned groups kept, course group counts
 *   2  group sizes
 *   3  student placements and their agreement with the groups
 *   4  staff (when the scenario lists staff)
 *   5  rooms (when the scenario lists rooms)
 *   6  places quotas and the per-year group budget
 *   7  the students' unmet/reserves lists and the summary's counts
 *   8  choice rules the scenario enforces (an addition of this project: pathway rules and the top-level
 *      `rules`; a rule with "enforce": false is let pass): no student is placed in courses that break a
 *      notTogether or max rule, or in a course an eligibility rule closes to them
 *
 * Notices (not failures): students whose choices break a rule (enforced or let pass), a min rule or a
 * pathway's choice count that placing cannot mend, and a student given a later reserve while an earlier
 * one had a free place in a block free for them (see checkReserveOrder for why that is not a failure).
 * The rules are evaluated here by this file's own small reader, not by solver/rules.ts.
 *
 * Two groups overlap (and so cannot share a student, a teacher or a room) only when they share a block
 * AND a year: a Year-10-only group and a Year-11-only group in the same block are compatible.
 */
import type { Course, Group, Result, ResultGroup, ResultStudent, Scenario, Staff, Room, Student } from '../solver/types';

export interface CheckViolation {
  /** The rule of docs/format.md that is broken (1-7), or 0 when a document cannot be read as one. */
  rule: number;
  message: string;
}

export interface CheckOutcome {
  ok: boolean;
  violations: CheckViolation[];
  /** Things worth saying that break no rule (for instance the result names another scenario). */
  warnings: string[];
  /** Choice-rule breaches in the students' choices, rules let pass, reserves out of order: worth a look, not failures. */
  notices: string[];
  /** Counts for the one-line report. */
  groups: number;
  students: number;
}

/** The docs/format.md defaults, written out here rather than borrowed from the schemas (see the file comment). */
const DEFAULT_YEARS = [10, 11];
const HOME = 'home';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
  } catch {
    return String(v);
  }
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: Iterable<string | number>): string {
  const a = [...items];
  return a.length === 0 ? '(none)' : a.join(', ');
}

/** Sorted copy, so comparisons and messages do not depend on the order a document happened to use. */
function sorted<T extends string | number>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sameSet(a: Iterable<string | number>, b: Iterable<string | number>): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}

function intersect<T>(a: readonly T[], b: readonly T[]): T[] {
  const sb = new Set(b);
  return [...new Set(a)].filter((x) => sb.has(x));
}

/** A course with every documented default filled in. */
interface CourseView {
  id: string;
  years: number[];
  span: number;
  maxGroupSize: number;
  minGroupSize: number;
  minGroups: number;
  maxGroups: number; // Infinity when unlimited
  maxGroupsPerBlock: number; // Infinity when not set
  blocks: Set<string>; // the blocks its groups may occupy
  blocksGiven: boolean;
  roomType?: string;
  rooms?: Set<string>;
  site: string;
  places?: number;
}

/** A (block, year) cell a group, teacher or room is unavailable in; year undefined = every year. */
interface Cell {
  block: string;
  year?: number;
}

interface StaffView {
  id: string;
  courses: Set<string>;
  maxGroups: number;
  unavailable: Cell[];
}

interface RoomView {
  id: string;
  type: string;
  capacity: number;
  unavailable: Cell[];
}

interface StudentView {
  id: string;
  choices: string[];
  reserves: string[];
}

/** A scenario group (pinned in build mode, all groups in fit mode), as given. */
interface PinView {
  id: string;
  course: string;
  blocks: string[];
  years?: number[];
  staff: string[];
  room?: string | null;
  students: string[];
}

/** A result group with its years resolved (missing years = its course's years). */
interface GroupView {
  index: number;
  id: string;
  course: string;
  blocks: string[]; // distinct labels, as given
  years: number[]; // distinct
  staff: string[];
  room: string | null;
  students: string[];
}

class Report {
  readonly violations: CheckViolation[] = [];
  readonly warnings: string[] = [];
  readonly notices: string[] = [];
  add(rule: number, message: string): void {
    this.violations.push({ rule, message: `${message} (rule ${rule})` });
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading the raw documents. Each reader reports what it cannot use (rule 0) and falls back to the
// documented default, so that one bad field does not hide every other finding.

function readString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function readStrings(r: Report, v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    r.add(0, `${path} is ${show(v)}, not a list of ids`);
    return [];
  }
  const out: string[] = [];
  v.forEach((x, i) => {
    if (typeof x === 'string' && x.length > 0) out.push(x);
    else r.add(0, `${path}[${i}] is ${show(x)}, not an id (a non-empty string)`);
  });
  return out;
}

function readNumbers(r: Report, v: unknown, path: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    r.add(0, `${path} is ${show(v)}, not a list of years`);
    return undefined;
  }
  return [...new Set(v as number[])];
}

/** An optional non-negative number: `fallback` when missing, a rule-0 report when present but wrong. */
function readCount(r: Report, v: unknown, path: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    r.add(0, `${path} is ${show(v)}, not a number of at least 0`);
    return fallback;
  }
  return v;
}

function readCells(r: Report, v: unknown, path: string): Cell[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    r.add(0, `${path} is ${show(v)}, not a list of { block, year? }`);
    return [];
  }
  const out: Cell[] = [];
  v.forEach((c, i) => {
    if (!isObj(c) || typeof c.block !== 'string') {
      r.add(0, `${path}[${i}] is ${show(c)}, not { block, year? }`);
      return;
    }
    if (c.year !== undefined && typeof c.year !== 'number') {
      // Read as every year: stricter than meant, but reported, so nothing passes unnoticed.
      r.add(0, `${path}[${i}].year is ${show(c.year)}, not a year number (read as every year)`);
    }
    out.push({ block: c.block, year: typeof c.year === 'number' ? c.year : undefined });
  });
  return out;
}

/** Items of a list of objects with ids, reporting duplicates and id-less entries; returns [item, index]. */
function readIdList(r: Report, v: unknown, path: string, required: boolean): [Obj, number][] {
  if (v === undefined && !required) return [];
  if (!Array.isArray(v)) {
    r.add(0, `${path} is ${v === undefined ? 'missing' : show(v)}; it should be a list`);
    return [];
  }
  const seen = new Set<string>();
  const out: [Obj, number][] = [];
  v.forEach((item, i) => {
    if (!isObj(item) || readString(item.id) === undefined) {
      r.add(0, `${path}[${i}] is ${show(item)}, which has no id (a non-empty string)`);
      return;
    }
    const id = item.id as string;
    if (seen.has(id)) {
      r.add(0, `${path}[${i}] repeats the id ${show(id)}; ids must be unique, so only the first is checked`);
      return;
    }
    seen.add(id);
    out.push([item, i]);
  });
  return out;
}

interface ScenarioView {
  name?: string;
  blocks: string[];
  years: number[];
  mode: 'build' | 'fit';
  maxGroupsPerYear: number;
  courses: Map<string, CourseView>;
  staff: Map<string, StaffView>;
  rooms: Map<string, RoomView>;
  students: StudentView[];
  studentById: Map<string, StudentView>;
  pins: Map<string, PinView>;
}

function readScenario(r: Report, raw: unknown): ScenarioView | undefined {
  if (!isObj(raw)) {
    r.add(0, `The scenario is ${show(raw)}, not a JSON object; nothing can be checked`);
    return undefined;
  }
  const s = raw as Partial<Scenario> & Obj;
  if (s.format !== 'ks4-scenario/1') r.add(0, `The scenario's format is ${show(s.format)}; expected "ks4-scenario/1"`);
  const blocks = readStrings(r, s.blocks, 'scenario.blocks');
  if (!Array.isArray(s.blocks)) r.add(0, 'The scenario has no list of blocks (scenario.blocks)');
  const years = readNumbers(r, s.years, 'scenario.years') ?? DEFAULT_YEARS;
  const mode = s.mode === 'fit' ? 'fit' : 'build';
  if (s.mode !== undefined && s.mode !== 'fit' && s.mode !== 'build') {
    r.add(0, `scenario.mode is ${show(s.mode)}; expected "build" or "fit" (checked as "build")`);
  }
  let maxGroupsPerYear = Infinity;
  if (s.limits !== undefined) {
    if (!isObj(s.limits)) r.add(0, `scenario.limits is ${show(s.limits)}, not an object`);
    else maxGroupsPerYear = readCount(r, s.limits.maxGroups, 'scenario.limits.maxGroups', Infinity);
  }

  const courses = new Map<string, CourseView>();
  for (const [c, i] of readIdList(r, s.courses, 'scenario.courses', true)) {
    const course = c as Partial<Course> & Obj;
    const p = `scenario.courses[${i}]`;
    const span = course.span === undefined ? 1 : course.span;
    if (span !== 1 && span !== 2) r.add(0, `${p}.span is ${show(course.span)}; expected 1 or 2`);
    const given = course.blocks !== undefined;
    const allowed = given ? readStrings(r, course.blocks, `${p}.blocks`) : blocks;
    const maxGroupSize = readCount(r, course.maxGroupSize, `${p}.maxGroupSize`, NaN);
    if (course.maxGroupSize === undefined) r.add(0, `${p}.maxGroupSize is missing; it is required`);
    const roomType = readString(course.roomType);
    const rooms = course.rooms === undefined ? undefined : new Set(readStrings(r, course.rooms, `${p}.rooms`));
    const places = course.places === undefined ? undefined : readCount(r, course.places, `${p}.places`, Infinity);
    courses.set(course.id as string, {
      id: course.id as string,
      years: readNumbers(r, course.years, `${p}.years`) ?? years,
      span: span === 2 ? 2 : 1,
      maxGroupSize,
      minGroupSize: readCount(r, course.minGroupSize, `${p}.minGroupSize`, 0),
      minGroups: readCount(r, course.minGroups, `${p}.minGroups`, 0),
      maxGroups: readCount(r, course.maxGroups, `${p}.maxGroups`, Infinity),
      maxGroupsPerBlock: readCount(r, course.maxGroupsPerBlock, `${p}.maxGroupsPerBlock`, Infinity),
      blocks: new Set(allowed),
      blocksGiven: given,
      roomType,
      rooms: rooms && rooms.size > 0 ? rooms : undefined,
      site: readString(course.site) ?? HOME,
      places,
    });
  }

  const staff = new Map<string, StaffView>();
  for (const [t, i] of readIdList(r, s.staff, 'scenario.staff', false)) {
    const teacher = t as Partial<Staff> & Obj;
    const p = `scenario.staff[${i}]`;
    staff.set(teacher.id as string, {
      id: teacher.id as string,
      courses: new Set(readStrings(r, teacher.courses, `${p}.courses`)),
      maxGroups: readCount(r, teacher.maxGroups, `${p}.maxGroups`, Infinity),
      unavailable: readCells(r, teacher.unavailable, `${p}.unavailable`),
    });
  }

  const rooms = new Map<string, RoomView>();
  for (const [m, i] of readIdList(r, s.rooms, 'scenario.rooms', false)) {
    const room = m as Partial<Room> & Obj;
    const p = `scenario.rooms[${i}]`;
    rooms.set(room.id as string, {
      id: room.id as string,
      type: typeof room.type === 'string' ? room.type : '',
      capacity: readCount(r, room.capacity, `${p}.capacity`, 0),
      unavailable: readCells(r, room.unavailable, `${p}.unavailable`),
    });
  }

  const students: StudentView[] = [];
  const studentById = new Map<string, StudentView>();
  for (const [st, i] of readIdList(r, s.students, 'scenario.students', true)) {
    const student = st as Partial<Student> & Obj;
    const p = `scenario.students[${i}]`;
    const view: StudentView = {
      id: student.id as string,
      // A repeated course in a list counts once: a student cannot take one course twice.
      choices: [...new Set(readStrings(r, student.choices, `${p}.choices`))],
      reserves: [...new Set(readStrings(r, student.reserves, `${p}.reserves`))],
    };
    students.push(view);
    studentById.set(view.id, view);
  }

  const pins = new Map<string, PinView>();
  for (const [g, i] of readIdList(r, s.groups, 'scenario.groups', false)) {
    const group = g as Partial<Group> & Obj;
    const p = `scenario.groups[${i}]`;
    pins.set(group.id as string, {
      id: group.id as string,
      course: typeof group.course === 'string' ? group.course : '',
      blocks: readStrings(r, group.blocks, `${p}.blocks`),
      years: readNumbers(r, group.years, `${p}.years`),
      staff: readStrings(r, group.staff, `${p}.staff`),
      room: group.room === undefined || group.room === null ? group.room : readString(group.room),
      students: readStrings(r, group.students, `${p}.students`),
    });
  }

  return {
    name: typeof s.name === 'string' ? s.name : undefined,
    blocks,
    years,
    mode,
    maxGroupsPerYear,
    courses,
    staff,
    rooms,
    students,
    studentById,
    pins,
  };
}

interface ResultStudentView {
  index: number;
  id: string;
  placed: Map<string, string>; // course -> group id, as the student's record says
  unmet: string[];
  reserves: string[];
}

interface ResultView {
  groups: GroupView[];
  groupById: Map<string, GroupView>;
  students: ResultStudentView[];
  summary?: Obj;
}

function readResult(r: Report, raw: unknown, sc: ScenarioView): ResultView | undefined {
  if (!isObj(raw)) {
    r.add(0, `The result is ${show(raw)}, not a JSON object; nothing can be checked`);
    return undefined;
  }
  const res = raw as Partial<Result> & Obj;
  if (res.format !== 'ks4-result/1') r.add(0, `The result's format is ${show(res.format)}; expected "ks4-result/1"`);
  if (sc.name !== undefined && res.scenario !== sc.name) {
    r.warnings.push(`The result was made for scenario ${show(res.scenario)}, but this scenario is named ${show(sc.name)}`);
  }

  const groups: GroupView[] = [];
  for (const [g, i] of readIdList(r, res.groups, 'result.groups', true)) {
    const group = g as Partial<ResultGroup> & Obj;
    const p = `result.groups[${i}]`;
    const course = typeof group.course === 'string' ? group.course : '';
    const blocks = readStrings(r, group.blocks, `${p}.blocks`);
    // A group's years default to its course's years (and those to the scenario's years).
    const years = readNumbers(r, group.years, `${p}.years`) ?? sc.courses.get(course)?.years ?? sc.years;
    let room: string | null = null;
    if (group.room !== undefined && group.room !== null) {
      if (typeof group.room === 'string' && group.room.length > 0) room = group.room;
      else r.add(0, `${p}.room is ${show(group.room)}; expected a room id or null`);
    }
    groups.push({
      index: i,
      id: group.id as string,
      course,
      blocks,
      years,
      staff: [...new Set(readStrings(r, group.staff, `${p}.staff`))],
      room,
      students: readStrings(r, group.students, `${p}.students`),
    });
  }
  const groupById = new Map(groups.map((g) => [g.id, g]));

  const students: ResultStudentView[] = [];
  for (const [st, i] of readIdList(r, res.students, 'result.students', true)) {
    const student = st as Partial<ResultStudent> & Obj;
    const p = `result.students[${i}]`;
    const placed = new Map<string, string>();
    if (!isObj(student.placed)) {
      r.add(0, `${p}.placed is ${student.placed === undefined ? 'missing' : show(student.placed)}; expected { course: group id }`);
    } else {
      for (const [course, gid] of Object.entries(student.placed)) {
        if (typeof gid === 'string') placed.set(course, gid);
        else r.add(0, `${p}.placed.${course} is ${show(gid)}, not a group id`);
      }
    }
    if (!Array.isArray(student.unmet)) r.add(0, `${p}.unmet is ${show(student.unmet)}; expected a list of course ids`);
    if (!Array.isArray(student.reserves)) r.add(0, `${p}.reserves is ${show(student.reserves)}; expected a list of course ids`);
    students.push({
      index: i,
      id: student.id as string,
      placed,
      unmet: readStrings(r, Array.isArray(student.unmet) ? student.unmet : [], `${p}.unmet`),
      reserves: readStrings(r, Array.isArray(student.reserves) ? student.reserves : [], `${p}.reserves`),
    });
  }

  let summary: Obj | undefined;
  if (isObj(res.summary)) summary = res.summary;
  else r.add(7, `The result has no summary (result.summary is ${show(res.summary)})`);
  return { groups, groupById, students, summary };
}

// ---------------------------------------------------------------------------------------------------
// Overlap: two groups collide when they share a block and a year.

function overlap(a: GroupView, b: GroupView): { blocks: string[]; years: number[] } | undefined {
  const blocks = intersect(a.blocks, b.blocks);
  if (blocks.length === 0) return undefined;
  const years = intersect(a.years, b.years);
  if (years.length === 0) return undefined;
  return { blocks: sorted(blocks), years: sorted(years) };
}

function describeOverlap(o: { blocks: string[]; years: number[] }): string {
  const b = o.blocks.length === 1 ? `block ${o.blocks[0]}` : `blocks ${list(o.blocks)}`;
  const y = o.years.length === 1 ? `year ${o.years[0]}` : `years ${list(o.years)}`;
  return `${b} in ${y}`;
}

/** Every pair of `groups` that overlaps, each pair reported once. */
function clashes(groups: GroupView[], each: (a: GroupView, b: GroupView, where: string) => void): void {
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const o = overlap(groups[i], groups[j]);
      if (o) each(groups[i], groups[j], describeOverlap(o));
    }
  }
}

/** The unavailable cells a group touches. */
function blockedCells(g: GroupView, cells: Cell[]): string[] {
  const hits: string[] = [];
  for (const c of cells) {
    if (!g.blocks.includes(c.block)) continue;
    if (c.year === undefined) hits.push(`block ${c.block} (every year)`);
    else if (g.years.includes(c.year)) hits.push(`block ${c.block} in year ${c.year}`);
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------------
// The rules.

function checkGroups(r: Report, sc: ScenarioView, rv: ResultView): void {
  const scenarioBlocks = new Set(sc.blocks);
  const scenarioYears = new Set(sc.years);
  for (const g of rv.groups) {
    const course = sc.courses.get(g.course);
    if (!course) {
      r.add(1, `Group ${g.id} names course ${show(g.course)}, which the scenario does not have`);
      continue;
    }
    const distinct = [...new Set(g.blocks)];
    if (distinct.length !== course.span) {
      r.add(
        1,
        `Group ${g.id} sits in ${plural(distinct.length, 'distinct block')} (${list(distinct)}) but ${course.id} ` +
          `spans ${plural(course.span, 'block')}`,
      );
    }
    if (distinct.length !== g.blocks.length) r.add(1, `Group ${g.id} lists a block twice (${list(g.blocks)})`);
    for (const b of distinct) {
      if (!scenarioBlocks.has(b)) r.add(1, `Group ${g.id} sits in block ${b}, which is not a block of the scenario (${list(sc.blocks)})`);
      else if (course.blocksGiven && !course.blocks.has(b)) {
        r.add(1, `Group ${g.id} sits in block ${b}, but ${course.id} may only use blocks ${list(course.blocks)}`);
      }
    }
    if (g.years.length === 0) r.add(1, `Group ${g.id} runs in no year`);
    for (const y of g.years) {
      if (!course.years.includes(y)) {
        r.add(1, `Group ${g.id} runs in year ${y}, but ${course.id} is taught in ${course.years.length === 1 ? 'year' : 'years'} ${list(course.years)}`);
      } else if (!scenarioYears.has(y)) {
        r.add(1, `Group ${g.id} runs in year ${y}, which is not a year of the scenario (${list(sc.years)})`);
      }
    }
  }

  // Group counts per course, and per course, block and year.
  for (const course of sc.courses.values()) {
    const own = rv.groups.filter((g) => g.course === course.id);
    if (own.length < course.minGroups) {
      r.add(1, `Course ${course.id} runs ${plural(own.length, 'group')} but needs at least ${course.minGroups} (minGroups)`);
    }
    if (own.length > course.maxGroups) {
      r.add(1, `Course ${course.id} runs ${plural(own.length, 'group')} but allows at most ${course.maxGroups} (maxGroups)`);
    }
    if (Number.isFinite(course.maxGroupsPerBlock)) {
      const perCell = new Map<string, string[]>(); // "block\u0000year" -> group ids
      for (const g of own) {
        for (const b of new Set(g.blocks)) {
          for (const y of g.years) {
            const key = `${b}\u0000${y}`;
            perCell.set(key, [...(perCell.get(key) ?? []), g.id]);
          }
        }
      }
      for (const [key, ids] of perCell) {
        if (ids.length > course.maxGroupsPerBlock) {
          const [b, y] = key.split('\u0000');
          r.add(
            1,
            `Course ${course.id} has ${ids.length} groups in block ${b} in year ${y} (${list(ids)}) but allows ` +
              `${course.maxGroupsPerBlock} per block (maxGroupsPerBlock)`,
          );
        }
      }
    }
  }

  // Pinned groups: in fit mode the result's groups are exactly the scenario's; in build mode the
  // scenario's groups must all be there. Either way a pinned group keeps its course, blocks and years.
  for (const pin of sc.pins.values()) {
    const g = rv.groupById.get(pin.id);
    if (!g) {
      r.add(1, `Group ${pin.id} is fixed by the scenario (scenario.groups) but missing from the result`);
      continue;
    }
    if (g.course !== pin.course) r.add(1, `Pinned group ${pin.id} is a ${pin.course} group in the scenario but ${show(g.course)} in the result`);
    if (!sameSet(g.blocks, pin.blocks)) {
      r.add(1, `Pinned group ${pin.id} sits in blocks ${list(pin.blocks)} in the scenario but ${list(g.blocks)} in the result`);
    }
    if (pin.years && !sameSet(g.years, pin.years)) {
      r.add(1, `Pinned group ${pin.id} runs in years ${list(pin.years)} in the scenario but ${list(g.years)} in the result`);
    }
  }
  if (sc.mode === 'fit') {
    for (const g of rv.groups) {
      if (!sc.pins.has(g.id)) {
        r.add(1, `Group ${g.id} is not one of the scenario's groups; in fit mode the groups are exactly those in scenario.groups`);
      }
    }
  }
}

function isPinned(sc: ScenarioView, g: GroupView): boolean {
  return sc.mode === 'fit' || sc.pins.has(g.id);
}

function checkSizes(r: Report, sc: ScenarioView, rv: ResultView): void {
  for (const g of rv.groups) {
    const course = sc.courses.get(g.course);
    if (!course) continue;
    const size = new Set(g.students).size;
    if (size > course.maxGroupSize) {
      r.add(2, `Group ${g.id} holds ${size} students but ${course.id} allows ${course.maxGroupSize}`);
    }
    if (size > 0 && size < course.minGroupSize && !isPinned(sc, g)) {
      r.add(2, `Group ${g.id} holds ${plural(size, 'student')} but ${course.id} needs at least ${course.minGroupSize} in a group that runs (minGroupSize)`);
    }
  }
}

/**
 * For each scenario student, the groups whose lists hold them: the groups' lists are taken as what
 * happens, and the students' `placed` maps must say the same.
 */
function membership(r: Report, sc: ScenarioView, rv: ResultView): Map<string, GroupView[]> {
  const of = new Map<string, GroupView[]>(sc.students.map((s) => [s.id, []]));
  for (const g of rv.groups) {
    const seen = new Set<string>();
    for (const sid of g.students) {
      if (seen.has(sid)) {
        r.add(3, `Group ${g.id} lists student ${sid} more than once`);
        continue;
      }
      seen.add(sid);
      const mine = of.get(sid);
      if (!mine) r.add(3, `Group ${g.id} lists student ${sid}, who is not in the scenario`);
      else mine.push(g);
    }
  }
  return of;
}

function checkStudents(r: Report, sc: ScenarioView, rv: ResultView, of: Map<string, GroupView[]>): void {
  // Every scenario student appears exactly once in result.students, and nobody else does.
  const record = new Map<string, ResultStudentView>();
  for (const rs of rv.students) {
    if (!sc.studentById.has(rs.id)) r.add(3, `result.students[${rs.index}] is student ${rs.id}, who is not in the scenario`);
    record.set(rs.id, rs);
  }
  for (const s of sc.students) {
    if (!record.has(s.id)) r.add(3, `Student ${s.id} is missing from result.students`);
  }

  for (const s of sc.students) {
    const groups = of.get(s.id) ?? [];
    const wanted = new Set([...s.choices, ...s.reserves]);
    const byCourse = new Map<string, GroupView[]>();
    for (const g of groups) byCourse.set(g.course, [...(byCourse.get(g.course) ?? []), g]);
    for (const [course, gs] of byCourse) {
      if (!wanted.has(course)) {
        r.add(3, `Student ${s.id} is in ${list(gs.map((g) => g.id))} (${course}) but neither chose ${course} nor holds it as a reserve`);
      }
      if (gs.length > 1) {
        r.add(3, `Student ${s.id} is in ${gs.length} groups of ${course} (${list(gs.map((g) => g.id))}); a student takes a course at most once`);
      }
    }
    clashes(groups, (a, b, where) => r.add(3, `Student ${s.id} is in ${a.id} and ${b.id}, which share ${where}`));

    // Agreement of the groups' lists and the student's placed map, both ways.
    const rs = record.get(s.id);
    if (!rs) continue;
    for (const g of groups) {
      const said = rs.placed.get(g.course);
      if (said === undefined) r.add(3, `Group ${g.id} lists student ${s.id}, but ${s.id}'s placed map has no ${g.course}`);
      else if (said !== g.id) r.add(3, `Group ${g.id} lists student ${s.id}, but ${s.id}'s placed map puts ${g.course} in ${said}`);
    }
    for (const [course, gid] of rs.placed) {
      const g = rv.groupById.get(gid);
      if (!g) r.add(3, `Student ${s.id}'s placed map puts ${course} in group ${gid}, which is not in the result`);
      else if (g.course !== course) r.add(3, `Student ${s.id}'s placed map puts ${course} in group ${gid}, which is a ${g.course} group`);
      else if (!groups.includes(g)) r.add(3, `Student ${s.id}'s placed map puts ${course} in group ${gid}, but ${gid} does not list ${s.id}`);
    }
  }

  // Students the scenario fixes in a pinned group stay there.
  for (const pin of sc.pins.values()) {
    const g = rv.groupById.get(pin.id);
    if (!g) continue;
    const here = new Set(g.students);
    for (const sid of pin.students) {
      if (!here.has(sid)) r.add(3, `Student ${sid} is fixed in group ${pin.id} by the scenario, but the result does not place them there`);
    }
  }
}

function checkStaff(r: Report, sc: ScenarioView, rv: ResultView): void {
  const staffListed = sc.staff.size > 0;
  const taught = new Map<string, GroupView[]>(); // teacher id -> groups they hold
  for (const g of rv.groups) {
    const course = sc.courses.get(g.course);
    for (const tid of g.staff) {
      const t = sc.staff.get(tid);
      if (!t) {
        r.add(4, `Group ${g.id} names teacher ${tid}, who is not in the scenario's staff`);
        continue;
      }
      taught.set(tid, [...(taught.get(tid) ?? []), g]);
      if (course && !t.courses.has(course.id)) {
        r.add(4, `Group ${g.id} names teacher ${tid}, who cannot teach ${course.id} (they teach ${list(t.courses)})`);
      }
    }
    if (staffListed && course && course.site === HOME) {
      const able = g.staff.filter((tid) => sc.staff.get(tid)?.courses.has(course.id));
      if (g.staff.length === 0) r.add(4, `Group ${g.id} (${course.id}) is taught at home but has no teacher`);
      else if (able.length === 0) r.add(4, `Group ${g.id} has no teacher who can teach ${course.id} (it names ${list(g.staff)})`);
    }
  }
  for (const pin of sc.pins.values()) {
    const g = rv.groupById.get(pin.id);
    if (!g) continue;
    for (const tid of pin.staff) {
      if (!g.staff.includes(tid)) r.add(4, `Teacher ${tid} is fixed on group ${pin.id} by the scenario, but the result drops them`);
    }
  }
  for (const [tid, groups] of taught) {
    const t = sc.staff.get(tid)!;
    clashes(groups, (a, b, where) => r.add(4, `Teacher ${tid} teaches ${a.id} and ${b.id}, which share ${where}`));
    for (const g of groups) {
      const hits = blockedCells(g, t.unavailable);
      if (hits.length > 0) r.add(4, `Teacher ${tid} teaches ${g.id} in ${list(hits)}, where they are unavailable`);
    }
    if (Number.isFinite(t.maxGroups)) {
      for (const y of sc.years) {
        const inYear = groups.filter((g) => g.years.includes(y));
        if (inYear.length > t.maxGroups) {
          r.add(4, `Teacher ${tid} teaches ${inYear.length} groups in year ${y} (${list(inYear.map((g) => g.id))}) but maxGroups is ${t.maxGroups}`);
        }
      }
    }
  }
}

function checkRooms(r: Report, sc: ScenarioView, rv: ResultView): void {
  const roomsListed = sc.rooms.size > 0;
  const used = new Map<string, GroupView[]>(); // room id -> groups in it
  for (const g of rv.groups) {
    const course = sc.courses.get(g.course);
    const room = g.room === null ? undefined : sc.rooms.get(g.room);
    if (g.room !== null) {
      if (!room) r.add(5, `Group ${g.id} is in room ${g.room}, which is not in the scenario's rooms`);
      else used.set(room.id, [...(used.get(room.id) ?? []), g]);
    }
    const needs = course !== undefined && course.site === HOME && (course.roomType !== undefined || course.rooms !== undefined);
    if (!roomsListed || !course || !needs) continue;
    if (g.room === null) {
      const what = course.roomType !== undefined ? `a room of type ${course.roomType}` : `one of the rooms ${list(course.rooms!)}`;
      r.add(5, `Group ${g.id} (${course.id}) needs ${what} but has none`);
      continue;
    }
    if (!room) continue;
    if (course.roomType !== undefined && room.type !== course.roomType) {
      r.add(5, `Group ${g.id} is in room ${room.id} of type ${room.type || '(none)'}, but ${course.id} needs type ${course.roomType}`);
    }
    if (course.rooms !== undefined && !course.rooms.has(room.id)) {
      r.add(5, `Group ${g.id} is in room ${room.id}, which is not one of ${course.id}'s rooms (${list(course.rooms)})`);
    }
    const size = new Set(g.students).size;
    if (size > room.capacity) r.add(5, `Group ${g.id} holds ${size} students but room ${room.id} seats ${room.capacity}`);
  }
  for (const pin of sc.pins.values()) {
    const g = rv.groupById.get(pin.id);
    if (!g || pin.room === undefined || pin.room === null) continue;
    if (g.room !== pin.room) r.add(5, `Group ${pin.id} is fixed in room ${pin.room} by the scenario, but the result puts it in ${g.room ?? 'no room'}`);
  }
  for (const [rid, groups] of used) {
    const room = sc.rooms.get(rid)!;
    clashes(groups, (a, b, where) => r.add(5, `Room ${rid} holds ${a.id} and ${b.id}, which share ${where}`));
    for (const g of groups) {
      const hits = blockedCells(g, room.unavailable);
      if (hits.length > 0) r.add(5, `Room ${rid} holds ${g.id} in ${list(hits)}, where it is unavailable`);
    }
  }
}

function checkQuotas(r: Report, sc: ScenarioView, rv: ResultView): void {
  for (const course of sc.courses.values()) {
    if (course.places === undefined) continue;
    const taking = new Set(rv.groups.filter((g) => g.course === course.id).flatMap((g) => g.students)).size;
    if (taking > course.places) r.add(6, `Course ${course.id} has ${taking} students but only ${course.places} places`);
  }
  if (Number.isFinite(sc.maxGroupsPerYear)) {
    for (const y of sc.years) {
      const n = rv.groups.filter((g) => g.years.includes(y)).length;
      if (n > sc.maxGroupsPerYear) r.add(6, `Year ${y} runs ${n} groups but limits.maxGroups is ${sc.maxGroupsPerYear}`);
    }
  }
}

function checkAccounts(r: Report, sc: ScenarioView, rv: ResultView, of: Map<string, GroupView[]>): void {
  // The truth, from the groups' lists: which choices and reserves each student really got.
  let fullySatisfied = 0;
  let choices = 0;
  let choicesMet = 0;
  let reservesUsed = 0;
  const record = new Map(rv.students.map((rs) => [rs.id, rs]));
  for (const s of sc.students) {
    const got = new Set((of.get(s.id) ?? []).map((g) => g.course));
    const unmet = s.choices.filter((c) => !got.has(c));
    const chosen = new Set(s.choices);
    // A course that is both a choice and a reserve counts as a choice met, not a reserve used.
    const reserves = s.reserves.filter((c) => got.has(c) && !chosen.has(c));
    choices += s.choices.length;
    choicesMet += s.choices.length - unmet.length;
    reservesUsed += reserves.length;
    // docs/format.md rule 3: a reserve stands in for an unmet choice. A reserve the scenario fixes the student in is exempt.
    const fixedIn = new Set([...sc.pins.values()].filter((p) => p.students.includes(s.id)).map((p) => p.course));
    const standing = reserves.filter((c) => !fixedIn.has(c));
    if (standing.length > unmet.length) {
      r.add(
        3,
        `Student ${s.id} holds ${plural(standing.length, 'reserve')} (${list(standing)}) but has ${unmet.length === 0 ? 'no unmet choice' : `only ${plural(unmet.length, 'unmet choice')} (${list(unmet)})`}; a reserve only stands in for an unmet choice`,
      );
    }
    if (unmet.length === 0) fullySatisfied++;

    const rs = record.get(s.id);
    if (!rs) continue;
    if (rs.unmet.length !== new Set(rs.unmet).size || !sameSet(rs.unmet, unmet)) {
      r.add(7, `Student ${s.id}'s unmet list is [${list(rs.unmet)}] but the unmet choices are [${list(unmet)}]`);
    }
    if (rs.reserves.length !== new Set(rs.reserves).size || !sameSet(rs.reserves, reserves)) {
      r.add(7, `Student ${s.id}'s reserves list is [${list(rs.reserves)}] but the reserves placed are [${list(reserves)}]`);
    }
  }

  const sum = rv.summary;
  if (!sum) return;
  const expect: [string, number][] = [
    ['students', sc.students.length],
    ['fullySatisfied', fullySatisfied],
    ['choices', choices],
    ['choicesMet', choicesMet],
    ['reservesUsed', reservesUsed],
    ['groups', rv.groups.length],
  ];
  for (const [field, value] of expect) {
    const said = sum[field];
    if (typeof said !== 'number') r.add(7, `summary.${field} is ${said === undefined ? 'missing' : show(said)}; it should be ${value}`);
    else if (said !== value) r.add(7, `summary.${field} is ${said} but the result has ${value}`);
  }
  if (sum.upperBound !== undefined) {
    if (typeof sum.upperBound !== 'number' || Number.isNaN(sum.upperBound)) {
      r.add(7, `summary.upperBound is ${show(sum.upperBound)}, not a number`);
    } else if (sum.upperBound < fullySatisfied) {
      r.add(7, `summary.upperBound is ${sum.upperBound} but ${fullySatisfied} students are fully satisfied, so it is no bound`);
    }
  }
}


// ---------------------------------------------------------------------------------------------------
// Choice rules (rule 8 and notices). Read here from the raw scenario by this file's own reader: pathway
// rules and `pathways[i].choices`, the top-level `rules`, "tag:NAME" entries, eligibility on attributes
// (strings compare without case or surrounding spaces). A rule is enforced unless it says "enforce": false;
// only notTogether, max and eligibility can be enforced by placing fewer courses.

interface ChoiceRuleView {
  source: string;
  /** The rule as a line: "not together: BTS, PE", "at most 1 from tag:language", "only prior in high: TSC". */
  words: string;
  kind: 'count' | 'notTogether' | 'eligible';
  courses: Set<string>;
  min?: number;
  max?: number;
  attribute?: string;
  cond?: { in?: unknown[]; notIn?: unknown[]; min?: number; max?: number };
  enforce: boolean;
}

function attrKey(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : String(v);
}

function attrNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function readChoiceRules(raw: unknown, path: string, tags: Map<string, string[]>): ChoiceRuleView[] {
  if (!Array.isArray(raw)) return [];
  const out: ChoiceRuleView[] = [];
  const resolve = (v: unknown): Set<string> => {
    const ids = new Set<string>();
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') for (const id of x.startsWith('tag:') ? (tags.get(x.slice(4)) ?? []) : [x]) ids.add(id);
    return ids;
  };
  const names = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '');
  raw.forEach((rule, i) => {
    if (!isObj(rule)) return;
    const source = `${path}[${i}]`;
    const enforce = rule.enforce !== false;
    if (Array.isArray(rule.notTogether)) {
      out.push({ source, words: `not together: ${names(rule.notTogether)}`, kind: 'notTogether', courses: resolve(rule.notTogether), max: 1, enforce });
    } else if (Array.isArray(rule.from)) {
      const min = typeof rule.min === 'number' ? rule.min : undefined;
      const max = typeof rule.max === 'number' ? rule.max : undefined;
      const words = min !== undefined && max !== undefined ? `${min} to ${max} from ${names(rule.from)}` : min !== undefined ? `at least ${min} from ${names(rule.from)}` : `at most ${max} from ${names(rule.from)}`;
      out.push({ source, words, kind: 'count', courses: resolve(rule.from), min, max, enforce });
    } else if (isObj(rule.eligible) && Array.isArray(rule.courses) && typeof rule.eligible.attribute === 'string') {
      const e = rule.eligible;
      const cond = {
        in: Array.isArray(e.in) ? e.in : undefined,
        notIn: Array.isArray(e.notIn) ? e.notIn : undefined,
        min: typeof e.min === 'number' ? e.min : undefined,
        max: typeof e.max === 'number' ? e.max : undefined,
      };
      const parts = [
        cond.in && `in ${names(cond.in)}`,
        cond.notIn && `not in ${names(cond.notIn)}`,
        cond.min !== undefined && `at least ${cond.min}`,
        cond.max !== undefined && `at most ${cond.max}`,
      ].filter(Boolean);
      out.push({ source, words: `only ${e.attribute} ${parts.join(' and ')}: ${names(rule.courses)}`, kind: 'eligible', courses: resolve(rule.courses), attribute: e.attribute as string, cond, enforce });
    }
  });
  return out;
}

/** Does the student's attribute meet an eligibility rule? undefined when the student does not give it. */
function eligible(rule: ChoiceRuleView, attributes: Obj | undefined): boolean | undefined {
  const v = attributes !== undefined && Object.hasOwn(attributes, rule.attribute!) ? attributes[rule.attribute!] : undefined;
  if (v === undefined || v === null) return undefined;
  const c = rule.cond!;
  const key = attrKey(v);
  if (c.in && !c.in.some((x) => attrKey(x) === key)) return false;
  if (c.notIn && c.notIn.some((x) => attrKey(x) === key)) return false;
  const n = attrNumber(v);
  if (c.min !== undefined && !(n !== undefined && n >= c.min)) return false;
  if (c.max !== undefined && !(n !== undefined && n <= c.max)) return false;
  return true;
}

/**
 * The reserves a solver may not place under the enforced rules, by the contract of README/docs/rules.md:
 * an ineligible reserve, or one that, counted with every choice the student may take and every earlier
 * reserve not already ruled out, would take a notTogether or max rule over.
 */
function unusableReserves(rules: ChoiceRuleView[], s: StudentView, attributes: Obj | undefined): Set<string> {
  const enforced = rules.filter((x) => x.enforce);
  const order = [...s.choices, ...s.reserves.filter((c) => !s.choices.includes(c))];
  const dropped = new Set<string>();
  for (const x of enforced) {
    if (x.kind === 'eligible' && eligible(x, attributes) === false) for (const c of order) if (x.courses.has(c)) dropped.add(c);
  }
  // Higher-ranked courses first: within a rule's limit they count, past it they are dropped.
  for (const x of enforced) {
    if (x.kind === 'eligible' || x.max === undefined) continue;
    let count = 0;
    for (const c of order) {
      if (!x.courses.has(c) || dropped.has(c)) continue;
      if (count < x.max) count++;
      else dropped.add(c);
    }
  }
  return new Set(s.reserves.filter((c) => dropped.has(c) && !s.choices.includes(c)));
}

function checkChoiceRules(r: Report, raw: Obj, sc: ScenarioView, rv: ResultView, of: Map<string, GroupView[]>): void {
  const tags = new Map<string, string[]>();
  if (Array.isArray(raw.courses)) {
    for (const c of raw.courses) {
      if (!isObj(c) || typeof c.id !== 'string' || !Array.isArray(c.tags)) continue;
      for (const t of c.tags) if (typeof t === 'string') tags.set(t, [...(tags.get(t) ?? []), c.id]);
    }
  }
  const global = readChoiceRules(raw.rules, 'rules', tags);
  const pathways = new Map<string, { choices?: number; name: string; rules: ChoiceRuleView[] }>();
  if (Array.isArray(raw.pathways)) {
    raw.pathways.forEach((pw, i) => {
      if (!isObj(pw) || typeof pw.id !== 'string') return;
      pathways.set(pw.id, {
        choices: typeof pw.choices === 'number' ? pw.choices : undefined,
        name: typeof pw.name === 'string' ? pw.name : pw.id,
        rules: readChoiceRules(pw.rules, `pathways[${i}].rules`, tags),
      });
    });
  }
  const rawStudents = new Map<string, Obj>();
  if (Array.isArray(raw.students)) for (const st of raw.students) if (isObj(st) && typeof st.id === 'string' && !rawStudents.has(st.id)) rawStudents.set(st.id, st);
  const placedIn = new Set(rv.students.map((x) => x.id));

  for (const s of sc.students) {
    const rawStudent = rawStudents.get(s.id);
    const attributes = rawStudent && isObj(rawStudent.attributes) ? rawStudent.attributes : undefined;
    const pw = rawStudent && typeof rawStudent.pathway === 'string' ? pathways.get(rawStudent.pathway) : undefined;
    const rules = [...global, ...(pw?.rules ?? [])];
    const placed = new Set((of.get(s.id) ?? []).map((g) => g.course));
    const got = (cs: string[]) => (cs.length === 0 ? 'none of them is placed' : `placed: ${cs.join(', ')}`);
    const solved = placedIn.has(s.id);
    if (pw && pw.choices !== undefined && s.choices.length !== pw.choices) {
      r.notices.push(`Student ${s.id} made ${plural(s.choices.length, 'choice')}, but the pathway “${pw.name}” asks for ${pw.choices} (flagged only: placing cannot mend it)`);
    }
    for (const x of rules) {
      const mode = x.enforce ? 'enforced' : 'let pass';
      if (x.kind === 'eligible') {
        if (eligible(x, attributes) !== false) continue;
        const hit = [...placed].filter((c) => x.courses.has(c));
        const asked = [...s.choices, ...s.reserves].filter((c) => x.courses.has(c));
        const their = `their ${x.attribute} is ${show(attributes?.[x.attribute!])}`;
        if (hit.length > 0 && x.enforce) r.add(8, `Student ${s.id} is placed in ${list(hit)}, which ${x.source} (${x.words}) closes to them (${their})`);
        else if (asked.length > 0) {
          r.notices.push(`Student ${s.id} chose ${list(asked)}, which ${x.source} (${x.words}; ${mode}) closes to them (${their})${solved ? `; ${hit.length === 0 ? 'not placed' : got(hit)}` : ''}`);
        }
        continue;
      }
      const chose = s.choices.filter((c) => x.courses.has(c));
      const hit = [...placed].filter((c) => x.courses.has(c));
      if (x.max !== undefined && hit.length > x.max && x.enforce) {
        r.add(8, `Student ${s.id} is placed in ${list(hit)}, which break ${x.source} (${x.words}): ${x.kind === 'notTogether' ? 'they may not be taken together' : `at most ${x.max} of them`}`);
        continue;
      }
      if (x.max !== undefined && chose.length > x.max) {
        r.notices.push(`Student ${s.id} chose ${list(chose)}, which break ${x.source} (${x.words}; ${mode})${solved ? `; ${got(hit)}` : ''}`);
      }
      if (x.min !== undefined && chose.length < x.min) {
        r.notices.push(`Student ${s.id} chose ${chose.length === 0 ? 'none' : list(chose)} of ${x.source} (${x.words}), fewer than ${x.min} (flagged only: placing cannot mend it)`);
      }
    }
    checkReserveOrder(r, sc, rv, s, of.get(s.id) ?? [], unusableReserves(rules, s, attributes));
  }
}

/**
 * Reserves in the student's order (docs/format.md, "What the solver aims for" 3) as a notice: a student holds a
 * later reserve while an earlier one had a free place in a block free for them, that is a group of it with
 * room (course and room capacity, places left) that runs (holds someone, or is pinned, or needs no minimum),
 * clashing with none of the student's other groups once the later reserve's group is left, and the group
 * left keeps its minimum size or empties. Such a swap keeps every count and every rule, so the solver
 * should always make it; but the order is an aim of the solver, not one of "the rules a valid result
 * keeps", so a result from another tool that ignores it is still valid: a notice, not a failure.
 */
function checkReserveOrder(r: Report, sc: ScenarioView, rv: ResultView, s: StudentView, groups: GroupView[], unusable: Set<string>): void {
  const chosen = new Set(s.choices);
  const reserves = s.reserves.filter((c) => !chosen.has(c));
  if (reserves.length < 2) return;
  const byCourse = new Map(groups.map((g) => [g.course, g]));
  const sizeOf = (g: GroupView) => new Set(g.students).size;
  for (let a = 0; a < reserves.length; a++) {
    const ca = reserves[a];
    if (byCourse.has(ca) || unusable.has(ca)) continue;
    const course = sc.courses.get(ca);
    if (!course) continue;
    const taking = new Set(rv.groups.filter((g) => g.course === ca).flatMap((g) => g.students)).size;
    if (course.places !== undefined && taking >= course.places) continue;
    for (let b = reserves.length - 1; b > a; b--) {
      const gb = byCourse.get(reserves[b]);
      if (!gb) continue;
      const cb = sc.courses.get(gb.course);
      const left = sizeOf(gb) - 1;
      if (cb && !isPinned(sc, gb) && left > 0 && left < cb.minGroupSize) continue;
      const others = groups.filter((g) => g !== gb);
      const free = rv.groups.find((g) => {
        if (g.course !== ca) return false;
        const size = sizeOf(g);
        const room = g.room !== null ? sc.rooms.get(g.room) : undefined;
        const cap = Math.min(course.maxGroupSize, room ? room.capacity : Infinity);
        if (size >= cap) return false;
        if (size === 0 && !isPinned(sc, g) && course.minGroupSize > 1) return false;
        return others.every((h) => overlap(g, h) === undefined);
      });
      if (free) {
        r.notices.push(
          `Student ${s.id} was given reserve ${reserves[b]} (reserve ${s.reserves.indexOf(reserves[b]) + 1}) while reserve ${ca} (reserve ${s.reserves.indexOf(ca) + 1}) had a free place in ${free.id} (block ${free.blocks.join('+')}) in a block free for them`,
        );
        break;
      }
    }
  }
}

/**
 * Checks `result` against `scenario`, both raw parsed JSON. `ok` is true only when no rule is broken;
 * every violation names the group, student, course, teacher or room and the numbers involved.
 */
export function checkResult(scenario: unknown, result: unknown): CheckOutcome {
  const r = new Report();
  const sc = readScenario(r, scenario);
  const rv = sc ? readResult(r, result, sc) : undefined;
  if (sc && rv) {
    checkGroups(r, sc, rv);
    checkSizes(r, sc, rv);
    const of = membership(r, sc, rv);
    checkStudents(r, sc, rv, of);
    checkStaff(r, sc, rv);
    checkRooms(r, sc, rv);
    checkQuotas(r, sc, rv);
    checkAccounts(r, sc, rv, of);
    checkChoiceRules(r, scenario as Obj, sc, rv, of);
  }
  // Stable order: by rule, then as found (Array.prototype.sort is stable).
  const violations = [...r.violations].sort((a, b) => a.rule - b.rule);
  return {
    ok: violations.length === 0,
    violations,
    warnings: r.warnings,
    notices: r.notices,
    groups: rv?.groups.length ?? 0,
    students: sc?.students.length ?? 0,
  };
}
