/** Tiny hand-made scenarios for the solver's rule tests. */
import type { Course, Scenario, Student } from '../../solver/types';

export function course(id: string, extra: Partial<Course> = {}): Course {
  return { id, name: id, maxGroupSize: 30, ...extra };
}

export function students(prefix: string, n: number, choices: string[], reserves?: string[]): Student[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, choices: choices.slice(), ...(reserves ? { reserves } : {}) }));
}

export function scenario(extra: Partial<Scenario> & Pick<Scenario, 'courses' | 'students'>): Scenario {
  return { format: 'ks4-scenario/1', name: 'tiny', blocks: ['A', 'B', 'C'], years: [10, 11], ...extra };
}
