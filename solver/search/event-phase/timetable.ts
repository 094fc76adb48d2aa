/**
 * The event phase's own compact timetable (see phase.ts): events in periods with rooms, kept FEASIBLE at all
 * times (no student has two events in one period, every placed event holds a suitable room free there), some
 * events possibly unplaced. The phase's tabu search (partial-col.ts) empties the unplaced list; a timetable with
 * none places every student. It works on integer ids and typed arrays only, apart from the State: an event is
 * a course that runs one group, a period is a block-year cell.
 *
 * Layouts (E events, P periods, R rooms):
 *   eventCourse[e], eventSlot[e]           the course and its one group (slot) in the model
 *   placementAt[e * P + q]                 the placement of event e covering period q alone, -1: not allowed
 *   studentStart/students (CSR by event)   the students who chose event e (forbidden seats left out)
 *   attendStart/attends (CSR by student)   the events student s chose (the same pairs, by student)
 *   nbStart/nb (CSR by event)              the events sharing a student with e (its conflict neighbours)
 *   shared[e * E + f]                      the students e and f share (0: not neighbours; at most 65,535)
 *   suits[e * R + r]                       1 when room r is among e's suitable rooms
 *   roomStart/rooms (CSR by event)         the suitable rooms of e: listed for its course and seating all its
 *                                          students (all listed ones when none does); empty: needs no room
 *   roomBlocked[r * P + q]                 1 when room r is unavailable in period q
 *   period[e], room[e]                     where e is (-1: unplaced; room -1: needs none)
 *   clash[e * P + q]                       placed neighbours of e in period q (what placing e there ejects)
 *   weight[e]                              how much unplacing e costs the search (partial-col.ts raises the
 *                                          weight of events that stay unplaced); placedWeight[e] the weight
 *                                          e was placed with, clashWeight[e * P + q] the sum of placedWeight
 *                                          over the neighbours of e placed in q
 *   holder[q * R + r]                      the event holding room r in period q, -1 free
 *   periodEvents[q * E + i], periodCount[q] the events placed in period q; slotIn[e] e's index there
 *   unplaced[i], unplacedCount, unplacedAt[e]  the unplaced events (unplacedAt -1: placed)
 */
import type { Model } from '../../model';
import type { Rng } from '../../rng';

export class EventTimetable {
  readonly E: number;
  readonly P: number;
  readonly R: number;
  readonly eventCourse: Int32Array;
  readonly eventSlot: Int32Array;
  readonly placementAt: Int32Array;
  readonly studentStart: Int32Array;
  readonly students: Int32Array;
  readonly attendStart: Int32Array;
  readonly attends: Int32Array;
  readonly nbStart: Int32Array;
  readonly nb: Int32Array;
  readonly shared: Uint16Array;
  readonly suits: Uint8Array;
  readonly roomStart: Int32Array;
  readonly rooms: Int32Array;
  readonly roomBlocked: Uint8Array;
  readonly period: Int32Array;
  readonly room: Int32Array;
  readonly clash: Int32Array;
  readonly weight: Float64Array;
  private readonly placedWeight: Float64Array;
  readonly clashWeight: Float64Array;
  readonly holder: Int32Array;
  readonly periodEvents: Int32Array;
  readonly periodCount: Int32Array;
  private readonly slotIn: Int32Array;
  readonly unplaced: Int32Array;
  unplacedCount = 0;
  readonly unplacedAt: Int32Array;
  /** Augmenting-path scratch: the visit stamp per room. */
  private readonly seen: Int32Array;
  private seenStamp = 0;
  /** The event whose neighbours count as gone while its placement is weighed (see roomCost); -1 none. */
  private incoming = -1;

  /**
   * Builds the timetable of the model's events (`eventCourse`, each with its one slot in `eventSlot`), every
   * event unplaced. `periodOfPlacement[p]` is the one cell placement p covers (every placement of an event
   * covers one, see phase.ts eventPhaseApplies).
   */
  constructor(m: Model, eventCourse: Int32Array, eventSlot: Int32Array, periodOfPlacement: Int32Array) {
    const E = eventCourse.length;
    const P = m.cellCount;
    const R = m.roomCount;
    this.E = E;
    this.P = P;
    this.R = R;
    this.eventCourse = eventCourse;
    this.eventSlot = eventSlot;
    const eventOf = new Int32Array(m.courseCount).fill(-1);
    for (let e = 0; e < E; e++) eventOf[eventCourse[e]] = e;

    this.placementAt = new Int32Array(E * P).fill(-1);
    for (let e = 0; e < E; e++) {
      const c = eventCourse[e];
      for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) this.placementAt[e * P + periodOfPlacement[p]] = p;
    }

    // Students by event: the choices (not reserves: the phase places what students chose), forbidden ones left out.
    const count = new Int32Array(E + 1);
    for (let s = 0; s < m.studentCount; s++) {
      const base = s * m.seatWidth;
      for (let k = 0; k < m.studentChoiceCount[s]; k++) {
        const e = eventOf[m.seatCourse[base + k]];
        if (e >= 0 && !m.seatForbidden[base + k]) count[e + 1]++;
      }
    }
    for (let e = 0; e < E; e++) count[e + 1] += count[e];
    this.studentStart = count.slice();
    this.students = new Int32Array(count[E]);
    const fill = count.slice(0, E);
    for (let s = 0; s < m.studentCount; s++) {
      const base = s * m.seatWidth;
      for (let k = 0; k < m.studentChoiceCount[s]; k++) {
        const e = eventOf[m.seatCourse[base + k]];
        if (e >= 0 && !m.seatForbidden[base + k]) this.students[fill[e]++] = s;
      }
    }

    this.attendStart = new Int32Array(m.studentCount + 1);
    for (let e = 0; e < E; e++) for (let i = this.studentStart[e]; i < this.studentStart[e + 1]; i++) this.attendStart[this.students[i] + 1]++;
    for (let s = 0; s < m.studentCount; s++) this.attendStart[s + 1] += this.attendStart[s];
    this.attends = new Int32Array(this.students.length);
    const next = this.attendStart.slice(0, m.studentCount);
    for (let e = 0; e < E; e++) for (let i = this.studentStart[e]; i < this.studentStart[e + 1]; i++) this.attends[next[this.students[i]]++] = e;

    // Conflict neighbours: events sharing a student, through each student's event list.
    this.shared = new Uint16Array(E * E);
    const mine = new Int32Array(Math.max(1, m.seatWidth));
    for (let s = 0; s < m.studentCount; s++) {
      const base = s * m.seatWidth;
      let n = 0;
      for (let k = 0; k < m.studentChoiceCount[s]; k++) {
        const e = eventOf[m.seatCourse[base + k]];
        if (e >= 0 && !m.seatForbidden[base + k]) mine[n++] = e;
      }
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          const k = mine[a] * E + mine[b];
          if (a !== b && this.shared[k] < 65535) this.shared[k]++;
        }
      }
    }
    this.nbStart = new Int32Array(E + 1);
    for (let e = 0; e < E; e++) {
      let n = 0;
      for (let f = 0; f < E; f++) if (this.shared[e * E + f] > 0) n++;
      this.nbStart[e + 1] = this.nbStart[e] + n;
    }
    this.nb = new Int32Array(this.nbStart[E]);
    for (let e = 0, i = 0; e < E; e++) for (let f = 0; f < E; f++) if (this.shared[e * E + f] > 0) this.nb[i++] = f;

    // Suitable rooms: listed for the course and seating every student of the event (the largest listed ones
    // when none does: the search after the phase then sees an overfull group rather than a missing room).
    this.roomStart = new Int32Array(E + 1);
    const roomList: number[] = [];
    for (let e = 0; e < E; e++) {
      const c = eventCourse[e];
      if (m.courseNeedsRoom[c]) {
        const attendance = this.studentStart[e + 1] - this.studentStart[e];
        const lo = m.courseRoomStart[c];
        const hi = m.courseRoomStart[c + 1];
        let any = false;
        for (let i = lo; i < hi; i++) {
          if (m.roomCapacity[m.courseRooms[i]] >= attendance) {
            roomList.push(m.courseRooms[i]);
            any = true;
          }
        }
        if (!any) for (let i = lo; i < hi; i++) roomList.push(m.courseRooms[i]);
      }
      this.roomStart[e + 1] = roomList.length;
    }
    this.rooms = Int32Array.from(roomList);
    this.suits = new Uint8Array(E * R);
    for (let e = 0; e < E; e++) for (let i = this.roomStart[e]; i < this.roomStart[e + 1]; i++) this.suits[e * R + this.rooms[i]] = 1;
    this.roomBlocked = new Uint8Array(R * P);
    for (let r = 0; r < R; r++) {
      for (let q = 0; q < P; q++) if ((m.roomUnavailableCells[r * m.cellWords + (q >>> 5)] >>> (q & 31)) & 1) this.roomBlocked[r * P + q] = 1;
    }

    this.period = new Int32Array(E).fill(-1);
    this.room = new Int32Array(E).fill(-1);
    this.clash = new Int32Array(E * P);
    this.weight = new Float64Array(E).fill(1);
    this.placedWeight = new Float64Array(E);
    this.clashWeight = new Float64Array(E * P);
    this.holder = new Int32Array(P * R).fill(-1);
    this.periodEvents = new Int32Array(P * E);
    this.periodCount = new Int32Array(P);
    this.slotIn = new Int32Array(E).fill(-1);
    this.unplaced = new Int32Array(E);
    this.unplacedAt = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      this.unplaced[e] = e;
      this.unplacedAt[e] = e;
    }
    this.unplacedCount = E;
    this.seen = new Int32Array(R);
    this.ejected = new Int32Array(E);
  }

  /** Whether event e needs a room. */
  needsRoom(e: number): boolean {
    return this.roomStart[e + 1] > this.roomStart[e];
  }

  /** Puts unplaced event e in period q and room r (-1 when it needs none); the caller has made it feasible. */
  place(e: number, q: number, r: number): void {
    const P = this.P;
    this.period[e] = q;
    this.room[e] = r;
    if (r >= 0) this.holder[q * this.R + r] = e;
    this.slotIn[e] = this.periodCount[q];
    this.periodEvents[q * this.E + this.periodCount[q]++] = e;
    const w = this.weight[e];
    this.placedWeight[e] = w;
    for (let i = this.nbStart[e]; i < this.nbStart[e + 1]; i++) {
      const f = this.nb[i] * P + q;
      this.clash[f]++;
      this.clashWeight[f] += w;
    }
    const at = this.unplacedAt[e];
    const last = this.unplaced[--this.unplacedCount];
    this.unplaced[at] = last;
    this.unplacedAt[last] = at;
    this.unplacedAt[e] = -1;
  }

  /** Takes placed event e out of its period (and room) into the unplaced list. */
  unplace(e: number): void {
    const P = this.P;
    const q = this.period[e];
    const r = this.room[e];
    if (r >= 0) this.holder[q * this.R + r] = -1;
    const i = this.slotIn[e];
    const last = this.periodEvents[q * this.E + --this.periodCount[q]];
    this.periodEvents[q * this.E + i] = last;
    this.slotIn[last] = i;
    this.slotIn[e] = -1;
    const w = this.placedWeight[e];
    for (let j = this.nbStart[e]; j < this.nbStart[e + 1]; j++) {
      const f = this.nb[j] * P + q;
      this.clash[f]--;
      this.clashWeight[f] -= w;
    }
    this.period[e] = -1;
    this.room[e] = -1;
    this.unplacedAt[e] = this.unplacedCount;
    this.unplaced[this.unplacedCount++] = e;
  }

  /** Moves placed event e to room r of its period (r free there and suitable). */
  private moveRoom(e: number, r: number): void {
    const base = this.period[e] * this.R;
    this.holder[base + this.room[e]] = -1;
    this.holder[base + r] = e;
    this.room[e] = r;
  }

  /**
   * The rooms' part of placing unplaced event e in period q once its clashing neighbours there are ejected:
   * 0 when a suitable room is free there or can be freed by moving other events of q between rooms (an
   * augmenting path of the period's bipartite event-room matching; neighbours of e count as gone), 1 when one
   * more event of q must be ejected for a room, -1 when no suitable room is available in q at all.
   */
  roomCost(e: number, q: number): number {
    if (!this.needsRoom(e)) return 0;
    const P = this.P;
    const base = q * this.R;
    let available = false;
    for (let i = this.roomStart[e]; i < this.roomStart[e + 1]; i++) {
      const r = this.rooms[i];
      if (this.roomBlocked[r * P + q]) continue;
      available = true;
      const h = this.holder[base + r];
      if (h < 0 || this.shared[e * this.E + h] > 0) return 0;
    }
    if (!available) return -1;
    this.seenStamp++;
    this.incoming = e;
    const found = this.findRoom(e, q, false) >= 0;
    this.incoming = -1;
    return found ? 0 : 1;
  }

  /**
   * Kuhn's step in period q: a suitable room for event x, free (or held by a neighbour of the incoming event,
   * which is ejected) or taken from an event of q that can itself move to another room. With `commit` the
   * rooms of the events along the path are moved (x itself is not given the room: the room is returned).
   * Returns the room, or -1 when there is no augmenting path.
   */
  private findRoom(x: number, q: number, commit: boolean): number {
    const P = this.P;
    const base = q * this.R;
    const inc = this.incoming;
    for (let i = this.roomStart[x]; i < this.roomStart[x + 1]; i++) {
      const r = this.rooms[i];
      if (this.roomBlocked[r * P + q]) continue;
      const h = this.holder[base + r];
      if (h < 0 || (inc >= 0 && this.shared[inc * this.E + h] > 0)) return r;
    }
    for (let i = this.roomStart[x]; i < this.roomStart[x + 1]; i++) {
      const r = this.rooms[i];
      if (this.roomBlocked[r * P + q] || this.seen[r] === this.seenStamp) continue;
      this.seen[r] = this.seenStamp;
      const h = this.holder[base + r];
      const next = this.findRoom(h, q, commit);
      if (next >= 0) {
        if (commit) this.moveRoom(h, next);
        return r;
      }
    }
    return -1;
  }

  /**
   * Places unplaced event e in period q, ejecting (into the unplaced list) its neighbours placed there and, when
   * the rooms demand it (roomCost 1), one event holding a suitable room of e, chosen at random. The ejected
   * events are listed in ejected[0 .. ejectedCount-1]. The caller has checked that roomCost(e, q) >= 0.
   */
  insert(e: number, q: number, rng: Rng): void {
    const E = this.E;
    this.ejectedCount = 0;
    // Neighbours placed in q go: walk the period list backwards, since unplace moves the last entry into the gap.
    for (let i = this.periodCount[q] - 1; i >= 0; i--) {
      const f = this.periodEvents[q * E + i];
      if (this.shared[e * E + f] > 0) {
        this.unplace(f);
        this.ejected[this.ejectedCount++] = f;
      }
    }
    if (!this.needsRoom(e)) {
      this.place(e, q, -1);
      return;
    }
    this.seenStamp++;
    let r = this.findRoom(e, q, true);
    if (r < 0) {
      // No augmenting path: eject the lightest holder of a suitable room of e available in q (each is held, or
      // the path would have found it), ties at random.
      r = this.lightestBlockerRoom(e, q, rng);
      const f = this.holder[q * this.R + r];
      this.unplace(f);
      this.ejected[this.ejectedCount++] = f;
    }
    this.place(e, q, r);
  }

  /**
   * Among the suitable rooms of e available in period q, one whose holder has the least weight (ties at random
   * when `rng` is given, else the first); -1 when none is available. Each such room is held when roomCost(e, q)
   * is 1.
   */
  lightestBlockerRoom(e: number, q: number, rng: Rng | null): number {
    let best = -1;
    let bestWeight = Infinity;
    let ties = 0;
    for (let i = this.roomStart[e]; i < this.roomStart[e + 1]; i++) {
      const r = this.rooms[i];
      if (this.roomBlocked[r * this.P + q]) continue;
      const h = this.holder[q * this.R + r];
      const w = h < 0 ? 0 : this.placedWeight[h];
      if (w < bestWeight) {
        bestWeight = w;
        best = r;
        ties = 1;
      } else if (w === bestWeight && rng !== null && rng.int(++ties) === 0) best = r;
    }
    return best;
  }

  /** The weight unplacing the holder of room r in period q costs (0: free). */
  holderWeight(q: number, r: number): number {
    const h = this.holder[q * this.R + r];
    return h < 0 ? 0 : this.placedWeight[h];
  }

  /** The events the last insert ejected: ejected[0 .. ejectedCount-1]. */
  readonly ejected: Int32Array;
  ejectedCount = 0;

  /**
   * Places unplaced event e in period q only if that ejects nothing: no neighbour placed there and a room found
   * by an augmenting path. Returns whether it did.
   */
  tryPlaceFree(e: number, q: number, preferredRoom: number): boolean {
    if (this.clash[e * this.P + q] > 0) return false;
    if (!this.needsRoom(e)) {
      this.place(e, q, -1);
      return true;
    }
    const base = q * this.R;
    if (preferredRoom >= 0 && this.holder[base + preferredRoom] < 0 && !this.roomBlocked[preferredRoom * this.P + q] && this.suitsRoom(e, preferredRoom)) {
      this.place(e, q, preferredRoom);
      return true;
    }
    this.seenStamp++;
    const r = this.findRoom(e, q, true);
    if (r < 0) return false;
    this.place(e, q, r);
    return true;
  }

  private suitsRoom(e: number, r: number): boolean {
    return this.suits[e * this.R + r] === 1;
  }

  /**
   * From-scratch check of every invariant (tests): no two neighbours in one period, each placed event in a
   * suitable room available and held by it alone, the clash counts, the period and unplaced lists. Returns the
   * first breach found, or null.
   */
  verify(): string | null {
    const { E, P, R } = this;
    for (let e = 0; e < E; e++) {
      const q = this.period[e];
      if (q < 0) {
        if (this.unplacedAt[e] < 0 || this.unplaced[this.unplacedAt[e]] !== e) return `event ${e} unplaced but not listed`;
        continue;
      }
      if (this.placementAt[e * P + q] < 0) return `event ${e} in period ${q}, which its course does not allow`;
      if (this.unplacedAt[e] >= 0) return `event ${e} placed but listed as unplaced`;
      if (this.periodEvents[q * E + this.slotIn[e]] !== e) return `event ${e} missing from period ${q}'s list`;
      if (this.needsRoom(e)) {
        const r = this.room[e];
        if (r < 0 || !this.suitsRoom(e, r)) return `event ${e} in period ${q} without a suitable room (${r})`;
        if (this.roomBlocked[r * P + q]) return `event ${e} in room ${r}, unavailable in period ${q}`;
        if (this.holder[q * R + r] !== e) return `room ${r} in period ${q} held by ${this.holder[q * R + r]}, not ${e}`;
      }
      for (let i = this.nbStart[e]; i < this.nbStart[e + 1]; i++) if (this.period[this.nb[i]] === q) return `events ${e} and ${this.nb[i]} share a student in period ${q}`;
    }
    for (let e = 0; e < E; e++) {
      for (let q = 0; q < P; q++) {
        let n = 0;
        for (let i = this.nbStart[e]; i < this.nbStart[e + 1]; i++) if (this.period[this.nb[i]] === q) n++;
        if (n !== this.clash[e * P + q]) return `clash count of event ${e} in period ${q} is ${this.clash[e * P + q]}, recounted ${n}`;
      }
    }
    let listed = 0;
    for (let q = 0; q < P; q++) listed += this.periodCount[q];
    if (listed + this.unplacedCount !== E) return `${listed} placed and ${this.unplacedCount} unplaced of ${E} events`;
    return null;
  }
}
