/**
 * An exact repair of a few periods at a time for the complete stage (min-conflicts.ts): every event of k
 * chosen periods is freed and the freed events are re-assigned to those same k periods by a depth-first
 * branch and bound, minimising the complete stage's own cost restricted to them (conflicting event pairs
 * within a period + roomWeight x events the period's rooms cannot hold). Events outside the k periods stay
 * where they are, and a freed event's neighbours outside sit in other periods whatever the repair does, so
 * the part of the cost it changes is exactly the one it minimises.
 *
 * The search: the next event is the one with the fewest periods where it adds no conflict (DSATUR, Brelaz
 * 1979; ties: the most freed neighbours still unassigned); its periods are tried fewest added conflicts first.
 * Rooms are a matching per period kept by Kuhn's augmenting paths, every change recorded on a trail so that
 * backtracking undoes it; an event a period's rooms cannot hold goes there roomless at its room weight. The
 * bound: cost so far + for every unassigned event the fewest conflicts it would add in any period (each
 * conflicting pair is counted once, when its later event is assigned, so the sum never overcounts). The
 * search stops at `nodeBudget` nodes; it only reports an assignment strictly better than the incumbent it
 * was given. Deterministic: no random draws.
 *
 * Layout (n freed events, k periods, R rooms; local indices i < n, c < k):
 *   adj[i * n + j]      1 when freed events i and j share a student
 *   conf[i * k + c]     assigned freed neighbours of i in period c (forward checking)
 *   allowed[i * k + c]  whether i may run in period c at all (timetable.ts placementAt)
 *   holder[c * R + r]   local event in room r of period c, or -1; roomOf[i] its room, or -1
 *   trail               (event, local period, old room, new room) of each room change, undone in reverse
 */
import type { EventTimetable } from './timetable';

/** The largest repair: events freed and periods (buffers are sized for these). */
export const REPAIR_MAX_EVENTS = 128;
export const REPAIR_MAX_PERIODS = 8;

export class PeriodRepair {
  private readonly tt: EventTimetable;
  private n = 0;
  private k = 0;
  private roomWeight: Int32Array = new Int32Array(0);
  private readonly events = new Int32Array(REPAIR_MAX_EVENTS);
  private readonly periods = new Int32Array(REPAIR_MAX_PERIODS);
  private readonly adj = new Uint8Array(REPAIR_MAX_EVENTS * REPAIR_MAX_EVENTS);
  private readonly degree = new Int32Array(REPAIR_MAX_EVENTS);
  private readonly conf = new Int32Array(REPAIR_MAX_EVENTS * REPAIR_MAX_PERIODS);
  private readonly allowed = new Uint8Array(REPAIR_MAX_EVENTS * REPAIR_MAX_PERIODS);
  private readonly colour = new Int32Array(REPAIR_MAX_EVENTS);
  private readonly roomOf = new Int32Array(REPAIR_MAX_EVENTS);
  private readonly holder: Int32Array;
  private readonly seen: Int32Array;
  private seenStamp = 0;
  /** Room changes: at most R + 1 per placement on the path from the root. */
  private readonly trail: Int32Array;
  private trailTop = 0;
  /** Per depth: the periods to try, in order. */
  private readonly order = new Int32Array(REPAIR_MAX_EVENTS * REPAIR_MAX_PERIODS);
  private readonly orderKey = new Int32Array(REPAIR_MAX_PERIODS);
  nodes = 0;
  private nodeBudget = 0;
  /** The best cost found (the incumbent's until a better one is found), its periods (local) and rooms. */
  bestCost = 0;
  readonly bestColour = new Int32Array(REPAIR_MAX_EVENTS);
  readonly bestRoom = new Int32Array(REPAIR_MAX_EVENTS);
  improved = false;

  constructor(tt: EventTimetable) {
    this.tt = tt;
    this.holder = new Int32Array(REPAIR_MAX_PERIODS * tt.R);
    this.seen = new Int32Array(tt.R);
    this.trail = new Int32Array(4 * REPAIR_MAX_EVENTS * (tt.R + 1));
  }

  /**
   * Re-assigns `events` (those of `periods`, all of them) to `periods`; `incumbent` is the cost they have now.
   * roomWeight[e] is event e's cost when roomless (by event id). Returns whether a strictly cheaper assignment was found: then bestColour[i] (an index into `periods`) and
   * bestRoom[i] (-1: roomless or needs none) give it, for events[i].
   */
  solve(events: ArrayLike<number>, n: number, periods: ArrayLike<number>, k: number, incumbent: number, roomWeight: Int32Array, nodeBudget: number): boolean {
    const tt = this.tt;
    const { E, P, R } = tt;
    this.n = n;
    this.k = k;
    this.roomWeight = roomWeight;
    this.nodeBudget = nodeBudget;
    this.nodes = 0;
    this.improved = false;
    this.bestCost = incumbent;
    this.trailTop = 0;
    for (let i = 0; i < n; i++) this.events[i] = events[i];
    for (let c = 0; c < k; c++) this.periods[c] = periods[c];
    this.holder.fill(-1, 0, k * R);
    for (let i = 0; i < n; i++) {
      const e = this.events[i];
      let d = 0;
      for (let j = 0; j < n; j++) {
        const a = i !== j && tt.shared[e * E + this.events[j]] > 0 ? 1 : 0;
        this.adj[i * n + j] = a;
        d += a;
      }
      this.degree[i] = d;
      this.colour[i] = -1;
      this.roomOf[i] = -1;
      for (let c = 0; c < k; c++) {
        this.conf[i * k + c] = 0;
        this.allowed[i * k + c] = tt.placementAt[e * P + this.periods[c]] >= 0 ? 1 : 0;
      }
    }
    this.branch(0, 0);
    return this.improved;
  }

  /** Assigns the next event at `depth` (the cost so far `cost`), or records a complete assignment. */
  private branch(depth: number, cost: number): void {
    const { n, k, conf, allowed, colour } = this;
    if (++this.nodes > this.nodeBudget) return;
    if (depth === n) {
      if (cost < this.bestCost) {
        this.bestCost = cost;
        this.improved = true;
        this.bestColour.set(this.colour.subarray(0, n));
        this.bestRoom.set(this.roomOf.subarray(0, n));
      }
      return;
    }
    // The bound, and the next event: fewest conflict-free periods, then most unassigned freed neighbours.
    let bound = cost;
    let pick = -1;
    let pickFree = Infinity;
    let pickDegree = -1;
    for (let i = 0; i < n; i++) {
      if (colour[i] >= 0) continue;
      let least = Infinity;
      let free = 0;
      for (let c = 0; c < k; c++) {
        if (!allowed[i * k + c]) continue;
        const v = conf[i * k + c];
        if (v < least) least = v;
        if (v === 0) free++;
      }
      if (least === Infinity) return;
      bound += least;
      if (free < pickFree || (free === pickFree && this.degree[i] > pickDegree)) {
        pick = i;
        pickFree = free;
        pickDegree = this.degree[i];
      }
    }
    if (bound >= this.bestCost) return;
    // The pick's periods, fewest added conflicts first (insertion sort of at most REPAIR_MAX_PERIODS).
    const base = depth * k;
    let m = 0;
    for (let c = 0; c < k; c++) {
      if (!allowed[pick * k + c]) continue;
      const key = conf[pick * k + c];
      let j = m++;
      while (j > 0 && this.orderKey[j - 1] > key) {
        this.orderKey[j] = this.orderKey[j - 1];
        this.order[base + j] = this.order[base + j - 1];
        j--;
      }
      this.orderKey[j] = key;
      this.order[base + j] = c;
    }
    for (let t = 0; t < m; t++) {
      const c = this.order[base + t];
      const added = conf[pick * k + c];
      if (cost + added >= this.bestCost) break;
      const mark = this.trailTop;
      let extra = 0;
      if (this.tt.needsRoom(this.events[pick])) {
        this.seenStamp++;
        const r = this.findRoom(pick, c);
        if (r >= 0) this.take(pick, c, r);
        else extra = this.roomWeight[this.events[pick]];
      }
      if (cost + added + extra < this.bestCost) {
        colour[pick] = c;
        for (let j = 0; j < n; j++) if (this.adj[pick * n + j]) conf[j * k + c]++;
        this.branch(depth + 1, cost + added + extra);
        for (let j = 0; j < n; j++) if (this.adj[pick * n + j]) conf[j * k + c]--;
        colour[pick] = -1;
      }
      this.undoRooms(mark);
      if (this.nodes > this.nodeBudget) return;
    }
  }

  /** Kuhn's step in local period c for local event x: a room for it (others moved along the path), or -1. */
  private findRoom(x: number, c: number): number {
    const tt = this.tt;
    const { P, R } = tt;
    const q = this.periods[c];
    const e = this.events[x];
    const base = c * R;
    for (let i = tt.roomStart[e]; i < tt.roomStart[e + 1]; i++) {
      const r = tt.rooms[i];
      if (!tt.roomBlocked[r * P + q] && this.holder[base + r] < 0) return r;
    }
    for (let i = tt.roomStart[e]; i < tt.roomStart[e + 1]; i++) {
      const r = tt.rooms[i];
      if (tt.roomBlocked[r * P + q] || this.seen[r] === this.seenStamp) continue;
      this.seen[r] = this.seenStamp;
      const h = this.holder[base + r];
      const next = this.findRoom(h, c);
      if (next >= 0) {
        this.take(h, c, next);
        return r;
      }
    }
    return -1;
  }

  /** Local event x takes room r of local period c (r free there now); the change goes on the trail. */
  private take(x: number, c: number, r: number): void {
    const old = this.roomOf[x];
    const t = this.trailTop;
    this.trail[t] = x;
    this.trail[t + 1] = c;
    this.trail[t + 2] = old;
    this.trail[t + 3] = r;
    this.trailTop = t + 4;
    if (old >= 0 && this.holder[c * this.tt.R + old] === x) this.holder[c * this.tt.R + old] = -1;
    this.holder[c * this.tt.R + r] = x;
    this.roomOf[x] = r;
  }

  /** Undoes the room changes on the trail above `mark`, latest first. */
  private undoRooms(mark: number): void {
    const R = this.tt.R;
    while (this.trailTop > mark) {
      const t = (this.trailTop -= 4);
      const x = this.trail[t];
      const base = this.trail[t + 1] * R;
      const old = this.trail[t + 2];
      this.holder[base + this.trail[t + 3]] = -1;
      if (old >= 0) this.holder[base + old] = x;
      this.roomOf[x] = old;
    }
  }
}
