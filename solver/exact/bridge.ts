/**
 * Between the local search and the exact pieces: builds their inputs from the compiled model and the
 * search state, and writes an exact seating back into the state.
 */
import { cellList } from '../cells';
import { placementBlocks, type Model } from '../model';
import type { State } from '../state';
import type { BoundInput } from './bound';
import type { SeatingInput } from './seating';

/** The bound's input holds a course's allowed blocks as one bit mask (BoundCourse.allowedBlocks). */
const BOUND_MAX_BLOCKS = 31;

/** Can the bound (and the whole-cohort model, which reads the same input) take this model? */
export function boundApplies(m: Model): boolean {
  return m.blockCount <= BOUND_MAX_BLOCKS;
}

/** Why no bound was tried, for the result's diagnostics. */
export function boundSkippedNote(m: Model): string {
  return `No upper bound was tried: the bound handles at most ${BOUND_MAX_BLOCKS} blocks, and this scenario has ${m.blockCount}.`;
}

const limit = (x: number) => (x >= 1 << 28 ? null : x);

/**
 * A course can never run when everyone who could sit in it (its choosers and reserve holders) is fewer than
 * its minimum group size and no pinned group of it exists (pinned groups are exempt from the minimum).
 */
function cannotRun(m: Model, c: number): boolean {
  for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (m.slotPinned[g]) return false;
  return m.courseDemand[c] + m.courseReserveDemand[c] < m.courseMinSize[c];
}

/** The build-mode bound's input: the model's numbers with students of identical choices aggregated. */
export function boundInput(m: Model): BoundInput {
  if (!boundApplies(m)) throw new Error(boundSkippedNote(m));
  const allowedMask = (c: number): number => {
    let mask = 0;
    for (let b = 0; b < m.blockCount; b++) if (m.courseBlockAllowed[c * m.blockCount + b]) mask |= 1 << b;
    return mask;
  };
  const cells = (masks: Int32Array, i: number) => cellList(masks, i, m.cellWords, m.cellCount);
  const byChoices = new Map<string, { choices: number[]; count: number; reserves: number[]; students: number[] }>();
  for (let s = 0; s < m.studentCount; s++) {
    const base = s * m.seatWidth;
    const choices: number[] = [];
    for (let k = 0; k < m.studentChoiceCount[s]; k++) choices.push(m.seatCourse[base + k]);
    choices.sort((a, b) => a - b);
    const key = choices.join(',');
    let t = byChoices.get(key);
    if (t) t.count++;
    else byChoices.set(key, (t = { choices, count: 1, reserves: [], students: [] }));
    t.students.push(s);
    // Reserves a rule forbids can never be placed (rule 8), so they fill no group: left out.
    const nc = m.studentChoiceCount[s];
    for (let k = nc; k < nc + m.studentReserveCount[s]; k++) if (!m.seatForbidden[base + k]) t.reserves.push(m.seatCourse[base + k]);
  }
  const courseRooms = (c: number): number[] | null => {
    if (!m.courseNeedsRoom[c]) return null;
    return Array.from(m.courseRooms.subarray(m.courseRoomStart[c], m.courseRoomStart[c + 1]));
  };
  const pinned: { course: number; blocks: number[] }[] = [];
  for (let g = 0; g < m.slotCount; g++) {
    if (!m.slotPinned[g] || m.slotPinnedPlacement[g] < 0) continue;
    pinned.push({ course: m.slotCourse[g], blocks: placementBlocks(m, m.slotPinnedPlacement[g]) });
  }
  return {
    blocks: m.blockCount,
    years: m.yearCount,
    courses: Array.from({ length: m.courseCount }, (_, c) => ({
      allowedBlocks: allowedMask(c),
      span: m.courseSpan[c] as 1 | 2,
      yearsMask: m.courseYearMask[c],
      maxGroupSize: m.courseMaxSize[c],
      // Free slots were sized to demand; the bound must not be tighter than the scenario, so use its own limit.
      maxGroups: cannotRun(m, c) ? 0 : limit(m.scenario.courses[c].maxGroups ?? 1 << 29),
      maxGroupsPerBlock: limit(m.courseMaxPerBlock[c]),
      places: m.coursePlaces[c] >= 0 ? m.coursePlaces[c] : null,
      home: m.courseHome[c] === 1,
      rooms: courseRooms(c),
      minGroupSize: m.courseMinSize[c],
      minGroups: m.courseMinGroups[c],
    })),
    teachers: m.staffRequired
      ? Array.from({ length: m.staffCount }, (_, t) => ({
          courses: Array.from({ length: m.courseCount }, (_, c) => c).filter((c) =>
            m.courseStaff.subarray(m.courseStaffStart[c], m.courseStaffStart[c + 1]).includes(t),
          ),
          unavailableCells: cells(m.staffUnavailableCells, t),
          maxGroups: limit(m.staffMaxGroups[t]),
        }))
      : [],
    rooms: Array.from({ length: m.roomCount }, (_, r) => ({ capacity: m.roomCapacity[r], unavailableCells: cells(m.roomUnavailableCells, r) })),
    maxGroupsPerYear: limit(m.maxGroupsPerYear),
    types: [...byChoices.values()],
    pinned,
  };
}

/** The exact seating's input for the groups now running: group index i is slot groupSlots[i]. */
export function seatingInput(m: Model, st: State): { input: SeatingInput; groupSlots: number[]; initial: Int32Array[] } {
  const groupSlots: number[] = [];
  const groupOfSlot = new Int32Array(m.slotCount).fill(-1);
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    groupOfSlot[g] = groupSlots.length;
    groupSlots.push(g);
  }
  const students = [];
  const initial: Int32Array[] = [];
  for (let s = 0; s < m.studentCount; s++) {
    const base = s * m.seatWidth;
    const nc = m.studentChoiceCount[s];
    const n = nc + m.studentReserveCount[s];
    const fixed: number[] = [];
    const forbidden: number[] = [];
    const seats = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      if (m.seatForbidden[base + k]) forbidden.push(k);
      const f = m.fixedSeat[base + k];
      if (f >= 0 && groupOfSlot[f] >= 0) fixed.push(groupOfSlot[f]);
      seats[k] = st.seat[base + k] >= 0 ? groupOfSlot[st.seat[base + k]] : -1;
    }
    students.push({
      choices: Array.from(m.seatCourse.subarray(base, base + nc)),
      reserves: Array.from(m.seatCourse.subarray(base + nc, base + n)),
      ...(fixed.length > 0 ? { fixed } : {}),
      ...(forbidden.length > 0 ? { forbidden } : {}),
    });
    initial.push(seats);
  }
  const groups = groupSlots.map((g) => ({
    course: m.slotCourse[g],
    cells: cellList(st.slotCells, g, m.cellWords, m.cellCount),
    capacity: st.slotCap[g],
    minSize: m.courseMinSize[m.slotCourse[g]],
    pinned: m.slotPinned[g] === 1 || m.mode === 'fit',
  }));
  const coursePlaces = Array.from(m.coursePlaces, (p) => (p >= 0 ? p : null));
  return { input: { students, groups, coursePlaces }, groupSlots, initial };
}

/** Replaces the state's seating with an exact one (same layout as seatingInput's initial). */
export function applySeating(m: Model, st: State, groupSlots: number[], assignment: Int32Array[]): void {
  for (let i = 0; i < st.seat.length; i++) if (st.seat[i] >= 0) st.setSeat(i, -1);
  for (let s = 0; s < m.studentCount; s++) {
    const a = assignment[s];
    for (let k = 0; k < a.length; k++) if (a[k] >= 0) st.setSeat(s * m.seatWidth + k, groupSlots[a[k]]);
  }
}
