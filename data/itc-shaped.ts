/**
 * Instances shaped like the ITC 2002 post-enrolment course timetabling competition (the 20 public
 * instances: 400 events, 45 periods, 10 rooms with features, 200 to 350 students attending about 20 events
 * each), with a PLANTED feasible timetable so "every student placed" is known to be attainable. The
 * competition's own instances carry no licence to ship, so the bench and the tests generate look-alikes.
 *
 * How the ITC shape maps onto a ks4-scenario/1 document:
 *  - one year (years [10]) and one block per period, labelled "Mon1".."Fri9" (9 periods a day; a sixth or
 *    later day is "Day6", "Day7", ...), so the grid has `periods` block-year cells;
 *  - each event is a course that runs exactly one group (minGroups = maxGroups = 1) in one block;
 *  - each student chooses the events they attend (no reserves); a student fully satisfied is a student
 *    who attends all their events, so "every student fully satisfied" is ITC's hard feasibility;
 *  - no staff;
 *  - rooms have a capacity. ITC rooms carry a SET of features and an event requires a set; the format
 *    gives a room exactly one `type` and a course at most one `roomType`, so a set of features cannot be
 *    written as types. The nearest faithful form, and the one that keeps ITC's hard rule exactly, is the
 *    course's `rooms` list: the rooms holding every feature the event requires and seating at least its
 *    attendance (ITC's event-room suitability). A room's `type` names its feature set ("F02+F07", or
 *    "plain" for none), so the features stay readable in the document; no course uses `roomType`;
 *  - a course's maxGroupSize is the room size limit its suitable rooms allow (the largest of them); no
 *    minimum size.
 * Not expressed: ITC's soft constraints (an event in a day's last period, more than two events in a row,
 * a single event in a day) have no counterpart in the format's objective, and days themselves exist only
 * in the block labels.
 *
 * Planting, in order (each step its own forked random stream, so changing one leaves the others alone):
 *  1. every event gets a distinct (period, room) slot, drawn without replacement from periods x rooms;
 *  2. room capacities: a spread of relative sizes (1 to 4), scaled so the planted events' rooms seat
 *     SEAT_SLACK times the attendance the students need;
 *  3. room features: each room holds each feature with probability 1/2; an event requires each feature of
 *     its planted room with probability REQUIRE_FEATURE, so its planted room always suits it;
 *  4. students: each draws about `eventsPerStudent` distinct periods (in proportion to the seats left in
 *     them) and in each one event with a seat left in its planted room (in proportion to its free seats,
 *     events nobody attends yet first), so the planted timetable seats everyone and no student has two
 *     events in one period; an event still without students at the end is given to a student free in its
 *     period;
 *  5. each event's suitable rooms (features and capacity >= its attendance), its planted room among them.
 * The planted timetable is returned as a result document (one group per event, every student placed).
 */
import type { Course, Result, ResultGroup, ResultStudent, Room, Scenario, Student } from '../solver/types';
import { Rng } from './rng';

export interface ItcShapedOptions {
  seed: number;
  /** Default 400. */
  events?: number;
  /** Default 45 (5 days of 9). */
  periods?: number;
  /** Default 10. */
  rooms?: number;
  /** Default 300. */
  students?: number;
  /** The mean number of events a student attends; each student draws within 2 of it. Default 20. */
  eventsPerStudent?: number;
  /** Number of distinct room features. Default 10. */
  features?: number;
}

export interface ItcShaped {
  scenario: Scenario;
  /** The planted feasible timetable: every event in its period and room, every student attending all their events. */
  plantedResult: Result;
}

/** Seats the planted rooms offer over the attendance the students need (room for the draws near the end). */
const SEAT_SLACK = 1.25;
/** Probability that an event requires a given feature of its planted room. */
const REQUIRE_FEATURE = 0.3;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const PERIODS_PER_DAY = 9;
/** The ITC shape's one year. */
const YEAR = 10;

type Resolved = Required<ItcShapedOptions>;

function resolve(opts: ItcShapedOptions): Resolved {
  const o: Resolved = {
    seed: opts.seed,
    events: opts.events ?? 400,
    periods: opts.periods ?? 45,
    rooms: opts.rooms ?? 10,
    students: opts.students ?? 300,
    eventsPerStudent: opts.eventsPerStudent ?? 20,
    features: opts.features ?? 10,
  };
  if (typeof o.seed !== 'number' || !Number.isFinite(o.seed)) {
    throw new Error(`seed is ${String(o.seed)} (options.seed). Maybe it should be a whole number such as 1?`);
  }
  const whole = (name: keyof Resolved, lo: number, hi: number): void => {
    const v = o[name];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${name} is ${String(v)} (options.${name}). Maybe it should be a whole number from ${lo} to ${hi}?`);
  };
  whole('periods', 1, 500);
  whole('rooms', 1, 1000);
  whole('events', 1, o.periods * o.rooms);
  whole('students', 1, 5000);
  whole('eventsPerStudent', 1, o.periods);
  whole('features', 0, 64);
  return o;
}

/** "Mon1".."Fri9" for the first 45 periods, then "Day6_1" and so on. */
export function periodLabel(p: number): string {
  const day = Math.floor(p / PERIODS_PER_DAY);
  return `${DAYS[day] ?? `Day${day + 1}_`}${(p % PERIODS_PER_DAY) + 1}`;
}

export function itcShapedScenario(opts: ItcShapedOptions): ItcShaped {
  const o = resolve(opts);
  const root = new Rng(o.seed, 'ks4-itc-shaped');
  const slotRng = root.fork('slots');
  const sizeRng = root.fork('sizes');
  const featureRng = root.fork('features');
  const studentRng = root.fork('students');
  const blocks = Array.from({ length: o.periods }, (_, p) => periodLabel(p));

  // 1. Distinct (period, room) slots: slot index = period * rooms + room.
  const slots = slotRng.shuffle(Array.from({ length: o.periods * o.rooms }, (_, i) => i)).slice(0, o.events);
  const periodOf = Int32Array.from(slots, (s) => Math.floor(s / o.rooms));
  const roomOf = Int32Array.from(slots, (s) => s % o.rooms);

  // 2. Capacities: relative sizes from 1 to 4, scaled so the planted rooms seat SEAT_SLACK x the demand.
  const relative = Array.from({ length: o.rooms }, () => 1 + 3 * sizeRng.next());
  const eventsInRoom = new Int32Array(o.rooms);
  for (let e = 0; e < o.events; e++) eventsInRoom[roomOf[e]]++;
  const demand = o.students * o.eventsPerStudent;
  const relativeSeats = relative.reduce((sum, r, i) => sum + r * eventsInRoom[i], 0);
  const scale = (demand * SEAT_SLACK) / relativeSeats;
  const capacity = relative.map((r) => Math.max(1, Math.ceil(r * scale)));

  // 3. Features: roomFeatures[r] and required[e] as sorted feature indices.
  const roomFeatures: number[][] = Array.from({ length: o.rooms }, () => Array.from({ length: o.features }, (_, f) => f).filter(() => featureRng.chance(0.5)));
  const required: number[][] = Array.from({ length: o.events }, (_, e) => roomFeatures[roomOf[e]].filter(() => featureRng.chance(REQUIRE_FEATURE)));

  // 4. Students. attendees[e] lists student indices; eventsByPeriod[p] the events planted in period p.
  const attendees: number[][] = Array.from({ length: o.events }, () => []);
  const eventsByPeriod: number[][] = Array.from({ length: o.periods }, () => []);
  for (let e = 0; e < o.events; e++) eventsByPeriod[periodOf[e]].push(e);
  const free = (e: number): number => capacity[roomOf[e]] - attendees[e].length;
  // Events nobody attends yet weigh this many times their free seats, so every event gets a student early.
  const EMPTY_BOOST = 50;
  const studentEvents: number[][] = [];
  for (let s = 0; s < o.students; s++) {
    const want = Math.min(o.periods, Math.max(1, o.eventsPerStudent + studentRng.int(-2, 2)));
    const mine: number[] = [];
    const periodsLeft = Array.from({ length: o.periods }, (_, p) => p);
    while (mine.length < want && periodsLeft.length > 0) {
      const pw = periodsLeft.map((p) => eventsByPeriod[p].reduce((sum, e) => sum + free(e), 0));
      const pi = studentRng.weightedIndex(pw);
      if (pi < 0) break; // no seat left anywhere this student can still use
      const p = periodsLeft.splice(pi, 1)[0];
      const options = eventsByPeriod[p];
      const ei = studentRng.weightedIndex(options.map((e) => free(e) * (attendees[e].length === 0 ? EMPTY_BOOST : 1)));
      const e = options[ei];
      attendees[e].push(s);
      mine.push(e);
    }
    studentEvents.push(mine);
  }
  // An event still empty (seats ran short where it is): give it to the student with the fewest events who
  // has nothing in its period. Its room seats at least one, so the planted timetable stays feasible.
  for (let e = 0; e < o.events; e++) {
    if (attendees[e].length > 0) continue;
    let best = -1;
    for (let s = 0; s < o.students; s++) {
      if (studentEvents[s].some((x) => periodOf[x] === periodOf[e])) continue;
      if (best < 0 || studentEvents[s].length < studentEvents[best].length) best = s;
    }
    if (best < 0) throw new Error(`Event ${e + 1} of ${o.events} has no student free in its period ${blocks[periodOf[e]]}. Maybe use more students or fewer events per student?`);
    attendees[e].push(best);
    studentEvents[best].push(e);
  }

  // 5. Suitable rooms: every required feature and capacity >= attendance (the planted room is one).
  const featureSets = roomFeatures.map((fs) => new Set(fs));
  const suitable: number[][] = Array.from({ length: o.events }, (_, e) =>
    Array.from({ length: o.rooms }, (_, r) => r).filter((r) => capacity[r] >= attendees[e].length && required[e].every((f) => featureSets[r].has(f))),
  );

  const width = (n: number) => String(n).length;
  const eventId = (e: number): string => `E${String(e + 1).padStart(width(o.events), '0')}`;
  const roomId = (r: number): string => `R${String(r + 1).padStart(width(o.rooms), '0')}`;
  const studentId = (s: number): string => `S${String(s + 1).padStart(Math.max(3, width(o.students)), '0')}`;
  const featureName = (f: number): string => `F${String(f + 1).padStart(width(o.features), '0')}`;

  const rooms: Room[] = capacity.map((cap, r) => ({
    id: roomId(r),
    name: `Room ${r + 1}`,
    type: roomFeatures[r].length === 0 ? 'plain' : roomFeatures[r].map(featureName).join('+'),
    capacity: cap,
  }));
  const courses: Course[] = Array.from({ length: o.events }, (_, e) => ({
    id: eventId(e),
    name: `Event ${e + 1}${required[e].length > 0 ? ` (needs ${required[e].map(featureName).join(', ')})` : ''}`,
    kind: 'Other',
    maxGroupSize: Math.max(...suitable[e].map((r) => capacity[r])),
    minGroups: 1,
    maxGroups: 1,
    rooms: suitable[e].map(roomId),
  }));
  const students: Student[] = studentEvents.map((events, s) => ({
    id: studentId(s),
    choices: studentRng.shuffle(events).map(eventId),
  }));

  const scenario: Scenario = {
    format: 'ks4-scenario/1',
    name: `ITC-2002-shaped: ${o.events} events, ${o.periods} periods, ${o.rooms} rooms, ${o.students} students, seed ${o.seed}`,
    blocks,
    years: [YEAR],
    mode: 'build',
    courses,
    staff: [],
    rooms,
    students,
    // Extra fields (ride along): the generator's options and what is known about the optimum.
    generator: { kind: 'itc-shaped', ...o },
    knownOptimum: { fullySatisfied: o.students, groups: o.events, seed: o.seed },
  };

  const groupId = (e: number): string => `${eventId(e)}-1`;
  const groups: ResultGroup[] = Array.from({ length: o.events }, (_, e) => ({
    id: groupId(e),
    course: eventId(e),
    blocks: [blocks[periodOf[e]]],
    years: [YEAR],
    staff: [],
    room: roomId(roomOf[e]),
    students: attendees[e].map(studentId),
  }));
  const resultStudents: ResultStudent[] = studentEvents.map((events, s) => ({
    id: studentId(s),
    placed: Object.fromEntries(events.map((e) => [eventId(e), groupId(e)])),
    unmet: [],
    reserves: [],
  }));
  const choices = studentEvents.reduce((n, l) => n + l.length, 0);
  const plantedResult: Result = {
    format: 'ks4-result/1',
    scenario: scenario.name,
    groups,
    students: resultStudents,
    summary: { students: o.students, fullySatisfied: o.students, choices, choicesMet: choices, reservesUsed: 0, groups: o.events, upperBound: o.students, seconds: 0, seed: o.seed },
  };
  return { scenario, plantedResult };
}
