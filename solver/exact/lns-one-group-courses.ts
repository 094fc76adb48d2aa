/**
 * Whether a scenario has courses for the one-group step (exact/lns-one-group.ts placedOneGroupCourses), read
 * from the compiled model without building the bound's input or loading HiGHS: the portfolio (portfolio.ts)
 * asks it on the coordinator's thread before giving a worker that step. The same test as there: choosers
 * enough to fill a group on their own, and at most one group when they are all satisfied (maxGroups 1, or
 * fewer choosers than two groups' minimum size).
 */
import type { Model } from '../model';

export function hasOneGroupCourses(m: Model): boolean {
  if (m.mode !== 'build') return false;
  for (let c = 0; c < m.courseCount; c++) {
    const demand = m.courseDemand[c];
    const min = Math.max(1, m.courseMinSize[c]);
    const maxGroups = m.scenario.courses[c].maxGroups ?? Infinity;
    if (demand >= min && maxGroups >= 1 && (maxGroups <= 1 || demand < 2 * min)) return true;
  }
  return false;
}
