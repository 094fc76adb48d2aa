/**
 * The search state: where each group slot sits, who teaches it, which room it has, and where each
 * student is seated, with every score term kept up to date incrementally by four raw setters
 * (seat, placement, staff, room). Each setter journals the value it overwrote, so a rejected move is
 * undone by replaying the journal backwards. The from-scratch reference for every term lives in
 * rules/*.ts; checkAgainstScratch() compares them (assert mode and property tests).
 *
 * Layouts (see model.ts for ids):
 *  seat[s * W + k]          slot holding student s for their k-th course (choices, then reserves), -1 none
 *  seatNext/seatPrev[i]     intrusive doubly linked list of the seats in one slot; slotHead[g] first seat
 *  slotCells[g * CW ..]     cell mask of slot g's placement (CW = model.cellWords words a mask, cells.ts)
 *  studentCells[s * CW ..]  union of the cell masks of s's seated slots
 *  staffBusy[t * CW ..], roomBusy[r * CW ..] cell masks a teacher / room is holding
 *  staffLoad[t * Y + y]     groups teacher t holds in year y
 *  courseBlockCount[c * B + b] open groups of course c occupying block b
 */
import { cellsAdd, cellsCopy, cellsOverlapEither, cellsRemove } from './cells';
import type { Model } from './model';

/** Score weights. Lexicographic order of docs/format.md, with hard rules as large penalties the search may cross. */
export const W = {
  overflow: 300, // per student above a group's capacity, or above a course's places
  small: 100, // per running group below its minimum size
  unstaffed: 6000, // per home group with no teacher (when staff are listed): more than a full group's students
  unroomed: 6000, // per group with no suitable room (when rooms are listed)
  notFull: 100, // per student not fully satisfied
  unmet: 20, // per unmet choice
  reserve: 5, // reward per reserve placed
  // per place down a student's reserve list of each reserve placed (0 for the first): their order, far below placing
  // one. Small so it barely reshapes the search: on a generated 120 cohort, seeds 1-3 at 10 s, 0.5 gave 113/119/117
  // fully satisfied where none gave 117/119/118, and 0.05 118/116/118.
  reserveRank: 0.05,
  group: 3, // per running group
  even: 0.0005, // per unit of the sum of squared group sizes
} as const;

export interface Terms {
  overflow: number;
  small: number;
  placesOver: number;
  unstaffed: number;
  unroomed: number;
  notFull: number;
  unmet: number;
  reserves: number;
  /** Sum over placed reserves of their place in the student's reserve list (0 for the first). */
  reserveRank: number;
  openGroups: number;
  sumSquares: number;
}

const OP_SEAT = 0;
const OP_PLACE = 1;
const OP_STAFF = 2;
const OP_ROOM = 3;

export class State {
  readonly m: Model;
  readonly W: number;
  // groups
  slotPlacement: Int32Array;
  slotCells: Int32Array;
  slotLoad: Int32Array;
  slotCap: Int32Array;
  slotStaff: Int32Array;
  slotRoom: Int32Array;
  slotHead: Int32Array;
  // students
  seat: Int32Array;
  seatNext: Int32Array;
  seatPrev: Int32Array;
  studentCells: Int32Array;
  studentMet: Int32Array;
  studentRes: Int32Array;
  /** Students not fully satisfied, as a set: unsatList[0..unsatCount-1], unsatPos[s] = index or -1. */
  unsatList: Int32Array;
  unsatPos: Int32Array;
  unsatCount = 0;
  // aggregates
  courseLoad: Int32Array;
  courseOpen: Int32Array;
  courseBlockCount: Int32Array;
  yearGroups: Int32Array;
  staffBusy: Int32Array;
  staffLoad: Int32Array;
  roomBusy: Int32Array;
  // score terms
  t: Terms = { overflow: 0, small: 0, placesOver: 0, unstaffed: 0, unroomed: 0, notFull: 0, unmet: 0, reserves: 0, reserveRank: 0, openGroups: 0, sumSquares: 0 };
  // journal: 4 ints per entry (op, a, b, old)
  private journal: Int32Array;
  journalLength = 0;
  recording = false;

  constructor(model: Model) {
    const m = model;
    this.m = m;
    this.W = m.seatWidth;
    const G = m.slotCount;
    this.slotPlacement = new Int32Array(G).fill(-1);
    this.slotCells = new Int32Array(G * m.cellWords);
    this.slotLoad = new Int32Array(G);
    this.slotCap = new Int32Array(G);
    for (let g = 0; g < G; g++) this.slotCap[g] = m.courseMaxSize[m.slotCourse[g]];
    this.slotStaff = new Int32Array(G).fill(-1);
    this.slotRoom = new Int32Array(G).fill(-1);
    this.slotHead = new Int32Array(G).fill(-1);
    const n = m.studentCount * m.seatWidth;
    this.seat = new Int32Array(n).fill(-1);
    this.seatNext = new Int32Array(n).fill(-1);
    this.seatPrev = new Int32Array(n).fill(-1);
    this.studentCells = new Int32Array(m.studentCount * m.cellWords);
    this.studentMet = new Int32Array(m.studentCount);
    this.studentRes = new Int32Array(m.studentCount);
    this.unsatList = new Int32Array(m.studentCount);
    this.unsatPos = new Int32Array(m.studentCount).fill(-1);
    for (let s = 0; s < m.studentCount; s++) {
      this.t.unmet += m.studentChoiceCount[s];
      if (m.studentChoiceCount[s] > 0) this.addUnsat(s);
    }
    this.t.notFull = this.unsatCount;
    this.courseLoad = new Int32Array(m.courseCount);
    this.courseOpen = new Int32Array(m.courseCount);
    this.courseBlockCount = new Int32Array(m.courseCount * m.blockCount);
    this.yearGroups = new Int32Array(m.yearCount);
    this.staffBusy = new Int32Array(m.staffCount * m.cellWords);
    this.staffLoad = new Int32Array(m.staffCount * m.yearCount);
    this.roomBusy = new Int32Array(m.roomCount * m.cellWords);
    this.journal = new Int32Array(4 * 4096);
  }

  /**
   * Penalty weights the search uses now. The search lowers the minimum-size and overflow weights early in a
   * cycle (so empty groups can fill and students can pass through full ones) and raises them as it cools.
   */
  w = { overflow: W.overflow as number, small: W.small as number, resources: W.unstaffed as number };

  /** The score the search minimises, with the current penalty weights. */
  score(): number {
    return this.weighted(this.w.overflow, this.w.small, this.w.resources, this.w.resources);
  }

  /** The objective with the fixed weights: how solutions found at different moments are compared. */
  objective(): number {
    return this.weighted(W.overflow, W.small, W.unstaffed, W.unroomed);
  }

  private weighted(overflow: number, small: number, unstaffed: number, unroomed: number): number {
    const t = this.t;
    return (
      overflow * (t.overflow + t.placesOver) +
      small * t.small +
      unstaffed * t.unstaffed +
      unroomed * t.unroomed +
      W.notFull * t.notFull +
      W.unmet * t.unmet -
      W.reserve * t.reserves +
      W.reserveRank * t.reserveRank +
      W.group * t.openGroups +
      W.even * t.sumSquares
    );
  }

  hardViolations(): number {
    const t = this.t;
    return t.overflow + t.placesOver + t.small + t.unstaffed + t.unroomed;
  }

  fullySatisfied(): number {
    return this.m.studentCount - this.t.notFull;
  }

  // ---------- journal ----------

  private push(op: number, a: number, b: number, old: number): void {
    if (!this.recording) return;
    if (this.journalLength + 4 > this.journal.length) {
      const bigger = new Int32Array(this.journal.length * 2);
      bigger.set(this.journal);
      this.journal = bigger;
    }
    const j = this.journal;
    const i = this.journalLength;
    j[i] = op;
    j[i + 1] = a;
    j[i + 2] = b;
    j[i + 3] = old;
    this.journalLength = i + 4;
  }

  /** Start recording a move; returns the mark to undo to. */
  begin(): number {
    this.recording = true;
    return this.journalLength;
  }

  commit(): void {
    this.recording = false;
    this.journalLength = 0;
  }

  undo(mark: number): void {
    this.recording = false;
    const j = this.journal;
    for (let i = this.journalLength - 4; i >= mark; i -= 4) {
      const op = j[i];
      const a = j[i + 1];
      const old = j[i + 3];
      if (op === OP_SEAT) this.setSeat(a, old);
      else if (op === OP_PLACE) this.setPlacement(a, old);
      else if (op === OP_STAFF) this.setStaff(a, old);
      else if (op === OP_ROOM) this.setRoom(a, old);
    }
    this.journalLength = mark;
  }

  // ---------- unsatisfied set ----------

  private addUnsat(s: number): void {
    if (this.unsatPos[s] >= 0) return;
    this.unsatPos[s] = this.unsatCount;
    this.unsatList[this.unsatCount++] = s;
  }

  private removeUnsat(s: number): void {
    const p = this.unsatPos[s];
    if (p < 0) return;
    const last = this.unsatList[--this.unsatCount];
    this.unsatList[p] = last;
    this.unsatPos[last] = p;
    this.unsatPos[s] = -1;
  }

  // ---------- per-slot term contributions ----------

  private overflowOf(g: number): number {
    const over = this.slotLoad[g] - this.slotCap[g];
    return over > 0 ? over : 0;
  }

  private smallOf(g: number): number {
    const m = this.m;
    if (m.slotPinned[g]) return 0;
    const l = this.slotLoad[g];
    return l > 0 && l < m.courseMinSize[m.slotCourse[g]] ? 1 : 0;
  }

  private placesOverOf(c: number): number {
    const cap = this.m.coursePlaces[c];
    if (cap < 0) return 0;
    const over = this.courseLoad[c] - cap;
    return over > 0 ? over : 0;
  }

  needsStaff(g: number): boolean {
    const m = this.m;
    return m.staffRequired && m.courseHome[m.slotCourse[g]] === 1;
  }

  needsRoom(g: number): boolean {
    return this.m.courseNeedsRoom[this.m.slotCourse[g]] === 1;
  }

  private unstaffedOf(g: number): number {
    return this.slotPlacement[g] >= 0 && this.slotStaff[g] < 0 && this.needsStaff(g) ? 1 : 0;
  }

  private unroomedOf(g: number): number {
    return this.slotPlacement[g] >= 0 && this.slotRoom[g] < 0 && this.needsRoom(g) ? 1 : 0;
  }

  // ---------- raw setters (the only code that changes state) ----------

  /** Seat index i = s * W + k moves to slot g (-1 = unseated). The slot must be open and not clash. */
  setSeat(i: number, g: number): void {
    const old = this.seat[i];
    if (old === g) return;
    this.push(OP_SEAT, i, 0, old);
    const m = this.m;
    const s = (i / this.W) | 0;
    const k = i - s * this.W;
    const isChoice = k < m.studentChoiceCount[s];
    const c = m.seatCourse[i];
    const t = this.t;
    const wasFull = this.studentMet[s] === m.studentChoiceCount[s];
    if (old >= 0) {
      t.overflow -= this.overflowOf(old);
      t.small -= this.smallOf(old);
      t.placesOver -= this.placesOverOf(c);
      const l = this.slotLoad[old];
      t.sumSquares += (l - 1) * (l - 1) - l * l;
      this.slotLoad[old] = l - 1;
      this.courseLoad[c]--;
      t.overflow += this.overflowOf(old);
      t.small += this.smallOf(old);
      t.placesOver += this.placesOverOf(c);
      cellsRemove(this.studentCells, s, this.slotCells, old, m.cellWords);
      // unlink
      const p = this.seatPrev[i];
      const n = this.seatNext[i];
      if (p >= 0) this.seatNext[p] = n;
      else this.slotHead[old] = n;
      if (n >= 0) this.seatPrev[n] = p;
      this.seatPrev[i] = -1;
      this.seatNext[i] = -1;
      if (isChoice) {
        this.studentMet[s]--;
        t.unmet++;
      } else {
        this.studentRes[s]--;
        t.reserves--;
        t.reserveRank -= k - m.studentChoiceCount[s];
      }
    }
    this.seat[i] = g;
    if (g >= 0) {
      t.overflow -= this.overflowOf(g);
      t.small -= this.smallOf(g);
      t.placesOver -= this.placesOverOf(c);
      const l = this.slotLoad[g];
      t.sumSquares += (l + 1) * (l + 1) - l * l;
      this.slotLoad[g] = l + 1;
      this.courseLoad[c]++;
      t.overflow += this.overflowOf(g);
      t.small += this.smallOf(g);
      t.placesOver += this.placesOverOf(c);
      cellsAdd(this.studentCells, s, this.slotCells, g, m.cellWords);
      const h = this.slotHead[g];
      this.seatNext[i] = h;
      this.seatPrev[i] = -1;
      if (h >= 0) this.seatPrev[h] = i;
      this.slotHead[g] = i;
      if (isChoice) {
        this.studentMet[s]++;
        t.unmet--;
      } else {
        this.studentRes[s]++;
        t.reserves++;
        t.reserveRank += k - m.studentChoiceCount[s];
      }
    }
    const isFull = this.studentMet[s] === m.studentChoiceCount[s];
    if (wasFull !== isFull) {
      if (isFull) {
        t.notFull--;
        this.removeUnsat(s);
      } else {
        t.notFull++;
        this.addUnsat(s);
      }
    }
  }

  /** Open slot g at placement p, move it, or close it (p = -1). The slot must hold no students, teacher or room. */
  setPlacement(g: number, p: number): void {
    const old = this.slotPlacement[g];
    if (old === p) return;
    if (this.slotLoad[g] !== 0 || this.slotStaff[g] >= 0 || this.slotRoom[g] >= 0) {
      throw new Error(`internal: slot ${g} moved while holding students, a teacher or a room`);
    }
    this.push(OP_PLACE, g, 0, old);
    const m = this.m;
    const c = m.slotCourse[g];
    const t = this.t;
    t.unstaffed -= this.unstaffedOf(g);
    t.unroomed -= this.unroomedOf(g);
    const yearMask = m.courseYearMask[c];
    if (old >= 0) {
      this.courseOpen[c]--;
      t.openGroups--;
      this.courseBlockCount[c * m.blockCount + m.placementBlockA[old]]--;
      if (m.placementBlockB[old] >= 0) this.courseBlockCount[c * m.blockCount + m.placementBlockB[old]]--;
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.yearGroups[y]--;
    }
    this.slotPlacement[g] = p;
    cellsCopy(this.slotCells, g, m.placementCells, p, m.cellWords);
    if (p >= 0) {
      this.courseOpen[c]++;
      t.openGroups++;
      this.courseBlockCount[c * m.blockCount + m.placementBlockA[p]]++;
      if (m.placementBlockB[p] >= 0) this.courseBlockCount[c * m.blockCount + m.placementBlockB[p]]++;
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.yearGroups[y]++;
    }
    t.unstaffed += this.unstaffedOf(g);
    t.unroomed += this.unroomedOf(g);
  }

  setStaff(g: number, teacher: number): void {
    const old = this.slotStaff[g];
    if (old === teacher) return;
    this.push(OP_STAFF, g, 0, old);
    const m = this.m;
    const yearMask = m.courseYearMask[m.slotCourse[g]];
    this.t.unstaffed -= this.unstaffedOf(g);
    if (old >= 0) {
      cellsRemove(this.staffBusy, old, this.slotCells, g, m.cellWords);
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.staffLoad[old * m.yearCount + y]--;
    }
    this.slotStaff[g] = teacher;
    if (teacher >= 0) {
      cellsAdd(this.staffBusy, teacher, this.slotCells, g, m.cellWords);
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.staffLoad[teacher * m.yearCount + y]++;
    }
    this.t.unstaffed += this.unstaffedOf(g);
  }

  setRoom(g: number, room: number): void {
    const old = this.slotRoom[g];
    if (old === room) return;
    this.push(OP_ROOM, g, 0, old);
    const m = this.m;
    const t = this.t;
    t.unroomed -= this.unroomedOf(g);
    t.overflow -= this.overflowOf(g);
    if (old >= 0) cellsRemove(this.roomBusy, old, this.slotCells, g, m.cellWords);
    this.slotRoom[g] = room;
    const courseMax = m.courseMaxSize[m.slotCourse[g]];
    if (room >= 0) {
      cellsAdd(this.roomBusy, room, this.slotCells, g, m.cellWords);
      this.slotCap[g] = Math.min(courseMax, m.roomCapacity[room]);
    } else this.slotCap[g] = courseMax;
    t.overflow += this.overflowOf(g);
    t.unroomed += this.unroomedOf(g);
  }

  // ---------- queries used by moves ----------

  /** May teacher t take slot g's cells (free, available, under load)? Slot g must not hold t already. */
  staffFits(teacher: number, g: number): boolean {
    const m = this.m;
    if (cellsOverlapEither(this.slotCells, g, m.staffUnavailableCells, teacher, this.staffBusy, teacher, m.cellWords)) return false;
    const yearMask = m.courseYearMask[m.slotCourse[g]];
    for (let y = 0; y < m.yearCount; y++) {
      if (yearMask & (1 << y) && this.staffLoad[teacher * m.yearCount + y] >= m.staffMaxGroups[teacher]) return false;
    }
    return true;
  }

  roomFits(room: number, g: number): boolean {
    return !cellsOverlapEither(this.slotCells, g, this.m.roomUnavailableCells, room, this.roomBusy, room, this.m.cellWords);
  }

  /** Student s's seat indices all unseated (fixed seats included). */
  unseatStudent(s: number): void {
    const base = s * this.W;
    const end = base + this.m.studentChoiceCount[s] + this.m.studentReserveCount[s];
    for (let i = base; i < end; i++) if (this.seat[i] >= 0) this.setSeat(i, -1);
  }

  /**
   * Copies the assignment arrays (what a saved best solution needs). Given `into` (an earlier snapshot of this
   * state), copies into its arrays and returns it: the search saves every improvement into one buffer, so
   * nothing is allocated per improvement (a fresh copy was 120 kB at 5,000 students, 480 kB at 20,000).
   */
  snapshot(into?: Snapshot | null): Snapshot {
    if (into && into.seat.length === this.seat.length && into.slotPlacement.length === this.slotPlacement.length) {
      into.slotPlacement.set(this.slotPlacement);
      into.slotStaff.set(this.slotStaff);
      into.slotRoom.set(this.slotRoom);
      into.seat.set(this.seat);
      return into;
    }
    return {
      slotPlacement: this.slotPlacement.slice(),
      slotStaff: this.slotStaff.slice(),
      slotRoom: this.slotRoom.slice(),
      seat: this.seat.slice(),
    };
  }

  /** Entries the journal has room for (it grows to the largest single move and is reused; tests check it stays bounded). */
  get journalCapacity(): number {
    return this.journal.length / 4;
  }

  /** Rebuilds the state from a snapshot (through the setters, so every term stays consistent). */
  restore(snap: Snapshot): void {
    const wasRecording = this.recording;
    this.recording = false;
    for (let i = 0; i < this.seat.length; i++) if (this.seat[i] >= 0) this.setSeat(i, -1);
    for (let g = 0; g < this.m.slotCount; g++) {
      this.setStaff(g, -1);
      this.setRoom(g, -1);
    }
    for (let g = 0; g < this.m.slotCount; g++) this.setPlacement(g, snap.slotPlacement[g]);
    for (let g = 0; g < this.m.slotCount; g++) {
      if (snap.slotStaff[g] >= 0) this.setStaff(g, snap.slotStaff[g]);
      if (snap.slotRoom[g] >= 0) this.setRoom(g, snap.slotRoom[g]);
    }
    for (let i = 0; i < this.seat.length; i++) if (snap.seat[i] >= 0) this.setSeat(i, snap.seat[i]);
    this.recording = wasRecording;
    this.journalLength = 0;
  }
}

export interface Snapshot {
  slotPlacement: Int32Array;
  slotStaff: Int32Array;
  slotRoom: Int32Array;
  seat: Int32Array;
}

