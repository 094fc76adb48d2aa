/**
 * One test (or a few) per rule of docs/format.md on tiny hand-made scenarios. Every result is also passed
 * through the independent checker (data/checker.ts, which shares no code with the solver).
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { solve } from '../solver/solve';
import type { Result, Scenario } from '../solver/types';
import { course, scenario, students } from './helpers/tiny';

async function solveChecked(sc: Scenario, time = 0.3): Promise<Result> {
  const result = await solve(sc, { timeSeconds: time, seed: 7, assertIncremental: true });
  const verdict = checkResult(sc, result);
  expect(verdict.violations).toEqual([]);
  expect(verdict.ok).toBe(true);
  return result;
}

const group = (r: Result, courseId: string) => r.groups.filter((g) => g.course === courseId);

describe('solver rules', () => {
  it('opens enough groups for demand and keeps group sizes within maxGroupSize', async () => {
    const sc = scenario({ courses: [course('HIS', { maxGroupSize: 10 })], students: students('S', 25, ['HIS']) });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(25);
    expect(group(r, 'HIS').length).toBe(3);
    // even sizes: 25 over three groups is 9/8/8
    const sizes = group(r, 'HIS').map((g) => g.students.length).sort();
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('never runs more than maxGroups, so the rest are unmet with a reason', async () => {
    const sc = scenario({ courses: [course('HIS', { maxGroupSize: 10, maxGroups: 1 })], students: students('S', 14, ['HIS']) });
    const r = await solveChecked(sc);
    expect(group(r, 'HIS').length).toBe(1);
    expect(r.summary.fullySatisfied).toBe(10);
    const unmet = r.students.filter((s) => s.unmet.length > 0);
    expect(unmet.length).toBe(4);
    expect(unmet[0].reasons?.[0]).toMatch(/HIS.*full \(10\/10\)/);
  });

  it('puts two courses chosen together in different blocks', async () => {
    const sc = scenario({ courses: [course('HIS'), course('GEO'), course('ART')], students: students('S', 12, ['HIS', 'GEO', 'ART']) });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(12);
    const blocks = r.groups.map((g) => g.blocks[0]);
    expect(new Set(blocks).size).toBe(3);
  });

  it('respects allowed blocks, and explains a clash between single-block courses', async () => {
    const sc = scenario({
      courses: [course('HIS', { blocks: ['A'] }), course('GEO', { blocks: ['A'] })],
      students: students('S', 3, ['HIS', 'GEO']),
    });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(0);
    expect(r.summary.choicesMet).toBe(3);
    for (const g of r.groups) expect(g.blocks).toEqual(['A']);
    const reason = r.students.find((s) => s.unmet.length > 0)!.reasons![0];
    expect(reason).toMatch(/(HIS|GEO) runs no group, and could only run in block A, where this student already has (HIS|GEO) \(block A\)/);
  });

  it('lets a Year 10 course and a Year 11 course share a block for the same student', async () => {
    const sc = scenario({
      blocks: ['A'],
      courses: [course('STA', { years: [10] }), course('FMA', { years: [11] })],
      students: students('S', 5, ['STA', 'FMA']),
    });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(5);
    expect(group(r, 'STA')[0].years).toEqual([10]);
    expect(group(r, 'FMA')[0].years).toEqual([11]);
  });

  it('gives a double option two blocks and never clashes students with it', async () => {
    const sc = scenario({
      courses: [course('ENG', { span: 2 }), course('HIS'), course('GEO')],
      students: [...students('S', 6, ['ENG', 'HIS']), ...students('T', 6, ['HIS', 'GEO'])],
    });
    const r = await solveChecked(sc);
    expect(group(r, 'ENG')[0].blocks.length).toBe(2);
    expect(r.summary.fullySatisfied).toBe(12);
  });

  it('keeps pinned groups where they are, with their fixed students', async () => {
    const sc = scenario({
      courses: [course('HIS', { maxGroupSize: 5 }), course('GEO')],
      students: students('S', 8, ['HIS', 'GEO']),
      groups: [{ id: 'HIS-X', course: 'HIS', blocks: ['B'], students: ['S8'] }],
    });
    const r = await solveChecked(sc);
    const pinned = r.groups.find((g) => g.id === 'HIS-X')!;
    expect(pinned.blocks).toEqual(['B']);
    expect(pinned.students).toContain('S8');
    expect(r.summary.fullySatisfied).toBe(8);
  });

  it('staffs every home group with a qualified teacher who is available', async () => {
    const sc = scenario({
      courses: [course('HIS'), course('GEO')],
      staff: [
        { id: 'T1', courses: ['HIS', 'GEO'], unavailable: [{ block: 'A' }], maxGroups: 1 },
        { id: 'T2', courses: ['GEO'], unavailable: [{ block: 'B' }, { block: 'C' }] },
      ],
      students: students('S', 10, ['HIS', 'GEO']),
    });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(10);
    const his = group(r, 'HIS')[0];
    expect(his.staff).toEqual(['T1']);
    expect(his.blocks[0]).not.toBe('A');
    expect(group(r, 'GEO')[0].staff).toEqual(['T2']);
    expect(group(r, 'GEO')[0].blocks).toEqual(['A']);
  });

  it('keeps a teacher within maxGroups, and runs no group that nobody can teach', async () => {
    const sc = scenario({
      courses: [course('HIS', { maxGroupSize: 5 }), course('LAT')],
      staff: [{ id: 'T1', courses: ['HIS'], maxGroups: 1 }],
      students: [...students('S', 8, ['HIS']), ...students('L', 2, ['LAT'])],
    });
    const r = await solveChecked(sc);
    expect(group(r, 'HIS').length).toBe(1);
    expect(group(r, 'LAT').length).toBe(0);
    expect(r.summary.fullySatisfied).toBe(5);
    expect(r.diagnostics?.join(' ')).toMatch(/Nobody on the staff list can teach LAT/);
  });

  it('gives each group needing one a room of its type, and caps the group at the room capacity', async () => {
    const sc = scenario({
      blocks: ['A'],
      courses: [course('SCI', { roomType: 'lab', maxGroupSize: 30 }), course('ART', { roomType: 'art' })],
      rooms: [
        { id: 'L1', type: 'lab', capacity: 24 },
        { id: 'R1', type: 'general', capacity: 30 },
      ],
      students: [...students('S', 28, ['SCI']), ...students('A', 3, ['ART'])],
    });
    const r = await solveChecked(sc);
    const sci = group(r, 'SCI');
    expect(sci.length).toBe(1);
    expect(sci[0].room).toBe('L1');
    expect(sci[0].students.length).toBe(24);
    expect(group(r, 'ART').length).toBe(0); // no art room
  });

  it('never places more students on a partner course than its places, and needs no teacher for it', async () => {
    const sc = scenario({
      sites: [{ id: 'COL', name: 'College' }],
      courses: [course('MOT', { site: 'COL', places: 4 }), course('HIS')],
      staff: [{ id: 'T1', courses: ['HIS'] }],
      students: students('S', 7, ['MOT', 'HIS']),
    });
    const r = await solveChecked(sc);
    const mot = group(r, 'MOT');
    expect(mot.reduce((n, g) => n + g.students.length, 0)).toBe(4);
    expect(mot[0].staff).toEqual([]);
    expect(r.summary.fullySatisfied).toBe(4);
  });

  it('keeps the groups in a year within limits.maxGroups', async () => {
    const sc = scenario({
      limits: { maxGroups: 2 },
      courses: [course('HIS', { maxGroupSize: 5 }), course('GEO', { maxGroupSize: 5 })],
      students: [...students('H', 6, ['HIS']), ...students('G', 4, ['GEO'])],
    });
    const r = await solveChecked(sc);
    expect(r.groups.length).toBeLessThanOrEqual(2);
    expect(r.summary.fullySatisfied).toBe(9); // one HIS group of 5 and one GEO group of 4 beat two HIS groups
  });

  it('runs no group below minGroupSize', async () => {
    const sc = scenario({
      courses: [course('MUS', { minGroupSize: 5 }), course('HIS')],
      students: [...students('M', 3, ['MUS', 'HIS']), ...students('H', 4, ['HIS'])],
    });
    const r = await solveChecked(sc, 0.5);
    expect(group(r, 'MUS').length).toBe(0);
    expect(r.summary.fullySatisfied).toBe(4);
    expect(r.summary.choicesMet).toBe(7);
  });

  it('places a reserve where a choice cannot be, never more reserves than unmet choices', async () => {
    const sc = scenario({
      courses: [course('HIS', { maxGroupSize: 2, maxGroups: 1 }), course('GEO'), course('ART')],
      students: students('S', 4, ['HIS', 'ART'], ['GEO']),
    });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(2);
    expect(r.summary.reservesUsed).toBe(2);
    for (const s of r.students) expect(s.reserves.length).toBeLessThanOrEqual(s.unmet.length);
  });

  it('in fit mode uses exactly the given groups', async () => {
    const sc = scenario({
      mode: 'fit',
      courses: [course('HIS', { maxGroupSize: 4 }), course('GEO', { maxGroupSize: 4 })],
      groups: [
        { id: 'H1', course: 'HIS', blocks: ['A'] },
        { id: 'H2', course: 'HIS', blocks: ['B'] },
        { id: 'G1', course: 'GEO', blocks: ['A'] },
      ],
      students: students('S', 5, ['HIS', 'GEO']),
    });
    const r = await solveChecked(sc);
    expect(r.groups.map((g) => g.id).sort()).toEqual(['G1', 'H1', 'H2']);
    // GEO only in A, so every GEO student needs HIS in B (4 seats): 4 fully satisfied
    expect(r.summary.fullySatisfied).toBe(4);
  });

  it('solves an impossible scenario as far as it can: more choices than blocks', async () => {
    const sc = scenario({
      blocks: ['A', 'B'],
      years: [10],
      courses: [course('HIS'), course('GEO'), course('ART')],
      students: students('S', 3, ['HIS', 'GEO', 'ART']),
    });
    const r = await solveChecked(sc);
    expect(r.summary.fullySatisfied).toBe(0);
    expect(r.summary.choicesMet).toBe(6);
    expect(r.diagnostics?.join(' ')).toMatch(/only 2/);
  });
});
