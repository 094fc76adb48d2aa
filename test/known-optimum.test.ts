import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { knownOptimumScenario } from '../data/known-optimum';
import { parseScenario } from '../data/schema';
import type { Group, Result, Scenario } from '../solver/types';
import { checkBlocking } from './support/blocking-check';

const CASES = [
  { students: 60, seed: 1, blocks: 5, choices: 4 },
  { students: 60, seed: 2, blocks: 5, choices: 4 },
  { students: 150, seed: 3, blocks: 4, choices: 3 },
  { students: 240, seed: 4, blocks: 5, choices: 4 },
  { students: 400, seed: 5, blocks: 4, choices: 4 },
  { students: 600, seed: 6, blocks: 5, choices: 4 },
];

/** The planted blocking as a result document, for the project's independent checker. */
function asResult(scenario: Scenario, groups: Group[]): Result {
  const placed = new Map<string, Record<string, string>>();
  for (const g of groups) for (const s of g.students ?? []) placed.set(s, { ...(placed.get(s) ?? {}), [g.course]: g.id });
  const choices = scenario.students.reduce((n, s) => n + s.choices.length, 0);
  return {
    format: 'ks4-result/1',
    scenario: scenario.name,
    groups: groups.map((g) => ({ id: g.id, course: g.course, blocks: g.blocks, years: g.years ?? [10, 11], staff: g.staff ?? [], room: g.room ?? null, students: g.students ?? [] })),
    students: scenario.students.map((s) => ({ id: s.id, placed: placed.get(s.id) ?? {}, unmet: [], reserves: [] })),
    summary: { students: scenario.students.length, fullySatisfied: scenario.students.length, choices, choicesMet: choices, reservesUsed: 0, groups: groups.length, seconds: 0, seed: 0 },
  };
}

describe('knownOptimumScenario', () => {
  it.each(CASES)('plants a perfect blocking that seats every student ($students students, $blocks blocks, $choices choices, seed $seed)', (opts) => {
    const { scenario, perfectGroups } = knownOptimumScenario(opts);
    expect(scenario.students).toHaveLength(opts.students);
    for (const st of scenario.students) expect(st.choices).toHaveLength(opts.choices);
    expect(checkBlocking(scenario, perfectGroups, { requireAllChoices: true })).toEqual([]);
    // Every group in the proof names its teacher and room, so staff and rooms are checked too.
    for (const g of perfectGroups) {
      expect(g.staff).toHaveLength(1);
      expect(typeof g.room).toBe('string');
    }
    const outcome = checkResult(scenario, asResult(scenario, perfectGroups));
    expect(outcome.violations).toEqual([]);
    expect(outcome.ok).toBe(true);
    const parsed = parseScenario(scenario);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('is tight: teachers, rooms and group counts leave no slack around the planted blocking', () => {
    for (const opts of CASES) {
      const { scenario, perfectGroups } = knownOptimumScenario(opts);
      const blocks = scenario.blocks;
      for (const t of scenario.staff!) {
        const mine = perfectGroups.filter((g) => g.staff?.includes(t.id));
        const free = blocks.filter((b) => !(t.unavailable ?? []).some((u) => u.block === b));
        expect(t.maxGroups, `teacher ${t.id}`).toBe(mine.length);
        expect(free.sort(), `teacher ${t.id} is free exactly in their groups' blocks`).toEqual(mine.map((g) => g.blocks[0]).sort());
      }
      const types = [...new Set(scenario.rooms!.map((r) => r.type))];
      for (const type of types) {
        for (const b of blocks) {
          const free = scenario.rooms!.filter((r) => r.type === type && !(r.unavailable ?? []).some((u) => u.block === b)).length;
          const needed = perfectGroups.filter((g) => g.blocks[0] === b && scenario.courses.find((c) => c.id === g.course)!.roomType === type).length;
          expect(free, `${type} rooms free in block ${b}`).toBe(needed);
        }
      }
      for (const c of scenario.courses) {
        const mine = perfectGroups.filter((g) => g.course === c.id);
        expect(c.maxGroups).toBe(mine.length);
        expect(c.minGroupSize).toBeLessThanOrEqual(Math.min(...mine.map((g) => g.students!.length)));
      }
      expect(scenario.limits!.maxGroups).toBe(perfectGroups.length);
    }
  });

  it('is deterministic per seed', () => {
    const a = knownOptimumScenario({ students: 120, seed: 9 });
    const b = knownOptimumScenario({ students: 120, seed: 9 });
    const c = knownOptimumScenario({ students: 120, seed: 10 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('rejects bad options with a hint', () => {
    expect(() => knownOptimumScenario({ students: -1, seed: 1 })).toThrow(/students is -1 \(options\.students\)\. Maybe/);
    expect(() => knownOptimumScenario({ students: 10, seed: 1, blocks: 4, choices: 5 })).toThrow(/choices is 5/);
  });
});
