/**
 * The event phase: on an event model (search/events.ts) whose every demanded course runs one group in one
 * cell, the search first works on the timetable alone, on its own compact arrays (timetable.ts), then writes
 * the best timetable it found back into the State (each event's group opened at its period in its room, every
 * student seated) and the Search's own moves go on from there. The State's moves re-seat students at every
 * step (a few thousand moves a second on itc:1) and score only students made whole, so they walk a landscape
 * of clashes blindly; the phase counts the hard-rule breaches directly, as the ITC 2002 solvers do, and weighs
 * a move in O(1). Two stages:
 *   partial   (partial-col.ts) from the construction's timetable, events that clash are taken out and a tabu
 *             search re-inserts them, ejecting others; within PARTIAL_STAGE_WORK it reaches a feasible
 *             timetable with a few dozen events out, then stalls;
 *   complete  (min-conflicts.ts) from there with every event placed (those out where they clash least), a tabu
 *             search lowers clashing attendance pairs and roomless events, which count students.
 * On itc:1 (quiet machine) the first ends near 25 events out, the second near 40 clash pairs (where the
 * Search's moves alone reached 68 students not fully satisfied in 60 s).
 *
 * The phase only decides where groups start: the result still goes through the model's evaluation, the
 * repair and the independent checker. Its work is counted in the Search's units, so the same seed and budget
 * give the same phase, and nothing in it depends on the budget but where it stops: a larger budget runs it
 * further (to the same end, or with a best at least as good).
 */
import { acquireRoom, releaseResources } from '../../assign';
import type { Model } from '../../model';
import type { SearchLimits, SearchStop } from '../../search';
import type { MoveHost } from '../host';
import { MinConflictsSearch } from './min-conflicts';
import { PartialColSearch } from './partial-col';
import { EventTimetable } from './timetable';

/**
 * Most work the phase spends before it hands over, feasible or not (Search work units; 50 million is a second
 * of the reference machine): what it has not made feasible by then the Search's moves improve student by
 * student for the rest of the budget.
 */
export const PHASE_MAX_WORK = 1_500_000_000;
/**
 * Work of the partial stage (partial-col.ts) before the complete one (min-conflicts.ts) starts from its best:
 * ejecting whole events reaches a timetable with few events out quickly, then stalls; clash pairs, which count
 * students, are what the complete stage lowers.
 */
const PARTIAL_STAGE_WORK = 10_000_000;
/** Work between two looks at the clock (about 20 ms of the reference machine). */
const SLICE_WORK = 1_000_000;
/** Milliseconds between visits to the event loop (as the Search's move loop: a worker hears "cancel"). */
const YIELD_MS = 40;

/**
 * Whether the phase applies: build mode, no staff needed, and every course that must run (chosen by someone,
 * or a minimum of one group) runs exactly one group, unpinned, every placement of it one cell
 * (`placementCell`, events.ts). Other event models keep the Search's own construction and moves only.
 */
export function eventPhaseApplies(m: Model, placementCell: Int32Array): boolean {
  if (m.mode !== 'build') return false;
  let events = 0;
  for (let c = 0; c < m.courseCount; c++) {
    if (m.courseDemand[c] === 0 && m.courseMinGroups[c] === 0) continue;
    if (m.courseMaxGroups[c] !== 1 || m.slotStart[c + 1] - m.slotStart[c] !== 1) return false;
    if (m.slotPinned[m.slotStart[c]]) return false;
    if (m.staffRequired && m.courseHome[c]) return false;
    for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) if (placementCell[p] < 0) return false;
    events++;
  }
  return events > 0;
}

export class EventPhase {
  readonly tt: EventTimetable;
  private readonly search: PartialColSearch;
  private readonly minConflicts: MinConflictsSearch;
  /** Whether the partial stage has handed over to the complete one. */
  private completeStage = false;
  /** Whether the phase has handed over (its best written back); it runs once. */
  finished = false;

  constructor(h: MoveHost, placementCell: Int32Array) {
    const m = h.m;
    const courses: number[] = [];
    for (let c = 0; c < m.courseCount; c++) {
      if (m.courseDemand[c] === 0 && m.courseMinGroups[c] === 0) continue;
      if (m.placementStart[c + 1] > m.placementStart[c]) courses.push(c);
    }
    const eventCourse = Int32Array.from(courses);
    const eventSlot = Int32Array.from(courses, (c) => m.slotStart[c]);
    this.tt = new EventTimetable(m, eventCourse, eventSlot, placementCell);
    this.search = new PartialColSearch(this.tt, h.rng);
    this.minConflicts = new MinConflictsSearch(this.tt, h.rng, m.studentCount);
  }

  get work(): number {
    return this.search.work + this.minConflicts.work;
  }

  /** Clashing attendance pairs and roomless events of the complete stage's best (Infinity before it starts). */
  get bestCost(): number {
    return this.minConflicts.bestCost;
  }

  /** Events left unplaced by the best timetable so far. */
  get bestUnplaced(): number {
    return this.search.bestUnplaced;
  }

  /**
   * Starts from the State's timetable (the construction's): each event keeps its period and room where that
   * ejects nothing, the most connected events first; the others start unplaced.
   */
  startFromState(h: MoveHost, placementCell: Int32Array): void {
    const { st } = h;
    const tt = this.tt;
    const order = Array.from({ length: tt.E }, (_, e) => e).sort((a, b) => tt.nbStart[b + 1] - tt.nbStart[b] - (tt.nbStart[a + 1] - tt.nbStart[a]) || a - b);
    for (const e of order) {
      const g = tt.eventSlot[e];
      const p = st.slotPlacement[g];
      if (p >= 0) tt.tryPlaceFree(e, placementCell[p], st.slotRoom[g]);
    }
    this.search.resetBest();
  }

  /**
   * Runs the tabu search until every event is placed, PHASE_MAX_WORK is spent, the Search's budget (`work()`
   * counts all of it) is, or the clock or a cancel stops it; then writes the best timetable back. Returns the
   * stop when the clock or a cancel ended it, else null (the Search goes on).
   */
  async run(h: MoveHost, limits: SearchLimits, work: () => number, onSlice: () => void): Promise<SearchStop | null> {
    let stop: SearchStop | null = null;
    let lastYield = Date.now();
    const mc = this.minConflicts;
    while (this.work < PHASE_MAX_WORK && work() < limits.workBudget) {
      const slice = Math.min(PHASE_MAX_WORK - this.work, limits.workBudget - work(), SLICE_WORK);
      if (!this.completeStage) {
        // The partial stage: its best, every event placed that fits without a clash, seeds the complete stage.
        const done = this.search.run(Math.min(this.search.work + slice, PARTIAL_STAGE_WORK));
        if (done || this.search.work >= PARTIAL_STAGE_WORK) {
          this.search.restoreBest();
          mc.start(this.tt.period, this.tt.room);
          this.completeStage = true;
        }
      } else if (mc.run(mc.work + slice)) break;
      const now = Date.now();
      if (now >= limits.deadlineMs) {
        stop = 'time';
        break;
      }
      if (now - lastYield > YIELD_MS) {
        lastYield = now;
        onSlice();
        if (limits.shouldStop?.()) {
          stop = 'cancelled';
          break;
        }
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (limits.shouldStop?.()) {
          stop = 'cancelled';
          break;
        }
      }
    }
    if (!this.completeStage) {
      this.search.restoreBest();
      mc.start(this.tt.period, this.tt.room);
      this.completeStage = true;
    }
    this.writeBack(h);
    this.finished = true;
    return stop;
  }

  /**
   * The best timetable into the State: every event's group closed, then opened at its period's placement in its
   * room; an event the phase left unplaced goes to the period where it clashes with the fewest placed events,
   * one with a suitable room free preferred, and takes a room as assign.ts finds one. Then every student is
   * re-seated (MoveHost.reseatTouched).
   */
  private writeBack(h: MoveHost): void {
    const { m, st } = h;
    const tt = this.tt;
    const { P } = tt;
    const period = this.minConflicts.bestPeriod;
    const room = this.minConflicts.bestRoom;
    h.beginMove();
    for (let e = 0; e < tt.E; e++) {
      const g = tt.eventSlot[e];
      if (st.slotPlacement[g] < 0) continue;
      h.emptySlot(g);
      releaseResources(st, g);
      st.setPlacement(g, -1);
    }
    for (let e = 0; e < tt.E; e++) {
      const q = period[e];
      if (q < 0) continue;
      const g = tt.eventSlot[e];
      st.setPlacement(g, tt.placementAt[e * P + q]);
      const r = room[e];
      if (r >= 0 && st.roomFits(r, g)) st.setRoom(g, r);
    }
    // Events the rooms of their period could not hold: a room as assign.ts finds one (or none: the search's
    // repair closes the group if it stays without).
    for (let e = 0; e < tt.E; e++) if (period[e] >= 0 && st.slotRoom[tt.eventSlot[e]] < 0) acquireRoom(st, tt.eventSlot[e], -1);
    for (let s = 0; s < m.studentCount; s++) h.touch(s);
    h.reseatTouched();
    h.relieveOverflow(3);
    st.commit();
  }
}
