/**
 * The Kempe-chain move, for event timetabling (search/events.ts): swaps a connected set of events between two
 * periods. Starting from an event a student not fully satisfied misses (sometimes any event) in period P1 and
 * a target period P2 (the least clashing one, as the event move picks it, or a random one), the chain is the
 * events of P1 and P2 connected to it in the conflict graph restricted to those two periods; every event of the
 * chain changes period, so no clash inside P1 and P2 is created that was not there (the classic move of graph
 * colouring timetablers). The rooms of both periods are then matched again (matchRooms), and the students of
 * the chain's events and the first event's unsatisfied choosers are re-seated; the score judges the whole
 * move. Periods are block sets (placementBlockKey): a course of the chain must have a placement in the other
 * set, or the move does nothing.
 */
import { acquireStaff, releaseResources } from '../../assign';
import type { Conflicts } from '../events';
import { matchRooms } from '../events';
import type { MoveHost } from '../host';
import { leastClashingPlacement, targetCourse } from './event';

/** A chain longer than this is not swapped (it would re-seat most of the cohort for one move). */
const MAX_CHAIN = 16;
/** Share of Kempe moves whose target period is random rather than the least clashing one. */
const RANDOM_TARGET = 0.3;

/** Scratch, sized to the slot count on first use: the chain, each member's new placement, period lists. */
let chain = new Int32Array(0);
let chainTarget = new Int32Array(0);
let inChain = new Int32Array(0);
let inChainStamp = 0;
let period = new Int32Array(0);

/** The Kempe-chain move; returns false when it found nothing to do. */
export function kempeMove(h: MoveHost, conflicts: Conflicts): boolean {
  const { m, st, rng } = h;
  if (chain.length < m.slotCount) {
    chain = new Int32Array(m.slotCount);
    chainTarget = new Int32Array(m.slotCount);
    inChain = new Int32Array(m.slotCount);
    period = new Int32Array(m.slotCount);
  }
  const c = targetCourse(h);
  if (c < 0) return false;
  const g = h.randomOpenSlotOf(c);
  if (g < 0) return false;
  const p1 = st.slotPlacement[g];
  const lo = m.placementStart[c];
  const n = m.placementStart[c + 1] - lo;
  if (n < 2) return false;
  const p2 = rng.float() < RANDOM_TARGET ? lo + rng.int(n) : leastClashingPlacement(h, conflicts, c, g);
  if (p2 < 0 || p2 === p1) return false;
  const key1 = m.placementBlockKey[p1];
  const key2 = m.placementBlockKey[p2];
  if (key1 === key2) return false;
  // The chain, breadth first: members alternate between the two block sets.
  inChainStamp++;
  let size = 0;
  chain[size++] = g;
  inChain[g] = inChainStamp;
  const { nbStart, nbCourse } = conflicts;
  for (let head = 0; head < size; head++) {
    const x = chain[head];
    const cx = m.slotCourse[x];
    const other = m.placementBlockKey[st.slotPlacement[x]] === key1 ? key2 : key1;
    // The neighbours' open groups in the other block set (through the conflict lists: a course has a few
    // dozen neighbours where the grid has hundreds of groups).
    for (let j = nbStart[cx]; j < nbStart[cx + 1]; j++) {
      const d = nbCourse[j];
      for (let y = m.slotStart[d]; y < m.slotStart[d + 1]; y++) {
        if (inChain[y] === inChainStamp || st.slotPlacement[y] < 0) continue;
        if (m.placementBlockKey[st.slotPlacement[y]] !== other) continue;
        if (size >= MAX_CHAIN || m.slotPinned[y]) return false;
        inChain[y] = inChainStamp;
        chain[size++] = y;
      }
    }
  }
  // Each member's placement in the other block set, allowed for its course; otherwise nothing moves.
  for (let i = 0; i < size; i++) {
    const x = chain[i];
    const cx = m.slotCourse[x];
    const target = m.placementBlockKey[st.slotPlacement[x]] === key1 ? key2 : key1;
    let q = -1;
    for (let p = m.placementStart[cx]; p < m.placementStart[cx + 1]; p++) if (m.placementBlockKey[p] === target) q = p;
    if (q < 0 || !h.allowsPlacement(cx, q, x)) return false;
    chainTarget[i] = q;
  }
  for (let i = 0; i < size; i++) {
    h.emptySlot(chain[i]);
    releaseResources(st, chain[i]);
    st.setPlacement(chain[i], -1);
  }
  for (let i = 0; i < size; i++) st.setPlacement(chain[i], chainTarget[i]);
  for (let i = 0; i < size; i++) acquireStaff(st, chain[i], -1);
  // Rooms: both periods matched again as a whole.
  rematchBlocks(h, key1);
  rematchBlocks(h, key2);
  h.touchUnsatisfiedChoosers(c, 25);
  h.reseatTouched();
  h.relieveOverflow(3);
  return true;
}

/**
 * Matches again the rooms of the open groups in the block set `key`. On a grid of several years they need not
 * share cells; matching them together is then stricter than needed, never invalid.
 */
function rematchBlocks(h: MoveHost, key: number): void {
  const { m, st } = h;
  let count = 0;
  for (let y = 0; y < m.slotCount; y++) if (st.slotPlacement[y] >= 0 && m.placementBlockKey[st.slotPlacement[y]] === key) period[count++] = y;
  matchRooms(h, period, count);
}
