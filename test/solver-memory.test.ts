/**
 * Memory stays flat while the search runs (issue 11 item 6), checked by structure rather than by timing:
 * every improvement is saved into the same snapshot buffer, and the journal is empty after every phase and
 * never grows past the largest single move. Scale figures (peak RSS, growth per second) are in
 * test/bench/scale.ts.
 */
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../data/generate';
import { compile } from '../solver/model';
import { Search } from '../solver/search';
import type { Snapshot } from '../solver/state';

function setup() {
  const model = compile(generateScenario({ students: 600, seed: 1 }));
  const search = new Search(model, 1);
  const st = search.st;
  const snapshots = new Set<Snapshot>();
  const seatArrays = new Set<Int32Array>();
  let calls = 0;
  const original = st.snapshot.bind(st);
  st.snapshot = (into?: Snapshot | null) => {
    const snap = original(into);
    calls++;
    snapshots.add(snap);
    seatArrays.add(snap.seat);
    return snap;
  };
  return { model, search, st, snapshots, seatArrays, calls: () => calls };
}

const journalIdle = (search: Search) => {
  expect(search.st.journalLength).toBe(0);
  expect(search.st.recording).toBe(false);
};

describe('memory during the search', () => {
  it('saves every improvement into one snapshot buffer, and the journal is empty after each phase', async () => {
    const { search, snapshots, seatArrays, calls } = setup();
    search.construct();
    journalIdle(search);
    const capacityAfterConstruct = search.st.journalCapacity;
    const stop = await search.run({ workBudget: 4_000_000, deadlineMs: Date.now() + 120_000 }, () => {});
    expect(stop === 'work' || stop === 'optimal').toBe(true);
    journalIdle(search);
    // Several improvements were saved, all into the same buffer (no allocation per improvement).
    expect(calls()).toBeGreaterThan(3);
    expect(snapshots.size).toBe(1);
    expect(seatArrays.size).toBe(1);
    expect(search.best).toBe([...snapshots][0]);
    const capacityAfterRun = search.st.journalCapacity;
    search.repair();
    journalIdle(search);
    search.balanceAll();
    journalIdle(search);
    // The journal holds one move at a time: a second run of the same length does not make it grow.
    const more = await search.run({ workBudget: search.work + 4_000_000, deadlineMs: Date.now() + 120_000 }, () => {});
    expect(more === 'work' || more === 'optimal').toBe(true);
    journalIdle(search);
    expect(snapshots.size).toBe(1);
    expect(search.st.journalCapacity).toBeLessThanOrEqual(Math.max(capacityAfterRun, capacityAfterConstruct, 4096) * 2);
    // One move touches a few dozen students: the journal keeps its first size (4,096 entries) here.
    expect(search.st.journalCapacity).toBe(4096);
  });

  it('a restored best equals the saved one after later improvements overwrote the buffer', async () => {
    const { search, st } = setup();
    search.construct();
    await search.run({ workBudget: 2_000_000, deadlineMs: Date.now() + 120_000 }, () => {});
    // run() ends on the best found: the state and the buffer agree.
    expect(Array.from(st.seat)).toEqual(Array.from(search.best!.seat));
    expect(Array.from(st.slotPlacement)).toEqual(Array.from(search.best!.slotPlacement));
    expect(st.objective()).toBeCloseTo(search.bestScore, 6);
  });
});
