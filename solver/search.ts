/**
 * The search: a greedy construction, then simulated annealing over where groups sit (move a group, swap
 * two, open or close one) and how students are seated (re-seat one student, pushing others out of a group
 * it overfills; rescue several unmet students with one group), run as an iterated local search: cycles of
 * a length fixed in work units, each after the first restarting from the incumbent with a kick. Every move
 * changes the state through its journaled setters, so its score change is exact and a rejected move is
 * undone. Only students touched by a move are re-seated. All randomness comes from one seeded generator, and
 * the budget is counted in work (seating search nodes and moves), not wall time, so the same seed and time
 * give the same result, and nothing in the search's course depends on the budget, so a larger budget never
 * ends worse.
 *
 * This file holds the Search itself: construction and warm start, the move loop and its cycles (run,
 * startCycle, endCycle, pickMove, doMove), repair and balancing, and the shared steps the moves are built from
 * (the MoveHost of search/host.ts: touch, emptySlot, reseatTouched, relieveOverflow, moveGroup, placement
 * rules, leastConflictPlacement). Its parts live in search/:
 *   schedule.ts     the cooling schedule, cycle lengths and penalty weights
 *   acceptance.ts   the acceptance rules (a move; a cycle's local optimum as the next incumbent)
 *   best.ts         the best so far, kept lexicographically
 *   termination.ts  the stop tests
 *   perturb.ts      the kick before a restart
 *   host.ts         what a move or the kick may ask of the Search
 *   events.ts       event timetabling (nearly every course one group): the test, conflict lists, construction
 *   event-seat.ts   event timetabling: a student's seating, forced but for clashes, without the Seater's search
 *   event-phase/    event timetabling: the timetable made feasible on its own arrays before the moves start
 *   moves/          one file a move, each returning false when it found nothing to do: student.ts (re-seat a
 *                   student), rescue.ts (one group for several unmet students), group.ts (move a group),
 *                   swap.ts (two groups exchange blocks), open.ts, close.ts (open or close a group), even.ts
 *                   (even out a course, polishing), event.ts and kempe.ts (event timetabling: an event to its
 *                   least clashing period; a Kempe chain between two periods); pick.ts (where moves aim),
 *                   kinds.ts (move numbers, names)
 */
import { acquireRoom, acquireStaff, releaseResources } from './assign';
import { Augmenter } from './augment';
import { assignExactly, assignmentSize } from './exact/assignment';
import { cellsOverlap } from './cells';
import type { Model } from './model';
import { Rng } from './rng';
import { assertConsistent, evaluateFromScratch } from './constraints';
import { Seater } from './seat';
import { State, type Snapshot } from './state';
import { acceptLocalOptimum, acceptMove } from './search/acceptance';
import { BestTracker } from './search/best';
import { SliceClock } from './search/clock';
import { MOVE_CLOSE, MOVE_EVEN, MOVE_EVENT, MOVE_GROUP, MOVE_KEMPE, MOVE_NAMES, MOVE_OPEN, MOVE_RESCUE, MOVE_STUDENT, MOVE_SWAP } from './search/moves/kinds';
import { closeMove } from './search/moves/close';
import { evenMove } from './search/moves/even';
import { eventMove } from './search/moves/event';
import { groupMove } from './search/moves/group';
import { kempeMove } from './search/moves/kempe';
import { openMove } from './search/moves/open';
import { rescueMove } from './search/moves/rescue';
import { studentMove } from './search/moves/student';
import { swapMove } from './search/moves/swap';
import { EventSeater } from './search/event-seat';
import { EventPhase, eventPhaseApplies } from './search/event-phase/phase';
import { constructEvents, courseConflicts, isEventModel, type Conflicts } from './search/events';
import type { MoveHost } from './search/host';
import { kick, MAX_KICK_COURSES } from './search/perturb';
import { cycleWork, polishCycleWork, END_T, FIRST_T0, POLISH_T0, POLISH_T1, restartTemperature, setFinalWeights, setPenaltyWeights, setStartWeights, temperature } from './search/schedule';
import { settledStop, startStop } from './search/termination';

export interface SearchLimits {
  /** Work units to spend; see WORK_PER_SECOND. The reproducible stop: the same seed and budget give the same search. */
  workBudget: number;
  /**
   * Wall-clock hard stop, as a Date.now() moment. Checked every 4 moves, so the search ends within a few
   * milliseconds of it; a machine slower than the reference stops here before its work budget runs out.
   */
  deadlineMs: number;
  shouldStop?: () => boolean;
  assertIncremental?: boolean;
  stopWhenPerfect?: boolean;
  /** Stop once this many students are fully satisfied (a proven bound) and no group could be saved. */
  stopAtFullySatisfied?: number;
  /** Stop once the best has not improved for a long stretch of work (termination.ts stalled): the exact steps get the rest. */
  stopWhenStalled?: boolean;
}

/**
 * What ended a search: its work budget (reproducible), the wall clock (may differ between runs), nothing
 * left to improve (`optimal`: everyone satisfied in the fewest groups, evenly; `perfect`: everyone satisfied
 * and the caller asked to stop there), or a cancel.
 */
export type SearchStop = 'work' | 'time' | 'optimal' | 'perfect' | 'cancelled';

/** Work units (see Seater.work) treated as one second of search, measured on the reference machine (2 cores, shared). */
export const WORK_PER_SECOND = 50_000_000;
const MOVE_WORK = 50;
/** Expected seconds of the exact teacher and room assignment per running group, squared (a high estimate). */
const EXACT_ASSIGN_SECONDS_PER_GROUP_SQUARED = 2e-5;
/**
 * The exact assignment's dense tableau (see assignmentSize): at most this many numbers (128 MB; its branches
 * copy it), and an expected time per number (measured 3e-8 to 2e-7 s, 2 shared cores: 1,000 students 0.8
 * million numbers 0.17 s; 5,000 students 200 million 9.6 s and 900 million 29 s and 7 GB, now never built).
 */
const MAX_ASSIGN_TABLEAU_CELLS = 16_000_000;
const EXACT_ASSIGN_SECONDS_PER_TABLEAU_CELL = 2.5e-7;
/**
 * Share of the moves that are event or Kempe moves on an event-timetabling model (search/events.ts); they take
 * the re-seat and rescue moves' share, which do little when every course runs one group (itc:1 at 300 million
 * work: 210 fully satisfied at 0.8, 193 at 0.5, 198 at 0.95).
 */
const EVENT_MOVE_SHARE = 0.8;
/**
 * Share of all moves that are Kempe-chain moves (search/moves/kempe.ts) there, as a point on the same draw:
 * draws below it pick the Kempe move, the rest of EVENT_MOVE_SHARE the event move. itc:1 at 2,250 million work
 * (60 s): 217 fully satisfied with Kempe moves at 0.3, 214 without, 169 before either.
 */
const KEMPE_MOVE_SHARE = 0.3;
/** Rounds of balanceAll when settling a new best (each round stops early once it changes nothing). */
const MAX_SETTLE_ROUNDS = 4;

export class Search implements MoveHost {
  readonly m: Model;
  readonly st: State;
  readonly rng: Rng;
  readonly seater: Seater;
  /** On an event model (search/events.ts), the forced-seating fast path (search/event-seat.ts); else null. */
  readonly eventSeater: EventSeater | null;
  readonly augmenter: Augmenter;
  private readonly stamp: Int32Array; // per student: the move number that last touched it
  private stampNow = 1;
  private readonly touched: Int32Array; // students gathered by the current move
  private touchedCount = 0;
  private readonly coChoice: Float64Array; // coChoice[c1 * C + c2]: students choosing both
  moves = 0;
  /** The best blocking so far, kept lexicographically (best.ts); bestScore is its weighted objective. */
  readonly bestTracker = new BestTracker();
  bestScore = Infinity;
  /** Weighted objective of the blocking the current cycle started from (the incumbent of acceptance.ts). */
  private incumbentScore = Infinity;
  /** The schedule's position (schedule.ts): the cycle under way, where it started (work) and its length. */
  private cycleIndex = 0;
  private cycleStart = 0;
  private cycleLength = 1;
  private cycleT0 = FIRST_T0;
  /** Whether the cycle under way polishes (everyone satisfied: fewer groups, evenness; see run). */
  private polishing = false;
  /** Polish cycles started so far (their lengths double; see schedule.ts polishCycleWork). */
  private polishIndex = 0;
  /** Whether the cycle under way saved a new best with everyone satisfied (polishing starts from it at once). */
  private newPerfectBest = false;
  /** Check every step against the from-scratch evaluation (SearchLimits.assertIncremental, SolveOptions). */
  assertIncremental = false;
  /** Wall-clock moments (ms since epoch) of the last improvement and of the first perfect blocking, -1 none. */
  bestAtMs = -1;
  /** Largest size difference between groups of one course in the best solution. */
  bestSpread = Infinity;
  firstPerfectAtMs = -1;
  /** Work spent (see `work`) at the last improvement and at the first perfect blocking, -1 none: reproducible where the moments above are not. */
  bestAtWork = -1;
  firstPerfectAtWork = -1;
  /** Seconds the exact teacher and room assignment may be expected to take (see assignResourcesExactly). */
  exactAssignSeconds = Infinity;
  /** Wall-clock moment (Date.now()) after which no uninterruptible extra step may still be running. */
  clockEndMs = Infinity;
  /** Whether the wall clock, not the work budget or the time limit, skipped a step. */
  skippedForTime = false;
  /**
   * Whether the last assignResourcesExactly left a teacher or room programme out as too large: for the time
   * limit (its expected time above `exactAssignSeconds`) or to build at all (MAX_ASSIGN_TABLEAU_CELLS).
   */
  assignSkippedForSize = false;
  private assignMeasured = 0;
  private groupsBound = -1;
  /** Whether the model is event timetabling (search/events.ts), and then its course conflict lists. */
  readonly eventModel: boolean;
  readonly conflicts: Conflicts | null;
  /** On an event model of one-group courses in single cells, the timetabling phase run first (search/event-phase/); else null. */
  readonly eventPhase: EventPhase | null;

  constructor(model: Model, seed: number) {
    this.m = model;
    this.st = new State(model);
    this.rng = new Rng(seed);
    this.seater = new Seater(model);
    this.augmenter = new Augmenter(model);
    this.stamp = new Int32Array(model.studentCount);
    this.touched = new Int32Array(model.studentCount);
    const C = model.courseCount;
    this.eventModel = isEventModel(model);
    this.conflicts = this.eventModel ? courseConflicts(model) : null;
    this.eventSeater = this.eventModel ? new EventSeater(model, this.conflicts!.placementCell) : null;
    this.eventPhase = this.eventModel && eventPhaseApplies(model, this.conflicts!.placementCell) ? new EventPhase(this, this.conflicts!.placementCell) : null;
    this.coChoice = new Float64Array(C * C);
    for (let s = 0; s < model.studentCount; s++) {
      const base = s * model.seatWidth;
      const n = model.studentChoiceCount[s];
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) if (a !== b) this.coChoice[model.seatCourse[base + a] * C + model.seatCourse[base + b]]++;
      }
    }
  }

  get work(): number {
    return this.seater.work + (this.eventSeater ? this.eventSeater.work : 0) + (this.eventPhase ? this.eventPhase.work : 0) + this.moves * MOVE_WORK;
  }

  /** Fewest groups any blocking could run: each course needs its minimum and enough seats for its demand. */
  groupsLowerBound(): number {
    if (this.groupsBound >= 0) return this.groupsBound;
    const m = this.m;
    let total = 0;
    for (let c = 0; c < m.courseCount; c++) {
      let need = m.courseDemand[c] > 0 ? Math.ceil(m.courseDemand[c] / m.courseMaxSize[c]) : 0;
      if (m.coursePlaces[c] >= 0) need = Math.min(need, Math.ceil(m.coursePlaces[c] / m.courseMaxSize[c]));
      total += Math.min(m.courseMaxGroups[c], Math.max(m.courseMinGroups[c], need));
    }
    this.groupsBound = total;
    return total;
  }

  bestGroupsMinimal(): boolean {
    return this.bestOpenGroups <= this.groupsLowerBound();
  }

  // ---------- construction ----------

  construct(): void {
    const m = this.m;
    const st = this.st;
    setStartWeights(st);
    // Pinned groups first; teachers and rooms fixed by the scenario before any are handed out freely.
    for (let g = 0; g < m.slotCount; g++) if (m.slotPinned[g] && m.slotPinnedPlacement[g] >= 0) st.setPlacement(g, m.slotPinnedPlacement[g]);
    for (let g = 0; g < m.slotCount; g++) {
      if (st.slotPlacement[g] < 0) continue;
      if (m.slotPinnedStaff[g] >= 0) acquireStaff(st, g, -1);
      if (m.slotPinnedRoom[g] >= 0) acquireRoom(st, g, -1);
    }
    for (let g = 0; g < m.slotCount; g++) {
      if (st.slotPlacement[g] < 0) continue;
      acquireStaff(st, g, -1);
      acquireRoom(st, g, -1);
    }
    // Event timetabling (nearly every course one group, see search/events.ts): one-group courses by saturation degree first.
    if (this.eventModel) constructEvents(this, this.conflicts!);
    if (m.mode === 'build') {
      // Most demanded courses first; each group goes where it clashes least with what is already placed.
      const order = Array.from({ length: m.courseCount }, (_, c) => c).sort((a, b) => m.courseDemand[b] - m.courseDemand[a] || a - b);
      for (const c of order) {
        const demand = m.courseDemand[c];
        let target = Math.max(m.courseMinGroups[c], demand > 0 ? Math.ceil(demand / Math.max(1, m.courseMaxSize[c])) : 0);
        target = Math.min(target, m.courseMaxGroups[c]);
        if (m.coursePlaces[c] >= 0 && demand > 0) target = Math.min(target, Math.max(m.courseMinGroups[c], Math.ceil(m.coursePlaces[c] / m.courseMaxSize[c])));
        while (st.courseOpen[c] < target) {
          const g = this.closedSlot(c);
          if (g < 0 || !this.budgetAllows(c)) break;
          const p = this.leastConflictPlacement(c, -1);
          if (p < 0) break;
          st.setPlacement(g, p);
          acquireStaff(st, g, -1);
          acquireRoom(st, g, -1);
        }
      }
    }
    this.assignResourcesExactly();
    const order = this.shuffledStudents();
    for (const s of order) this.seater.seatBest(st, s);
    this.check('construction');
  }

  /**
   * Starts from a given blocking instead of the greedy construction (a re-solve from the previous result).
   * `apply` sets the groups, teachers, rooms and seats it can keep through the state's setters (pinned groups
   * already stand) and returns the students it could not seat at all. This fills in the rest: teachers and
   * rooms for groups without, the minimum number of groups per course, and a seat for each returned student.
   * Returns true when the state then keeps every hard rule, so the search may start from it.
   */
  warmStart(apply: (st: State) => Iterable<number>): boolean {
    const m = this.m;
    const st = this.st;
    setStartWeights(st);
    for (let g = 0; g < m.slotCount; g++) if (m.slotPinned[g] && m.slotPinnedPlacement[g] >= 0) st.setPlacement(g, m.slotPinnedPlacement[g]);
    const unseated = [...apply(st)];
    if (m.mode === 'build') {
      for (let c = 0; c < m.courseCount; c++) {
        while (st.courseOpen[c] < m.courseMinGroups[c]) {
          const g = this.closedSlot(c);
          if (g < 0 || !this.budgetAllows(c)) break;
          const p = this.leastConflictPlacement(c, -1);
          if (p < 0) break;
          st.setPlacement(g, p);
        }
      }
    }
    for (let g = 0; g < m.slotCount; g++) {
      if (st.slotPlacement[g] < 0) continue;
      acquireStaff(st, g, -1);
      acquireRoom(st, g, -1);
    }
    this.assignResourcesExactly();
    for (const s of unseated) {
      st.unseatStudent(s);
      this.seater.seatBest(st, s, true);
    }
    st.commit();
    this.check('warm start');
    if (st.hardViolations() > 0) return false;
    for (let c = 0; c < m.courseCount; c++) if (st.courseOpen[c] < m.courseMinGroups[c] && m.mode === 'build') return false;
    return evaluateFromScratch(m, st).breaches.length === 0;
  }

  /**
   * Groups left without a teacher or room by the greedy hand-out: try the exact assignment (small 0-1 programme).
   * It cannot be interrupted and grows quickly with the number of running groups (15 ms for 44 groups, 0.4 s
   * for 220, 3.5 s for 430), so it runs only when its expected time fits: within `exactAssignSeconds` (set from
   * the time limit, so the choice is reproducible) and before `clockEndMs` (the wall clock: a skip there is
   * noted in `skippedForTime`, since a faster machine would have run it). Its solver keeps a dense tableau of
   * pairs x (pairs + rows) numbers, copied per branch: a programme above MAX_ASSIGN_TABLEAU_CELLS is never
   * built (noted in `assignSkippedForSize`), and the expected time counts the tableau too.
   */
  assignResourcesExactly(): void {
    const st = this.st;
    this.assignSkippedForSize = false;
    if (st.t.unstaffed === 0 && st.t.unroomed === 0) return;
    const n = st.t.openGroups;
    let expected = EXACT_ASSIGN_SECONDS_PER_GROUP_SQUARED * n * n;
    if (expected > this.exactAssignSeconds) {
      this.assignSkippedForSize = true;
      return;
    }
    const kinds: ('staff' | 'room')[] = [];
    let cells = 0;
    for (const kind of ['staff', 'room'] as const) {
      if ((kind === 'staff' ? st.t.unstaffed : st.t.unroomed) === 0) continue;
      const size = assignmentSize(st, kind);
      if (size.tableauCells > MAX_ASSIGN_TABLEAU_CELLS) this.assignSkippedForSize = true;
      else {
        kinds.push(kind);
        cells += size.tableauCells;
      }
    }
    if (kinds.length === 0) return;
    expected = Math.max(expected, EXACT_ASSIGN_SECONDS_PER_TABLEAU_CELL * cells);
    if (expected > this.exactAssignSeconds) {
      this.assignSkippedForSize = true;
      return;
    }
    const now = Date.now();
    if (now + Math.max(expected, this.assignMeasured * n * n) * 1000 > this.clockEndMs) {
      this.skippedForTime = true;
      return;
    }
    const was = st.recording;
    st.recording = false;
    for (const kind of kinds) assignExactly(st, kind);
    st.recording = was;
    this.assignMeasured = Math.max(this.assignMeasured, (Date.now() - now) / 1000 / Math.max(1, n * n));
  }

  private shuffledStudents(): Int32Array {
    const n = this.m.studentCount;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  closedSlot(c: number): number {
    const m = this.m;
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (this.st.slotPlacement[g] < 0 && !m.slotPinned[g]) return g;
    return -1;
  }

  budgetAllows(c: number): boolean {
    const m = this.m;
    const ym = m.courseYearMask[c];
    for (let y = 0; y < m.yearCount; y++) if (ym & (1 << y) && this.st.yearGroups[y] + 1 > m.maxGroupsPerYear) return false;
    return true;
  }

  /** Public face of placementAllowed for the moves and the kick in search/ (see MoveHost). */
  allowsPlacement(c: number, p: number, self: number): boolean {
    return this.placementAllowed(c, p, self);
  }

  /** May course c put one more group at placement p (maxGroupsPerBlock), not counting slot `self`'s current one? */
  private placementAllowed(c: number, p: number, self: number): boolean {
    const m = this.m;
    const own = self >= 0 ? this.st.slotPlacement[self] : -1;
    return this.blockHasRoom(c, m.placementBlockA[p], own) && (m.placementBlockB[p] < 0 || this.blockHasRoom(c, m.placementBlockB[p], own));
  }

  /** May course c put one more group in block b, not counting the group at placement `own` (-1 none)? */
  private blockHasRoom(c: number, b: number, own: number): boolean {
    const m = this.m;
    const mine = own >= 0 && (m.placementBlockA[own] === b || m.placementBlockB[own] === b) ? 1 : 0;
    return this.st.courseBlockCount[c * m.blockCount + b] - mine + 1 <= m.courseMaxPerBlock[c];
  }

  /**
   * Course c's placement (allowed by maxGroupsPerBlock) whose cells clash least with the running groups: a
   * clash with a group of course c2 costs the students choosing both c and c2, spread over c2's groups.
   */
  leastConflictPlacement(c: number, self: number): number {
    const m = this.m;
    const st = this.st;
    const C = m.courseCount;
    let best = -1;
    let bestCost = Infinity;
    for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) {
      if (!this.placementAllowed(c, p, self)) continue;
      let cost = 0;
      for (let g = 0; g < m.slotCount; g++) {
        if (g === self || !cellsOverlap(st.slotCells, g, m.placementCells, p, m.cellWords)) continue;
        const c2 = m.slotCourse[g];
        // Students of c who also chose c2 lose this group of c2 if they sit here; spread over c2's groups.
        cost += c2 === c ? m.courseDemand[c] : this.coChoice[c * C + c2] / Math.max(1, st.courseOpen[c2]);
        cost += 0.01;
      }
      cost += this.rng.float() * 0.001;
      if (cost < bestCost) {
        bestCost = cost;
        best = p;
      }
    }
    return best;
  }

  // ---------- helpers for moves ----------

  touch(s: number): void {
    if (this.stamp[s] === this.stampNow) return;
    this.stamp[s] = this.stampNow;
    this.touched[this.touchedCount++] = s;
  }

  /** Unseats every student in slot g, remembering them as touched. */
  emptySlot(g: number): void {
    const st = this.st;
    const Wd = this.m.seatWidth;
    while (st.slotHead[g] >= 0) {
      const i = st.slotHead[g];
      this.touch((i / Wd) | 0);
      st.setSeat(i, -1);
    }
  }

  /** Touches up to `limit` students not fully satisfied who chose course c, from a random starting point. */
  touchUnsatisfiedChoosers(c: number, limit: number): void {
    const m = this.m;
    const st = this.st;
    const lo = m.courseSeatStart[c];
    const n = m.courseSeatStart[c + 1] - lo;
    if (n === 0) return;
    const start = this.rng.int(n);
    let taken = 0;
    for (let j = 0; j < n && taken < limit; j++) {
      const i = m.courseSeats[lo + ((start + j) % n)];
      const s = (i / m.seatWidth) | 0;
      if (st.seat[i] < 0 && st.unsatPos[s] >= 0) {
        this.touch(s);
        taken++;
      }
    }
  }

  reseatTouched(): void {
    const st = this.st;
    for (let j = 0; j < this.touchedCount; j++) {
      const s = this.touched[j];
      if (this.eventSeater && this.eventSeater.seat(st, s, -1)) continue;
      st.unseatStudent(s);
      this.seater.seatBest(st, s);
    }
    for (let j = 0; j < this.touchedCount; j++) this.augmentStudent(this.touched[j]);
  }

  /** Seats the unmet choices of student s by chains of moves within each course, where a chain exists. */
  augmentStudent(s: number): void {
    const st = this.st;
    if (st.unsatPos[s] < 0) return;
    const m = this.m;
    const base = s * m.seatWidth;
    for (let k = 0; k < m.studentChoiceCount[s]; k++) if (st.seat[base + k] < 0) this.augmenter.seat(st, base + k);
  }

  /** Pushes students out of overfull groups: each re-seated as best it can elsewhere. */
  relieveOverflow(maxPerSlot: number): void {
    const st = this.st;
    const m = this.m;
    if (st.t.overflow === 0) return;
    for (let g = 0; g < m.slotCount; g++) {
      let tries = 0;
      while (st.slotLoad[g] > st.slotCap[g] && tries++ < maxPerSlot) {
        // pick a random member
        let k = this.rng.int(st.slotLoad[g]);
        let i = st.slotHead[g];
        while (k-- > 0 && st.seatNext[i] >= 0) i = st.seatNext[i];
        const s = (i / m.seatWidth) | 0;
        if (m.fixedSeat[i] >= 0) continue;
        if (this.eventSeater && this.eventSeater.seat(st, s, g)) continue;
        st.unseatStudent(s);
        this.seater.seatBest(st, s, false, g);
      }
    }
  }

  beginMove(): void {
    this.stampNow++;
    this.touchedCount = 0;
  }

  randomOpenSlotOf(c: number): number {
    const m = this.m;
    const st = this.st;
    const lo = m.slotStart[c];
    const n = m.slotStart[c + 1] - lo;
    if (n === 0) return -1;
    const start = this.rng.int(n);
    for (let j = 0; j < n; j++) {
      const g = lo + ((start + j) % n);
      if (st.slotPlacement[g] >= 0 && !m.slotPinned[g]) return g;
    }
    return -1;
  }

  /**
   * Puts group g at placement p with nobody in it: its students unseated (touched), its teacher and room
   * released and taken again at p, the same ones where they are free there.
   */
  placeGroup(g: number, p: number): void {
    const st = this.st;
    const staff = st.slotStaff[g];
    const room = st.slotRoom[g];
    this.emptySlot(g);
    releaseResources(st, g);
    st.setPlacement(g, p);
    acquireStaff(st, g, staff);
    acquireRoom(st, g, room);
  }

  /** Move group g to placement p, re-seating its students and unsatisfied students of its course. */
  moveGroup(g: number, p: number): void {
    this.placeGroup(g, p);
    this.touchUnsatisfiedChoosers(this.m.slotCourse[g], 25);
    this.reseatTouched();
    this.relieveOverflow(3);
  }

  // ---------- the best so far, and the annealing ----------

  /**
   * Offers the state as a new best (see best.ts). A valid candidate is first settled: empty groups closed and
   * its groups evened out by balanceAll until that changes nothing more, so the saved best is what the steps
   * after the search (repair, balanceAll) hand back unchanged, and a longer search, whose best can only be
   * better, ends at least as well on every tier. Returns whether the state was saved.
   */
  private record(): boolean {
    const st = this.st;
    const tracker = this.bestTracker;
    if (!tracker.wouldImprove(st)) return false;
    if (st.hardViolations() === 0) {
      this.settle();
      if (!tracker.wouldImprove(st)) return false;
    }
    tracker.offer(st);
    if (tracker.feasible && tracker.notFull === 0) this.newPerfectBest = true;
    this.bestScore = st.objective();
    this.bestAtMs = Date.now();
    this.bestAtWork = this.work;
    this.bestSpread = this.spread();
    if (tracker.feasible && tracker.notFull === 0 && this.firstPerfectAtMs < 0) {
      this.firstPerfectAtMs = this.bestAtMs;
      this.firstPerfectAtWork = this.bestAtWork;
    }
    return true;
  }

  /** Closes empty groups and evens out groups until balanceAll changes nothing more (a few rounds at most). */
  private settle(): void {
    const st = this.st;
    this.closeEmptyGroups();
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const sumSquares = st.t.sumSquares;
      const reserveRank = st.t.reserveRank;
      this.balanceAll();
      if (st.t.sumSquares >= sumSquares && st.t.reserveRank >= reserveRank) break;
    }
    st.commit();
  }

  /** The best blocking saved so far (one reused buffer), or null before the first. */
  get best(): Snapshot | null {
    return this.bestTracker.snapshot;
  }

  get bestFeasible(): boolean {
    return this.bestTracker.feasible;
  }

  get bestNotFull(): number {
    return this.bestTracker.found ? this.bestTracker.notFull : Infinity;
  }

  get bestUnmet(): number {
    return this.bestTracker.found ? this.bestTracker.unmet : 0;
  }

  get bestReserves(): number {
    return this.bestTracker.found ? this.bestTracker.reserves : 0;
  }

  get bestOpenGroups(): number {
    return this.bestTracker.found ? this.bestTracker.openGroups : 0;
  }

  /** Checks every incremental term against the from-scratch evaluation (assert mode), naming the step. */
  check(where: string): void {
    if (this.assertIncremental) assertConsistent(this.m, this.st, this.st.t, where);
  }

  /**
   * Runs annealing cycles until the budget is spent or a stop condition holds. The cycles follow a schedule
   * fixed in work units (schedule.ts), so the run with a larger budget repeats the run with a smaller one and
   * goes on. Each cycle after the first restarts from the incumbent (the best, or a local optimum the
   * acceptance rule took) with a kick (perturb.ts); once everyone is satisfied, polish cycles reheat the best
   * gently for fewer groups and evenness. Async: it yields to the event loop every few tens of milliseconds so
   * a worker can hear "cancel" and report progress.
   */
  async run(limits: SearchLimits, onSlice: () => void): Promise<SearchStop> {
    const st = this.st;
    const m = this.m;
    if (limits.assertIncremental) this.assertIncremental = true;
    // Event timetabling: the phase makes the timetable feasible on its own arrays first (search/event-phase/).
    let phaseStop: SearchStop | null = null;
    if (this.eventPhase !== null && !this.eventPhase.finished && startStop(limits) === null) {
      this.eventPhase.startFromState(this, this.conflicts!.placementCell);
      phaseStop = await this.eventPhase.run(this, limits, () => this.work, onSlice);
      this.check('event phase');
    }
    if (this.cycleIndex === 0) this.startCycle();
    this.record();
    const clock = new SliceClock(limits, onSlice);
    let stop: SearchStop | null = phaseStop ?? startStop(limits);
    while (stop === null) {
      stop = settledStop(limits, this);
      if (stop !== null) break;
      if (!this.polishing && this.newPerfectBest) {
        // A new best with everyone satisfied: polish from it at once rather than finishing the cycle.
        st.restore(this.best!);
        this.polishing = true;
        this.startCycle();
        continue;
      }
      const polishing = this.polishing;
      const progress = Math.min(1, (this.work - this.cycleStart) / this.cycleLength);
      if (progress >= 1) {
        this.endCycle();
        continue;
      }
      const T = polishing ? temperature(POLISH_T0, POLISH_T1, progress) : temperature(this.cycleT0, END_T, progress);
      setPenaltyWeights(st, progress);
      const before = st.score();
      const mark = st.begin();
      this.beginMove();
      this.moves++;
      const move = this.pickMove(polishing);
      const did = this.doMove(move);
      const delta = st.score() - before;
      if (did && acceptMove(delta, T, this.rng)) {
        st.commit();
        this.record();
      } else {
        st.undo(mark);
        st.commit();
        if (this.assertIncremental && Math.abs(st.score() - before) > 1e-6 * Math.max(1, Math.abs(before))) {
          throw new Error(`Undo check failed after a rejected ${MOVE_NAMES[move]} move (move ${this.moves}): score ${st.score()} where it was ${before} before the move.`);
        }
      }
      this.check(`${MOVE_NAMES[move]} move ${this.moves}`);
      // A move re-seats up to a few dozen students (a millisecond or more on a busy machine): the clock is read
      // every 4 moves, the event loop visited every 40 ms.
      if ((this.moves & 3) === 0) {
        const due = clock.tick();
        if (due === 'time') {
          stop = 'time';
          break;
        }
        if (due === 'slice' && (stop = await clock.yieldSlice()) !== null) break;
      }
    }
    if (this.best) st.restore(this.best);
    return stop;
  }

  /** Starts the next cycle of the schedule from the state as it stands. */
  private startCycle(): void {
    this.cycleStart = this.work;
    // Polish cycles double (the plateau walk of a low temperature gets longer and longer: the evenness tier
    // of blockung001 and gymabi-ef2018 reached spread 1 on every seed tried only so); the others follow Luby.
    this.cycleLength = this.polishing ? polishCycleWork(this.m, this.polishIndex++) : cycleWork(this.m, this.cycleIndex++);
    this.newPerfectBest = false;
  }

  /**
   * Ends a cycle: with everyone satisfied in the best, the next cycle polishes it again (longer); otherwise the
   * acceptance rule decides whether the cycle's local optimum is the incumbent or the search goes back to the
   * best, and the next cycle starts from there after a kick.
   */
  private endCycle(): void {
    const st = this.st;
    if (this.best && !this.bestFeasible) {
      // No valid blocking yet (the best breaks a hard rule the soft early weights let through): make one of the
      // best now, as repair() would after the search, so from the first cycle's end the kept best is valid and
      // what the search hands back only improves with the budget. Without the exact teacher and room
      // assignment: it cannot be interrupted and is skipped by the wall clock, which must not steer the search.
      st.restore(this.best);
      this.repair(false);
      this.record();
    } else if (st.hardViolations() > 0) {
      // The cycle ended on a blocking that breaks a hard rule (a group below its minimum size is often cheaper
      // than the students it holds): its valid neighbour, as repair makes it, is the cycle's local optimum.
      this.repair(false);
      this.record();
    }
    const perfect = this.bestFeasible && this.bestNotFull === 0;
    if (perfect || !acceptLocalOptimum(st.objective(), st.hardViolations() === 0, this.incumbentScore, this.bestScore)) {
      if (this.best) st.restore(this.best);
    }
    this.incumbentScore = st.objective();
    this.polishing = perfect;
    this.startCycle();
    if (perfect) return;
    this.cycleT0 = restartTemperature(this.cycleIndex - 1);
    setPenaltyWeights(st, 0);
    this.beginMove();
    kick(this, 1 + this.rng.int(MAX_KICK_COURSES));
    st.commit();
    this.check(`kick before cycle ${this.cycleIndex}`);
  }

  private pickMove(polishing: boolean): number {
    const r = this.rng.float();
    if (polishing && r < 0.5) return MOVE_EVEN;
    if (this.m.mode !== 'build') return MOVE_STUDENT;
    // Event timetabling (search/events.ts): Kempe and event moves take the re-seat and rescue moves' share.
    if (this.eventModel && r < EVENT_MOVE_SHARE) return r < KEMPE_MOVE_SHARE ? MOVE_KEMPE : MOVE_EVENT;
    if (r < 0.36) return MOVE_STUDENT;
    if (r < 0.4) return this.st.unsatCount > 0 ? MOVE_RESCUE : MOVE_STUDENT;
    if (r < 0.72) return MOVE_GROUP;
    if (r < 0.86) return MOVE_SWAP;
    if (r < 0.93) return MOVE_OPEN;
    return MOVE_CLOSE;
  }

  private doMove(move: number): boolean {
    switch (move) {
      case MOVE_EVEN:
        return evenMove(this);
      case MOVE_STUDENT:
        return studentMove(this);
      case MOVE_RESCUE:
        return rescueMove(this);
      case MOVE_EVENT:
        return eventMove(this, this.conflicts!);
      case MOVE_KEMPE:
        return kempeMove(this, this.conflicts!);
      case MOVE_GROUP:
        return groupMove(this);
      case MOVE_SWAP:
        return swapMove(this);
      case MOVE_OPEN:
        return openMove(this);
      default:
        return closeMove(this);
    }
  }
  /**
   * Makes the state keep every hard rule: groups without a teacher or room, or below minimum size, close;
   * overfull groups and quotas shed students, who are re-seated only where there is room. `exactAssignment`
   * first tries the exact teacher and room assignment (after the search; not inside it, see endCycle).
   */
  repair(exactAssignment = true): void {
    const st = this.st;
    const m = this.m;
    st.commit();
    // Final weights, whatever point of a cycle the search stopped at (a cancel can stop it anywhere).
    setFinalWeights(st);
    // In fit mode nothing moved since construction tried the exact assignment already.
    if (m.mode === 'build' && exactAssignment) this.assignResourcesExactly();
    if (exactAssignment && this.assignSkippedForSize && (st.t.unstaffed > 0 || st.t.unroomed > 0)) {
      const note = `${st.t.unstaffed + st.t.unroomed} of ${st.t.openGroups} groups found no free teacher or room by the quick hand-out and were closed, their students seated elsewhere: the exact teacher and room assignment was left out, too large for this many groups in the time given.`;
      if (!m.diagnostics.includes(note)) m.diagnostics.push(note);
    }
    for (let round = 0; round < 50 && st.hardViolations() > 0; round++) {
      this.beginMove();
      for (let g = 0; g < m.slotCount; g++) {
        if (st.slotPlacement[g] < 0) continue;
        const noStaff = st.needsStaff(g) && st.slotStaff[g] < 0;
        const noRoom = st.needsRoom(g) && st.slotRoom[g] < 0;
        const tooSmall = !m.slotPinned[g] && st.slotLoad[g] > 0 && st.slotLoad[g] < m.courseMinSize[m.slotCourse[g]];
        if ((noStaff || noRoom) && !m.slotPinned[g]) {
          this.emptySlot(g);
          releaseResources(st, g);
          st.setPlacement(g, -1);
        } else if (tooSmall && round > 0) {
          this.emptySlot(g);
          releaseResources(st, g);
          st.setPlacement(g, -1);
        }
        while (st.slotLoad[g] > st.slotCap[g]) {
          const i = this.lastFreeSeat(g);
          if (i < 0) break;
          this.touch((i / m.seatWidth) | 0);
          st.setSeat(i, -1);
        }
      }
      for (let c = 0; c < m.courseCount; c++) {
        while (m.coursePlaces[c] >= 0 && st.courseLoad[c] > m.coursePlaces[c]) {
          let removed = false;
          for (let g = m.slotStart[c]; g < m.slotStart[c + 1] && !removed; g++) {
            const i = this.lastFreeSeat(g);
            if (i >= 0) {
              this.touch((i / m.seatWidth) | 0);
              st.setSeat(i, -1);
              removed = true;
            }
          }
          if (!removed) break;
        }
      }
      for (let j = 0; j < this.touchedCount; j++) {
        const s = this.touched[j];
        st.unseatStudent(s);
        this.seater.seatBest(st, s, true);
      }
    }
    this.closeEmptyGroups();
    st.commit();
    this.check('repair');
  }

  /** A running group nobody sits in costs a teacher and a room for nothing: close it (above minGroups). */
  closeEmptyGroups(): void {
    const m = this.m;
    const st = this.st;
    for (let g = 0; g < m.slotCount; g++) {
      const c = m.slotCourse[g];
      if (st.slotPlacement[g] < 0 || m.slotPinned[g] || st.slotLoad[g] > 0 || st.courseOpen[c] <= m.courseMinGroups[c]) continue;
      releaseResources(st, g);
      st.setPlacement(g, -1);
    }
  }

  /** Evens out every course's groups by chains of moves that keep every student's courses. */
  balanceAll(): void {
    // A re-solve against a published blocking: the chains move pupils without weighing it (evenness and the
    // reserves' order come after pupils moved in either order, constraints/objective.ts); the search's own
    // moves, which weigh it, still even out groups.
    if (this.st.pub !== null) return;
    const was = this.st.recording;
    this.st.commit();
    this.augmenter.orderAllReserves(this.st);
    for (let c = 0; c < this.m.courseCount; c++) this.augmenter.balanceCourse(this.st, c);
    this.augmenter.orderAllReserves(this.st);
    this.st.recording = was;
    this.check('balancing');
  }

  /** Largest difference in size between two running groups of one course. */
  spread(): number {
    const m = this.m;
    const st = this.st;
    let worst = 0;
    for (let c = 0; c < m.courseCount; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
        if (st.slotPlacement[g] < 0) continue;
        lo = Math.min(lo, st.slotLoad[g]);
        hi = Math.max(hi, st.slotLoad[g]);
      }
      if (hi >= lo) worst = Math.max(worst, hi - lo);
    }
    return worst;
  }

  private lastFreeSeat(g: number): number {
    const st = this.st;
    let i = st.slotHead[g];
    let found = -1;
    while (i >= 0) {
      if (this.m.fixedSeat[i] < 0) found = i;
      i = st.seatNext[i];
    }
    return found;
  }
}
