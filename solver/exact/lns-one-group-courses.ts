/**
 * Whether a scenario is one for the one-group step (exact/lns-one-group.ts): at most ONE_GROUP_MAX_STUDENTS
 * students, and courses for it (placedOneGroupCourses there), read from the compiled model without building the
 * bound's input or loading HiGHS: the portfolio (portfolio.ts) asks it on the coordinator's thread before giving
 * a worker that step. The same test as there: choosers enough to fill a group on their own, and at most one
 * group when they are all satisfied (maxGroups 1, or fewer choosers than two groups' minimum size).
 */
import type { Model } from '../model';

/**
 * Above this many students the step is not tried: its walk solves the bound's LP by simplex at every node, which
 * grows with the cohort (sample-240's LP by simplex alone took 1.5 to 2.3 s, solve.ts), and the search alone
 * reaches the bound on the larger samples (sample-240 236, sample-360 380).
 */
export const ONE_GROUP_MAX_STUDENTS = 400;

export function hasOneGroupCourses(m: Model): boolean {
  if (m.mode !== 'build' || m.studentCount > ONE_GROUP_MAX_STUDENTS) return false;
  for (let c = 0; c < m.courseCount; c++) {
    const demand = m.courseDemand[c];
    const min = Math.max(1, m.courseMinSize[c]);
    const maxGroups = m.scenario.courses[c].maxGroups ?? Infinity;
    if (demand >= min && maxGroups >= 1 && (maxGroups <= 1 || demand < 2 * min)) return true;
  }
  return false;
}
