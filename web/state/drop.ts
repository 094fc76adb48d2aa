/**
 * Dropping a course from a scenario (pure; actions.dropCourse makes it one undoable edit): what becomes of
 * the pupils who chose it, and the offer students see without withdrawn courses.
 */
import type { Course, Scenario } from '../../solver';

export type DropHow = { kind: 'reserve' } | { kind: 'unmet' } | { kind: 'move'; to: string };

/** Who chooses or holds a reserve of a course: what the drop dialog tells the head first. */
export function courseTakers(scenario: Scenario, courseId: string): { choosing: number; reserving: number } {
  let choosing = 0;
  let reserving = 0;
  for (const st of scenario.students) {
    if (st.choices.includes(courseId)) choosing++;
    else if ((st.reserves ?? []).includes(courseId)) reserving++;
  }
  return { choosing, reserving };
}

/** The scenario with course `id` dropped as `how` says, and what happened to the pupils, in numbers. */
export function droppedScenario(scenario: Scenario, id: string, how: DropHow): { scenario: Scenario; affected: number; toReserve: number; unmet: number; moved: number } {
  let affected = 0;
  let toReserve = 0;
  let unmet = 0;
  let moved = 0;
  const target = how.kind === 'move' ? how.to : null;
  const nextReserve = (choices: string[], reserves: string[]) => reserves.find((r) => r !== id && !choices.includes(r));
  const students = scenario.students.map((st) => {
    const chose = st.choices.includes(id);
    const reserved = (st.reserves ?? []).includes(id);
    if (!chose && !reserved) return st;
    if (chose) affected++;
    if (how.kind === 'unmet') return st;
    let choices = [...st.choices];
    let reserves = (st.reserves ?? []).filter((r) => r !== id);
    if (chose) {
      const at = choices.indexOf(id);
      let replacement: string | undefined;
      if (target && !choices.includes(target)) {
        replacement = target;
        reserves = reserves.filter((r) => r !== target);
        moved++;
      } else {
        replacement = nextReserve(choices, reserves);
        if (replacement) {
          reserves = reserves.filter((r) => r !== replacement);
          toReserve++;
        } else unmet++;
      }
      choices = replacement ? choices.map((c, i) => (i === at ? replacement! : c)) : choices.filter((_, i) => i !== at);
    } else if (target && !choices.includes(target) && !reserves.includes(target)) {
      // A reserve of the dropped course becomes a reserve of the course its pupils move to.
      const at = (st.reserves ?? []).indexOf(id);
      reserves.splice(at, 0, target);
    }
    const out = { ...st, choices };
    if (reserves.length > 0) out.reserves = reserves;
    else delete out.reserves;
    return out;
  });
  let next: Scenario = { ...scenario, students };
  if (how.kind === 'unmet') {
    // The course stays, running no groups, so its choices are recorded unmet with a reason.
    next.courses = scenario.courses.map((c) => {
      if (c.id !== id) return c;
      const out: Course & { withdrawn?: boolean } = { ...c, maxGroups: 0, withdrawn: true };
      delete out.minGroups;
      return out;
    });
    unmet = affected;
  } else {
    const strip = (list: unknown) => (Array.isArray(list) ? list.filter((x) => x !== id) : list);
    next.courses = scenario.courses.filter((c) => c.id !== id);
    if (scenario.staff) next.staff = scenario.staff.map((t) => (t.courses.includes(id) ? { ...t, courses: t.courses.filter((c) => c !== id) } : t));
    if (scenario.pathways) {
      next.pathways = scenario.pathways.map((p) => ({
        ...p,
        rules: p.rules.map((r) => ('from' in r ? { ...r, from: strip(r.from) as string[] } : { ...r, notTogether: strip(r.notTogether) as string[] })),
      }));
    }
    const rules = (scenario as { rules?: unknown }).rules;
    if (Array.isArray(rules)) {
      next = {
        ...next,
        rules: rules.map((r) => {
          const o = { ...(r as Record<string, unknown>) };
          for (const k of ['from', 'courses', 'notTogether']) if (Array.isArray(o[k])) o[k] = strip(o[k]);
          return o;
        }),
      };
    }
  }
  if (scenario.groups) {
    const groups = scenario.groups.filter((g) => g.course !== id);
    if (groups.length > 0) next.groups = groups;
    else delete next.groups;
  }
  return { scenario: next, affected, toReserve, unmet, moved };
}


/** The scenario as students are offered it: withdrawn courses (kept only to record unmet choices) left out. */
export function offeredScenario(scenario: Scenario): Scenario {
  const gone = scenario.courses.filter((c) => (c as { withdrawn?: unknown }).withdrawn).map((c) => c.id);
  return gone.reduce((sc, id) => droppedScenario(sc, id, { kind: 'reserve' }).scenario, scenario);
}
