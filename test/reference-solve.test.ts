/**
 * Issue 14, the re-solve against a published blocking (SolveOptions.reference, solver/constraints/
 * pupils-moved.ts and groups-moved.ts): property tests on generated cohorts.
 *  - No change means no move: re-solving a published blocking against its own scenario moves no pupil and no
 *    group, under stability first, and under satisfaction first with a cap of 0.
 *  - The moves the result reports (summary pupilsMoved, groupsMoved) equal the difference solver/reference/
 *    placementChanges computes from the two documents (independent code), under both orders, after pupils
 *    change choices, join and leave.
 *  - Neither order ends worse than its start in its own order.
 *  - A stricter cap never moves more pupils, and a cap the start allows is kept.
 *  - Satisfaction first without a cap is never worse than with a cap at the pupils who changed (solve.ts's
 *    capped phase): it moves no more pupils unless it satisfies more.
 *  - Assert mode (every move checked from scratch) holds with the two rules in the score.
 *  - The command line: `ks4 solve --reference` prints the moves and writes them in the summary; a published
 *    file of another scenario, or a wrong order or cap, is refused naming what is wrong.
 * Every solve is reproducible (a fixed seed and a work budget far inside its clock).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main as solveCommand } from '../cli/solve';
import { generateScenario } from '../data/generate';
import { placementChanges } from '../solver/reference';
import { solve } from '../solver/solve';
import type { Result, Scenario } from '../solver/types';
import { changeChoices, joinAndLeave } from './helpers/published-change';

/** A short solve whose work budget, not the clock, decides (the same result on any machine). */
const FAST = { timeSeconds: 3, workPerSecond: 1_000_000 } as const;

const cohort = (seed: number, students = 80): Scenario => generateScenario({ students, seed, blocks: 4, choices: 3 });

async function published(sc: Scenario, seed: number): Promise<Result> {
  return solve(sc, { ...FAST, seed, exact: false });
}

/** Pupils moved and groups moved or cancelled by docs/reference.md's definitions, from the two documents alone. */
function difference(before: Scenario, was: Result, after: Scenario, now: Result): { pupils: number; groups: number } {
  const f = placementChanges({ scenario: before, result: was }, { scenario: after, result: now }).figures;
  return { pupils: f.pupilsInBoth - f.pupilsUnchanged, groups: f.groupsPublished - f.groupsUnchanged };
}

describe('re-solve against a published blocking', () => {
  it('no change means no move: stability first, and satisfaction first with caps of 0', async () => {
    for (const seed of [1, 2, 3]) {
      const sc = cohort(seed);
      const was = await published(sc, seed);
      for (const reference of [{ result: was }, { result: was, order: 'satisfaction' as const, maxPupilsMoved: 0, maxGroupsMoved: 0 }]) {
        const now = await solve(sc, { ...FAST, seed: seed + 10, reference });
        expect(now.summary.pupilsMoved, `seed ${seed} ${reference.order ?? 'stability'}`).toBe(0);
        expect(now.summary.groupsMoved).toBe(0);
        const changes = placementChanges({ scenario: sc, result: was }, { scenario: sc, result: now });
        expect(changes.moves).toEqual([]);
        expect(changes.groups).toEqual({ moved: [], cancelled: [], added: [] });
        // Nothing was given up: the same blocking, so the same figures.
        expect(now.summary.fullySatisfied).toBe(was.summary.fullySatisfied);
        expect(now.summary.choicesMet).toBe(was.summary.choicesMet);
      }
    }
  }, 60_000);

  it('the moves reported equal the difference placementChanges computes, under both orders', async () => {
    let someMoved = 0;
    for (const seed of [4, 5, 6, 7]) {
      const sc0 = cohort(seed);
      const was = await published(sc0, seed);
      const sc1 = joinAndLeave(changeChoices(sc0, 8, seed).scenario, seed);
      for (const order of ['stability', 'satisfaction'] as const) {
        const now = await solve(sc1, { ...FAST, seed, reference: { result: was, scenario: sc0, order } });
        const diff = difference(sc0, was, sc1, now);
        expect({ pupils: now.summary.pupilsMoved, groups: now.summary.groupsMoved }, `seed ${seed}, ${order}`).toEqual(diff);
        someMoved += diff.pupils;
      }
    }
    // The comparison had moves to count, not only zeros.
    expect(someMoved).toBeGreaterThan(0);
  }, 60_000);

  it('neither order ends worse than the start in its own order: stability moves no more, satisfaction satisfies no fewer', async () => {
    for (const seed of [8, 9]) {
      const sc0 = cohort(seed);
      const was = await published(sc0, seed);
      const sc1 = changeChoices(sc0, 10, seed).scenario;
      const reference = { result: was, scenario: sc0 };
      // The start alone: a search with next to no work (the start is the same for both orders).
      const start = await solve(sc1, { timeSeconds: 3, workPerSecond: 1, seed, reference });
      const stable = await solve(sc1, { ...FAST, seed, reference: { ...reference, order: 'stability' } });
      const satisfied = await solve(sc1, { ...FAST, seed, reference: { ...reference, order: 'satisfaction' } });
      expect(stable.summary.pupilsMoved!).toBeLessThanOrEqual(start.summary.pupilsMoved!);
      if (stable.summary.pupilsMoved === start.summary.pupilsMoved) expect(stable.summary.fullySatisfied).toBeGreaterThanOrEqual(start.summary.fullySatisfied);
      expect(satisfied.summary.fullySatisfied).toBeGreaterThanOrEqual(start.summary.fullySatisfied);
    }
  }, 60_000);

  it('a stricter cap never moves more pupils, and a cap the start allows is kept', async () => {
    let capsBinding = 0;
    for (const seed of [10, 11, 12]) {
      const sc0 = cohort(seed);
      const was = await published(sc0, seed);
      const sc1 = changeChoices(sc0, 12, seed).scenario;
      const run = (maxPupilsMoved?: number) => solve(sc1, { ...FAST, seed, reference: { result: was, scenario: sc0, order: 'satisfaction', maxPupilsMoved } });
      const free = (await run()).summary.pupilsMoved!;
      // The start alone (a search with next to no work): the re-solve never ends worse than its start, made the
      // same for every cap, so a cap at or above the start's moves is kept.
      const start = (await solve(sc1, { timeSeconds: 3, workPerSecond: 1, seed, reference: { result: was, scenario: sc0, order: 'satisfaction', maxPupilsMoved: 0 } })).summary.pupilsMoved!;
      let looser = free;
      for (const cap of [free, Math.floor((free + start) / 2), start, 0]) {
        const moved = (await run(cap)).summary.pupilsMoved!;
        expect(moved, `seed ${seed}, cap ${cap}`).toBeLessThanOrEqual(looser);
        if (cap >= start) expect(moved, `seed ${seed}, cap ${cap} (start ${start})`).toBeLessThanOrEqual(cap);
        if (cap < free) capsBinding++;
        looser = moved;
      }
    }
    expect(capsBinding).toBeGreaterThan(0);
  }, 120_000);

  it('satisfaction first without a cap is never worse than with a cap at the changed pupils: it moves no more unless it satisfies more', async () => {
    let compared = 0;
    for (const seed of [21, 22, 23]) {
      const sc0 = cohort(seed);
      const was = await published(sc0, seed);
      const { scenario: sc1, changes } = changeChoices(sc0, 6, seed);
      const run = (maxPupilsMoved?: number) => solve(sc1, { ...FAST, seed, reference: { result: was, scenario: sc0, order: 'satisfaction', maxPupilsMoved } });
      const free = (await run()).summary;
      const capped = (await run(new Set(changes.map((c) => c.student)).size)).summary;
      // The usual aims first (fully satisfied, choices met, reserves used), then the fewest pupils moved.
      const tiers = (x: typeof free) => [x.fullySatisfied, x.choicesMet, x.reservesUsed];
      const [a, b] = [tiers(free), tiers(capped)];
      const first = a.findIndex((v, i) => v !== b[i]);
      if (first < 0) {
        expect(free.pupilsMoved!, `seed ${seed}`).toBeLessThanOrEqual(capped.pupilsMoved!);
        compared++;
      } else expect(a[first], `seed ${seed}: tier ${first}`).toBeGreaterThan(b[first]);
    }
    expect(compared).toBeGreaterThan(0);
  }, 120_000);

  it('assert mode: every move, undo, repair and the start checked from scratch with both rules in the score', async () => {
    const sc0 = cohort(13, 40);
    const was = await published(sc0, 13);
    const sc1 = joinAndLeave(changeChoices(sc0, 5, 13).scenario, 13);
    for (const order of ['stability', 'satisfaction'] as const) {
      const now = await solve(sc1, { timeSeconds: 0.2, workPerSecond: 5_000_000, seed: 13, assertIncremental: true, reference: { result: was, order, maxGroupsMoved: 1 } });
      expect(now.summary.pupilsMoved).toBeGreaterThanOrEqual(0);
      expect(now.summary.groupsMoved).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('a group continuing a published one keeps its id; no new group takes a published id', async () => {
    const sc0 = cohort(14);
    const was = await published(sc0, 14);
    // One course loses a group: its maxGroups one below what was published.
    const counts = new Map<string, number>();
    for (const g of was.groups) counts.set(g.course, (counts.get(g.course) ?? 0) + 1);
    const [cut] = [...counts].find(([, n]) => n >= 2)!;
    const sc1: Scenario = { ...sc0, courses: sc0.courses.map((c) => (c.id === cut ? { ...c, maxGroups: counts.get(cut)! - 1 } : c)) };
    const now = await solve(sc1, { ...FAST, seed: 14, reference: { result: was, scenario: sc0 } });
    const ids = new Set(was.groups.map((g) => g.id));
    const kept = now.groups.filter((g) => ids.has(g.id));
    for (const g of kept) expect(g.course).toBe(was.groups.find((p) => p.id === g.id)!.course);
    expect(now.groups.filter((g) => g.course === cut).length).toBe(counts.get(cut)! - 1);
    expect(now.summary.groupsMoved).toBeGreaterThanOrEqual(1);
    expect(now.summary.groupsMoved).toBe(difference(sc0, was, sc1, now).groups);
  }, 60_000);
});

describe('ks4 solve --reference', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-reference-solve-'));
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
    try {
      const code = await solveCommand(args);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      vi.restoreAllMocks();
    }
  }

  it('prints pupils and groups moved and writes them in the summary; refuses a reference of another scenario, naming the file', async () => {
    const sc0 = cohort(20, 60);
    const was = await published(sc0, 20);
    const sc1 = changeChoices(sc0, 4, 20).scenario;
    const scenarioPath = file('now.json', sc1);
    const publishedPath = file('published.json', was);
    const out = join(dir, 'result.json');
    const done = await run([scenarioPath, '--out', out, '--time', '1', '--reference', publishedPath, '--reference-scenario', file('then.json', sc0), '--order', 'stability', '--max-pupils-moved', '5']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as Result;
    const diff = difference(sc0, was, sc1, result);
    expect(done.out).toContain(`stability first): ${diff.pupils} of 60 pupils moved`);
    expect(done.out).toContain(`${diff.groups} of ${was.groups.length} published groups moved or cancelled`);
    expect({ pupils: result.summary.pupilsMoved, groups: result.summary.groupsMoved }).toEqual(diff);

    const other = await solve(cohort(21, 30), { ...FAST, seed: 1, exact: false });
    const otherPupils = { ...other, students: other.students.map((s) => ({ ...s, id: `X${s.id}` })) };
    const refused = await run([scenarioPath, '--out', join(dir, 'no.json'), '--reference', file('other.json', otherPupils)]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/other\.json: none of its 30 pupils is in .*now\.json: it looks like a result of another scenario/);

    const notResult = await run([scenarioPath, '--out', join(dir, 'no.json'), '--reference', scenarioPath]);
    expect(notResult.code).toBe(1);
    expect(notResult.err).toContain('is not a valid published result (--reference)');

    expect((await run([scenarioPath, '--out', join(dir, 'no.json'), '--reference', publishedPath, '--order', 'fastest'])).err).toContain('--order fastest: the order is stability or satisfaction');
    expect((await run([scenarioPath, '--out', join(dir, 'no.json'), '--reference', publishedPath, '--max-pupils-moved', '-1'])).err).toContain('--max-pupils-moved -1: the cap must be a whole number from 0');
    expect((await run([scenarioPath, '--out', join(dir, 'no.json'), '--order', 'stability'])).err).toContain('need --reference PUBLISHED.json');
  }, 60_000);
});
