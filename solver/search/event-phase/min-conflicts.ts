/**
 * The event phase's search over complete timetables (TabuCol, Hertz and de Werra 1987, as ITC 2002 solvers
 * use it for hard constraints): every event sits in a period; the cost counts the hard-rule breaches directly,
 *   conflicting event pairs (two events sharing a student in one period, counted once however many students
 *   they share: TabuCol's conflicting edges) + ROOM_WEIGHT x events of a period the period's rooms cannot
 *   hold (a maximum matching of the period's events to their suitable rooms leaves them out),
 * so a move that removes one clash pays before any student is whole. With edgeCost off the first term is the
 * clashing attendance pairs instead (two events of one student in one period: C(n, 2) for n events of a
 * student in a period), the cost the clash weighting below steers.
 *
 * Why event pairs (EDGE_COST): the students make the timetable a graph colouring (each student's ~20 events
 * pairwise adjacent, an event adjacent to about half of all others; 45 periods the colours), and on it the
 * plain edge count is the easier landscape. A standalone TabuCol from a random colouring, rooms ignored, itc:2,
 * 400,000 moves: 15 conflicting edges left on edges, 28 student pairs on pairs; 600,000 moves on itc:1 and
 * itc:3: 9 and 11 against 19 and 23. The rooms do not bind where the search stalls: at itc:2's stall every
 * event in breach had a room and no period free of its students' other events, and with the rooms taken away
 * altogether the pair-cost search still ended 15 students short at 600 million units. A move takes an event in breach to
 * another period, or swaps it with an event of one of its SWAP_PERIODS calmest other periods (those holding
 * the fewest of its students; the two exchange periods and rooms); the one lowering the cost most (ties at
 * random) that is not tabu is made, and a moved event may not return to the period it left for 0.6 x events
 * in breach + 0..9 moves, unless that gives a timetable better than the best so far (aspiration). The swaps
 * matter where rooms are tight (400 events in 450 room-periods): 60 s on a loaded machine from the
 * construction, with the calmest period only, itc:1 ended 17 students short, 33 without swaps; itc:3 22 and
 * 26. At 1.2 million moves, the two calmest periods against the calmest only: itc:2 15 short where 22, itc:3
 * 2 where 22. The timetable handed back is the one that loses the fewest
 * students (those with a clash, plus those of events without a room; clash pairs break ties), which is what
 * the State will count once it is written back.
 *
 * After REPAIR_STALL moves without a new best cost the stage repairs a few periods exactly (period-repair.ts,
 * repairPeriodsExactly below): where every event in breach has no period free of its neighbours, one move
 * cannot help, but re-colouring the events of three periods among themselves often can (figures in phase.ts).
 * Kempe chains (Chiarandini et al. 2006, Lewis 2008): for e in p and another period q, the chain is the
 * component of e in the conflict graph restricted to the events of p and q; swapping its events between p and
 * q changes no clash at all (an edge inside the chain keeps both ends together or apart, and no edge joins the
 * chain to the rest of p and q; a student's events in p and q are all in it or none), only the rooms, which
 * leave and enter re-match. On this dense graph (degree ~200 of 400 events, ~9 events a period) 92 to 96 % of
 * chains are the whole of both periods, a mere relabelling here (every period has the same rooms and allows
 * every event): measured at the complete stage's timetable after 100 million units, itc:1..3 seed 1, over every
 * event and other period, and over the breach events' two calmest periods. So a chain is no move for the tabu
 * step (delta always 0); it is the perturbation when the walk stalls (KEMPE_STALL moves without a new best
 * cost): a partial chain moves several events at once at no cost, which changes many events' neighbour counts
 * per period and so the moves open to the next steps. Measured at fixed work, see phase.ts.
 *
 * Incremental scoring, no allocation per move (S students, E events, P periods, R rooms):
 *   count[s * P + q]     events of student s in period q
 *   pressure[e * P + q]  sum over e's students of their events in q other than e: moving e from p to q
 *                        changes the clash pairs by pressure[e*P+q] - pressure[e*P+p], read in O(1); moving an
 *                        event updates the rows of its students' events (students x events a student)
 *   holder[q * R + r], room[e]  each period's room matching (room -1: unmatched, or needs none); kept maximum
 *                        by Kuhn's augmenting paths when an event enters a period or leaves one
 *   periodEvents[q * E + i], periodCount[q], slotIn[e]  the events of each period
 *   swap e <-> f (e in p, f in q): pressure[e*P+q] - pressure[e*P+p] + pressure[f*P+p] - pressure[f*P+q]
 *                        - 2 x shared(e, f), from the same arrays (timetable.ts shared)
 *   periodVersion[q]     bumped whenever an event enters or leaves q; roomFits[e * P + q] caches whether e
 *                        could get a room in q, valid while roomStamp[e * P + q] equals q's version (a move
 *                        changes two periods, so nearly every room check of the next move is a cache read)
 */
import type { Rng } from '../../rng';
import { PeriodRepair, REPAIR_MAX_EVENTS, REPAIR_MAX_PERIODS } from './period-repair';
import type { EventTimetable } from './timetable';

/** Cost of one event its period's rooms cannot hold, in clashing pairs. */
const ROOM_WEIGHT = 2;
/** Tabu tenure: TENURE_SHARE x the events in breach, plus a random 0 .. TENURE_RANDOM - 1. */
const TENURE_SHARE = 0.6;
const TENURE_RANDOM = 10;
/**
 * Clash weighting (breakout, Morris 1993; constraint weighting as in the ITC 2002 solvers), OFF by default
 * (bumpStall 0; with it off the cost and every move are those of the unweighted search): after bumpStall moves
 * without a new best weighted cost, every student with a clash weighs one more in the cost, and every event
 * without a room bumpRoom more; weights only grow, so a clash that persists grows dearer. Measured at fixed
 * work, solver seed 1, against it off: itc:2 at 600 million units, best 35 students short with stalls of 1, 20,
 * 300 or 2,000 moves (rooms bumped 1 to 10) against 35 off, 114 when bumping after every non-improving move;
 * at 400 million units of the stage 36 to 42 short against 30 off (student weights outgrow the rooms': events
 * go roomless, which loses all their students); itc:3 at the full 2,250 million units (stall 1,000, rooms 5)
 * 31 short where off reaches 0. Left off; kept, checked in test/itc-shaped.test.ts, for other weightings. It
 * weighs students, so it steers the pair cost (edgeCost off; on the edge cost only its room weights act), and
 * every figure of this paragraph is of the pair cost. Off, a Search of seed 1 driven directly (new Search(model, 1).run, budget 2,250 million) reaches all 300 on
 * itc:1 at 609 million units and on itc:3 at 1,124 million (phase work; construction counts nearly nothing).
 * Other single changes, each one run at fixed work, none better: tenure share 0.05, 0.2, 1.0, 1.6 (itc:2 at
 * 400 million units of the stage: best 112, 41, 32, 62 short against 30 at 0.6); swaps into 1 or 3 calmest
 * periods (35 and 28 short there; 3 at the full budget leaves itc:3 13 short).
 */
const BUMP_STALL = 0;
const BUMP_ROOM = 1;
/**
 * Kempe-chain perturbation (see the header): after KEMPE_STALL moves without a new best cost, the chain of a
 * random event in breach and a random other period is swapped, up to KEMPE_TRIES draws until one is not the
 * whole of both periods; an event of the chain may not return to the period it left for KEMPE_TENURE moves.
 */
const KEMPE_STALL = 200;
const KEMPE_TRIES = 8;
const KEMPE_TENURE = TENURE_RANDOM;
/** See MinConflictsSearch.swapPeriods. */
const SWAP_PERIODS = 2;
const SWAP_PERIODS_MAX = 4;
/**
 * Work units (the Search's, WORK_PER_SECOND) per move or swap weighed and per pressure entry updated: measured
 * against the Search's own moves on itc:1 in one process, alternating 0.7 s of each eight times (the stage ran
 * 32 to 34 million of these units a second where the Search's moves ran 45 to 48 million of theirs; median
 * ratio 1.33, taken as 1.4).
 */
export const MC_PAIR_WORK = 0.315;
export const MC_UPDATE_WORK = 0.1;

/**
 * The exact repair of a few periods (period-repair.ts), on the event-pair cost only: after REPAIR_STALL moves
 * without a new best cost, the period of a random conflicting event and the REPAIR_PERIODS - 1 periods its
 * events in breach meet the fewest neighbours in are freed and re-assigned exactly, within REPAIR_NODES
 * nodes of the branch and bound (0: never).
 */
const REPAIR_STALL = 200;
const REPAIR_PERIODS = 3;
const REPAIR_NODES = 5_000;

/** Whether the cost counts conflicting event pairs (true) or clashing student pairs (see the header). */
const EDGE_COST = true;

export class MinConflictsSearch {
  private readonly tt: EventTimetable;
  private readonly rng: Rng;
  readonly period: Int32Array;
  readonly room: Int32Array;
  private readonly count: Int32Array;
  private readonly pressure: Int32Array;
  /**
   * The cost's first term (see EDGE_COST); set before start(). On it gamma[e * P + q] counts the neighbours of
   * e (events sharing a student, timetable.ts nb) placed in q, read where pressure is read on the pair cost
   * (moving e from p to q changes the conflicting pairs by gamma[e*P+q] - gamma[e*P+p]; a swap with f
   * subtracts 2 when e and f are neighbours, `adjacent`), and a move updates the rows of e's neighbours.
   * conflictEdges is the neighbour pairs sharing a period.
   */
  edgeCost = EDGE_COST;
  private readonly gamma: Int32Array;
  private readonly adjacent: Int32Array;
  conflictEdges = 0;
  private readonly holder: Int32Array;
  private readonly periodEvents: Int32Array;
  private readonly periodCount: Int32Array;
  private readonly slotIn: Int32Array;
  private readonly seen: Int32Array;
  private seenStamp = 0;
  private readonly tabuUntil: Int32Array;
  private readonly periodVersion: Int32Array;
  private readonly roomFits: Uint8Array;
  private readonly roomStamp: Int32Array;
  /** Events in breach (a clash or no room), rebuilt each move. */
  private readonly breach: Int32Array;
  clashPairs = 0;
  /** Students with a clash (two of their events in one period). */
  dirty = 0;
  /** Per student: the events in excess, sum over periods of max(0, count - 1) (0: the student is whole). */
  private readonly excess: Int32Array;
  /** Per student: the weight of each of its clashing pairs in the cost (1 at the start, raised by bump()). */
  private readonly studentWeight: Int32Array;
  /** sharedWeight[e * E + f]: the weights of the students e and f share (shared of timetable.ts, weighted). */
  private readonly sharedWeight: Int32Array;
  /** Per event: its cost when its period's rooms cannot hold it (ROOM_WEIGHT at the start, raised by bump()). */
  private readonly roomWeight: Int32Array;
  /** Sum over clashing pairs of their student's weight; sum of roomWeight over unmatched events. */
  weightedPairs = 0;
  weightedUnmatched = 0;
  /** Moves in a row without an improving one, and after how many the weights grow (0: never). */
  private stall = 0;
  bumpStall = BUMP_STALL;
  bumpRoom = BUMP_ROOM;
  bumps = 0;
  unmatched = 0;
  /** Students of the unmatched events (each such event's group would run without a room: its students lose it). */
  unmatchedStudents = 0;
  iteration = 0;
  work = 0;
  tenureShare = TENURE_SHARE;
  /** Whether swaps are weighed besides moves (tests and experiments turn them off). */
  swaps = true;
  /** How many of an event's calmest periods its swaps look into (1 .. SWAP_PERIODS_MAX). */
  swapPeriods = SWAP_PERIODS;
  /** Per breach event (by its index in `breach`): its calmest other period, found while weighing its moves. */
  private readonly calmest: Int32Array;
  /** See REPAIR_STALL; moves since the best cost last fell; repairs run and those that lowered the cost. */
  repairStall = REPAIR_STALL;
  repairPeriods = REPAIR_PERIODS;
  repairNodes = REPAIR_NODES;
  private sinceBest = 0;
  repairs = 0;
  repairsImproved = 0;
  private readonly repairer: PeriodRepair;
  private readonly repairEvents = new Int32Array(REPAIR_MAX_EVENTS);
  private readonly repairPeriodList = new Int32Array(REPAIR_MAX_PERIODS);
  private readonly periodScore: Int32Array;
  /**
   * Kempe-chain perturbation (KEMPE_STALL; 0: off): moves since the last new best cost, chains swapped, and
   * chains drawn that were the whole of both periods (not swapped). kempeMark (stamped) and kempeQueue hold
   * the chain being found, breadth first.
   */
  kempeStall = KEMPE_STALL;
  private kempeSince = 0;
  kempeMoves = 0;
  kempeWhole = 0;
  private readonly kempeMark: Int32Array;
  private kempeStamp = 0;
  private readonly kempeQueue: Int32Array;
  /** Per event of the chain being swapped: the period it goes to. */
  private readonly kempeTarget: Int32Array;
  bestCost = Infinity;
  readonly bestPeriod: Int32Array;
  readonly bestRoom: Int32Array;

  constructor(tt: EventTimetable, rng: Rng, studentCount: number) {
    const { E, P, R } = tt;
    this.tt = tt;
    this.rng = rng;
    this.period = new Int32Array(E).fill(-1);
    this.room = new Int32Array(E).fill(-1);
    this.count = new Int32Array(studentCount * P);
    this.pressure = new Int32Array(E * P);
    this.gamma = new Int32Array(E * P);
    this.adjacent = Int32Array.from(tt.shared, (k) => (k > 0 ? 1 : 0));
    this.holder = new Int32Array(P * R).fill(-1);
    this.periodEvents = new Int32Array(P * E);
    this.periodCount = new Int32Array(P);
    this.slotIn = new Int32Array(E);
    this.seen = new Int32Array(R);
    this.tabuUntil = new Int32Array(E * P);
    this.periodVersion = new Int32Array(P).fill(1);
    this.roomFits = new Uint8Array(E * P);
    this.roomStamp = new Int32Array(E * P);
    this.breach = new Int32Array(E);
    this.calmest = new Int32Array(SWAP_PERIODS_MAX * E);
    this.excess = new Int32Array(studentCount);
    this.studentWeight = new Int32Array(studentCount).fill(1);
    this.sharedWeight = Int32Array.from(tt.shared);
    this.roomWeight = new Int32Array(E).fill(ROOM_WEIGHT);
    this.bestPeriod = new Int32Array(E).fill(-1);
    this.bestRoom = new Int32Array(E).fill(-1);
    this.repairer = new PeriodRepair(tt);
    this.periodScore = new Int32Array(P);
    this.kempeMark = new Int32Array(E);
    this.kempeQueue = new Int32Array(E);
    this.kempeTarget = new Int32Array(E);
  }

  /**
   * The Kempe chain of e (in p) and q: the component of e in the conflict graph restricted to the events of p
   * and q; its events exchange p and q (rooms re-matched by leave and enter). Returns the chain's size, and
   * counts whole-period chains (every event of p and q in it: a relabelling).
   */
  kempe(e: number, q: number): number {
    const tt = this.tt;
    const { P } = tt;
    const { period } = this;
    const p = period[e];
    const stamp = ++this.kempeStamp;
    const queue = this.kempeQueue;
    let head = 0;
    let tail = 0;
    queue[tail++] = e;
    this.kempeMark[e] = stamp;
    let scanned = 0;
    while (head < tail) {
      const x = queue[head++];
      scanned += tt.nbStart[x + 1] - tt.nbStart[x];
      for (let i = tt.nbStart[x]; i < tt.nbStart[x + 1]; i++) {
        const y = tt.nb[i];
        if (this.kempeMark[y] !== stamp && (period[y] === p || period[y] === q)) {
          this.kempeMark[y] = stamp;
          queue[tail++] = y;
        }
      }
    }
    this.work += scanned * MC_UPDATE_WORK;
    if (tail === this.periodCount[p] + this.periodCount[q]) {
      // The whole of both periods: a relabelling (every period has the same rooms here), nothing to gain.
      this.kempeWhole++;
      return 0;
    }
    for (let i = 0; i < tail; i++) {
      const x = queue[i];
      if (tt.placementAt[x * P + (period[x] === p ? q : p)] < 0) return 0;
    }
    // Every event of the chain leaves first, then enters the other period: each period's room matching is
    // then re-grown by augmenting paths (leave and enter keep it maximum). A chain's event may not go back for
    // KEMPE_TENURE moves.
    const it = this.iteration;
    for (let i = 0; i < tail; i++) {
      const x = queue[i];
      this.kempeTarget[x] = period[x] === p ? q : p;
      this.leave(x);
    }
    for (let i = 0; i < tail; i++) {
      const x = queue[i];
      const to = this.kempeTarget[x];
      this.enter(x, to, -1);
      this.tabuUntil[x * P + (to === p ? q : p)] = it + KEMPE_TENURE;
    }
    this.kempeMoves++;
    return tail;
  }

  /** The weighted cost the moves lower (clash pairs and roomless events, each at its weight). */
  get cost(): number {
    return (this.edgeCost ? this.conflictEdges : this.weightedPairs) + this.weightedUnmatched;
  }

  /** Clashing attendance pairs and students with a clash of the best timetable. */
  bestClashPairs = Infinity;
  bestDirty = Infinity;
  bestLost = Infinity;

  /**
   * Starts from a timetable: each event at periods[e] (with rooms[e] where that room is free and suitable, else
   * a matched one); an event at -1 goes to the period where it adds the fewest clashes.
   */
  start(periods: Int32Array, rooms: Int32Array): void {
    const { E, P } = this.tt;
    for (let e = 0; e < E; e++) if (periods[e] >= 0) this.enter(e, periods[e], rooms[e]);
    for (let e = 0; e < E; e++) {
      if (periods[e] >= 0) continue;
      let best = -1;
      for (let q = 0; q < P; q++) if (this.tt.placementAt[e * P + q] >= 0 && (best < 0 || this.pressure[e * P + q] < this.pressure[e * P + best])) best = q;
      if (best >= 0) this.enter(e, best, -1);
    }
    this.saveBest();
  }

  /** Runs moves until the cost is zero or the work reaches `workLimit`; returns whether the cost is zero. */
  run(workLimit: number): boolean {
    while (this.cost > 0 && this.work < workLimit) {
      this.step();
      if (this.repairStall > 0 && this.edgeCost && this.sinceBest >= this.repairStall) {
        this.sinceBest = 0;
        this.repairPeriodsExactly();
      }
    }
    return this.cost === 0;
  }

  /** One move: the best non-tabu move of an event in breach to another period (see the header). */
  step(): void {
    const tt = this.tt;
    const { E, P, placementAt } = tt;
    const { period, room, rng } = this;
    const pressure = this.edgeCost ? this.gamma : this.pressure;
    const it = ++this.iteration;
    let n = 0;
    for (let e = 0; e < E; e++) {
      const p = period[e];
      if (p >= 0 && (pressure[e * P + p] > 0 || (room[e] < 0 && tt.needsRoom(e)))) this.breach[n++] = e;
    }
    if (n === 0) return;
    // A stall: one Kempe chain swapped instead of a move (it changes no clash; see the header).
    if (this.kempeStall > 0 && ++this.kempeSince >= this.kempeStall) {
      this.kempeSince = 0;
      for (let tries = 0; tries < KEMPE_TRIES; tries++) {
        const e = this.breach[rng.int(n)];
        let q = rng.int(P - 1);
        if (q >= period[e]) q++;
        if (this.kempe(e, q) > 0) break;
      }
      this.saveBest();
      return;
    }
    const cost = this.cost;
    let bestDelta = Infinity;
    let bestE = -1;
    let bestQ = -1;
    let ties = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      const e = this.breach[i];
      const p = period[e];
      const row = e * P;
      const here = pressure[row + p];
      const roomless = this.roomWeight[e];
      const leaving = room[e] < 0 && tt.needsRoom(e) ? -roomless : 0;
      // The swapPeriods calmest other periods of e, calmest first (insertion into a short sorted list).
      const K = this.swapPeriods;
      const calm = this.calmest;
      const base = i * K;
      for (let k = 0; k < K; k++) calm[base + k] = -1;
      for (let q = 0; q < P; q++) {
        if (q === p || placementAt[row + q] < 0) continue;
        pairs++;
        const w = pressure[row + q];
        if (calm[base + K - 1] < 0 || w < pressure[row + calm[base + K - 1]]) {
          let k = K - 1;
          while (k > 0 && (calm[base + k - 1] < 0 || w < pressure[row + calm[base + k - 1]])) {
            calm[base + k] = calm[base + k - 1];
            k--;
          }
          calm[base + k] = q;
        }
        let delta = pressure[row + q] - here + leaving;
        if (delta > bestDelta) continue;
        if (tt.needsRoom(e) && !this.roomAvailable(e, q)) delta += roomless;
        if (delta > bestDelta) continue;
        if (this.tabuUntil[row + q] > it && cost + delta >= this.bestCost) continue;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestE = e;
          bestQ = q;
          ties = 1;
        } else if (rng.int(++ties) === 0) {
          bestE = e;
          bestQ = q;
        }
      }
    }
    // Swaps: e and an event f of e's calmest period (the fewest of its students there) exchange periods and
    // rooms; where the events clashing with e there, or the rooms, make the plain move dear, the swap may not be.
    let swapWith = -1;
    if (this.swaps) {
      const { suits, R } = tt;
      const sharedWeight = this.edgeCost ? this.adjacent : this.sharedWeight;
      const K = this.swapPeriods;
      for (let k = 0; k < K * n; k++) {
        const e = this.breach[(k / K) | 0];
        const p = period[e];
        const q = this.calmest[k];
        const re = room[e];
        const eRooms = tt.needsRoom(e);
        if (q < 0 || (eRooms && re < 0)) continue;
        const rowE = e * P;
        const base = pressure[rowE + p];
        for (let j = 0; j < this.periodCount[q]; j++) {
          const f = this.periodEvents[q * E + j];
          if (placementAt[f * P + p] < 0) continue;
          pairs++;
          const rowF = f * P;
          // Pairs: e meets q's events but f, f meets p's but e; a student of both clashes in neither place.
          const delta = pressure[rowE + q] - base + pressure[rowF + p] - pressure[rowF + q] - 2 * sharedWeight[e * E + f];
          if (delta > bestDelta) continue;
          // Rooms: each takes the other's (the periods' other events keep theirs).
          const rf = room[f];
          if (eRooms !== tt.needsRoom(f) || (eRooms && (rf < 0 || !suits[e * R + rf] || !suits[f * R + re]))) continue;
          if ((this.tabuUntil[rowE + q] > it || this.tabuUntil[rowF + p] > it) && cost + delta >= this.bestCost) continue;
          if (delta < bestDelta) {
            bestDelta = delta;
            bestE = e;
            bestQ = q;
            swapWith = f;
            ties = 1;
          } else if (rng.int(++ties) === 0) {
            bestE = e;
            bestQ = q;
            swapWith = f;
          }
        }
      }
    }
    this.work += pairs * MC_PAIR_WORK;
    this.sinceBest++;
    if (this.bumpStall > 0 && ++this.stall >= this.bumpStall) {
      this.stall = 0;
      this.bump();
      return;
    }
    if (bestE < 0) {
      // Every move tabu: a random one keeps the walk going.
      bestE = this.breach[rng.int(n)];
      bestQ = rng.int(P);
      if (bestQ === period[bestE] || placementAt[bestE * P + bestQ] < 0) return;
    }
    const from = period[bestE];
    const tenure = Math.floor(this.tenureShare * n) + rng.int(TENURE_RANDOM);
    if (swapWith >= 0) {
      const re = room[bestE];
      const rf = room[swapWith];
      this.leave(bestE);
      this.leave(swapWith);
      this.enter(bestE, bestQ, rf);
      this.enter(swapWith, from, re);
      this.tabuUntil[swapWith * P + bestQ] = it + tenure;
    } else {
      this.leave(bestE);
      this.enter(bestE, bestQ, -1);
    }
    this.tabuUntil[bestE * P + from] = it + tenure;
    this.saveBest();
  }

  /**
   * The exact repair (REPAIR_STALL, period-repair.ts): the period of a random event in breach, and the periods
   * where that period's events in breach meet the fewest of their neighbours (where they could go), are freed
   * and re-assigned among themselves exactly; the timetable changes only when that lowers the cost.
   */
  repairPeriodsExactly(): void {
    const tt = this.tt;
    const { E, P } = tt;
    const { period, room, gamma, rng } = this;
    let n = 0;
    for (let e = 0; e < E; e++) {
      const p = period[e];
      if (p >= 0 && (gamma[e * P + p] > 0 || (room[e] < 0 && tt.needsRoom(e)))) this.breach[n++] = e;
    }
    if (n === 0) return;
    const first = period[this.breach[rng.int(n)]];
    const list = this.repairPeriodList;
    const k = Math.min(this.repairPeriods, REPAIR_MAX_PERIODS, P);
    list[0] = first;
    let chosen = 1;
    let freed = this.periodCount[first];
    const score = this.periodScore;
    score.fill(0);
    for (let j = 0; j < this.periodCount[first]; j++) {
      const e = this.periodEvents[first * E + j];
      if (gamma[e * P + first] === 0 && (room[e] >= 0 || !tt.needsRoom(e))) continue;
      for (let q = 0; q < P; q++) score[q] += gamma[e * P + q];
    }
    while (chosen < k) {
      let best = -1;
      let ties = 0;
      for (let q = 0; q < P; q++) {
        let taken = false;
        for (let c = 0; c < chosen; c++) if (list[c] === q) taken = true;
        if (taken || freed + this.periodCount[q] > REPAIR_MAX_EVENTS) continue;
        if (best < 0 || score[q] < score[best]) {
          best = q;
          ties = 1;
        } else if (score[q] === score[best] && rng.int(++ties) === 0) best = q;
      }
      if (best < 0) break;
      list[chosen++] = best;
      freed += this.periodCount[best];
    }
    // The freed events and the cost they carry now: their conflicting pairs (all within the chosen periods)
    // and their roomless weight.
    let incumbent = 0;
    n = 0;
    for (let c = 0; c < chosen; c++) {
      const q = list[c];
      for (let j = 0; j < this.periodCount[q]; j++) {
        const e = this.periodEvents[q * E + j];
        this.repairEvents[n++] = e;
        incumbent += gamma[e * P + q];
        if (room[e] < 0 && tt.needsRoom(e)) incumbent += 2 * this.roomWeight[e];
      }
    }
    incumbent /= 2;
    this.repairs++;
    const improved = this.repairer.solve(this.repairEvents, n, list, chosen, incumbent, this.roomWeight, this.repairNodes);
    this.work += this.repairer.nodes * n * chosen * MC_UPDATE_WORK;
    if (!improved) return;
    this.repairsImproved++;
    for (let i = 0; i < n; i++) this.leave(this.repairEvents[i]);
    // Events with a room first, so that each finds its room free; the roomless ones then try the rooms left.
    for (let i = 0; i < n; i++) if (this.repairer.bestRoom[i] >= 0) this.enter(this.repairEvents[i], list[this.repairer.bestColour[i]], this.repairer.bestRoom[i]);
    for (let i = 0; i < n; i++) if (this.repairer.bestRoom[i] < 0) this.enter(this.repairEvents[i], list[this.repairer.bestColour[i]], -1);
    this.saveBest();
  }

  /** Students the timetable loses: those with a clash, and those of events left without a room (not distinct). */
  get lost(): number {
    return this.dirty + this.unmatchedStudents;
  }

  /**
   * Keeps the timetable as the best when it loses fewer students (clash pairs break ties): what the search
   * hands back. The search's own cost, which may weigh rooms and students otherwise, only steers the moves
   * and the aspiration (bestCost).
   */
  private saveBest(): void {
    if (this.cost < this.bestCost) {
      this.bestCost = this.cost;
      this.stall = 0;
      this.sinceBest = 0;
      this.kempeSince = 0;
    }
    if (this.lost > this.bestLost || (this.lost === this.bestLost && this.clashPairs >= this.bestClashPairs)) return;
    this.bestLost = this.lost;
    this.bestClashPairs = this.clashPairs;
    this.bestDirty = this.dirty;
    this.bestPeriod.set(this.period);
    this.bestRoom.set(this.room);
  }

  /** Puts event e (in no period) into period q, in room `preferred` when it is free and suitable there, else matched. */
  private enter(e: number, q: number, preferred: number): void {
    const tt = this.tt;
    const { E, P, R } = tt;
    this.shiftPressure(e, q, 1);
    if (this.edgeCost) this.shiftGamma(e, q, 1);
    this.periodVersion[q]++;
    this.period[e] = q;
    this.slotIn[e] = this.periodCount[q];
    this.periodEvents[q * E + this.periodCount[q]++] = e;
    this.room[e] = -1;
    if (!tt.needsRoom(e)) return;
    if (preferred >= 0 && this.holder[q * R + preferred] < 0 && !tt.roomBlocked[preferred * P + q] && tt.suits[e * R + preferred] === 1) {
      this.take(e, q, preferred);
      return;
    }
    this.seenStamp++;
    const r = this.findRoom(e, q, true);
    if (r >= 0) this.take(e, q, r);
    else this.countUnmatched(e, 1);
  }

  /** Takes event e out of its period; the period's unmatched events then try the rooms again. */
  private leave(e: number): void {
    const tt = this.tt;
    const { E, P, R } = tt;
    const q = this.period[e];
    this.shiftPressure(e, q, -1);
    if (this.edgeCost) this.shiftGamma(e, q, -1);
    this.periodVersion[q]++;
    const i = this.slotIn[e];
    const last = this.periodEvents[q * E + --this.periodCount[q]];
    this.periodEvents[q * E + i] = last;
    this.slotIn[last] = i;
    this.period[e] = -1;
    const r = this.room[e];
    if (r >= 0) {
      this.holder[q * R + r] = -1;
      this.room[e] = -1;
      // The freed room may hold an event of q left out: one augmenting path at most (the matching grows by one).
      for (let j = 0; j < this.periodCount[q]; j++) {
        const f = this.periodEvents[q * E + j];
        if (this.room[f] >= 0 || !tt.needsRoom(f)) continue;
        this.seenStamp++;
        const got = this.findRoom(f, q, true);
        if (got >= 0) {
          this.take(f, q, got);
          this.countUnmatched(f, -1);
          break;
        }
      }
    } else if (tt.needsRoom(e)) this.countUnmatched(e, -1);
  }

  /**
   * Every student with a clash weighs one more, every event without a room BUMP_ROOM more: the weighted pairs,
   * the pressures and the shared weights of the student's events follow (events x periods per student).
   */
  private bump(): void {
    const tt = this.tt;
    const { E, P, attendStart, attends } = tt;
    const { count, pressure, period } = this;
    let updates = 0;
    this.bumps++;
    for (let s = 0; s < this.excess.length; s++) {
      if (this.excess[s] === 0) continue;
      this.studentWeight[s]++;
      const row = s * P;
      for (let q = 0; q < P; q++) this.weightedPairs += (count[row + q] * (count[row + q] - 1)) / 2;
      for (let j = attendStart[s]; j < attendStart[s + 1]; j++) {
        const f = attends[j];
        const rowF = f * P;
        const pf = period[f];
        for (let q = 0; q < P; q++) pressure[rowF + q] += count[row + q] - (pf === q ? 1 : 0);
        for (let k = attendStart[s]; k < attendStart[s + 1]; k++) if (k !== j) this.sharedWeight[f * E + attends[k]]++;
      }
      const n = attendStart[s + 1] - attendStart[s];
      updates += n * (P + n);
    }
    for (let e = 0; e < E; e++) {
      if (period[e] < 0 || this.room[e] >= 0 || !tt.needsRoom(e)) continue;
      this.roomWeight[e] += this.bumpRoom;
      this.weightedUnmatched += this.bumpRoom;
    }
    this.work += updates * MC_UPDATE_WORK;
    // The aspiration compares with the best cost under the weights of now.
    this.bestCost = this.cost;
  }

  private countUnmatched(e: number, sign: number): void {
    this.unmatched += sign;
    this.weightedUnmatched += sign * this.roomWeight[e];
    this.unmatchedStudents += sign * (this.tt.studentStart[e + 1] - this.tt.studentStart[e]);
  }

  private take(e: number, q: number, r: number): void {
    this.holder[q * this.tt.R + r] = e;
    this.room[e] = r;
  }

  /** Adds `sign` to the neighbour counts of every neighbour of e in period q (edge cost); counts the pairs. */
  private shiftGamma(e: number, q: number, sign: number): void {
    const tt = this.tt;
    const P = tt.P;
    this.conflictEdges += sign * this.gamma[e * P + q];
    for (let i = tt.nbStart[e]; i < tt.nbStart[e + 1]; i++) this.gamma[tt.nb[i] * P + q] += sign;
    this.work += (tt.nbStart[e + 1] - tt.nbStart[e]) * MC_UPDATE_WORK;
  }

  /** Adds `sign` to the pressure rows of every event sharing a student with e, in period q; counts the students' events. */
  private shiftPressure(e: number, q: number, sign: number): void {
    const tt = this.tt;
    const P = tt.P;
    const { students, studentStart, attends, attendStart } = tt;
    let updates = 0;
    for (let i = studentStart[e]; i < studentStart[e + 1]; i++) {
      const s = students[i];
      // C(n, 2) pairs: entering a cell of n events adds n, leaving one of n + 1 removes n.
      if (sign < 0) this.count[s * P + q]--;
      const others = this.count[s * P + q];
      const w = this.studentWeight[s];
      this.clashPairs += sign * others;
      this.weightedPairs += sign * others * w;
      if (sign > 0) this.count[s * P + q]++;
      if (others > 0) {
        // One event more or less in excess: the student may become whole or clash.
        const before = this.excess[s];
        this.excess[s] += sign;
        if (before === 0) this.dirty++;
        else if (this.excess[s] === 0) this.dirty--;
      }
      for (let j = attendStart[s]; j < attendStart[s + 1]; j++) {
        const f = attends[j];
        if (f !== e) this.pressure[f * P + q] += sign * w;
      }
      updates += attendStart[s + 1] - attendStart[s];
    }
    this.work += updates * MC_UPDATE_WORK;
  }

  /** Whether event e (not in q) could get a room in period q: a free suitable room or an augmenting path. */
  private roomAvailable(e: number, q: number): boolean {
    const k = e * this.tt.P + q;
    if (this.roomStamp[k] === this.periodVersion[q]) return this.roomFits[k] === 1;
    this.seenStamp++;
    const fits = this.findRoom(e, q, false) >= 0;
    this.roomFits[k] = fits ? 1 : 0;
    this.roomStamp[k] = this.periodVersion[q];
    return fits;
  }

  /**
   * Kuhn's step in period q: a suitable room for x, free or taken from an event of q that can itself move to
   * another room (committed along the path with `commit`; x itself is not given the room, it is returned), or
   * -1.
   */
  private findRoom(x: number, q: number, commit: boolean): number {
    const tt = this.tt;
    const { P, R } = tt;
    const base = q * R;
    for (let i = tt.roomStart[x]; i < tt.roomStart[x + 1]; i++) {
      const r = tt.rooms[i];
      if (!tt.roomBlocked[r * P + q] && this.holder[base + r] < 0) return r;
    }
    for (let i = tt.roomStart[x]; i < tt.roomStart[x + 1]; i++) {
      const r = tt.rooms[i];
      if (tt.roomBlocked[r * P + q] || this.seen[r] === this.seenStamp) continue;
      this.seen[r] = this.seenStamp;
      const h = this.holder[base + r];
      if (h === x) continue;
      const next = this.findRoom(h, q, commit);
      if (next >= 0) {
        if (commit) this.take(h, q, next);
        return r;
      }
    }
    return -1;
  }


  /** From-scratch check of the incremental state (tests); returns the first difference, or null. */
  verify(studentCount: number): string | null {
    const tt = this.tt;
    const { E, P, R } = tt;
    const count = new Int32Array(studentCount * P);
    for (let e = 0; e < E; e++) for (let i = tt.studentStart[e]; i < tt.studentStart[e + 1]; i++) if (this.period[e] >= 0) count[tt.students[i] * P + this.period[e]]++;
    let pairs = 0;
    let weighted = 0;
    for (let k = 0; k < count.length; k++) {
      if (count[k] !== this.count[k]) return `count of student ${Math.floor(k / P)} in period ${k % P} is ${this.count[k]}, recounted ${count[k]}`;
      pairs += (count[k] * (count[k] - 1)) / 2;
      weighted += this.studentWeight[Math.floor(k / P)] * ((count[k] * (count[k] - 1)) / 2);
    }
    if (pairs !== this.clashPairs) return `clash pairs ${this.clashPairs}, recounted ${pairs}`;
    if (weighted !== this.weightedPairs) return `weighted clash pairs ${this.weightedPairs}, recounted ${weighted}`;
    const sharedWeight = new Int32Array(E * E);
    for (let st = 0; st < studentCount; st++) {
      for (let j = tt.attendStart[st]; j < tt.attendStart[st + 1]; j++) {
        for (let k = tt.attendStart[st]; k < tt.attendStart[st + 1]; k++) if (k !== j) sharedWeight[tt.attends[j] * E + tt.attends[k]] += this.studentWeight[st];
      }
    }
    for (let k = 0; k < E * E; k++) {
      if (sharedWeight[k] !== this.sharedWeight[k]) return `shared weight of events ${Math.floor(k / E)} and ${k % E} is ${this.sharedWeight[k]}, recounted ${sharedWeight[k]}`;
    }
    for (let e = 0; e < E; e++) {
      for (let q = 0; q < P; q++) {
        let v = 0;
        for (let i = tt.studentStart[e]; i < tt.studentStart[e + 1]; i++) v += this.studentWeight[tt.students[i]] * (count[tt.students[i] * P + q] - (this.period[e] === q ? 1 : 0));
        if (v !== this.pressure[e * P + q]) return `pressure of event ${e} in period ${q} is ${this.pressure[e * P + q]}, recounted ${v}`;
      }
    }
    if (this.edgeCost) {
      let edges = 0;
      for (let e = 0; e < E; e++) {
        for (let q = 0; q < P; q++) {
          let g = 0;
          for (let i = tt.nbStart[e]; i < tt.nbStart[e + 1]; i++) if (this.period[tt.nb[i]] === q) g++;
          if (g !== this.gamma[e * P + q]) return `neighbours of event ${e} in period ${q} are ${this.gamma[e * P + q]}, recounted ${g}`;
          if (this.period[e] === q) edges += g;
        }
      }
      if (edges / 2 !== this.conflictEdges) return `conflicting event pairs ${this.conflictEdges}, recounted ${edges / 2}`;
    }
    let dirty = 0;
    const excess = new Int32Array(studentCount);
    for (let k = 0; k < count.length; k++) if (count[k] > 1) excess[Math.floor(k / P)] += count[k] - 1;
    for (let st = 0; st < studentCount; st++) {
      if (excess[st] !== this.excess[st]) return `excess of student ${st} is ${this.excess[st]}, recounted ${excess[st]}`;
      if (excess[st] > 0) dirty++;
    }
    if (dirty !== this.dirty) return `students with a clash ${this.dirty}, recounted ${dirty}`;
    let unmatched = 0;
    let weightedUnmatched = 0;
    for (let e = 0; e < E; e++) {
      const r = this.room[e];
      if (r >= 0 && (this.holder[this.period[e] * R + r] !== e || tt.roomBlocked[r * P + this.period[e]] || tt.suits[e * R + r] !== 1)) return `event ${e} holds room ${r} wrongly`;
      if (r < 0 && tt.needsRoom(e) && this.period[e] >= 0) {
        unmatched++;
        weightedUnmatched += this.roomWeight[e];
      }
    }
    if (unmatched !== this.unmatched) return `unmatched ${this.unmatched}, recounted ${unmatched}`;
    if (weightedUnmatched !== this.weightedUnmatched) return `weighted unmatched ${this.weightedUnmatched}, recounted ${weightedUnmatched}`;
    return null;
  }
}
