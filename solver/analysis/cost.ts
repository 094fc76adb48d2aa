/**
 * What an offer costs in teachers: groups and teacher periods a fortnight per department and in total,
 * the FTE those periods need at a contact ratio, average class size, the pupil-teacher ratio of the
 * option time, and the annual cost at a price per weekly hour taught.
 *
 * A group taught at home needs a teacher for `periodsPerFortnight` periods in each block it spans, in each
 * year it runs. Groups at a partner site (course `site` other than home) need no home teacher: they are
 * counted as groups and places bought, never as teacher periods. Figures are given per year of the cohort;
 * the headline is the mean over the years (the staffing a school carries each year for a steady stream
 * of cohorts) and `overCourse` sums them.
 *
 *   FTE              = teacher periods / (timetable periods a fortnight x contact ratio)
 *   weekly hours     = teacher periods / 2 x hours per period
 *   annual cost      = weekly hours x cost per weekly hour
 *   pupil-teacher    = pupil periods / (FTE x timetable periods), which is class size x contact ratio
 */
import type { Result, Scenario } from '../types';

export interface CostOptions {
  /** Share of a full-time teacher's timetable spent teaching; 0.75 to 0.80 is usual. Default 0.78. */
  contactRatio?: number;
  /** Annual cost of one weekly hour taught, in pounds. Default 1900. */
  costPerWeeklyHour?: number;
  /** Periods in the school's whole fortnight timetable. Default 50. */
  timetablePeriods?: number;
  /** Length of one period in hours. Default 1. */
  periodHours?: number;
}

export const DEFAULT_COST_OPTIONS: Required<CostOptions> = {
  contactRatio: 0.78,
  costPerWeeklyHour: 1900,
  timetablePeriods: 50,
  periodHours: 1,
};

export interface CostFigures {
  /** Home groups running in the year (or on average over the years). */
  groups: number;
  teacherPeriods: number;
  fte: number;
  weeklyHours: number;
  annualCost: number;
}

export interface DepartmentCost extends CostFigures {
  department: string;
  courses: string[];
  /** All its groups, home and partner, whatever their years. */
  groupsTotal: number;
  students: number;
  averageClassSize: number;
  byYear: ({ year: number } & CostFigures)[];
}

export interface CostReport {
  settings: Required<CostOptions> & { periodsPerFortnight: number };
  /** Every group in the result, home and partner. */
  groups: number;
  homeGroups: number;
  partnerGroups: number;
  /** Students placed in partner-site courses (places bought), per course. */
  partnerPlaces: { course: string; site: string; students: number }[];
  /** Mean over the cohort's years. */
  perYear: CostFigures;
  byYear: ({ year: number } & CostFigures & { pupilPeriods: number; pupilTeacherRatio: number })[];
  overCourse: { teacherPeriods: number; annualCostSum: number };
  averageClassSize: number;
  /** Pupil periods over (FTE x timetable periods) for the option time, mean over the years. */
  pupilTeacherRatio: number;
  departments: DepartmentCost[];
}

export function checkCostOptions(o: CostOptions): string[] {
  const p: string[] = [];
  if (o.contactRatio !== undefined && !(o.contactRatio > 0 && o.contactRatio <= 1)) {
    p.push(`contact ratio is ${o.contactRatio}. It is the share of a teacher's time spent teaching: maybe 0.78?`);
  }
  if (o.costPerWeeklyHour !== undefined && !(o.costPerWeeklyHour >= 0 && Number.isFinite(o.costPerWeeklyHour))) {
    p.push(`cost per weekly hour is ${o.costPerWeeklyHour}. It is pounds a year for one weekly hour taught: maybe 1900?`);
  }
  if (o.timetablePeriods !== undefined && !(o.timetablePeriods > 0 && Number.isFinite(o.timetablePeriods))) {
    p.push(`timetable periods is ${o.timetablePeriods}. It is the periods in the whole fortnight: maybe 50?`);
  }
  if (o.periodHours !== undefined && !(o.periodHours > 0 && Number.isFinite(o.periodHours))) {
    p.push(`period length is ${o.periodHours} hours. Maybe 1?`);
  }
  return p;
}

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

export function costOffer(scenario: Scenario, result: Result, options: CostOptions = {}): CostReport {
  const s = { ...DEFAULT_COST_OPTIONS, ...options };
  const ppf = scenario.periodsPerFortnight ?? 5;
  const years = scenario.years && scenario.years.length > 0 ? [...scenario.years].sort((a, b) => a - b) : [10, 11];
  const courses = new Map(scenario.courses.map((c) => [c.id, c]));
  const figures = (periods: number, groups: number): CostFigures => {
    const fte = periods / (s.timetablePeriods * s.contactRatio);
    const weeklyHours = (periods / 2) * s.periodHours;
    return { groups: round(groups), teacherPeriods: round(periods), fte: round(fte, 3), weeklyHours: round(weeklyHours), annualCost: Math.round(weeklyHours * s.costPerWeeklyHour) };
  };

  // Per department, per year index: [groups, teacher periods]; layout dept -> Float64Array(years * 2).
  const deptYear = new Map<string, Float64Array>();
  const deptInfo = new Map<string, { courses: Set<string>; groups: number; students: number; homeGroups: number; homeStudents: number }>();
  const yearPupilPeriods = new Float64Array(years.length);
  let homeGroups = 0;
  let homeStudents = 0;
  const partner = new Map<string, { course: string; site: string; students: number }>();

  for (const g of result.groups) {
    const course = courses.get(g.course);
    const dept = course?.department?.trim() || '(no department)';
    const site = course?.site ?? 'home';
    const info = deptInfo.get(dept) ?? { courses: new Set<string>(), groups: 0, students: 0, homeGroups: 0, homeStudents: 0 };
    deptInfo.set(dept, info);
    info.courses.add(g.course);
    info.groups++;
    info.students += g.students.length;
    if (site !== 'home') {
      const entry = partner.get(g.course) ?? { course: g.course, site, students: 0 };
      entry.students += g.students.length;
      partner.set(g.course, entry);
      continue;
    }
    homeGroups++;
    homeStudents += g.students.length;
    info.homeGroups++;
    info.homeStudents += g.students.length;
    const gy = g.years && g.years.length > 0 ? g.years : course?.years && course.years.length > 0 ? course.years : years;
    const periods = ppf * Math.max(1, g.blocks.length);
    let arr = deptYear.get(dept);
    if (!arr) { arr = new Float64Array(years.length * 2); deptYear.set(dept, arr); }
    for (let y = 0; y < years.length; y++) {
      if (!gy.includes(years[y])) continue;
      arr[y * 2] += 1;
      arr[y * 2 + 1] += periods;
      yearPupilPeriods[y] += periods * g.students.length;
    }
  }

  const departments: DepartmentCost[] = [];
  const totals = new Float64Array(years.length * 2);
  for (const [dept, info] of [...deptInfo].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const arr = deptYear.get(dept) ?? new Float64Array(years.length * 2);
    let gSum = 0;
    let pSum = 0;
    const byYear = years.map((year, y) => {
      totals[y * 2] += arr[y * 2];
      totals[y * 2 + 1] += arr[y * 2 + 1];
      gSum += arr[y * 2];
      pSum += arr[y * 2 + 1];
      return { year, ...figures(arr[y * 2 + 1], arr[y * 2]) };
    });
    departments.push({
      department: dept,
      courses: [...info.courses].sort(),
      groupsTotal: info.groups,
      students: info.students,
      averageClassSize: info.homeGroups ? round(info.homeStudents / info.homeGroups) : 0,
      ...figures(pSum / years.length, gSum / years.length),
      byYear,
    });
  }

  let gSum = 0;
  let pSum = 0;
  let ptrSum = 0;
  const byYear = years.map((year, y) => {
    const periods = totals[y * 2 + 1];
    gSum += totals[y * 2];
    pSum += periods;
    const fteExact = periods / (s.timetablePeriods * s.contactRatio);
    const ptr = fteExact > 0 ? yearPupilPeriods[y] / (fteExact * s.timetablePeriods) : 0;
    ptrSum += ptr;
    return { year, ...figures(periods, totals[y * 2]), pupilPeriods: yearPupilPeriods[y], pupilTeacherRatio: round(ptr) };
  });
  const perYear = figures(pSum / years.length, gSum / years.length);
  return {
    settings: { ...s, periodsPerFortnight: ppf },
    groups: result.groups.length,
    homeGroups,
    partnerGroups: result.groups.length - homeGroups,
    partnerPlaces: [...partner.values()].sort((a, b) => (a.course < b.course ? -1 : 1)),
    perYear,
    byYear,
    overCourse: { teacherPeriods: round(pSum), annualCostSum: byYear.reduce((a, y) => a + y.annualCost, 0) },
    averageClassSize: homeGroups ? round(homeStudents / homeGroups) : 0,
    pupilTeacherRatio: round(ptrSum / years.length),
    departments,
  };
}
