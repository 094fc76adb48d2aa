/**
 * Publishing: turn a scenario and its result into the offer students preview (solver/offer.ts).
 * Personal data must not leak, so everything is copied field by field from a whitelist: course and rule
 * fields that describe the curriculum, group placements and free places. Students, staff, rooms, group
 * student lists, unknown extra fields and the result's diagnostics are never read into the offer. Group ids
 * are renumbered per course ("HIS-1", "HIS-2", in block order) so no planner-made id can carry a name.
 * Two counts over the cohort say how many courses and reserves to ask for (`ask`, see askCounts).
 */
import type { Course, Result, Scenario } from './types';
import { isCountRule, isEligibilityRule, isNotTogetherRule, suggest, type ChoiceRule } from './rules';
import { OFFER_FORMAT, type Offer, type OfferAsk, type OfferCourse, type OfferGroup, type OfferPathway } from './offer';

export class PublishError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot publish this offer:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'PublishError';
  }
}

export interface PublishOptions {
  /** Keep the result's group ids instead of renumbering (the planner's own views; never for students). */
  keepGroupIds?: boolean;
  /** Count this student's seats as free (explain.ts asks "could they fit if re-seated?"). */
  releaseStudent?: string;
  /** Count these students' seats as free: an options round's pupils are the ones choosing (web/round/round-offer.ts). */
  releaseStudents?: ReadonlySet<string>;
}

const DEFAULT_YEARS = [10, 11];

/** Copy a rule keeping only the fields of its form: nothing else rides along into a public file. */
export function cleanRule(raw: unknown): ChoiceRule | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const rule = raw as ChoiceRule;
  const message = typeof rule.message === 'string' ? { message: rule.message } : {};
  if (isCountRule(rule)) {
    return {
      ...(rule.min !== undefined ? { min: rule.min } : {}),
      ...(rule.max !== undefined ? { max: rule.max } : {}),
      from: rule.from.filter((x) => typeof x === 'string'),
      ...message,
    };
  }
  if (isNotTogetherRule(rule)) return { notTogether: rule.notTogether.filter((x) => typeof x === 'string'), ...message };
  if (isEligibilityRule(rule)) {
    const e = rule.eligible;
    return {
      eligible: {
        attribute: e.attribute,
        ...(e.in !== undefined ? { in: [...e.in] } : {}),
        ...(e.notIn !== undefined ? { notIn: [...e.notIn] } : {}),
        ...(e.min !== undefined ? { min: e.min } : {}),
        ...(e.max !== undefined ? { max: e.max } : {}),
      },
      courses: rule.courses.filter((x) => typeof x === 'string'),
      ...message,
    };
  }
  return undefined;
}

/** The scenario's optional cohort-wide `rules` (an addition of this project; see solver/rules.ts). */
export function scenarioRules(scenario: Scenario): unknown[] {
  const rules = (scenario as { rules?: unknown }).rules;
  return Array.isArray(rules) ? rules : [];
}

/** Build the published offer. Throws PublishError when the result does not belong to the scenario. */
export function publishOffer(scenario: Scenario, result: Result, options: PublishOptions = {}): Offer {
  const problems: string[] = [];
  const years = scenario.years && scenario.years.length > 0 ? [...scenario.years] : [...DEFAULT_YEARS];
  const blockIndex = new Map(scenario.blocks.map((b, i) => [b, i] as const));
  const courseById = new Map<string, Course>(scenario.courses.map((c) => [c.id, c] as const));
  const courseIds = scenario.courses.map((c) => c.id);

  // Students seated per course (for quotas); a released student's seats are not counted.
  const release = options.releaseStudent;
  const released = (s: string) => s === release || options.releaseStudents?.has(s) === true;
  const seated = new Map<string, number>();
  result.groups.forEach((g, i) => {
    const course = courseById.get(g.course);
    if (!course) {
      const hint = suggest(g.course, courseIds);
      problems.push(`Result group ${g.id} names course ${g.course}, which is not in the scenario (groups[${i}].course).${hint ? ` Maybe you meant ${hint}?` : ' Maybe the result belongs to another scenario?'}`);
      return;
    }
    for (const b of g.blocks) {
      if (!blockIndex.has(b)) problems.push(`Result group ${g.id} sits in block ${b}, which is not one of the scenario's blocks ${scenario.blocks.join(', ')} (groups[${i}].blocks).`);
    }
    const n = g.students.filter((s) => !released(s)).length;
    seated.set(g.course, (seated.get(g.course) ?? 0) + n);
  });
  if (problems.length > 0) throw new PublishError(problems);

  const courses: OfferCourse[] = scenario.courses.map((c) => {
    const out: OfferCourse = {
      id: c.id,
      name: c.name,
      kind: c.kind ?? 'GCSE',
      tags: [...(c.tags ?? [])],
      ...(c.department !== undefined ? { department: c.department } : {}),
      years: c.years && c.years.length > 0 ? [...c.years] : [...years],
      span: c.span === 2 ? 2 : 1,
      site: c.site ?? 'home',
      ...(c.discountCode !== undefined ? { discountCode: c.discountCode } : {}),
    };
    if (c.places !== undefined) out.placesLeft = Math.max(0, c.places - (seated.get(c.id) ?? 0));
    return out;
  });

  // Groups in course order, then block order, numbered per course.
  const order = result.groups
    .map((g, i) => ({ g, i }))
    .sort((x, y) => {
      const cx = courseIds.indexOf(x.g.course);
      const cy = courseIds.indexOf(y.g.course);
      if (cx !== cy) return cx - cy;
      const bx = Math.min(...x.g.blocks.map((b) => blockIndex.get(b)!));
      const by = Math.min(...y.g.blocks.map((b) => blockIndex.get(b)!));
      return bx !== by ? bx - by : x.i - y.i;
    });
  const perCourse = new Map<string, number>();
  const groups: OfferGroup[] = order.map(({ g }) => {
    const course = courseById.get(g.course)!;
    const n = (perCourse.get(g.course) ?? 0) + 1;
    perCourse.set(g.course, n);
    const sitting = g.students.filter((s) => !released(s)).length;
    return {
      id: options.keepGroupIds ? g.id : `${g.course}-${n}`,
      course: g.course,
      blocks: [...g.blocks].sort((a, b) => blockIndex.get(a)! - blockIndex.get(b)!),
      years: g.years && g.years.length > 0 ? [...g.years] : course.years && course.years.length > 0 ? [...course.years] : [...years],
      free: Math.max(0, course.maxGroupSize - sitting),
    };
  });

  const pathways: OfferPathway[] = (scenario.pathways ?? []).map((p) => ({
    id: p.id,
    name: p.name,
    ...(p.choices !== undefined ? { choices: p.choices } : {}),
    rules: (p.rules ?? []).map(cleanRule).filter((r): r is ChoiceRule => r !== undefined),
  }));

  const offer: Offer = {
    format: OFFER_FORMAT,
    name: scenario.name,
    blocks: [...scenario.blocks],
    years,
    courses,
    groups,
    pathways,
    rules: scenarioRules(scenario).map(cleanRule).filter((r): r is ChoiceRule => r !== undefined),
  };
  if (scenario.sites && scenario.sites.length > 0) offer.sites = scenario.sites.map((s) => ({ id: s.id, name: s.name }));
  const ask = askCounts(scenario);
  if (ask) offer.ask = ask;
  return offer;
}

/**
 * How many courses and reserves the student page asks for: the number of choices most students made (a
 * tie goes to the larger) and the most reserves any student gave. Only these two counts are read from the
 * students; nothing about any one of them reaches the offer. Undefined when there are no students; no
 * reserveChoices when no student gave a reserve.
 */
export function askCounts(scenario: Scenario): OfferAsk | undefined {
  const students = scenario.students ?? [];
  if (students.length === 0) return undefined;
  const tally = new Map<number, number>();
  let reserves = 0;
  for (const s of students) {
    const n = s.choices.length;
    tally.set(n, (tally.get(n) ?? 0) + 1);
    reserves = Math.max(reserves, s.reserves?.length ?? 0);
  }
  let choices = 0;
  let best = -1;
  for (const [n, count] of tally) if (count > best || (count === best && n > choices)) [choices, best] = [n, count];
  // No reserves in the data says nothing about whether the school asks for them: leave the page's default.
  return { choices, ...(reserves > 0 ? { reserveChoices: reserves } : {}) };
}

/** Warnings worth printing but not stopping for: a result made for a differently named scenario. */
export function publishWarnings(scenario: Scenario, result: Result): string[] {
  const out: string[] = [];
  if (result.scenario !== scenario.name) {
    out.push(`The result was made for scenario "${result.scenario}" but this scenario is "${scenario.name}". Publishing anyway; check the files belong together.`);
  }
  return out;
}
