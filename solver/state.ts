/**
 * The search state: where each group slot sits, who teaches it, which room it has, and where each
 * student is seated, with every score term kept up to date incrementally by four raw setters
 * (seat, placement, staff, room). Each setter journals the value it overwrote, so a rejected move is
 * undone by replaying the journal backwards. The setters own the data layout and its bookkeeping; how each
 * term changes is its rule's: every rule module of constraints/ holds the rule's from-scratch evaluation, its
 * incremental one (the `...OnJoin`, `...OnLeave`, `...OnPlace` functions the setters call, read before the
 * change) and its weight (constraints/objective.ts gathers the weights and the weighted score).
 * constraints/index.ts compares the incremental terms to the from-scratch ones (assert mode and property tests).
 *
 * Layouts (see model.ts for ids):
 *  seat[s * W + k]          slot holding student s for their k-th course (choices, then reserves), -1 none
 *  seatNext/seatPrev[i]     intrusive doubly linked list of the seats in one slot; slotHead[g] first seat
 *  slotCells[g * CW ..]     cell mask of slot g's placement (CW = model.cellWords words a mask, cells.ts)
 *  studentCells[s * CW ..]  union of the cell masks of s's seated slots
 *  staffBusy[t * CW ..], roomBusy[r * CW ..] cell masks a teacher / room is holding
 *  staffLoad[t * Y + y]     groups teacher t holds in year y
 *  courseBlockCount[c * B + b] open groups of course c occupying block b
 *  slotLoad[g], slotCap[g]  students in slot g, and its capacity now (constraints/capacity.ts capacityWithRoom)
 *  courseLoad[c]            students seated on course c across its groups (the places rule's count)
 *  courseYearLoad[c * Y + y] with per-year places only (model.studentPlacesYear not null, else empty): students
 *                           of year y (model.studentPlacesYear) seated on course c (the per-year places rule's count)
 *  studentMet[s], studentRes[s] choices met and reserves placed of student s
 *  slotRef[g]               with a published blocking (pub): the published group slot g continues, -1 none;
 *                           set and cleared only while the slot is empty (setRef), cleared when it closes
 *  studentMovedSeats[s]     with pub: s's seats placed otherwise than published (constraints/pupils-moved.ts)
 */
import { cellsAdd, cellsCopy, cellsRemove } from './cells';
import { capacityWithRoom, overflowOnCapacity, overflowOnJoin, overflowOnLeave } from './constraints/capacity';
import { openGroupsOnPlace, sumSquaresOnJoin, sumSquaresOnLeave } from './constraints/groups';
import { smallOnJoin, smallOnLeave } from './constraints/min-size';
import { groupsMovedOnPlace, groupsMovedOnRef } from './constraints/groups-moved';
import { W, weightedScore, zeroTerms, type Terms } from './constraints/objective';
import type { PublishedBlocking } from './constraints/published';
import { movedSeatsOnSeat, pupilsMovedOnMovedSeats, seatUnmovedIn } from './constraints/pupils-moved';
import { placesOverOnJoin, placesOverOnLeave, yearPlacesOverOnJoin, yearPlacesOverOnLeave } from './constraints/places';
import { needsRoom, roomFits, unroomedOnPlace, unroomedOnRoom } from './constraints/rooms';
import { notFullOnMet, unmetAndReservesOnSeat } from './constraints/seating';
import { needsStaff, teacherFits, unstaffedOnPlace, unstaffedOnStaff } from './constraints/staffing';
import type { Model } from './model';

// The weights and terms are the rules' (constraints/objective.ts); re-exported where the search has always found them.
export { W, type Terms };

const OP_SEAT = 0;
const OP_PLACE = 1;
const OP_STAFF = 2;
const OP_ROOM = 3;
const OP_REF = 4;

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
  courseYearLoad: Int32Array;
  courseOpen: Int32Array;
  courseBlockCount: Int32Array;
  yearGroups: Int32Array;
  staffBusy: Int32Array;
  staffLoad: Int32Array;
  roomBusy: Int32Array;
  // a re-solve against a published blocking (attachPublished); null for an ordinary solve
  pub: PublishedBlocking | null = null;
  slotRef: Int32Array;
  studentMovedSeats: Int32Array;
  // score terms
  t: Terms = zeroTerms();
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
    for (let g = 0; g < G; g++) this.slotCap[g] = capacityWithRoom(m, g, -1);
    this.slotStaff = new Int32Array(G).fill(-1);
    this.slotRoom = new Int32Array(G).fill(-1);
    this.slotHead = new Int32Array(G).fill(-1);
    this.slotRef = new Int32Array(G).fill(-1);
    const n = m.studentCount * m.seatWidth;
    this.seat = new Int32Array(n).fill(-1);
    this.seatNext = new Int32Array(n).fill(-1);
    this.seatPrev = new Int32Array(n).fill(-1);
    this.studentCells = new Int32Array(m.studentCount * m.cellWords);
    this.studentMet = new Int32Array(m.studentCount);
    this.studentRes = new Int32Array(m.studentCount);
    this.unsatList = new Int32Array(m.studentCount);
    this.unsatPos = new Int32Array(m.studentCount).fill(-1);
    this.studentMovedSeats = new Int32Array(m.studentCount);
    for (let s = 0; s < m.studentCount; s++) {
      this.t.unmet += m.studentChoiceCount[s];
      if (m.studentChoiceCount[s] > 0) this.addUnsat(s);
    }
    this.t.notFull = this.unsatCount;
    this.courseLoad = new Int32Array(m.courseCount);
    this.courseYearLoad = new Int32Array(m.studentPlacesYear === null ? 0 : m.courseCount * m.yearCount);
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
    return weightedScore(this.t, this.w.overflow, this.w.small, this.w.resources, this.w.resources, this.pub);
  }

  /** The objective with the fixed weights: how solutions found at different moments are compared. */
  objective(): number {
    return weightedScore(this.t, W.overflow, W.small, W.unstaffed, W.unroomed, this.pub);
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
      else if (op === OP_REF) this.setRef(a, old);
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

  // ---------- what a slot needs (the staffing and rooms rules') ----------

  needsStaff(g: number): boolean {
    return needsStaff(this.m, g);
  }

  needsRoom(g: number): boolean {
    return needsRoom(this.m, g);
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
    const metBefore = this.studentMet[s];
    if (old >= 0) {
      t.overflow += overflowOnLeave(this, old);
      t.small += smallOnLeave(this, old);
      t.placesOver += placesOverOnLeave(this, c);
      t.sumSquares += sumSquaresOnLeave(this, old);
      this.slotLoad[old]--;
      this.courseLoad[c]--;
      if (m.studentPlacesYear !== null) this.leaveYearPlaces(c, s);
      cellsRemove(this.studentCells, s, this.slotCells, old, m.cellWords);
      // unlink
      const p = this.seatPrev[i];
      const n = this.seatNext[i];
      if (p >= 0) this.seatNext[p] = n;
      else this.slotHead[old] = n;
      if (n >= 0) this.seatPrev[n] = p;
      this.seatPrev[i] = -1;
      this.seatNext[i] = -1;
      if (isChoice) this.studentMet[s]--;
      else this.studentRes[s]--;
      unmetAndReservesOnSeat(t, m, s, k, -1);
    }
    this.seat[i] = g;
    if (g >= 0) {
      t.overflow += overflowOnJoin(this, g);
      t.small += smallOnJoin(this, g);
      t.placesOver += placesOverOnJoin(this, c);
      t.sumSquares += sumSquaresOnJoin(this, g);
      this.slotLoad[g]++;
      this.courseLoad[c]++;
      if (m.studentPlacesYear !== null) this.joinYearPlaces(c, s);
      cellsAdd(this.studentCells, s, this.slotCells, g, m.cellWords);
      const h = this.slotHead[g];
      this.seatNext[i] = h;
      this.seatPrev[i] = -1;
      if (h >= 0) this.seatPrev[h] = i;
      this.slotHead[g] = i;
      if (isChoice) this.studentMet[s]++;
      else this.studentRes[s]++;
      unmetAndReservesOnSeat(t, m, s, k, 1);
    }
    if (this.pub !== null) {
      const before = this.studentMovedSeats[s];
      const after = before + movedSeatsOnSeat(this, i, old, g);
      this.studentMovedSeats[s] = after;
      t.pupilsMoved += pupilsMovedOnMovedSeats(before, after);
    }
    const notFullChange = notFullOnMet(m, s, metBefore, this.studentMet[s]);
    if (notFullChange !== 0) {
      t.notFull += notFullChange;
      // unsatList mirrors the term: the students not fully satisfied, for the moves that pick one.
      if (notFullChange < 0) this.removeUnsat(s);
      else this.addUnsat(s);
    }
  }

  /** Student s leaves course c under per-year places: the term, then the count (constraints/places.ts). */
  private leaveYearPlaces(c: number, s: number): void {
    const y = this.m.studentPlacesYear![s];
    if (y < 0) return;
    this.t.placesOver += yearPlacesOverOnLeave(this, c, s);
    this.courseYearLoad[c * this.m.yearCount + y]--;
  }

  /** Student s joins course c under per-year places: the term, then the count. */
  private joinYearPlaces(c: number, s: number): void {
    const y = this.m.studentPlacesYear![s];
    if (y < 0) return;
    this.t.placesOver += yearPlacesOverOnJoin(this, c, s);
    this.courseYearLoad[c * this.m.yearCount + y]++;
  }

  /** Open slot g at placement p, move it, or close it (p = -1). The slot must hold no students, teacher or room. */
  setPlacement(g: number, p: number): void {
    const old = this.slotPlacement[g];
    if (old === p) return;
    if (this.slotLoad[g] !== 0 || this.slotStaff[g] >= 0 || this.slotRoom[g] >= 0) {
      throw new Error(`internal: slot ${g} moved while holding students, a teacher or a room`);
    }
    // A closed slot continues no published group (groups-moved.ts): its reference goes first, journaled.
    if (p < 0 && this.slotRef[g] >= 0) this.setRef(g, -1);
    this.push(OP_PLACE, g, 0, old);
    const m = this.m;
    const c = m.slotCourse[g];
    const t = this.t;
    if (this.pub !== null) t.groupsMoved += groupsMovedOnPlace(this, g, p);
    t.unstaffed += unstaffedOnPlace(this, g, p);
    t.unroomed += unroomedOnPlace(this, g, p);
    t.openGroups += openGroupsOnPlace(this, g, p);
    const yearMask = m.courseYearMask[c];
    if (old >= 0) {
      this.courseOpen[c]--;
      this.courseBlockCount[c * m.blockCount + m.placementBlockA[old]]--;
      if (m.placementBlockB[old] >= 0) this.courseBlockCount[c * m.blockCount + m.placementBlockB[old]]--;
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.yearGroups[y]--;
    }
    this.slotPlacement[g] = p;
    cellsCopy(this.slotCells, g, m.placementCells, p, m.cellWords);
    if (p >= 0) {
      this.courseOpen[c]++;
      this.courseBlockCount[c * m.blockCount + m.placementBlockA[p]]++;
      if (m.placementBlockB[p] >= 0) this.courseBlockCount[c * m.blockCount + m.placementBlockB[p]]++;
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.yearGroups[y]++;
    }
  }

  /**
   * Slot g continues published group r (-1: none). The slot must be empty (its pupils' placements would change
   * with it) and r of its course; the re-solve's start sets it, setPlacement clears it when the slot closes.
   */
  setRef(g: number, r: number): void {
    const old = this.slotRef[g];
    if (old === r) return;
    if (this.slotLoad[g] !== 0) throw new Error(`internal: slot ${g}'s published group changed while it holds students`);
    this.push(OP_REF, g, 0, old);
    this.t.groupsMoved += groupsMovedOnRef(this, g, r);
    this.slotRef[g] = r;
  }

  /**
   * Makes this a re-solve against a published blocking: the two rules' terms join the score. On a fresh state
   * (nothing placed) or any other: the terms are counted from the state as it stands.
   */
  attachPublished(pub: PublishedBlocking): void {
    const m = this.m;
    this.pub = pub;
    let pupils = 0;
    for (let s = 0; s < m.studentCount; s++) {
      let moved = 0;
      const base = s * this.W;
      for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
        if (!seatUnmovedIn(m, pub, this.slotRef, this.slotPlacement, base + k, this.seat[base + k])) moved++;
      }
      this.studentMovedSeats[s] = moved;
      if (moved > 0) pupils++;
    }
    this.t.pupilsMoved = pupils;
    this.t.groupsMoved = pub.groupIds.length;
    for (let g = 0; g < m.slotCount; g++) if (this.slotRef[g] >= 0) this.t.groupsMoved += groupsMovedOnRef(this, g, -1) * -1;
  }

  setStaff(g: number, teacher: number): void {
    const old = this.slotStaff[g];
    if (old === teacher) return;
    this.push(OP_STAFF, g, 0, old);
    const m = this.m;
    const yearMask = m.courseYearMask[m.slotCourse[g]];
    this.t.unstaffed += unstaffedOnStaff(this, g, teacher);
    if (old >= 0) {
      cellsRemove(this.staffBusy, old, this.slotCells, g, m.cellWords);
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.staffLoad[old * m.yearCount + y]--;
    }
    this.slotStaff[g] = teacher;
    if (teacher >= 0) {
      cellsAdd(this.staffBusy, teacher, this.slotCells, g, m.cellWords);
      for (let y = 0; y < m.yearCount; y++) if (yearMask & (1 << y)) this.staffLoad[teacher * m.yearCount + y]++;
    }
  }

  setRoom(g: number, room: number): void {
    const old = this.slotRoom[g];
    if (old === room) return;
    this.push(OP_ROOM, g, 0, old);
    const m = this.m;
    const t = this.t;
    const capacity = capacityWithRoom(m, g, room);
    t.unroomed += unroomedOnRoom(this, g, room);
    t.overflow += overflowOnCapacity(this, g, capacity);
    if (old >= 0) cellsRemove(this.roomBusy, old, this.slotCells, g, m.cellWords);
    this.slotRoom[g] = room;
    this.slotCap[g] = capacity;
    if (room >= 0) cellsAdd(this.roomBusy, room, this.slotCells, g, m.cellWords);
  }

  // ---------- queries used by moves ----------

  /** May teacher t take slot g's cells (free, available, under load)? Slot g must not hold t already. */
  staffFits(teacher: number, g: number): boolean {
    return teacherFits(this, teacher, g);
  }

  /** May room r take slot g's cells (free, available)? Slot g must not hold r already. */
  roomFits(room: number, g: number): boolean {
    return roomFits(this, room, g);
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
      into.slotRef.set(this.slotRef);
      return into;
    }
    return {
      slotPlacement: this.slotPlacement.slice(),
      slotStaff: this.slotStaff.slice(),
      slotRoom: this.slotRoom.slice(),
      seat: this.seat.slice(),
      slotRef: this.slotRef.slice(),
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
    for (let g = 0; g < this.m.slotCount; g++) this.setRef(g, snap.slotRef[g]);
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
  /** The published group each slot continues (State.slotRef), -1 none. */
  slotRef: Int32Array;
}

