/**
 * Rule: a course runs between minGroups and maxGroups groups, at most maxGroupsPerBlock of them in one block,
 * and the groups running in any one year never exceed limits.maxGroups. Each running group costs (openGroups),
 * and groups of one course should be even in size (sumSquares: the sum of squared sizes, smallest when even).
 */
import type { Model } from '../model';
import { slotSizes, type AssignmentView } from './view';

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
