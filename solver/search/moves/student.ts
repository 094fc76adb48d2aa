/**
 * The student move: one student (mostly one not fully satisfied) is re-seated as well as the groups as they
 * stand allow, their unmet choices then by chains, and anyone pushed out of a group they overfill is re-seated
 * elsewhere. It changes no group: it lets the seating catch up with the blocking, and is the only move in fit
 * mode, where the groups are given.
 */
import type { MoveHost } from '../host';

/** Share of student moves aimed at a student not fully satisfied (the rest take any student). */
const UNSATISFIED_SHARE = 0.8;
/** Students pushed out of each overfull group at most. */
const OVERFLOW_PER_GROUP = 4;

/** The student move; returns false when there is no student. */
export function studentMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  if (m.studentCount === 0) return false;
  const s = st.unsatCount > 0 && rng.float() < UNSATISFIED_SHARE ? st.unsatList[rng.int(st.unsatCount)] : rng.int(m.studentCount);
  h.touch(s);
  h.reseatTouched();
  h.relieveOverflow(OVERFLOW_PER_GROUP);
  return true;
}
