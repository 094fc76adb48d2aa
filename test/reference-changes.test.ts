/**
 * Issue 14, the published reference (solver/reference/): property tests on random blockings and example
 * cases for each reason a move is given.
 *
 * The random blockings are made here, not by the solver: the comparison must hold for any two results,
 * valid or not (a hand-edited result, a result made under another scenario). A second blocking is made
 * from the first by cancelling, moving and adding groups, re-seating some pupils, and letting pupils join,
 * leave and change their choices.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { placementChanges, scenarioChanges, type Blocking } from '../solver/reference';
import type { Result, ResultGroup, Scenario, Student } from '../solver/types';

const BLOCKS = ['A', 'B', 'C', 'D'];
const COURSES = ['HIS', 'GEO', 'FRE', 'SPA', 'ART', 'COM'];

function scenarioOf(students: Student[], extra: Partial<Scenario> = {}): Scenario {
  return {
    format: 'ks4-scenario/1',
    name: 'Reference test',
    blocks: BLOCKS,
    courses: COURSES.map((id) => ({ id, name: `Course ${id}`, maxGroupSize: 4 })),
    students,
    ...extra,
  };
}

/** A result of the given groups with each pupil placed by `seat` (course -> group id, or none). */
function resultOf(groups: { id: string; course: string; block: string }[], seats: Map<string, Record<string, string>>): Result {
  const rg: ResultGroup[] = groups.map((g) => ({ id: g.id, course: g.course, blocks: [g.block], years: [10, 11], staff: [], room: null, students: [] }));
  const byId = new Map(rg.map((g) => [g.id, g]));
  const students = [...seats].map(([id, placed]) => {
    for (const gid of Object.values(placed)) byId.get(gid)?.students.push(id);
    return { id, placed, unmet: [], reserves: [] };
  });
  return {
    format: 'ks4-result/1',
    scenario: 'Reference test',
    groups: rg,
    students,
    summary: { students: students.length, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: rg.length, seconds: 0, seed: 1 },
  };
}

/** Two related blockings, drawn from a seed of small integers. */
const pairArb = fc
  .record({
    groups: fc.array(fc.record({ course: fc.nat(COURSES.length - 1), block: fc.nat(3) }), { minLength: 1, maxLength: 12 }),
    pupils: fc.array(fc.record({ choices: fc.uniqueArray(fc.nat(COURSES.length - 1), { minLength: 1, maxLength: 4 }), seat: fc.array(fc.nat(20), { minLength: 4, maxLength: 4 }) }), { minLength: 1, maxLength: 25 }),
    fates: fc.array(fc.nat(5), { minLength: 12, maxLength: 12 }),
    newGroups: fc.array(fc.record({ course: fc.nat(COURSES.length - 1), block: fc.nat(3) }), { maxLength: 4 }),
    reseat: fc.array(fc.nat(6), { minLength: 25, maxLength: 25 }),
    choiceChange: fc.array(fc.nat(7), { minLength: 25, maxLength: 25 }),
  })
  .map((d): [Blocking, Blocking] => {
    const groupsA = d.groups.map((g, i) => ({ id: `${COURSES[g.course]}-${i + 1}`, course: COURSES[g.course], block: BLOCKS[g.block] }));
    // fate 0: cancelled, 1: moved, else kept.
    const groupsB = groupsA
      .filter((_, i) => d.fates[i] !== 0)
      .map((g, i) => (d.fates[i] === 1 ? { ...g, block: BLOCKS[(BLOCKS.indexOf(g.block) + 1) % BLOCKS.length] } : g))
      .concat(d.newGroups.map((g, i) => ({ id: `${COURSES[g.course]}-N${i + 1}`, course: COURSES[g.course], block: BLOCKS[g.block] })));
    const seat = (groups: typeof groupsA, courses: string[], picks: number[]) => {
      const placed: Record<string, string> = {};
      courses.forEach((c, k) => {
        const options = groups.filter((g) => g.course === c);
        if (options.length && picks[k] % 5 !== 4) placed[c] = options[picks[k] % options.length].id;
      });
      return placed;
    };
    const studentsA: Student[] = d.pupils.map((p, i) => ({ id: `S${i + 1}`, choices: p.choices.map((c) => COURSES[c]) }));
    // choiceChange 0: leaves, 1: changes a choice, else stays as they were. Every fifth pupil of B is new.
    const studentsB: Student[] = [];
    studentsA.forEach((s, i) => {
      const change = d.choiceChange[i % d.choiceChange.length];
      if (change === 0) return;
      if (change === 1) studentsB.push({ ...s, choices: [...s.choices.slice(1), COURSES.find((c) => !s.choices.includes(c)) ?? s.choices[0]] });
      else studentsB.push(s);
    });
    if (d.pupils.length > 3) studentsB.push({ id: 'S-new', choices: ['HIS', 'ART'] });
    const seatsA = new Map(studentsA.map((s, i) => [s.id, seat(groupsA, s.choices, d.pupils[i].seat)]));
    const seatsB = new Map(
      studentsB.map((s, i) => {
        const kept = seatsA.get(s.id);
        const r = d.reseat[i % d.reseat.length];
        // Most pupils keep their groups where those still run; some are re-seated.
        if (kept && r > 1) {
          const placed: Record<string, string> = {};
          for (const c of s.choices) {
            const g = kept[c];
            if (g && groupsB.some((x) => x.id === g && x.course === c)) placed[c] = g;
            else {
              const alt = groupsB.find((x) => x.course === c);
              if (alt) placed[c] = alt.id;
            }
          }
          return [s.id, placed];
        }
        return [s.id, seat(groupsB, s.choices, [r, r + 1, r + 2, r + 3])];
      }),
    );
    return [
      { scenario: scenarioOf(studentsA), result: resultOf(groupsA, seatsA) },
      { scenario: scenarioOf(studentsB), result: resultOf(groupsB, seatsB) },
    ];
  });

/** The difference of two results, recomputed from scratch: every (pupil, course) of a pupil in both whose group or blocks differ. */
function independentDifference(a: Result, b: Result): Set<string> {
  const where = (r: Result) => {
    const blocks = new Map(r.groups.map((g) => [g.id, g.blocks.join('+')]));
    const out = new Map<string, string>();
    for (const s of r.students) for (const [c, g] of Object.entries(s.placed)) out.set(`${s.id}|${c}`, `${g}@${blocks.get(g) ?? ''}`);
    return out;
  };
  const inA = new Set(a.students.map((s) => s.id));
  const inB = new Set(b.students.map((s) => s.id));
  const wa = where(a);
  const wb = where(b);
  const diff = new Set<string>();
  for (const key of new Set([...wa.keys(), ...wb.keys()])) {
    const sid = key.split('|')[0];
    if (!inA.has(sid) || !inB.has(sid)) continue;
    if (wa.get(key) !== wb.get(key)) diff.add(key);
  }
  return diff;
}

describe('comparing a blocking with the published one', () => {
  it('reports no change when a blocking is compared with itself', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        for (const x of [a, b]) {
          const same = placementChanges(x, x);
          expect(same.moves).toEqual([]);
          expect(same.groups).toEqual({ moved: [], cancelled: [], added: [] });
          expect(same.joined).toEqual([]);
          expect(same.left).toEqual([]);
          expect(same.figures.pupilsUnchanged).toBe(x.result.students.length);
          expect(same.figures.pupilsInBoth).toBe(x.result.students.length);
          expect(same.figures.groupsUnchanged).toBe(x.result.groups.length);
          expect(scenarioChanges(x.scenario, structuredClone(x.scenario)).total).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports as moves exactly the difference between the two results', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const c = placementChanges(a, b);
        const reported = c.moves.map((m) => `${m.student}|${m.course}`);
        expect(new Set(reported).size).toBe(reported.length);
        expect(new Set(reported)).toEqual(independentDifference(a.result, b.result));
        // Each move says where the pupil was and is, as the results say.
        const placedIn = (r: Result, sid: string, cid: string) => r.students.find((s) => s.id === sid)?.placed[cid] ?? null;
        for (const m of c.moves) {
          expect(m.from?.group ?? null).toBe(placedIn(a.result, m.student, m.course));
          expect(m.to?.group ?? null).toBe(placedIn(b.result, m.student, m.course));
          expect(m.why.length).toBeGreaterThan(0);
        }
        // A pupil is unchanged exactly when none of their moves is on a course they kept.
        const movedKept = new Set(c.moves.filter((m) => m.kept).map((m) => m.student));
        expect(c.figures.pupilsUnchanged).toBe(c.figures.pupilsInBoth - movedKept.size);
        expect(c.figures.pupilsWithMoves).toBe(new Set(c.moves.map((m) => m.student)).size);
        // Groups: every published group is unchanged, moved or cancelled.
        expect(c.figures.groupsUnchanged + c.figures.groupsMoved + c.figures.groupsCancelled).toBe(a.result.groups.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same counts both ways round', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const ab = placementChanges(a, b);
        const ba = placementChanges(b, a);
        expect(ba.moves.length).toBe(ab.moves.length);
        const flip = (m: (typeof ab.moves)[number]) => `${m.student}|${m.course}|${JSON.stringify(m.to)}|${JSON.stringify(m.from)}`;
        const straight = (m: (typeof ab.moves)[number]) => `${m.student}|${m.course}|${JSON.stringify(m.from)}|${JSON.stringify(m.to)}`;
        expect(new Set(ba.moves.map(straight))).toEqual(new Set(ab.moves.map(flip)));
        expect(ba.figures.pupilsInBoth).toBe(ab.figures.pupilsInBoth);
        expect(ba.figures.pupilsUnchanged).toBe(ab.figures.pupilsUnchanged);
        expect(ba.figures.groupsUnchanged).toBe(ab.figures.groupsUnchanged);
        expect(ba.figures.groupsMoved).toBe(ab.figures.groupsMoved);
        expect(new Set(ba.groups.added)).toEqual(new Set(ab.groups.cancelled));
        expect(new Set(ba.groups.cancelled)).toEqual(new Set(ab.groups.added));
        expect(new Set(ba.joined)).toEqual(new Set(ab.left));
        const sc = scenarioChanges(a.scenario, b.scenario);
        const cs = scenarioChanges(b.scenario, a.scenario);
        expect(cs.pupils.added).toEqual(expect.arrayContaining(sc.pupils.removed));
        expect(cs.pupils.added.length).toBe(sc.pupils.removed.length);
        expect(cs.pupils.changed.length).toBe(sc.pupils.changed.length);
        expect(cs.total).toBe(sc.total);
      }),
      { numRuns: 200 },
    );
  });
});

describe('why a pupil moved', () => {
  // Four pupils; HIS-1 (A), HIS-2 (B), GEO-1 (C), FRE-1 (D, taught by T1), ART-1 (A, room R1, size cap 2).
  const students: Student[] = [
    { id: 'S1', name: 'Ada Lovelace', choices: ['HIS', 'GEO'] },
    { id: 'S2', name: 'Ben Okri', choices: ['HIS', 'FRE'] },
    { id: 'S3', name: 'Cat Stevens', choices: ['GEO', 'ART'] },
    { id: 'S4', name: 'Dee Dee', choices: ['HIS', 'ART'] },
  ];
  const base = scenarioOf(students, {
    staff: [{ id: 'T1', name: 'Ms Field', courses: ['FRE'] }],
    rooms: [{ id: 'R1', type: 'art', capacity: 2 }],
  });
  base.courses = base.courses.map((c) => (c.id === 'ART' ? { ...c, maxGroupSize: 2 } : c));
  const groups = [
    { id: 'HIS-1', course: 'HIS', block: 'A' },
    { id: 'HIS-2', course: 'HIS', block: 'B' },
    { id: 'GEO-1', course: 'GEO', block: 'C' },
    { id: 'FRE-1', course: 'FRE', block: 'D' },
    { id: 'ART-1', course: 'ART', block: 'A' },
  ];
  const published: Blocking = {
    scenario: base,
    result: resultOf(
      groups,
      new Map<string, Record<string, string>>([
        ['S1', { HIS: 'HIS-1', GEO: 'GEO-1' }],
        ['S2', { HIS: 'HIS-2', FRE: 'FRE-1' }],
        ['S3', { GEO: 'GEO-1', ART: 'ART-1' }],
        ['S4', { HIS: 'HIS-2', ART: 'ART-1' }],
      ]),
    ),
  };
  published.result.groups.find((g) => g.id === 'FRE-1')!.staff = ['T1'];
  published.result.groups.find((g) => g.id === 'ART-1')!.room = 'R1';

  it('names the pupil’s own change, a teacher who left, a cancelled group, a moved group and a full group', () => {
    // S1 drops GEO for ART; T1 leaves (FRE-1 goes); HIS-2 moves to C; a new pupil S5 takes S3's art place.
    const now = structuredClone(base);
    now.students = [
      { ...students[0], choices: ['HIS', 'ART'] },
      students[1],
      students[2],
      // S4 re-ranks their choices: their History group moved too, and that is the reason given for History.
      { ...students[3], choices: ['ART', 'HIS'] },
      { id: 'S5', choices: ['ART'] },
    ];
    now.staff = [];
    const next = resultOf(
      [groups[0], { ...groups[1], block: 'C' }, { id: 'GEO-1', course: 'GEO', block: 'B' }, groups[4]],
      new Map<string, Record<string, string>>([
        ['S1', { HIS: 'HIS-1' }],
        ['S2', { HIS: 'HIS-2' }],
        ['S3', { GEO: 'GEO-1' }],
        ['S4', { HIS: 'HIS-2', ART: 'ART-1' }],
        ['S5', { ART: 'ART-1' }],
      ]),
    );
    next.groups.find((g) => g.id === 'ART-1')!.room = 'R1';
    const c = placementChanges(published, { scenario: now, result: next });
    const why = new Map(c.moves.map((m) => [`${m.student} ${m.course}`, m]));
    expect(why.get('S1 GEO')?.reason).toBe('own-change');
    expect(why.get('S1 GEO')?.why).toContain('dropped Course GEO');
    expect(why.get('S2 FRE')?.reason).toBe('teacher');
    expect(why.get('S2 FRE')?.why).toContain('Ms Field (T1) has left');
    expect(why.get('S2 FRE')?.to).toBeNull();
    expect(why.get('S2 HIS')?.reason).toBe('group-moved');
    expect(why.get('S2 HIS')?.why).toContain('moved from block B to block C');
    expect(why.get('S3 GEO')?.reason).toBe('group-moved');
    expect(why.get('S3 ART')?.reason).toBe('knock-on');
    expect(why.get('S4 HIS')).toMatchObject({ reason: 'group-moved', from: { group: 'HIS-2', blocks: ['B'] }, to: { group: 'HIS-2', blocks: ['C'] } });
    expect(why.has('S4 ART')).toBe(false);
    expect(c.figures).toMatchObject({ pupilsInBoth: 4, pupilsJoined: 1, groupsPublished: 5, groupsUnchanged: 2, groupsMoved: 2, groupsCancelled: 1, groupsNew: 0 });
    // S1 is the one pupil unchanged: History, the one course they kept, stays in HIS-1; Geography they dropped themselves.
    expect(c.figures.pupilsUnchanged).toBe(1);
    expect(c.moves.filter((m) => m.student === 'S1').every((m) => !m.kept)).toBe(true);
  });

  it('names capacity when a pupil’s group is still in place but full of newcomers, and the course when maxGroups cancels a group', () => {
    const now = structuredClone(base);
    now.students = [...students, { id: 'S5', choices: ['ART'] }];
    now.courses = now.courses.map((c) => (c.id === 'HIS' ? { ...c, maxGroups: 1 } : c));
    const next = resultOf(
      [groups[0], groups[2], groups[3], groups[4]],
      new Map<string, Record<string, string>>([
        ['S1', { HIS: 'HIS-1', GEO: 'GEO-1' }],
        ['S2', { HIS: 'HIS-1', FRE: 'FRE-1' }],
        ['S3', { GEO: 'GEO-1', ART: 'ART-1' }],
        ['S4', { ART: 'ART-1' }],
        ['S5', { ART: 'ART-1' }],
      ]),
    );
    // S3 gives up the art place to nobody's change of their own: the group is full with S5.
    next.groups.find((g) => g.id === 'ART-1')!.students = ['S4', 'S5'];
    next.students.find((s) => s.id === 'S3')!.placed = { GEO: 'GEO-1' };
    const c = placementChanges(published, { scenario: now, result: next });
    const why = new Map(c.moves.map((m) => [`${m.student} ${m.course}`, m]));
    expect(why.get('S2 HIS')).toMatchObject({ reason: 'group-cancelled', from: { group: 'HIS-2', blocks: ['B'] }, to: { group: 'HIS-1', blocks: ['A'] } });
    expect(why.get('S2 HIS')?.why).toContain('now runs at most 1 group (2 were published)');
    expect(why.get('S4 HIS')?.reason).toBe('group-cancelled');
    expect(why.get('S3 ART')?.reason).toBe('capacity');
    expect(why.get('S3 ART')?.why).toContain('full (2 of 2) with 1 pupil');
    expect(c.figures.pupilsUnchanged).toBe(1);
  });

  it('lists scenario changes: pupils, staff, rooms and courses', () => {
    const now = structuredClone(base);
    now.students = [{ ...students[0], choices: ['GEO', 'HIS'] }, { ...students[1], reserves: ['ART'] }, students[3], { id: 'S9', choices: ['HIS'] }];
    now.staff = [{ id: 'T1', name: 'Ms Field', courses: ['FRE', 'SPA'], unavailable: [{ block: 'A', year: 11 }] }, { id: 'T2', courses: ['HIS'] }];
    now.rooms = [{ id: 'R1', type: 'art', capacity: 1 }];
    now.courses = now.courses.filter((c) => c.id !== 'COM').map((c) => (c.id === 'HIS' ? { ...c, maxGroups: 1 } : c));
    const s = scenarioChanges(base, now);
    expect(s.pupils.added).toEqual(['S9']);
    expect(s.pupils.removed).toEqual(['S3']);
    expect(s.pupils.changed.map((p) => p.id)).toEqual(['S1', 'S2']);
    expect(s.pupils.changed[0].choices).toMatchObject({ added: [], removed: [], reordered: true });
    expect(s.pupils.changed[1].reserves).toMatchObject({ added: ['ART'] });
    expect(s.staff).toMatchObject({ added: ['T2'], removed: [], changed: [{ id: 'T1', courses: { added: ['SPA'] }, unavailable: { added: ['A Y11'] } }] });
    expect(s.rooms.changed).toEqual([{ id: 'R1', capacity: { before: 2, after: 1 } }]);
    expect(s.courses.removed).toEqual(['COM']);
    expect(s.courses.changed).toEqual([{ id: 'HIS', name: 'Course HIS', fields: [{ field: 'maxGroups', words: 'maximum groups', before: null, after: 1 }] }]);
    expect(s.total).toBe(2 + 1 + 2 + 1 + 1 + 1 + 1);
  });
});
