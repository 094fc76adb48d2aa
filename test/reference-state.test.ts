/**
 * Issue 14, the published reference in the planner's store (web/state/actions.ts publishResult, web/reference/):
 * with the real solver in-process and a Map for IndexedDB. Publishing keeps a copy of the blocking and its
 * scenario with the date, survives a restart, is refused for an out-of-date blocking, is carried by a clone
 * and forgotten on un-publish; after three pupils change a choice and a course is cut to one group, a
 * re-solve's change list is the true difference and names the reasons; the letters and class lists for
 * the changed pupils hold their rows only. The re-solve with fewest changes (solveCurrent with a reference):
 * with nothing changed nobody moves; after three pupils change a choice and a group is cancelled, under
 * stability first only those pupils and the cancelled group's pupils move, its figures are the change
 * list's, one undo takes it back; under satisfaction first a cap on pupils moved holds. The worker client
 * sends a re-solve with a reference to one worker, an ordinary solve to every worker (the portfolio). Cancel
 * keeps the re-solve's best so far; notHonoured names what the scenario no longer allows; the result parser
 * reads the summary's pupilsMoved and groupsMoved as whole numbers 0 or more.
 */
import { describe, expect, it } from 'vitest';
import { classListsTable } from '../data/io';
import { mailMergeTable } from '../data/io/letters';
import { createSolverApi } from '../solver/worker-api';
import { cloneScenario, currentRecord, editScenario, flushSaves, initPlanner, publishResult, setTimeLimit, solveCurrent, undo, unpublishResult } from '../web/state/actions';
import type { SolverPort } from '../web/state/solver-client';
import type { WorkerSolveOptions } from '../solver/worker-api';
import type { Scenario } from '../solver/types';
import { notHonoured } from '../web/reference/not-honoured';
import { parseResult } from '../data/schema';
import { cancelSolve } from '../web/state/actions';
import { memoryPersistence } from '../web/state/persist';
import { plannerStore } from '../web/state/store';
import { recordMoves, scenarioChangesOf, stabilityFigureItems } from '../web/reference/derived';
import { smallSchool } from './helpers/small-school';

let clock = 1_800_000_000_000;
const now = () => (clock += 10);

async function planner(persistence = memoryPersistence(), calls: WorkerSolveOptions[] = []) {
  const api = createSolverApi();
  const solver: SolverPort = {
    solve: (s, o, p) => {
      calls.push(o);
      return api.solve(s, o, p);
    },
    cancel: () => api.cancel(),
    reseat: (s, g, o) => api.reseat(s, g, o),
  };
  await initPlanner({ solver, persistence, sample: () => smallSchool(), now });
  setTimeLimit(1);
  return persistence;
}

/** Pupils with a move in the record's change list (a kept course in another group or block, or newly (un)placed). */
const movedPupils = () => new Set(recordMoves(currentRecord()!)!.moves.map((m) => m.student));

describe('the published blocking in the planner', () => {
  it('publishes, survives a restart, changes three pupils and a course, and lists the true moves after a re-solve', async () => {
    const persistence = await planner();
    await solveCurrent();
    const rec = currentRecord()!;
    expect(rec.result).not.toBeNull();
    expect(stabilityFigureItems(rec)).toEqual([]);
    expect(publishResult(rec.id)).toBe(true);
    const published = currentRecord()!.published!;
    expect(published.publishedAt).toBe(clock);
    expect(published.result).toEqual(rec.result);
    expect(published.result).not.toBe(rec.result);
    // Compared with itself: nobody moved, every group unchanged.
    const self = recordMoves(currentRecord()!)!;
    expect(self.moves).toEqual([]);
    expect(self.figures.pupilsUnchanged).toBe(rec.result!.students.length);
    expect(stabilityFigureItems(currentRecord()!).map((f) => f.value)).toEqual([`${rec.result!.students.length} / ${rec.result!.students.length}`, `${rec.result!.groups.length} / ${rec.result!.groups.length}`]);

    // A restart on the same storage finds it again.
    await flushSaves();
    await planner(persistence);
    expect(currentRecord()!.published).toEqual(published);

    // Three pupils swap their first choice for a course they neither chose nor hold as a reserve; a course that
    // ran two or more groups is cut by one (the first such, in the published blocking).
    const before = currentRecord()!.scenario;
    const counts = new Map<string, number>();
    for (const g of published.result.groups) counts.set(g.course, (counts.get(g.course) ?? 0) + 1);
    const [cut, ran] = [...counts].find(([, n]) => n >= 2)!;
    const cutName = before.courses.find((c) => c.id === cut)!.name;
    const changed = before.students.slice(0, 3).map((s) => s.id);
    const courseIds = before.courses.map((c) => c.id);
    editScenario('late changes', (s) => ({
      ...s,
      students: s.students.map((st) => (changed.includes(st.id) ? { ...st, choices: [courseIds.find((c) => !st.choices.includes(c) && !(st.reserves ?? []).includes(c) && c !== 'MUS')!, ...st.choices.slice(1)] } : st)),
      courses: s.courses.map((c) => (c.id === cut ? { ...c, maxGroups: ran - 1 } : c)),
    }));
    const stale = currentRecord()!;
    expect(stale.resultStale).toBe(true);
    expect(publishResult(stale.id)).toBe(false);
    const sc = scenarioChangesOf(stale.published!, stale.scenario);
    expect(sc.pupils.changed.map((p) => p.id)).toEqual(changed);
    expect(sc.courses.changed).toEqual([expect.objectContaining({ id: cut, fields: [expect.objectContaining({ field: 'maxGroups', after: ran - 1 })] })]);

    await solveCurrent();
    const after = currentRecord()!;
    expect(plannerStore.getState().message?.text).toMatch(/^Solved/);
    expect(after.resultStale).toBe(false);
    const moves = recordMoves(after)!;
    // The change list is exactly the difference of the two results.
    const place = (r: typeof after.result, sid: string, c: string) => {
      const g = r!.students.find((s) => s.id === sid)?.placed[c];
      return g === undefined ? null : `${g}@${r!.groups.find((x) => x.id === g)!.blocks.join('+')}`;
    };
    const diff: string[] = [];
    for (const s of after.result!.students) {
      const old = published.result.students.find((x) => x.id === s.id)!;
      for (const c of new Set([...Object.keys(old.placed), ...Object.keys(s.placed)])) if (place(published.result, s.id, c) !== place(after.result, s.id, c)) diff.push(`${s.id}|${c}`);
    }
    expect(moves.moves.map((m) => `${m.student}|${m.course}`).sort()).toEqual(diff.sort());
    // Each changed pupil's dropped and added choice, where it moved, is put down to their own change, in words.
    for (const sid of changed) {
      const was = before.students.find((s) => s.id === sid)!;
      const is = after.scenario.students.find((s) => s.id === sid)!;
      for (const m of moves.moves.filter((x) => x.student === sid && (x.course === was.choices[0] || x.course === is.choices[0]))) {
        expect(m.reason).toBe('own-change');
        expect(m.why).toMatch(m.course === was.choices[0] ? /^they dropped .+ from their choices$/ : /^they added .+ to their choices$/);
      }
      // Their dropped first choice was placed when published (every pupil of this school is), so it is a move.
      expect(moves.moves.some((x) => x.student === sid && x.course === was.choices[0])).toBe(published.result.students.find((s) => s.id === sid)!.placed[was.choices[0]] !== undefined);
    }
    // Every other pupil who was in a group of the cut course that is gone is put down to the cancelled group.
    expect(after.result!.groups.filter((g) => g.course === cut).length).toBeLessThan(ran);
    const gone = moves.moves.filter((x) => !changed.includes(x.student) && x.course === cut && x.from && !after.result!.groups.some((g) => g.id === x.from!.group));
    expect(gone.length).toBeGreaterThan(0);
    for (const m of gone) {
      expect(m.reason).toBe('group-cancelled');
      expect(m.why).toContain(`${cutName} now runs at most ${ran - 1} group`);
    }

    // Letters and class lists for the changed pupils only.
    const ids = [...new Set([...moves.moves.map((m) => m.student), ...moves.joined])];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const letters = mailMergeTable(after.scenario, after.result!, { school: 'S', date: 'D', contact: 'C' }, ids);
    expect(letters.slice(1).map((r) => r[0]).sort()).toEqual([...ids].sort());
    const lists = classListsTable(after.scenario, after.result!, { studentIds: ids });
    const idColumn = lists[0].indexOf('Student ID');
    expect(new Set(lists.slice(1).map((r) => r[idColumn]))).toEqual(new Set(ids));

    // A clone keeps the published blocking; un-publishing forgets it on this record only.
    const copy = cloneScenario(after.id, 'what if')!;
    expect(currentRecord()!.id).toBe(copy);
    expect(currentRecord()!.published).toEqual(published);
    unpublishResult(copy);
    expect(currentRecord()!.published).toBeUndefined();
    await flushSaves();
    expect(persistence.records.get(copy)!.published).toBeUndefined();
    expect(persistence.records.get(after.id)!.published).toEqual(published);
  }, 60_000);

  it('re-solves with the fewest changes: under stability only the changed pupils and the cancelled group\'s pupils move; under satisfaction a cap holds', async () => {
    const calls: WorkerSolveOptions[] = [];
    await planner(memoryPersistence(), calls);
    await solveCurrent();
    const rec = currentRecord()!;
    expect(publishResult(rec.id)).toBe(true);
    const published = currentRecord()!.published!;

    // Nothing asked for before publishing, a bad cap, or with nothing changed: refused, or nobody moves.
    await solveCurrent({ order: 'satisfaction', maxPupilsMoved: 1.5 });
    expect(plannerStore.getState().message?.text).toMatch(/"At most … pupils moved" must be a whole number, 0 or more \(it is 1\.5\)/);
    expect(currentRecord()!.result).toBe(rec.result);
    await solveCurrent({ order: 'stability' });
    expect(calls.at(-1)!.reference).toEqual({ result: published.result, scenario: published.scenario, order: 'stability' });
    expect(calls.at(-1)!.initial).toBeUndefined();
    expect(currentRecord()!.result!.summary).toMatchObject({ pupilsMoved: 0, groupsMoved: 0 });
    expect(movedPupils().size).toBe(0);
    expect(plannerStore.getState().message?.text).toMatch(/^Re-solved "[^"]+" with the fewest changes \(keeping pupils where they are first\): 0 of \d+ pupils moved, 0 of \d+ published groups moved or cancelled/);

    // Three pupils swap their first choice for a course they neither chose nor hold as a reserve; a course that
    // ran two or more groups may now run one fewer, so one of its published groups is cancelled.
    const before = currentRecord()!.scenario;
    const counts = new Map<string, number>();
    for (const g of published.result.groups) counts.set(g.course, (counts.get(g.course) ?? 0) + 1);
    const [cut, ran] = [...counts].find(([, n]) => n >= 2)!;
    const changed = before.students.slice(0, 3).map((s) => s.id);
    const courseIds = before.courses.map((c) => c.id);
    editScenario('late changes', (s) => ({
      ...s,
      students: s.students.map((st) => (changed.includes(st.id) ? { ...st, choices: [courseIds.find((c) => !st.choices.includes(c) && !(st.reserves ?? []).includes(c) && c !== 'MUS')!, ...st.choices.slice(1)] } : st)),
      courses: s.courses.map((c) => (c.id === cut ? { ...c, maxGroups: ran - 1 } : c)),
    }));
    // Said before it runs: the course's groups, one of which must go.
    const cutGroups = published.result.groups.filter((g) => g.course === cut).map((g) => g.id);
    expect(notHonoured(published, currentRecord()!.scenario)).toEqual([expect.stringContaining(`now runs at most ${ran - 1} group${ran - 1 === 1 ? '' : 's'} (${ran} were published): one of ${cutGroups.join(', ')} must be cancelled`)]);
    const staleResult = currentRecord()!.result;

    await solveCurrent({ order: 'stability' });
    const stable = currentRecord()!;
    expect(stable.resultStale).toBe(false);
    const moves = recordMoves(stable)!;
    // The summary's figures are the change list's (docs/format.md).
    expect(stable.result!.summary.pupilsMoved).toBe(moves.figures.pupilsInBoth - moves.figures.pupilsUnchanged);
    expect(stable.result!.summary.groupsMoved).toBe(moves.figures.groupsPublished - moves.figures.groupsUnchanged);
    // Exactly one group of the cut course is gone and no other published group moved.
    expect(moves.groups.cancelled.length).toBe(1);
    expect(cutGroups).toContain(moves.groups.cancelled[0]);
    expect(moves.groups.moved).toEqual([]);
    // Who moved: the three changed pupils and the cancelled group's pupils, nobody else.
    const cancelledPupils = published.result.groups.find((g) => g.id === moves.groups.cancelled[0])!.students;
    const allowed = new Set([...changed, ...cancelledPupils]);
    const moved = movedPupils();
    expect([...moved].filter((id) => !allowed.has(id))).toEqual([]);
    expect(cancelledPupils.filter((id) => stable.scenario.students.some((s) => s.id === id)).every((id) => moved.has(id))).toBe(true);
    // Pupils moved counts pupils with a KEPT course placed otherwise (docs/reference.md): a changed pupil whose only
    // moves are the course they dropped and the one they added is in the change list but not counted.
    const pupilsMoved = stable.result!.summary.pupilsMoved!;
    expect(pupilsMoved).toBeLessThanOrEqual(moved.size);
    expect(pupilsMoved).toBeGreaterThan(0);
    expect(stabilityFigureItems(stable).slice(2)).toEqual([expect.objectContaining({ label: 'Pupils moved', value: String(pupilsMoved) }), expect.objectContaining({ label: 'Groups moved', value: '1' })]);
    // One undo step brings back the blocking shown before the re-solve.
    undo();
    expect(currentRecord()!.result).toBe(staleResult);
    await solveCurrent({ order: 'stability' });

    // Satisfaction first with a cap of N pupils moved: at most N move (N: what stability first needed, which
    // the start the re-solve begins from keeps); uncapped it may move more to satisfy more.
    const cap = pupilsMoved;
    await solveCurrent({ order: 'satisfaction', maxPupilsMoved: cap });
    expect(calls.at(-1)!.reference).toMatchObject({ order: 'satisfaction', maxPupilsMoved: cap });
    const capped = currentRecord()!;
    const cappedMoves = recordMoves(capped)!;
    expect(capped.result!.summary.pupilsMoved).toBe(cappedMoves.figures.pupilsInBoth - cappedMoves.figures.pupilsUnchanged);
    expect(capped.result!.summary.pupilsMoved).toBeLessThanOrEqual(cap);
    expect(capped.result!.summary.fullySatisfied).toBeGreaterThanOrEqual(stable.result!.summary.fullySatisfied);
    expect(plannerStore.getState().message?.text).toMatch(/\(satisfying the most pupils first\)/);
  }, 120_000);

  it('sends a re-solve with a reference to one worker, an ordinary solve to the portfolio', async () => {
    const { workerSolver } = await import('../web/state/solver-client');
    const seen: string[] = [];
    // A fake Worker per slot: each answers comlink's calls by recording which slot was asked.
    class FakeWorker extends EventTarget {
      constructor(private readonly slot: number) {
        super();
      }
      postMessage(msg: { id?: string; type?: string; path?: string[] }) {
        if (msg.type === 'APPLY' && msg.path?.[0] === 'solve') seen.push(`slot ${this.slot}`);
        // Never answered: the test only looks at which workers were asked.
      }
      terminate() {}
      start() {}
    }
    let made = 0;
    const solver = workerSolver(() => new FakeWorker(made++) as unknown as Worker, 3);
    const sc: Scenario = smallSchool();
    void solver.solve(sc, { timeSeconds: 1, reference: { result: { format: 'ks4-result/1', scenario: sc.name, groups: [], students: [], summary: { students: 0, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: 0, seconds: 0, seed: 1 } }, order: 'stability' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['slot 0']);
    expect(made).toBe(1);
    seen.length = 0;
    made = 0;
    const portfolio = workerSolver(() => new FakeWorker(made++) as unknown as Worker, 3);
    void portfolio.solve(sc, { timeSeconds: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.sort()).toEqual(['slot 0', 'slot 1', 'slot 2']);
  });

  it('says what of the published blocking the scenario no longer allows: a course gone, a block gone or not allowed, fit mode', () => {
    const scenario = smallSchool();
    const g = (id: string, course: string, blocks: string[]) => ({ id, course, blocks, years: [10], staff: [], room: null, students: [] });
    const result = {
      format: 'ks4-result/1' as const,
      scenario: scenario.name,
      groups: [g('MUS-1', 'MUS', ['A']), g('HIS-1', 'HIS', [scenario.blocks.at(-1)!]), g('GEO-1', 'GEO', ['A'])],
      students: [],
      summary: { students: 0, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: 3, seconds: 0, seed: 1 },
    };
    const published = { result, scenario };
    expect(notHonoured(published, scenario)).toEqual([]);
    const last = scenario.blocks.at(-1)!;
    const now: Scenario = {
      ...scenario,
      blocks: scenario.blocks.slice(0, -1),
      courses: scenario.courses.filter((c) => c.id !== 'MUS').map((c) => (c.id === 'GEO' ? { ...c, blocks: scenario.blocks.filter((b) => b !== 'A') } : c)),
    };
    expect(notHonoured(published, now)).toEqual([
      'Music is no longer offered: its published group MUS-1 cannot run, so their pupils are placed afresh.',
      `Block ${last} no longer exists: group HIS-1 must move to another block.`,
      'Geography may no longer run in block A: group GEO-1 must move to another block.',
    ]);
    expect(notHonoured(published, { ...scenario, mode: 'fit', groups: [{ id: 'HIS-1', course: 'HIS', blocks: [last] }] })).toEqual([
      'The scenario fits pupils into its own fixed groups: the published groups MUS-1, GEO-1 are not among them and cannot be kept.',
    ]);
  });

  it('cancels a re-solve with fewest changes as it cancels a solve: the best so far is kept', async () => {
    await planner();
    await solveCurrent();
    publishResult(currentRecord()!.id);
    // A cut course forces moves, so the re-solve has work left when cancelled.
    const published = currentRecord()!.published!;
    const counts = new Map<string, number>();
    for (const g of published.result.groups) counts.set(g.course, (counts.get(g.course) ?? 0) + 1);
    const [cut, ran] = [...counts].find(([, n]) => n >= 2)!;
    editScenario('cut a group', (s) => ({ ...s, courses: s.courses.map((c) => (c.id === cut ? { ...c, maxGroups: ran - 1 } : c)) }));
    setTimeLimit(30);
    const running = solveCurrent({ order: 'satisfaction' });
    expect(plannerStore.getState().solve).toMatchObject({ status: 'solving', fewestChanges: true });
    await new Promise((r) => setTimeout(r, 300));
    cancelSolve();
    await running;
    expect(plannerStore.getState().solve).toMatchObject({ status: 'idle', fewestChanges: false });
    const sm = currentRecord()!.result!.summary;
    expect(sm.stoppedBy).toBe('cancelled');
    expect(sm.seconds).toBeLessThan(30);
    // Still a re-solve's result: its moves counted as the change list counts them.
    const moves = recordMoves(currentRecord()!)!;
    expect(sm.pupilsMoved).toBe(moves.figures.pupilsInBoth - moves.figures.pupilsUnchanged);
    expect(sm.groupsMoved).toBe(moves.figures.groupsPublished - moves.figures.groupsUnchanged);
    expect(sm.groupsMoved).toBeGreaterThanOrEqual(1);
  });

  it('parses the summary\'s pupilsMoved and groupsMoved as whole numbers 0 or more', () => {
    const result = { format: 'ks4-result/1', scenario: 'S', groups: [], students: [], summary: { students: 0, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: 0, seconds: 0, seed: 1, pupilsMoved: 3, groupsMoved: 0 } };
    const ok = parseResult(result);
    expect(ok.ok && ok.value.summary).toMatchObject({ pupilsMoved: 3, groupsMoved: 0 });
    for (const bad of [-1, 1.5, '3']) {
      const r = parseResult({ ...result, summary: { ...result.summary, pupilsMoved: bad } });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : JSON.stringify(r.errors)).toContain('pupilsMoved');
    }
  });
});
