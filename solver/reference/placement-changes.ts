/**
 * Who a re-solve moved against a published blocking, course by course, and why (docs/reference.md).
 * Pure and typed: the published scenario and result, and the current scenario with its new result.
 *
 * A pupil's placement in a course is the group they sit in together with that group's blocks, so a
 * pupil left in group HIS-1 while HIS-1 moves from block A to block C has moved (their timetable and
 * their letter change). A move is any course of a pupil in both results whose placement differs,
 * including a course newly placed (from none) or no longer placed (to none). Pupils who joined or left
 * are counted apart and never appear as moves.
 *
 * The reason given is the first of these that holds (each is a fact that can be checked in the two
 * scenarios and results): the pupil's own change to this course (added, dropped, made a reserve); their published group
 * was cancelled or moved because a teacher left, lost the course or became unavailable in its block;
 * because its room went, shrank or became unavailable; because its course changed (fewer groups, other
 * blocks, removed); or by the re-solve with no such cause; the pupil's own change to their other choices,
 * reserves or pathway (a new combination); a knock-on of another of their own groups
 * being cancelled or moved; capacity (their published group, still in place, is now full and holds
 * pupils who were not in it); otherwise "the re-solve moved them".
 *
 * Stability: "pupil unchanged" = in both results, and in the same group with the same blocks for every
 * course they kept (a course among their choices or reserves both when published and now); "group
 * unchanged" = a published group whose id is in the new result with the same course and the same blocks.
 */
import type { Course, Result, ResultGroup, Scenario, Staff, Student } from '../types';

/** Where a pupil sits for one course: the group and its blocks. */
export interface Placement {
  group: string;
  blocks: string[];
}

export type MoveReasonKind = 'own-change' | 'teacher' | 'room' | 'group-cancelled' | 'group-moved' | 'knock-on' | 'capacity' | 'resolve';

/** The reasons in the order they are tried, and what the planner calls each. */
export const MOVE_REASONS: readonly { kind: MoveReasonKind; words: string }[] = [
  { kind: 'own-change', words: 'their own change of choices' },
  { kind: 'teacher', words: "a teacher's absence or loss" },
  { kind: 'room', words: 'a room change' },
  { kind: 'group-cancelled', words: 'their group was cancelled' },
  { kind: 'group-moved', words: 'their group moved' },
  { kind: 'knock-on', words: 'another of their groups moved or went' },
  { kind: 'capacity', words: "capacity (someone else's change)" },
  { kind: 'resolve', words: 're-solve moved them' },
];

export interface PupilMove {
  student: string;
  course: string;
  /** Null: the pupil was not placed in this course when published. */
  from: Placement | null;
  /** Null: the pupil is no longer placed in this course. */
  to: Placement | null;
  reason: MoveReasonKind;
  /** The reason in a sentence, naming the group, course, teacher or room concerned. */
  why: string;
  /** Whether the course is one the pupil kept (chose or held as a reserve both when published and now). */
  kept: boolean;
}

export interface GroupMove {
  group: string;
  course: string;
  from: string[];
  to: string[];
}

export interface StabilityFigures {
  /** Pupils in both the published and the new result. */
  pupilsInBoth: number;
  /** Of those, pupils in the same group, same blocks, for every course they kept. */
  pupilsUnchanged: number;
  /** Pupils with at least one move (any course, kept or not). */
  pupilsWithMoves: number;
  pupilsJoined: number;
  pupilsLeft: number;
  /** Groups of the published result. */
  groupsPublished: number;
  /** Published groups with the same id, course and blocks in the new result. */
  groupsUnchanged: number;
  groupsMoved: number;
  groupsCancelled: number;
  /** Groups of the new result that were not published (a new id, or an id now of another course). */
  groupsNew: number;
}

export interface PlacementChanges {
  moves: PupilMove[];
  groups: { moved: GroupMove[]; cancelled: string[]; added: string[] };
  /** Pupils in the new result only, and in the published result only. */
  joined: string[];
  left: string[];
  figures: StabilityFigures;
}

export interface Blocking {
  scenario: Scenario;
  result: Result;
}

const blocksEqual = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const samePlacement = (a: Placement | null, b: Placement | null) => (a === null || b === null ? a === b : a.group === b.group && blocksEqual(a.blocks, b.blocks));
const blockWords = (blocks: readonly string[]) => (blocks.length === 1 ? `block ${blocks[0]}` : `blocks ${blocks.join(' and ')}`);
const compareIds = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Lookups of one blocking: groups, pupils' placements, the scenario's people, rooms and courses by id. */
class Side {
  readonly group = new Map<string, ResultGroup>();
  readonly placed = new Map<string, Record<string, string>>();
  readonly student = new Map<string, Student>();
  readonly staff = new Map<string, Staff>();
  readonly course = new Map<string, Course>();
  readonly room = new Map<string, { capacity: number; unavailable?: { block: string; year?: number }[] }>();
  constructor(readonly blocking: Blocking) {
    for (const g of blocking.result.groups) this.group.set(g.id, g);
    for (const s of blocking.result.students) this.placed.set(s.id, s.placed);
    for (const s of blocking.scenario.students) this.student.set(s.id, s);
    for (const t of blocking.scenario.staff ?? []) this.staff.set(t.id, t);
    for (const c of blocking.scenario.courses) this.course.set(c.id, c);
    for (const r of blocking.scenario.rooms ?? []) this.room.set(r.id, r);
  }
  placement(student: string, course: string): Placement | null {
    const p = this.placed.get(student);
    const gid = p && Object.hasOwn(p, course) ? p[course] : undefined;
    if (gid === undefined) return null;
    return { group: gid, blocks: this.group.get(gid)?.blocks ?? [] };
  }
  courseName(id: string): string {
    return this.course.get(id)?.name ?? id;
  }
}

/** Courses a pupil chose or holds as reserves. */
const takes = (s: Student | undefined) => new Set([...(s?.choices ?? []), ...(s?.reserves ?? [])]);

/** Whether a cell list marks `block` away in any of `years` (a cell without a year means every year). */
function awayIn(cells: readonly { block: string; year?: number }[] | undefined, block: string, years: readonly number[]): boolean {
  return (cells ?? []).some((u) => u.block === block && (u.year === undefined || years.includes(u.year)));
}

/** The published group's status in the new result. */
type GroupFate = 'same' | 'moved' | 'cancelled';

function fateOf(g: ResultGroup, now: Side): GroupFate {
  const n = now.group.get(g.id);
  if (!n || n.course !== g.course) return 'cancelled';
  return blocksEqual(n.blocks, g.blocks) ? 'same' : 'moved';
}

/** Why a published group's teacher can no longer take it where it was, or null. */
function teacherCause(g: ResultGroup, was: Side, now: Side): string | null {
  for (const id of g.staff) {
    const before = was.staff.get(id);
    const after = now.staff.get(id);
    const who = `${after?.name ?? before?.name ?? id} (${id})`;
    if (!after) return `its teacher ${who} has left`;
    if (!after.courses.includes(g.course)) return `its teacher ${who} no longer teaches ${now.courseName(g.course)}`;
    for (const b of g.blocks) {
      if (awayIn(after.unavailable, b, g.years) && !awayIn(before?.unavailable, b, g.years)) return `its teacher ${who} is now away in block ${b}`;
    }
    if (after.maxGroups !== undefined && (before?.maxGroups === undefined || after.maxGroups < before.maxGroups)) return `its teacher ${who} now teaches at most ${after.maxGroups} group${after.maxGroups === 1 ? '' : 's'}`;
  }
  return null;
}

/** Why a published group's room can no longer hold it where it was, or null. */
function roomCause(g: ResultGroup, was: Side, now: Side): string | null {
  if (g.room === null) return null;
  const before = was.room.get(g.room);
  const after = now.room.get(g.room);
  if (!after) return `its room ${g.room} is no longer listed`;
  if (after.capacity < g.students.length && (before === undefined || after.capacity < before.capacity)) return `its room ${g.room} now holds only ${after.capacity}`;
  for (const b of g.blocks) if (awayIn(after.unavailable, b, g.years) && !awayIn(before?.unavailable, b, g.years)) return `its room ${g.room} is now unavailable in block ${b}`;
  return null;
}

/**
 * A change of the group's course that stops it running as published, or null. Fewer groups allowed, the
 * course withdrawn or a larger minimum size explain a cancelled group only; blocks, years and span either.
 */
function courseCause(g: ResultGroup, fate: GroupFate, was: Side, now: Side): string | null {
  const after = now.course.get(g.course);
  const before = was.course.get(g.course);
  const name = was.courseName(g.course);
  if (!after) return `${name} is no longer offered`;
  const ran = was.blocking.result.groups.filter((x) => x.course === g.course).length;
  if (fate === 'cancelled' && after.maxGroups !== undefined && after.maxGroups < ran && (before?.maxGroups === undefined || after.maxGroups < before.maxGroups)) {
    return `${name} now runs at most ${after.maxGroups} group${after.maxGroups === 1 ? '' : 's'} (${ran} were published)`;
  }
  const blocked = g.blocks.find((b) => after.blocks !== undefined && !after.blocks.includes(b));
  if (blocked !== undefined) return `${name} may no longer run in block ${blocked}`;
  if (fate === 'cancelled' && (after.minGroupSize ?? 0) > g.students.length && (after.minGroupSize ?? 0) > (before?.minGroupSize ?? 0)) return `${name} now needs at least ${after.minGroupSize} pupils in a group`;
  if (JSON.stringify(after.years ?? []) !== JSON.stringify(before?.years ?? []) || (after.span ?? 1) !== (before?.span ?? 1)) return `${name}'s years or span changed`;
  return null;
}

/**
 * A sentence on what the pupil changed, or null when they changed nothing; `thisCourse` when the change is
 * to this course itself (added, dropped, moved between choices and reserves).
 */
function ownCause(course: string, was: Student | undefined, now: Student | undefined, names: (id: string) => string): { text: string; thisCourse: boolean } | null {
  if (!was || !now) return null;
  const name = names(course);
  const wasChoice = was.choices.includes(course);
  const nowChoice = now.choices.includes(course);
  const wasReserve = (was.reserves ?? []).includes(course);
  const nowReserve = (now.reserves ?? []).includes(course);
  if ((wasChoice || wasReserve) && !nowChoice && !nowReserve) return { thisCourse: true, text: `they dropped ${name} from their ${wasChoice ? 'choices' : 'reserves'}` };
  if (!wasChoice && !wasReserve && (nowChoice || nowReserve)) return { thisCourse: true, text: `they added ${name} to their ${nowChoice ? 'choices' : 'reserves'}` };
  if (wasChoice !== nowChoice) return { thisCourse: true, text: `they made ${name} a ${nowChoice ? 'choice' : 'reserve'} instead of a ${nowChoice ? 'reserve' : 'choice'}` };
  const changed =
    !blocksEqual(was.choices, now.choices) || !blocksEqual(was.reserves ?? [], now.reserves ?? []) || (was.pathway ?? null) !== (now.pathway ?? null);
  if (!changed) return null;
  const what = (was.pathway ?? null) !== (now.pathway ?? null) && blocksEqual(was.choices, now.choices) && blocksEqual(was.reserves ?? [], now.reserves ?? []) ? 'pathway' : 'choices';
  return { thisCourse: false, text: `they changed their ${what}, so their courses needed another combination of blocks` };
}

function describe(p: Placement | null): string {
  return p === null ? 'none' : `${p.group} (${blockWords(p.blocks)})`;
}

/** The first reason that holds for one move (see the file comment for the order). */
function reasonFor(move: Omit<PupilMove, 'reason' | 'why'>, was: Side, now: Side, fates: Map<string, GroupFate>, otherCourses: readonly string[]): { reason: MoveReasonKind; why: string } {
  const names = (id: string) => now.courseName(id);
  const own = ownCause(move.course, was.student.get(move.student), now.student.get(move.student), names);
  // A change to this very course (added, dropped, made a reserve) is the reason before anything else.
  if (own?.thisCourse) return { reason: 'own-change', why: own.text };
  const from = move.from;
  if (from) {
    const g = was.group.get(from.group);
    const fate = fates.get(from.group) ?? 'cancelled';
    if (g && fate !== 'same') {
      const what = fate === 'cancelled' ? `their ${names(g.course)} group ${g.id} was cancelled` : `their ${names(g.course)} group ${g.id} moved from ${blockWords(g.blocks)} to ${blockWords(now.group.get(g.id)!.blocks)}`;
      const teacher = teacherCause(g, was, now);
      if (teacher) return { reason: 'teacher', why: `${what}: ${teacher}` };
      const room = roomCause(g, was, now);
      if (room) return { reason: 'room', why: `${what}: ${room}` };
      const course = courseCause(g, fate, was, now);
      if (course) return { reason: fate === 'cancelled' ? 'group-cancelled' : 'group-moved', why: `${what}: ${course}` };
      return { reason: fate === 'cancelled' ? 'group-cancelled' : 'group-moved', why: `${what} in the re-solve` };
    }
  }
  // Their published group still runs where it did: a change to their other choices needs another combination.
  if (own) return { reason: 'own-change', why: own.text };
  // Another of their published groups went or moved: a pupil keeps no group in a block twice.
  for (const c of otherCourses) {
    const other = was.placement(move.student, c);
    if (!other || other.group === from?.group) continue;
    const fate = fates.get(other.group) ?? 'cancelled';
    if (fate !== 'same') return { reason: 'knock-on', why: `their ${names(c)} group ${other.group} ${fate === 'cancelled' ? 'was cancelled' : 'moved'}, and their courses were re-arranged around it` };
  }
  if (from) {
    const n = now.group.get(from.group);
    const course = now.course.get(n?.course ?? '');
    if (n && course) {
      const published = new Set(was.group.get(from.group)?.students ?? []);
      const newcomers = n.students.filter((s) => !published.has(s)).length;
      if (n.students.length >= course.maxGroupSize && newcomers > 0) {
        return { reason: 'capacity', why: `their ${names(n.course)} group ${n.id} is full (${n.students.length} of ${course.maxGroupSize}) with ${newcomers} pupil${newcomers === 1 ? '' : 's'} who were not in it when published` };
      }
    }
  }
  return {
    reason: 'resolve',
    why: from === null ? `the re-solve placed them in ${names(move.course)}` : move.to === null ? `the re-solve left ${names(move.course)} unmet` : 're-solve moved them: nothing they or the school changed forced it',
  };
}

/** Pupils moved, groups moved or cancelled, and the stability figures, from a published blocking to a new one. */
export function placementChanges(published: Blocking, current: Blocking): PlacementChanges {
  const was = new Side(published);
  const now = new Side(current);
  const fates = new Map<string, GroupFate>();
  const moved: GroupMove[] = [];
  const cancelled: string[] = [];
  let unchangedGroups = 0;
  for (const g of published.result.groups) {
    const fate = fateOf(g, now);
    fates.set(g.id, fate);
    if (fate === 'same') unchangedGroups++;
    else if (fate === 'moved') moved.push({ group: g.id, course: g.course, from: g.blocks, to: now.group.get(g.id)!.blocks });
    else cancelled.push(g.id);
  }
  const added = current.result.groups.filter((g) => was.group.get(g.id)?.course !== g.course).map((g) => g.id);

  const joined = current.result.students.filter((s) => !was.placed.has(s.id)).map((s) => s.id);
  const left = published.result.students.filter((s) => !now.placed.has(s.id)).map((s) => s.id);
  const moves: PupilMove[] = [];
  let inBoth = 0;
  let unchangedPupils = 0;
  const withMoves = new Set<string>();
  for (const s of published.result.students) {
    const after = now.placed.get(s.id);
    if (!after) continue;
    inBoth++;
    const keptBefore = was.student.has(s.id) ? takes(was.student.get(s.id)) : null;
    const keptAfter = now.student.has(s.id) ? takes(now.student.get(s.id)) : null;
    const courses = [...new Set([...Object.keys(s.placed), ...Object.keys(after)])].sort(compareIds);
    let keptMoved = false;
    for (const c of courses) {
      const from = was.placement(s.id, c);
      const to = now.placement(s.id, c);
      if (samePlacement(from, to)) continue;
      const kept = (keptBefore === null || keptBefore.has(c)) && (keptAfter === null || keptAfter.has(c));
      const base = { student: s.id, course: c, from, to, kept };
      moves.push({ ...base, ...reasonFor(base, was, now, fates, courses.filter((x) => x !== c)) });
      withMoves.add(s.id);
      if (kept) keptMoved = true;
    }
    if (!keptMoved) unchangedPupils++;
  }
  moves.sort((a, b) => compareIds(a.student, b.student) || compareIds(a.course, b.course));
  return {
    moves,
    groups: { moved, cancelled, added },
    joined,
    left,
    figures: {
      pupilsInBoth: inBoth,
      pupilsUnchanged: unchangedPupils,
      pupilsWithMoves: withMoves.size,
      pupilsJoined: joined.length,
      pupilsLeft: left.length,
      groupsPublished: published.result.groups.length,
      groupsUnchanged: unchangedGroups,
      groupsMoved: moved.length,
      groupsCancelled: cancelled.length,
      groupsNew: added.length,
    },
  };
}

/** One move as a line of text: "S0012 History: HIS-1 (block A) -> HIS-2 (block C): their group ..." */
export function moveLine(m: PupilMove, courseName: (id: string) => string = (id) => id, pupilName: (id: string) => string = (id) => id): string {
  return `${pupilName(m.student)} ${courseName(m.course)}: ${describe(m.from)} -> ${describe(m.to)}: ${m.why}`;
}
