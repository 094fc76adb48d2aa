/**
 * The search's moves live in their own modules (solver/search/moves/, issue 12, point 5). Moving them out of
 * solver/search.ts was to change nothing: the same seed and work budget make the same moves and end at the
 * same best blocking. The figures below were recorded from the code BEFORE that refactor (moves as methods of
 * Search) and are guards only: "unchanged by the refactor", not targets. A later change that alters the
 * search's course on purpose (a new move, another move mix, a new schedule) changes them too; re-record them
 * then from the code before that change's refactor-free version, never to make a regression pass.
 * Budgets are work units (Search.work), never wall time, so the figures hold on any machine.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compile } from '../solver/model';
import { Search } from '../solver/search';
import { loadInstance } from './bench/run-one';

/** Enough work for a few thousand moves of every kind (and restarts with kicks) on each instance. */
const BUDGET = 60_000_000;
const SEED = 1;

/** The figures the pre-refactor search gave for (instance, SEED, BUDGET): moves made, best score and blocking. */
const RECORDED: { spec: string; moves: number; bestScore: number; work: number; digest: string }[] = [
  // Unchanged by the refactor: recorded at commit 2545da1 (moves still methods of Search), the same on main at
  // fd1f77d (with the event timetabling moves, which leave these models alone) before the refactor was rebased.
  { spec: 'sample:sample-240', moves: 42071, bestScore: 611.022, work: 60000047, digest: 'd968f6e82044641f' },
  { spec: 'ko:120:1', moves: 30841, bestScore: 63.277, work: 60000970, digest: 'cd7a0dbad59042fa' },
  { spec: 'svws:gymabi-ef2018', moves: 4746, bestScore: 194.3615, work: 60055538, digest: '2d859a2ca113bead' },
];

/** sha256 of the best blocking: each group's placement, teacher and room, then every seat (see state.ts Snapshot). */
function digestOf(search: Search): string {
  const best = search.best;
  if (!best) return 'none';
  const hash = createHash('sha256');
  for (const a of [best.slotPlacement, best.slotStaff, best.slotRoom, best.seat]) hash.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return hash.digest('hex').slice(0, 16);
}

async function runSearch(spec: string) {
  const { scenario } = await loadInstance(spec);
  const search = new Search(compile(scenario), SEED);
  // A fixed exact-assignment allowance, so the wall clock never decides whether it runs.
  search.exactAssignSeconds = 60;
  search.construct();
  const stop = await search.run({ workBudget: BUDGET, deadlineMs: Date.now() + 600_000 }, () => {});
  return { spec, stop, moves: search.moves, bestScore: search.bestScore, work: search.work, digest: digestOf(search) };
}

const SPECS = ['sample:sample-240', 'ko:120:1', 'svws:gymabi-ef2018'];

describe('the search in modules makes the same moves as before the refactor', () => {
  it.each(SPECS)('%s: same move count, best score and best blocking for seed 1 and a fixed work budget', async (spec) => {
    const run = await runSearch(spec);
    if (process.env.RECORD_SEARCH_GUARDS) {
      console.log(`RECORD ${JSON.stringify({ stop: run.stop, spec: run.spec, moves: run.moves, bestScore: run.bestScore, work: run.work, digest: run.digest })}`);
      return;
    }
    expect(run.stop).toBe('work');
    const recorded = RECORDED.find((r) => r.spec === spec);
    expect(recorded, `no recorded figures for ${spec}`).toBeDefined();
    expect(run.moves).toBe(recorded!.moves);
    expect(run.work).toBe(recorded!.work);
    expect(run.bestScore).toBe(recorded!.bestScore);
    expect(run.digest).toBe(recorded!.digest);
  }, 120_000);
});
