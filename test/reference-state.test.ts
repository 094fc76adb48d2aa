/**
 * Issue 14, the published reference in the planner's store (web/state/actions.ts publishResult, web/reference/):
 * with the real solver in-process and a Map for IndexedDB. Publishing keeps a copy of the blocking and its
 * scenario with the date, survives a restart, is refused for an out-of-date blocking, is carried by a clone
 * and forgotten on un-publish; after three pupils change a choice and a course is cut to one group, a
 * re-solve's change list is the true difference and names the reasons; the letters and class lists for
 * the changed pupils hold their rows only.
 */
import { describe, expect, it } from 'vitest';
import { classListsTable } from '../data/io';
import { mailMergeTable } from '../data/io/letters';
import { createSolverApi } from '../solver/worker-api';
import { cloneScenario, currentRecord, editScenario, flushSaves, initPlanner, publishResult, setTimeLimit, solveCurrent, unpublishResult } from '../web/state/actions';
import { memoryPersistence } from '../web/state/persist';
import { plannerStore } from '../web/state/store';
import { recordMoves, scenarioChangesOf, stabilityFigureItems } from '../web/reference/derived';
import { smallSchool } from './helpers/small-school';

let clock = 1_800_000_000_000;
const now = () => (clock += 10);

async function planner(persistence = memoryPersistence()) {
  const api = createSolverApi();
  await initPlanner({ solver: { solve: (s, o, p) => api.solve(s, o, p), cancel: () => api.cancel(), reseat: (s, g, o) => api.reseat(s, g, o) }, persistence, sample: () => smallSchool(), now });
  setTimeLimit(1);
  return persistence;
}

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
});
