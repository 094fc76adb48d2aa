/**
 * Scenarios with a provable optimum: every student can be fully satisfied, and the proof (a perfect
 * blocking with teachers, rooms and students) is returned beside the scenario.
 *
 * Construction (planted solution):
 *  1. a blocking: groups of catalogue courses (counts from national popularity) spread over the
 *     blocks so each block holds about the same number of seats, a little more than the cohort needs;
 *  2. students drawn into it: each picks `choices` distinct blocks and one group in each, of distinct
 *     courses, only where seats remain, so the planted blocking seats everyone;
 *  3. everything else made exactly tight around the planted groups: each teacher covers exactly their
 *     groups' blocks (unavailable elsewhere, maxGroups = their groups), each room type has exactly as
 *     many rooms free in a block as that block has groups of the type, each course's maxGroups is its
 *     group count and limits.maxGroups the total, minGroupSize is at most its smallest planted group.
 * So 100% fully satisfied is attainable, and the scenario leaves the solver little slack.
 */
import type { Course, Group, Room, Scenario, Staff, Student } from '../solver/types';
import { COURSE_CATALOGUE, FIRST_NAMES, ROOM_NAMES, SURNAMES, type CourseSpec, type RoomType } from './catalogue';
import { Rng } from './rng';

export interface KnownOptimumOptions {
  students: number;
  seed: number;
  /** Default 5. */
  blocks?: number;
  /** Choices per student; default 4. */
  choices?: number;
}

export interface KnownOptimum {
  scenario: Scenario;
  /** The planted blocking: every group with its blocks, teacher, room and students. */
  perfectGroups: Group[];
}

const BLOCK_LABELS = 'ABCDEFGH';
/** Seats planted above what the cohort needs, so drawing students never runs out of room. */
const SEAT_SLACK = 1.12;

function resolve(opts: KnownOptimumOptions): Required<KnownOptimumOptions> {
  const { students, seed } = opts;
  if (!Number.isInteger(students) || students < 1 || students > 5000) {
    throw new Error(`students is ${String(students)} (options.students). Maybe it should be a whole number from 1 to 5000?`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error(`seed is ${String(seed)} (options.seed). Maybe it should be a whole number such as 1?`);
  }
  const blocks = opts.blocks ?? 5;
  if (!Number.isInteger(blocks) || blocks < 2 || blocks > BLOCK_LABELS.length) {
    throw new Error(`blocks is ${String(blocks)} (options.blocks). Maybe it should be 4 or 5?`);
  }
  const choices = opts.choices ?? Math.min(4, blocks);
  if (!Number.isInteger(choices) || choices < 1 || choices > blocks) {
    throw new Error(`choices is ${String(choices)} (options.choices) with ${blocks} blocks. Maybe it should be between 1 and ${blocks}?`);
  }
  return { students, seed, blocks, choices };
}

interface PlantedGroup {
  spec: CourseSpec;
  size: number;
  block: number;
  students: number[];
}

export function knownOptimumScenario(opts: KnownOptimumOptions): KnownOptimum {
  const o = resolve(opts);
  const root = new Rng(o.seed, 'ks4-known-optimum');
  const planRng = root.fork('blocking');
  const studentRng = root.fork('students');
  const staffRng = root.fork('staff');
  const blocks = BLOCK_LABELS.slice(0, o.blocks).split('');

  // Plain single-block, both-year, home courses: the planted proof needs no special cases.
  const specs = COURSE_CATALOGUE.filter((c) => c.option === undefined && c.rate > 0);
  const sizeOf = new Map(specs.map((c) => [c.id, c.size[0] === c.size[1] ? c.size[0] : planRng.pick([c.size[0], c.size[1]])]));
  const rateSum = specs.reduce((s, c) => s + c.rate, 0);
  const seatsNeeded = o.students * o.choices;

  // 1. Groups per course from popularity, then onto blocks: biggest first, each to the block with the
  // fewest seats that has no group of the same course yet (popular courses spread across columns).
  const planted: PlantedGroup[] = [];
  for (const spec of specs) {
    const demand = (seatsNeeded * spec.rate) / rateSum;
    const size = sizeOf.get(spec.id)!;
    const count = Math.max(0, Math.round((demand * SEAT_SLACK) / size));
    for (let k = 0; k < count; k++) planted.push({ spec, size, block: -1, students: [] });
  }
  const seats = new Array<number>(o.blocks).fill(0);
  const place = (g: PlantedGroup): void => {
    let best = -1;
    for (let b = 0; b < o.blocks; b++) {
      const clash = planted.some((h) => h !== g && h.block === b && h.spec.id === g.spec.id);
      const better = best < 0 || seats[b] < seats[best];
      if (!clash && better) best = b;
    }
    if (best < 0) best = seats.indexOf(Math.min(...seats)); // more groups than blocks: double up
    g.block = best;
    seats[best] += g.size;
  };
  for (const g of planRng.shuffle(planted).sort((a, b) => b.size - a.size)) place(g);
  // Every block must offer enough seats for its share of the cohort (all of it when choices = blocks);
  // top up thin blocks with groups of the most popular general courses.
  const perBlock = Math.ceil((seatsNeeded / o.blocks) * SEAT_SLACK);
  const fillers = specs.filter((c) => c.roomType === 'classroom').sort((a, b) => b.rate - a.rate);
  for (let b = 0; b < o.blocks; b++) {
    const minimum = Math.max(perBlock, o.choices === o.blocks ? o.students : 0);
    let k = 0;
    while (seats[b] < minimum) {
      const spec = fillers[k++ % fillers.length];
      const g: PlantedGroup = { spec, size: sizeOf.get(spec.id)!, block: b, students: [] };
      planted.push(g);
      seats[b] += g.size;
    }
  }

  // 2. Students. Blocks are drawn in proportion to the seats left in them, then a group in each block in
  // proportion to its course's popularity and the seats it has left; a student never takes a course twice.
  const byBlock: PlantedGroup[][] = blocks.map((_, b) => planted.filter((g) => g.block === b));
  const free = (g: PlantedGroup): number => g.size - g.students.length;
  for (let s = 0; s < o.students; s++) {
    let done = false;
    for (let attempt = 0; attempt < 30 && !done; attempt++) {
      const chosen: PlantedGroup[] = [];
      const remainingBlocks = blocks.map((_, b) => b);
      while (chosen.length < o.choices && remainingBlocks.length > 0) {
        const bw = remainingBlocks.map((b) => byBlock[b].reduce((sum, g) => sum + free(g), 0));
        const bi = studentRng.weightedIndex(bw);
        if (bi < 0) break;
        const b = remainingBlocks.splice(bi, 1)[0];
        const options = byBlock[b].filter((g) => free(g) > 0 && !chosen.some((c) => c.spec.id === g.spec.id));
        const gi = studentRng.weightedIndex(options.map((g) => g.spec.rate * free(g)));
        if (gi >= 0) chosen.push(options[gi]);
      }
      if (chosen.length === o.choices) {
        for (const g of chosen) g.students.push(s);
        done = true;
      }
    }
    if (!done) {
      // The seats left are in courses this student already has (happens near the end of small cohorts):
      // open one more planted group where needed. The blocking is still planted, so still perfect.
      const order = blocks.map((_, b) => b).sort((a, b) => byBlock[b].reduce((x, g) => x + free(g), 0) - byBlock[a].reduce((x, g) => x + free(g), 0) || a - b);
      const chosen: PlantedGroup[] = [];
      for (const b of order.slice(0, o.choices)) {
        const options = byBlock[b].filter((g) => free(g) > 0 && !chosen.some((c) => c.spec.id === g.spec.id));
        const gi = studentRng.weightedIndex(options.map((g) => g.spec.rate * free(g)));
        if (gi >= 0) {
          chosen.push(options[gi]);
          continue;
        }
        const spec = [...specs]
          .sort((x, y) => y.rate - x.rate)
          .find((c) => !chosen.some((g) => g.spec.id === c.id) && !byBlock[b].some((g) => g.spec.id === c.id))!;
        const g: PlantedGroup = { spec, size: sizeOf.get(spec.id)!, block: b, students: [] };
        planted.push(g);
        byBlock[b].push(g);
        chosen.push(g);
      }
      for (const g of chosen) g.students.push(s);
    }
  }

  // 3. Drop empty groups, name the rest, and build tight staff and rooms around them.
  const used = planted.filter((g) => g.students.length > 0).sort((a, b) => (a.spec.id < b.spec.id ? -1 : a.spec.id > b.spec.id ? 1 : a.block - b.block));
  const courseIds = specs.map((c) => c.id).filter((id) => used.some((g) => g.spec.id === id));
  const groupId = new Map<PlantedGroup, string>();
  const counter = new Map<string, number>();
  for (const g of used) {
    const n = (counter.get(g.spec.id) ?? 0) + 1;
    counter.set(g.spec.id, n);
    groupId.set(g, `${g.spec.id}-${n}`);
  }

  // Teachers: in each department, the k-th group of a block goes to teacher k, so the department needs
  // exactly as many teachers as its busiest block has groups; each is unavailable in every other block.
  const staff: Staff[] = [];
  const teacherOf = new Map<PlantedGroup, string>();
  const departments = [...new Set(used.map((g) => g.spec.department))].sort();
  for (const dept of departments) {
    const deptGroups = used.filter((g) => g.spec.department === dept);
    const slots: PlantedGroup[][] = [];
    for (let b = 0; b < o.blocks; b++) {
      deptGroups.filter((g) => g.block === b).forEach((g, k) => {
        (slots[k] ??= []).push(g);
      });
    }
    const deptCourses = [...new Set(deptGroups.map((g) => g.spec.id))];
    for (const groups of slots) {
      const id = `T${String(staff.length + 1).padStart(2, '0')}`;
      const mine = [...new Set(groups.map((g) => g.spec.id))];
      // Sometimes a colleague's course too: a choice for the solver that costs no capacity.
      const other = deptCourses.filter((c) => !mine.includes(c));
      if (other.length > 0 && staffRng.chance(0.3)) mine.push(staffRng.pick(other));
      const busy = new Set(groups.map((g) => g.block));
      staff.push({
        id,
        name: `${staffRng.pick(['Ms', 'Mr', 'Dr'])} ${staffRng.pick(FIRST_NAMES)[0]}. ${staffRng.pick(SURNAMES)}`,
        department: dept,
        courses: mine.sort(),
        maxGroups: groups.length,
        unavailable: blocks.filter((_, b) => !busy.has(b)).map((block) => ({ block })),
      });
      for (const g of groups) teacherOf.set(g, id);
    }
  }

  // Rooms: per type, as many rooms as the busiest block needs; room k is unavailable in the blocks that
  // have k groups of the type or fewer, so every block has exactly enough.
  const rooms: Room[] = [];
  const roomOf = new Map<PlantedGroup, string>();
  const types = [...new Set(used.map((g) => g.spec.roomType))].sort() as RoomType[];
  for (const type of types) {
    const ofType = used.filter((g) => g.spec.roomType === type);
    const perBlockGroups = blocks.map((_, b) => ofType.filter((g) => g.block === b));
    const count = Math.max(...perBlockGroups.map((l) => l.length));
    const capacity = Math.max(...ofType.map((g) => g.size));
    for (let k = 0; k < count; k++) {
      const id = `${ROOM_NAMES[type].id}${k + 1}`;
      const unavailable = blocks.filter((_, b) => perBlockGroups[b].length <= k).map((block) => ({ block }));
      rooms.push({ id, name: `${ROOM_NAMES[type].name} ${k + 1}`, type, capacity, ...(unavailable.length > 0 ? { unavailable } : {}) });
      perBlockGroups.forEach((l) => {
        if (l[k]) roomOf.set(l[k], id);
      });
    }
  }

  const courses: Course[] = courseIds.map((id) => {
    const spec = specs.find((c) => c.id === id)!;
    const groups = used.filter((g) => g.spec.id === id);
    const smallest = Math.min(...groups.map((g) => g.students.length));
    return {
      id,
      name: spec.name,
      kind: spec.kind,
      department: spec.department,
      tags: spec.tags.slice(),
      discountCode: spec.discountCode,
      maxGroupSize: sizeOf.get(id)!,
      minGroupSize: Math.min(staffRng.int(8, 12), smallest),
      maxGroups: groups.length,
      roomType: spec.roomType,
    };
  });

  const idWidth = Math.max(4, String(o.students).length);
  const sid = (s: number): string => `S${String(s + 1).padStart(idWidth, '0')}`;
  const studentCourses: string[][] = Array.from({ length: o.students }, () => []);
  for (const g of used) for (const s of g.students) studentCourses[s].push(g.spec.id);
  const students: Student[] = studentCourses.map((mine, s) => {
    const others = courseIds.filter((c) => !mine.includes(c));
    return {
      id: sid(s),
      name: `${studentRng.pick(FIRST_NAMES)} ${studentRng.pick(SURNAMES)}`,
      choices: studentRng.shuffle(mine),
      reserves: others.length > 0 ? [studentRng.pick(others)] : [],
    };
  });

  const years = [10, 11];
  const perfectGroups: Group[] = used.map((g) => ({
    id: groupId.get(g)!,
    course: g.spec.id,
    blocks: [blocks[g.block]],
    years,
    staff: [teacherOf.get(g)!],
    room: roomOf.get(g) ?? null,
    students: g.students.map(sid),
  }));

  const scenario: Scenario = {
    format: 'ks4-scenario/1',
    name: `Known optimum: ${o.students} students, ${o.blocks} blocks, ${o.choices} choices, seed ${o.seed}`,
    blocks,
    years,
    periodsPerFortnight: 5,
    mode: 'build',
    limits: { maxGroups: used.length },
    courses,
    staff,
    rooms,
    students,
    // Extra field (rides along): what is known about this scenario's optimum.
    knownOptimum: { fullySatisfied: o.students, groups: used.length, seed: o.seed },
  };
  return { scenario, perfectGroups };
}
