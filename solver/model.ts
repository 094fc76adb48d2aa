/**
 * The compiled model: a validated Scenario turned into dense integer ids and typed arrays.
 * It never changes during a solve; the search state (state.ts) refers to it by index.
 *
 * Cells: a (block, year) pair is one cell, id = block * yearCount + yearIndex. A group occupies the cells of
 * its blocks in its course's years, held as a bit mask (bit = cell id), so "do these two groups clash" is
 * one AND. That caps blocks * years at 30; compile() refuses larger scenarios with a clear message.
 *
 * Group slots: every group that may ever run has a slot, fixed at compile time, grouped by course:
 * slots of course c are slotStart[c] .. slotStart[c+1]-1. Pinned groups (scenario groups) come first in
 * their course's range. A slot is open (running) or closed; an open slot sits at one placement.
 *
 * Placements: per course, the list of block sets its group may occupy (one block, or a pair for span 2),
 * placementStart[c] .. placementStart[c+1]-1 index into placementBlocks (bit mask of blocks) and
 * placementCells (bit mask of cells).
 */
import { RuleBook, cohortBreaches } from './rules';
import type { Scenario } from './types';

export const MAX_CELLS = 30;

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

  courseIds: string[];
  courseIndex: Map<string, number>;
  courseCount: number;
  courseSpan: Int32Array;
  courseYearMask: Int32Array; // bit y = runs in years[y]
  courseAllowedBlocks: Int32Array; // bit b
  courseMaxSize: Int32Array;
  courseMinSize: Int32Array;
  courseMinGroups: Int32Array;
  courseMaxGroups: Int32Array; // effective: never more than its slots
  courseMaxPerBlock: Int32Array; // large when unlimited
  coursePlaces: Int32Array; // -1 = no quota
  courseHome: Uint8Array; // 1 = taught at home (needs staff and rooms when listed)
  courseNeedsRoom: Uint8Array;
  courseDemand: Int32Array; // students choosing it
  courseReserveDemand: Int32Array;

  placementStart: Int32Array; // length courseCount + 1
  placementBlocks: Int32Array;
  placementCells: Int32Array;

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
  staffUnavailableCells: Int32Array; // bit mask of cells
  /** Qualified staff of course c: courseStaff[courseStaffStart[c] .. courseStaffStart[c+1]-1]. */
  courseStaffStart: Int32Array;
  courseStaff: Int32Array;
  staffRequired: boolean;

  roomIds: string[];
  roomCount: number;
  roomCapacity: Int32Array;
  roomUnavailableCells: Int32Array;
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
  if (cellCount > MAX_CELLS) {
    throw new ModelError(
      `The scenario has ${blockCount} blocks over ${yearCount} years (${cellCount} block-year cells); the solver handles at most ${MAX_CELLS}. Maybe plan fewer years at once?`,
    );
  }
  const blockIndex = new Map(blockLabels.map((b, i) => [b, i]));
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const allYearsMask = (1 << yearCount) - 1;
  const diagnostics: string[] = [];

  const cellsOf = (blockMask: number, yearMask: number): number => {
    let m = 0;
    for (let b = 0; b < blockCount; b++) {
      if (!(blockMask & (1 << b))) continue;
      for (let y = 0; y < yearCount; y++) if (yearMask & (1 << y)) m |= 1 << (b * yearCount + y);
    }
    return m;
  };
  const unavailableMask = (list: { block: string; year?: number }[] | undefined): number => {
    let m = 0;
    for (const u of list ?? []) {
      const b = blockIndex.get(u.block);
      if (b === undefined) continue;
      if (u.year === undefined) m |= cellsOf(1 << b, allYearsMask);
      else {
        const y = yearIndex.get(u.year);
        if (y !== undefined) m |= 1 << (b * yearCount + y);
      }
    }
    return m;
  };

  const courses = scenario.courses;
  const courseCount = courses.length;
  const courseIds = courses.map((c) => c.id);
  const courseIndex = new Map(courseIds.map((id, i) => [id, i]));

  const courseSpan = new Int32Array(courseCount);
  const courseYearMask = new Int32Array(courseCount);
  const courseAllowedBlocks = new Int32Array(courseCount);
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
    let bm = 0;
    for (const label of course.blocks ?? blockLabels) {
      const b = blockIndex.get(label);
      if (b !== undefined) bm |= 1 << b;
    }
    courseAllowedBlocks[c] = bm;
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
  const placementBlocksList: number[] = [];
  const placementCellsList: number[] = [];
  for (let c = 0; c < courseCount; c++) {
    placementStart[c] = placementBlocksList.length;
    const allowed = courseAllowedBlocks[c];
    if (courseSpan[c] === 1) {
      for (let b = 0; b < blockCount; b++) {
        if (!(allowed & (1 << b))) continue;
        placementBlocksList.push(1 << b);
        placementCellsList.push(cellsOf(1 << b, courseYearMask[c]));
      }
    } else {
      for (let b1 = 0; b1 < blockCount; b1++) {
        if (!(allowed & (1 << b1))) continue;
        for (let b2 = b1 + 1; b2 < blockCount; b2++) {
          if (!(allowed & (1 << b2))) continue;
          const bm = (1 << b1) | (1 << b2);
          placementBlocksList.push(bm);
          placementCellsList.push(cellsOf(bm, courseYearMask[c]));
        }
      }
    }
  }
  placementStart[courseCount] = placementBlocksList.length;
  const placementBlocks = Int32Array.from(placementBlocksList);
  const placementCells = Int32Array.from(placementCellsList);
  const placementOf = (c: number, blockMask: number): number => {
    for (let p = placementStart[c]; p < placementStart[c + 1]; p++) if (placementBlocks[p] === blockMask) return p;
    return -1;
  };

  // Staff and rooms.
  const staffIds = staff.map((t) => t.id);
  const staffIndex = new Map(staffIds.map((id, i) => [id, i]));
  const staffCount = staff.length;
  const staffMaxGroups = new Int32Array(staffCount);
  const staffUnavailableCells = new Int32Array(staffCount);
  const qualified: number[][] = courses.map(() => []);
  for (let t = 0; t < staffCount; t++) {
    staffMaxGroups[t] = countLimit(staff[t].maxGroups ?? UNLIMITED);
    staffUnavailableCells[t] = unavailableMask(staff[t].unavailable);
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
  const roomUnavailableCells = Int32Array.from(rooms.map((r) => unavailableMask(r.unavailable)));
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
      let bm = 0;
      for (const label of g.blocks) bm |= 1 << blockIndex.get(label)!;
      let p = placementOf(c, bm);
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
    courseIds,
    courseIndex,
    courseCount,
    courseSpan,
    courseYearMask,
    courseAllowedBlocks,
    courseMaxSize,
    courseMinSize,
    courseMinGroups,
    courseMaxGroups,
    courseMaxPerBlock,
    coursePlaces,
    courseHome,
    courseNeedsRoom,
    courseDemand,
    courseReserveDemand,
    placementStart,
    placementBlocks,
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
