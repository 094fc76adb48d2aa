/**
 * Issue 11 items 1 and 2, hostile and extreme input.
 *
 * Numbers: every number the schema accepts is modelled exactly (a limit past 32 bits is neither wrapped nor
 * refused: a group size, quota or capacity above the cohort is the cohort, a count of groups that large
 * limits nothing), and a number that cannot be held exactly (1e300) or is not whole (2.5) is refused with
 * its path, its value and the largest accepted.
 *
 * Ids: JavaScript's own property names (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, `valueOf`)
 * as course, student, staff, room, pathway, site and group ids, block labels, attribute and tag names: solve,
 * then the independent checker accepts the result and its placed maps hold them; publish, preview and
 * analyse keep them; the planner's store too.
 *
 * The documents are committed under test/fixtures/hostile/numbers-ids/ (written by make.py there from
 * sample-120) with manifest.json saying what each must give; every one is tried through the library and,
 * for a selection, through the npm scripts of the command line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { guessStudentMapping, importStudents, readCsvText } from '../data/io';
import { formatIssues, parseScenario } from '../data/schema';
import { analyseOffer } from '../solver/analysis';
import { compile, type Model } from '../solver/model';
import { previewCombination } from '../solver/preview';
import { publishOffer } from '../solver/publish';
import { solve } from '../solver/solve';
import type { Result, Scenario } from '../solver/types';

const DIR = join(__dirname, 'fixtures/hostile/numbers-ids');
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

interface Case {
  file: string;
  expect: 'solved' | 'refused' | 'infeasible';
  note: string;
  message?: string;
  field?: string;
  value?: number;
  same?: string;
  kind?: string;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] };
const text = (file: string) => readFileSync(join(DIR, file), 'utf8');
/** JSON.parse keeps `__proto__` as an own key, as a school's file would be read. */
const doc = (file: string) => JSON.parse(text(file)) as Scenario;

const tally = { tried: 0, handled: 0 };
afterAll(() => {
  console.log(`hostile numbers and ids: ${tally.tried} tried, ${tally.handled} handled, ${tally.tried - tally.handled} failed`);
});

/** Every student's placed map says exactly what the groups' student lists say, read as own keys only. */
function placedAgrees(result: Result): string[] {
  const problems: string[] = [];
  const held = new Map<string, Map<string, string>>();
  for (const g of result.groups) {
    for (const sid of g.students) {
      const m = held.get(sid) ?? new Map<string, string>();
      m.set(g.course, g.id);
      held.set(sid, m);
    }
  }
  for (const s of result.students) {
    const want = held.get(s.id) ?? new Map<string, string>();
    const keys = Object.keys(s.placed);
    if (keys.length !== want.size) problems.push(`${s.id}: placed has ${keys.length} courses, the groups ${want.size}`);
    for (const [course, gid] of want) {
      if (!Object.hasOwn(s.placed, course) || s.placed[course] !== gid) problems.push(`${s.id}: placed lost ${course}`);
    }
  }
  return problems;
}

/** The model's numbers, without the scenario it came from. */
function numbers(m: Model): Record<string, unknown> {
  const { scenario: _scenario, diagnostics: _diagnostics, ...rest } = m;
  return rest;
}

describe('hostile numbers and ids: the committed documents through the library', () => {
  const solved = new Map<string, Result>();

  it.each(manifest.cases.filter((c) => c.expect === 'refused').map((c) => [c.file, c] as const))('%s is refused with path, value and limit', (file, c) => {
    tally.tried++;
    const parsed = parseScenario(doc(file));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(formatIssues(parsed.errors)).toMatch(new RegExp(c.message!));
    tally.handled++;
  });

  it.each(manifest.cases.filter((c) => c.expect === 'infeasible').map((c) => [c.file, c] as const))('%s is kept as written and reported as impossible', async (file, c) => {
    tally.tried++;
    const parsed = parseScenario(doc(file));
    if (!parsed.ok) throw new Error(formatIssues(parsed.errors));
    const result = JSON.parse(JSON.stringify(await solve(parsed.value, { timeSeconds: 1, seed: 1 }))) as Result & { diagnostics?: string[] };
    expect((result.diagnostics ?? []).join('\n')).toMatch(new RegExp(c.message!));
    const check = checkResult(doc(file), result);
    expect(check.ok).toBe(false);
    expect(check.violations.every((v) => v.rule === 1)).toBe(true);
    expect(placedAgrees(result)).toEqual([]);
    // The impossible rule does not wreck the rest of the blocking (it once left 0 of 120 satisfied).
    expect(result.summary.fullySatisfied).toBeGreaterThan(parsed.value.students.length * 0.75);
    tally.handled++;
  }, 60_000);

  it('every large limit compiles to the same model as its plain equivalent (never wrapped)', () => {
    const counts = new Set(['course-maxGroups', 'course-maxGroupsPerBlock', 'staff-maxGroups', 'limits-maxGroups']);
    for (const c of manifest.cases.filter((x) => x.same)) {
      // Sizes, quotas and capacities above the cohort are the cohort; counts of groups that large are no limit.
      let reference = doc(c.same!);
      if (counts.has(c.field!)) {
        reference = structuredClone(reference);
        if (c.field === 'course-maxGroups') delete reference.courses[0].maxGroups;
        if (c.field === 'course-maxGroupsPerBlock') delete reference.courses[0].maxGroupsPerBlock;
        if (c.field === 'staff-maxGroups') delete reference.staff![0].maxGroups;
        if (c.field === 'limits-maxGroups') delete reference.limits!.maxGroups;
      }
      expect(numbers(compile(doc(c.file))), c.file).toEqual(numbers(compile(reference)));
    }
    // A minimum group size past the cohort stays one no group can reach: the course never runs.
    const m = compile(doc('number-course-minGroupSize-2p40.json'));
    expect(m.courseMinSize[0]).toBe(m.studentCount + 1);
    expect(m.courseMaxSize[0]).toBe(m.studentCount);
  });

  it.each(manifest.cases.filter((c) => c.expect === 'solved').map((c) => [c.file, c] as const))(
    '%s: solve, then the checker passes and the placed maps agree',
    async (file, c) => {
      tally.tried++;
      const parsed = parseScenario(doc(file));
      if (!parsed.ok) throw new Error(formatIssues(parsed.errors));
      // A quarter of a second's work budget within two seconds of clock: the budget, not a busy machine's clock,
      // stops the search, so the same seed gives the same result and large limits can be compared with the cohort's.
      const result = JSON.parse(JSON.stringify(await solve(parsed.value, { timeSeconds: 2, seed: 1, workPerSecond: 6_250_000 }))) as Result & {
        summary: { stoppedBy?: string };
        diagnostics?: string[];
      };
      solved.set(file, result);
      const check = checkResult(doc(file), result);
      expect(check.violations ?? [], file).toEqual([]);
      expect(check.ok).toBe(true);
      expect(placedAgrees(result)).toEqual([]);
      expect(result.summary.upperBound ?? Infinity).toBeGreaterThanOrEqual(result.summary.fullySatisfied);
      // No course is "limited to 0 groups" by a wrapped number.
      expect((result.diagnostics ?? []).filter((d) => /maxGroups 0|upper bound could be proven/.test(d))).toEqual([]);
      if (c.field === 'course-minGroupSize') expect(result.groups.filter((g) => g.course === doc(file).courses[0].id)).toEqual([]);
      if (c.kind) {
        const scenario = doc(file);
        expect(result.students.map((s) => s.id)).toEqual(scenario.students.map((s) => s.id));
        if (c.kind === 'courses' || c.kind === 'all') {
          for (const id of HOSTILE) expect(result.students.some((s) => Object.hasOwn(s.placed, id)), `${file}: a student placed in ${id}`).toBe(true);
        }
        if (c.kind === 'groups' || c.kind === 'all') {
          for (const g of scenario.groups ?? []) expect(result.groups.map((x) => x.id)).toContain(g.id);
        }
      }
      tally.handled++;
    },
    60_000,
  );

  it('the same fully-satisfied figure as the cohort-sized limit (when the work budget stopped both)', async () => {
    let compared = 0;
    let skipped = 0;
    for (const c of manifest.cases.filter((x) => x.same)) {
      const a = solved.get(c.file);
      const b = solved.get(c.same!);
      if (!a || !b) continue;
      const sa = a.summary as { stoppedBy?: string };
      const sb = b.summary as { stoppedBy?: string };
      if (sa.stoppedBy === 'time' || sb.stoppedBy === 'time') {
        skipped++; // the clock, not the budget, stopped one: the same seed may give another result
        continue;
      }
      compared++;
      expect(a.summary.fullySatisfied, `${c.file} against ${c.same}`).toBe(b.summary.fullySatisfied);
    }
    console.log(`large limits against their cohort-sized equivalent: ${compared} compared, ${skipped} left out (stopped by the clock)`);
  });

  it('publish, preview and analyse keep every hostile id', async () => {
    const file = 'ids-all.json';
    const scenario = doc(file);
    const result = solved.get(file) ?? (JSON.parse(JSON.stringify(await solve(scenario, { timeSeconds: 1, seed: 1 }))) as Result);
    const offer = JSON.parse(JSON.stringify(publishOffer(scenario, result)));
    const courseIds = offer.courses.map((c: { id: string }) => c.id);
    for (const id of HOSTILE) expect(courseIds).toContain(id);
    expect(offer.blocks).toEqual(HOSTILE.slice(0, 4)); // the sample has four blocks
    for (const id of HOSTILE) expect(offer.groups.some((g: { course: string }) => g.course === id)).toBe(true);
    // A student's combination of two hostile courses: placed under their own keys.
    const preview = previewCombination(offer, { choices: ['__proto__', 'toString', 'SOC'], pathway: 'constructor' });
    const shown = preview.fits ? preview : preview.alternatives[0];
    expect(shown).toBeDefined();
    const keys = Object.keys(JSON.parse(JSON.stringify(shown.placement)));
    if (preview.fits) expect(keys).toEqual(expect.arrayContaining(['__proto__', 'toString', 'SOC']));
    expect(keys.length).toBeGreaterThan(0);
    // The student link carries the offer compressed in its fragment: the ids come back as they went.
    const { encodeOffer, decodeOffer } = await import('../web/student/offer-link');
    const back = await decodeOffer(await encodeOffer(offer));
    expect('offer' in back ? JSON.parse(JSON.stringify(back.offer)) : back).toEqual(offer);
    const analysis = JSON.parse(JSON.stringify(analyseOffer(scenario, result)));
    const attrs = (analysis.totals.equity.attributes ?? []).map((a: { attribute: string }) => a.attribute);
    for (const id of HOSTILE) expect(attrs, 'equity by attribute').toContain(id);
  }, 60_000);
});

describe('hostile numbers and ids: the command line (npm scripts)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ks4-hostile-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const npm = (args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { encoding: 'utf8', cwd: join(__dirname, '..'), timeout: 120_000 });

  // Each of the 7 limits at 2^32, refusals of both kinds, and every kind of hostile id at once.
  const CLI = ['number-course-maxGroupSize-1e300.json', 'number-course-maxGroups-2.5.json', 'number-periodsPerFortnight-1e300.json', 'ids-all.json'];
  const viaCli = manifest.cases.filter((c) => c.file.endsWith('-2p32.json') || CLI.includes(c.file));

  it.each(viaCli.map((c) => [c.file, c] as const))('%s', (file, c) => {
    tally.tried++;
    const out = join(tmp, file.replace('.json', '.result.json'));
    const solved = npm(['solve', '--', join(DIR, file), '--out', out, '--time', '1', '--seed', '1']);
    if (c.expect === 'refused') {
      expect(solved.status, solved.stderr).toBe(1);
      expect(solved.stderr).toMatch(new RegExp(c.message!));
      expect(existsSync(out)).toBe(false);
    } else if (c.expect === 'infeasible') {
      // Written (the document is valid), said to be impossible, and the checker finds the rule broken.
      expect(solved.status, solved.stderr).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).diagnostics.join('\n')).toMatch(new RegExp(c.message!));
      const checked = npm(['check', '--', join(DIR, file), out]);
      expect(checked.status).toBe(1);
      expect(checked.stdout + checked.stderr).toMatch(/minGroups/);
    } else {
      expect(solved.status, solved.stderr).toBe(0);
      const checked = npm(['check', '--', join(DIR, file), out]);
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
      const result = JSON.parse(readFileSync(out, 'utf8')) as Result;
      expect(placedAgrees(result)).toEqual([]);
      expect(result.summary.upperBound ?? Infinity).toBeGreaterThanOrEqual(result.summary.fullySatisfied);
      if (file === 'ids-all.json') {
        const analysed = npm(['analyse', '--', join(DIR, file), out]);
        expect(analysed.status, analysed.stderr).toBe(0);
        const offer = join(tmp, 'offer.json');
        const published = npm(['publish', '--', join(DIR, file), out, '--out', offer]);
        expect(published.status, published.stderr).toBe(0);
        const offerDoc = JSON.parse(readFileSync(offer, 'utf8'));
        for (const id of HOSTILE) expect(offerDoc.courses.map((x: { id: string }) => x.id)).toContain(id);
        const previewed = npm(['preview', '--', offer, '--choices', '__proto__,toString,SOC', '--pathway', 'constructor']);
        expect(previewed.status, previewed.stderr).toBe(0);
        const shown = JSON.parse(previewed.stdout);
        const placement = shown.fits ? shown.placement : shown.alternatives?.[0]?.placement;
        if (shown.fits) expect(Object.keys(placement)).toEqual(expect.arrayContaining(['__proto__', 'toString', 'SOC']));
      }
    }
    tally.handled++;
  }, 180_000);
});

describe('hostile numbers and ids: fast-check property', () => {
  // Ids drawn from JavaScript's own property names (Object.prototype's and Function.prototype's).
  const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype)])];
  const BIG = Number.MAX_SAFE_INTEGER;
  const limit = (small: number) => fc.oneof(fc.integer({ min: 1, max: small }), fc.integer({ min: 1, max: BIG }), fc.constantFrom(2 ** 31, 2 ** 32, BIG));

  const scenarioArb = fc
    .record({
      blocks: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 4 }),
      courses: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 3, maxLength: 5 }),
      students: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 4, maxLength: 12 }),
      staff: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 0, maxLength: 3 }),
      rooms: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 0, maxLength: 3 }),
      attribute: fc.constantFrom(...NAMES),
      site: fc.constantFrom(...NAMES.filter((n) => n !== 'home')),
      pathway: fc.constantFrom(...NAMES),
      sizes: fc.array(limit(6), { minLength: 5, maxLength: 5 }),
      maxGroups: fc.array(fc.option(limit(3), { nil: undefined }), { minLength: 5, maxLength: 5 }),
      places: fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: BIG })), { nil: undefined }), { minLength: 5, maxLength: 5 }),
      staffMax: fc.array(fc.option(limit(4), { nil: undefined }), { minLength: 3, maxLength: 3 }),
      capacity: fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: BIG })), { minLength: 3, maxLength: 3 }),
      budget: fc.option(limit(8), { nil: undefined }),
      picks: fc.array(fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }), { minLength: 12, maxLength: 12 }),
      seed: fc.nat(1000),
    })
    .map((r): Scenario => {
      const courses = r.courses.map((id, i) => ({
        id,
        name: `Course ${i}`,
        maxGroupSize: r.sizes[i],
        ...(r.maxGroups[i] !== undefined ? { maxGroups: r.maxGroups[i] } : {}),
        ...(r.places[i] !== undefined ? { places: r.places[i] } : {}),
        roomType: 'classroom',
        tags: [r.attribute],
        ...(i === 0 ? { site: r.site } : {}),
      }));
      // Built from entries, so an attribute called __proto__ is an own key, as JSON.parse makes it.
      const students = r.students.map((id, i) => ({
        id,
        choices: [...new Set(r.picks[i].map((k) => r.courses[k % r.courses.length]))],
        attributes: Object.fromEntries([[r.attribute, i % 2 === 0 ? 'a' : 'b']]),
        ...(i % 3 === 0 ? { pathway: r.pathway } : {}),
      }));
      return {
        format: 'ks4-scenario/1',
        name: 'hostile property',
        blocks: r.blocks,
        ...(r.budget !== undefined ? { limits: { maxGroups: r.budget } } : {}),
        courses,
        staff: r.staff.map((id, t) => ({ id, courses: r.courses, ...(r.staffMax[t] !== undefined ? { maxGroups: r.staffMax[t] } : {}) })),
        rooms: r.rooms.map((id, t) => ({ id, type: 'classroom', capacity: r.capacity[t] })),
        sites: [{ id: r.site, name: 'Partner' }],
        pathways: [{ id: r.pathway, name: 'Route', rules: [{ notTogether: [r.courses[0], r.courses[1]] }, { max: 2, from: [`tag:${r.attribute}`] }] }],
        students,
      } as Scenario;
    });

  it('solve, then check: the checker agrees with the independent rules', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.nat(1000), async (scenario, seed) => {
        // As a file would arrive: JSON text parsed, so hostile keys are own properties.
        const input = JSON.parse(JSON.stringify(scenario));
        const parsed = parseScenario(input);
        if (!parsed.ok) throw new Error(formatIssues(parsed.errors));
        const result = JSON.parse(JSON.stringify(await solve(parsed.value, { timeSeconds: 0.3, seed }))) as Result;
        const check = checkResult(JSON.parse(JSON.stringify(scenario)), result);
        if (!check.ok) throw new Error(JSON.stringify(check.violations ?? check, null, 1).slice(0, 2000));
        expect(placedAgrees(result)).toEqual([]);
        expect(result.students.map((s) => s.id)).toEqual(scenario.students.map((s) => s.id));
        if (result.summary.upperBound !== undefined) expect(result.summary.upperBound).toBeGreaterThanOrEqual(result.summary.fullySatisfied);
      }),
      { numRuns: 12, seed: 11 },
    );
  }, 120_000);
});

describe('hostile ids in the planner store', () => {
  it('solves, re-seats and checks a scenario whose courses and students are called __proto__, toString ...', async () => {
    const { initPlanner, setTimeLimit, solveCurrent, currentRecord, moveGroup } = await import('../web/state/actions');
    const { memoryPersistence } = await import('../web/state/persist');
    const { createSolverApi } = await import('../solver/worker-api');
    const { clashMatrix } = await import('../web/state/derived');
    const api = createSolverApi();
    let clock = 1_800_000_000_000;
    const sample = doc('ids-all.json');
    await initPlanner({
      solver: { solve: (s, o, p) => api.solve(s, o, p), cancel: () => api.cancel(), reseat: (s, g, o) => api.reseat(s, g, o) },
      persistence: memoryPersistence(),
      sample: () => JSON.parse(JSON.stringify(sample)),
      now: () => (clock += 10),
    });
    setTimeLimit(1);
    await solveCurrent();
    const rec = currentRecord()!;
    expect(rec.result).not.toBeNull();
    const first = JSON.parse(JSON.stringify(rec.result)) as Result;
    expect(checkResult(JSON.parse(JSON.stringify(rec.scenario)), first).ok).toBe(true);
    expect(placedAgrees(first)).toEqual([]);
    expect(first.students.some((s) => Object.hasOwn(s.placed, '__proto__'))).toBe(true);
    expect(clashMatrix(rec.scenario).courses).toContain('__proto__');
    // Move a group of the course called __proto__: the re-seated result still keeps every rule.
    const g = first.groups.find((x) => x.course === '__proto__' && x.blocks.length === 1)!;
    const to = rec.scenario.blocks.find((b) => b !== g.blocks[0])!;
    await moveGroup(g.id, to);
    const after = JSON.parse(JSON.stringify(currentRecord()!.result)) as Result;
    expect(placedAgrees(after)).toEqual([]);
    expect(checkResult(JSON.parse(JSON.stringify(currentRecord()!.scenario)), after).ok).toBe(true);
  }, 60_000);
});

describe('hostile ids through the students import', () => {
  it('keeps students, courses and attribute columns called __proto__, constructor, toString', () => {
    const table = readCsvText('Student ID,Name,Option 1,Option 2,__proto__,toString\r\n__proto__,Ann Lee,__proto__,toString,F,1\r\nconstructor,Bob Ray,toString,constructor,M,2\r\n');
    const mapping = guessStudentMapping(table.headers);
    mapping.attributes = [
      { column: '__proto__', name: '__proto__', type: 'text' },
      { column: 'toString', name: 'toString', type: 'number' },
    ];
    const courses = HOSTILE.map((id) => ({ id, name: id, maxGroupSize: 30 }));
    const out = importStudents(table, mapping, { courses, pathways: [] });
    const students = JSON.parse(JSON.stringify(out.students)) as Scenario['students'];
    expect(students.map((s) => s.id)).toEqual(['__proto__', 'constructor']);
    expect(students[0].choices).toEqual(['__proto__', 'toString']);
    expect(students[1].choices).toEqual(['toString', 'constructor']);
    expect(students[0].attributes).toEqual(Object.fromEntries([['__proto__', 'F'], ['toString', 1]]));
    expect(Object.keys(students[1].attributes!)).toEqual(['__proto__', 'toString']);
  });
});
