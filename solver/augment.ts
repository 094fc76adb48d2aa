/**
 * Seating a student into a full course by an augmenting path: the student enters a group of the course
 * that fits their other courses; if it is full, one of its students moves to another group of the same
 * course that fits theirs, and so on until a group with a free seat is reached (breadth-first over the
 * course's groups, so the chain is shortest). Nobody loses a course, so the move only ever improves.
 *
 * Scratch layout (per course, reused): parentGroup[g] / parentSeat[g] = the group and seat whose student
 * moves into g along the path, -1 at a source; queue holds group slots.
 */
import { releaseResources } from './assign';
import { cellsOverlap, cellsOverlapExcept } from './cells';
import type { Model } from './model';
import type { State } from './state';

export class Augmenter {
  private readonly m: Model;
  private readonly parentGroup: Int32Array;
  private readonly parentSeat: Int32Array;
  private readonly visited: Int32Array;
  private readonly queue: Int32Array;
  private stampNow = 1;
  /** Running groups of the course being searched not yet queued (expand stops at 0). */
  private unvisited = 0;

  constructor(model: Model) {
    this.m = model;
    this.parentGroup = new Int32Array(model.slotCount);
    this.parentSeat = new Int32Array(model.slotCount);
    this.visited = new Int32Array(model.slotCount);
    this.queue = new Int32Array(model.slotCount);
  }

  /**
   * Tries to seat seat index i (an unmet choice of its student) in its course by a chain of moves within the
   * course. Returns true when it did. Drops a reserve the student no longer needs.
   */
  seat(st: State, i: number): boolean {
    const m = this.m;
    if (st.seat[i] >= 0 || m.fixedSeat[i] >= 0 || m.seatForbidden[i]) return false;
    const c = m.seatCourse[i];
    if (m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) return false;
    const s = (i / m.seatWidth) | 0;
    // A path ends at a group with a free seat: with none in the course there is nothing to search.
    let open = 0;
    let free = false;
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      if (st.slotPlacement[g] < 0) continue;
      open++;
      if (st.slotLoad[g] < st.slotCap[g]) free = true;
    }
    if (!free) return false;
    const stamp = ++this.stampNow;
    this.unvisited = open;
    let head = 0;
    let tail = 0;
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      if (st.slotPlacement[g] < 0 || cellsOverlap(st.slotCells, g, st.studentCells, s, m.cellWords)) continue;
      this.visited[g] = stamp;
      this.unvisited--;
      this.parentGroup[g] = -1;
      this.parentSeat[g] = i;
      this.queue[tail++] = g;
    }
    while (head < tail) {
      const g = this.queue[head++];
      if (st.slotLoad[g] < st.slotCap[g]) {
        this.apply(st, g, -1);
        this.dropSpareReserve(st, s);
        return true;
      }
      tail = this.expand(st, c, g, stamp, tail);
    }
    return false;
  }

  /**
   * Evens out the groups of course c: while a chain of moves within the course can take one student out of
   * its largest group and add one to a group at least two smaller, do it (everyone keeps every course, so
   * only the evenness term changes). Returns the number of chains applied.
   */
  balanceCourse(st: State, c: number): number {
    return this.balanceChains(st, c);
  }

  /**
   * orderReserves until no student moves (each move fills a seat, so a few rounds settle it). Search.balanceAll
   * (the last step before a result is written) runs it before and after balancing every course, since a
   * balancing chain can free a seat an earlier reserve could take.
   */
  orderAllReserves(st: State): void {
    for (let round = 0; round < 10 && this.orderReserves(st) > 0; round++);
  }

  private balanceChains(st: State, c: number): number {
    const m = this.m;
    let applied = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      let largest = -1;
      for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
        if (st.slotPlacement[g] >= 0 && (largest < 0 || st.slotLoad[g] > st.slotLoad[largest])) largest = g;
      }
      if (largest < 0) return applied;
      const top = st.slotLoad[largest];
      if (!m.slotPinned[largest] && top - 1 < m.courseMinSize[c]) return applied;
      if (!this.chainFrom(st, c, largest, top - 2)) return applied;
      applied++;
    }
    return applied;
  }

  /**
   * Reserves in each student's order (docs/format.md, "What the solver aims for" 3): a student holding a later
   * reserve while an earlier one, not forbidden by a rule, has a running group with room in cells free for
   * them (the later reserve's own cells counted free) moves to the earlier one. Counts stay the same (one
   * reserve for another). The group left keeps its minimum size or empties, and an emptied group closes
   * unless its course needs it for minGroups. Returns the number of students moved.
   */
  orderReserves(st: State): number {
    const m = this.m;
    const w = m.seatWidth;
    let moved = 0;
    for (let s = 0; s < m.studentCount; s++) {
      const nr = m.studentReserveCount[s];
      if (nr < 2 || st.studentRes[s] === 0) continue;
      const first = s * w + m.studentChoiceCount[s];
      for (let a = 0; a < nr; a++) {
        const ia = first + a;
        if (st.seat[ia] >= 0 || m.seatForbidden[ia]) continue;
        const ca = m.seatCourse[ia];
        if (m.coursePlaces[ca] >= 0 && st.courseLoad[ca] + 1 > m.coursePlaces[ca]) continue;
        for (let b = nr - 1; b > a; b--) {
          const ib = first + b;
          const gb = st.seat[ib];
          if (gb < 0 || m.fixedSeat[ib] >= 0) continue;
          const cb = m.slotCourse[gb];
          const left = st.slotLoad[gb] - 1;
          if (!m.slotPinned[gb] && left > 0 && left < m.courseMinSize[cb]) continue;
          let target = -1;
          for (let g = m.slotStart[ca]; g < m.slotStart[ca + 1]; g++) {
            // The cells s holds, less gb's (which s gives up): g must share none of them.
            if (st.slotPlacement[g] < 0 || g === gb || st.slotLoad[g] >= st.slotCap[g]) continue;
            if (cellsOverlapExcept(st.slotCells, g, st.studentCells, s, st.slotCells, gb, m.cellWords)) continue;
            if (st.slotLoad[g] === 0 && !m.slotPinned[g] && m.courseMinSize[ca] > 1) continue;
            if (target < 0 || st.slotLoad[g] < st.slotLoad[target]) target = g;
          }
          if (target < 0) continue;
          st.setSeat(ib, -1);
          st.setSeat(ia, target);
          if (st.slotLoad[gb] === 0 && !m.slotPinned[gb] && st.courseOpen[cb] > m.courseMinGroups[cb]) {
            releaseResources(st, gb);
            st.setPlacement(gb, -1);
          }
          moved++;
          break;
        }
      }
    }
    return moved;
  }

  /** Breadth-first from group `from`: a student of it moves on, ..., into a group holding at most `atMost`. */
  private chainFrom(st: State, c: number, from: number, atMost: number): boolean {
    const m = this.m;
    const stamp = ++this.stampNow;
    let head = 0;
    let tail = 0;
    this.unvisited = -1;
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (st.slotPlacement[g] >= 0) this.unvisited++;
    this.visited[from] = stamp;
    this.queue[tail++] = from;
    while (head < tail) {
      const g = this.queue[head++];
      if (g !== from && st.slotLoad[g] <= atMost && st.slotLoad[g] < st.slotCap[g]) {
        this.parentGroup[from] = -1; // the chain starts with a student already in `from`
        this.apply(st, g, from);
        return true;
      }
      tail = this.expand(st, c, g, stamp, tail);
    }
    return false;
  }

  /**
   * Queues every group of course c that some student of group g could move to (their other courses allow
   * it), remembering who would move. Returns the new queue tail.
   */
  private expand(st: State, c: number, g: number, stamp: number, tail: number): number {
    const m = this.m;
    for (let j = st.slotHead[g]; j >= 0; j = st.seatNext[j]) {
      // Every running group of the course is queued already: nobody else can add one (large cohorts).
      if (this.unvisited <= 0) return tail;
      if (m.fixedSeat[j] >= 0) continue;
      const t = (j / m.seatWidth) | 0;
      for (let h = m.slotStart[c]; h < m.slotStart[c + 1]; h++) {
        // h must share no cell with t's other groups (t's cells less g's).
        if (this.visited[h] === stamp || st.slotPlacement[h] < 0) continue;
        if (cellsOverlapExcept(st.slotCells, h, st.studentCells, t, st.slotCells, g, m.cellWords)) continue;
        this.visited[h] = stamp;
        this.unvisited--;
        this.parentGroup[h] = g;
        this.parentSeat[h] = j;
        this.queue[tail++] = h;
      }
    }
    return tail;
  }

  /** Walks the path back from group `end` to `start`: each student on it moves one group along. */
  private apply(st: State, end: number, start: number): void {
    let g = end;
    while (g !== start && g >= 0) {
      const seatIndex = this.parentSeat[g];
      const from = this.parentGroup[g];
      st.setSeat(seatIndex, -1);
      st.setSeat(seatIndex, g);
      g = from;
    }
  }

  private dropSpareReserve(st: State, s: number): void {
    const m = this.m;
    const base = s * m.seatWidth;
    const nc = m.studentChoiceCount[s];
    const unmet = nc - st.studentMet[s];
    let extra = st.studentRes[s] - unmet;
    for (let k = nc + m.studentReserveCount[s] - 1; k >= nc && extra > 0; k--) {
      if (st.seat[base + k] >= 0 && m.fixedSeat[base + k] < 0) {
        st.setSeat(base + k, -1);
        extra--;
      }
    }
  }
}
