/**
 * What an offer means, per student and in total: qualification measures under each rule set,
 * satisfaction, equity by every student attribute, and cost. Pure: a Scenario and a Result in (both
 * already validated against docs/format.md), plain JSON-ready data out. `analyseOffer` is the function the
 * benchmark times; `summariseOffer` gives the headline figures the scenario comparison shows.
 */
import type { Result, ResultStudent, Scenario } from '../types';
import { checkCostOptions, costOffer, type CostOptions, type CostReport } from './cost';
import { equityReport, type EquityReport, type EquityStudent, type Gap } from './equity';
import { evaluateRuleSet, type Discounted, type RuleSetOutcome } from './measures';
import {
  AnalysisInputError, compileCatalogue, ruleSetTags, studentQualifications,
  type CatalogueOptions, type CoreSettings, type DataNotice, type InferredType, type Qualification,
} from './qualifications';
import { checkRuleSet, DEFAULT_RULE_SETS, type RuleSet } from './rules';

export interface AnalysisOptions extends CostOptions, CatalogueOptions {
  /** Rule sets to apply, in report order; default Attainment 8, EBacc (historic), the 2025 proposal. */
  ruleSets?: readonly RuleSet[];
  /** How many worst-off students to list; default 10. */
  worstOff?: number;
  /** Groups smaller than this are left out of equity gaps; default 5. */
  minGroupForGap?: number;
}

export interface EntryWarning {
  kind: 'early-entry';
  course: string;
  entryYear: number;
  /** Later entries of this student sharing the discount code, which will not count. */
  blocks: string[];
  message: string;
}

export interface StudentAnalysis {
  id: string;
  name?: string;
  pathway?: string;
  attributes: Record<string, string | number | boolean>;
  /** False when the result does not list this student: every choice is then counted unmet. */
  inResult: boolean;
  fullySatisfied: boolean;
  choices: number;
  choicesMet: number;
  unmet: string[];
  reservesUsed: number;
  reserves: string[];
  /** Labels of every qualification entered, core first. */
  qualifications: string[];
  /** Entered, and the slots of the first rule set with slots that only they fill. */
  technicalAwards: { entered: number; countedInFirstRuleSet: number };
  /** Qualifications sharing a discount code (whatever the rule set). */
  collisions: { code: string; qualifications: string[] }[];
  warnings: EntryWarning[];
  /**
   * Per rule set, what is known: courses without a type (`untyped`) are left out, so each outcome is a
   * lower bound, exact unless the rule set's id is in `uncertain`.
   */
  measures: Record<string, RuleSetOutcome>;
  /** Courses the student is placed in that have no qualification type (no tags, name not recognised). */
  untyped: string[];
  /** Rule sets whose outcome for this student could rise once those courses have a type. */
  uncertain: string[];
}

/**
 * Why a figure is not known: it rests on courses with no qualification type. The rule set's numbers are
 * then what is known, a lower bound ("at least"), never the figure itself.
 */
export interface MissingData {
  /** The untyped courses held by the students whose outcome could change, in scenario order. */
  courses: string[];
  /** Students whose outcome could rise once those courses have a type. */
  students: number;
  /** Which figures could change: the slot fill (fill, points, full fill) and the requirements met. */
  fill: boolean;
  requirements: boolean;
  message: string;
}

export interface RuleSetTotals {
  ruleSet: string;
  name: string;
  status: RuleSet['status'];
  note: string;
  slots: number;
  maxPoints: number;
  meanSlotsFilled: number;
  meanPoints: number;
  /** distribution[k] = students with k slots filled. */
  distribution: number[];
  fullFillRate: number;
  buckets: { id: string; label: string; slots: number; meanFilled: number; emptySlots: number; studentsWithEmpty: number }[];
  /** Share of students meeting every requirement; null when the rule set has none. */
  requirementsMetRate: number | null;
  requirements: { id: string; label: string; metRate: number }[];
  studentsWithDiscounting: number;
  /** Non-null when the figures rest on courses with no qualification type: they are then lower bounds. */
  missing: MissingData | null;
}

export interface OfferSummary {
  students: number;
  fullySatisfied: number;
  fullySatisfiedRate: number;
  choices: number;
  choicesMet: number;
  choicesMetRate: number;
  reservesUsed: number;
  groups: number;
  /** Teacher periods a fortnight, mean over the cohort's years. */
  teacherPeriods: number;
  fte: number;
  averageClassSize: number;
  annualCost: number;
  /** Share entered for the full EBacc (historic measure); null when that rule set is not applied. */
  ebaccHistoricRate: number | null;
  /** Mean Attainment 8 slots filled (of 8); null when that rule set is not applied. */
  meanA8SlotFill: number | null;
  meanA8Points: number | null;
  biggestEquityGap: (Gap & { attribute: string }) | null;
  /** The largest gap in mean Attainment 8 slot fill over every attribute; null without attributes or Attainment 8. */
  biggestA8FillGap: (Gap & { attribute: string }) | null;
  /**
   * Set when a figure above rests on courses with no qualification type: those figures are null (not
   * known) rather than a number that looks known. `ruleSets` names the measures affected.
   */
  needsData: { ruleSets: string[]; courses: string[]; message: string } | null;
  /** Courses whose type the figures take from their names, not from the scenario's tags. */
  inferredCourses: number;
}

export interface OfferAnalysis {
  format: 'ks4-analysis/1';
  scenario: string;
  core: CoreSettings;
  notices: DataNotice[];
  /** Which courses' qualification types the figures infer from names, and which are missing. */
  courseTypes: {
    inferred: InferredType[];
    untyped: { course: string; name: string; students: number }[];
  };
  students: StudentAnalysis[];
  totals: {
    summary: OfferSummary;
    measures: RuleSetTotals[];
    technicalAwards: { studentsWithAny: number; distribution: number[]; entered: number; countedInFirstRuleSet: number };
    earlyEntries: { course: string; entryYear: number; students: number; blockingLaterEntries: number; message: string }[];
    collisions: { code: string; qualifications: string[]; students: number }[];
    equity: EquityReport;
    cost: CostReport;
  };
}

const round = (x: number, places = 4) => Math.round(x * 10 ** places) / 10 ** places;
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Checks the result belongs to the scenario; every problem names its path, the value and a hint. */
function checkPair(scenario: Scenario, result: Result, ruleSets: readonly RuleSet[], options: AnalysisOptions): string[] {
  const problems: string[] = [];
  const courseIds = new Set(scenario.courses.map((c) => c.id));
  const studentIds = new Set(scenario.students.map((s) => s.id));
  const groupIds = new Set(result.groups.map((g) => g.id));
  result.groups.forEach((g, i) => {
    if (!courseIds.has(g.course)) {
      problems.push(`Group ${g.id} is of course ${show(g.course)} (result groups[${i}].course), which the scenario does not have. Maybe the result belongs to another scenario?`);
    }
  });
  result.students.forEach((s, i) => {
    if (!studentIds.has(s.id)) {
      problems.push(`Student ${show(s.id)} (result students[${i}].id) is not in the scenario. Maybe the result belongs to another scenario?`);
    }
    for (const [course, group] of Object.entries(s.placed ?? {})) {
      if (!courseIds.has(course)) {
        problems.push(`Student ${s.id} is placed in course ${show(course)} (result students[${i}].placed), which the scenario does not have. Maybe the result belongs to another scenario?`);
      } else if (!groupIds.has(group)) {
        problems.push(`Student ${s.id} is placed in group ${show(group)} (result students[${i}].placed.${course}), which the result's groups do not list.`);
      }
    }
  });
  const seen = new Set<string>();
  ruleSets.forEach((r, i) => {
    problems.push(...checkRuleSet(r, `ruleSets[${i}]`));
    if (seen.has(r.id)) problems.push(`ruleSets[${i}].id ${show(r.id)} is used twice. Give each rule set its own id.`);
    seen.add(r.id);
  });
  problems.push(...checkCostOptions(options));
  if (options.worstOff !== undefined && !(Number.isInteger(options.worstOff) && options.worstOff >= 0)) {
    problems.push(`worst-off count is ${show(options.worstOff)}. Maybe 10?`);
  }
  return problems;
}

function earlyEntryWarnings(quals: readonly Qualification[], finalYear: number): EntryWarning[] {
  const out: EntryWarning[] = [];
  for (const q of quals) {
    if (q.course === null || q.entryYear >= finalYear) continue;
    if (out.some((w) => w.course === q.course)) continue; // a triple-science option is one course
    const later = quals.filter((o) => o !== q && o.discountCode === q.discountCode && o.entryYear > q.entryYear);
    const blocks = later.map((o) => o.label);
    out.push({
      kind: 'early-entry',
      course: q.course,
      entryYear: q.entryYear,
      blocks,
      message:
        `${q.label} is entered at the end of Year ${q.entryYear}: only a first entry counts in the performance tables, ` +
        `so a later entry in the same subject cannot replace this result` +
        (blocks.length ? `; ${blocks.join(', ')} (same discount code ${q.discountCode}) will not count.` : '.'),
    });
  }
  return out;
}

export function analyseOffer(scenario: Scenario, result: Result, options: AnalysisOptions = {}): OfferAnalysis {
  const ruleSets = options.ruleSets ?? DEFAULT_RULE_SETS;
  const problems = checkPair(scenario, result, ruleSets, options);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20) shown.push(`... and ${problems.length - 20} more problems of the same kinds.`);
    throw new AnalysisInputError(shown);
  }
  const cat = compileCatalogue(scenario, { ...options, ruleTags: ruleSetTags(ruleSets) });
  const notices = [...cat.notices];
  if (result.scenario !== scenario.name) {
    notices.push({
      kind: 'result', courses: [],
      message: `The result is for scenario ${show(result.scenario)} but the scenario is named ${show(scenario.name)}. Maybe the wrong pair of files?`,
    });
  }
  const byId = new Map<string, ResultStudent>(result.students.map((s) => [s.id, s]));
  const missing: string[] = [];
  const fillIds = ruleSets.filter((r) => r.buckets.length > 0).map((r) => r.id);
  const reqIds = ruleSets.filter((r) => r.requirements.length > 0).map((r) => r.id);
  const firstFillRule = ruleSets.find((r) => r.buckets.length > 0);
  const firstFill = firstFillRule?.id;

  const students: StudentAnalysis[] = [];
  const equityStudents: EquityStudent[] = [];
  for (const st of scenario.students) {
    const rs = byId.get(st.id);
    if (!rs) missing.push(st.id);
    const held = rs ? Object.keys(rs.placed ?? {}) : [];
    const untyped = held.filter((c) => cat.untyped.has(c));
    // Untyped courses are left out: every outcome is then what is certainly true (entering a student
    // for one more qualification never lowers a fill or unmeets a requirement).
    const placed = untyped.length ? held.filter((c) => !cat.untyped.has(c)) : held;
    const choices = st.choices.length;
    const unmet = rs ? [...rs.unmet] : [...st.choices];
    const reserves = rs ? [...rs.reserves] : [];
    const quals = studentQualifications(cat, placed);
    const measures: Record<string, RuleSetOutcome> = Object.create(null); // keyed by rule set ids, which a caller may name
    for (const r of ruleSets) measures[r.id] = evaluateRuleSet(r, quals);
    const uncertain = untyped.length === 0 ? [] : ruleSets.filter((r) => fillCouldRise(measures[r.id]) || measures[r.id].requirementsMet === false).map((r) => r.id);

    const byCode = new Map<string, string[]>();
    for (const q of quals) byCode.set(q.discountCode, [...(byCode.get(q.discountCode) ?? []), q.label]);
    const collisions = [...byCode].filter(([, l]) => l.length > 1).map(([code, l]) => ({ code, qualifications: l }));
    const techKeys = new Set(quals.filter((q) => q.technicalAward).map((q) => q.key));
    // Without grades, which of several candidates fills an open slot is arbitrary; what is certain is how
    // many slots only the technical awards can fill: the fill with them minus the fill without them.
    // When the chosen fill uses no technical award, the same fill is there without them, so none is
    // needed: skip the second matching (most students).
    let techCounted = 0;
    if (firstFill && techKeys.size > 0 && measures[firstFill].buckets.some((b) => b.keys.some((k) => techKeys.has(k)))) {
      const without = evaluateRuleSet(firstFillRule!, quals.filter((q) => !q.technicalAward));
      techCounted = measures[firstFill].slotsFilled - without.slotsFilled;
    }

    const attributes = { ...(st.attributes ?? {}) };
    const a: StudentAnalysis = {
      id: st.id,
      ...(st.name ? { name: st.name } : {}),
      ...(st.pathway ? { pathway: st.pathway } : {}),
      attributes,
      inResult: rs !== undefined,
      fullySatisfied: unmet.length === 0,
      choices,
      choicesMet: choices - unmet.length,
      unmet,
      reservesUsed: reserves.length,
      reserves,
      qualifications: quals.map((q) => q.label),
      technicalAwards: { entered: techKeys.size, countedInFirstRuleSet: techCounted },
      collisions,
      warnings: earlyEntryWarnings(quals, cat.finalYear),
      measures,
      untyped,
      uncertain,
    };
    students.push(a);
    const fill: Record<string, number> = Object.create(null);
    for (const id of fillIds) fill[id] = measures[id].slotsFilled;
    const requirementsMet: Record<string, boolean> = Object.create(null);
    for (const id of reqIds) requirementsMet[id] = measures[id].requirementsMet === true;
    equityStudents.push({
      id: a.id, ...(a.name ? { name: a.name } : {}), attributes, fullySatisfied: a.fullySatisfied, choices,
      choicesMet: a.choicesMet, unmet, reservesUsed: a.reservesUsed, fill, requirementsMet,
    });
  }
  if (missing.length > 0) {
    notices.push({
      kind: 'result', courses: [],
      message: `${missing.length} student(s) of the scenario are missing from the result (${missing.slice(0, 5).join(', ')}` +
        `${missing.length > 5 ? ', ...' : ''}); their choices are counted unmet. Maybe the result is from an older version of the scenario?`,
    });
  }

  const n = students.length;
  const measuresTotals: RuleSetTotals[] = ruleSets.map((r) => {
    const slots = r.buckets.reduce((acc, b) => acc + b.slots, 0);
    const distribution = new Array<number>(slots + 1).fill(0);
    let filled = 0;
    let points = 0;
    let full = 0;
    let reqMet = 0;
    let discounting = 0;
    const bucketFilled = new Float64Array(r.buckets.length);
    const bucketEmptyStudents = new Float64Array(r.buckets.length);
    const reqCount = new Float64Array(r.requirements.length);
    let uncertainStudents = 0;
    let fillUncertain = false;
    let reqUncertain = false;
    const missingCourses = new Set<string>();
    for (const s of students) {
      if (s.uncertain.includes(r.id)) {
        uncertainStudents++;
        for (const c of s.untyped) missingCourses.add(c);
        if (fillCouldRise(s.measures[r.id])) fillUncertain = true;
        if (s.measures[r.id].requirementsMet === false) reqUncertain = true;
      }
      const m = s.measures[r.id];
      distribution[m.slotsFilled]++;
      filled += m.slotsFilled;
      points += m.points;
      if (m.emptySlots === 0) full++;
      if (m.requirementsMet) reqMet++;
      if (m.discounted.length > 0) discounting++;
      m.buckets.forEach((b, i) => { bucketFilled[i] += b.filled; if (b.filled < b.slots) bucketEmptyStudents[i]++; });
      m.requirements.forEach((q, i) => { if (q.met) reqCount[i]++; });
    }
    return {
      ruleSet: r.id, name: r.name, status: r.status, note: r.note, slots,
      maxPoints: r.buckets.reduce((acc, b) => acc + b.slots * b.weight, 0),
      meanSlotsFilled: n ? round(filled / n) : 0,
      meanPoints: n ? round(points / n) : 0,
      distribution,
      fullFillRate: n && slots ? round(full / n) : 0,
      buckets: r.buckets.map((b, i) => ({
        id: b.id, label: b.label, slots: b.slots,
        meanFilled: n ? round(bucketFilled[i] / n) : 0,
        emptySlots: b.slots * n - bucketFilled[i],
        studentsWithEmpty: bucketEmptyStudents[i],
      })),
      requirementsMetRate: r.requirements.length ? (n ? round(reqMet / n) : 0) : null,
      requirements: r.requirements.map((q, i) => ({ id: q.id, label: q.label, metRate: n ? round(reqCount[i] / n) : 0 })),
      studentsWithDiscounting: discounting,
      missing: uncertainStudents === 0 ? null : {
        ...missingData(cat.courseOrder, missingCourses, uncertainStudents), fill: fillUncertain, requirements: reqUncertain,
      },
    };
  });

  const techDist: number[] = [0];
  let techEntered = 0;
  let techCounted = 0;
  let techAny = 0;
  const early = new Map<string, { course: string; entryYear: number; students: number; blockingLaterEntries: number; message: string }>();
  const collisionTotals = new Map<string, { code: string; qualifications: Set<string>; students: number }>();
  for (const s of students) {
    const k = s.technicalAwards.entered;
    while (techDist.length <= k) techDist.push(0);
    techDist[k]++;
    techEntered += k;
    techCounted += s.technicalAwards.countedInFirstRuleSet;
    if (k > 0) techAny++;
    for (const w of s.warnings) {
      const e = early.get(w.course) ?? {
        course: w.course, entryYear: w.entryYear, students: 0, blockingLaterEntries: 0,
        message: `${cat.courses.get(w.course)?.name ?? w.course} is entered at the end of Year ${w.entryYear}: for its students that first entry is the ` +
          `one that counts, and a later entry in the same subject cannot replace it.`,
      };
      e.students++;
      if (w.blocks.length) e.blockingLaterEntries++;
      early.set(w.course, e);
    }
    for (const c of s.collisions) {
      const e = collisionTotals.get(c.code) ?? { code: c.code, qualifications: new Set<string>(), students: 0 };
      for (const q of c.qualifications) e.qualifications.add(q);
      e.students++;
      collisionTotals.set(c.code, e);
    }
  }

  const equity = equityReport(equityStudents, fillIds, reqIds, { minGroupForGap: options.minGroupForGap, worstOff: options.worstOff });
  const cost = costOffer(scenario, result, options);
  const fullySatisfied = students.filter((s) => s.fullySatisfied).length;
  const choices = students.reduce((acc, s) => acc + s.choices, 0);
  const choicesMet = students.reduce((acc, s) => acc + s.choicesMet, 0);
  const a8 = measuresTotals.find((m) => m.ruleSet === 'a8');
  const ebacc = measuresTotals.find((m) => m.ruleSet === 'ebacc');
  const affected = measuresTotals.filter((m) => m.missing !== null);
  const affectedCourses = new Set(affected.flatMap((m) => m.missing!.courses));
  const summary: OfferSummary = {
    students: n,
    fullySatisfied,
    fullySatisfiedRate: n ? round(fullySatisfied / n) : 0,
    choices,
    choicesMet,
    choicesMetRate: choices ? round(choicesMet / choices) : 1,
    reservesUsed: students.reduce((acc, s) => acc + s.reservesUsed, 0),
    groups: cost.groups,
    teacherPeriods: cost.perYear.teacherPeriods,
    fte: cost.perYear.fte,
    averageClassSize: cost.averageClassSize,
    annualCost: cost.perYear.annualCost,
    // A figure resting on untyped courses is not known: null, as for a rule set not applied.
    ebaccHistoricRate: ebacc && !ebacc.missing?.requirements ? ebacc.requirementsMetRate : null,
    meanA8SlotFill: a8 && !a8.missing?.fill ? a8.meanSlotsFilled : null,
    meanA8Points: a8 && !a8.missing?.fill ? a8.meanPoints : null,
    biggestEquityGap: equity.biggestGap,
    biggestA8FillGap: a8 && !a8.missing?.fill ? equity.biggestGaps['fill:a8'] ?? null : null,
    needsData: affected.length === 0 ? null : {
      ruleSets: affected.map((m) => m.ruleSet),
      courses: [...affectedCourses].sort((x, y) => (cat.courseOrder.get(x) ?? 0) - (cat.courseOrder.get(y) ?? 0)),
      message: `${affected.map((m) => m.name).join(', ')}: needs data. ` + missingData(cat.courseOrder, affectedCourses, 0).message,
    },
    inferredCourses: cat.inferred.length,
  };

  return {
    format: 'ks4-analysis/1',
    scenario: scenario.name,
    core: cat.core,
    notices,
    courseTypes: {
      inferred: cat.inferred,
      untyped: scenario.courses.filter((c) => cat.untyped.has(c.id)).map((c) => ({
        course: c.id, name: c.name, students: students.filter((s) => s.untyped.includes(c.id)).length,
      })),
    },
    students,
    totals: {
      summary,
      measures: measuresTotals,
      technicalAwards: { studentsWithAny: techAny, distribution: techDist, entered: techEntered, countedInFirstRuleSet: techCounted },
      earlyEntries: [...early.values()].sort((x, y) => (x.course < y.course ? -1 : 1)),
      collisions: [...collisionTotals.values()]
        .map((c) => ({ code: c.code, qualifications: [...c.qualifications], students: c.students }))
        .sort((x, y) => (x.code < y.code ? -1 : 1)),
      equity,
      cost,
    },
  };
}

/** Could entering one more qualification raise this outcome's fill or points? */
function fillCouldRise(m: RuleSetOutcome): boolean {
  return m.slots > 0 && (m.emptySlots > 0 || m.points < m.maxPoints);
}

function missingData(order: ReadonlyMap<string, number>, courses: ReadonlySet<string>, students: number): Omit<MissingData, 'fill' | 'requirements'> {
  const ids = [...courses].sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0));
  const shown = ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, ...` : ids.join(', ');
  return {
    courses: ids,
    students,
    message: `${ids.length} course${ids.length === 1 ? ' has' : 's have'} no qualification type (${shown}): accountability figures need ${ids.length === 1 ? 'it' : 'them'}` +
      (students > 0 ? `; ${students} student${students === 1 ? '' : 's'} could count once ${ids.length === 1 ? 'it has' : 'they have'} one.` : '.'),
  };
}

/** Headline figures of an analysis, for the planner's scenario comparison. */
export function summariseAnalysis(analysis: OfferAnalysis): OfferSummary {
  return analysis.totals.summary;
}

/** Headline figures of an offer: fully satisfied, choices met, groups, staffing, cost, EBacc %, A8 fill, biggest gap. */
export function summariseOffer(scenario: Scenario, result: Result, options: AnalysisOptions = {}): OfferSummary {
  return analyseOffer(scenario, result, options).totals.summary;
}

export type { Discounted };

/** The speed target: the 360-student sample analysed in under this many milliseconds. */
export const ANALYSIS_TARGET_MS = 200;

export interface AnalysisTiming {
  students: number;
  runs: number;
  /** The first run, with the JIT cold: what a user waits for the first time the results screen opens. */
  firstMs: number;
  /** Median of the runs after the first. */
  medianMs: number;
  /** Fastest run after the first: the least disturbed by other work on the machine. */
  bestMs: number;
  targetMs: number;
  /** The first run and the median both within the target. */
  withinTarget: boolean;
}

/**
 * For the benchmark (test/bench): times `analyseOffer` on one scenario and its result, `runs` times
 * (at least 2). Wall-clock times from performance.now(), so run it alone on a quiet machine.
 */
export function benchmarkAnalysis(scenario: Scenario, result: Result, runs = 5, options: AnalysisOptions = {}): AnalysisTiming {
  const n = Math.max(2, Math.floor(runs));
  const times: number[] = [];
  let students = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    students = analyseOffer(scenario, result, options).students.length;
    times.push(performance.now() - t0);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const mid = rest.length >> 1;
  const medianMs = rest.length % 2 ? rest[mid] : (rest[mid - 1] + rest[mid]) / 2;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    students, runs: n, firstMs: r1(times[0]), medianMs: r1(medianMs), bestMs: r1(rest[0]), targetMs: ANALYSIS_TARGET_MS,
    withinTarget: times[0] < ANALYSIS_TARGET_MS && medianMs < ANALYSIS_TARGET_MS,
  };
}
