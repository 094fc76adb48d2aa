/**
 * Why is a student unmet? For the planner's results screen: the smallest set of plain facts that stops a
 * student getting all their choices in a result, and the cheapest changes that would place them, each
 * verified by re-seating.
 *
 * Facts come from a minimal clashing set of the student's choices (a deletion filter: drop each choice
 * whose removal leaves the rest still unplaceable), with the student's own seats counted as free:
 *   - a course that runs no group, or whose quota (`places`) is used up;
 *   - courses whose groups sit in blocks that overlap ("HIS and GEO both run only in block A");
 *   - full groups, when the same courses would fit had those groups a free place.
 * Then facts about the changes that would have helped but cannot be made: no teacher or room free in the
 * block, a course's group limits, the cohort's group budget.
 *
 * A choice an enforced choice rule forbids (solver/rules.ts RuleBook.forbidden) is explained by the rule and
 * left out of the changes: no change can place it while the rule is enforced. Reserves the rules forbid are
 * not suggested either.
 *
 * Changes, cheapest first (cost in brackets):
 *   reseat (1)  move one other student to another group of the same course, freeing a seat;
 *   move (2)    move a group to other blocks (its teacher and room, or others free there, go with it);
 *               +10 for each student of that group who could then not be re-seated (named: "displaces");
 *   reserve (3) give the student a reserve instead of one choice (cheap for the school, a loss for them);
 *   open (4)    open another group of a course in a block, with a free teacher and room.
 * Every change is applied to a copy of the result and checked: the student must then fit in all their
 * choices (or choices with the reserve), and the others moved must still hold all their courses.
 *
 * Layout: the result's groups are copied into `Board` entries (course, blocks, years, students, staff,
 * room); cells are "block|year" strings, which is plenty fast for one student at a time.
 */
import type { Course, Result, ResultGroup, Room, Scenario, Staff } from './types';
import { RuleBook, listWords, suggest } from './rules';

export interface SuggestedChange {
  kind: 'reseat' | 'move' | 'open' | 'reserve';
  /** The change in plain words. */
  text: string;
  /** Lower is cheaper. */
  cost: number;
  /** Students who would lose a place through this change; empty when nobody does. */
  displaces: string[];
  /** The change as data, so a screen (or a test) can apply it. */
  detail: ChangeDetail;
}

export type ChangeDetail =
  | { kind: 'reseat'; student: string; from: string; to: string }
  | { kind: 'move'; group: string; blocks: string[]; staff?: string; room?: string }
  | { kind: 'open'; course: string; blocks: string[]; staff?: string; room?: string }
  | { kind: 'reserve'; reserve: string; instead: string };

export interface UnmetExplanation {
  student: string;
  /** The choices not placed in the result. */
  unmet: string[];
  /** The smallest set of facts that stops the student, then facts about changes that are blocked. */
  facts: string[];
  changes: SuggestedChange[];
}

export interface ExplainOptions {
  /** The most changes to return; default 6. */
  maxChanges?: number;
}

interface BoardGroup {
  id: string;
  course: string;
  blocks: string[];
  years: number[];
  students: string[];
  staff: string[];
  room: string | null;
  pinned: boolean;
}

const cellKey = (block: string, year: number) => `${block}|${year}`;
const cellsOf = (g: { blocks: string[]; years: number[] }) => g.blocks.flatMap((b) => g.years.map((y) => cellKey(b, y)));
const inBlocks = (blocks: readonly string[]) => (blocks.length === 1 ? `block ${blocks[0]}` : `blocks ${listWords(blocks)}`);

/** The scenario and a mutable copy of the result's groups, with the questions the changes ask. */
class Board {
  readonly years: number[];
  readonly courses = new Map<string, Course>();
  placedOf = new Map<string, Record<string, string>>();
  groups: BoardGroup[];

  constructor(
    readonly scenario: Scenario,
    result: Result,
  ) {
    this.years = scenario.years && scenario.years.length > 0 ? scenario.years : [10, 11];
    for (const c of scenario.courses) this.courses.set(c.id, c);
    const pinnedIds = new Set((scenario.groups ?? []).map((g) => g.id));
    this.groups = result.groups.map((g: ResultGroup) => ({
      id: g.id,
      course: g.course,
      blocks: [...g.blocks],
      years: g.years && g.years.length > 0 ? [...g.years] : this.courseYears(g.course),
      students: [...g.students],
      staff: [...(g.staff ?? [])],
      room: g.room ?? null,
      pinned: g.pinned === true || pinnedIds.has(g.id) || scenario.mode === 'fit',
    }));
    for (const s of result.students) this.placedOf.set(s.id, Object.assign(Object.create(null) as Record<string, string>, s.placed));
  }

  clone(): Board {
    const b = Object.create(Board.prototype) as Board;
    Object.assign(b, this);
    b.placedOf = new Map(this.placedOf);
    (b as { groups: BoardGroup[] }).groups = this.groups.map((g) => ({ ...g, blocks: [...g.blocks], years: [...g.years], students: [...g.students], staff: [...g.staff] }));
    return b;
  }

  courseYears(course: string): number[] {
    const c = this.courses.get(course);
    return c?.years && c.years.length > 0 ? [...c.years] : [...this.years];
  }

  maxSize(course: string): number {
    return this.courses.get(course)?.maxGroupSize ?? 0;
  }

  /** Students on a course across its groups, not counting `except`. */
  seatedOn(course: string, except?: string): number {
    let n = 0;
    for (const g of this.groups) if (g.course === course) for (const s of g.students) if (s !== except) n++;
    return n;
  }

  quotaLeft(course: string, except?: string): number {
    const places = this.courses.get(course)?.places;
    return places === undefined ? Number.POSITIVE_INFINITY : places - this.seatedOn(course, except);
  }

  /**
   * One group per course, cells disjoint, each with a seat (the student's own seats count as free), or
   * null. `ignoreCapacity` asks whether the blocks alone allow it. Groups in `forbid` are not used.
   */
  place(courses: readonly string[], student: string, opts: { ignoreCapacity?: boolean; forbid?: Set<number> } = {}): Map<string, number> | null {
    const options = courses.map((c) => {
      if (!opts.ignoreCapacity && this.quotaLeft(c, student) <= 0) return [];
      const out: number[] = [];
      this.groups.forEach((g, i) => {
        if (g.course !== c || opts.forbid?.has(i)) return;
        if (!opts.ignoreCapacity) {
          const size = g.students.filter((s) => s !== student).length;
          if (size >= this.maxSize(c)) return;
        }
        out.push(i);
      });
      return out;
    });
    const order = courses.map((_, i) => i).sort((a, b) => options[a].length - options[b].length || a - b);
    const picks = new Map<string, number>();
    const used = new Set<string>();
    const rec = (d: number): boolean => {
      if (d === order.length) return true;
      const k = order[d];
      for (const gi of options[k]) {
        const cells = cellsOf(this.groups[gi]);
        if (cells.some((x) => used.has(x))) continue;
        cells.forEach((x) => used.add(x));
        picks.set(courses[k], gi);
        if (rec(d + 1)) return true;
        cells.forEach((x) => used.delete(x));
        picks.delete(courses[k]);
      }
      return false;
    };
    // In the order asked, so descriptions read in the student's order of preference.
    return rec(0) ? new Map(courses.map((c) => [c, picks.get(c)!] as const)) : null;
  }

  /** Take the student out of every group, then seat them as `picks` says. */
  seat(student: string, picks: Map<string, number>): void {
    for (const g of this.groups) {
      const at = g.students.indexOf(student);
      if (at >= 0) g.students.splice(at, 1);
    }
    const placed: Record<string, string> = Object.create(null);
    for (const [course, gi] of picks) {
      this.groups[gi].students.push(student);
      placed[course] = this.groups[gi].id;
    }
    this.placedOf.set(student, placed);
  }

  // --- staff and rooms -------------------------------------------------------------------------------

  needsTeacher(course: string): boolean {
    const c = this.courses.get(course);
    return (this.scenario.staff?.length ?? 0) > 0 && (c?.site ?? 'home') === 'home';
  }

  needsRoom(course: string): boolean {
    const c = this.courses.get(course);
    return (this.scenario.rooms?.length ?? 0) > 0 && (c?.site ?? 'home') === 'home' && (c?.roomType !== undefined || (c?.rooms?.length ?? 0) > 0);
  }

  /** Can this teacher take a group in these cells, ignoring the group `skip` (the one being moved)? */
  teacherFree(t: Staff, cells: string[], years: number[], skip: number): boolean {
    for (const u of t.unavailable ?? []) {
      if (cells.some((c) => (u.year === undefined ? c.startsWith(`${u.block}|`) : c === cellKey(u.block, u.year)))) return false;
    }
    const busy = new Set<string>();
    const perYear = new Map<number, number>();
    this.groups.forEach((g, i) => {
      if (i === skip || !g.staff.includes(t.id)) return;
      cellsOf(g).forEach((c) => busy.add(c));
      for (const y of g.years) perYear.set(y, (perYear.get(y) ?? 0) + 1);
    });
    if (cells.some((c) => busy.has(c))) return false;
    if (t.maxGroups !== undefined && years.some((y) => (perYear.get(y) ?? 0) + 1 > t.maxGroups!)) return false;
    return true;
  }

  roomFree(r: Room, course: string, size: number, cells: string[], skip: number): boolean {
    const c = this.courses.get(course);
    if (c?.rooms && c.rooms.length > 0 ? !c.rooms.includes(r.id) : r.type !== c?.roomType) return false;
    if (r.capacity < size) return false;
    for (const u of r.unavailable ?? []) {
      if (cells.some((x) => (u.year === undefined ? x.startsWith(`${u.block}|`) : x === cellKey(u.block, u.year)))) return false;
    }
    return !this.groups.some((g, i) => i !== skip && g.room === r.id && cellsOf(g).some((x) => cells.includes(x)));
  }

  /** A teacher for a group of `course` in these cells: the preferred ones first. Undefined when none. */
  findTeacher(course: string, cells: string[], years: number[], skip: number, prefer: string[]): string | undefined {
    const staff = (this.scenario.staff ?? []).filter((t) => t.courses.includes(course));
    staff.sort((a, b) => Number(prefer.includes(b.id)) - Number(prefer.includes(a.id)));
    return staff.find((t) => this.teacherFree(t, cells, years, skip))?.id;
  }

  findRoom(course: string, size: number, cells: string[], skip: number, prefer: string | null): string | undefined {
    const rooms = [...(this.scenario.rooms ?? [])].sort((a, b) => Number(b.id === prefer) - Number(a.id === prefer));
    return rooms.find((r) => this.roomFree(r, course, size, cells, skip))?.id;
  }

  /** Block sets a group of the course may occupy: single blocks, or pairs for a double option. */
  blockSets(course: string): string[][] {
    const c = this.courses.get(course);
    const allowed = c?.blocks && c.blocks.length > 0 ? this.scenario.blocks.filter((b) => c.blocks!.includes(b)) : this.scenario.blocks;
    if (c?.span !== 2) return allowed.map((b) => [b]);
    const out: string[][] = [];
    for (let i = 0; i < allowed.length; i++) for (let j = i + 1; j < allowed.length; j++) out.push([allowed[i], allowed[j]]);
    return out;
  }

  /** Why a group of `course` could not sit in `blocks` (skipping group `skip`), or undefined when it can. */
  limitProblem(course: string, blocks: string[], years: number[], skip: number, adding: boolean): string | undefined {
    const c = this.courses.get(course);
    if (!c) return `course ${course} is not in the scenario`;
    const mine = this.groups.filter((g, i) => i !== skip && g.course === course);
    if (adding && c.maxGroups !== undefined && mine.length + 1 > c.maxGroups) {
      return `${course} may run at most ${c.maxGroups} group${c.maxGroups === 1 ? '' : 's'} (maxGroups)`;
    }
    if (c.maxGroupsPerBlock !== undefined) {
      for (const b of blocks) {
        const n = mine.filter((g) => g.blocks.includes(b)).length;
        if (n + 1 > c.maxGroupsPerBlock) return `${course} may run at most ${c.maxGroupsPerBlock} group${c.maxGroupsPerBlock === 1 ? '' : 's'} in one block (maxGroupsPerBlock)`;
      }
    }
    const budget = this.scenario.limits?.maxGroups;
    if (adding && budget !== undefined) {
      for (const y of years) {
        const n = this.groups.filter((g) => g.years.includes(y)).length;
        if (n + 1 > budget) return `the budget of ${budget} groups in Year ${y} is used up (limits.maxGroups)`;
      }
    }
    return undefined;
  }
}

export class ExplainError extends Error {}

/** Explain why one student of a result is unmet, and what would place them. */
export function explainUnmet(scenario: Scenario, result: Result, studentId: string, options: ExplainOptions = {}): UnmetExplanation {
  const student = scenario.students.find((s) => s.id === studentId);
  if (!student) {
    const hint = suggest(studentId, scenario.students.map((s) => s.id));
    throw new ExplainError(`Student ${studentId} is not in the scenario.${hint ? ` Maybe you meant ${hint}?` : ''}`);
  }
  const record = result.students.find((s) => s.id === studentId);
  const unmet = record ? [...record.unmet] : [...student.choices];
  if (record && record.unmet.length === 0) {
    return { student: studentId, unmet, facts: [`${studentId} has all their choices in this result.`], changes: [] };
  }
  const board = new Board(scenario, result);
  // Choices and reserves an enforced rule forbids: explained by the rule, never suggested.
  const book = new RuleBook({ courses: scenario.courses, pathways: scenario.pathways, rules: (scenario as { rules?: unknown[] }).rules });
  const pathway = student.pathway !== undefined && book.hasPathway(student.pathway) ? student.pathway : undefined;
  const forbidden = book.forbidden({ choices: student.choices, reserves: student.reserves, attributes: student.attributes, pathway });
  const ruled = forbidden.filter((f) => f.index < student.choices.length);
  const ruleFacts = ruled.map((f) => `${f.reason} To place ${book.name(f.course)} anyway, set the rule to “Let pass” on the Offer screen.`);
  const choices = student.choices.filter((_, k) => !ruled.some((f) => f.index === k));
  const reserves = (student.reserves ?? []).filter((_, r) => !forbidden.some((f) => f.index === student.choices.length + r));
  const facts = stoppingFacts(board, studentId, choices);
  if (facts.length === 0) {
    if (ruleFacts.length > 0) return { student: studentId, unmet, facts: ruleFacts, changes: [] };
    return { student: studentId, unmet, facts: [`${studentId} can be placed in all their choices as the groups stand: re-seating them would do.`], changes: [] };
  }
  const blocked: string[] = [];
  const changes = [
    ...reseatChanges(board, studentId, choices),
    ...moveChanges(board, studentId, choices, blocked),
    ...reserveChanges(board, studentId, choices, reserves, unmet),
    ...openChanges(board, studentId, choices, blocked),
  ];
  changes.sort((a, b) => a.cost - b.cost);
  // Variety first: the cheapest change for each group moved, course opened, reserve or seat freed, then
  // the rest by cost, so three ways of moving one group do not crowd out every other idea.
  const limit = options.maxChanges ?? 6;
  const keyOf = (c: SuggestedChange) => {
    const d = c.detail;
    return d.kind === 'move' ? `move ${d.group}` : d.kind === 'open' ? `open ${d.course}` : d.kind === 'reserve' ? `reserve ${d.reserve}` : `reseat ${d.from}`;
  };
  const keys = new Set<string>();
  const first = changes.filter((c) => (keys.has(keyOf(c)) ? false : (keys.add(keyOf(c)), true)));
  const rest = changes.filter((c) => !first.includes(c));
  const chosen = [...first.slice(0, limit), ...rest].slice(0, limit).sort((a, b) => a.cost - b.cost);
  return {
    student: studentId,
    unmet,
    facts: [...ruleFacts, ...facts, ...[...new Set(blocked)].slice(0, 3)],
    changes: chosen,
  };
}

/** A short reason for every unmet student of the result (student id -> reason), for the solver's result. */
export function explainAll(scenario: Scenario, result: Result): Record<string, string> {
  const board = new Board(scenario, result);
  const byId = new Map(scenario.students.map((s) => [s.id, s] as const));
  // Student ids are data: no prototype, so a student called __proto__ keeps their reason.
  const out: Record<string, string> = Object.create(null);
  for (const r of result.students) {
    if (r.unmet.length === 0) continue;
    const s = byId.get(r.id);
    if (!s) continue;
    const facts = stoppingFacts(board, r.id, s.choices);
    out[r.id] = facts.length > 0 ? facts.join(' ') : 'All their choices fit as the groups stand; re-seating would place them.';
  }
  return out;
}

/** The facts of a minimal clashing set of choices (empty when the choices fit). */
function stoppingFacts(board: Board, student: string, choices: readonly string[]): string[] {
  if (board.place(choices, student)) return [];
  const facts: string[] = [];
  // A course that cannot be taken even alone stops the student by itself.
  for (const c of choices) {
    const course = board.courses.get(c);
    const name = course ? `${c} (${course.name})` : c;
    if (!board.groups.some((g) => g.course === c)) {
      facts.push(`${name} runs no group in this result.`);
      continue;
    }
    const left = board.quotaLeft(c, student);
    if (left <= 0) {
      const site = course?.site && course.site !== 'home' ? board.scenario.sites?.find((s) => s.id === course.site)?.name ?? course.site : undefined;
      facts.push(
        site
          ? `The partner quota of ${course!.places} place${course!.places === 1 ? "" : "s"} for ${name} at ${site} is reached (${course!.places! - left}/${course!.places}).`
          : `The cap of ${course!.places} place${course!.places === 1 ? "" : "s"} for ${name} is reached (${course!.places! - left}/${course!.places}).`,
      );
      continue;
    }
    if (!board.place([c], student)) {
      const full = board.groups.filter((g) => g.course === c);
      facts.push(`Every ${c} group is full (${full.map((g) => `${g.id} ${g.students.length}/${board.maxSize(c)}`).join(', ')}).`);
    }
  }
  if (facts.length > 0) return facts;

  let set = [...choices];
  for (let i = choices.length - 1; i >= 0; i--) {
    const without = set.filter((c) => c !== choices[i]);
    if (without.length > 0 && !board.place(without, student)) set = without;
  }
  const groupsOf = (c: string) => board.groups.map((g, i) => ({ g, i })).filter(({ g }) => g.course === c);
  const where = (g: BoardGroup) => {
    const yearsNote = board.years.every((y) => g.years.includes(y)) ? '' : ` (Year ${listWords(g.years.map(String))} only)`;
    return `${inBlocks(g.blocks)}${yearsNote}`;
  };
  if (!board.place(set, student, { ignoreCapacity: true })) {
    const places = set.map((c) => [...new Set(groupsOf(c).map(({ g }) => where(g)))]);
    if (set.length === 2 && places.every((p) => p.length === 1) && places[0][0] === places[1][0]) {
      facts.push(`${set[0]} and ${set[1]} both run only in ${places[0][0]}.`);
    } else {
      facts.push(`${listWords(set)} cannot all be placed: ${listWords(set.map((c, i) => `${c} runs in ${listWords(places[i], 'or')}`))}, and these overlap.`);
    }
    return facts;
  }
  // The blocks allow it, so full groups are in the way: find the ones whose single free seat would do.
  const full = set.flatMap((c) => groupsOf(c).filter(({ g }) => g.students.filter((s) => s !== student).length >= board.maxSize(c)));
  const decisive = full.filter(({ g, i }) => {
    const trial = board.clone();
    const firstOther = g.students.findIndex((s) => s !== student);
    trial.groups[i].students = g.students.filter((s, k) => k !== firstOther && s !== student);
    return trial.place(set, student) !== null;
  });
  const others = (c: string) => set.filter((x) => x !== c);
  if (decisive.length > 0) {
    for (const { g } of decisive) {
      const only = decisive.filter((d) => d.g.course === g.course).length === 1;
      const size = `${g.students.filter((s) => s !== student).length}/${board.maxSize(g.course)}`;
      const single = groupsOf(g.course).length === 1;
      facts.push(
        single
          ? `The only ${g.course} group (${g.id}, ${where(g)}) is full (${size}).`
          : only
            ? `The only ${g.course} group with the right block beside ${listWords(others(g.course))} (${g.id}, ${where(g)}) is full (${size}).`
            : `${g.course} group ${g.id} (${where(g)}) is full (${size}).`,
      );
    }
  } else {
    facts.push(
      `${listWords(set)} fit together only in groups that are full: ${listWords(full.map(({ g }) => `${g.id} (${where(g)}, ${g.students.length}/${board.maxSize(g.course)})`))}.`,
    );
  }
  return facts;
}

function describePlacement(board: Board, picks: Map<string, number>): string {
  return [...picks].map(([, gi]) => `${board.groups[gi].id} (${board.groups[gi].blocks.join('+')})`).join(', ');
}

/** Free a seat by moving one other student to another group of the same course. */
function reseatChanges(board: Board, student: string, choices: string[]): SuggestedChange[] {
  const out: SuggestedChange[] = [];
  const structural = board.place(choices, student, { ignoreCapacity: true });
  if (!structural) return out;
  board.groups.forEach((g, gi) => {
    if (!choices.includes(g.course)) return;
    if (g.students.filter((s) => s !== student).length < board.maxSize(g.course)) return;
    for (const other of g.students) {
      if (other === student) continue;
      const theirs = Object.keys(board.placedOf.get(other) ?? {});
      if (!theirs.includes(g.course)) continue;
      const trial = board.clone();
      const again = trial.place(theirs, other, { forbid: new Set([gi]) });
      if (!again) continue;
      trial.seat(other, again);
      const mine = trial.place(choices, student);
      if (!mine) continue;
      const to = trial.groups[again.get(g.course)!];
      const movedOthers = theirs.filter((c) => c !== g.course && trial.groups[again.get(c)!].id !== board.placedOf.get(other)![c]);
      out.push({
        kind: 'reseat',
        text: `Move ${other} from ${g.id} to ${to.id} (${to.blocks.join('+')})${movedOthers.length > 0 ? `, re-seating their ${listWords(movedOthers)}` : ''}; then ${student} fits: ${describePlacement(trial, mine)}.`,
        cost: 1,
        displaces: [],
        detail: { kind: 'reseat', student: other, from: g.id, to: to.id },
      });
      return; // one student per full group is enough to show the way
    }
  });
  return out;
}

/** Move a group of one of the student's courses to other blocks. */
function moveChanges(board: Board, student: string, choices: string[], blocked: string[]): SuggestedChange[] {
  const out: SuggestedChange[] = [];
  board.groups.forEach((g, gi) => {
    if (!choices.includes(g.course)) return;
    for (const blocks of board.blockSets(g.course)) {
      if (blocks.length === g.blocks.length && blocks.every((b) => g.blocks.includes(b))) continue;
      // Would the student fit with the group there (capacity aside from staff and rooms)?
      const trial = board.clone();
      trial.groups[gi].blocks = [...blocks];
      if (!trial.place(choices, student)) continue;
      const cells = cellsOf(trial.groups[gi]);
      const limit = board.limitProblem(g.course, blocks, g.years, gi, false);
      if (limit) {
        blocked.push(`Moving ${g.id} to ${inBlocks(blocks)} would place ${student}, but ${limit}.`);
        continue;
      }
      let teacherNote = '';
      const detail: ChangeDetail = { kind: 'move', group: g.id, blocks: [...blocks] };
      if (board.needsTeacher(g.course)) {
        const t = board.findTeacher(g.course, cells, g.years, gi, g.staff);
        if (!t) {
          blocked.push(`Moving ${g.id} to ${inBlocks(blocks)} would place ${student}, but no ${g.course} teacher is free in ${inBlocks(blocks)}.`);
          continue;
        }
        if (!g.staff.includes(t)) teacherNote = `, taught by ${t}`;
        trial.groups[gi].staff = [t];
        detail.staff = t;
      }
      let roomNote = '';
      if (board.needsRoom(g.course)) {
        const r = board.findRoom(g.course, g.students.length + 1, cells, gi, g.room);
        if (!r) {
          blocked.push(`Moving ${g.id} to ${inBlocks(blocks)} would place ${student}, but no suitable room is free in ${inBlocks(blocks)}.`);
          continue;
        }
        if (r !== g.room) roomNote = ` in room ${r}`;
        trial.groups[gi].room = r;
        detail.room = r;
      }
      // Re-seat the group's students around the move; whoever cannot keep all their courses is displaced.
      // Students whose other groups do not meet the new blocks stay as they are; the others are re-seated
      // one at a time (a greedy pass, so "displaces" may overstate by a student in a tight corner).
      const displaced: string[] = [];
      const movedCells = new Set(cellsOf(trial.groups[gi]));
      const index = new Map(trial.groups.map((x, i) => [x.id, i] as const));
      for (const other of g.students) {
        if (other === student) continue;
        const placed = trial.placedOf.get(other) ?? {};
        const clashes = Object.values(placed).some((id) => {
          const oi = index.get(id);
          return oi !== undefined && oi !== gi && cellsOf(trial.groups[oi]).some((x) => movedCells.has(x));
        });
        if (!clashes) continue;
        const now = trial.place(Object.keys(placed), other);
        if (now) trial.seat(other, now);
        else displaced.push(other);
      }
      for (const d of displaced) {
        // They keep what still fits; their seat in the moved group is given up.
        const gm = trial.groups[gi];
        gm.students = gm.students.filter((s) => s !== d);
      }
      const mine = trial.place(choices, student);
      if (!mine) continue;
      const who =
        displaced.length === 0
          ? 'nobody else loses a place'
          : `but ${displaced.length} of its students (${listWords(displaced.slice(0, 5))}${displaced.length > 5 ? ', ...' : ''}) would lose a course`;
      out.push({
        kind: 'move',
        text: `Move ${g.id} from ${g.blocks.join('+')} to ${blocks.join('+')}${teacherNote}${roomNote}${g.pinned ? ' (it is pinned)' : ''}; then ${student} fits: ${describePlacement(trial, mine)}; ${who}.`,
        cost: 2 + (g.pinned ? 1 : 0) + 10 * displaced.length,
        displaces: displaced,
        detail,
      });
    }
  });
  return out;
}

/** Give the student a reserve instead of one (or two) of their choices. */
function reserveChanges(board: Board, student: string, choices: string[], reserves: string[], unmet: string[]): SuggestedChange[] {
  const out: SuggestedChange[] = [];
  const usable = reserves.filter((r) => !choices.includes(r));
  // Replace unmet choices first: that keeps everything the student already has.
  const order = [...unmet.filter((c) => choices.includes(c)), ...choices.filter((c) => !unmet.includes(c))];
  for (const z of usable) {
    for (const c of order) {
      const combo = choices.map((x) => (x === c ? z : x));
      const picks = board.place(combo, student);
      if (!picks) continue;
      out.push({
        kind: 'reserve',
        text: `Give ${student} their reserve ${z} instead of ${c}: ${describePlacement(board, picks)}.`,
        cost: 3 + (unmet.includes(c) ? 0 : 0.5),
        displaces: [],
        detail: { kind: 'reserve', reserve: z, instead: c },
      });
      break;
    }
  }
  return out;
}

/** Open another group of one of the student's courses in a block with a free teacher and room. */
function openChanges(board: Board, student: string, choices: string[], blocked: string[]): SuggestedChange[] {
  const out: SuggestedChange[] = [];
  for (const course of choices) {
    const c = board.courses.get(course);
    if (!c) continue;
    const years = board.courseYears(course);
    const existing = board.groups.filter((g) => g.course === course).length;
    for (const blocks of board.blockSets(course)) {
      const trial = board.clone();
      const gi = trial.groups.length;
      const fresh: BoardGroup = { id: `${course}-new`, course, blocks: [...blocks], years, students: [], staff: [], room: null, pinned: false };
      trial.groups.push(fresh);
      const mine = trial.place(choices, student);
      if (!mine) continue;
      const what = `${['A', 'A second', 'A third'][existing] ?? 'Another'} ${course} group in ${inBlocks(blocks)}`;
      const limit = board.limitProblem(course, blocks, years, -1, true);
      if (limit) {
        blocked.push(`${what} would place ${student}, but ${limit}.`);
        continue;
      }
      const cells = cellsOf(fresh);
      let staffNote = '';
      const detail: ChangeDetail = { kind: 'open', course, blocks: [...blocks] };
      if (board.needsTeacher(course)) {
        const t = board.findTeacher(course, cells, years, gi, []);
        if (!t) {
          blocked.push(`${what} would place ${student}, but no ${course} teacher is free in ${inBlocks(blocks)}.`);
          continue;
        }
        fresh.staff = [t];
        staffNote = `, taught by ${t}`;
        detail.staff = t;
      }
      if (board.needsRoom(course)) {
        const r = board.findRoom(course, 1, cells, gi, null);
        if (!r) {
          blocked.push(`${what} would place ${student}, but no suitable room is free in ${inBlocks(blocks)}.`);
          continue;
        }
        fresh.room = r;
        staffNote += ` in room ${r}`;
        detail.room = r;
      }
      const min = c.minGroupSize ?? 0;
      const minNote = min > 1 ? ` It would start with 1 student, below the minimum of ${min}, so ${min - 1} more must move in.` : '';
      out.push({
        kind: 'open',
        text: `Open ${what.charAt(0).toLowerCase()}${what.slice(1)}${staffNote}; then ${student} fits: ${describePlacement(trial, mine).replace(`${course}-new`, `new ${course}`)}.${minNote}`,
        cost: 4 + (min > 1 ? 1 : 0),
        displaces: [],
        detail,
      });
    }
  }
  return out;
}
