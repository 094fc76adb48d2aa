/**
 * The state-level fuzz driver: applies a list of operations to a search State through its raw setters
 * (setPlacement, setSeat, setStaff, setRoom), its journal (begin, undo, commit) and snapshot/restore, and
 * after every step checks the incremental bookkeeping against a from-scratch evaluation.
 *
 * Operations are drawn as plain numbers and resolved against the current state when applied: `slot: 7`
 * means "the 7th (modulo) slot this operation may touch now", `to: 3` "the 3rd (modulo) legal target".
 * So any operation list is meaningful on any scenario, and fast-check can shrink both independently.
 *
 * Only operations the setters' contracts allow are generated (see state.ts): a slot moves or closes only when
 * it holds no students, teacher or room (the `regroup` operation empties it first, as the search's group
 * moves do); a student sits only in an open group of the seat's course, without a clash, never in a seat an
 * enforced rule forbids, never with more reserves than unmet choices, and fixed seats stay as the scenario
 * fixes them; a teacher or room goes only to an open group that needs one, qualified or suitable, available,
 * free in the group's cells and under its load; groups per course, per block and per year stay in their
 * limits; pinned groups stay where they are pinned. Overflow, small groups, quotas and groups without a teacher
 * or room are penalties the search may cross, so they are generated freely. Legality is decided here from the
 * scenario and the assignment (placements, teachers, rooms, seats), never from the State's cell masks, so a
 * change of mask layout (multi-word masks for large grids) leaves this driver as it is; the State's own
 * queries staffFits and roomFits are checked against it.
 *
 * Checks after every step: every score term equals evaluateFromScratch and the from-scratch rules report no
 * breach but the scenario's own (pinned groups above a limit, as set up); the State's counters (group sizes and capacities, students per course, open groups per course,
 * block and year, teacher loads, students' met choices and reserves, the unsatisfied set, the seat lists of
 * each group) equal counts from the assignment. At an undo: score(), objective() and the whole assignment are
 * exactly as at the begin. At a restore: the assignment and every term are as at the snapshot. Each time a
 * student is seated by `seat` or `fill`, the seater's predicted change (seat.ts Seater.marginal: the group
 * terms, under the current weights) plus the student's own terms must equal the change of score(), less the
 * change of the re-solve's terms (checked apart, against the from-scratch rules).
 *
 * With a published blocking (a re-solve, solver/constraints/published.ts; drawn by state-fuzz-scenario.ts
 * publishedArb), the state carries its two terms, and a `ref` operation sets or clears the published group an
 * empty open slot continues, as the re-solve's start does (only a group of the slot's course that no other slot
 * continues); closing a slot clears it, moving keeps it, and undo and restore must give it back. The State's
 * per-pupil count of moved seats is checked against a count from the assignment.
 */
import fc from 'fast-check';
import { evaluateFromScratch } from '../../solver/constraints';
import { capExcess, compilePublished, type PublishedBlocking } from '../../solver/constraints/published';
import { yearPlacesOver, yearPlacesOverOnJoin } from '../../solver/constraints/places';
import { seatUnmovedIn } from '../../solver/constraints/pupils-moved';
import { compile, type Model } from '../../solver/model';
import { Seater } from '../../solver/seat';
import { State, W as WEIGHTS, type Snapshot, type Terms } from '../../solver/state';
import type { Scenario } from '../../solver/types';
import { coursePlacements, type PublishedDraw } from './state-fuzz-scenario';

export type Op =
  /** Open, move or close an empty unpinned slot (only to a placement the group limits allow). */
  | { k: 'place'; slot: number; to: number }
  /** Empty an unpinned slot (students, teacher, room), move or close it, then seat back a subset and staff it. */
  | { k: 'regroup'; slot: number; to: number; reseat: number }
  /** Seat a student's choice or reserve in a legal group of its course, or unseat it (target -1 is one option). */
  | { k: 'seat'; seat: number; to: number }
  /** Seat every free seat of a course that may sit in one of its open groups there (the construction's bulk seating). */
  | { k: 'fill'; course: number; to: number }
  /**
   * unseatStudent (every seat, fixed ones too, as the search's student moves do), then the fixed seats back and
   * a subset of the others back where they were, where still legal.
   */
  | { k: 'student'; student: number; reseat: number }
  /** Give an open group a legal teacher, or take its teacher away. */
  | { k: 'staff'; slot: number; to: number }
  /** Give an open group a legal room, or take its room away. */
  | { k: 'room'; slot: number; to: number }
  | { k: 'begin' }
  | { k: 'undo' }
  | { k: 'commit' }
  | { k: 'snapshot'; reuse: boolean }
  | { k: 'restore' }
  /** Set the published group an empty open slot continues (a re-solve's start), or clear it. */
  | { k: 'ref'; slot: number; to: number }
  /** The search's current penalty weights (state.w), changed between moves. */
  | { k: 'weights'; overflow: number; small: number; resources: number };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('seat' as const), seat: fc.nat(10_000), to: fc.nat(50) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('place' as const), slot: fc.nat(1_000), to: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('regroup' as const), slot: fc.nat(1_000), to: fc.nat(50), reseat: fc.nat(0xffff) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('student' as const), student: fc.nat(1_000), reseat: fc.nat(0xff) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('fill' as const), course: fc.nat(100), to: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('staff' as const), slot: fc.nat(1_000), to: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('room' as const), slot: fc.nat(1_000), to: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.constant({ k: 'begin' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'commit' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('snapshot' as const), reuse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'restore' as const }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('ref' as const), slot: fc.nat(1_000), to: fc.nat(50) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('weights' as const),
      overflow: fc.integer({ min: 1, max: 600 }),
      small: fc.integer({ min: 0, max: 300 }),
      resources: fc.integer({ min: 1, max: 6000 }),
    }),
  },
);

/** What a run did, so a test can assert the fuzz reached the interesting cases (not only no-ops). */
export interface FuzzTally {
  steps: number;
  /** Operations that changed something, by kind. */
  applied: Record<string, number>;
  /** Undos checked (score and assignment back as at begin) that had something to undo. */
  undosChecked: number;
  restoresChecked: number;
  /** Largest group seen, and steps where a group was above 20 students. */
  largestGroup: number;
  stepsWithGroupAbove20: number;
  /** Steps where these penalties were non-zero (the setters' delta paths for them ran). */
  stepsWithOverflow: number;
  stepsWithSmall: number;
  stepsWithPlacesOver: number;
  /** Steps where a year's quota was exceeded (per-year places attached: constraints/places.ts). */
  stepsWithYearPlacesOver: number;
  stepsWithReserves: number;
  /** Seatings whose score change was checked against Seater.marginal's prediction. */
  marginalsChecked: number;
  /** Most journal entries one move held (the journal starts with room for 4,096 and grows). */
  longestMove: number;
  /** Highest cell id any open group occupied (above 31: the masks' second word was in play). */
  highestCell: number;
  /** With a published blocking: steps with a pupil moved, and with a published group kept in its blocks. */
  stepsWithPupilsMoved: number;
  stepsWithGroupsKept: number;
}

export function emptyTally(): FuzzTally {
  return {
    steps: 0,
    applied: {},
    undosChecked: 0,
    restoresChecked: 0,
    largestGroup: 0,
    stepsWithGroupAbove20: 0,
    stepsWithOverflow: 0,
    stepsWithSmall: 0,
    stepsWithPlacesOver: 0,
    stepsWithYearPlacesOver: 0,
    stepsWithReserves: 0,
    highestCell: -1,
    longestMove: 0,
    marginalsChecked: 0,
    stepsWithPupilsMoved: 0,
    stepsWithGroupsKept: 0,
  };
}

/** The re-solve's part of score(): its two terms at the order's weights and the caps (objective.ts). */
function referencePart(pub: PublishedBlocking | null, t: Terms): number {
  if (pub === null) return 0;
  return pub.pupilWeight * t.pupilsMoved + pub.groupWeight * t.groupsMoved + pub.capWeight * capExcess(pub, t.pupilsMoved, t.groupsMoved);
}

/**
 * The scenario's structure in plain arrays, read from the document (not from the model's masks): cells are
 * numbered block * yearCount + year, as in model.ts, but held as lists of ids.
 */
class Mirror {
  readonly yearCount: number;
  readonly cellCount: number;
  /** Cells of placement p (model placement ids), as a list. */
  readonly placementCells: number[][] = [];
  /** Block indices of placement p. */
  readonly placementBlocks: number[][] = [];
  readonly courseYears: number[][];
  readonly courseMaxGroups: number[];
  readonly courseMaxPerBlock: number[];
  readonly maxGroupsPerYear: number;
  readonly needsStaff: boolean[];
  readonly needsRoom: boolean[];
  /** Qualified teachers and suitable rooms of each course. */
  readonly courseStaff: number[][];
  readonly courseRooms: number[][];
  readonly staffUnavailable: boolean[][];
  readonly staffMax: number[];
  readonly roomUnavailable: boolean[][];

  constructor(
    readonly sc: Scenario,
    readonly m: Model,
  ) {
    const blocks = sc.blocks;
    const years = sc.years && sc.years.length > 0 ? sc.years : [10, 11];
    const blockIndex = new Map(blocks.map((b, i) => [b, i]));
    const yearIndex = new Map(years.map((y, i) => [y, i]));
    this.yearCount = years.length;
    this.cellCount = blocks.length * years.length;
    const Y = this.yearCount;
    this.courseYears = sc.courses.map((c) => (c.years ?? years).map((y) => yearIndex.get(y)).filter((y): y is number => y !== undefined));
    sc.courses.forEach((course, c) => {
      const placements = coursePlacements(blocks, course);
      const count = m.placementStart[c + 1] - m.placementStart[c];
      if (placements.length !== count || this.placementCells.length !== m.placementStart[c]) {
        throw new Error(`fuzz driver: course ${course.id} has ${count} placements in the model, ${placements.length} by the driver's reading of the document`);
      }
      for (const where of placements) {
        const bs = where.map((b) => blockIndex.get(b)!);
        this.placementBlocks.push(bs);
        this.placementCells.push(bs.flatMap((b) => this.courseYears[c].map((y) => b * Y + y)));
      }
    });
    const unlimited = Number.MAX_SAFE_INTEGER;
    this.courseMaxGroups = sc.courses.map((c) => c.maxGroups ?? unlimited);
    this.courseMaxPerBlock = sc.courses.map((c) => c.maxGroupsPerBlock ?? unlimited);
    this.maxGroupsPerYear = sc.limits?.maxGroups ?? unlimited;
    const staff = sc.staff ?? [];
    const rooms = sc.rooms ?? [];
    const home = sc.courses.map((c) => !c.site || c.site === 'home');
    this.needsStaff = home.map((h) => staff.length > 0 && h);
    this.needsRoom = sc.courses.map((c, i) => rooms.length > 0 && home[i] && !!(c.roomType || (c.rooms && c.rooms.length > 0)));
    this.courseStaff = sc.courses.map((c) => staff.flatMap((t, i) => (t.courses.includes(c.id) ? [i] : [])));
    this.courseRooms = sc.courses.map((c, i) => {
      if (!this.needsRoom[i]) return [];
      if (c.rooms && c.rooms.length > 0) return rooms.flatMap((r, ri) => (c.rooms!.includes(r.id) ? [ri] : []));
      return rooms.flatMap((r, ri) => (r.type === c.roomType ? [ri] : []));
    });
    const unavailable = (list: { block: string; year?: number }[] | undefined): boolean[] => {
      const out = new Array<boolean>(this.cellCount).fill(false);
      for (const u of list ?? []) {
        const b = blockIndex.get(u.block);
        if (b === undefined) continue;
        for (let y = 0; y < Y; y++) if (u.year === undefined || yearIndex.get(u.year) === y) out[b * Y + y] = true;
      }
      return out;
    };
    this.staffUnavailable = staff.map((t) => unavailable(t.unavailable));
    this.staffMax = staff.map((t) => t.maxGroups ?? unlimited);
    this.roomUnavailable = rooms.map((r) => unavailable(r.unavailable));
  }

  cellsOfSlot(st: State, g: number): number[] {
    const p = st.slotPlacement[g];
    return p < 0 ? [] : this.placementCells[p];
  }

  /** Teacher t may take open slot g: available in its cells, holding no other slot there, under its load. */
  teacherFits(st: State, t: number, g: number): boolean {
    const cells = this.cellsOfSlot(st, g);
    if (cells.some((cell) => this.staffUnavailable[t][cell])) return false;
    const years = this.courseYears[this.m.slotCourse[g]];
    const load = new Array<number>(this.yearCount).fill(0);
    for (let h = 0; h < this.m.slotCount; h++) {
      if (h === g || st.slotStaff[h] !== t || st.slotPlacement[h] < 0) continue;
      const other = this.cellsOfSlot(st, h);
      if (cells.some((cell) => other.includes(cell))) return false;
      for (const y of this.courseYears[this.m.slotCourse[h]]) load[y]++;
    }
    return years.every((y) => load[y] < this.staffMax[t]);
  }

  roomFits(st: State, r: number, g: number): boolean {
    const cells = this.cellsOfSlot(st, g);
    if (cells.some((cell) => this.roomUnavailable[r][cell])) return false;
    for (let h = 0; h < this.m.slotCount; h++) {
      if (h === g || st.slotRoom[h] !== r || st.slotPlacement[h] < 0) continue;
      const other = this.cellsOfSlot(st, h);
      if (cells.some((cell) => other.includes(cell))) return false;
    }
    return true;
  }

  /** May slot g (of course c) sit at placement p, given every other slot where it is? */
  placementAllowed(st: State, g: number, p: number): boolean {
    const m = this.m;
    const c = m.slotCourse[g];
    let open = 0;
    const perBlock = new Map<number, number>();
    const perYear = new Array<number>(this.yearCount).fill(0);
    for (let h = 0; h < m.slotCount; h++) {
      const q = st.slotPlacement[h];
      if (h === g || q < 0) continue;
      for (const y of this.courseYears[m.slotCourse[h]]) perYear[y]++;
      if (m.slotCourse[h] !== c) continue;
      open++;
      for (const b of this.placementBlocks[q]) perBlock.set(b, (perBlock.get(b) ?? 0) + 1);
    }
    if (open + 1 > this.courseMaxGroups[c]) return false;
    if (this.placementBlocks[p].some((b) => (perBlock.get(b) ?? 0) + 1 > this.courseMaxPerBlock[c])) return false;
    return this.courseYears[c].every((y) => perYear[y] + 1 <= this.maxGroupsPerYear);
  }

  /** May seat i (student s) sit in open slot g: no clash with s's other seats, reserves within unmet choices. */
  seatAllowed(st: State, i: number, g: number): boolean {
    const m = this.m;
    const W = m.seatWidth;
    const s = Math.floor(i / W);
    const nChoices = m.studentChoiceCount[s];
    const cells = this.cellsOfSlot(st, g);
    let met = 0;
    let res = 0;
    for (let k = 0; k < nChoices + m.studentReserveCount[s]; k++) {
      const j = s * W + k;
      const h = j === i ? g : st.seat[j];
      if (h < 0) continue;
      if (k < nChoices) met++;
      else res++;
      if (j !== i && this.cellsOfSlot(st, h).some((cell) => cells.includes(cell))) return false;
    }
    return res <= nChoices - met;
  }
}

interface Saved {
  terms: Terms;
  score: number;
  objective: number;
  slotPlacement: Int32Array;
  slotStaff: Int32Array;
  slotRoom: Int32Array;
  seat: Int32Array;
  slotRef: Int32Array;
}

function save(st: State): Saved {
  return {
    terms: { ...st.t },
    score: st.score(),
    objective: st.objective(),
    slotPlacement: st.slotPlacement.slice(),
    slotStaff: st.slotStaff.slice(),
    slotRoom: st.slotRoom.slice(),
    seat: st.seat.slice(),
    slotRef: st.slotRef.slice(),
  };
}

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Plain-words differences between the State's assignment and terms and a saved copy; empty when equal. */
function differences(st: State, saved: Saved, checkScore: boolean): string[] {
  const out: string[] = [];
  for (const key of Object.keys(saved.terms) as (keyof Terms)[]) {
    if (st.t[key] !== saved.terms[key]) out.push(`term ${key} is ${st.t[key]}, was ${saved.terms[key]}`);
  }
  if (checkScore && st.score() !== saved.score) out.push(`score() is ${st.score()}, was ${saved.score}`);
  if (st.objective() !== saved.objective) out.push(`objective() is ${st.objective()}, was ${saved.objective}`);
  for (const name of ['slotPlacement', 'slotStaff', 'slotRoom', 'seat', 'slotRef'] as const) {
    const at = firstDifference(st[name], saved[name]);
    if (at >= 0) out.push(`${name}[${at}] is ${st[name][at]}, was ${saved[name][at]}`);
  }
  return out;
}

/** Every check of one step: the terms against the from-scratch rules, and the State's counters against counts. */
function checkStep(st: State, mirror: Mirror, tally: FuzzTally, baseline: readonly string[]): string[] {
  const m = st.m;
  const out: string[] = [];
  const { terms, breaches } = evaluateFromScratch(m, st);
  for (const key of Object.keys(terms) as (keyof Terms)[]) {
    if (terms[key] !== st.t[key]) out.push(`term ${key}: incremental ${st.t[key]}, from scratch ${terms[key]}`);
  }
  if (breaches.join('\n') !== baseline.join('\n')) {
    for (const b of breaches) if (!baseline.includes(b)) out.push(`breach: ${b}`);
    for (const b of baseline) if (!breaches.includes(b)) out.push(`breach of the scenario gone: ${b}`);
  }
  const hard = terms.overflow + terms.placesOver + terms.small + terms.unstaffed + terms.unroomed;
  if (st.hardViolations() !== hard) out.push(`hardViolations() ${st.hardViolations()}, from scratch ${hard}`);

  const W = m.seatWidth;
  const slotLoad = new Int32Array(m.slotCount);
  const courseLoad = new Int32Array(m.courseCount);
  for (let i = 0; i < st.seat.length; i++) {
    const g = st.seat[i];
    if (g < 0) continue;
    slotLoad[g]++;
    courseLoad[m.seatCourse[i]]++;
  }
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotLoad[g] !== slotLoad[g]) out.push(`slotLoad[${g}] ${st.slotLoad[g]}, counted ${slotLoad[g]}`);
    const r = st.slotRoom[g];
    const cap = r >= 0 ? Math.min(m.courseMaxSize[m.slotCourse[g]], m.roomCapacity[r]) : m.courseMaxSize[m.slotCourse[g]];
    if (st.slotCap[g] !== cap) out.push(`slotCap[${g}] ${st.slotCap[g]}, expected ${cap}`);
    // The slot's seat list holds exactly the seats that point at it.
    let listed = 0;
    for (let i = st.slotHead[g], guard = 0; i >= 0 && guard <= st.seat.length; i = st.seatNext[i], guard++) {
      if (st.seat[i] !== g) out.push(`seat ${i} is listed in slot ${g} but sits in ${st.seat[i]}`);
      listed++;
    }
    if (listed !== slotLoad[g]) out.push(`slot ${g} lists ${listed} seats, holds ${slotLoad[g]}`);
    tally.largestGroup = Math.max(tally.largestGroup, slotLoad[g]);
  }
  for (let c = 0; c < m.courseCount; c++) if (st.courseLoad[c] !== courseLoad[c]) out.push(`courseLoad[${c}] ${st.courseLoad[c]}, counted ${courseLoad[c]}`);
  if (m.studentPlacesYear !== null) {
    const yearLoad = new Int32Array(m.courseCount * m.yearCount);
    for (let i = 0; i < st.seat.length; i++) {
      const y = m.studentPlacesYear[(i / W) | 0];
      if (st.seat[i] >= 0 && y >= 0) yearLoad[m.seatCourse[i] * m.yearCount + y]++;
    }
    const at = firstDifference(st.courseYearLoad, yearLoad);
    if (at >= 0) out.push(`courseYearLoad[${at}] ${st.courseYearLoad[at]}, counted ${yearLoad[at]}`);
  } else if (st.courseYearLoad.length !== 0) out.push(`courseYearLoad has ${st.courseYearLoad.length} entries without per-year places`);

  const courseOpen = new Int32Array(m.courseCount);
  const courseBlockCount = new Int32Array(m.courseCount * m.blockCount);
  const yearGroups = new Int32Array(m.yearCount);
  const staffLoad = new Int32Array(m.staffCount * m.yearCount);
  for (let g = 0; g < m.slotCount; g++) {
    const p = st.slotPlacement[g];
    if (p < 0) continue;
    const c = m.slotCourse[g];
    courseOpen[c]++;
    for (const cell of mirror.placementCells[p]) tally.highestCell = Math.max(tally.highestCell, cell);
    for (const b of mirror.placementBlocks[p]) courseBlockCount[c * m.blockCount + b]++;
    for (const y of mirror.courseYears[c]) {
      yearGroups[y]++;
      if (st.slotStaff[g] >= 0) staffLoad[st.slotStaff[g] * m.yearCount + y]++;
    }
  }
  const compare = (name: string, have: Int32Array, want: Int32Array) => {
    const at = firstDifference(have, want);
    if (at >= 0) out.push(`${name}[${at}] ${have[at]}, counted ${want[at]}`);
  };
  compare('courseOpen', st.courseOpen, courseOpen);
  compare('courseBlockCount', st.courseBlockCount, courseBlockCount);
  compare('yearGroups', st.yearGroups, yearGroups);
  compare('staffLoad', st.staffLoad, staffLoad);

  let unsat = 0;
  for (let s = 0; s < m.studentCount; s++) {
    const nChoices = m.studentChoiceCount[s];
    let met = 0;
    let res = 0;
    for (let k = 0; k < nChoices + m.studentReserveCount[s]; k++) {
      if (st.seat[s * W + k] < 0) continue;
      if (k < nChoices) met++;
      else res++;
    }
    if (st.studentMet[s] !== met) out.push(`studentMet[${s}] ${st.studentMet[s]}, counted ${met}`);
    if (st.studentRes[s] !== res) out.push(`studentRes[${s}] ${st.studentRes[s]}, counted ${res}`);
    const inSet = st.unsatPos[s] >= 0 && st.unsatPos[s] < st.unsatCount && st.unsatList[st.unsatPos[s]] === s;
    if (inSet !== met < nChoices) out.push(`student ${s} ${inSet ? 'is' : 'is not'} in the unsatisfied set with ${met} of ${nChoices} choices met`);
    if (met < nChoices) unsat++;
  }
  if (st.unsatCount !== unsat) out.push(`unsatCount ${st.unsatCount}, counted ${unsat}`);
  const pub = st.pub;
  if (pub !== null) {
    for (let s = 0; s < m.studentCount; s++) {
      let moved = 0;
      for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
        if (!seatUnmovedIn(m, pub, st.slotRef, st.slotPlacement, s * W + k, st.seat[s * W + k])) moved++;
      }
      if (st.studentMovedSeats[s] !== moved) out.push(`studentMovedSeats[${s}] ${st.studentMovedSeats[s]}, counted ${moved}`);
    }
    if (terms.pupilsMoved > 0) tally.stepsWithPupilsMoved++;
    if (terms.groupsMoved < pub.groupIds.length) tally.stepsWithGroupsKept++;
  }

  // The State's own fit queries agree with the driver's reading of the document.
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    for (let t = 0; t < m.staffCount; t++) {
      if (st.slotStaff[g] === t) continue;
      const want = mirror.teacherFits(st, t, g);
      if (st.staffFits(t, g) !== want) out.push(`staffFits(${t}, ${g}) is ${!want}, expected ${want}`);
    }
    for (let r = 0; r < m.roomCount; r++) {
      if (st.slotRoom[g] === r) continue;
      const want = mirror.roomFits(st, r, g);
      if (st.roomFits(r, g) !== want) out.push(`roomFits(${r}, ${g}) is ${!want}, expected ${want}`);
    }
  }

  tally.steps++;
  tally.longestMove = Math.max(tally.longestMove, st.journalLength / 4);
  if (slotLoad.some((l) => l > 20)) tally.stepsWithGroupAbove20++;
  if (terms.overflow > 0) tally.stepsWithOverflow++;
  if (terms.small > 0) tally.stepsWithSmall++;
  if (terms.placesOver > 0) tally.stepsWithPlacesOver++;
  if (yearPlacesOver(m, st) > 0) tally.stepsWithYearPlacesOver++;
  if (terms.reserves > 0) tally.stepsWithReserves++;
  return out;
}

export class FuzzFailure extends Error {}

/**
 * Sets up the state as the search starts it (pinned groups at their placements with their teacher and room
 * when legal, fixed students seated), then applies `ops`, checking after the set-up and after every step.
 * Throws a FuzzFailure naming the step, the operation and every difference found.
 */
export function runOps(sc: Scenario, ops: readonly Op[], tally: FuzzTally = emptyTally(), published?: PublishedDraw): FuzzTally {
  const m = compile(sc);
  const st = new State(m);
  if (published) {
    const { result, withScenario, ...rest } = published;
    st.attachPublished(compilePublished(m, { result, scenario: withScenario ? sc : undefined, ...rest }));
  }
  const mirror = new Mirror(sc, m);
  const fail = (where: string, problems: string[]) => {
    throw new FuzzFailure(`${where}: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (and ${problems.length - 8} more)` : ''}`);
  };

  // ----- set-up -----
  for (let g = 0; g < m.slotCount; g++) if (m.slotPinned[g] && m.slotPinnedPlacement[g] >= 0) st.setPlacement(g, m.slotPinnedPlacement[g]);
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    const c = m.slotCourse[g];
    const t = m.slotPinnedStaff[g];
    if (t >= 0 && mirror.needsStaff[c] && mirror.courseStaff[c].includes(t) && mirror.teacherFits(st, t, g)) st.setStaff(g, t);
    const r = m.slotPinnedRoom[g];
    if (r >= 0 && mirror.courseRooms[c].includes(r) && mirror.roomFits(st, r, g)) st.setRoom(g, r);
  }
  for (let i = 0; i < m.fixedSeat.length; i++) {
    const g = m.fixedSeat[i];
    if (g >= 0 && st.slotPlacement[g] >= 0) st.setSeat(i, g);
  }
  // The scenario's own breaches (pinned groups above a course's maxGroups or the year's limit): no operation
  // touches pinned groups, so they stay exactly these through the run; any other breach is the driver's or the State's.
  const baseline = evaluateFromScratch(m, st).breaches;
  const setupProblems = checkStep(st, mirror, tally, baseline);
  if (setupProblems.length > 0) fail('after set-up', setupProblems);

  // ----- operations -----
  const freeSlots: number[] = [];
  for (let g = 0; g < m.slotCount; g++) if (!m.slotPinned[g]) freeSlots.push(g);
  const movableSeats: number[] = [];
  for (let i = 0; i < m.seatCourse.length; i++) if (m.seatCourse[i] >= 0 && m.fixedSeat[i] < 0 && !m.seatForbidden[i]) movableSeats.push(i);
  const openSlotsOf = (c: number): number[] => {
    const out: number[] = [];
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (st.slotPlacement[g] >= 0) out.push(g);
    return out;
  };
  const legalPlacements = (g: number): number[] => {
    const c = m.slotCourse[g];
    const out: number[] = [];
    for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) if (p !== st.slotPlacement[g] && mirror.placementAllowed(st, g, p)) out.push(p);
    if (st.slotPlacement[g] >= 0) out.push(-1);
    return out;
  };
  const staffSlots = () => Array.from({ length: m.slotCount }, (_, g) => g).filter((g) => st.slotPlacement[g] >= 0 && mirror.needsStaff[m.slotCourse[g]]);
  const roomSlots = () => Array.from({ length: m.slotCount }, (_, g) => g).filter((g) => st.slotPlacement[g] >= 0 && mirror.needsRoom[m.slotCourse[g]]);
  const legalTeachers = (g: number) => mirror.courseStaff[m.slotCourse[g]].filter((t) => t !== st.slotStaff[g] && mirror.teacherFits(st, t, g));
  const legalRooms = (g: number) => mirror.courseRooms[m.slotCourse[g]].filter((r) => r !== st.slotRoom[g] && mirror.roomFits(st, r, g));
  const seater = new Seater(m);
  /** Seats unseated seat i in slot g, and checks the seater's prediction of the change of score(). */
  const seatPredicted = (i: number, g: number, where: string): void => {
    const s = Math.floor(i / m.seatWidth);
    const k = i - s * m.seatWidth;
    const nChoices = m.studentChoiceCount[s];
    const groups = seater.marginal(st, g);
    // The per-year quota (0 without one) prices the student's course whichever group: the seater adds it per choice.
    const student =
      st.w.overflow * yearPlacesOverOnJoin(st, m.seatCourse[i], s) +
      (k < nChoices
        ? -WEIGHTS.unmet - (st.studentMet[s] + 1 === nChoices ? WEIGHTS.notFull : 0)
        : -WEIGHTS.reserve + WEIGHTS.reserveRank * (k - nChoices));
    const before = st.score() - referencePart(st.pub, st.t);
    st.setSeat(i, g);
    const change = st.score() - referencePart(st.pub, st.t) - before;
    if (Math.abs(change - (groups + student)) > 1e-6) {
      fail(where, [
        `seating seat ${i} in slot ${g} changed score() by ${change}; Seater.marginal predicted ${groups} for the group terms, the student's own terms are ${student}`,
      ]);
    }
    tally.marginalsChecked++;
  };
  const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const applied = (k: string) => (tally.applied[k] = (tally.applied[k] ?? 0) + 1);

  let inMove = false;
  let mark = 0;
  let atBegin: Saved | null = null;
  let snap: Snapshot | null = null;
  let atSnapshot: Saved | null = null;

  ops.forEach((op, step) => {
    const where = `step ${step} ${JSON.stringify(op)}`;
    switch (op.k) {
      case 'seat': {
        const i = pick(movableSeats, op.seat);
        if (i === undefined) break;
        const targets = openSlotsOf(m.seatCourse[i]).filter((g) => g !== st.seat[i] && mirror.seatAllowed(st, i, g));
        if (st.seat[i] >= 0) targets.push(-1);
        const g = pick(targets, op.to);
        if (g === undefined) break;
        if (g >= 0 && st.seat[i] < 0) seatPredicted(i, g, where);
        else st.setSeat(i, g);
        applied(g < 0 ? 'unseat' : 'seat');
        break;
      }
      case 'place': {
        const g = pick(
          freeSlots.filter((h) => st.slotLoad[h] === 0 && st.slotStaff[h] < 0 && st.slotRoom[h] < 0),
          op.slot,
        );
        if (g === undefined) break;
        const p = pick(legalPlacements(g), op.to);
        if (p === undefined) break;
        applied(p < 0 ? 'close' : st.slotPlacement[g] < 0 ? 'open' : 'move');
        st.setPlacement(g, p);
        break;
      }
      case 'regroup': {
        const g = pick(freeSlots, op.slot);
        if (g === undefined) break;
        const seated: number[] = [];
        for (let i = st.slotHead[g]; i >= 0; i = st.seatNext[i]) seated.push(i);
        for (const i of seated) st.setSeat(i, -1);
        st.setStaff(g, -1);
        st.setRoom(g, -1);
        const p = pick(legalPlacements(g), op.to);
        if (p !== undefined) st.setPlacement(g, p);
        if (st.slotPlacement[g] >= 0) {
          seated.forEach((i, n) => {
            if (op.reseat & (1 << n % 16) && mirror.seatAllowed(st, i, g)) st.setSeat(i, g);
          });
          const t = legalTeachers(g)[0];
          if (t !== undefined && mirror.needsStaff[m.slotCourse[g]]) st.setStaff(g, t);
          const r = legalRooms(g)[0];
          if (r !== undefined) st.setRoom(g, r);
        }
        applied('regroup');
        break;
      }
      case 'student': {
        const s = op.student % m.studentCount;
        const base = s * m.seatWidth;
        const before = Array.from({ length: m.seatWidth }, (_, k) => st.seat[base + k]);
        if (before.every((g) => g < 0)) break;
        st.unseatStudent(s);
        for (let k = 0; k < m.seatWidth; k++) {
          const i = base + k;
          const g = before[k];
          if (g < 0) continue;
          if (m.fixedSeat[i] >= 0 || (op.reseat & (1 << k % 8) && mirror.seatAllowed(st, i, g))) st.setSeat(i, g);
        }
        applied('student');
        break;
      }
      case 'fill': {
        const c = op.course % m.courseCount;
        const g = pick(openSlotsOf(c), op.to);
        if (g === undefined) break;
        let seated = 0;
        for (const i of movableSeats) {
          if (m.seatCourse[i] !== c || st.seat[i] >= 0 || !mirror.seatAllowed(st, i, g)) continue;
          seatPredicted(i, g, where);
          seated++;
        }
        if (seated > 0) applied('fill');
        break;
      }
      case 'staff': {
        const g = pick(staffSlots(), op.slot);
        if (g === undefined) break;
        const options: number[] = legalTeachers(g);
        if (st.slotStaff[g] >= 0) options.push(-1);
        const t = pick(options, op.to);
        if (t === undefined) break;
        st.setStaff(g, t);
        applied(t < 0 ? 'unstaff' : 'staff');
        break;
      }
      case 'room': {
        const g = pick(roomSlots(), op.slot);
        if (g === undefined) break;
        const options: number[] = legalRooms(g);
        if (st.slotRoom[g] >= 0) options.push(-1);
        const r = pick(options, op.to);
        if (r === undefined) break;
        st.setRoom(g, r);
        applied(r < 0 ? 'unroom' : 'room');
        break;
      }
      case 'begin': {
        // The search never nests moves: a begin inside a move is the same move going on.
        if (inMove) break;
        atBegin = save(st);
        mark = st.begin();
        inMove = true;
        applied('begin');
        break;
      }
      case 'undo': {
        if (!inMove) break;
        const changed = differences(st, atBegin!, true).length > 0;
        st.undo(mark);
        st.commit();
        inMove = false;
        const problems = differences(st, atBegin!, true);
        if (problems.length > 0) fail(`${where}: undo did not restore the state at begin`, problems);
        if (st.journalLength !== 0) fail(where, [`journal holds ${st.journalLength / 4} entries after undo and commit`]);
        if (changed) tally.undosChecked++;
        applied('undo');
        break;
      }
      case 'commit': {
        if (!inMove) break;
        st.commit();
        inMove = false;
        applied('commit');
        break;
      }
      case 'snapshot': {
        snap = st.snapshot(op.reuse ? snap : null);
        atSnapshot = save(st);
        for (const name of ['slotPlacement', 'slotStaff', 'slotRoom', 'seat', 'slotRef'] as const) {
          const at = firstDifference(snap[name], st[name]);
          if (at >= 0) fail(where, [`snapshot ${name}[${at}] is ${snap[name][at]}, state has ${st[name][at]}`]);
        }
        applied('snapshot');
        break;
      }
      case 'restore': {
        // The search restores its best between moves, never inside one.
        if (inMove || snap === null) break;
        st.restore(snap);
        const problems = differences(st, atSnapshot!, false);
        if (problems.length > 0) fail(`${where}: restore did not give the state at the snapshot`, problems);
        tally.restoresChecked++;
        applied('restore');
        break;
      }
      case 'ref': {
        const pub = st.pub;
        if (pub === null) break;
        const g = pick(
          Array.from({ length: m.slotCount }, (_, h) => h).filter((h) => st.slotPlacement[h] >= 0 && st.slotLoad[h] === 0),
          op.slot,
        );
        if (g === undefined) break;
        const taken = new Set(Array.from(st.slotRef).filter((r) => r >= 0));
        const options: number[] = [];
        for (let r = 0; r < pub.groupIds.length; r++) if (pub.groupCourse[r] === m.slotCourse[g] && !taken.has(r)) options.push(r);
        if (st.slotRef[g] >= 0) options.push(-1);
        const r = pick(options, op.to);
        if (r === undefined) break;
        st.setRef(g, r);
        applied(r < 0 ? 'unref' : 'ref');
        break;
      }
      case 'weights': {
        if (inMove) break;
        st.w.overflow = op.overflow;
        st.w.small = op.small;
        st.w.resources = op.resources;
        applied('weights');
        break;
      }
    }
    const problems = checkStep(st, mirror, tally, baseline);
    if (problems.length > 0) fail(where, problems);
  });
  // A move left open at the end is undone and checked too.
  if (inMove) {
    st.undo(mark);
    st.commit();
    const problems = differences(st, atBegin!, true);
    if (problems.length > 0) fail('final undo did not restore the state at begin', problems);
    const again = checkStep(st, mirror, tally, baseline);
    if (again.length > 0) fail('after the final undo', again);
  }
  return tally;
}
