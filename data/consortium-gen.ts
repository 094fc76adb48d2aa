/**
 * Seeded consortia for the tests and the bench (test/bench/consortium.ts).
 *
 * `plantedConsortium`: N schools of 300 pupils (by default) with a planted perfect plan. Each school has five
 * blocks A to E; the three common columns X, Y, Z line up with different blocks in different schools (school i
 * puts column j at block (j + i) mod 5). Each block of a school offers four home courses of its own; six shared
 * courses (two planted in each column, hosted round the schools) run one group each. The plan: every home
 * course's groups in its block, every shared group in its planted column. Pupils are drawn from it: a pupil
 * takes 4 of the 5 blocks, one course in each. Tight: a shared course's places are spread over the schools and
 * add up to its one group's size, and its pupils are exactly its places (demand = places = capacity); a home
 * course runs exactly the groups its demand needs (maxGroups = ceil(demand / 30)), at most two parallel groups
 * in a block. The solver is not told the plan: every course may sit in any of its school's blocks, every
 * shared course in any column.
 *
 * `realisticConsortium`: four schools of the project's ordinary generator (data/generate.ts) with 4, 5, 5 and 6
 * blocks and 150 to 270 pupils, three common columns, six shared courses (hosted by schools and by a college)
 * chosen by about 5% of pupils each, with places near each school's demand; at most one away course a pupil,
 * and the college far from the fourth school (the column after an away course there kept free).
 * With `pairs`, the same consortium where 40% of the pupils who want an away shared course also want the shared
 * course their own school hosts (in place of their second-to-last choice), its groups raised to hold them: such a
 * pupil needs the two shared groups in different columns, which no school can arrange alone (by hand, with every
 * shared course in the first common column, the two always clash). Without it no pupil wants two shared courses,
 * and each school's blocking adapts around a shared group in whichever column, so the first column is about as
 * good as any (the bench measured the joint plan 5 to 8 pupils above by hand, of 840).
 */
import type { Course, Scenario, Student } from '../solver/types';
import type { CommonColumn, Consortium, SharedCourse } from '../solver/consortium/types';
import { CONSORTIUM_FORMAT } from './consortium';
import { generateScenario } from './generate';
import { Rng } from './rng';

const LETTERS = 'ABCDEFGH';
const SHARED_NAMES = ['Music Technology', 'Statistics', 'Latin', 'Engineering', 'Dance', 'Japanese', 'Astronomy', 'Film Studies', 'Geology'];

export interface PlantedOptions {
  schools: number;
  seed: number;
  /** Pupils a school; default 300. */
  pupils?: number;
  /** Shared courses; default 6 (two a column). */
  shared?: number;
}

/** A consortium with every member scenario inline, and its planted plan for the tests. */
export interface GeneratedConsortium {
  consortium: Consortium;
  scenarios: Scenario[];
  /** Shared course id -> its planted column (the planted consortium only). */
  plantedColumn?: Record<string, string>;
}

export function plantedConsortium(opts: PlantedOptions): GeneratedConsortium {
  const { schools, seed } = opts;
  const pupils = opts.pupils ?? 300;
  const sharedCount = opts.shared ?? 6;
  const rng = new Rng(seed, 'ks4-consortium-planted');
  const blocks = LETTERS.slice(0, 5).split('');
  const columnIds = ['X', 'Y', 'Z'];
  const memberIds = Array.from({ length: schools }, (_, i) => `school${String(i + 1).padStart(2, '0')}`);
  const columns: CommonColumn[] = columnIds.map((id, j) => ({ id, blocks: Object.fromEntries(memberIds.map((m, i) => [m, blocks[(j + i) % 5]])) }));

  // Shared courses: planted column k mod 3; places spread over about two thirds of the schools.
  const GROUP = 24;
  const sharedCourses: SharedCourse[] = [];
  const plantedColumn: Record<string, string> = {};
  for (let k = 0; k < sharedCount; k++) {
    const id = `SH${k + 1}`;
    const users = rng.shuffle(memberIds).slice(0, Math.max(1, Math.ceil((schools * 2) / 3)));
    const places: Record<string, number> = {};
    for (let p = 0; p < GROUP; p++) places[users[p % users.length]] = (places[users[p % users.length]] ?? 0) + 1;
    sharedCourses.push({ id, name: SHARED_NAMES[k % SHARED_NAMES.length], host: memberIds[k % schools], maxGroupSize: GROUP, maxGroups: 1, places });
    plantedColumn[id] = columnIds[k % 3];
  }

  const scenarios: Scenario[] = memberIds.map((memberId, i) => {
    const srng = rng.fork(memberId);
    const homeIds = blocks.map((b) => [1, 2, 3, 4].map((k) => `${b}${k}`));
    // Each pupil's block -> course; shared seats first, in the column's block, one shared course a column at most.
    const picks: Map<string, string>[] = Array.from({ length: pupils }, () => new Map());
    for (const course of sharedCourses) {
      const n = course.places[memberId] ?? 0;
      if (n === 0) continue;
      const block = columns[columnIds.indexOf(plantedColumn[course.id])].blocks[memberId];
      const free = srng.shuffle(picks.map((_, p) => p).filter((p) => picks[p].size === 0));
      for (const p of free.slice(0, n)) picks[p].set(block, course.id);
    }
    const students: Student[] = picks.map((pick, p) => {
      const order = srng.shuffle(blocks);
      for (const b of order) {
        if (pick.size >= 4) break;
        if (!pick.has(b)) pick.set(b, srng.pick(homeIds[blocks.indexOf(b)]));
      }
      return { id: `P${String(p + 1).padStart(4, '0')}`, choices: srng.shuffle([...pick.values()]) };
    });
    const demand = new Map<string, number>();
    for (const st of students) for (const c of st.choices) demand.set(c, (demand.get(c) ?? 0) + 1);
    const courses: Course[] = homeIds.flat().map((id) => ({ id, name: `Course ${id}`, maxGroupSize: 30, maxGroups: Math.ceil((demand.get(id) ?? 0) / 30) }));
    // The school's stand-ins for the shared courses its pupils choose.
    for (const course of sharedCourses) {
      if ((course.places[memberId] ?? 0) > 0) courses.push({ id: course.id, name: course.name, maxGroupSize: course.maxGroupSize, site: 'consortium', places: course.places[memberId] });
    }
    return { format: 'ks4-scenario/1', name: `School ${i + 1}`, blocks, years: [10, 11], courses, sites: [{ id: 'consortium', name: 'The consortium' }], students };
  });

  const consortium: Consortium = {
    format: CONSORTIUM_FORMAT,
    id: `planted-${schools}-${seed}`,
    name: `Planted consortium: ${schools} schools, seed ${seed}`,
    years: [10, 11],
    members: memberIds.map((id, i) => ({ id, name: `School ${i + 1}`, scenario: scenarios[i] })),
    columns,
    sharedCourses,
    travel: { maxAwayCourses: 2 },
  };
  return { consortium, scenarios, plantedColumn };
}

export interface RealisticOptions {
  /** Pupils wanting an away shared course and their own school's hosted one (above); default false. */
  pairs?: boolean;
}

/** Four schools of the ordinary generator sharing six courses; deterministic from `seed` (and `pairs`). */
export function realisticConsortium(seed: number, options: RealisticOptions = {}): GeneratedConsortium {
  const rng = new Rng(seed, 'ks4-consortium-realistic');
  const shape = [
    { id: 'north', name: 'North Park School', blocks: 4, pupils: 150 },
    { id: 'east', name: 'Eastfield Academy', blocks: 5, pupils: 240 },
    { id: 'south', name: 'Southgate High', blocks: 5, pupils: 270 },
    { id: 'west', name: 'Westbrook School', blocks: 6, pupils: 180 },
  ];
  const memberIds = shape.map((s) => s.id);
  // Columns: the first three common times, at different blocks in each school.
  const columnAt: Record<string, string[]> = { north: ['A', 'B', 'D'], east: ['B', 'C', 'E'], south: ['A', 'C', 'D'], west: ['B', 'D', 'F'] };
  const columns: CommonColumn[] = ['AM1', 'AM2', 'PM'].map((id, j) => ({ id, blocks: Object.fromEntries(memberIds.map((m) => [m, columnAt[m][j]])) }));
  const defs = [
    { id: 'MTE', name: 'Music Technology', host: 'east', size: 20, groups: 1 },
    { id: 'STX', name: 'Statistics', host: 'south', size: 24, groups: 2 },
    { id: 'LAT', name: 'Latin', host: 'north', size: 16, groups: 1 },
    { id: 'ENG', name: 'Engineering', host: 'college', size: 18, groups: 2 },
    { id: 'DAN', name: 'Dance', host: 'west', size: 20, groups: 1 },
    { id: 'JPN', name: 'Japanese', host: 'college', size: 16, groups: 1 },
  ];
  const scenarios = shape.map((s) => {
    const sc = generateScenario({ students: s.pupils, seed: seed * 100 + s.blocks + s.pupils, blocks: s.blocks, name: s.name });
    delete sc.limits; // a school's group budget is not planned jointly (docs/consortium.md)
    return sc;
  });
  // About 5% of each school's pupils want each shared course: it replaces their last choice.
  const wanted = new Map<string, Map<string, number>>();
  scenarios.forEach((sc, i) => {
    const srng = rng.fork(memberIds[i]);
    const counts = new Map<string, number>();
    for (const st of sc.students) {
      if (!srng.chance(0.3)) continue;
      const def = srng.pick(defs);
      if (st.choices.includes(def.id)) continue;
      st.choices[st.choices.length - 1] = def.id;
      counts.set(def.id, (counts.get(def.id) ?? 0) + 1);
    }
    wanted.set(memberIds[i], counts);
    for (const def of defs) sc.courses.push({ id: def.id, name: def.name, maxGroupSize: def.size, site: 'consortium' });
    sc.sites = [...(sc.sites ?? []), { id: 'consortium', name: 'The consortium' }];
  });
  // Pairs: a pass of its own, after every school's, on streams of its own, so the choices above are as without pairs.
  if (options.pairs) {
    scenarios.forEach((sc, i) => {
      const prng = rng.fork(`${memberIds[i]}:pairs`);
      const hosted = defs.find((d) => d.host === memberIds[i]);
      const counts = wanted.get(memberIds[i])!;
      for (const st of sc.students) {
        const away = defs.find((d) => d.id === st.choices[st.choices.length - 1] && d.host !== memberIds[i]);
        if (!hosted || !away || st.choices.length < 3 || st.choices.includes(hosted.id) || !prng.chance(0.4)) continue;
        st.choices[st.choices.length - 2] = hosted.id;
        counts.set(hosted.id, (counts.get(hosted.id) ?? 0) + 1);
      }
    });
  }
  // Places: each school's demand, scaled down where the groups cannot hold them all.
  const sharedCourses: SharedCourse[] = defs.map((def) => {
    const demand = memberIds.map((m) => wanted.get(m)!.get(def.id) ?? 0);
    const total = demand.reduce((a, b) => a + b, 0);
    // With pairs a school-hosted course gets the groups its demand needs.
    const groups = options.pairs && def.host !== 'college' ? Math.max(def.groups, Math.ceil(total / def.size)) : def.groups;
    const capacity = def.size * groups;
    const scale = total > capacity ? capacity / total : 1;
    const places = Object.fromEntries(memberIds.map((m, i) => [m, Math.floor(demand[i] * scale)]));
    return { id: def.id, name: def.name, host: def.host, maxGroupSize: def.size, minGroupSize: 6, maxGroups: groups, places };
  });
  scenarios.forEach((sc, i) => {
    for (const c of sc.courses) {
      const shared = sharedCourses.find((x) => x.id === c.id);
      if (shared) c.places = shared.places[memberIds[i]];
    }
  });
  const consortium: Consortium = {
    format: CONSORTIUM_FORMAT,
    id: `realistic-${seed}${options.pairs ? '-pairs' : ''}`,
    name: `Four schools and a college, seed ${seed}${options.pairs ? ', pupils wanting two shared courses' : ''}`,
    years: [10, 11],
    members: shape.map((s, i) => ({ id: s.id, name: s.name, scenario: scenarios[i] })),
    sites: [{ id: 'college', name: 'City College' }],
    columns,
    sharedCourses,
    travel: { maxAwayCourses: 1, farApart: [{ between: ['west', 'college'], freeAfter: 1 }] },
  };
  return { consortium, scenarios };
}
