/**
 * The consortium check (docs/consortium.md, "What a joint plan keeps"), written apart from the solver: it reads
 * only the consortium, the members' scenarios and the parts, and shares no code with solver/consortium/.
 *
 * 1. Every member has one part, for this consortium, whose shared courses and sites are the member view's.
 * 2. Each part's result passes the project's independent checker (data/checker.ts) as an ordinary result for
 *    the member view (the school's scenario with the shared courses in place of its stand-ins).
 * 3. A shared group is the same in every part that can hold it: the same column in every member with places
 *    and a block there, a column the course allows; its pupils across the members within its size limits;
 *    the course's groups between its minGroups and maxGroups.
 * 4. Each member's pupils in a shared course within its places.
 * 5. Travel: away courses (shared courses hosted elsewhere) only in common columns, at most maxAwayCourses a
 *    pupil; around an away course between far-apart places, the pupil's columns before and after free.
 * 6. The figures a part carries (pupils, fully satisfied, choices met, travelling, places used) are its
 *    result's, since the planner's dashboard and the command line show them as they are.
 */
import type { Scenario } from '../solver/types';
import type { Consortium, ConsortiumPart } from '../solver/consortium/types';
import { checkResult } from './checker';
import { memberView, memberViewAdditions, sharedColumns } from './consortium';

export interface ConsortiumViolation {
  /** The member whose part breaks the rule, or undefined for the consortium as a whole. */
  member?: string;
  message: string;
}

export interface ConsortiumCheck {
  ok: boolean;
  violations: ConsortiumViolation[];
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

/** `scenarios[i]` is members[i]'s scenario as the parts name its pupils (its own, or its demand file's). */
export function checkConsortium(c: Consortium, scenarios: readonly Scenario[], parts: readonly ConsortiumPart[]): ConsortiumCheck {
  const violations: ConsortiumViolation[] = [];
  const bad = (member: string | undefined, message: string): void => {
    violations.push({ member, message });
  };
  const partOf = new Map<string, ConsortiumPart>();
  for (const p of parts) {
    if (p.consortium !== c.id) bad(p.member, `The part of member ${p.member} is of consortium ${p.consortium}, not ${c.id}.`);
    else if (partOf.has(p.member)) bad(p.member, `Member ${p.member} has two parts.`);
    else partOf.set(p.member, p);
  }
  const columnOfBlock = (member: string, block: string): string | undefined => c.columns.find((x) => x.blocks[member] === block)?.id;
  const order = new Map(c.columns.map((x, i) => [x.id, i]));
  const shared = new Map(c.sharedCourses.map((s) => [s.id, s]));

  // 1 and 2, and each member's use of the shared courses for 3 to 5.
  /** shared group id -> member -> { column, pupils } */
  const sharedGroups = new Map<string, Map<string, { course: string; column: string | undefined; pupils: number }>>();
  c.members.forEach((member, i) => {
    const part = partOf.get(member.id);
    if (!part) {
      bad(member.id, `Member ${member.id} has no part. Maybe a file is missing from the list?`);
      return;
    }
    const additions = memberViewAdditions(c, member.id, scenarios[i]);
    if (canonical(additions.courses) !== canonical(part.courses) || canonical(additions.sites) !== canonical(part.sites)) {
      bad(member.id, `The shared courses or sites in member ${member.id}'s part are not those the consortium gives it. Maybe the part was edited, or solved from another consortium file?`);
    }
    const view = memberView(scenarios[i], additions);
    const outcome = checkResult(view, part.result);
    for (const v of outcome.violations) bad(member.id, `Member ${member.id} (rule ${v.rule}): ${v.message}`);

    const used = new Map<string, number>();
    for (const g of part.result.groups) {
      const course = shared.get(g.course);
      if (!course) continue;
      const column = columnOfBlock(member.id, g.blocks[0]);
      if (column === undefined) bad(member.id, `Shared group ${g.id} (${g.course}) sits in block ${g.blocks[0]} of member ${member.id}, which is in no common column.`);
      else if (!sharedColumns(c, course).includes(column)) bad(member.id, `Shared group ${g.id} (${g.course}) sits in column ${column}, which course ${g.course} may not use.`);
      const byMember = sharedGroups.get(g.id) ?? new Map();
      byMember.set(member.id, { course: g.course, column, pupils: g.students.length });
      sharedGroups.set(g.id, byMember);
      used.set(g.course, (used.get(g.course) ?? 0) + g.students.length);
    }
    // 6. The figures the part carries (what the dashboard and `ks4 consortium solve` show) are its result's.
    const s = part.result.students;
    const full = s.filter((st) => st.unmet.length === 0).length;
    const travelling = s.filter((st) => Object.keys(st.placed).some((course) => shared.has(course) && shared.get(course)!.host !== member.id)).length;
    const f = part.figures;
    const said: [string, number, number][] = [
      ['students', f.students, s.length],
      ['fullySatisfied', f.fullySatisfied, full],
      ['choices', f.choices, part.result.summary.choices],
      ['choicesMet', f.choicesMet, part.result.summary.choicesMet],
      ['travelling', f.travelling, travelling],
    ];
    for (const [name, shown, actual] of said) {
      if (shown !== actual) bad(member.id, `Member ${member.id}'s part says figures.${name} ${shown}, but its result has ${actual}.`);
    }
    for (const course of c.sharedCourses) {
      const shown = f.placesUsed[course.id];
      const actual = used.get(course.id) ?? 0;
      if ((shown ?? 0) !== actual) bad(member.id, `Member ${member.id}'s part says figures.placesUsed.${course.id} ${shown ?? 'nothing'}, but its result has ${actual} of its pupils in ${course.id}.`);
    }
    // 4. Places.
    for (const [courseId, n] of used) {
      const limit = shared.get(courseId)!.places[member.id] ?? 0;
      if (n > limit) bad(member.id, `Member ${member.id} has ${n} pupils in shared course ${courseId}, over its ${limit} places.`);
    }
    // 5. Travel.
    const maxAway = c.travel?.maxAwayCourses;
    const groupById = new Map(part.result.groups.map((g) => [g.id, g]));
    for (const st of part.result.students) {
      const away = Object.entries(st.placed).filter(([course]) => shared.has(course) && shared.get(course)!.host !== member.id);
      if (maxAway !== undefined && away.length > maxAway) bad(member.id, `Pupil ${st.id} of member ${member.id} has ${away.length} away courses, over the ${maxAway} allowed.`);
      for (const [course, groupId] of away) {
        const host = shared.get(course)!.host;
        const rule = (c.travel?.farApart ?? []).find((f) => (f.between[0] === member.id && f.between[1] === host) || (f.between[1] === member.id && f.between[0] === host));
        const group = groupById.get(groupId);
        if (!rule || !group) continue;
        const column = columnOfBlock(member.id, group.blocks[0]);
        if (column === undefined) continue;
        const at = order.get(column)!;
        const free = new Set<string>();
        for (let d = 1; d <= (rule.freeBefore ?? 0); d++) if (at - d >= 0) free.add(c.columns[at - d].id);
        for (let d = 1; d <= (rule.freeAfter ?? 0); d++) if (at + d < c.columns.length) free.add(c.columns[at + d].id);
        for (const [other, otherGroup] of Object.entries(st.placed)) {
          if (other === course) continue;
          const og = groupById.get(otherGroup);
          for (const b of og?.blocks ?? []) {
            const oc = columnOfBlock(member.id, b);
            if (oc !== undefined && free.has(oc)) bad(member.id, `Pupil ${st.id} of member ${member.id} has ${other} in column ${oc}, which must stay free around away course ${course} in column ${column} (${member.id} and ${host} are far apart).`);
          }
        }
      }
    }
  });

  // 3. Shared groups identical, sizes and counts across the consortium.
  const groupsPerCourse = new Map<string, number>();
  for (const [groupId, byMember] of sharedGroups) {
    const entries = [...byMember];
    const courseId = entries[0][1].course;
    const course = shared.get(courseId)!;
    const columns = new Set(entries.map(([, e]) => e.column));
    if (entries.some(([, e]) => e.course !== courseId)) bad(undefined, `Shared group ${groupId} belongs to different courses in different parts.`);
    if (columns.size > 1) bad(undefined, `Shared group ${groupId} (${courseId}) sits in different columns in different parts: ${entries.map(([m, e]) => `${m} ${e.column}`).join(', ')}.`);
    const column = entries[0][1].column;
    const col = c.columns.find((x) => x.id === column);
    for (const [memberId, n] of Object.entries(course.places)) {
      if (n > 0 && col?.blocks[memberId] !== undefined && partOf.has(memberId) && !byMember.has(memberId)) bad(memberId, `Shared group ${groupId} (${courseId}) is missing from member ${memberId}'s part, which has places in it and a block in column ${column}.`);
    }
    const pupils = entries.reduce((n, [, e]) => n + e.pupils, 0);
    if (pupils > course.maxGroupSize) bad(undefined, `Shared group ${groupId} (${courseId}) holds ${pupils} pupils across the schools, over its maxGroupSize ${course.maxGroupSize}.`);
    if (pupils > 0 && pupils < (course.minGroupSize ?? 0)) bad(undefined, `Shared group ${groupId} (${courseId}) holds ${pupils} pupils across the schools, under its minGroupSize ${course.minGroupSize}.`);
    groupsPerCourse.set(courseId, (groupsPerCourse.get(courseId) ?? 0) + 1);
  }
  for (const course of c.sharedCourses) {
    const n = groupsPerCourse.get(course.id) ?? 0;
    if (n < (course.minGroups ?? 0)) bad(undefined, `Shared course ${course.id} runs ${n} groups, under its minGroups ${course.minGroups}.`);
    if (course.maxGroups !== undefined && n > course.maxGroups) bad(undefined, `Shared course ${course.id} runs ${n} groups, over its maxGroups ${course.maxGroups}.`);
  }
  return { ok: violations.length === 0, violations };
}
