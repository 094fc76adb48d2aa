/**
 * Figures derived from a scenario and its result, memoised on the result object (results are never
 * mutated, so a new object means new figures). Shared by the Results and Scenarios screens and the tests.
 */
import {
  analyseOffer, type OfferAnalysis, cohortBreaches, type CohortBreach, type Result, type Scenario,
} from '../../solver';
import { resultForScenario } from './basis';

const analysisMemo = new WeakMap<Result, { scenario: Scenario; value: OfferAnalysis | { error: string } }>();

/** The issue-5 analysis of an offer, or the reason it could not be made (a result from another scenario). */
export function analysisOf(scenario: Scenario, result: Result): OfferAnalysis | { error: string } {
  const hit = analysisMemo.get(result);
  if (hit && hit.scenario === scenario) return hit.value;
  let value: OfferAnalysis | { error: string };
  try {
    // An out-of-date result may still seat pupils removed since: the figures are of the pupils there now.
    value = analyseOffer(scenario, resultForScenario(scenario, result));
  } catch (e) {
    value = { error: e instanceof Error ? e.message : String(e) };
  }
  analysisMemo.set(result, { scenario, value });
  return value;
}

/**
 * How often each pair of courses is chosen together, for the clash heat map.
 * Layout: `counts[i * n + j]` for course indices i, j in `courses` order; the diagonal holds how many
 * students chose the course at all. Reserves are left out: a clash only matters between choices.
 */
export function clashMatrix(scenario: Scenario): { courses: string[]; counts: Int32Array; max: number } {
  const courses = scenario.courses.map((c) => c.id);
  const index = new Map(courses.map((id, i) => [id, i]));
  const n = courses.length;
  const counts = new Int32Array(n * n);
  for (const st of scenario.students) {
    const ids = [...new Set(st.choices)].map((c) => index.get(c)).filter((i): i is number => i !== undefined);
    for (const i of ids) for (const j of ids) counts[i * n + j]++;
  }
  let max = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && counts[i * n + j] > max) max = counts[i * n + j];
  return { courses, counts, max };
}

export interface StudentChange {
  id: string;
  name?: string;
  gained: string[];
  lost: string[];
  /** Choices met in the base scenario and in the other one. */
  before: number;
  after: number;
}

/** Choices (not reserves) a student got: the courses in `placed` that the student chose. */
function metChoices(scenario: Scenario, result: Result): Map<string, Set<string>> {
  const chosen = new Map(scenario.students.map((s) => [s.id, new Set(s.choices)]));
  const out = new Map<string, Set<string>>();
  for (const s of result.students) {
    const want = chosen.get(s.id);
    if (!want) continue;
    out.set(s.id, new Set(Object.keys(s.placed).filter((c) => want.has(c))));
  }
  return out;
}

/**
 * Which students gain or lose a choice going from `base` to `other`, matched by student id. A student
 * whose choices differ between the two scenarios is compared on what each scenario gives them.
 */
export function studentChanges(base: { scenario: Scenario; result: Result }, other: { scenario: Scenario; result: Result }): StudentChange[] {
  const a = metChoices(base.scenario, base.result);
  const b = metChoices(other.scenario, other.result);
  const names = new Map(other.scenario.students.map((s) => [s.id, s.name]));
  const out: StudentChange[] = [];
  for (const [id, before] of a) {
    const after = b.get(id);
    if (!after) continue;
    const gained = [...after].filter((c) => !before.has(c));
    const lost = [...before].filter((c) => !after.has(c));
    if (gained.length || lost.length) out.push({ id, name: names.get(id), gained, lost, before: before.size, after: after.size });
  }
  // Losses first (what a head must defend), then by id for a stable list.
  return out.sort((x, y) => x.after - x.before - (y.after - y.before) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

const breachMemo = new WeakMap<Scenario, CohortBreach[]>();

/**
 * Every student whose choices break a choice rule (pathway rules and choice counts, the rules for every
 * student, eligibility, shared discount codes), with the rule in words and whether a solve enforces it.
 * Memoised on the scenario object (scenarios are replaced, never mutated). A rule that does not compile
 * (the validation lists it) is skipped rather than thrown. Students with no choices yet are left out.
 */
export function ruleBreaches(scenario: Scenario): CohortBreach[] {
  const hit = breachMemo.get(scenario);
  if (hit) return hit;
  let value: CohortBreach[];
  try {
    // A student with no choices yet (a student list imported before the options round) has made no
    // combination to break a rule: they are counted as not chosen (problems.ts withoutChoicesWarning), not
    // listed once per rule.
    value = cohortBreaches(scenario as Parameters<typeof cohortBreaches>[0]).filter((b) => scenario.students[b.student]?.choices?.length !== 0);
  } catch {
    value = [];
  }
  breachMemo.set(scenario, value);
  return value;
}

/** ruleBreaches grouped by student index. */
export function breachesByStudent(scenario: Scenario): Map<number, CohortBreach[]> {
  const m = new Map<number, CohortBreach[]>();
  for (const b of ruleBreaches(scenario)) {
    const list = m.get(b.student);
    if (list) list.push(b);
    else m.set(b.student, [b]);
  }
  return m;
}

/** Per rule (its source, such as "rules[0]" or "pathways[1].rules[2]"): how many students' choices break it. */
export function breachCountsByRule(scenario: Scenario): Map<string, number> {
  const m = new Map<string, Set<number>>();
  for (const b of ruleBreaches(scenario)) {
    const set = m.get(b.source) ?? new Set<number>();
    set.add(b.student);
    m.set(b.source, set);
  }
  return new Map([...m].map(([k, v]) => [k, v.size]));
}

/** Text folded for search: lower case, accents stripped ("Zoë" and "ZOE" both read "zoe"). */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** How a solve treats a broken rule, in a few words. */
export function breachMode(b: Pick<CohortBreach, 'enforced' | 'kind'>): string {
  if (b.enforced) return b.kind === 'eligible' ? 'enforced: the course is not placed' : 'enforced: the higher-ranked choice is kept';
  return b.kind === 'min' || b.kind === 'choices' || b.kind === 'discountCode' ? 'flagged only' : 'let pass';
}
