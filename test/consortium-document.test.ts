/**
 * The consortium document (docs/consortium.md): bad input refused with the file, the JSON path and the value,
 * and nothing written; the command line's demand, solve, check and merge on files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConsortium, parseDemand, resolveConsortium } from '../data/consortium';
import { exportDemand } from '../data/consortium-demand';
import { plantedConsortium } from '../data/consortium-gen';
import { main } from '../cli/consortium';
import type { Consortium } from '../solver/consortium/types';
import { captureConsole } from './helpers/console-capture';

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('the consortium document', () => {
  it('accepts a generated consortium, and its members against it', () => {
    const g = plantedConsortium({ schools: 3, seed: 1, pupils: 60 });
    const parsed = parseConsortium(copy(g.consortium));
    expect(parsed.ok).toBe(true);
    expect(resolveConsortium(g.consortium, g.scenarios)).toEqual([]);
  });

  it('refuses a member scenario that fails validation, at its path under the member', () => {
    const g = plantedConsortium({ schools: 2, seed: 1, pupils: 40 });
    const doc = copy(g.consortium) as Consortium;
    (doc.members[1].scenario as { courses: { maxGroupSize: number }[] }).courses[2].maxGroupSize = 0;
    const parsed = parseConsortium(doc);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0].path).toBe('members[1].scenario.courses[2].maxGroupSize');
    expect(parsed.errors[0].value).toBe(0);
  });

  it('refuses a common column naming a block a school does not have', () => {
    const g = plantedConsortium({ schools: 2, seed: 1, pupils: 40 });
    const doc = copy(g.consortium) as Consortium;
    doc.columns[0].blocks.school02 = 'Q';
    const issues = resolveConsortium(doc, g.scenarios);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('columns[0].blocks.school02');
    expect(issues[0].value).toBe('Q');
    expect(issues[0].message).toContain('has blocks A, B, C, D, E');
  });

  it('refuses a shared course with more places than its groups hold', () => {
    const g = plantedConsortium({ schools: 2, seed: 1, pupils: 40 });
    const doc = copy(g.consortium) as Consortium;
    doc.sharedCourses[0].places.school01 += 1; // the planted places fill its one group exactly
    const parsed = parseConsortium(doc);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0].path).toBe('sharedCourses[0].places');
    expect(parsed.errors[0].message).toMatch(/gives 25 places but its groups hold at most 24/);
  });

  it('refuses a demand file from another consortium', () => {
    const g = plantedConsortium({ schools: 2, seed: 1, pupils: 40 });
    const other = plantedConsortium({ schools: 2, seed: 2, pupils: 40 });
    const { demand } = exportDemand(g.scenarios[0], other.consortium, 'school01');
    const parsed = parseDemand(copy(demand), g.consortium);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0].path).toBe('consortium');
    expect(parsed.errors[0].value).toBe('planted-2-2');
    expect(parsed.errors[0].message).toContain('not planted-2-1');
  });
});

describe('ks4 consortium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-consortium-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => captureConsole(() => main(args));

  const g = plantedConsortium({ schools: 3, seed: 4 });
  const ids = g.consortium.members.map((m) => m.id);
  g.scenarios.forEach((s, i) => {
    // The school's own scenario carries names and attributes the demand file must not.
    s.students.forEach((st, k) => Object.assign(st, { name: `Pupil Name${i}x${k}`, attributes: { pp: k % 2 === 0 } }));
    writeFileSync(join(dir, `${ids[i]}.json`), JSON.stringify(s));
  });
  const withFiles = (suffix: string) => ({ ...g.consortium, members: g.consortium.members.map((m) => ({ ...m, scenario: `${m.id}${suffix}` })) });
  writeFileSync(join(dir, 'school.json'), JSON.stringify(withFiles('.json')));
  writeFileSync(join(dir, 'coordinator.json'), JSON.stringify(withFiles('.demand.json')));

  it('exports demand, solves from the demand files alone, checks, and merges back', async () => {
    for (const m of ids) {
      const r = await run(['demand', join(dir, `${m}.json`), '--consortium', join(dir, 'school.json'), '--member', m, '--out', join(dir, `${m}.demand.json`), '--key', join(dir, `${m}.key.json`)]);
      expect(r.code, r.err).toBe(0);
    }
    const solved = await run(['solve', join(dir, 'coordinator.json'), '--out', join(dir, 'parts'), '--time', '10', '--seed', '1']);
    expect(solved.code, solved.err).toBe(0);
    expect(solved.out).toContain('900 of 900 pupils fully satisfied');
    const parts = ids.map((m) => join(dir, 'parts', `${m}.part.json`));
    const checked = await run(['check', join(dir, 'coordinator.json'), ...parts]);
    expect(checked.code, checked.out).toBe(0);
    const merged = await run(['merge', parts[1], '--scenario', join(dir, `${ids[1]}.json`), '--key', join(dir, `${ids[1]}.key.json`), '--out', join(dir, 'merged')]);
    expect(merged.code, merged.out + merged.err).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'merged', 'result.json'), 'utf8'));
    expect(result.students.map((s: { id: string }) => s.id).sort()).toEqual(g.scenarios[1].students.map((s) => s.id).sort());
  }, 60_000);

  it('refuses a demand file of another consortium with the file, the path and the value, and writes nothing', async () => {
    const other = plantedConsortium({ schools: 3, seed: 9, pupils: 20 });
    const { demand } = exportDemand(g.scenarios[0], other.consortium, ids[0]);
    writeFileSync(join(dir, `${ids[0]}.demand.json`), JSON.stringify(demand));
    const r = await run(['solve', join(dir, 'coordinator.json'), '--out', join(dir, 'refused')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${ids[0]}.demand.json is not a valid demand file for member ${ids[0]}`);
    expect(r.err).toContain('consortium: "planted-3-9"');
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  it('refuses a common column naming a block a school does not have, naming the consortium file', async () => {
    const doc = withFiles('.json');
    doc.columns[1].blocks[ids[2]] = 'Z9';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(doc));
    const r = await run(['solve', join(dir, 'bad.json'), '--out', join(dir, 'refused')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.json is not a valid consortium document');
    expect(r.err).toContain(`columns[1].blocks.${ids[2]}: "Z9"`);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});

describe('the joint grid', () => {
  it('refuses more schools than the solver has years for, naming the members', () => {
    const g = plantedConsortium({ schools: 31, seed: 1, pupils: 10 });
    const issues = resolveConsortium(g.consortium, g.scenarios);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('members');
    expect(issues[0].value).toBe(31);
    expect(issues[0].message).toContain('at most 30 years');
  });
});
