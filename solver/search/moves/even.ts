/**
 * The even-out move, for polishing (everyone satisfied): a random student leaves the largest group of a course
 * whose groups differ in size by more than one, and is re-seated anywhere but there, then their unmet choices
 * by chains. It evens out group sizes (the last tier of docs/format.md), which moves aimed at unmet students
 * never look at.
 */
import type { MoveHost } from '../host';

/** The even-out move; returns false when it found nothing to do (every course even, or a fixed seat drawn). */
export function evenMove(h: MoveHost): boolean {
  const { m, st, rng } = h;
  const start = rng.int(m.courseCount);
  for (let j = 0; j < m.courseCount; j++) {
    const c = (start + j) % m.courseCount;
    let largest = -1;
    let smallest = -1;
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      if (st.slotPlacement[g] < 0) continue;
      if (largest < 0 || st.slotLoad[g] > st.slotLoad[largest]) largest = g;
      if (smallest < 0 || st.slotLoad[g] < st.slotLoad[smallest]) smallest = g;
    }
    if (largest < 0 || st.slotLoad[largest] - st.slotLoad[smallest] <= 1) continue;
    let k = rng.int(st.slotLoad[largest]);
    let i = st.slotHead[largest];
    while (k-- > 0 && st.seatNext[i] >= 0) i = st.seatNext[i];
    if (m.fixedSeat[i] >= 0) return false;
    const s = (i / m.seatWidth) | 0;
    h.touch(s);
    st.unseatStudent(s);
    h.seater.seatBest(st, s, false, largest);
    h.augmentStudent(s);
    return true;
  }
  return false;
}
