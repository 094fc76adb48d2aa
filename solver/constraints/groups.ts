/**
 * Rule: a course runs between minGroups and maxGroups groups, at most maxGroupsPerBlock of them in one block,
 * and the groups running in any one year never exceed limits.maxGroups. Each running group costs (openGroups),
 * and groups of one course should be even in size (sumSquares: the sum of squared sizes, smallest when even).
 *
 * The counts per course, block and year are hard: moves never break them (they read State.courseOpen,
 * courseBlockCount and yearGroups before placing a group). The two terms are the objective's last places
 * (docs/format.md): fourth, the fewest groups (GROUP_WEIGHT a group); fifth, even sizes (EVEN_WEIGHT a unit of
 * sumSquares).
 */
import type { Model } from '../model';
import type { State } from '../state';
import { slotSizes, type AssignmentView } from './view';

/** Cost of a running group. */
export const GROUP_WEIGHT = 3;
/** Cost of a unit of the sum of squared group sizes. */
export const EVEN_WEIGHT = 0.0005;

/** From scratch: the reference the incremental terms must equal, and the breaches of the hard counts. */
export function groupsRule(m: Model, a: AssignmentView): { openGroups: number; sumSquares: number; breaches: string[] } {
  const breaches: string[] = [];
  const size = slotSizes(m, a);
  let openGroups = 0;
  let sumSquares = 0;
  const perYear = new Int32Array(m.yearCount);
  for (let c = 0; c < m.courseCount; c++) {
    let open = 0;
    const perBlock = new Int32Array(m.blockCount);
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      sumSquares += size[g] * size[g];
      const p = a.slotPlacement[g];
      if (p < 0) continue;
      open++;
      perBlock[m.placementBlockA[p]]++;
      if (m.placementBlockB[p] >= 0) perBlock[m.placementBlockB[p]]++;
      for (let y = 0; y < m.yearCount; y++) if (m.courseYearMask[c] & (1 << y)) perYear[y]++;
    }
    openGroups += open;
    if (open > m.courseMaxGroups[c]) breaches.push(`${m.courseIds[c]} runs ${open} groups, above maxGroups`);
    for (let b = 0; b < m.blockCount; b++) {
      if (perBlock[b] > m.courseMaxPerBlock[c]) breaches.push(`${m.courseIds[c]} has ${perBlock[b]} groups in block ${m.blockLabels[b]}`);
    }
  }
  for (let y = 0; y < m.yearCount; y++) {
    if (perYear[y] > m.maxGroupsPerYear) breaches.push(`${perYear[y]} groups run in year ${m.years[y]}, above limits.maxGroups`);
  }
  return { openGroups, sumSquares, breaches };
}

// ---------- incremental: read State.slotLoad[g] (students in slot g) and State.slotPlacement[g] (-1 closed) ----------

/** Change to `sumSquares` when one student joins slot g, read before the join: (l + 1)² - l². */
export function sumSquaresOnJoin(st: State, g: number): number {
  return 2 * st.slotLoad[g] + 1;
}

/** Change to `sumSquares` when one student leaves slot g, read before the leave: (l - 1)² - l². */
export function sumSquaresOnLeave(st: State, g: number): number {
  return 1 - 2 * st.slotLoad[g];
}

/** Change to `openGroups` when slot g goes to placement p (-1 closes it), read before the change. */
export function openGroupsOnPlace(st: State, g: number, p: number): number {
  return (p >= 0 ? 1 : 0) - (st.slotPlacement[g] >= 0 ? 1 : 0);
}
