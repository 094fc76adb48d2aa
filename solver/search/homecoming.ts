/**
 * The last step of a re-solve against a published blocking (solver/constraints/published.ts): bringing groups
 * and pupils back where they were published, wherever that costs nothing in the chosen order. The search's
 * moves weigh the two rules as they go, but under 'satisfaction' first a move is cheap (SATISFACTION_PUPIL_WEIGHT)
 * and the search may end with pupils and groups moved that a better-satisfying blocking did not need; this
 * descent takes them back one by one, keeping each step only when the lexicographic key (constraints/
 * objective.ts) is strictly better. Deterministic (no random numbers), bounded to a few rounds.
 *
 * A group step puts a slot that continues a published group but sits elsewhere back in the published blocks
 * (when the course's limits allow it there), and re-seats its pupils and every pupil published in it; a pupil
 * step re-seats one moved pupil (the seater prices their move, so it takes them home where they fit).
 */
import { compareKeys, newKey, objectiveKey } from '../constraints/objective';
import type { Search } from '../search';

const ROUNDS = 2;

/** Returns the steps kept. */
export function homecoming(search: Search): number {
  const st = search.st;
  const m = search.m;
  const pub = st.pub;
  if (pub === null) return 0;
  const before = newKey();
  const after = newKey();
  // The seats published in each group: publishedSeats[publishedStart[r] ..] (seat indices).
  const publishedStart = new Int32Array(pub.groupIds.length + 1);
  for (let i = 0; i < pub.seatGroup.length; i++) if (pub.seatGroup[i] >= 0) publishedStart[pub.seatGroup[i] + 1]++;
  for (let r = 0; r < pub.groupIds.length; r++) publishedStart[r + 1] += publishedStart[r];
  const publishedSeats = new Int32Array(publishedStart[pub.groupIds.length]);
  const fill = publishedStart.slice(0, pub.groupIds.length);
  for (let i = 0; i < pub.seatGroup.length; i++) if (pub.seatGroup[i] >= 0) publishedSeats[fill[pub.seatGroup[i]]++] = i;

  const attempt = (step: () => void): boolean => {
    st.commit();
    objectiveKey(st, before);
    const mark = st.begin();
    step();
    search.check('a homecoming step');
    if (compareKeys(objectiveKey(st, after), before) < 0) {
      st.commit();
      return true;
    }
    st.undo(mark);
    st.commit();
    search.check('a homecoming step undone');
    return false;
  };
  let kept = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let changed = false;
    for (let g = 0; g < m.slotCount; g++) {
      const r = st.slotRef[g];
      const p = st.slotPlacement[g];
      if (r < 0 || p < 0 || m.slotPinned[g] || m.placementBlockKey[p] === pub.groupBlockKey[r]) continue;
      const c = m.slotCourse[g];
      let home = -1;
      for (let q = m.placementStart[c]; q < m.placementStart[c + 1]; q++) if (m.placementBlockKey[q] === pub.groupBlockKey[r] && search.allowsPlacement(c, q, g)) home = q;
      if (home < 0) continue;
      if (
        attempt(() => {
          search.beginMove();
          for (let j = publishedStart[r]; j < publishedStart[r + 1]; j++) search.touch((publishedSeats[j] / m.seatWidth) | 0);
          search.moveGroup(g, home);
        })
      ) {
        kept++;
        changed = true;
      }
    }
    for (let s = 0; s < m.studentCount; s++) {
      if (st.studentMovedSeats[s] === 0) continue;
      // Only a pupil whose published groups all still stand where they were can be taken home by re-seating.
      let reachable = true;
      for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s] && reachable; k++) {
        const i = s * m.seatWidth + k;
        const pr = pub.seatGroup[i];
        if (pr >= 0 && !hasHome(st.slotRef, st.slotPlacement, m.placementBlockKey, pub.groupBlockKey, pr)) reachable = false;
      }
      if (!reachable) continue;
      if (
        attempt(() => {
          search.beginMove();
          // Whoever sits in their published groups in their place may be re-seated too.
          search.touch(s);
          search.reseatTouched();
        })
      ) {
        kept++;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return kept;
}

/** Does some slot continue published group r in its published blocks? */
function hasHome(slotRef: Int32Array, slotPlacement: Int32Array, placementBlockKey: Int32Array, groupBlockKey: Int32Array, r: number): boolean {
  for (let g = 0; g < slotRef.length; g++) if (slotRef[g] === r && slotPlacement[g] >= 0 && placementBlockKey[slotPlacement[g]] === groupBlockKey[r]) return true;
  return false;
}
