/**
 * The rules of docs/format.md that a hand edit of the blocking (add, move or remove a group) must keep, checked
 * before the edit in a head's words, and after the re-seat with the project's independent checker
 * (data/checker.ts, which shares no code with the solver). Pure functions of the scenario and result.
 */
import { checkResult, type CheckViolation } from '../../data/checker';
import type { Course, Result, ResultGroup, ResultStudent, Scenario } from '../../solver';

const yearsOf = (scenario: Scenario, course: Course): number[] => course.years ?? scenario.years ?? [10, 11];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const courseName = (c: Course) => c.name || c.id;

/** Whether a group of `course` may be added in `blocks`, or why not (with what to do about it). */
export function addRefusal(scenario: Scenario, result: Result, course: Course, blocks: string[]): string | null {
  if ((course as { withdrawn?: unknown }).withdrawn) return `${courseName(course)} has been withdrawn from the offer, so it runs no groups.`;
  const own = result.groups.filter((g) => g.course === course.id);
  if (course.maxGroups !== undefined && own.length + 1 > course.maxGroups) {
    return course.maxGroups === 0
      ? `${courseName(course)} allows no groups (its maximum is 0). Raise its maximum on the Offer screen?`
      : `${courseName(course)} allows at most ${plural(course.maxGroups, 'group')} and runs ${own.length} already. Raise its maximum on the Offer screen?`;
  }
  const perBlock = blockCapRefusal(course, own, blocks);
  if (perBlock) return perBlock;
  const limit = scenario.limits?.maxGroups;
  if (typeof limit === 'number') {
    for (const y of yearsOf(scenario, course)) {
      const n = result.groups.filter((g) => (g.years ?? scenario.years ?? [10, 11]).includes(y)).length;
      if (n + 1 > limit) return `Year ${y} already runs ${n} groups, the budget of the scenario (at most ${limit}). Raise the group budget on the Offer screen, or remove a group first?`;
    }
  }
  return null;
}

function blockCapRefusal(course: Course, others: ResultGroup[], blocks: string[]): string | null {
  const cap = course.maxGroupsPerBlock;
  if (cap === undefined) return null;
  for (const b of blocks) {
    const n = others.filter((g) => g.blocks.includes(b)).length;
    if (n + 1 > cap) return `${courseName(course)} allows at most ${plural(cap, 'group')} in one block, and block ${b} has ${n} already. Raise its maximum per block on the Offer screen?`;
  }
  return null;
}

/** Whether group `g` may move to `blocks`, or why not. */
export function moveRefusal(_scenario: Scenario, result: Result, course: Course, g: ResultGroup, blocks: string[]): string | null {
  return blockCapRefusal(course, result.groups.filter((x) => x.course === course.id && x.id !== g.id), blocks);
}

/** Whether group `g` may be removed, or why not. */
export function removeRefusal(result: Result, course: Course | undefined, g: ResultGroup): string | null {
  if (!course) return null;
  const own = result.groups.filter((x) => x.course === course.id).length;
  if (course.minGroups !== undefined && own - 1 < course.minGroups) {
    return `${courseName(course)} must run at least ${plural(course.minGroups, 'group')} (its minimum on the Offer screen), so ${g.id} cannot be removed. Lower its minimum first?`;
  }
  return null;
}

/** Every rule the result breaks, by the independent checker. */
export function violations(scenario: Scenario, result: Result): CheckViolation[] {
  return checkResult(scenario, result).violations;
}

const checkMemo = new WeakMap<Result, { scenario: Scenario; violations: CheckViolation[] }>();
/** The same, memoised on the result object (for the banner on every screen). */
export function violationsMemo(scenario: Scenario, result: Result): CheckViolation[] {
  const hit = checkMemo.get(result);
  if (hit && hit.scenario === scenario) return hit.violations;
  const v = violations(scenario, result);
  checkMemo.set(result, { scenario, violations: v });
  return v;
}

/**
 * Why the re-seated blocking cannot stand, in words: for a group left without a teacher, which teachers
 * could teach it and what each is doing in that block ("No DT teacher is free in block D: Mr Shaw
 * teaches DT-2 there."); otherwise the checker's own sentences.
 */
export function explainViolations(scenario: Scenario, result: Result, list: CheckViolation[]): string {
  const lines: string[] = [];
  for (const v of list) {
    const m = /^Group (\S+) \((\S+)\) is taught at home but has no teacher/.exec(v.message);
    if (m) {
      lines.push(noTeacherWhy(scenario, result, m[1]));
      continue;
    }
    const r = /^Group (\S+) \((\S+)\) needs (.+) but has none/.exec(v.message);
    if (r) {
      const g = result.groups.find((x) => x.id === r[1]);
      lines.push(`${r[1]} needs ${r[3]}, and none is free in block ${g?.blocks.join('+') ?? '?'}.`);
      continue;
    }
    lines.push(`${v.message}.`);
  }
  const unique = [...new Set(lines)];
  return unique.slice(0, 3).join(' ') + (unique.length > 3 ? ` (and ${unique.length - 3} more)` : '');
}

function noTeacherWhy(scenario: Scenario, result: Result, groupId: string): string {
  const g = result.groups.find((x) => x.id === groupId);
  const course = scenario.courses.find((c) => c.id === g?.course);
  if (!g || !course) return `${groupId} has no teacher.`;
  const able = (scenario.staff ?? []).filter((t) => t.courses.includes(course.id));
  const where = `block ${g.blocks.join('+')}`;
  if (able.length === 0) return `Nobody on the staff list can teach ${courseName(course)}.`;
  const why = able.map((t) => {
    const name = t.name || t.id;
    const clash = result.groups.find((o) => o.id !== g.id && o.staff.includes(t.id) && o.blocks.some((b) => g.blocks.includes(b)) && o.years.some((y) => g.years.includes(y)));
    if (clash) return `${name} teaches ${clash.id} there`;
    const off = (t.unavailable ?? []).find((u) => g.blocks.includes(u.block) && (u.year === undefined || g.years.includes(u.year)));
    if (off) return `${name} is unavailable in block ${off.block}`;
    if (t.maxGroups !== undefined) {
      const n = result.groups.filter((o) => o.id !== g.id && o.staff.includes(t.id)).length;
      if (n >= t.maxGroups) return `${name} already teaches ${t.maxGroups} group${t.maxGroups === 1 ? '' : 's'}, their most`;
    }
    return `${name} could not be given it`;
  });
  return `No ${courseName(course)} teacher is free in ${where}: ${why.join('; ')}.`;
}

/** Lexicographic comparison of docs/format.md's aims: fully satisfied, choices met, reserves used. Positive when a is better. */
export function compareFigures(a: Result, b: Result): number {
  const x = a.summary;
  const y = b.summary;
  return x.fullySatisfied - y.fullySatisfied || x.choicesMet - y.choicesMet || x.reservesUsed - y.reservesUsed;
}

/**
 * The old seating carried into the new blocking: each group of `next` keeps the students its namesake in
 * `old` had, except students who would now sit in two groups sharing a block and year (they lose the later
 * of the two). Students' records and the summary's counts are recomputed. Used to keep the better of this
 * and the re-seat's short search, so removing a just-added empty group gives back the figures exactly.
 */
export function carryOldSeating(scenario: Scenario, old: Result, next: Result): Result {
  const oldById = new Map(old.groups.map((g) => [g.id, g]));
  const choices = new Map(scenario.students.map((s) => [s.id, s]));
  const taken = new Map<string, { blocks: string[]; years: number[]; course: string }[]>();
  const groups: ResultGroup[] = next.groups.map((g) => {
    const was = oldById.get(g.id);
    const students: string[] = [];
    if (was && was.course === g.course) {
      for (const sid of was.students) {
        if (!choices.has(sid)) continue;
        const mine = taken.get(sid) ?? [];
        if (mine.some((m) => m.course === g.course || (m.blocks.some((b) => g.blocks.includes(b)) && m.years.some((y) => g.years.includes(y))))) continue;
        mine.push({ blocks: g.blocks, years: g.years, course: g.course });
        taken.set(sid, mine);
        students.push(sid);
      }
    }
    return { ...g, students };
  });
  const placedBy = new Map<string, Record<string, string>>();
  for (const g of groups) for (const sid of g.students) placedBy.set(sid, { ...(placedBy.get(sid) ?? {}), [g.course]: g.id });
  const oldStudents = new Map(old.students.map((s) => [s.id, s]));
  let fully = 0;
  let met = 0;
  let total = 0;
  let reservesUsed = 0;
  const students: ResultStudent[] = scenario.students.map((st) => {
    const placed = placedBy.get(st.id) ?? {};
    // Own keys only: a course called toString is placed only when the map holds it.
    const unmet = st.choices.filter((c) => !Object.hasOwn(placed, c));
    const reserves = (st.reserves ?? []).filter((c) => Object.hasOwn(placed, c) && !st.choices.includes(c));
    total += st.choices.length;
    met += st.choices.length - unmet.length;
    reservesUsed += reserves.length;
    if (unmet.length === 0) fully++;
    const out: ResultStudent = { ...(oldStudents.get(st.id) ?? {}), id: st.id, placed, unmet, reserves };
    if (JSON.stringify(oldStudents.get(st.id)?.unmet ?? null) !== JSON.stringify(unmet)) delete (out as { reasons?: unknown }).reasons;
    return out;
  });
  const summary = { ...next.summary, students: scenario.students.length, fullySatisfied: fully, choices: total, choicesMet: met, reservesUsed, groups: groups.length };
  // A bound proven for the re-seat's groups holds for any seating of them; one made for other groups may not.
  if (summary.upperBound !== undefined && summary.upperBound < fully) delete summary.upperBound;
  return { ...next, groups, students, summary };
}
