import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { itcShapedScenario, periodLabel } from '../data/itc-shaped';
import { parseScenario } from '../data/schema';
import { compile, ModelError } from '../solver/model';
import { Search } from '../solver/search';
import { isEventModel } from '../solver/search/events';
import { eventPhaseApplies } from '../solver/search/event-phase/phase';
import { MinConflictsSearch } from '../solver/search/event-phase/min-conflicts';
import { PartialColSearch } from '../solver/search/event-phase/partial-col';
import { PeriodRepair } from '../solver/search/event-phase/period-repair';
import { assertConsistent } from '../solver/constraints';
import { generateScenario } from '../data/generate';
import { solve } from '../solver/solve';
import type { Scenario } from '../solver/types';

/** What the documents look like after a trip through JSON (as the command line and the checker read them). */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('itcShapedScenario', () => {
  it('has the ITC 2002 shape by default: 400 events in 45 periods (Mon1..Fri9) of one year, 10 rooms, 300 students attending about 20 events', () => {
    const { scenario } = itcShapedScenario({ seed: 1 });
    expect(scenario.blocks).toHaveLength(45);
    expect(scenario.blocks[0]).toBe('Mon1');
    expect(scenario.blocks[44]).toBe('Fri9');
    expect(new Set(scenario.blocks).size).toBe(45);
    expect(scenario.years).toEqual([10]);
    expect(scenario.courses).toHaveLength(400);
    expect(scenario.rooms).toHaveLength(10);
    expect(scenario.staff).toEqual([]);
    expect(scenario.students).toHaveLength(300);
    const counts = scenario.students.map((s) => s.choices.length);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(19);
    expect(mean).toBeLessThan(21);
    for (const s of scenario.students) expect(new Set(s.choices).size).toBe(s.choices.length);
    for (const c of scenario.courses) {
      // One group an event, a room from its suitable list, no size minimum.
      expect([c.minGroups, c.maxGroups]).toEqual([1, 1]);
      expect(c.rooms!.length).toBeGreaterThan(0);
      expect(c.roomType).toBeUndefined();
      expect(c.minGroupSize ?? 0).toBe(0);
    }
    // Rooms differ by feature set: not every event may use every room.
    const suitable = scenario.courses.map((c) => c.rooms!.length);
    expect(Math.min(...suitable)).toBeLessThan(10);
    expect(periodLabel(45)).toBe('Day6_1');
  });

  it.each([
    { seed: 1 },
    { seed: 2 },
    { seed: 3, events: 100, rooms: 4, students: 60 },
    { seed: 4, events: 350, periods: 45, rooms: 10, students: 200, eventsPerStudent: 17, features: 5 },
    { seed: 5, events: 40, periods: 8, rooms: 5, students: 30, eventsPerStudent: 6, features: 0 },
  ])('validates with the schema and its planted timetable passes the checker (%o)', (opts) => {
    const { scenario, plantedResult } = itcShapedScenario(opts);
    const parsed = parseScenario(viaJson(scenario));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    const verdict = checkResult(viaJson(scenario), viaJson(plantedResult));
    expect(verdict.violations).toEqual([]);
    expect(verdict.ok).toBe(true);
    // The planted timetable seats every student in every event, one group per event.
    expect(plantedResult.summary.fullySatisfied).toBe(scenario.students.length);
    expect(plantedResult.groups).toHaveLength(scenario.courses.length);
    for (const g of plantedResult.groups) expect(g.students.length).toBeGreaterThan(0);
    for (const s of plantedResult.students) expect(Object.keys(s.placed).sort()).toEqual(scenario.students.find((x) => x.id === s.id)!.choices.slice().sort());
  });

  it('the checker notices when the planted timetable is broken (two events of one student in one period)', () => {
    const { scenario, plantedResult } = itcShapedScenario({ seed: 6, events: 100, rooms: 4, students: 60 });
    const result = viaJson(plantedResult);
    const student = scenario.students[0];
    const [first, second] = student.choices.map((c) => result.groups.find((g) => g.course === c)!);
    second.blocks = first.blocks.slice();
    expect(checkResult(viaJson(scenario), result).ok).toBe(false);
  });

  it('is seeded: the same seed gives the same documents, another seed others', () => {
    const a = itcShapedScenario({ seed: 7, events: 120, students: 80 });
    const b = itcShapedScenario({ seed: 7, events: 120, students: 80 });
    const c = itcShapedScenario({ seed: 8, events: 120, students: 80 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c.scenario.students)).not.toBe(JSON.stringify(a.scenario.students));
  });

  it('refuses options it cannot plant, naming the option', () => {
    expect(() => itcShapedScenario({ seed: 1, events: 451 })).toThrow(/events is 451 \(options\.events\)/);
    expect(() => itcShapedScenario({ seed: 1, eventsPerStudent: 46 })).toThrow(/eventsPerStudent is 46/);
    expect(() => itcShapedScenario({ seed: Number.NaN })).toThrow(/seed is NaN/);
  });

  // A reduced instance: 100 events in 45 periods, 10 rooms, 60 students attending about 20 events each,
  // within a modest 30 s budget (the solve stops at the first timetable placing everyone).
  // Guarded: while compile() refuses grids of more than 30 block-year cells (the limit issue 12 removes),
  // this is skipped with the solver's own message; any other failure fails the test.
  it('solve() places every student of a reduced ITC-shaped instance', { timeout: 120_000 }, async (ctx) => {
    const { scenario } = itcShapedScenario({ seed: 1, events: 100, students: 60 });
    let result;
    try {
      result = await solve(viaJson(scenario) as Scenario, { timeSeconds: 30, seed: 1, stopWhenPerfect: true });
    } catch (error) {
      if (error instanceof ModelError && /handles at most \d+/.test(error.message)) {
        console.warn(`Skipped: the solver still refuses a 45-period grid (${error.message})`);
        ctx.skip();
        return;
      }
      throw error;
    }
    const verdict = checkResult(viaJson(scenario), viaJson(result));
    expect(verdict.violations).toEqual([]);
    expect(result.summary.fullySatisfied).toBe(scenario.students.length);
    expect(result.groups).toHaveLength(scenario.courses.length);
  });

  it('is treated as event timetabling (search/events.ts) where the option-block cohorts are not', () => {
    expect(isEventModel(compile(itcShapedScenario({ seed: 1, events: 100, students: 60 }).scenario))).toBe(true);
    expect(isEventModel(compile(generateScenario({ students: 120, seed: 1 })))).toBe(false);
  });

  // The saturation-degree construction hands out rooms as it places each event: on the full ITC shape (400
  // events in 450 room-periods) every event gets a suitable room, where the group-by-group construction left
  // some (11 of 400 on seed 1).
  it('the event construction opens every event with a suitable room on the full ITC shape', () => {
    const { scenario } = itcShapedScenario({ seed: 1 });
    const search = new Search(compile(scenario), 1);
    search.construct();
    expect(search.st.t.unroomed).toBe(0);
    expect(search.st.t.openGroups).toBe(scenario.courses.length);
  });

  it('event and Kempe moves, checked from scratch after every move and undo, on a reduced instance', async () => {
    const { scenario } = itcShapedScenario({ seed: 3, events: 100, rooms: 4, students: 60 });
    const search = new Search(compile(scenario), 2);
    search.construct();
    const before = search.st.t.notFull;
    await search.run({ workBudget: 20_000_000, deadlineMs: Date.now() + 60_000, assertIncremental: true }, () => {});
    search.repair();
    expect(search.moves).toBeGreaterThan(100);
    expect(search.st.hardViolations()).toBe(0);
    expect(search.st.t.notFull).toBeLessThanOrEqual(before);
  });
});

// The event seating fast path (search/event-seat.ts) must be the Seater's best response, only cheaper: on the
// full ITC shape after a stretch of search (clashes everywhere), each student re-seated by it scores no worse
// than the Seater's branch and bound re-seating them from the same state, and the incremental terms stay exact.
describe('EventSeater', () => {
  it('seats each student as well as the Seater does, keeping the state consistent', async () => {
    const { scenario } = itcShapedScenario({ seed: 2 });
    const model = compile(scenario);
    const search = new Search(model, 3);
    search.construct();
    await search.run({ workBudget: 20_000_000, deadlineMs: Date.now() + 60_000 }, () => {});
    const st = search.st;
    expect(search.eventSeater).not.toBeNull();
    let clashing = 0;
    for (let s = 0; s < model.studentCount; s++) {
      const mark = st.begin();
      st.unseatStudent(s);
      search.seater.seatBest(st, s);
      const bySeater = st.score();
      st.undo(mark);
      st.commit();
      const mark2 = st.begin();
      expect(search.eventSeater!.seat(st, s, -1)).toBe(true);
      const byFastPath = st.score();
      assertConsistent(model, st, st.t, `event seating of student ${s}`);
      if (st.unsatPos[s] >= 0) clashing++;
      expect(byFastPath).toBeLessThanOrEqual(bySeater + 1e-9 * Math.abs(bySeater));
      st.undo(mark2);
      st.commit();
    }
    // The comparison covered students whose events clash, not only the easy ones.
    expect(clashing).toBeGreaterThan(10);
  });
});

// The event phase (solver/search/event-phase/): its two tabu searches keep their incremental arrays exact (each
// checked from scratch against the timetable), and what it writes back into the State is what it measured.
describe('event phase', () => {
  const reduced = () => compile(itcShapedScenario({ seed: 3, events: 100, rooms: 4, students: 60 }).scenario);

  /** The construction's timetable as (period, room) per event of the phase. */
  function constructed(search: Search) {
    const tt = search.eventPhase!.tt;
    const periods = new Int32Array(tt.E).fill(-1);
    const rooms = new Int32Array(tt.E).fill(-1);
    for (let e = 0; e < tt.E; e++) {
      const g = tt.eventSlot[e];
      const p = search.st.slotPlacement[g];
      if (p < 0) continue;
      periods[e] = search.conflicts!.placementCell[p];
      rooms[e] = search.st.slotRoom[g];
    }
    return { periods, rooms };
  }

  it('applies to the ITC shape only: every demanded course one group in one cell, no staff', () => {
    const m = reduced();
    expect(new Search(m, 1).eventPhase).not.toBeNull();
    expect(eventPhaseApplies(compile(generateScenario({ students: 120, seed: 1 })), new Int32Array(0))).toBe(false);
    // A course of two groups on the same wide grid: the Search's own moves only.
    const { scenario } = itcShapedScenario({ seed: 3, events: 100, rooms: 4, students: 60 });
    scenario.courses[0] = { ...scenario.courses[0], maxGroups: 2 };
    expect(new Search(compile(scenario), 1).eventPhase).toBeNull();
  });

  it('the partial stage keeps its timetable feasible and its clash counts exact, move after move', () => {
    const search = new Search(reduced(), 4);
    search.construct();
    const phase = search.eventPhase!;
    phase.startFromState(search, search.conflicts!.placementCell);
    const tt = phase.tt;
    expect(tt.verify()).toBeNull();
    const start = tt.unplacedCount;
    const partial = new PartialColSearch(tt, search.rng);
    for (let i = 0; i < 2000 && tt.unplacedCount > 0; i++) {
      partial.step();
      if (i % 50 === 0) expect(tt.verify()).toBeNull();
    }
    expect(tt.verify()).toBeNull();
    expect(partial.bestUnplaced).toBeLessThanOrEqual(start);
    partial.restoreBest();
    expect(tt.verify()).toBeNull();
    expect(tt.unplacedCount).toBe(partial.bestUnplaced);
  });

  it('the complete stage keeps its counts, pressures and room matchings exact, move after move (moves and swaps)', () => {
    const m = compile(itcShapedScenario({ seed: 1 }).scenario);
    const search = new Search(m, 5);
    search.construct();
    const { periods, rooms } = constructed(search);
    const mc = new MinConflictsSearch(search.eventPhase!.tt, search.rng, m.studentCount);
    mc.start(periods, rooms);
    expect(mc.verify(m.studentCount)).toBeNull();
    const startCost = mc.cost;
    for (let i = 0; i < 3000; i++) {
      mc.step();
      if (i % 100 === 0) expect(mc.verify(m.studentCount)).toBeNull();
    }
    expect(mc.verify(m.studentCount)).toBeNull();
    expect(mc.bestCost).toBeLessThan(startCost);
    // Without swaps the same walk is only moves; its arrays stay exact too.
    mc.swaps = false;
    for (let i = 0; i < 500; i++) mc.step();
    expect(mc.verify(m.studentCount)).toBeNull();
  });

  it('the complete stage on either cost (conflicting event pairs, the default; or clashing student pairs) keeps every array exact', () => {
    const m = compile(itcShapedScenario({ seed: 2 }).scenario);
    const search = new Search(m, 9);
    search.construct();
    const { periods, rooms } = constructed(search);
    for (const edgeCost of [true, false]) {
      const mc = new MinConflictsSearch(search.eventPhase!.tt, search.rng, m.studentCount);
      mc.edgeCost = edgeCost;
      mc.start(periods, rooms);
      expect(mc.verify(m.studentCount)).toBeNull();
      const startCost = mc.cost;
      for (let i = 0; i < 1500; i++) {
        mc.step();
        if (i % 150 === 0) expect(mc.verify(m.studentCount)).toBeNull();
      }
      expect(mc.verify(m.studentCount)).toBeNull();
      expect(mc.bestCost).toBeLessThan(startCost);
      // On the edge cost every clashing student pair lies on a conflicting event pair, so the pairs bound it.
      if (edgeCost) expect(mc.conflictEdges).toBeLessThanOrEqual(mc.clashPairs);
    }
  });

  it('the complete stage with clash weighting keeps its weighted pressures, shared weights and costs exact across weight bumps', () => {
    const m = compile(itcShapedScenario({ seed: 1 }).scenario);
    const search = new Search(m, 8);
    search.construct();
    const { periods, rooms } = constructed(search);
    const mc = new MinConflictsSearch(search.eventPhase!.tt, search.rng, m.studentCount);
    // Clash weighting weighs students: it steers the student-pair cost.
    mc.edgeCost = false;
    // Bumps after a short stagnation, so that many happen within the walk.
    mc.bumpStall = 20;
    mc.bumpRoom = 3;
    mc.start(periods, rooms);
    for (let i = 0; i < 2000; i++) {
      mc.step();
      if (i % 200 === 0) expect(mc.verify(m.studentCount)).toBeNull();
    }
    expect(mc.verify(m.studentCount)).toBeNull();
    expect(mc.bumps).toBeGreaterThan(0);
    // The weights only raise the cost the moves see: every clashing pair weighs at least one.
    expect(mc.weightedPairs).toBeGreaterThanOrEqual(mc.clashPairs);
  });

  it('the exact repair finds the cheapest re-assignment of a few periods, as enumerating every one does', () => {
    const search = new Search(reduced(), 12);
    const tt = search.eventPhase!.tt;
    const { E, P, R } = tt;
    const repair = new PeriodRepair(tt);
    const roomWeight = new Int32Array(E).fill(2);
    // The cost of a re-assignment from scratch: conflicting pairs in a period, plus 2 per event its period's
    // rooms cannot hold (the events less a maximum matching, by plain augmenting paths).
    const costOf = (events: number[], periods: number[], colour: number[]) => {
      let cost = 0;
      for (let i = 0; i < events.length; i++) {
        if (tt.placementAt[events[i] * P + periods[colour[i]]] < 0) return Infinity;
        for (let j = i + 1; j < events.length; j++) if (colour[i] === colour[j] && tt.shared[events[i] * E + events[j]] > 0) cost++;
      }
      for (let c = 0; c < periods.length; c++) {
        const q = periods[c];
        const holder = new Array<number>(R).fill(-1);
        const members = events.filter((e, i) => colour[i] === c && tt.needsRoom(e));
        const augment = (e: number, seen: Set<number>): boolean => {
          for (let r = 0; r < R; r++) {
            if (!tt.suits[e * R + r] || tt.roomBlocked[r * P + q] || seen.has(r)) continue;
            seen.add(r);
            if (holder[r] < 0 || augment(holder[r], seen)) {
              holder[r] = e;
              return true;
            }
          }
          return false;
        };
        for (const e of members) if (!augment(e, new Set())) cost += 2;
      }
      return cost;
    };
    let cases = 0;
    for (const periods of [[0, 1, 2], [3, 7, 11], [5, 6], [20, 30, 40]]) {
      // Events spread round-robin over the periods' count: enough to clash and to crowd the 4 rooms.
      const events = Array.from({ length: 8 }, (_, i) => (periods[0] * 13 + i * 11) % E);
      const k = periods.length;
      let best = Infinity;
      const colour = new Array<number>(events.length).fill(0);
      for (let code = 0; code < k ** events.length; code++) {
        for (let i = 0, x = code; i < events.length; i++, x = Math.floor(x / k)) colour[i] = x % k;
        best = Math.min(best, costOf(events, periods, colour));
      }
      expect(repair.solve(events, events.length, periods, k, 1e9, roomWeight, 1e9)).toBe(best < 1e9);
      expect(repair.bestCost).toBe(best);
      const found = Array.from(repair.bestColour.subarray(0, events.length));
      expect(costOf(events, periods, found)).toBe(best);
      // Asked to beat the optimum, it reports no improvement.
      expect(repair.solve(events, events.length, periods, k, best, roomWeight, 1e9)).toBe(false);
      cases++;
    }
    expect(cases).toBe(4);
  });

  it('the exact repair of a few periods keeps every array exact and only ever lowers the cost', () => {
    const m = compile(itcShapedScenario({ seed: 2 }).scenario);
    const search = new Search(m, 11);
    search.construct();
    const { periods, rooms } = constructed(search);
    const mc = new MinConflictsSearch(search.eventPhase!.tt, search.rng, m.studentCount);
    // Repairs driven by hand here, between stretches of moves; the Kempe perturbation off, so the walk between
    // repairs is the tabu moves alone (the Kempe test below has it on).
    mc.repairStall = 0;
    mc.kempeStall = 0;
    mc.start(periods, rooms);
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100; i++) mc.step();
      const before = mc.cost;
      mc.repairPeriodsExactly();
      expect(mc.cost).toBeLessThanOrEqual(before);
      if (round % 8 === 0) expect(mc.verify(m.studentCount)).toBeNull();
    }
    expect(mc.verify(m.studentCount)).toBeNull();
    expect(mc.repairs).toBe(40);
    // Early in the walk the periods in breach are far from optimal: some repairs find a cheaper assignment.
    expect(mc.repairsImproved).toBeGreaterThan(0);
    // And when run by the stage itself after stalls.
    mc.repairStall = 20;
    mc.run(mc.work + 20_000_000);
    expect(mc.repairs).toBeGreaterThan(40);
  });

  it('the complete stage with Kempe-chain swaps keeps every array exact, and a chain swap changes no clash', () => {
    const m = compile(itcShapedScenario({ seed: 2 }).scenario);
    const search = new Search(m, 7);
    search.construct();
    const { periods, rooms } = constructed(search);
    const mc = new MinConflictsSearch(search.eventPhase!.tt, search.rng, m.studentCount);
    mc.start(periods, rooms);
    const { E, P } = search.eventPhase!.tt;
    // Chains swapped directly: a chain is a whole component of the two periods' conflict graph, so no pair of
    // events (nor of a student's events) starts or stops sharing a period; only the rooms are matched anew.
    let partial = 0;
    for (let i = 0; i < 400; i++) {
      const e = i % E;
      const q = (mc.period[e] + 1 + (i % (P - 1))) % P;
      const edges = mc.conflictEdges;
      const pairs = mc.clashPairs;
      const dirty = mc.dirty;
      if (mc.kempe(e, q) > 0) partial++;
      expect([mc.conflictEdges, mc.clashPairs, mc.dirty]).toEqual([edges, pairs, dirty]);
      if (i % 40 === 0) expect(mc.verify(m.studentCount)).toBeNull();
    }
    expect(partial).toBeGreaterThan(0);
    expect(mc.verify(m.studentCount)).toBeNull();
    // And inside the walk, as the perturbation after a stall.
    mc.kempeStall = 5;
    for (let i = 0; i < 1500; i++) {
      mc.step();
      if (i % 150 === 0) expect(mc.verify(m.studentCount)).toBeNull();
    }
    expect(mc.kempeMoves).toBeGreaterThan(partial);
    expect(mc.verify(m.studentCount)).toBeNull();
  });

  it('writes back what it found: the State loses no more students than the phase counted, and keeps every hard rule when no event went roomless', async () => {
    const m = compile(itcShapedScenario({ seed: 2 }).scenario);
    const search = new Search(m, 6);
    search.construct();
    // A budget that ends inside the phase: the State then holds exactly its write-back (the best, restored).
    await search.run({ workBudget: 100_000_000, deadlineMs: Date.now() + 120_000, assertIncremental: true }, () => {});
    const phase = search.eventPhase!;
    expect(phase.finished).toBe(true);
    const mc = phase.complete;
    expect(search.st.t.notFull).toBeLessThanOrEqual(mc.bestLost);
    if (mc.bestLost === mc.bestDirty) expect(search.st.hardViolations()).toBe(0);
    // Two seconds of reference work already place more than two thirds of the cohort.
    expect(m.studentCount - search.st.t.notFull).toBeGreaterThan(200);
  });

  it('is reproducible: the same seed and budget give the same timetable', async () => {
    const run = async () => {
      const search = new Search(reduced(), 7);
      search.construct();
      await search.run({ workBudget: 30_000_000, deadlineMs: Date.now() + 120_000 }, () => {});
      return Array.from(search.best!.slotPlacement).join(',') + '|' + Array.from(search.best!.seat).join(',');
    };
    expect(await run()).toBe(await run());
  });
});
