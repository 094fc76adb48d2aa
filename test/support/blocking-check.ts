/**
 * A small independent check that a set of groups (with their students, and teachers and rooms where
 * given) keeps the scenario's rules: written for the generator tests, sharing no code with the solver,
 * the schemas or data/checker.ts, so a planted or converted blocking is verified by something that did
 * not build it. Returns one plain sentence per broken rule (empty when the blocking is sound).
 */
import type { Group, Scenario } from '../../solver/types';

export interface BlockingCheckOptions {
  /** Every choice of every student must be placed (a perfect blocking). */
  requireAllChoices?: boolean;
}

export function checkBlocking(scenario: Scenario, groups: readonly Group[], opts: BlockingCheckOptions = {}): string[] {
  const problems: string[] = [];
  const years = scenario.years ?? [10, 11];
  const courses = new Map(scenario.courses.map((c) => [c.id, c]));
  const students = new Map(scenario.students.map((s) => [s.id, s]));
  const staff = new Map((scenario.staff ?? []).map((t) => [t.id, t]));
  const rooms = new Map((scenario.rooms ?? []).map((r) => [r.id, r]));
  const cellKey = (block: string, year: number) => `${block}/${year}`;
  const groupCells = (g: Group): string[] => {
    const ys = g.years ?? courses.get(g.course)?.years ?? years;
    return g.blocks.flatMap((b) => ys.map((y) => cellKey(b, y)));
  };
  const ids = new Set<string>();
  const perCourse = new Map<string, number>();
  const perYear = new Map<number, number>();
  const teacherCells = new Map<string, string>();
  const teacherLoad = new Map<string, number>();
  const roomCells = new Map<string, string>();
  const studentCells = new Map<string, Map<string, string>>();
  const studentCourses = new Map<string, string[]>();
  const courseStudents = new Map<string, number>();

  for (const g of groups) {
    if (ids.has(g.id)) problems.push(`group id ${g.id} is used twice`);
    ids.add(g.id);
    const c = courses.get(g.course);
    if (!c) {
      problems.push(`group ${g.id} is of unknown course ${g.course}`);
      continue;
    }
    perCourse.set(c.id, (perCourse.get(c.id) ?? 0) + 1);
    const span = c.span ?? 1;
    if (g.blocks.length !== span || new Set(g.blocks).size !== span) problems.push(`group ${g.id} sits in ${g.blocks.join(',')} but course ${c.id} has span ${span}`);
    for (const b of g.blocks) {
      if (!scenario.blocks.includes(b)) problems.push(`group ${g.id} sits in unknown block ${b}`);
      if (c.blocks && !c.blocks.includes(b)) problems.push(`group ${g.id} sits in block ${b}, not allowed for ${c.id} (${c.blocks.join(',')})`);
    }
    const gYears = g.years ?? c.years ?? years;
    for (const y of gYears) {
      if (!(c.years ?? years).includes(y)) problems.push(`group ${g.id} runs in year ${y}, which course ${c.id} does not`);
      perYear.set(y, (perYear.get(y) ?? 0) + 1);
    }
    const members = g.students ?? [];
    if (members.length > c.maxGroupSize) problems.push(`group ${g.id} holds ${members.length} > maxGroupSize ${c.maxGroupSize}`);
    if (members.length > 0 && members.length < (c.minGroupSize ?? 0)) problems.push(`group ${g.id} holds ${members.length} < minGroupSize ${c.minGroupSize}`);
    courseStudents.set(c.id, (courseStudents.get(c.id) ?? 0) + members.length);
    for (const sid of members) {
      const st = students.get(sid);
      if (!st) {
        problems.push(`group ${g.id} holds unknown student ${sid}`);
        continue;
      }
      if (!st.choices.includes(c.id) && !(st.reserves ?? []).includes(c.id)) problems.push(`student ${sid} is in ${g.id} but did not choose ${c.id}`);
      const mine = studentCourses.get(sid) ?? [];
      if (mine.includes(c.id)) problems.push(`student ${sid} is placed in ${c.id} twice`);
      mine.push(c.id);
      studentCourses.set(sid, mine);
      const cells = studentCells.get(sid) ?? new Map<string, string>();
      for (const cell of groupCells(g)) {
        const other = cells.get(cell);
        if (other) problems.push(`student ${sid} is in ${other} and ${g.id}, both in block/year ${cell}`);
        cells.set(cell, g.id);
      }
      studentCells.set(sid, cells);
    }
    const home = (c.site ?? 'home') === 'home';
    if (home && staff.size > 0 && g.staff !== undefined) {
      if (g.staff.length === 0) problems.push(`home group ${g.id} has no teacher`);
      for (const tid of g.staff) {
        const t = staff.get(tid);
        if (!t) {
          problems.push(`group ${g.id} names unknown teacher ${tid}`);
          continue;
        }
        if (!t.courses.includes(c.id)) problems.push(`teacher ${tid} cannot teach ${c.id} (group ${g.id})`);
        for (const cell of groupCells(g)) {
          const [b, y] = cell.split('/');
          if ((t.unavailable ?? []).some((u) => u.block === b && (u.year === undefined || u.year === Number(y)))) problems.push(`teacher ${tid} is unavailable in ${cell} (group ${g.id})`);
          const other = teacherCells.get(`${tid}@${cell}`);
          if (other) problems.push(`teacher ${tid} holds ${other} and ${g.id} in ${cell}`);
          teacherCells.set(`${tid}@${cell}`, g.id);
        }
        for (const y of gYears) teacherLoad.set(`${tid}@${y}`, (teacherLoad.get(`${tid}@${y}`) ?? 0) + 1);
      }
    }
    if (home && rooms.size > 0 && (c.roomType || c.rooms) && g.room !== undefined) {
      const r = g.room === null ? undefined : rooms.get(g.room);
      if (!r) problems.push(`group ${g.id} needs a room but has ${String(g.room)}`);
      else {
        if (c.roomType && r.type !== c.roomType) problems.push(`room ${r.id} is a ${r.type}, group ${g.id} needs a ${c.roomType}`);
        if (c.rooms && !c.rooms.includes(r.id)) problems.push(`room ${r.id} is not among ${c.id}'s rooms`);
        if (r.capacity < members.length) problems.push(`room ${r.id} seats ${r.capacity} < ${members.length} in ${g.id}`);
        for (const cell of groupCells(g)) {
          const [b, y] = cell.split('/');
          if ((r.unavailable ?? []).some((u) => u.block === b && (u.year === undefined || u.year === Number(y)))) problems.push(`room ${r.id} is unavailable in ${cell} (group ${g.id})`);
          const other = roomCells.get(`${r.id}@${cell}`);
          if (other) problems.push(`room ${r.id} holds ${other} and ${g.id} in ${cell}`);
          roomCells.set(`${r.id}@${cell}`, g.id);
        }
      }
    }
  }
  for (const [key, n] of teacherLoad) {
    const [tid] = key.split('@');
    const max = staff.get(tid)?.maxGroups;
    if (max !== undefined && n > max) problems.push(`teacher ${tid} holds ${n} groups in year ${key.split('@')[1]} > maxGroups ${max}`);
  }
  for (const c of scenario.courses) {
    const n = perCourse.get(c.id) ?? 0;
    if (n < (c.minGroups ?? 0) || n > (c.maxGroups ?? Infinity)) problems.push(`course ${c.id} runs ${n} groups, outside ${c.minGroups ?? 0}..${c.maxGroups ?? 'any'}`);
    if (c.places !== undefined && (courseStudents.get(c.id) ?? 0) > c.places) problems.push(`course ${c.id} seats ${courseStudents.get(c.id)} > places ${c.places}`);
  }
  const budget = scenario.limits?.maxGroups;
  if (budget !== undefined) for (const [y, n] of perYear) if (n > budget) problems.push(`year ${y} runs ${n} groups > limits.maxGroups ${budget}`);
  if (opts.requireAllChoices) {
    for (const st of scenario.students) {
      const got = studentCourses.get(st.id) ?? [];
      const missing = st.choices.filter((c) => !got.includes(c));
      if (missing.length > 0) problems.push(`student ${st.id} is not placed in ${missing.join(', ')}`);
    }
  }
  return problems;
}
