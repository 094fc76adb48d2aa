/**
 * Rule (a re-solve against a published blocking, docs/reference.md): pupils moved from their published groups.
 * A pupil counts when they are in the published result and the scenario now; they are moved when one of the
 * courses they kept has another placement than published: another group, the same group in other blocks, a
 * group where they had none, or none where they had one (published.ts has the words). Term: `pupilsMoved`.
 *
 * Soft, with its place set by the order (published.ts): 'stability' puts it first (STABILITY_PUPIL_WEIGHT, more
 * than a student not fully satisfied with several unmet choices), 'satisfaction' after reserves
 * (SATISFACTION_PUPIL_WEIGHT). A cap on it (maxPupilsMoved) is a tier above the objective: CAP_WEIGHT a pupil
 * above it. Without a published blocking the term is 0 and costs nothing.
 */
import type { Model } from '../model';
import type { State } from '../state';
import { capExcess, SEAT_NOT_COUNTED, SEAT_UNPLACED, type PublishedBlocking } from './published';
import type { AssignmentView } from './view';

/**
 * Is seat i (seat index s * seatWidth + k) unmoved when it sits in slot g (-1 none)? Reads only the seat's
 * published group, the slot's reference (slotRef: published group continued, -1 none) and its placement.
 * A seat not counted is never moved.
 */
export function seatUnmovedIn(m: Model, pub: PublishedBlocking, slotRef: Int32Array, slotPlacement: Int32Array, i: number, g: number): boolean {
  const r = pub.seatGroup[i];
  if (r === SEAT_NOT_COUNTED) return true;
  if (g < 0) return r === SEAT_UNPLACED;
  return r >= 0 && slotRef[g] === r && slotPlacement[g] >= 0 && m.placementBlockKey[slotPlacement[g]] === pub.groupBlockKey[r];
}

/** From scratch: counted pupils with a kept course placed otherwise than published. */
export function pupilsMoved(m: Model, a: AssignmentView): number {
  const pub = a.pub;
  if (!pub || !a.slotRef) return 0;
  let moved = 0;
  for (let s = 0; s < m.studentCount; s++) {
    if (!pub.counted[s]) continue;
    const base = s * m.seatWidth;
    for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
      if (!seatUnmovedIn(m, pub, a.slotRef, a.slotPlacement, base + k, a.seat[base + k])) {
        moved++;
        break;
      }
    }
  }
  return moved;
}

// ---------- incremental: State.studentMovedSeats[s] counts s's seats placed otherwise than published; a
// slot's reference or placement changes only while it is empty (State.setRef, setPlacement), so only a seat's
// own change (State.setSeat) moves a pupil ----------

/** Change to the moved-seat count of seat i's student when seat i goes from slot `from` to `to` (-1 none). */
export function movedSeatsOnSeat(st: State, i: number, from: number, to: number): number {
  const pub = st.pub!;
  return (seatUnmovedIn(st.m, pub, st.slotRef, st.slotPlacement, i, from) ? 0 : -1) + (seatUnmovedIn(st.m, pub, st.slotRef, st.slotPlacement, i, to) ? 0 : 1);
}

/** Change to `pupilsMoved` when a student's moved-seat count goes from `before` to `after`. */
export function pupilsMovedOnMovedSeats(before: number, after: number): number {
  return (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
}

/**
 * For the seater: the score of student s ending moved rather than unmoved, read with s unseated. The rule's
 * weight, and the cap's when the pupils moved would be (or are) above it. 0 for a pupil who does not count.
 */
export function pupilMovedCost(st: State, s: number): number {
  const pub = st.pub;
  if (pub === null || !pub.counted[s]) return 0;
  const t = st.t;
  const movedNow = st.studentMovedSeats[s] > 0;
  const withS = movedNow ? t.pupilsMoved : t.pupilsMoved + 1;
  return pub.pupilWeight + pub.capWeight * (capExcess(pub, withS, t.groupsMoved) - capExcess(pub, withS - 1, t.groupsMoved));
}

/** Would seat i be moved in slot g (-1 none) as things stand? The seater's per-candidate test. */
export function seatMovedIn(st: State, i: number, g: number): boolean {
  return !seatUnmovedIn(st.m, st.pub!, st.slotRef, st.slotPlacement, i, g);
}

/**
 * Pupils counted who changed their own courses since publication: a course in their lists now that they did not
 * have (a seat not counted), or fewer of their published courses kept than they had (one dropped). `publishedCourses`
 * holds each pupil's number of published courses (choices and reserves), by student index, -1 when not counted.
 * The re-solve under 'satisfaction' first takes this as the moves a plan should need (solve.ts, the capped phase).
 */
export function changedPupilCount(m: Model, pub: PublishedBlocking, publishedCourses: Int32Array): number {
  let changed = 0;
  for (let s = 0; s < m.studentCount; s++) {
    if (!pub.counted[s]) continue;
    const base = s * m.seatWidth;
    let kept = 0;
    let added = false;
    for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
      if (pub.seatGroup[base + k] === SEAT_NOT_COUNTED) added = true;
      else kept++;
    }
    if (added || kept < publishedCourses[s]) changed++;
  }
  return changed;
}
