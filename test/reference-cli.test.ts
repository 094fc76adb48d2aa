/**
 * Issue 14: `ks4 check SCENARIO.json RESULT.json --reference PUBLISHED.json [--reference-scenario FILE]` lists the
 * moves against a published blocking after the check's own report, never changing its exit code, and refuses
 * a reference that is not a result document, naming the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/check';
import { solve } from '../solver';
import type { Result, Scenario } from '../solver/types';
import { smallSchool } from './helpers/small-school';

const dir = mkdtempSync(join(tmpdir(), 'ks4-reference-cli-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = main(args);
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let published: Scenario;
let publishedResult: Result;
let now: Scenario;
let nowResult: Result;

beforeAll(async () => {
  published = smallSchool();
  publishedResult = await solve(published, { timeSeconds: 0.5, seed: 1 });
  // One pupil swaps their first choice; a re-solve from the published blocking.
  now = structuredClone(published);
  const p = now.students[0];
  const fresh = now.courses.map((c) => c.id).find((c) => !p.choices.includes(c) && !(p.reserves ?? []).includes(c) && c !== 'MUS')!;
  p.choices = [fresh, ...p.choices.slice(1)];
  nowResult = await solve(now, { timeSeconds: 0.5, seed: 2, initial: publishedResult });
}, 60_000);

afterEach(() => vi.restoreAllMocks());

describe('ks4 check --reference', () => {
  it('says nobody moved when the result is the published one', () => {
    const r = run([file('s.json', published), file('r.json', publishedResult), '--reference', file('p.json', publishedResult)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: result keeps all rules/);
    expect(r.out).toContain(`Pupils: ${published.students.length} of ${published.students.length} unchanged`);
    expect(r.out).toContain(`Groups: ${publishedResult.groups.length} of ${publishedResult.groups.length} unchanged`);
    expect(r.out).toContain('Moves: none');
  });

  it('lists every move with its reason, the pupil’s own change named with the published scenario', () => {
    const r = run([file('now.json', now), file('new.json', nowResult), '--reference', file('pub.json', publishedResult), '--reference-scenario', file('pub-s.json', published)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Scenario changes since publishing: 0 pupils joined, 0 left, 1 changed choices');
    const lines = r.out.split('\n').filter((l) => /^ {2}P\d{3} /.test(l));
    // One line per move: as many as the results differ, recomputed here.
    let differ = 0;
    for (const s of nowResult.students) {
      const old = publishedResult.students.find((x) => x.id === s.id)!;
      const blocks = (res: Result, g: string | undefined) => (g === undefined ? '-' : `${g}@${res.groups.find((x) => x.id === g)!.blocks.join('+')}`);
      for (const c of new Set([...Object.keys(old.placed), ...Object.keys(s.placed)])) if (blocks(publishedResult, old.placed[c]) !== blocks(nowResult, s.placed[c])) differ++;
    }
    expect(lines).toHaveLength(differ);
    const first = now.students[0];
    const dropped = published.courses.find((c) => c.id === published.students[0].choices[0])!.name;
    expect(lines.find((l) => l.startsWith(`  ${first.id} `) && l.includes(`, ${dropped}: `))).toMatch(new RegExp(`they dropped ${dropped} from their choices$`));
  });

  it('refuses a reference that is not a result, naming the file, and a missing file name', () => {
    const bad = file('bad.json', { format: 'ks4-scenario/1' });
    const r = run([file('s2.json', published), file('r2.json', publishedResult), '--reference', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${bad} is not a valid result document`);
    expect(run([file('s3.json', published), file('r3.json', publishedResult), '--reference']).code).toBe(2);
    expect(run([file('s4.json', published), file('r4.json', publishedResult), '--reference-scenario', bad]).code).toBe(2);
  });
});
