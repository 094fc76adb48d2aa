/**
 * Late changes to a scenario after publishing, for the re-solve's tests and bench (issue 14): pupils changing
 * one choice, a pupil leaving, a pupil joining. Deterministic from a seed (solver/rng.ts), so a failure replays.
 */
import { Rng } from '../../solver/rng';
import type { Scenario, Student } from '../../solver/types';

export interface ChoiceChange {
  student: string;
  from: string;
  to: string;
}

/**
 * `count` pupils (drawn without repeats) each swap one of their choices for a course they neither chose nor
 * hold as a reserve, of the same years. Returns the new scenario and what changed.
 */
export function changeChoices(sc: Scenario, count: number, seed: number): { scenario: Scenario; changes: ChoiceChange[] } {
  const rng = new Rng(seed);
  const students = sc.students.map((s) => ({ ...s, choices: [...s.choices] }));
  const order = students.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const changes: ChoiceChange[] = [];
  for (const i of order) {
    if (changes.length >= count) break;
    const s = students[i];
    if (s.choices.length === 0) continue;
    const taken = new Set([...s.choices, ...(s.reserves ?? [])]);
    const k = rng.int(s.choices.length);
    const from = s.choices[k];
    const years = sc.courses.find((c) => c.id === from)?.years;
    const open = sc.courses.filter((c) => !taken.has(c.id) && (c.span ?? 1) === 1 && sameYears(c.years, years) && !c.places);
    if (open.length === 0) continue;
    const to = open[rng.int(open.length)].id;
    s.choices[k] = to;
    changes.push({ student: s.id, from, to });
  }
  return { scenario: { ...sc, students }, changes };
}

/** A pupil leaves and a pupil joins (a copy of another's choices under a new id). */
export function joinAndLeave(sc: Scenario, seed: number): Scenario {
  const rng = new Rng(seed);
  const students: Student[] = sc.students.slice();
  const leaving = rng.int(students.length);
  const template = students[(leaving + 1) % students.length];
  students.splice(leaving, 1);
  students.push({ ...template, id: `${template.id}-NEW`, name: 'New pupil' });
  return { ...sc, students };
}

function sameYears(a: number[] | undefined, b: number[] | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.length === b.length && a.every((y, i) => y === b[i]);
}
