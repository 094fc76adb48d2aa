/**
 * Seating one student on an event model (search/events.ts): the same best response as seat.ts's Seater, found
 * without its branch and bound. When every course the student chose runs one group at most, each choice has
 * one candidate (that group) or none, so the seating is forced except where candidates clash: the student
 * takes every candidate that clashes with none of the others, and within each set of clashing candidates the
 * subset that costs least (a maximum-weight independent set of a handful of events, found exactly). The
 * Seater's depth-first search cannot prune such a student well (its bound assumes every later choice seated)
 * and spent most of an event move's work on it: 33 % of the run time on itc:1.
 *
 * The score change minimised is the Seater's: the marginal cost of each seat taken (evenness, overflow, small
 * groups, quotas), W.unmet per choice left unmet and W.notFull once if any is. Seats already held are costed as
 * if the student were not there, and only the seats that change are written (each write is journaled).
 *
 * Scratch, per choice k of the student (0 .. choices-1): candSlot[k] the open group of its course (-1: none or
 * forbidden), candCost[k] the marginal cost of seating there, candCell[k] the one cell it covers (-1: several),
 * conflict[k] a bit mask of the other choices whose candidates share a cell with it, take[k] the decision
 * (1: seated).
 */
import { cellsOverlap } from '../cells';
import type { Model } from '../model';
import { W, type State } from '../state';

/** Most choices the bit masks of the clash graph hold; a student with more goes to the Seater. */
const MAX_CHOICES = 31;
/** Work per candidate weighed (see where it is counted). */
const CANDIDATE_WORK = 3;

export class EventSeater {
  private readonly m: Model;
  private readonly candSlot: Int32Array;
  private readonly candCost: Float64Array;
  private readonly candCell: Int32Array;
  private readonly conflict: Int32Array;
  private readonly take: Uint8Array;
  /** Vertices of the clash component being searched, and the best and current subsets of it (bit masks). */
  private readonly component: Int32Array;
  /** The one cell each placement covers, or -1 (events.ts Conflicts.placementCell). */
  private readonly placementCell: Int32Array;
  /** Per cell: the bit mask of the student's choices whose candidates cover it (zero between calls). */
  private readonly cellMembers: Int32Array;
  private componentSize = 0;
  private bestGain = 0;
  private bestSet = 0;
  private nodes = 0;
  /** Work in the Seater's units (a search node; 17 per candidate weighed), added to the search's work. */
  work = 0;

  constructor(model: Model, placementCell: Int32Array) {
    this.m = model;
    this.placementCell = placementCell;
    this.cellMembers = new Int32Array(model.cellWords * 32);
    const w = Math.max(1, model.seatWidth);
    this.candSlot = new Int32Array(w);
    this.candCost = new Float64Array(w);
    this.candCell = new Int32Array(w);
    this.conflict = new Int32Array(w);
    this.take = new Uint8Array(w);
    this.component = new Int32Array(w);
  }

  /**
   * Seats student s (seated or not) as the Seater's best response would, never in group `forbidden` (-1:
   * none). Returns false, changing nothing, when the student is not of the event shape (reserves, fixed seats,
   * a course running several groups, more than MAX_CHOICES choices): the caller seats them with the Seater.
   */
  seat(st: State, s: number, forbidden: number): boolean {
    const m = this.m;
    const n = m.studentChoiceCount[s];
    if (n > MAX_CHOICES || m.studentReserveCount[s] > 0) return false;
    const base = s * m.seatWidth;
    const cw = m.cellWords;
    const { candSlot, candCost, candCell, conflict, take, placementCell } = this;
    const { fixedSeat, seatForbidden, seatCourse, slotStart } = m;
    const { slotPlacement, seat, slotLoad, courseLoad } = st;
    let available = 0;
    let singleCells = true;
    for (let k = 0; k < n; k++) {
      const i = base + k;
      if (fixedSeat[i] >= 0) return false;
      candSlot[k] = -1;
      if (seatForbidden[i]) continue;
      const c = seatCourse[i];
      let g = -1;
      for (let x = slotStart[c]; x < slotStart[c + 1]; x++) {
        if (slotPlacement[x] < 0) continue;
        if (g >= 0) return false;
        g = x;
      }
      if (g < 0 || g === forbidden) continue;
      candSlot[k] = g;
      candCell[k] = placementCell[slotPlacement[g]];
      if (candCell[k] < 0) singleCells = false;
      // Costed without the student: their own seat's load taken off.
      const own = seat[i] === g ? 1 : 0;
      candCost[k] = this.marginal(st, g, slotLoad[g] - own, courseLoad[c] - own);
      available++;
    }
    // The clash graph among the candidates: by cell when each covers one (the ITC shape), else pair by pair.
    let anyConflict = false;
    for (let k = 0; k < n; k++) conflict[k] = 0;
    let pairs = 0;
    if (singleCells) {
      const members = this.cellMembers;
      for (let k = 0; k < n; k++) if (candSlot[k] >= 0) members[candCell[k]] |= 1 << k;
      for (let k = 0; k < n; k++) {
        if (candSlot[k] < 0) continue;
        conflict[k] = members[candCell[k]] & ~(1 << k);
        if (conflict[k] !== 0) anyConflict = true;
      }
      for (let k = 0; k < n; k++) if (candSlot[k] >= 0) members[candCell[k]] = 0;
      pairs = available;
    } else for (let k = 0; k < n; k++) {
      if (candSlot[k] < 0) continue;
      for (let j = k + 1; j < n; j++) {
        if (candSlot[j] < 0) continue;
        pairs++;
        if (cellsOverlap(st.slotCells, candSlot[k], st.slotCells, candSlot[j], cw)) {
          conflict[k] |= 1 << j;
          conflict[j] |= 1 << k;
          anyConflict = true;
        }
      }
    }
    // Best with W.notFull paid (some choice unmet): each clash component on its own, a seat taken when it
    // gains (W.unmet - its cost > 0).
    this.nodes = 0;
    let withSkip = 0; // cost of that seating, W.notFull aside
    let allTaken = 0; // cost of seating every candidate (valid only without clashes or missing candidates)
    for (let k = 0; k < n; k++) take[k] = 0;
    let done = 0; // bit mask of the choices decided
    for (let k = 0; k < n; k++) {
      if (candSlot[k] < 0) {
        withSkip += W.unmet;
        continue;
      }
      allTaken += candCost[k];
      if (done & (1 << k)) continue;
      if (conflict[k] === 0) {
        done |= 1 << k;
        if (candCost[k] < W.unmet) {
          take[k] = 1;
          withSkip += candCost[k];
        } else withSkip += W.unmet;
        continue;
      }
      // Collect k's component, then its best independent set.
      this.componentSize = 0;
      let frontier = 1 << k;
      let members = 0;
      while (frontier !== 0) {
        const v = 31 - Math.clz32(frontier);
        frontier &= ~(1 << v);
        if (members & (1 << v)) continue;
        members |= 1 << v;
        this.component[this.componentSize++] = v;
        frontier |= conflict[v] & ~members;
      }
      done |= members;
      this.bestGain = 0;
      this.bestSet = 0;
      this.search(0, 0, 0);
      for (let t = 0; t < this.componentSize; t++) {
        const v = this.component[t];
        if (this.bestSet & (1 << v)) {
          take[v] = 1;
          withSkip += candCost[v];
        } else withSkip += W.unmet;
      }
    }
    if (!anyConflict && available === n && allTaken <= withSkip + W.notFull) for (let k = 0; k < n; k++) take[k] = 1;
    // In the Seater's units (WORK_PER_SECOND, 50 million a second on the reference machine): a candidate weighed
    // here is a marginal cost and no sorted insertion, a clash test about one node. Fitted on a quiet machine on
    // itc:1 seed 1 at --time 60: 3 per candidate spends the search's 2,250 million units in 47 s (48 million a
    // second); 7, fitted under a load of 6 or more, spent them in 24 s and left half the time unused.
    this.work += CANDIDATE_WORK * available + pairs + this.nodes;
    // Apply: seats given up first (a student's cells are a union, kept exact only without overlaps), then taken.
    for (let k = 0; k < n; k++) {
      const i = base + k;
      const want = take[k] ? candSlot[k] : -1;
      if (st.seat[i] >= 0 && st.seat[i] !== want) st.setSeat(i, -1);
    }
    for (let k = 0; k < n; k++) {
      const i = base + k;
      if (take[k] && st.seat[i] !== candSlot[k]) st.setSeat(i, candSlot[k]);
    }
    return true;
  }

  /**
   * Depth-first over the component's vertices from index t: `chosen` the bit mask taken so far, `gain` its
   * W.unmet - cost summed. Records the best subset in bestSet; prunes when even every remaining gaining vertex
   * would not beat it.
   */
  private search(t: number, chosen: number, gain: number): void {
    this.nodes++;
    if (gain > this.bestGain) {
      this.bestGain = gain;
      this.bestSet = chosen;
    }
    let rest = 0;
    for (let u = t; u < this.componentSize; u++) {
      const v = this.component[u];
      if ((this.conflict[v] & chosen) === 0) rest += Math.max(0, W.unmet - this.candCost[v]);
    }
    if (gain + rest <= this.bestGain) return;
    for (let u = t; u < this.componentSize; u++) {
      const v = this.component[u];
      const g = W.unmet - this.candCost[v];
      if (g <= 0 || (this.conflict[v] & chosen) !== 0) continue;
      this.search(u + 1, chosen | (1 << v), gain + g);
    }
  }

  /** The Seater's marginal cost of one more student in slot g, at the given group and course loads. */
  private marginal(st: State, g: number, load: number, courseLoad: number): number {
    const m = this.m;
    const c = m.slotCourse[g];
    let cost = W.even * (2 * load + 1);
    if (load + 1 > st.slotCap[g]) cost += st.w.overflow;
    const min = m.courseMinSize[c];
    if (min > 1 && !m.slotPinned[g]) {
      if (load === 0) cost += st.w.small;
      else if (load + 1 === min) cost -= st.w.small;
    }
    const places = m.coursePlaces[c];
    if (places >= 0 && courseLoad + 1 > places) cost += st.w.overflow;
    return cost;
  }
}
