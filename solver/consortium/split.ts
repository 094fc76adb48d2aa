/**
 * After the combined solve (reduce.ts): the repair of what the combined scenario cannot say (each member's
 * places in a shared course, far-apart buffers), then the split into one ordinary result a member.
 *
 * The repair works on the combined result's placements: `placed` of each combined pupil (combined course id ->
 * combined group id) and each group's pupil list. It only ever takes pupils out of groups, so every rule the
 * combined result kept stays kept, except a group's minimum size: a group left under it closes (its pupils
 * lose it), which can only take more pupils out.
 */
import type { Result, ResultGroup, ResultStudent, Scenario } from '../types';
import { hostTeachesAtHome, isAway, splitId, sharedId, withheldKey, type JointModel } from './reduce';
import type { ConsortiumPart, MemberFigures } from './types';

interface Working {
  groups: Map<string, ResultGroup>;
  /** Combined pupil id -> combined course -> combined group. */
  placed: Map<string, Map<string, string>>;
  /** Combined pupil id -> combined course ids in the order the pupil wants them (choices, then reserves). */
  wants: Map<string, string[]>;
}

function unseat(w: Working, pupil: string, course: string): void {
  const g = w.placed.get(pupil)?.get(course);
  if (g === undefined) return;
  w.placed.get(pupil)!.delete(course);
  const group = w.groups.get(g)!;
  group.students = group.students.filter((s) => s !== pupil);
}

/** Rank of a course in a pupil's wants: later is less wanted; reserves come after every choice. */
function rank(w: Working, pupil: string, course: string): number {
  const i = (w.wants.get(pupil) ?? []).indexOf(course);
  return i < 0 ? 1e9 : i;
}

/** What the repair took away, for the result's diagnostics. */
export interface RepairReport {
  overPlaces: number;
  buffers: number;
  closedGroups: number;
  /** withheldKey of every (pupil, course) the repair took away. */
  taken: string[];
}

/** Takes pupils out until every member keeps its places and every far-apart buffer; mutates `combined`. */
export function repairCombined(model: JointModel, combined: Result): RepairReport {
  const w: Working = { groups: new Map(combined.groups.map((g) => [g.id, g])), placed: new Map(), wants: new Map() };
  for (const st of combined.students) w.placed.set(st.id, new Map(Object.entries(st.placed)));
  for (const st of model.scenario.students) w.wants.set(st.id, [...st.choices, ...(st.reserves ?? [])]);
  const report: RepairReport = { overPlaces: 0, buffers: 0, closedGroups: 0, taken: [] };
  const pupils = [...w.placed.keys()].sort();
  const choiceCount = new Map(model.scenario.students.map((st) => [st.id, st.choices.length]));
  const satisfied = (p: string): number => {
    const placed = w.placed.get(p)!;
    let met = 0;
    for (const c of w.wants.get(p)!.slice(0, choiceCount.get(p))) if (placed.has(c)) met++;
    return met === choiceCount.get(p) ? 1 : 0;
  };

  // 1. Each member's places in each shared course: the pupils who want it least give it up first.
  for (const course of model.consortium.sharedCourses) {
    const cid = sharedId(course.id);
    model.memberIds.forEach((memberId, m) => {
      const limit = course.places[memberId] ?? 0;
      const holders = pupils.filter((p) => splitId(p).member === m && w.placed.get(p)!.has(cid));
      if (holders.length <= limit) return;
      // A pupil already short of a choice loses nothing more in the count of the fully satisfied: they go first.
      holders.sort((a, b) => satisfied(a) - satisfied(b) || rank(w, b, cid) - rank(w, a, cid) || (a < b ? -1 : 1));
      for (const p of holders.slice(0, holders.length - limit)) {
        unseat(w, p, cid);
        report.overPlaces++;
        report.taken.push(withheldKey(p, cid));
      }
    });
  }

  // 2. Far-apart buffers: the common columns just before and after an away course stay free of the pupil's other courses.
  const rules = model.consortium.travel?.farApart ?? [];
  const columns = model.consortium.columns;
  for (const p of pupils) {
    const m = splitId(p).member;
    const memberId = model.memberIds[m];
    const placed = w.placed.get(p)!;
    for (const [courseId, groupId] of [...placed]) {
      const { member: owner, id } = splitId(courseId);
      if (owner !== -1 || !placed.has(courseId)) continue;
      const course = model.shared.get(id)!;
      if (!isAway(course, memberId)) continue;
      const rule = rules.find((r) => (r.between[0] === memberId && r.between[1] === course.host) || (r.between[1] === memberId && r.between[0] === course.host));
      if (!rule) continue;
      const at = model.columnOrder.get(w.groups.get(groupId)!.blocks[0].slice('col:'.length))!;
      const keepFree = new Set<string>();
      for (let d = 1; d <= (rule.freeBefore ?? 0); d++) if (at - d >= 0) keepFree.add(`col:${columns[at - d].id}`);
      for (let d = 1; d <= (rule.freeAfter ?? 0); d++) if (at + d < columns.length) keepFree.add(`col:${columns[at + d].id}`);
      for (const [other, otherGroup] of [...placed]) {
        if (other === courseId || !placed.has(courseId)) continue;
        if (!w.groups.get(otherGroup)!.blocks.some((b) => keepFree.has(b))) continue;
        // The less wanted of the two goes.
        const loser = rank(w, p, other) > rank(w, p, courseId) ? other : courseId;
        unseat(w, p, loser);
        report.buffers++;
        report.taken.push(withheldKey(p, loser));
      }
    }
  }

  // 3. A group the repair left under its course's minimum closes.
  const minSize = new Map(model.scenario.courses.map((c) => [c.id, c.minGroupSize ?? 0]));
  for (const g of combined.groups) {
    if (g.pinned || g.students.length === 0 || g.students.length >= (minSize.get(g.course) ?? 0)) continue;
    for (const p of g.students.slice()) unseat(w, p, g.course);
    report.closedGroups++;
  }
  for (const st of combined.students) st.placed = Object.fromEntries(w.placed.get(st.id)!);
  return report;
}

/**
 * Member m's ordinary result, in its own ids, for its member view (its scenario with the shared courses in
 * place of their stand-ins). A shared group appears in the result of every member with a block in its column
 * and places in its course, in that member's block, with that member's pupils only.
 */
export function splitMember(model: JointModel, combined: Result, m: number, seconds: number, seed: number): Result {
  const memberId = model.memberIds[m];
  const scenario: Scenario = model.memberScenarios[m];
  const realYears = (pseudo: number[]): number[] => [...new Set(pseudo.flatMap((p) => model.pseudoToYears[m].get(p) ?? []))].sort((a, b) => a - b);
  const own = (id: string): string => splitId(id).id;
  const groups: ResultGroup[] = [];
  const groupName = new Map<string, string>();
  for (const g of combined.groups) {
    const { member, id } = splitId(g.course);
    if (member === m) {
      groups.push({
        id: own(g.id),
        course: id,
        blocks: g.blocks.map((b) => model.globalToBlock[m].get(b)!),
        years: realYears(g.years),
        staff: g.staff.map(own),
        room: g.room === null ? null : own(g.room),
        students: g.students.map(own).sort(),
        ...(g.pinned ? { pinned: true } : {}),
      });
      groupName.set(g.id, own(g.id));
    } else if (member === -1) {
      const course = model.shared.get(id)!;
      const block = model.globalToBlock[m].get(g.blocks[0]);
      if (block === undefined || (course.places[memberId] ?? 0) <= 0) continue;
      groups.push({
        id: own(g.id),
        course: id,
        blocks: [block],
        years: model.years.slice(),
        // The host teaching it at home holds its teacher and room (reduce.ts hostTeachesAtHome); elsewhere none.
        staff: course.host === memberId ? g.staff.map(own) : [],
        room: course.host === memberId && g.room !== null ? own(g.room) : null,
        students: g.students.filter((p) => splitId(p).member === m).map(own).sort(),
        ...(g.pinned ? { pinned: true } : {}),
      });
      groupName.set(g.id, own(g.id));
    }
  }
  const byId = new Map(combined.students.map((s) => [s.id, s]));
  const students: ResultStudent[] = [];
  let fullySatisfied = 0;
  let choicesMet = 0;
  let choices = 0;
  let reservesUsed = 0;
  for (const st of scenario.students) {
    const c = byId.get(`${m}|${st.id}`);
    const placed: Record<string, string> = Object.create(null);
    for (const [course, group] of Object.entries(c?.placed ?? {})) {
      const name = groupName.get(group);
      if (name !== undefined) placed[own(course)] = name;
    }
    const unmet = st.choices.filter((x) => placed[x] === undefined);
    const reserves = (st.reserves ?? []).filter((x) => placed[x] !== undefined && !st.choices.includes(x));
    choices += st.choices.length;
    choicesMet += st.choices.length - unmet.length;
    reservesUsed += reserves.length;
    if (unmet.length === 0) fullySatisfied++;
    students.push({ id: st.id, placed, unmet, reserves });
  }
  return {
    format: 'ks4-result/1',
    scenario: scenario.name,
    groups,
    students,
    summary: { students: students.length, fullySatisfied, choices, choicesMet, reservesUsed, groups: groups.length, seconds, seed },
  };
}

/** A member's figures from its part of the plan. */
export function memberFigures(model: JointModel, m: number, result: Result): MemberFigures {
  const memberId = model.memberIds[m];
  const placesUsed: Record<string, number> = {};
  for (const c of model.consortium.sharedCourses) if ((c.places[memberId] ?? 0) > 0) placesUsed[c.id] = 0;
  let travelling = 0;
  for (const st of result.students) {
    let away = false;
    for (const course of Object.keys(st.placed)) {
      const shared = model.shared.get(course);
      if (shared === undefined) continue;
      placesUsed[course] = (placesUsed[course] ?? 0) + 1;
      if (isAway(shared, memberId)) away = true;
    }
    if (away) travelling++;
  }
  const s = result.summary;
  return { member: memberId, students: s.students, fullySatisfied: s.fullySatisfied, choices: s.choices, choicesMet: s.choicesMet, travelling, placesUsed };
}

/** The shared courses and sites member m's view adds to its scenario (the same as data/consortium.ts memberViewAdditions, written apart). */
export function viewAdditions(model: JointModel, m: number): Pick<ConsortiumPart, 'courses' | 'sites'> {
  const memberId = model.memberIds[m];
  const courses: Scenario['courses'] = [];
  const sites = new Map<string, string>();
  for (const c of model.consortium.sharedCourses) {
    const places = c.places[memberId] ?? 0;
    const standIn = model.memberScenarios[m].courses.some((x) => x.id === c.id);
    if (places <= 0 && !standIn) continue;
    const blocks = (model.sharedColumns.get(c.id) ?? []).map((cid) => model.consortium.columns.find((x) => x.id === cid)!.blocks[memberId]).filter((b): b is string => b !== undefined);
    // The host teaches it at home (data/consortium.ts hostedAtHome): no site named after itself.
    const scenario = model.memberScenarios[m];
    const home = c.host === memberId && ((scenario.staff ?? []).length === 0 || hostTeachesAtHome(c, scenario));
    if (!home) sites.set(c.host, model.consortium.members.find((x) => x.id === c.host)?.name ?? model.consortium.sites?.find((x) => x.id === c.host)?.name ?? c.host);
    courses.push({
      id: c.id,
      name: c.name,
      ...(c.kind ? { kind: c.kind } : {}),
      maxGroupSize: c.maxGroupSize,
      ...(c.maxGroups !== undefined ? { maxGroups: c.maxGroups } : {}),
      ...(blocks.length > 0 ? { blocks } : {}),
      ...(home ? {} : { site: c.host }),
      places,
    });
  }
  return { courses, sites: [...sites].map(([id, name]) => ({ id, name })) };
}
