import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishOffer, PublishError } from '../solver/publish';
import { parseOffer } from '../solver/offer';
import { generatedSchool, greedyResult, smallSchool } from './fixtures/preview-fixtures';
import { existsSync } from 'node:fs';
import type { Scenario } from '../solver/types';
import { createPreviewer } from '../solver/preview';

/** Leaf values of a JSON value (strings, numbers, booleans), keys excluded. */
function leaves(value: unknown, out = new Set<unknown>()): Set<unknown> {
  if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => leaves(v, out));
  else out.add(value);
  return out;
}

/** Every string anywhere in a JSON value (keys too), to look for leaks. */
function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), allStrings(v, out));
  return out;
}

describe('publishOffer', () => {
  it('gives each group its blocks, years and free places (max size less seated)', () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    expect(parseOffer(offer).ok).toBe(true);
    expect(offer.format).toBe('ks4-offer/1');
    const byId = Object.fromEntries(offer.groups.map((g) => [g.id, g]));
    expect(byId['HIS-1']).toEqual({ id: 'HIS-1', course: 'HIS', blocks: ['A'], years: [10, 11], free: 0 });
    expect(byId['HIS-2'].free).toBe(18);
    expect(byId['ART-1'].free).toBe(0);
    expect(byId['STA-1']).toMatchObject({ years: [10], free: 25 });
    expect(byId['CHD-1']).toMatchObject({ blocks: ['D', 'E'], free: 12 });
    expect(offer.courses.find((c) => c.id === 'ENR')).toEqual({
      id: 'ENR', name: 'Engineering', kind: 'BTEC', tags: ['technical-award'], department: 'Technology', years: [10, 11], span: 1, site: 'COL', placesLeft: 0,
    });
    expect(offer.courses.find((c) => c.id === 'TRI')!.placesLeft).toBeUndefined();
    expect(offer.pathways.map((p) => p.id)).toEqual(['EB', 'VOC']);
    expect(offer.rules).toEqual([{ eligible: { attribute: 'prior', in: ['high'] }, courses: ['TRI'] }, { notTogether: ['ART', 'PHO'] }]);
    expect(offer.sites).toEqual([{ id: 'COL', name: 'Town College' }]);
  });

  it('renumbers groups per course in block order, whatever the planner called them', () => {
    const { scenario, result } = smallSchool();
    result.groups.find((g) => g.id === 'HIS-2')!.id = 'History with Mrs Smith';
    const offer = publishOffer(scenario, result);
    expect(offer.groups.filter((g) => g.course === 'HIS').map((g) => [g.id, g.blocks[0]])).toEqual([['HIS-1', 'A'], ['HIS-2', 'C']]);
    expect(JSON.stringify(offer)).not.toContain('Smith');
  });

  it('refuses a result that names courses or blocks the scenario does not have', () => {
    const { scenario, result } = smallSchool();
    result.groups[0].course = 'HSI';
    result.groups[1].blocks = ['Z'];
    expect(() => publishOffer(scenario, result)).toThrow(PublishError);
    try {
      publishOffer(scenario, result);
    } catch (e) {
      expect((e as PublishError).problems).toEqual([
        'Result group HIS-1 names course HSI, which is not in the scenario (groups[0].course). Maybe you meant HIS?',
        'Result group FRE-1 sits in block Z, which is not one of the scenario\'s blocks A, B, C, D, E (groups[1].blocks).',
      ]);
    }
  });

  it('leaks no student id, name or attribute value on generated cohorts', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { scenario, result, attributeValues } = generatedSchool(seed);
      // Extra fields a planner might add must not ride along either.
      (scenario.courses[0] as Record<string, unknown>).notes = `Ask ${scenario.students[0].name}`;
      (result.groups[0] as Record<string, unknown>).comment = scenario.students[1].id;
      (scenario.pathways![0].rules[0] as Record<string, unknown>).exampleStudent = scenario.students[2].id;
      const offer = publishOffer(scenario, result);
      const text = JSON.stringify(offer);
      const strings = allStrings(offer);
      for (const s of scenario.students) {
        expect(text).not.toContain(s.id);
        expect(text).not.toContain(s.name!);
        for (const part of s.name!.split(' ')) expect(text).not.toContain(part);
      }
      for (const v of attributeValues) expect(text).not.toContain(v);
      // No field names that carry people. ("choices" appears only as a pathway's number of choices.)
      for (const key of ['students', 'staff', 'room', 'rooms', 'reserves', 'attributes', 'unmet', 'placed', 'name ']) expect(strings).not.toContain(key);
      for (const p of offer.pathways) expect(typeof (p.choices ?? 0)).toBe('number');
      expect(parseOffer(offer).ok).toBe(true);
      const seated = result.groups.reduce((n, g) => n + g.students.length, 0);
      const capacity = result.groups.reduce((n, g) => n + scenario.courses.find((c) => c.id === g.course)!.maxGroupSize, 0);
      expect(offer.groups.reduce((n, g) => n + g.free, 0)).toBe(capacity - seated);
    }
  });
});

describe('publishing the sample schools', () => {
  for (const size of [120, 240, 360]) {
    const path = join(process.cwd(), 'data', 'samples', `sample-${size}.json`);
    it.skipIf(!existsSync(path))(`sample-${size}: no student id, name or attribute value in the offer, and it previews`, () => {
      const scenario = JSON.parse(readFileSync(path, 'utf8')) as Scenario;
      const result = greedyResult(scenario);
      const offer = publishOffer(scenario, result);
      const text = JSON.stringify(offer);
      for (const s of scenario.students) {
        expect(text).not.toContain(`"${s.id}"`);
        if (s.name) expect(text).not.toContain(s.name);
      }
      // Attribute values such as "middle" or "F" are short words: they may appear in the offer only where
      // the school's own curriculum data (courses, pathways, rules, sites) already holds them.
      const publicPart = leaves({ name: scenario.name, blocks: scenario.blocks, courses: scenario.courses, pathways: scenario.pathways, rules: (scenario as { rules?: unknown }).rules, sites: scenario.sites });
      const offerLeaves = leaves(offer);
      for (const s of scenario.students) {
        for (const v of Object.values(s.attributes ?? {})) {
          if (typeof v === 'string' && !publicPart.has(v)) expect(offerLeaves.has(v)).toBe(false);
        }
      }
      for (const key of ['students', 'attributes', 'staff', 'rooms', 'reserves', 'placed']) expect(allStrings(offer)).not.toContain(key);
      expect(parseOffer(offer).ok).toBe(true);
      const previewer = createPreviewer(offer);
      const first = scenario.students[0];
      const r = previewer.preview({ choices: first.choices, pathway: first.pathway });
      expect(typeof r.fits).toBe('boolean');
    });
  }
});

describe('publish and preview command lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-publish-'));
  const { scenario, result } = smallSchool();
  const scenarioPath = join(dir, 'scenario.json');
  const resultPath = join(dir, 'result.json');
  const offerPath = join(dir, 'offer.json');
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  writeFileSync(resultPath, JSON.stringify(result));
  const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

  it('publishes an offer file and previews from it', () => {
    const out = execFileSync(tsx, ['cli/ks4.ts', 'publish', scenarioPath, resultPath, '--out', offerPath], { encoding: 'utf8' });
    expect(out).toContain('Published');
    const offer = JSON.parse(readFileSync(offerPath, 'utf8'));
    expect(parseOffer(offer).ok).toBe(true);
    const preview = JSON.parse(execFileSync(tsx, ['cli/ks4.ts', 'preview', offerPath, '--choices', 'HIS,FRE,ART,BTS', '--reserves', 'SPA'], { encoding: 'utf8' }));
    expect(Object.keys(preview).slice(0, 4)).toEqual(['fits', 'placement', 'broken', 'alternatives']);
    expect(preview.fits).toBe(false);
    expect(preview.alternatives[0].changes).toEqual([{ out: 'ART', in: 'SPA' }]);
  });

  it('exits 1 with a message on bad input', () => {
    const unknown = spawnSync(tsx, ['cli/ks4.ts', 'preview', offerPath, '--choices', 'HSI,FRE'], { encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Course HSI (in the choices) is not in this offer. Maybe you meant HIS (History)?');
    const dup = spawnSync(tsx, ['cli/ks4.ts', 'preview', offerPath, '--choices', 'HIS,HIS'], { encoding: 'utf8' });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('HIS appears twice');
    const notOffer = spawnSync(tsx, ['cli/ks4.ts', 'preview', scenarioPath, '--choices', 'HIS'], { encoding: 'utf8' });
    expect(notOffer.status).toBe(1);
    expect(notOffer.stderr).toContain('This is a scenario. Publish it first');
    const missing = spawnSync(tsx, ['cli/ks4.ts', 'publish', scenarioPath, join(dir, 'nope.json'), '--out', offerPath], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });
});
