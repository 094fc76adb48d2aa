import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../data/schema';
import { COURSE_CATALOGUE, EBACC_HUMANITIES, EBACC_RATES, type PriorBand } from '../data/catalogue';
import { generateScenario, targetRates, offeredSpecs } from '../data/generate';
import { main as generateCli, parseGenerateArgs } from '../cli/generate';
import { Rng } from '../data/rng';
import { SAMPLES_DIR, SAMPLE_SPECS, sampleText } from '../data/write-samples';
import type { PathwayRule, Scenario } from '../solver/types';

/** Every id a scenario mentions must name something it defines (docs/format.md: "every reference must resolve"). */
function unresolvedReferences(s: Scenario): string[] {
  const bad: string[] = [];
  const courses = new Set(s.courses.map((c) => c.id));
  const blocks = new Set(s.blocks);
  const sites = new Set((s.sites ?? []).map((x) => x.id));
  const pathways = new Set((s.pathways ?? []).map((p) => p.id));
  const tags = new Set(s.courses.flatMap((c) => c.tags ?? []));
  for (const c of s.courses) {
    for (const b of c.blocks ?? []) if (!blocks.has(b)) bad.push(`course ${c.id} block ${b}`);
    if (c.site && c.site !== 'home' && !sites.has(c.site)) bad.push(`course ${c.id} site ${c.site}`);
    if (c.roomType && (c.site ?? 'home') === 'home' && !(s.rooms ?? []).some((r) => r.type === c.roomType && r.capacity >= c.maxGroupSize)) {
      bad.push(`course ${c.id} needs a ${c.roomType} seating ${c.maxGroupSize}, none exists`);
    }
  }
  for (const t of s.staff ?? []) {
    for (const c of t.courses) if (!courses.has(c)) bad.push(`teacher ${t.id} course ${c}`);
    for (const u of t.unavailable ?? []) if (!blocks.has(u.block)) bad.push(`teacher ${t.id} block ${u.block}`);
  }
  for (const r of s.rooms ?? []) for (const u of r.unavailable ?? []) if (!blocks.has(u.block)) bad.push(`room ${r.id} block ${u.block}`);
  for (const p of s.pathways ?? []) {
    for (const rule of p.rules) {
      const r = rule as { from?: string[]; notTogether?: string[] };
      const ids = r.from ?? r.notTogether ?? [];
      for (const id of ids) {
        if (id.startsWith('tag:') ? !tags.has(id.slice(4)) : !courses.has(id)) bad.push(`pathway ${p.id} names ${id}`);
      }
    }
  }
  for (const st of s.students) {
    for (const c of [...st.choices, ...(st.reserves ?? [])]) if (!courses.has(c)) bad.push(`student ${st.id} course ${c}`);
    if (st.pathway && !pathways.has(st.pathway)) bad.push(`student ${st.id} pathway ${st.pathway}`);
  }
  return bad;
}

function keepsRule(s: Scenario, choices: string[], rule: PathwayRule): boolean {
  const apart = (rule as { notTogether?: string[] }).notTogether;
  if (apart) return apart.filter((c) => choices.includes(c)).length <= 1;
  const r = rule as { min?: number; max?: number; from: string[] };
  const n = choices.filter((c) => r.from.some((f) => (f.startsWith('tag:') ? s.courses.find((x) => x.id === c)?.tags?.includes(f.slice(4)) : f === c))).length;
  return n >= (r.min ?? 0) && n <= (r.max ?? Infinity);
}

describe('rng', () => {
  it('repeats a stream for a seed and differs between seeds and labels', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const d = new Rng(1, 'other');
    const xs = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(xs);
    expect(Array.from({ length: 20 }, () => d.nextUint32())).not.toEqual(xs);
  });

  it('draws ints in range, shuffles to a permutation and follows weights', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.weightedIndex([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.7);
    expect(counts[2] / counts[0]).toBeLessThan(3.3);
    expect(r.weightedIndex([0, 0])).toBe(-1);
    const mean = Array.from({ length: 5000 }, () => r.normal(10, 2)).reduce((x, y) => x + y, 0) / 5000;
    expect(Math.abs(mean - 10)).toBeLessThan(0.15);
    expect(() => r.int(5, 4)).toThrow(/lo <= hi/);
  });
});

describe('generateScenario', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = generateScenario({ students: 150, seed: 11, accelerated: true, partner: true, doubleOption: true });
    const b = generateScenario({ students: 150, seed: 11, accelerated: true, partner: true, doubleOption: true });
    const c = generateScenario({ students: 150, seed: 12, accelerated: true, partner: true, doubleOption: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('reproduces the national entry rates and the EBacc pattern by prior attainment', () => {
    const s = generateScenario({ students: 4000, seed: 5 });
    const n = s.students.length;
    const count = (id: string) => s.students.filter((st) => st.choices.includes(id)).length;
    const targets = targetRates(offeredSpecs({ accelerated: false, partner: false, doubleOption: false }), 4, false);
    for (const spec of COURSE_CATALOGUE.filter((c) => c.national)) {
      // The national figures (data/catalogue.ts) are given for the whole cohort at four options.
      expect(targets.get(spec.id)).toBeCloseTo(spec.rate, 6);
      expect(Math.abs(count(spec.id) / n - spec.rate), `${spec.id}: ${count(spec.id)} of ${n}, national ${spec.rate}`).toBeLessThan(0.03);
    }
    const languages = new Set(s.courses.filter((c) => c.tags?.includes('language')).map((c) => c.id));
    for (const band of ['high', 'middle', 'low'] as PriorBand[]) {
      const inBand = s.students.filter((st) => st.attributes?.prior === band);
      const ebacc = inBand.filter((st) => st.choices.some((c) => languages.has(c)) && st.choices.some((c) => EBACC_HUMANITIES.includes(c)));
      expect(Math.abs(ebacc.length / inBand.length - EBACC_RATES[band]), `EBacc share of ${band} band`).toBeLessThan(0.05);
    }
    const share = (pred: (a: Record<string, unknown>) => boolean) => s.students.filter((st) => pred(st.attributes ?? {})).length / n;
    expect(share((a) => a.pp === true)).toBeGreaterThan(0.21);
    expect(share((a) => a.pp === true)).toBeLessThan(0.29);
    expect(share((a) => a.sen === 'K')).toBeGreaterThan(0.1);
    expect(share((a) => a.sen === 'K')).toBeLessThan(0.16);
    expect(share((a) => a.sen === 'E')).toBeGreaterThan(0.01);
    expect(share((a) => a.sen === 'E')).toBeLessThan(0.035);
    expect(share((a) => a.gender === 'F')).toBeGreaterThan(0.46);
    expect(share((a) => a.gender === 'F')).toBeLessThan(0.54);
  });

  it('gives every student valid choices that keep their pathway and fit the blocks', () => {
    for (const opts of [
      { students: 300, seed: 3, accelerated: true, partner: true, doubleOption: true },
      { students: 200, seed: 4, blocks: 4, choices: 4, doubleOption: true, accelerated: true },
      { students: 200, seed: 5, blocks: 4, choices: 3 },
    ]) {
      const s = generateScenario(opts);
      const choices = opts.choices ?? 4;
      const byId = new Map(s.courses.map((c) => [c.id, c]));
      const pathways = new Map((s.pathways ?? []).map((p) => [p.id, p]));
      expect(pathways.size).toBeGreaterThanOrEqual(2);
      for (const st of s.students) {
        expect(new Set(st.choices).size, `${st.id} duplicate choices`).toBe(st.choices.length);
        expect(st.reserves!.length).toBeGreaterThanOrEqual(1);
        expect(st.reserves!.length).toBeLessThanOrEqual(2);
        expect(st.reserves!.some((r) => st.choices.includes(r))).toBe(false);
        // Shared discount codes are never chosen together.
        const codes = st.choices.map((c) => byId.get(c)!.discountCode);
        expect(new Set(codes).size, `${st.id} takes two courses of one discount code`).toBe(codes.length);
        const expected = st.pathway === 'FND' ? choices - 1 : choices;
        expect(st.choices.length, `${st.id} on ${st.pathway ?? 'no pathway'}`).toBe(expected);
        if (st.pathway) {
          const p = pathways.get(st.pathway)!;
          expect(p.choices).toBe(expected);
          for (const rule of p.rules) expect(keepsRule(s, st.choices, rule), `${st.id} breaks ${JSON.stringify(rule)} of ${p.id}`).toBe(true);
        }
        // Blocks needed: span per course, the accelerated pair sharing one; courses fixed to one block differ.
        const pair = st.choices.includes('STA') && st.choices.includes('FMA') && byId.get('STA')!.years?.length === 1;
        const needed = st.choices.reduce((n, c) => n + (byId.get(c)!.span ?? 1), 0) - (pair ? 1 : 0);
        expect(needed).toBeLessThanOrEqual(s.blocks.length);
        const fixed = st.choices.filter((c) => byId.get(c)!.blocks?.length === 1 && c !== 'FMA').map((c) => byId.get(c)!.blocks![0]);
        expect(new Set(fixed).size).toBe(fixed.length);
      }
      expect(unresolvedReferences(s)).toEqual([]);
    }
  });

  it('staffs and rooms the groups its demand needs, with some spots tight', () => {
    const s = generateScenario({ students: 240, seed: 9, accelerated: true, partner: true, doubleOption: true });
    const demand = new Map<string, number>();
    for (const st of s.students) for (const c of st.choices) demand.set(c, (demand.get(c) ?? 0) + 1);
    for (const c of s.courses) {
      const d = Math.min(demand.get(c.id) ?? 0, c.places ?? Infinity);
      const groups = Math.ceil(d / c.maxGroupSize);
      expect(c.minGroupSize!).toBeGreaterThanOrEqual(4);
      expect(c.minGroupSize!).toBeLessThanOrEqual(12);
      if ((c.site ?? 'home') !== 'home') {
        expect(s.staff!.some((t) => t.courses.includes(c.id)), `partner course ${c.id} has no home teacher`).toBe(false);
        expect(c.places).toBeGreaterThan(0);
        continue;
      }
      const teachers = s.staff!.filter((t) => t.courses.includes(c.id));
      const capacity = teachers.reduce((n, t) => n + Math.min(t.maxGroups ?? s.blocks.length, s.blocks.length - (t.unavailable ?? []).filter((u) => u.year === undefined).length), 0);
      expect(capacity, `teachers of ${c.id}`).toBeGreaterThanOrEqual(groups);
      const rooms = s.rooms!.filter((r) => r.type === c.roomType);
      const cells = rooms.reduce((n, r) => n + s.blocks.length - (r.unavailable ?? []).length, 0);
      expect(cells, `rooms of type ${c.roomType}`).toBeGreaterThanOrEqual(groups * (c.span ?? 1));
    }
    // Tight spots: some departments have exactly the teacher capacity their courses' groups need.
    const departments = [...new Set(s.staff!.map((t) => t.department as string))];
    const tight = departments.filter((d) => {
      const capacity = s.staff!.filter((t) => t.department === d).reduce((n, t) => n + (t.maxGroups ?? 0), 0);
      const needed = s.courses
        .filter((c) => c.department === d && (c.site ?? 'home') === 'home')
        .reduce((n, c) => n + Math.max(1, Math.ceil(Math.min(demand.get(c.id) ?? 0, c.places ?? Infinity) / c.maxGroupSize)), 0);
      expect(capacity, `teachers of ${d}`).toBeGreaterThanOrEqual(needed);
      return capacity === needed;
    });
    expect(tight.length).toBeGreaterThanOrEqual(1);
    expect(tight.length).toBeLessThan(departments.length / 2);
    expect(s.staff!.some((t) => (t.unavailable ?? []).length > 0), 'some staff are part-time').toBe(true);
    for (const size of s.courses.map((c) => [c.roomType, c.maxGroupSize] as const)) {
      if (size[0] === 'workshop' || size[0] === 'food') expect(size[1]).toBeLessThanOrEqual(20);
      if (size[0] === 'classroom') expect(size[1]).toBeGreaterThanOrEqual(28);
    }
  });

  it('offers the accelerated pair, the partner course and the double option only when asked', () => {
    const plain = generateScenario({ students: 120, seed: 1 });
    expect(plain.courses.some((c) => c.span === 2 || c.site || c.years)).toBe(false);
    const all = generateScenario({ students: 240, seed: 1, accelerated: true, partner: true, doubleOption: true });
    const sta = all.courses.find((c) => c.id === 'STA')!;
    const fma = all.courses.find((c) => c.id === 'FMA')!;
    expect(sta.years).toEqual([10]);
    expect(fma.years).toEqual([11]);
    expect(sta.blocks).toEqual(fma.blocks);
    expect(all.courses.find((c) => c.span === 2)).toBeTruthy();
    const partner = all.courses.find((c) => c.site && c.site !== 'home')!;
    expect(all.sites!.map((x) => x.id)).toContain(partner.site);
    expect(partner.roomType).toBeUndefined();
    expect(all.students.some((st) => st.choices.includes('STA') && st.choices.includes('FMA'))).toBe(true);
  });

  it('rejects bad options with a message naming the option and a hint', () => {
    expect(() => generateScenario({ students: 0, seed: 1 })).toThrow(/students is 0 \(options\.students\)\. Maybe/);
    expect(() => generateScenario({ students: 10, seed: Number.NaN })).toThrow(/options\.seed/);
    expect(() => generateScenario({ students: 10, seed: 1, blocks: 9 })).toThrow(/options\.blocks/);
    expect(() => generateScenario({ students: 10, seed: 1, blocks: 4, choices: 5 })).toThrow(/choices is 5 .*at most the number of blocks \(4\)/);
  });

  it('passes the schema', () => {
    for (const s of [generateScenario({ students: 60, seed: 2, blocks: 4, choices: 3 }), generateScenario({ students: 200, seed: 3, accelerated: true, partner: true, doubleOption: true })]) {
      const parsed = parseScenario(s);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    }
  });
});

describe('samples', () => {
  it('are up to date with the generator (run `npm run samples` after changing it)', () => {
    for (const spec of SAMPLE_SPECS) {
      const committed = readFileSync(join(SAMPLES_DIR, spec.file), 'utf8');
      expect(committed === sampleText(spec), `${spec.file} differs from the generator's output`).toBe(true);
    }
  });

  it('are valid, resolve every reference and have the sizes the planner expects', () => {
    const sizes: Record<string, [number, number]> = { 'sample-120.json': [120, 120], 'sample-240.json': [240, 240], 'sample-360.json': [360, 400] };
    for (const spec of SAMPLE_SPECS) {
      const raw = JSON.parse(readFileSync(join(SAMPLES_DIR, spec.file), 'utf8')) as Scenario;
      const parsed = parseScenario(raw);
      expect(parsed.ok ? [] : parsed.errors, spec.file).toEqual([]);
      expect(unresolvedReferences(raw), spec.file).toEqual([]);
      const [lo, hi] = sizes[spec.file];
      expect(raw.students.length).toBeGreaterThanOrEqual(lo);
      expect(raw.students.length).toBeLessThanOrEqual(hi);
    }
    const main = JSON.parse(readFileSync(join(SAMPLES_DIR, 'sample-240.json'), 'utf8')) as Scenario;
    expect(main.courses.some((c) => c.years?.length === 1 && c.years[0] === 10)).toBe(true);
    expect(main.courses.some((c) => c.years?.length === 1 && c.years[0] === 11)).toBe(true);
    expect(main.courses.some((c) => c.site !== undefined && c.site !== 'home' && c.places !== undefined)).toBe(true);
    expect(main.courses.some((c) => c.span === 2)).toBe(true);
    expect(main.pathways!.length).toBe(3);
  });
});

describe('generate command line', () => {
  it('reads flags, including --flag=value', () => {
    const { options, out } = parseGenerateArgs(['--students', '240', '--seed=3', '--blocks', '4', '--accelerated', '--double', '--out', 'x.json']);
    expect(options).toEqual({ students: 240, seed: 3, blocks: 4, accelerated: true, doubleOption: true });
    expect(out).toBe('x.json');
  });

  it('rejects bad flags with a clear message', () => {
    expect(() => parseGenerateArgs(['--students', 'ten', '--seed', '1'])).toThrow(/--students is "ten", not a whole number/);
    expect(() => parseGenerateArgs(['--studnets', '10', '--seed', '1'])).toThrow(/Unknown flag "--studnets"\. Maybe --students\?/);
    expect(() => parseGenerateArgs(['--seed', '1'])).toThrow(/--students is missing/);
    expect(() => parseGenerateArgs(['--students', '10', '--seed'])).toThrow(/--seed needs a value/);
    expect(() => parseGenerateArgs(['--students', '10', '--seed', '1', '--partner=yes'])).toThrow(/takes no value/);
  });

  it('writes the same scenario as the library and exits 1 on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks4-gen-'));
    const file = join(dir, 'out.json');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(generateCli(['--students', '50', '--seed', '4', '--partner', '--out', file])).toBe(0);
      expect(generateCli(['--students', '50', '--seed', '4', '--blocks', '1'])).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(generateScenario({ students: 50, seed: 4, partner: true }))));
    expect(errors.join('')).toMatch(/blocks is 1 \(--blocks\)\. Maybe/);
  });
});
