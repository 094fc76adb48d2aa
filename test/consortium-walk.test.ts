/**
 * What a first walk through the consortium as three schools and a coordinator found (issue 15): a part whose
 * figures are not its result's passed the consortium check, and a merge into a scenario that is not the one the
 * demand file came from wrote a result breaking hundreds of rules. Each is refused now, naming what differs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDemand, mergePart, MergeError } from '../data/consortium-demand';
import { plantedConsortium } from '../data/consortium-gen';
import { checkConsortium } from '../data/consortium-check';
import { solveConsortium } from '../solver/index';
import { main } from '../cli/consortium';
import type { ConsortiumPart } from '../solver/consortium/types';

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('a joint plan from demand files, walked back to the schools', () => {
  const g = plantedConsortium({ schools: 2, seed: 3, pupils: 40 });
  const ids = g.consortium.members.map((m) => m.id);
  const exported = g.scenarios.map((s, i) => exportDemand(s, g.consortium, ids[i]));
  const demandScenarios = exported.map((e) => e.demand.scenario);
  let parts: ConsortiumPart[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ks4-consortium-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('solves, and the parts pass the consortium check', async () => {
    const outcome = await solveConsortium(g.consortium, demandScenarios, { timeSeconds: 4, seed: 1 });
    parts = outcome.parts;
    const check = checkConsortium(g.consortium, demandScenarios, parts);
    expect(check.violations).toEqual([]);
  }, 30_000);

  it('refuses a part whose figures are not its result (the dashboard shows them as they are)', () => {
    const lying = copy(parts);
    const truth = lying[1].figures.fullySatisfied;
    lying[1].figures.fullySatisfied = truth + 5;
    lying[1].figures.travelling += 1;
    const sharedId = Object.keys(lying[0].figures.placesUsed)[0];
    lying[0].figures.placesUsed[sharedId] += 2;
    const check = checkConsortium(g.consortium, demandScenarios, lying);
    expect(check.ok).toBe(false);
    const messages = check.violations.map((v) => `${v.member}: ${v.message}`);
    expect(messages).toContain(`${ids[1]}: Member ${ids[1]}'s part says figures.fullySatisfied ${truth + 5}, but its result has ${truth}.`);
    expect(messages.some((m) => m.startsWith(`${ids[1]}: `) && m.includes('figures.travelling'))).toBe(true);
    expect(messages.some((m) => m.startsWith(`${ids[0]}: `) && m.includes(`figures.placesUsed.${sharedId} ${parts[0].figures.placesUsed[sharedId] + 2}`))).toBe(true);
  });

  it('merges a part into its own scenario, and refuses another school\'s scenario or one with a pupil the key lacks', () => {
    const merged = mergePart(parts[0], g.scenarios[0], exported[0].key);
    expect(merged.result.students.length).toBe(g.scenarios[0].students.length);
    // Generated schools number their pupils alike; real schools' ids differ.
    const otherSchool = copy(g.scenarios[1]);
    otherSchool.students.forEach((st) => (st.id = `${ids[1]}-${st.id}`));
    expect(() => mergePart(parts[0], otherSchool, exported[0].key)).toThrow(MergeError);
    expect(() => mergePart(parts[0], otherSchool, exported[0].key)).toThrow(/The key's pupil .* and \d+ more of its \d+ are not in the scenario/);
    const joined = copy(g.scenarios[0]);
    joined.students.push({ ...copy(joined.students[0]), id: 'late-joiner' });
    expect(() => mergePart(parts[0], joined, exported[0].key)).toThrow("The scenario's pupil late-joiner is not in the key");
  });

  it('ks4 consortium merge writes nothing when the merged result would break the checker', async () => {
    writeFileSync(join(dir, 'part.json'), JSON.stringify(parts[0]));
    writeFileSync(join(dir, 'key.json'), JSON.stringify(exported[0].key));
    // The school's own scenario, changed after the export: a pupil now wants a course the plan did not place them in.
    const changed = copy(g.scenarios[0]);
    const pupil = changed.students[0];
    const other = changed.courses.find((c) => !pupil.choices.includes(c.id) && !(pupil.reserves ?? []).includes(c.id))!;
    pupil.choices = [...pupil.choices.slice(0, -1), other.id];
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    const err: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => void err.push(a.join(' '));
    let code: number;
    try {
      code = await main(['merge', join(dir, 'part.json'), '--scenario', join(dir, 'changed.json'), '--key', join(dir, 'key.json'), '--out', join(dir, 'merged')]);
    } finally {
      console.error = error;
    }
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('changed.json with');
    expect(err.join('\n')).toMatch(/breaks \d+ rules? of ks4 check/);
    expect(err.join('\n')).toContain('Nothing was written.');
    expect(existsSync(join(dir, 'merged'))).toBe(false);
  });
});
