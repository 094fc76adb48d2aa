/**
 * The compiled model: a validated Scenario turned into dense integer ids and typed arrays.
 * It never changes during a solve; the search state (state.ts) refers to it by index.
 *
 * Cells: a (block, year) pair is one cell, id = block * yearCount + yearIndex. A group occupies the cells of
 * its blocks in its course's years, held as a bit mask of cellWords Int32 words (layout in cells.ts), so up to
 * 32 cells "do these two groups clash" is one AND, and a wider grid (45 periods a week, two weeks) a few.
 * compile() refuses more than MAX_CELLS cells or MAX_YEARS years with a clear message.
 *
 * Group slots: every group that may ever run has a slot, fixed at compile time, grouped by course:
 * slots of course c are slotStart[c] .. slotStart[c+1]-1. Pinned groups (scenario groups) come first in
 * their course's range. A slot is open (running) or closed; an open slot sits at one placement.
 *
 * Placements: per course, the list of block sets its group may occupy (one block, or a pair for span 2),
 * placementStart[c] .. placementStart[c+1]-1 index into placementBlockA (its first block), placementBlockB
 * (its second block, -1 for span 1), placementBlockKey (one number a block set, for equality and order) and
 * placementCells (cell masks, cellWords words a placement).
 */
import { cellSet } from './cells';
import { compileYearPlaces } from './constraints/places';
import { RuleBook, cohortBreaches } from './rules';
import type { Scenario } from './types';

/**
 * The most (block, year) cells a scenario may have: 16 words a mask, room for a two-week 90-period grid over
 * five years. Past it the per-student masks and span-2 placements (blocks^2 / 2 a course) grow with no school
 * grid to show for it.
 */
export const MAX_CELLS = 512;
/** Years are a bit mask per course (courseYearMask): at most 30 of them, far more than any school plans at once. */
export const MAX_YEARS = 30;

/**
 * placementBlockKey of a block set: one block b is b * (blockCount + 1); two blocks lo < hi are
 * hi * (blockCount + 1) + lo + 1. Equal sets have equal keys, and keys sort as the old block bit masks did
 * (highest block first, then the lower one), so results list groups in the same order as before.
 */
export function blockSetKey(blockCount: number, first: number, second: number): number {
  const hi = second > first ? second : first;
  const lo = second > first ? first : second;
  return hi * (blockCount + 1) + lo + 1;
}

/** How a diagnostic about a choice rule starts (reasons.ts skips these when explaining a course with no group). */
export const CHOICE_RULE_NOTE = 'Choice rule';

export class ModelError extends Error {}

export interface Model {
  scenario: Scenario;
  blockLabels: string[];
  years: number[];
  blockCount: number;
  yearCount: number;
  cellCount: number;
  /** Int32 words of one cell mask: ceil(cellCount / 32), at least 1 (cells.ts). */
  cellWords: number;

  courseIds: string[];
  courseIndex: Map<string, number>;
  courseCount: number;
  courseSpan: Int32Array;
  courseYearMask: Int32Array; // bit y = runs in years[y]
  /** 1 when course c may run in block b: courseBlockAllowed[c * blockCount + b]. */
  courseBlockAllowed: Uint8Array;
  courseMaxSize: Int32Array;
  courseMinSize: Int32Array;
  courseMinGroups: Int32Array;
  courseMaxGroups: Int32Array; // effective: never more than its slots
  courseMaxPerBlock: Int32Array; // large when unlimited
  coursePlaces: Int32Array; // -1 = no quota
  /**
   * Places per (course, year), coursePlacesByYear[c * yearCount + y], -1 no quota; and the year index whose quota
   * student s counts in, studentPlacesYear[s], -1 none. Both null unless per-year places were attached to the
   * scenario object (constraints/places.ts attachYearPlaces; the consortium's joint solve does): then the rule
   * costs nothing anywhere.
   */
  coursePlacesByYear: Int32Array | null;
  studentPlacesYear: Int32Array | null;
  courseHome: Uint8Array; // 1 = taught at home (needs staff and rooms when listed)
  courseNeedsRoom: Uint8Array;
  courseDemand: Int32Array; // students choosing it
  courseReserveDemand: Int32Array;

  placementStart: Int32Array; // length courseCount + 1
  placementBlockA: Int32Array; // first block
  placementBlockB: Int32Array; // second block (span 2), -1 for one block
  placementBlockKey: Int32Array; // blockSetKey of its blocks
  placementCells: Int32Array; // cellWords words a placement

  slotStart: Int32Array; // length courseCount + 1
  slotCount: number;
  slotCourse: Int32Array;
  slotPinned: Uint8Array;
  slotPinnedPlacement: Int32Array; // placement index for pinned slots, else -1
  slotPinnedStaff: Int32Array; // staff index fixed by the scenario, -1 none
  slotPinnedRoom: Int32Array; // room index fixed by the scenario, -1 none
  slotGroupId: (string | null)[]; // id of the pinned scenario group, null for free slots

  studentIds: string[];
  studentCount: number;
  /** Choices then reserves of student s: seatCourse[s * seatWidth + k], -1 padding. */
  seatWidth: number;
  seatCourse: Int32Array;
  studentChoiceCount: Int32Array;
  studentReserveCount: Int32Array;
  /** Pinned student in a group: fixedSeat[s * seatWidth + k] = slot, -1 free. */
  fixedSeat: Int32Array;
  /**
   * 1 where an enforced choice rule forbids the seat (solver/rules.ts RuleBook.forbidden): the choice stays
   * unmet, the reserve unused. Fixed seats are never forbidden (the scenario's fixing wins, with a diagnostic).
   */
  seatForbidden: Uint8Array;
  /** Why a seat is forbidden, in plain words, by seat index. */
  forbiddenReason: Map<number, string>;
  totalChoices: number;
  /** Seat indices (s * seatWidth + k) whose course is c: courseSeats[courseSeatStart[c] .. courseSeatStart[c+1]-1]. */
  courseSeatStart: Int32Array;
  courseSeats: Int32Array;

  staffIds: string[];
  staffCount: number;
  staffMaxGroups: Int32Array; // per year; large when unlimited
  staffUnavailableCells: Int32Array; // cell masks, cellWords words a teacher
  /** Qualified staff of course c: courseStaff[courseStaffStart[c] .. courseStaffStart[c+1]-1]. */
  courseStaffStart: Int32Array;
  courseStaff: Int32Array;
  staffRequired: boolean;

  roomIds: string[];
  roomCount: number;
  roomCapacity: Int32Array;
  roomUnavailableCells: Int32Array; // cell masks, cellWords words a room
  courseRoomStart: Int32Array;
  courseRooms: Int32Array; // candidate rooms of course c, largest capacity first
  /** Courses whose groups compete for the same rooms share a class id (their first candidate room); -1 none. */
  courseRoomClass: Int32Array;
  roomsRequired: boolean;

  /** limits.maxGroups per year; large when unlimited. */
  maxGroupsPerYear: number;
  mode: 'build' | 'fit';
  /** Plain-words problems found while compiling (e.g. a course nobody can teach). */
  diagnostics: string[];
}

const UNLIMITED = 1 << 29;

/** The blocks of placement p, ascending: one, or two for span 2. */
export function placementBlocks(m: Pick<Model, 'placementBlockA' | 'placementBlockB'>, p: number): number[] {
  return m.placementBlockB[p] >= 0 ? [m.placementBlockA[p], m.placementBlockB[p]] : [m.placementBlockA[p]];
}

/**
 * Document numbers into the model's Int32Arrays, exactly: the schema accepts any safe integer (up to 2^53 - 1),
 * which a typed array would wrap (2^32 became 0, 2^31 a negative). Every clamp keeps the meaning: a size, quota
 * or capacity above the cohort allows the whole cohort (`size`); a minimum above the cohort can never be met,
 * nor can cohort + 1 (`minimum`); a count of groups at or above UNLIMITED (2^29) is more than any slot count the
 * model builds, so it limits nothing, as unlimited (`count`). Anything not a finite number is the caller's
 * (the schema's) business; it is read as its unlimited or empty end, never wrapped.
 */
function sizeLimit(value: number, students: number): number {
  if (!Number.isFinite(value)) return value > 0 ? students : 0;
  return Math.max(0, Math.min(Math.floor(value), students));
}
function minimumLimit(value: number, students: number): number {
  if (!Number.isFinite(value)) return value > 0 ? students + 1 : 0;
  return Math.max(0, Math.min(Math.ceil(value), students + 1));
}
function countLimit(value: number): number {
  if (!Number.isFinite(value)) return value > 0 ? UNLIMITED : 0;
  return Math.max(0, Math.min(Math.floor(value), UNLIMITED));
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
export { popcount };

export function compile(scenario: Scenario): Model {
  const blockLabels = scenario.blocks.slice();
  const years = (scenario.years && scenario.years.length > 0 ? scenario.years : [10, 11]).slice();
  const blockCount = blockLabels.length;
  const yearCount = years.length;
  const cellCount = blockCount * yearCount;
  if (yearCount > MAX_YEARS) {
    throw new ModelError(`The scenario plans ${yearCount} years at once; the solver handles at most ${MAX_YEARS}. Maybe plan fewer years at once?`);
  }
  if (cellCount > MAX_CELLS) {
    throw new ModelError(
      `The scenario has ${blockCount} blocks over ${yearCount} years (${cellCount} block-year cells); the solver handles at most ${MAX_CELLS}. Maybe plan fewer years or blocks at once?`,
    );
  }
  const cellWords = Math.max(1, Math.ceil(cellCount / 32));
  const blockIndex = new Map(blockLabels.map((b, i) => [b, i]));
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const allYearsMask = (1 << yearCount) - 1;
  const diagnostics: string[] = [];

  /** Entity i of `into` (cellWords words an entity) gains block b's cells in the years of `yearMask`. */
  const addBlockCells = (into: Int32Array, i: number, b: number, yearMask: number): void => {
    for (let y = 0; y < yearCount; y++) if (yearMask & (1 << y)) cellSet(into, i, b * yearCount + y, cellWords);
  };
  const unavailableCells = (list: { block: string; year?: number }[] | undefined, into: Int32Array, i: number): void => {
    for (const u of list ?? []) {
      const b = blockIndex.get(u.block);
      if (b === undefined) continue;
      if (u.year === undefined) addBlockCells(into, i, b, allYearsMask);
      else {
        const y = yearIndex.get(u.year);
        if (y !== undefined) cellSet(into, i, b * yearCount + y, cellWords);
      }
    }
  };

  const courses = scenario.courses;
  const courseCount = courses.length;
  const courseIds = courses.map((c) => c.id);
  const courseIndex = new Map(courseIds.map((id, i) => [id, i]));

  const courseSpan = new Int32Array(courseCount);
  const courseYearMask = new Int32Array(courseCount);
  const courseBlockAllowed = new Uint8Array(courseCount * blockCount);
  const courseMaxSize = new Int32Array(courseCount);
  const courseMinSize = new Int32Array(courseCount);
  const courseMinGroups = new Int32Array(courseCount);
  const courseMaxGroups = new Int32Array(courseCount);
  const courseMaxPerBlock = new Int32Array(courseCount);
  const coursePlaces = new Int32Array(courseCount);
  const courseHome = new Uint8Array(courseCount);
  const courseNeedsRoom = new Uint8Array(courseCount);
  const courseDemand = new Int32Array(courseCount);
  const courseReserveDemand = new Int32Array(courseCount);

  const staff = scenario.staff ?? [];
  const rooms = scenario.rooms ?? [];
  const staffRequired = staff.length > 0;
  const roomsRequired = rooms.length > 0;

  for (let c = 0; c < courseCount; c++) {
    const course = courses[c];
    courseSpan[c] = course.span ?? 1;
    let ym = 0;
    for (const y of course.years ?? years) {
      const yi = yearIndex.get(y);
      if (yi !== undefined) ym |= 1 << yi;
    }
    courseYearMask[c] = ym;
    for (const label of course.blocks ?? blockLabels) {
      const b = blockIndex.get(label);
      if (b !== undefined) courseBlockAllowed[c * blockCount + b] = 1;
    }
    // Exact, never wrapped (see sizeLimit): a group never holds more than the cohort, so 2^40 is the cohort.
    courseMaxSize[c] = Math.max(1, sizeLimit(course.maxGroupSize, Math.max(1, scenario.students.length)));
    courseMinSize[c] = minimumLimit(course.minGroupSize ?? 0, scenario.students.length);
    courseMinGroups[c] = countLimit(course.minGroups ?? 0);
    courseMaxGroups[c] = countLimit(course.maxGroups ?? UNLIMITED);
    courseMaxPerBlock[c] = countLimit(course.maxGroupsPerBlock ?? UNLIMITED);
    coursePlaces[c] = course.places === undefined || course.places === null ? -1 : sizeLimit(course.places, scenario.students.length);
    courseHome[c] = !course.site || course.site === 'home' ? 1 : 0;
    courseNeedsRoom[c] = roomsRequired && courseHome[c] && (course.roomType || (course.rooms && course.rooms.length > 0)) ? 1 : 0;
  }

  // Students: choices then reserves, padded to a common width.
  const students = scenario.students;
  const studentCount = students.length;
  let seatWidth = 1;
  for (const s of students) seatWidth = Math.max(seatWidth, s.choices.length + (s.reserves?.length ?? 0));
  const seatCourse = new Int32Array(studentCount * seatWidth).fill(-1);
  const studentChoiceCount = new Int32Array(studentCount);
  const studentReserveCount = new Int32Array(studentCount);
  let totalChoices = 0;
  for (let s = 0; s < studentCount; s++) {
    const st = students[s];
    let k = 0;
    for (const id of st.choices) {
      const c = courseIndex.get(id)!;
      seatCourse[s * seatWidth + k++] = c;
      courseDemand[c]++;
    }
    studentChoiceCount[s] = st.choices.length;
    totalChoices += st.choices.length;
    for (const id of st.reserves ?? []) {
      const c = courseIndex.get(id)!;
      seatCourse[s * seatWidth + k++] = c;
      courseReserveDemand[c]++;
    }
    studentReserveCount[s] = st.reserves?.length ?? 0;
  }

  const courseSeatStart = new Int32Array(courseCount + 1);
  const seatLists: number[][] = courses.map(() => []);
  for (let i = 0; i < seatCourse.length; i++) if (seatCourse[i] >= 0) seatLists[seatCourse[i]].push(i);
  for (let c = 0, n = 0; c <= courseCount; c++) {
    courseSeatStart[c] = n;
    if (c < courseCount) n += seatLists[c].length;
  }
  const courseSeats = Int32Array.from(seatLists.flat());

  // Placements per course.
  const placementStart = new Int32Array(courseCount + 1);
  const placementAList: number[] = [];
  const placementBList: number[] = [];
  for (let c = 0; c < courseCount; c++) {
    placementStart[c] = placementAList.length;
    const allowed = (b: number) => courseBlockAllowed[c * blockCount + b] === 1;
    if (courseSpan[c] === 1) {
      for (let b = 0; b < blockCount; b++) {
        if (!allowed(b)) continue;
        placementAList.push(b);
        placementBList.push(-1);
      }
    } else {
      for (let b1 = 0; b1 < blockCount; b1++) {
        if (!allowed(b1)) continue;
        for (let b2 = b1 + 1; b2 < blockCount; b2++) {
          if (!allowed(b2)) continue;
          placementAList.push(b1);
          placementBList.push(b2);
        }
      }
    }
  }
  const placementCount = placementAList.length;
  placementStart[courseCount] = placementCount;
  const placementBlockA = Int32Array.from(placementAList);
  const placementBlockB = Int32Array.from(placementBList);
  const placementBlockKey = new Int32Array(placementCount);
  const placementCells = new Int32Array(placementCount * cellWords);
  for (let c = 0; c < courseCount; c++) {
    for (let p = placementStart[c]; p < placementStart[c + 1]; p++) {
      placementBlockKey[p] = blockSetKey(blockCount, placementBlockA[p], placementBlockB[p]);
      addBlockCells(placementCells, p, placementBlockA[p], courseYearMask[c]);
      if (placementBlockB[p] >= 0) addBlockCells(placementCells, p, placementBlockB[p], courseYearMask[c]);
    }
  }
  const placementOf = (c: number, key: number): number => {
    for (let p = placementStart[c]; p < placementStart[c + 1]; p++) if (placementBlockKey[p] === key) return p;
    return -1;
  };

  // Staff and rooms.
  const staffIds = staff.map((t) => t.id);
  const staffIndex = new Map(staffIds.map((id, i) => [id, i]));
  const staffCount = staff.length;
  const staffMaxGroups = new Int32Array(staffCount);
  const staffUnavailableCells = new Int32Array(staffCount * cellWords);
  const qualified: number[][] = courses.map(() => []);
  for (let t = 0; t < staffCount; t++) {
    staffMaxGroups[t] = countLimit(staff[t].maxGroups ?? UNLIMITED);
    unavailableCells(staff[t].unavailable, staffUnavailableCells, t);
    for (const id of staff[t].courses) {
      const c = courseIndex.get(id);
      if (c !== undefined) qualified[c].push(t);
    }
  }
  const courseStaffStart = new Int32Array(courseCount + 1);
  const courseStaffList: number[] = [];
  for (let c = 0; c < courseCount; c++) {
    courseStaffStart[c] = courseStaffList.length;
    courseStaffList.push(...qualified[c]);
  }
  courseStaffStart[courseCount] = courseStaffList.length;

  const roomIds = rooms.map((r) => r.id);
  const roomIndex = new Map(roomIds.map((id, i) => [id, i]));
  const roomCount = rooms.length;
  const roomCapacity = Int32Array.from(rooms.map((r) => sizeLimit(r.capacity, studentCount)));
  const roomUnavailableCells = new Int32Array(roomCount * cellWords);
  rooms.forEach((r, i) => unavailableCells(r.unavailable, roomUnavailableCells, i));
  const courseRoomStart = new Int32Array(courseCount + 1);
  const courseRoomList: number[] = [];
  for (let c = 0; c < courseCount; c++) {
    courseRoomStart[c] = courseRoomList.length;
    if (!courseNeedsRoom[c]) continue;
    const course = courses[c];
    const cand: number[] = [];
    if (course.rooms && course.rooms.length > 0) {
      for (const id of course.rooms) {
        const r = roomIndex.get(id);
        if (r !== undefined) cand.push(r);
      }
    } else {
      for (let r = 0; r < roomCount; r++) if (rooms[r].type === course.roomType) cand.push(r);
    }
    cand.sort((a, b) => roomCapacity[b] - roomCapacity[a] || a - b);
    courseRoomList.push(...cand);
  }
  courseRoomStart[courseCount] = courseRoomList.length;

  // Slots: pinned groups first, then free slots up to what demand could use.
  const mode = scenario.mode ?? 'build';
  const pinnedByCourse: number[][] = courses.map(() => []);
  const groups = scenario.groups ?? [];
  groups.forEach((g, i) => pinnedByCourse[courseIndex.get(g.course)!].push(i));
  const slotStart = new Int32Array(courseCount + 1);
  const slotCourseList: number[] = [];
  const slotPinnedList: number[] = [];
  const slotPinnedPlacementList: number[] = [];
  const slotPinnedStaffList: number[] = [];
  const slotPinnedRoomList: number[] = [];
  const slotGroupId: (string | null)[] = [];
  const pinnedSlotOfGroup = new Map<string, number>();
  for (let c = 0; c < courseCount; c++) {
    slotStart[c] = slotCourseList.length;
    for (const gi of pinnedByCourse[c]) {
      const g = groups[gi];
      // A pinned group names one block or two (span 2); any other count matches no placement.
      const pinnedBlocks = [...new Set(g.blocks.map((label) => blockIndex.get(label)!))];
      let p = pinnedBlocks.length === 1 || pinnedBlocks.length === 2 ? placementOf(c, blockSetKey(blockCount, pinnedBlocks[0], pinnedBlocks[1] ?? -1)) : -1;
      if (p < 0) {
        // Placements are only the allowed block sets, so a pinned group outside them cannot be kept as given.
        p = placementStart[c] < placementStart[c + 1] ? placementStart[c] : -1;
        diagnostics.push(
          `Group ${g.id} of ${g.course} is pinned in ${g.blocks.join('+')}, which ${g.course} does not allow; it was moved to ${
            p < 0 ? 'nowhere (the course has no allowed block)' : 'an allowed block'
          }.`,
        );
      }
      pinnedSlotOfGroup.set(g.id, slotCourseList.length);
      slotCourseList.push(c);
      slotPinnedList.push(1);
      slotPinnedPlacementList.push(p);
      slotPinnedStaffList.push(g.staff && g.staff.length > 0 ? (staffIndex.get(g.staff[0]) ?? -1) : -1);
      slotPinnedRoomList.push(g.room ? (roomIndex.get(g.room) ?? -1) : -1);
      slotGroupId.push(g.id);
    }
    if (mode === 'build') {
      const placements = placementStart[c + 1] - placementStart[c];
      const perBlockCap = Math.min(courseMaxPerBlock[c], 64);
      const demand = courseDemand[c] + courseReserveDemand[c];
      let free = demand === 0 ? 0 : Math.ceil(courseDemand[c] / Math.max(1, courseMaxSize[c])) + 2;
      free = Math.max(free, courseMinGroups[c]);
      free = Math.min(free, Math.max(0, courseMaxGroups[c] - pinnedByCourse[c].length), placements * perBlockCap);
      if (placements === 0) free = 0;
      for (let i = 0; i < free; i++) {
        slotCourseList.push(c);
        slotPinnedList.push(0);
        slotPinnedPlacementList.push(-1);
        slotPinnedStaffList.push(-1);
        slotPinnedRoomList.push(-1);
        slotGroupId.push(null);
      }
    }
    const slots = slotCourseList.length - slotStart[c];
    courseMaxGroups[c] = Math.min(courseMaxGroups[c], slots);
    if (courseMinGroups[c] > slots) {
      // Kept as the document says (never clamped down to one that can be met), and said: no result can keep it.
      diagnostics.push(
        `${courseIds[c]} must run at least ${courses[c].minGroups} groups (minGroups), but at most ${slots} can run here (${
          mode === 'fit' ? 'the groups given' : `its ${placementStart[c + 1] - placementStart[c]} block choices and limits`
        }); no result can keep that rule, so the blocking is made as if it were not there.`,
      );
      // No result can keep it, so searching towards it would only wreck the rest of the blocking (every
      // student unplaced for the sake of a rule that stays broken): the search runs as if there were none.
      courseMinGroups[c] = 0;
    }
  }
  slotStart[courseCount] = slotCourseList.length;
  const slotCount = slotCourseList.length;

  // Students fixed in pinned groups.
  const fixedSeat = new Int32Array(studentCount * seatWidth).fill(-1);
  const studentIndex = new Map(students.map((s, i) => [s.id, i]));
  for (const g of groups) {
    const slot = pinnedSlotOfGroup.get(g.id)!;
    const c = slotCourseList[slot];
    for (const sid of g.students ?? []) {
      const s = studentIndex.get(sid);
      if (s === undefined) continue;
      let found = false;
      for (let k = 0; k < seatWidth; k++) {
        if (seatCourse[s * seatWidth + k] === c) {
          fixedSeat[s * seatWidth + k] = slot;
          found = true;
          break;
        }
      }
      if (!found) {
        diagnostics.push(`Student ${sid} is fixed in group ${g.id}, but ${g.course} is not among their choices or reserves; the fixing is ignored.`);
      }
    }
  }

  // Enforced choice rules: the seats no solve may fill. Forbidding only removes options, so every bound stays valid.
  const seatForbidden = new Uint8Array(studentCount * seatWidth);
  const forbiddenReason = new Map<number, string>();
  const book = new RuleBook({ courses, pathways: scenario.pathways, rules: (scenario as { rules?: unknown[] }).rules });
  for (let s = 0; s < studentCount; s++) {
    const st = students[s];
    const pathway = st.pathway !== undefined && book.hasPathway(st.pathway) ? st.pathway : undefined;
    for (const f of book.forbidden({ choices: st.choices, reserves: st.reserves, attributes: st.attributes, pathway })) {
      const i = s * seatWidth + f.index;
      if (fixedSeat[i] >= 0) {
        diagnostics.push(`${st.id} is fixed in a group of ${f.course}, which a rule forbids (${f.reason}); the fixing is kept.`);
        continue;
      }
      seatForbidden[i] = 1;
      forbiddenReason.set(i, f.reason);
    }
  }

  // Choice rules the students' choices break, one line a rule (the Students screen lists every student).
  const perRule = new Map<string, { text: string; ids: string[]; kind: string; enforced: boolean }>();
  for (const b of cohortBreaches({ courses, pathways: scenario.pathways, rules: (scenario as { rules?: unknown[] }).rules, students }, book)) {
    const key = `${b.source} ${b.kind}`;
    const entry = perRule.get(key) ?? { text: b.text, ids: [], kind: b.kind, enforced: b.enforced };
    entry.ids.push(b.id);
    perRule.set(key, entry);
  }
  for (const [key, e] of perRule) {
    const n = e.ids.length;
    const what = e.enforced
      ? e.kind === 'eligible'
        ? 'enforced: the course is not placed'
        : 'enforced: each keeps the higher-ranked choice'
      : e.kind === 'min' || e.kind === 'choices' || e.kind === 'discountCode'
        ? 'flagged only: placing cannot mend it'
        : 'let pass: placed as chosen';
    const who = `${e.ids.slice(0, 5).join(', ')}${n > 5 ? ` and ${n - 5} more` : ''}`;
    diagnostics.push(`${CHOICE_RULE_NOTE} ${key.split(' ')[0]}: ${n} student${n === 1 ? "'s choices break" : "s' choices break"} it (${who}), e.g. “${e.text}” ${what.charAt(0).toUpperCase()}${what.slice(1)}.`);
  }

  // Structural diagnostics a timetabler should hear about even before the search.
  for (let c = 0; c < courseCount; c++) {
    if (courseDemand[c] === 0) continue;
    if (placementStart[c + 1] === placementStart[c]) {
      diagnostics.push(`${courseIds[c]} has no block it may run in (span ${courseSpan[c]}, allowed blocks ${courses[c].blocks?.join(', ') ?? 'all'}).`);
    }
    if (courseYearMask[c] === 0) diagnostics.push(`${courseIds[c]} runs in none of the scenario's years.`);
    if (staffRequired && courseHome[c] && courseStaffStart[c + 1] === courseStaffStart[c]) {
      diagnostics.push(`Nobody on the staff list can teach ${courseIds[c]} (${courseDemand[c]} students chose it).`);
    }
    if (courseNeedsRoom[c] && courseRoomStart[c + 1] === courseRoomStart[c]) {
      const course = courses[c];
      diagnostics.push(
        `No room suits ${courseIds[c]}: it needs ${course.rooms?.length ? `one of ${course.rooms.join(', ')}` : `a room of type "${course.roomType}"`} and none is listed.`,
      );
    }
    if (courseMaxGroups[c] === 0 && pinnedByCourse[c].length === 0 && mode === 'build') {
      diagnostics.push(`${courseIds[c]} may run no groups (maxGroups 0) but ${courseDemand[c]} students chose it.`);
    }
  }
  for (let s = 0; s < studentCount; s++) {
    if (studentChoiceCount[s] > blockCount * 2) continue;
    // A student with more single-year-spanning choices than blocks can never be fully satisfied.
    let cellsNeeded = 0;
    for (let k = 0; k < studentChoiceCount[s]; k++) {
      const c = seatCourse[s * seatWidth + k];
      cellsNeeded += courseSpan[c] * popcount(courseYearMask[c]);
    }
    if (cellsNeeded > cellCount) {
      diagnostics.push(`${students[s].id} chose courses needing ${cellsNeeded} block-year cells, but there are only ${cellCount}.`);
    }
  }

  return {
    scenario,
    blockLabels,
    years,
    blockCount,
    yearCount,
    cellCount,
    cellWords,
    courseIds,
    courseIndex,
    courseCount,
    courseSpan,
    courseYearMask,
    courseBlockAllowed,
    courseMaxSize,
    courseMinSize,
    courseMinGroups,
    courseMaxGroups,
    courseMaxPerBlock,
    coursePlaces,
    ...compileYearPlaces(scenario, years, courseIndex, students.map((s) => s.id)),
    courseHome,
    courseNeedsRoom,
    courseDemand,
    courseReserveDemand,
    placementStart,
    placementBlockA,
    placementBlockB,
    placementBlockKey,
    placementCells,
    slotStart,
    slotCount,
    slotCourse: Int32Array.from(slotCourseList),
    slotPinned: Uint8Array.from(slotPinnedList),
    slotPinnedPlacement: Int32Array.from(slotPinnedPlacementList),
    slotPinnedStaff: Int32Array.from(slotPinnedStaffList),
    slotPinnedRoom: Int32Array.from(slotPinnedRoomList),
    slotGroupId,
    studentIds: students.map((s) => s.id),
    studentCount,
    seatWidth,
    seatCourse,
    studentChoiceCount,
    studentReserveCount,
    fixedSeat,
    seatForbidden,
    forbiddenReason,
    totalChoices,
    courseSeatStart,
    courseSeats,
    staffIds,
    staffCount,
    staffMaxGroups,
    staffUnavailableCells,
    courseStaffStart,
    courseStaff: Int32Array.from(courseStaffList),
    staffRequired,
    roomIds,
    roomCount,
    roomCapacity,
    roomUnavailableCells,
    courseRoomStart,
    courseRooms: Int32Array.from(courseRoomList),
    courseRoomClass: Int32Array.from({ length: courseCount }, (_, c) =>
      courseRoomStart[c + 1] > courseRoomStart[c] ? courseRoomList[courseRoomStart[c]] : -1,
    ),
    roomsRequired,
    maxGroupsPerYear: countLimit(scenario.limits?.maxGroups ?? UNLIMITED),
    mode,
    diagnostics,
  };
}
