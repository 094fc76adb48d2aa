/**
 * fast-check arbitraries of scenarios for the state-level fuzz test (test/state-fuzz.test.ts).
 *
 * Every part is drawn from fast-check primitives (no private random number generator), so a failing scenario
 * shrinks: fewer students, fewer courses, smaller sizes, no staff or rooms. Cross-references (a student's
 * choices, a teacher's courses, a pinned group's course) are drawn as plain indices and read modulo the
 * lengths of the lists they point into, so any shrink of one list still gives a valid document.
 *
 * What a scenario may hold: 2 to 6 blocks (up to 48 when asked), 1 or 2 years; courses of span 1 or 2, limited to some blocks or
 * years, with maximum sizes up to 32 (groups above 20), minimum sizes, maxGroups, maxGroupsPerBlock, places
 * quotas, partner-site courses, room types or room lists; teachers with courses, availability and loads; rooms
 * with types, capacities and availability; pinned groups with teachers, rooms and students fixed in them;
 * choices and reserves; top-level choice rules (notTogether, max, eligibility) enforced or let pass; and
 * limits.maxGroups. Cohorts run from 1 to `maxStudents` students.
 */
import fc from 'fast-check';
import type { Course, Group, Result, ResultGroup, ResultStudent, Room, Scenario, Staff, Student } from '../../solver/types';

/** Block labels: A to Z, then P27, P28, ... (grids of more blocks than letters). */
const blockLabel = (b: number): string => (b < 26 ? String.fromCharCode(65 + b) : `P${b + 1}`);
const YEARS = [10, 11];
const ROOM_TYPES = ['lab', 'art'];

const courseShape = fc.record({
  maxGroupSize: fc.integer({ min: 1, max: 32 }),
  minGroupSize: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  minGroups: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  maxGroups: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  maxGroupsPerBlock: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  span2: fc.boolean(),
  /** 0: every year; 1 or 2: only the first or only the second (with two years). */
  yearPick: fc.integer({ min: 0, max: 2 }),
  /** Allowed blocks, as indices read modulo the block count; absent: every block. */
  blocks: fc.option(fc.uniqueArray(fc.nat(47), { minLength: 1, maxLength: 6 }), { nil: undefined }),
  places: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  /** 0: no room wanted; 1, 2: a room type; 3: a list of rooms. */
  roomWant: fc.integer({ min: 0, max: 3 }),
  roomList: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
  /** 0: taught at the partner site (no teacher or room of ours); otherwise at home. */
  site: fc.integer({ min: 0, max: 4 }),
});

const studentShape = fc.record({
  choices: fc.uniqueArray(fc.nat(9), { minLength: 0, maxLength: 5 }),
  reserves: fc.uniqueArray(fc.nat(9), { maxLength: 2 }),
  prior: fc.constantFrom('high', 'low'),
});

const unavailableShape = fc.array(fc.record({ block: fc.nat(47), year: fc.option(fc.nat(1), { nil: undefined }) }), { maxLength: 2 });

const staffShape = fc.record({
  courses: fc.uniqueArray(fc.nat(9), { minLength: 1, maxLength: 4 }),
  maxGroups: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  unavailable: unavailableShape,
});

const roomShape = fc.record({
  type: fc.constantFrom(...ROOM_TYPES),
  capacity: fc.integer({ min: 1, max: 32 }),
  unavailable: unavailableShape,
});

const pinShape = fc.record({
  course: fc.nat(9),
  placement: fc.nat(20),
  staff: fc.option(fc.nat(5), { nil: undefined }),
  room: fc.option(fc.nat(5), { nil: undefined }),
  students: fc.uniqueArray(fc.nat(59), { maxLength: 30 }),
});

/** 0: notTogether of two courses; 1: at most one of three; 2: eligibility on the prior attribute. */
const ruleShape = fc.record({ kind: fc.integer({ min: 0, max: 2 }), courses: fc.uniqueArray(fc.nat(9), { minLength: 2, maxLength: 3 }), enforce: fc.boolean() });

export interface ScenarioSizes {
  minStudents: number;
  maxStudents: number;
  minCourses: number;
  maxCourses: number;
  /** Blocks: 2 to 6 unless given (up to 48). */
  minBlocks?: number;
  maxBlocks?: number;
}

/** Blocks as an id list, in the scenario's order, that a course's groups may occupy. */
function allowedBlocks(blocks: string[], course: Course): string[] {
  return course.blocks ? blocks.filter((b) => course.blocks!.includes(b)) : blocks;
}

/** The block sets one group of the course may occupy, in the order compile() lists placements. */
export function coursePlacements(blocks: string[], course: Course): string[][] {
  const allowed = allowedBlocks(blocks, course);
  const out: string[][] = [];
  if ((course.span ?? 1) === 1) for (const b of allowed) out.push([b]);
  else for (let i = 0; i < allowed.length; i++) for (let j = i + 1; j < allowed.length; j++) out.push([allowed[i], allowed[j]]);
  return out;
}

export function scenarioArb(sizes: ScenarioSizes): fc.Arbitrary<Scenario> {
  return fc
    .record({
      blockCount: fc.integer({ min: sizes.minBlocks ?? 2, max: sizes.maxBlocks ?? 6 }),
      yearCount: fc.integer({ min: 1, max: 2 }),
      courses: fc.array(courseShape, { minLength: sizes.minCourses, maxLength: sizes.maxCourses }),
      students: fc.array(studentShape, { minLength: sizes.minStudents, maxLength: sizes.maxStudents, size: 'max' }),
      staff: fc.option(fc.array(staffShape, { minLength: 1, maxLength: 5 }), { nil: undefined }),
      rooms: fc.option(fc.array(roomShape, { minLength: 1, maxLength: 4 }), { nil: undefined }),
      pins: fc.array(pinShape, { maxLength: 3 }),
      rules: fc.array(ruleShape, { maxLength: 3 }),
      maxGroupsPerYear: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
      fit: fc.integer({ min: 0, max: 7 }),
    })
    .map((d) => buildScenario(d));
}

type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Draw = {
  blockCount: number;
  yearCount: number;
  courses: Drawn<typeof courseShape>[];
  students: Drawn<typeof studentShape>[];
  staff?: Drawn<typeof staffShape>[];
  rooms?: Drawn<typeof roomShape>[];
  pins: Drawn<typeof pinShape>[];
  rules: Drawn<typeof ruleShape>[];
  maxGroupsPerYear?: number;
  fit: number;
};

function buildScenario(d: Draw): Scenario {
  const blocks = Array.from({ length: d.blockCount }, (_, b) => blockLabel(b));
  const years = YEARS.slice(0, d.yearCount);
  const roomCount = d.rooms?.length ?? 0;
  const courses: Course[] = d.courses.map((shape, c) => {
    const course: Course = { id: `C${c}`, name: `Course ${c}`, maxGroupSize: shape.maxGroupSize };
    // The schema refuses a minimum above its maximum (no group could run), so minima are clamped to the maxima.
    if (shape.minGroupSize !== undefined) course.minGroupSize = Math.min(shape.minGroupSize, shape.maxGroupSize);
    if (shape.minGroups !== undefined) course.minGroups = Math.min(shape.minGroups, shape.maxGroups ?? shape.minGroups);
    if (shape.maxGroups !== undefined) course.maxGroups = shape.maxGroups;
    if (shape.maxGroupsPerBlock !== undefined) course.maxGroupsPerBlock = shape.maxGroupsPerBlock;
    if (shape.blocks !== undefined) {
      const subset = blocks.filter((_, b) => shape.blocks!.some((i) => i % blocks.length === b));
      if (subset.length > 0) course.blocks = subset;
    }
    if (shape.span2 && allowedBlocks(blocks, course).length >= 2) course.span = 2;
    if (years.length === 2 && shape.yearPick > 0) course.years = [years[shape.yearPick - 1]];
    if (shape.places !== undefined) course.places = shape.places;
    if (shape.site === 0) course.site = 'partner';
    // A room type no room has is refused by the schema: only types the rooms have are asked for.
    const roomType = ROOM_TYPES[shape.roomWant - 1];
    if ((shape.roomWant === 1 || shape.roomWant === 2) && d.rooms?.some((r) => r.type === roomType)) course.roomType = roomType;
    if (shape.roomWant === 3 && roomCount > 0) course.rooms = [...new Set(shape.roomList.map((r) => `R${r % roomCount}`))];
    return course;
  });
  const n = courses.length;
  const students: Student[] = d.students.map((shape, s) => {
    const choices = [...new Set(shape.choices.map((c) => `C${c % n}`))];
    const reserves = [...new Set(shape.reserves.map((c) => `C${c % n}`))].filter((id) => !choices.includes(id));
    const student: Student = { id: `S${s}`, choices, attributes: { prior: shape.prior } };
    if (reserves.length > 0) student.reserves = reserves;
    return student;
  });
  const sc: Scenario = { format: 'ks4-scenario/1', name: 'state fuzz', blocks, years, courses, students };
  if (d.fit === 0) sc.mode = 'fit';
  if (courses.some((c) => c.site === 'partner')) sc.sites = [{ id: 'partner', name: 'Partner school' }];
  const unavailability = (list: { block: number; year?: number }[]) =>
    list.map((u) => ({ block: blocks[u.block % blocks.length], ...(u.year !== undefined ? { year: years[u.year % years.length] } : {}) }));
  if (d.staff) {
    sc.staff = d.staff.map(
      (t, i): Staff => ({
        id: `T${i}`,
        courses: [...new Set(t.courses.map((c) => `C${c % n}`))],
        ...(t.maxGroups !== undefined ? { maxGroups: t.maxGroups } : {}),
        ...(t.unavailable.length > 0 ? { unavailable: unavailability(t.unavailable) } : {}),
      }),
    );
  }
  if (d.rooms) {
    sc.rooms = d.rooms.map(
      (r, i): Room => ({ id: `R${i}`, type: r.type, capacity: r.capacity, ...(r.unavailable.length > 0 ? { unavailable: unavailability(r.unavailable) } : {}) }),
    );
  }
  if (d.maxGroupsPerYear !== undefined) sc.limits = { maxGroups: d.maxGroupsPerYear };
  if (d.rules.length > 0) {
    sc.rules = d.rules.map((r) => {
      const ids = [...new Set(r.courses.map((c) => `C${c % n}`))];
      if (r.kind === 0) return { notTogether: ids.slice(0, 2), enforce: r.enforce };
      if (r.kind === 1) return { max: 1, from: ids, enforce: r.enforce };
      return { eligible: { attribute: 'prior', in: ['high'] }, courses: ids.slice(0, 1), enforce: r.enforce };
    });
  }
  // Pinned groups, with students fixed only in choices that clash with no other group they are fixed in
  // (a fixing that cannot be kept is the scenario's problem, which compile reports; the fuzz wants a legal start).
  const groups: Group[] = [];
  const takenCells = students.map(() => new Set<string>());
  d.pins.forEach((pin, i) => {
    const course = courses[pin.course % n];
    const placements = coursePlacements(blocks, course);
    if (placements.length === 0) return;
    const where = placements[pin.placement % placements.length];
    const courseYears = course.years ?? years;
    const cells = where.flatMap((b) => courseYears.map((y) => `${b}:${y}`));
    const fixed: string[] = [];
    for (const s of pin.students) {
      const st = students[s % students.length];
      const si = s % students.length;
      if (!st.choices.includes(course.id) || fixed.includes(st.id)) continue;
      if (cells.some((cell) => takenCells[si].has(cell))) continue;
      for (const cell of cells) takenCells[si].add(cell);
      fixed.push(st.id);
    }
    const group: Group = { id: `P${i}`, course: course.id, blocks: where, students: fixed };
    // A pinned group's teacher teaches its course and its room suits it (the schema refuses anything else).
    const teachers = (sc.staff ?? []).filter((t) => t.courses.includes(course.id));
    if (pin.staff !== undefined && teachers.length > 0) group.staff = [teachers[pin.staff % teachers.length].id];
    const rooms = (sc.rooms ?? []).filter((r) => (course.rooms ? course.rooms.includes(r.id) : course.roomType !== undefined && r.type === course.roomType));
    if (pin.room !== undefined && rooms.length > 0) group.room = rooms[pin.room % rooms.length].id;
    groups.push(group);
  });
  // A student fixed in two groups of one course would be fixed twice in one seat: keep the first fixing.
  const fixedCourse = new Set<string>();
  for (const g of groups) {
    g.students = g.students!.filter((id) => {
      const key = `${id}/${g.course}`;
      if (fixedCourse.has(key)) return false;
      fixedCourse.add(key);
      return true;
    });
  }
  if (groups.length > 0) sc.groups = groups;
  return sc;
}

/**
 * A published blocking for a scenario, for the re-solve's two rules (solver/constraints/pupils-moved.ts,
 * groups-moved.ts): groups of the scenario's courses in blocks the course may use (now and then a block no
 * longer in the scenario, a course gone, or a repeated id), pupils of the scenario (some gone, one who left)
 * placed in a published group of each course or not, and the order and caps. It need not be a valid blocking:
 * a published blocking is only data to stay close to, and the scenario has changed since.
 */
export interface PublishedDraw {
  result: Result;
  order: 'stability' | 'satisfaction';
  maxPupilsMoved?: number;
  maxGroupsMoved?: number;
  /** Give the scenario itself as the published one (which courses were kept), or leave it to the result. */
  withScenario: boolean;
}

export function publishedArb(sc: Scenario): fc.Arbitrary<PublishedDraw> {
  const groupDraws = fc.array(
    fc.record({ course: fc.nat(100), where: fc.nat(100), odd: fc.nat(20) }),
    { minLength: 0, maxLength: 3 * sc.courses.length + 2 },
  );
  return fc
    .record({
      groups: groupDraws,
      seats: fc.array(fc.nat(0xffff), { minLength: sc.students.length + 1, maxLength: sc.students.length + 1 }),
      order: fc.constantFrom('stability' as const, 'satisfaction' as const),
      maxPupils: fc.option(fc.nat(4), { nil: undefined }),
      maxGroups: fc.option(fc.nat(3), { nil: undefined }),
      withScenario: fc.boolean(),
    })
    .map(({ groups, seats, order, maxPupils, maxGroups, withScenario }) => {
      const out: ResultGroup[] = [];
      const ofCourse = new Map<string, string[]>();
      groups.forEach((d, n) => {
        if (sc.courses.length === 0) return;
        const course = sc.courses[d.course % sc.courses.length];
        const placements = coursePlacements(sc.blocks, course);
        let blocks = placements.length > 0 ? placements[d.where % placements.length] : [sc.blocks[0]];
        if (d.odd === 0) blocks = ['GONE-BLOCK'];
        const id = d.odd === 1 && out.length > 0 ? out[0].id : `${course.id}-P${n}`;
        const courseId = d.odd === 2 ? 'GONE-COURSE' : course.id;
        out.push({ id, course: courseId, blocks, years: [], staff: [], room: null, students: [] });
        ofCourse.set(courseId, [...(ofCourse.get(courseId) ?? []), id]);
      });
      const students: ResultStudent[] = [];
      sc.students.forEach((s, n) => {
        const bits = seats[n];
        if ((bits & 7) === 7) return; // a pupil who joined since publishing
        const placed: Record<string, string> = {};
        const unmet: string[] = [];
        [...s.choices, ...(s.reserves ?? [])].forEach((c, k) => {
          const ids = ofCourse.get(c) ?? [];
          const pick = (bits >> (3 + 2 * k)) & 3;
          if (pick < ids.length && pick < 3) placed[c] = ids[pick];
          else if (k < s.choices.length) unmet.push(c);
        });
        students.push({ id: s.id, placed, unmet, reserves: [] });
      });
      if (seats[sc.students.length] & 1) students.push({ id: 'LEFT-SINCE', placed: {}, unmet: [], reserves: [] });
      const result: Result = {
        format: 'ks4-result/1',
        scenario: sc.name,
        groups: out,
        students,
        summary: { students: students.length, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: out.length, seconds: 0, seed: 1 },
      };
      return { result, order, maxPupilsMoved: maxPupils, maxGroupsMoved: maxGroups, withScenario };
    });
}
