/**
 * Seating one student: the best response to the current groups. With the student unseated, a depth-first
 * branch and bound picks for each choice one running group (or none) with no two sharing a cell, minimising
 * exactly the change in the score: unmet choices, a student not fully satisfied, overfull groups and quotas,
 * groups below minimum size, group-size evenness. Reserves then fill cells left by unmet choices, at most
 * one per unmet choice, in the student's order (the first reserve with a group it can join is taken). A seat an
 * enforced choice rule forbids (model.seatForbidden) gets no candidate: the choice stays unmet, the reserve
 * unused. All buffers are allocated once per solve: no allocation per call. A candidate group's cost is the
 * rules' own incremental arithmetic (constraints/objective.ts joinCost), and a choice left unmet costs what the
 * seating rule says (constraints/seating.ts unmetChoiceCost), never a copy of either.
 *
 * With a published blocking (a re-solve, constraints/pupils-moved.ts) the student's ending moved costs the rule's
 * price once (pupilMovedCost), whichever of their seats moves them: the search carries whether a seat chosen
 * so far moved them, and adds the price at the first that does.
 *
 * Scratch layout: level l (a choice, most constrained first) has candidates candStart[l] .. candStart[l+1]-1,
 * each a slot (candSlot), its cells (candCells), its marginal cost (candCost), sorted cheapest first, and
 * whether it moves the student from their published placement (candMoved, 0 without a published blocking);
 * levelSkipMoved[l] whether leaving level l unmet does.
 * candCells holds the slot's whole mask when masks are one word (model.cellWords = 1), and its first word
 * otherwise (a quick "not the same cells" test; the wide search reads the slot's mask from the state).
 * levelCells[l * cellWords ..] (wide grids only) holds the cells taken by levels 0 .. l-1.
 */
import { cellsAdd, cellsCopy, cellsEqual, cellsOverlap } from './cells';
import { overflowOnJoin } from './constraints/capacity';
import { smallOnJoin } from './constraints/min-size';
import { joinCost, W } from './constraints/objective';
import { placesOverOnJoin, yearPlacesOverOnJoin } from './constraints/places';
import { pupilMovedCost, seatMovedIn } from './constraints/pupils-moved';
import { unmetChoiceCost } from './constraints/seating';
import type { Model } from './model';
import type { State } from './state';

const NODE_LIMIT = 20000;
/**
 * A course running more groups than this (large cohorts: 78 slots at 5,000 students, 306 at 20,000) keeps
 * one candidate per cell mask, its cheapest: the search is the same best response without sorting hundreds
 * of groups per choice (which took 2.5 s of a 3 s limit seating 20,000 students once). Smaller courses keep
 * every candidate, so small cohorts search exactly as before.
 */
const DEDUPE_MIN_SLOTS = 24;
/** Work per group weighed but not kept as a candidate (a marginal cost and a short scan, no insertion). */
const WEIGH_WORK = 2;
/** Cost of leaving a fixed seat: larger than any other change one student can make. */
const FIXED_BREAK = 1e6;

export class Seater {
  private readonly m: Model;
  private readonly levelSeat: Int32Array; // seat index of each level
  private readonly levelFixed: Int32Array;
  private readonly candStart: Int32Array;
  private candSlot: Int32Array;
  private candCells: Int32Array;
  private candCost: Float64Array;
  private candMoved: Uint8Array;
  private readonly levelSkipMoved: Uint8Array;
  /** What the student ending moved costs (constraints/pupils-moved.ts), 0 when they do not count. */
  private movedCost = 0;
  private readonly lowerRest: Float64Array; // lower bound on the cost of levels l.. end
  private readonly current: Int32Array;
  private readonly best: Int32Array;
  private readonly levelCells: Int32Array;
  private bestCost = 0;
  private levels = 0;
  private nodes = 0;
  /** Search nodes and weighed candidates over the whole solve: the deterministic measure of work. */
  work = 0;

  constructor(model: Model) {
    this.m = model;
    const w = model.seatWidth;
    this.levelSeat = new Int32Array(w);
    this.levelFixed = new Int32Array(w);
    this.candStart = new Int32Array(w + 1);
    let maxSlots = 0;
    for (let c = 0; c < model.courseCount; c++) maxSlots = Math.max(maxSlots, model.slotStart[c + 1] - model.slotStart[c]);
    const cap = Math.max(1, w * maxSlots);
    this.candSlot = new Int32Array(cap);
    this.candCells = new Int32Array(cap);
    this.candCost = new Float64Array(cap);
    this.candMoved = new Uint8Array(cap);
    this.levelSkipMoved = new Uint8Array(w);
    this.lowerRest = new Float64Array(w + 1);
    this.current = new Int32Array(w);
    this.best = new Int32Array(w);
    this.levelCells = new Int32Array(model.cellWords > 1 ? (w + 1) * model.cellWords : 0);
  }

  /** Score change of adding one student to slot g as things stand, the group's terms (constraints/objective.ts). */
  marginal(st: State, g: number): number {
    return joinCost(st, g);
  }

  /**
   * Seats student s (who must be fully unseated) as well as possible. When strict, overfull groups, exceeded
   * quotas and slots in `forbidden` (a slot id, or -1) are not used at all: the final repair uses it.
   */
  seatBest(st: State, s: number, strict = false, forbidden = -1): void {
    const m = this.m;
    const base = s * m.seatWidth;
    const nChoices = m.studentChoiceCount[s];
    const cw = m.cellWords;
    const movedCost = (this.movedCost = pupilMovedCost(st, s));
    // Collect candidates per choice, then order the levels by candidate count.
    const order = this.current; // reuse as scratch for level order before the search
    for (let k = 0; k < nChoices; k++) order[k] = k;
    // count candidates per choice into best[] (scratch)
    for (let k = 0; k < nChoices; k++) {
      const fixed = m.fixedSeat[base + k];
      if (fixed >= 0) {
        this.best[k] = -1; // fixed first
        continue;
      }
      const c = m.seatCourse[base + k];
      let n = 0;
      if (!m.seatForbidden[base + k]) for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (st.slotPlacement[g] >= 0) n++;
      this.best[k] = n;
    }
    // insertion sort of choice indices by candidate count (n is tiny)
    for (let i = 1; i < nChoices; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= 0 && this.best[order[j]] > this.best[v]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
    let n = 0;
    let weighed = 0;
    for (let l = 0; l < nChoices; l++) {
      const k = order[l];
      this.levelSeat[l] = base + k;
      const fixed = m.fixedSeat[base + k];
      this.levelFixed[l] = fixed;
      this.candStart[l] = n;
      this.levelSkipMoved[l] = movedCost > 0 && seatMovedIn(st, base + k, -1) ? 1 : 0;
      // The per-year places rule (constraints/places.ts) prices the student's course, whichever group: 0 without it.
      const yearCost = st.w.overflow * yearPlacesOverOnJoin(st, m.seatCourse[base + k], s);
      if (fixed >= 0) {
        if (st.slotPlacement[fixed] >= 0) {
          this.candSlot[n] = fixed;
          this.candCells[n] = st.slotCells[fixed * cw];
          this.candCost[n] = this.marginal(st, fixed) + yearCost;
          this.candMoved[n] = movedCost > 0 && seatMovedIn(st, base + k, fixed) ? 1 : 0;
          n++;
        }
        continue;
      }
      if (m.seatForbidden[base + k]) continue;
      const c = m.seatCourse[base + k];
      const first = n;
      // Not for a student the published blocking counts: a dearer group of the same cells may be their own.
      const dedupe = movedCost === 0 && m.slotStart[c + 1] - m.slotStart[c] > DEDUPE_MIN_SLOTS;
      for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
        if (st.slotPlacement[g] < 0 || g === forbidden) continue;
        const cost = this.marginal(st, g) + yearCost;
        if (strict && (!joinsCleanly(st, g, c) || yearCost > 0)) continue;
        if (dedupe) {
          // Keep only the cheapest group per cell mask (the first, lowest slot, among equals): a dearer one
          // with the same cells can never be part of a strictly better seating.
          weighed++;
          const cells = st.slotCells[g * cw];
          let same = first;
          while (same < n && (this.candCells[same] !== cells || (cw > 1 && !cellsEqual(st.slotCells, this.candSlot[same], st.slotCells, g, cw)))) same++;
          if (same < n) {
            if (this.candCost[same] <= cost) continue;
            for (let j = same; j < n - 1; j++) {
              this.candSlot[j] = this.candSlot[j + 1];
              this.candCells[j] = this.candCells[j + 1];
              this.candCost[j] = this.candCost[j + 1];
            }
            n--;
          }
        }
        // insert sorted by cost
        let j = n++;
        while (j > first && this.candCost[j - 1] > cost) {
          this.candSlot[j] = this.candSlot[j - 1];
          this.candCells[j] = this.candCells[j - 1];
          this.candCost[j] = this.candCost[j - 1];
          j--;
        }
        this.candSlot[j] = g;
        this.candCells[j] = st.slotCells[g * cw];
        this.candCost[j] = cost;
      }
      if (movedCost > 0) for (let j = first; j < n; j++) this.candMoved[j] = seatMovedIn(st, base + k, this.candSlot[j]) ? 1 : 0;
    }
    this.candStart[nChoices] = n;
    this.levels = nChoices;
    this.lowerRest[nChoices] = 0;
    // Lower bound on what levels l.. still cost: each either takes its cheapest candidate (candidates are
    // sorted) or is left unmet, which costs at least W.unmet. Tight enough to prune nearly all of the tree.
    for (let l = nChoices - 1; l >= 0; l--) {
      const lo = this.candStart[l];
      const skip = this.levelFixed[l] >= 0 ? FIXED_BREAK : W.unmet;
      const cheapest = lo < this.candStart[l + 1] ? Math.min(skip, this.candCost[lo]) : skip;
      this.lowerRest[l] = this.lowerRest[l + 1] + cheapest;
    }
    // Greedy start: the all-unmet assignment is always allowed for free levels.
    this.bestCost = Infinity;
    this.nodes = 0;
    // A student the published blocking counts takes the searches that price their move; every other student
    // the plain ones (the ordinary solve's hot path, unchanged).
    if (cw === 1) {
      if (movedCost > 0) this.dfsMoved(st, 0, st.studentCells[s], 0, 0, 0);
      else this.dfs(st, 0, st.studentCells[s], 0, 0);
    } else {
      cellsCopy(this.levelCells, 0, st.studentCells, s, cw);
      if (movedCost > 0) this.dfsWideMoved(st, 0, 0, 0, 0);
      else this.dfsWide(st, 0, 0, 0);
    }
    // Work in units of one search node; weighing a candidate costs about 17 nodes (fitted over samples,
    // generated, known-optimum and SVWS instances: within 25% of wall time on all of them).
    this.work += this.nodes + 17 * n + WEIGH_WORK * weighed;

    let unmet = 0;
    let moved = false;
    for (let l = 0; l < nChoices; l++) {
      const g = this.best[l];
      if (g >= 0) st.setSeat(this.levelSeat[l], g);
      else unmet++;
      if (movedCost > 0 && seatMovedIn(st, this.levelSeat[l], g)) moved = true;
    }
    // Reserves, in the student's order, into cells the choices left free.
    const nRes = m.studentReserveCount[s];
    for (let r = 0; r < nRes && unmet > 0; r++) {
      const i = base + nChoices + r;
      if (m.seatForbidden[i]) continue;
      const fixed = m.fixedSeat[i];
      const c = m.seatCourse[i];
      let bestSlot = -1;
      // Placing must gain something; leaving a published reserve unplaced moves the student.
      let bestCost: number = W.reserve + (movedCost > 0 && !moved && seatMovedIn(st, i, -1) ? movedCost : 0);
      const yearCost = st.w.overflow * yearPlacesOverOnJoin(st, c, s);
      for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
        if (st.slotPlacement[g] < 0 || g === forbidden || (fixed >= 0 && g !== fixed)) continue;
        if (cellsOverlap(st.studentCells, s, st.slotCells, g, cw)) continue;
        if (strict && (!joinsCleanly(st, g, c) || yearCost > 0)) continue;
        const cost = this.marginal(st, g) + yearCost + (movedCost > 0 && !moved && seatMovedIn(st, i, g) ? movedCost : 0);
        if (cost < bestCost) {
          bestCost = cost;
          bestSlot = g;
        }
      }
      if (bestSlot >= 0) {
        st.setSeat(i, bestSlot);
        unmet--;
      }
      if (movedCost > 0 && seatMovedIn(st, i, bestSlot)) moved = true;
    }
  }

  private dfs(st: State, level: number, cells: number, cost: number, skipped: number): void {
    this.nodes++;
    if (level === this.levels) {
      if (cost < this.bestCost) {
        this.bestCost = cost;
        for (let l = 0; l < this.levels; l++) this.best[l] = this.current[l];
      }
      return;
    }
    if (cost + this.lowerRest[level] >= this.bestCost || this.nodes > NODE_LIMIT) return;
    const hi = this.candStart[level + 1];
    for (let j = this.candStart[level]; j < hi; j++) {
      const gc = this.candCells[j];
      if (cells & gc) continue;
      this.current[level] = this.candSlot[j];
      this.dfs(st, level + 1, cells | gc, cost + this.candCost[j], skipped);
      if (this.nodes > NODE_LIMIT && this.bestCost < Infinity) return;
    }
    // Leave this choice unmet. A fixed seat is left only when it cannot be kept (its group closed or clashing).
    this.current[level] = -1;
    const skipCost = unmetChoiceCost(skipped) + (this.levelFixed[level] >= 0 ? FIXED_BREAK : 0);
    this.dfs(st, level + 1, cells, cost + skipCost, skipped + 1);
  }

  /** dfs on masks of more than one word: the cells taken so far are levelCells entity `level`. */
  private dfsWide(st: State, level: number, cost: number, skipped: number): void {
    this.nodes++;
    if (level === this.levels) {
      if (cost < this.bestCost) {
        this.bestCost = cost;
        for (let l = 0; l < this.levels; l++) this.best[l] = this.current[l];
      }
      return;
    }
    if (cost + this.lowerRest[level] >= this.bestCost || this.nodes > NODE_LIMIT) return;
    const cw = this.m.cellWords;
    const hi = this.candStart[level + 1];
    for (let j = this.candStart[level]; j < hi; j++) {
      const g = this.candSlot[j];
      if (cellsOverlap(this.levelCells, level, st.slotCells, g, cw)) continue;
      this.current[level] = g;
      cellsCopy(this.levelCells, level + 1, this.levelCells, level, cw);
      cellsAdd(this.levelCells, level + 1, st.slotCells, g, cw);
      this.dfsWide(st, level + 1, cost + this.candCost[j], skipped);
      if (this.nodes > NODE_LIMIT && this.bestCost < Infinity) return;
    }
    this.current[level] = -1;
    const skipCost = unmetChoiceCost(skipped) + (this.levelFixed[level] >= 0 ? FIXED_BREAK : 0);
    cellsCopy(this.levelCells, level + 1, this.levelCells, level, cw);
    this.dfsWide(st, level + 1, cost + skipCost, skipped + 1);
  }

  /**
   * dfs for a student the published blocking counts: `moved` is 1 once a level above moved them from their
   * published placement, and the first level that does pays the move's price (movedCost) once.
   */
  private dfsMoved(st: State, level: number, cells: number, cost: number, skipped: number, moved: number): void {
    this.nodes++;
    if (level === this.levels) {
      if (cost < this.bestCost) {
        this.bestCost = cost;
        for (let l = 0; l < this.levels; l++) this.best[l] = this.current[l];
      }
      return;
    }
    if (cost + this.lowerRest[level] >= this.bestCost || this.nodes > NODE_LIMIT) return;
    const hi = this.candStart[level + 1];
    for (let j = this.candStart[level]; j < hi; j++) {
      const gc = this.candCells[j];
      if (cells & gc) continue;
      this.current[level] = this.candSlot[j];
      const mv = this.candMoved[j];
      this.dfsMoved(st, level + 1, cells | gc, cost + this.candCost[j] + (mv > moved ? this.movedCost : 0), skipped, moved | mv);
      if (this.nodes > NODE_LIMIT && this.bestCost < Infinity) return;
    }
    // Leave this choice unmet. A fixed seat is left only when it cannot be kept (its group closed or clashing).
    this.current[level] = -1;
    const skipCost = unmetChoiceCost(skipped) + (this.levelFixed[level] >= 0 ? FIXED_BREAK : 0);
    const mv = this.levelSkipMoved[level];
    this.dfsMoved(st, level + 1, cells, cost + skipCost + (mv > moved ? this.movedCost : 0), skipped + 1, moved | mv);
  }

  /** dfsWide with the price of the student's move, as dfsMoved. */
  private dfsWideMoved(st: State, level: number, cost: number, skipped: number, moved: number): void {
    this.nodes++;
    if (level === this.levels) {
      if (cost < this.bestCost) {
        this.bestCost = cost;
        for (let l = 0; l < this.levels; l++) this.best[l] = this.current[l];
      }
      return;
    }
    if (cost + this.lowerRest[level] >= this.bestCost || this.nodes > NODE_LIMIT) return;
    const cw = this.m.cellWords;
    const hi = this.candStart[level + 1];
    for (let j = this.candStart[level]; j < hi; j++) {
      const g = this.candSlot[j];
      if (cellsOverlap(this.levelCells, level, st.slotCells, g, cw)) continue;
      this.current[level] = g;
      cellsCopy(this.levelCells, level + 1, this.levelCells, level, cw);
      cellsAdd(this.levelCells, level + 1, st.slotCells, g, cw);
      const mv = this.candMoved[j];
      this.dfsWideMoved(st, level + 1, cost + this.candCost[j] + (mv > moved ? this.movedCost : 0), skipped, moved | mv);
      if (this.nodes > NODE_LIMIT && this.bestCost < Infinity) return;
    }
    this.current[level] = -1;
    const skipCost = unmetChoiceCost(skipped) + (this.levelFixed[level] >= 0 ? FIXED_BREAK : 0);
    cellsCopy(this.levelCells, level + 1, this.levelCells, level, cw);
    const mv = this.levelSkipMoved[level];
    this.dfsWideMoved(st, level + 1, cost + skipCost + (mv > moved ? this.movedCost : 0), skipped + 1, moved | mv);
  }
}

/**
 * May one more student join slot g (of course c) in the final repair? Not when the join breaks a hard rule:
 * it overfills the group, exceeds the course's places, or starts an empty group that then sits below its
 * minimum size (a join that brings a small group up to its minimum is welcome).
 */
function joinsCleanly(st: State, g: number, c: number): boolean {
  return overflowOnJoin(st, g) === 0 && placesOverOnJoin(st, c) === 0 && smallOnJoin(st, g) <= 0;
}
