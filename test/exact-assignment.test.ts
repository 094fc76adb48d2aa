/**
 * The exact teacher and room assignment (javascript-lp-solver, answer checked): where the greedy hand-out
 * order strands a group, the exact programme staffs every group that can be staffed.
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { assignExactly } from '../solver/exact/assignment';
import { compile } from '../solver/model';
import { State } from '../solver/state';
import { solve } from '../solver/solve';
import type { Scenario } from '../solver/types';

// Three groups in block A: T1 can teach all three courses, T2 only HIS, T3 only GEO.
// Greedy in slot order gives ART's group... whatever it meets first; only one assignment staffs all three.
const tight: Scenario = {
  format: 'ks4-scenario/1',
  name: 'tight staffing',
  mode: 'fit',
  blocks: ['A', 'B'],
  years: [10],
  courses: [
    { id: 'HIS', name: 'History', maxGroupSize: 30 },
    { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
    { id: 'ART', name: 'Art', maxGroupSize: 30 },
  ],
  staff: [
    { id: 'T2', courses: ['HIS'] },
    { id: 'T3', courses: ['GEO'] },
    { id: 'T1', courses: ['HIS', 'GEO', 'ART'] },
  ],
  groups: [
    { id: 'H', course: 'HIS', blocks: ['A'] },
    { id: 'G', course: 'GEO', blocks: ['A'] },
    { id: 'R', course: 'ART', blocks: ['A'] },
  ],
  students: [
    { id: 'S1', choices: ['HIS'] },
    { id: 'S2', choices: ['GEO'] },
    { id: 'S3', choices: ['ART'] },
  ],
};

describe('exact teacher and room assignment', () => {
  it('finds the one assignment that staffs every group when a bad hand-out order strands one', () => {
    const m = compile(tight);
    const st = new State(m);
    for (let g = 0; g < m.slotCount; g++) st.setPlacement(g, m.placementStart[m.slotCourse[g]]);
    // The worst order: T1 takes HIS, T3 takes GEO, nobody is left for ART.
    st.setStaff(0, 2);
    st.setStaff(1, 1);
    expect(st.t.unstaffed).toBe(1);
    expect(assignExactly(st, 'staff')).toBe(1);
    expect(st.t.unstaffed).toBe(0);
    expect(Array.from(st.slotStaff)).toEqual([0, 1, 2]);
  });

  it('leaves the state alone when nothing better exists', () => {
    const m = compile({ ...tight, staff: [{ id: 'T1', courses: ['HIS', 'GEO', 'ART'] }] });
    const st = new State(m);
    for (let g = 0; g < m.slotCount; g++) st.setPlacement(g, m.placementStart[m.slotCourse[g]]);
    st.setStaff(0, 0);
    expect(assignExactly(st, 'staff')).toBe(0);
    expect(Array.from(st.slotStaff)).toEqual([0, -1, -1]);
  });

  it('is used by the solver: a fit-mode scenario is fully staffed and keeps every rule', async () => {
    const result = await solve(tight, { timeSeconds: 0.2, seed: 1 });
    expect(result.groups.map((g) => g.staff[0]).sort()).toEqual(['T1', 'T2', 'T3']);
    expect(checkResult(tight, result).violations).toEqual([]);
  });

  it('gives rooms exactly too, never one smaller than the group', () => {
    const rooms: Scenario = {
      ...tight,
      staff: [],
      courses: tight.courses.map((c) => ({ ...c, roomType: 'class' })),
      rooms: [
        { id: 'BIG', type: 'class', capacity: 30 },
        { id: 'SMALL', type: 'class', capacity: 1 },
        { id: 'MID', type: 'class', capacity: 2 },
      ],
      students: [...tight.students, { id: 'S4', choices: ['HIS'] }, { id: 'S5', choices: ['HIS'] }],
    };
    const m = compile(rooms);
    const st = new State(m);
    for (let g = 0; g < m.slotCount; g++) st.setPlacement(g, m.placementStart[m.slotCourse[g]]);
    st.setSeat(0, 0);
    st.setSeat(3 * m.seatWidth, 0);
    st.setSeat(4 * m.seatWidth, 0);
    st.setRoom(1, 0); // GEO took the big room; HIS (3 students) now fits nowhere
    expect(assignExactly(st, 'room')).toBe(2);
    expect(st.slotRoom[0]).toBe(0);
    expect(st.t.unroomed).toBe(0);
    expect(st.t.overflow).toBe(0);
  });
});
