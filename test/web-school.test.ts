/**
 * A school's own options round from nothing (web/state/school.ts) in Node: the New school form's block
 * shortcuts, an empty scenario with nothing of the sample, no solve until there are courses and students,
 * lists in any order (staff and choices before the course list, matched to its ids when it comes), and a
 * room list import.
 */
import { describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import { importRooms, importStaff } from '../data/io/lists';
import { readCsvText } from '../data/io';
import type { Scenario } from '../solver/types';
import { currentRecord, importList, initPlanner, solveCurrent, undo } from '../web/state/actions';
import { memoryPersistence } from '../web/state/persist';
import { blockLabels, createSchool, matchReferencesToCourses, nextSteps, parseBlocks, parseYears, provisionalCourses } from '../web/state/school';
import { plannerStore } from '../web/state/store';
import type { SolverPort } from '../web/state/solver-client';

let clock = 1_800_000_000_000;
const now = () => (clock += 10);

function noSolver(): SolverPort & { calls: number } {
  const port = {
    calls: 0,
    solve: () => {
      port.calls++;
      return Promise.reject(new Error('not in this test'));
    },
    cancel: () => undefined,
    reseat: () => Promise.reject(new Error('not in this test')),
  };
  return port;
}

describe('the New school form', () => {
  it('reads blocks as a count, a range or a list, and years as numbers', () => {
    expect(blockLabels(5)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(parseBlocks('4')).toEqual(['A', 'B', 'C', 'D']);
    expect(parseBlocks('A–E')).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(parseBlocks('a-c')).toEqual(['A', 'B', 'C']);
    expect(parseBlocks('X, Y; Z  X')).toEqual(['X', 'Y', 'Z']);
    expect(parseYears('11, 10 ten')).toEqual([10, 11]);
  });
});

describe('a new school', () => {
  it('starts empty (nothing of the sample), will not solve until it has courses and students, and takes lists in any order', async () => {
    const solver = noSolver();
    await initPlanner({ solver, persistence: memoryPersistence(), sample: () => structuredClone(sample), now });
    const sampleId = plannerStore.getState().currentId;
    expect(createSchool({ name: '  ', blocks: ['A'], years: [10, 11] })).toBeNull();
    const id = createSchool({ name: 'Hillside Academy', blocks: ['A', 'B', 'C', 'D'], years: [10, 11] });
    expect(id).not.toBeNull();
    expect(plannerStore.getState().currentId).toBe(id);
    expect(plannerStore.getState().order).toEqual([sampleId, id]);
    const sc = currentRecord()!.scenario;
    expect(sc).toEqual({ format: 'ks4-scenario/1', name: 'Hillside Academy', blocks: ['A', 'B', 'C', 'D'], years: [10, 11], courses: [], students: [] });
    expect(nextSteps(sc).map((s) => s.done)).toEqual([false, false, false, false]);
    // A second school of the same name gets its own.
    createSchool({ name: 'Hillside Academy', blocks: ['A'], years: [10] });
    expect(currentRecord()!.scenario.name).toBe('Hillside Academy (2)');
    plannerStore.setState({ currentId: id });

    await solveCurrent();
    expect(solver.calls).toBe(0);
    expect(plannerStore.getState().message?.text).toBe(
      `"Hillside Academy" has no courses yet: import your course list (CSV or .xlsx) or add a course on the Offer screen, and no students' choices yet: import them (CSV or .xlsx) with Import… or on the Students screen. Then solve.`,
    );

    // Staff first: with no course list the subjects are kept as written.
    const staff = importStaff(readCsvText('Staff Code,Name,Subjects\r\nJB,Mr Brown,History; geog\r\nKL,Ms Lee,FOO\r\n'), { courses: [], blocks: sc.blocks });
    expect(staff.issues).toEqual([]);
    importList('staff', staff.items, 'update', 'staff.csv', Object.keys(staff.columns));
    // Choices next, matched against their own texts (what the header's Import… hands the wizard).
    expect(provisionalCourses(['History', ' Food Prep & Nutrition', 'History', ''])).toEqual([
      { id: 'History', name: 'History', maxGroupSize: 30 },
      { id: 'Food Prep & Nutrition', name: 'Food Prep & Nutrition', maxGroupSize: 30 },
    ]);
    plannerStore.setState((s) => {
      const rec = s.records[id!];
      const students = [
        { id: '3100', choices: ['History', 'Food Prep & Nutrition'], reserves: ['GEOGRAPHY'] },
        { id: '3101', choices: ['Geography', 'Latin'] },
      ];
      return { records: { ...s.records, [id!]: { ...rec, scenario: { ...rec.scenario, students } } } };
    });
    // Rooms: id, type, capacity.
    const rooms = importRooms(readCsvText('Room,Type,Capacity\r\nF1,Food,20\r\nC1,Classroom,30\r\n'), { blocks: sc.blocks });
    importList('rooms', rooms.items, 'update', 'rooms.csv', Object.keys(rooms.columns));
    expect(currentRecord()!.scenario.rooms).toEqual([{ id: 'F1', type: 'Food', capacity: 20 }, { id: 'C1', type: 'Classroom', capacity: 30 }]);
    expect(plannerStore.getState().message?.text).toMatch(/^Imported 2 rooms from rooms\.csv: 2 added, 0 updated\./);

    // The course list last: every reference naming a course by id or name (any case) points at its id
    // (History and Food Prep & Nutrition and GEOGRAPHY of 3100, Geography of 3101, History of Mr Brown).
    const courses = [
      { id: 'HIS', name: 'History', maxGroupSize: 30, roomType: 'Classroom' },
      { id: 'GEO', name: 'Geography', maxGroupSize: 30, roomType: 'Classroom' },
      { id: 'FOO', name: 'Food Prep & Nutrition', maxGroupSize: 20, roomType: 'Food' },
    ];
    importList('courses', courses, 'update', 'courses.csv');
    expect(matchReferencesToCourses()).toBe(5);
    const after = currentRecord()!.scenario as Scenario;
    expect(after.students).toEqual([
      { id: '3100', choices: ['HIS', 'FOO'], reserves: ['GEO'] },
      { id: '3101', choices: ['GEO', 'Latin'] },
    ]);
    // An abbreviation is not a course's id or name: it stays, and the Offer screen lists it as a problem.
    expect(after.staff!.map((t) => t.courses)).toEqual([['HIS', 'geog'], ['FOO']]);
    expect(after.sites).toBeUndefined();
    expect(after.limits).toBeUndefined();
    expect(nextSteps(after).map((s) => s.done)).toEqual([true, true, true, true]);
    // One undo step takes the matching back.
    undo();
    expect(currentRecord()!.scenario.students[0].choices).toEqual(['History', 'Food Prep & Nutrition']);
  });
});
