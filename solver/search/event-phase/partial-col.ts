/**
 * The event phase's search: tabu search over feasible partial timetables (PartialCol, Blöchliger and Zufferey
 * 2008; what Cambazard et al. 2012 use to make every ITC instance feasible). The timetable (timetable.ts) never
 * breaks a hard rule; the objective is the number of unplaced events. A move takes an unplaced event e into a
 * period q, ejecting its neighbours placed there and, when q's rooms cannot be matched again with e among
 * them, one event holding a room e could use; the move chosen is the one ejecting the fewest (ties at random).
 * An event ejected from q may not go back to q for a tenure of 0.6 x unplaced + 0..9 iterations unless that
 * gives a timetable with fewer unplaced events than the best so far (aspiration). A move is evaluated in O(1)
 * from the clash counts (timetable.ts clash) plus the room check, so a few hundred thousand are weighed a
 * second; no student is seated until the phase writes its best back.
 */
import type { Rng } from '../../rng';
import type { EventTimetable } from './timetable';

/** Tabu tenure: TENURE_SHARE x the unplaced events, plus a random 0 .. TENURE_RANDOM - 1 (PartialCol's). */
const TENURE_SHARE = 0.6;
const TENURE_RANDOM = 10;
/** What an event's weight gains for each iteration it ends unplaced. */
const WEIGHT_STEP = 1;
/**
 * Work units (the Search's, see WORK_PER_SECOND) per (event, period) pair weighed and per neighbour touched by
 * a placement, measured against the Search's own moves on itc:1 in one process (the stage runs only its first
 * PARTIAL_STAGE_WORK units, a fraction of a second).
 */
export const PAIR_WORK = 0.22;
export const NEIGHBOUR_WORK = 0.075;

export class PartialColSearch {
  private readonly tt: EventTimetable;
  private readonly rng: Rng;
  /** tabuUntil[e * P + q]: the iteration until which e may not enter q (see the header). */
  private readonly tabuUntil: Int32Array;
  iteration = 0;
  work = 0;
  /** The best timetable so far: its unplaced count and each event's period and room (-1 unplaced / none). */
  bestUnplaced: number;
  readonly bestPeriod: Int32Array;
  readonly bestRoom: Int32Array;

  /** The tabu tenure's share of the unplaced count and the weight step (see the constants; tests vary them). */
  tenureShare = TENURE_SHARE;
  weightStep = WEIGHT_STEP;

  constructor(tt: EventTimetable, rng: Rng) {
    this.tt = tt;
    this.rng = rng;
    this.tabuUntil = new Int32Array(tt.E * tt.P);
    this.bestPeriod = tt.period.slice();
    this.bestRoom = tt.room.slice();
    this.bestUnplaced = tt.unplacedCount;
  }

  /** Runs moves until no event is unplaced or the work reaches `workLimit`; returns whether none is unplaced. */
  run(workLimit: number): boolean {
    const tt = this.tt;
    while (tt.unplacedCount > 0 && this.work < workLimit) this.step();
    return tt.unplacedCount === 0;
  }

  /** One move: the best non-tabu insertion of an unplaced event (see the header). */
  step(): void {
    const tt = this.tt;
    const { P, placementAt, clash, clashWeight, weight } = tt;
    const rng = this.rng;
    const it = ++this.iteration;
    const unplaced = tt.unplacedCount;
    let bestCost = Infinity;
    let bestE = -1;
    let bestQ = -1;
    let ties = 0;
    let pairs = 0;
    for (let i = 0; i < unplaced; i++) {
      const e = tt.unplaced[i];
      const row = e * P;
      const gain = weight[e];
      for (let q = 0; q < P; q++) {
        if (placementAt[row + q] < 0) continue;
        pairs++;
        const ejected = clashWeight[row + q] - gain;
        if (ejected > bestCost) continue;
        const rooms = tt.roomCost(e, q);
        if (rooms < 0) continue;
        const cost = rooms === 0 ? ejected : ejected + tt.holderWeight(q, tt.lightestBlockerRoom(e, q, null));
        if (cost > bestCost) continue;
        // Tabu unless it beats the best timetable so far (aspiration).
        if (this.tabuUntil[row + q] > it && unplaced - 1 + clash[row + q] + rooms >= this.bestUnplaced) continue;
        if (cost < bestCost) {
          bestCost = cost;
          ties = 1;
          bestE = e;
          bestQ = q;
        } else if (rng.int(++ties) === 0) {
          bestE = e;
          bestQ = q;
        }
      }
    }
    this.work += pairs * PAIR_WORK;
    if (bestE < 0) {
      // Every move tabu: a random insertion keeps the walk going.
      const e = tt.unplaced[rng.int(unplaced)];
      const start = rng.int(P);
      for (let j = 0; j < P; j++) {
        const q = (start + j) % P;
        if (placementAt[e * P + q] >= 0 && tt.roomCost(e, q) >= 0) {
          bestE = e;
          bestQ = q;
          break;
        }
      }
      if (bestE < 0) return;
    }
    const q = bestQ;
    const tenure = Math.floor(this.tenureShare * unplaced) + rng.int(TENURE_RANDOM);
    tt.insert(bestE, q, rng);
    for (let i = 0; i < tt.ejectedCount; i++) {
      const f = tt.ejected[i];
      this.tabuUntil[f * P + q] = it + tenure;
      this.work += (tt.nbStart[f + 1] - tt.nbStart[f]) * NEIGHBOUR_WORK;
    }
    this.work += (tt.nbStart[bestE + 1] - tt.nbStart[bestE]) * NEIGHBOUR_WORK;
    // Events that stay unplaced weigh more and more, so the walk leaves a plateau that keeps them out.
    for (let i = 0; i < tt.unplacedCount; i++) weight[tt.unplaced[i]] += this.weightStep;
    if (tt.unplacedCount < this.bestUnplaced) {
      this.bestUnplaced = tt.unplacedCount;
      this.bestPeriod.set(tt.period);
      this.bestRoom.set(tt.room);
    }
  }

  /** Takes the timetable as it stands as the best so far (after it was filled from outside the search). */
  resetBest(): void {
    this.bestUnplaced = this.tt.unplacedCount;
    this.bestPeriod.set(this.tt.period);
    this.bestRoom.set(this.tt.room);
  }

  /** Puts the timetable back to the best so far. */
  restoreBest(): void {
    const tt = this.tt;
    for (let e = 0; e < tt.E; e++) if (tt.period[e] >= 0) tt.unplace(e);
    for (let e = 0; e < tt.E; e++) if (this.bestPeriod[e] >= 0) tt.place(e, this.bestPeriod[e], this.bestRoom[e]);
  }
}
