/**
 * Rule (a re-solve against a published blocking, docs/reference.md): published groups moved from their
 * published blocks or cancelled. A published group is unchanged when a running group of its course continues it
 * (the slot's reference, State.slotRef, names it: the result gives that group the published id) in the same
 * blocks; every other published group counts, moved or cancelled. Term: `groupsMoved`.
 *
 * Soft, placed by the order like the pupils' rule (published.ts): STABILITY_GROUP_WEIGHT right after the pupils
 * moved, or SATISFACTION_GROUP_WEIGHT after reserves. A cap (maxGroupsMoved) is a tier above the objective.
 * Without a published blocking the term is 0 and costs nothing.
 */
import type { Model } from '../model';
import type { State } from '../state';
import type { PublishedBlocking } from './published';
import type { AssignmentView } from './view';

/** Does slot g, continuing published group r (-1 none), at placement p (-1 closed) keep r unchanged? */
export function keepsPublished(m: Model, pub: PublishedBlocking, g: number, r: number, p: number): boolean {
  return r >= 0 && p >= 0 && pub.groupCourse[r] === m.slotCourse[g] && m.placementBlockKey[p] === pub.groupBlockKey[r];
}

/** From scratch: published groups not continued in their blocks. Also breaches: two slots continuing one group. */
export function groupsMoved(m: Model, a: AssignmentView): { groupsMoved: number; breaches: string[] } {
  const pub = a.pub;
  const breaches: string[] = [];
  if (!pub || !a.slotRef) return { groupsMoved: 0, breaches };
  const continued = new Uint8Array(pub.groupIds.length);
  let unchanged = 0;
  for (let g = 0; g < m.slotCount; g++) {
    const r = a.slotRef[g];
    if (r < 0) continue;
    if (a.slotPlacement[g] < 0) breaches.push(`closed slot ${g} still continues published group ${pub.groupIds[r]}`);
    if (pub.groupCourse[r] !== m.slotCourse[g]) breaches.push(`slot ${g} of ${m.courseIds[m.slotCourse[g]]} continues published group ${pub.groupIds[r]} of another course`);
    if (continued[r]) breaches.push(`two slots continue published group ${pub.groupIds[r]}`);
    continued[r] = 1;
    if (keepsPublished(m, pub, g, r, a.slotPlacement[g])) unchanged++;
  }
  return { groupsMoved: pub.groupIds.length - unchanged, breaches };
}

// ---------- incremental: read State.slotRef[g] and State.slotPlacement[g], before the change ----------

/** Change to `groupsMoved` when slot g goes to placement p (-1 closes it), keeping its reference. */
export function groupsMovedOnPlace(st: State, g: number, p: number): number {
  const r = st.slotRef[g];
  if (r < 0) return 0;
  const pub = st.pub!;
  return (keepsPublished(st.m, pub, g, r, st.slotPlacement[g]) ? 1 : 0) - (keepsPublished(st.m, pub, g, r, p) ? 1 : 0);
}

/** Change to `groupsMoved` when slot g's reference becomes r (-1 none), where it sits. */
export function groupsMovedOnRef(st: State, g: number, r: number): number {
  const pub = st.pub!;
  const p = st.slotPlacement[g];
  return (keepsPublished(st.m, pub, g, st.slotRef[g], p) ? 1 : 0) - (keepsPublished(st.m, pub, g, r, p) ? 1 : 0);
}
