/**
 * A small school's own scenario for the hand-edit tests (issue 9): four blocks, 40 pupils, a music course
 * that allows one group, and a single design and technology teacher who must teach both DT groups (so the
 * two can never share a block). Deterministic: the same document every time.
 */
import type { Scenario } from '../../solver/types';

export function smallSchool(students = 40): Scenario {
  const courses = [
    { id: 'MUS', name: 'Music', maxGroupSize: 20, maxGroups: 1, tags: ['creative'] },
    { id: 'DT', name: 'Design and technology', maxGroupSize: 10, roomType: 'workshop', tags: ['technical'] },
    { id: 'HIS', name: 'History', maxGroupSize: 24, tags: ['humanity'] },
    { id: 'GEO', name: 'Geography', maxGroupSize: 24, tags: ['humanity'] },
    { id: 'ART', name: 'Art', maxGroupSize: 20, tags: ['creative'] },
    { id: 'FRE', name: 'French', maxGroupSize: 24, tags: ['language'] },
    { id: 'RS', name: 'Religious studies', maxGroupSize: 24 },
    { id: 'CS', name: 'Computer science', maxGroupSize: 20 },
  ];
  // Each pupil: three choices and a reserve, from a fixed pattern (no randomness to drift).
  const patterns = [
    ['DT', 'HIS', 'ART', 'GEO'],
    ['HIS', 'FRE', 'RS', 'CS'],
    ['GEO', 'DT', 'CS', 'HIS'],
    ['MUS', 'HIS', 'FRE', 'ART'],
    ['ART', 'GEO', 'RS', 'FRE'],
    ['CS', 'DT', 'GEO', 'RS'],
    ['RS', 'HIS', 'ART', 'GEO'],
    ['FRE', 'GEO', 'MUS', 'CS'],
  ];
  const first = ['Amy', 'Ben', 'Cara', 'Dev', 'Ella', 'Finn', 'Gita', 'Hal', 'Iris', 'Jack'];
  const last = ['Khan', 'Lowe', 'Moss', 'Nash', 'Owen'];
  return {
    format: 'ks4-scenario/1',
    name: 'Hillside options 2027',
    blocks: ['A', 'B', 'C', 'D'],
    courses,
    staff: [
      { id: 'T1', name: 'Mr Shaw', courses: ['DT'] },
      { id: 'T2', name: 'Ms Patel', courses: ['HIS', 'GEO'] },
      { id: 'T3', name: 'Mrs Ode', courses: ['HIS', 'GEO', 'RS'] },
      { id: 'T4', name: 'Mr Ruiz', courses: ['ART', 'MUS'] },
      { id: 'T5', name: 'Ms Lind', courses: ['FRE', 'CS'] },
      { id: 'T6', name: 'Dr Cole', courses: ['CS', 'RS', 'FRE'] },
      { id: 'T7', name: 'Mrs Berg', courses: ['ART', 'MUS', 'GEO'] },
    ],
    rooms: [
      { id: 'W1', name: 'Workshop 1', type: 'workshop', capacity: 12 },
      { id: 'W2', name: 'Workshop 2', type: 'workshop', capacity: 12 },
    ],
    students: Array.from({ length: students }, (_, i) => {
      const p = patterns[i % patterns.length];
      return {
        id: `P${String(i + 1).padStart(3, '0')}`,
        name: `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`,
        choices: p.slice(0, 3),
        reserves: [p[3]],
        attributes: { pp: i % 4 === 0 },
      };
    }),
  };
}
