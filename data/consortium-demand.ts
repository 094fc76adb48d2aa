/**
 * A school's side of the consortium's privacy split (docs/consortium.md, "Each school's data stays its own").
 *
 * `exportDemand` turns the school's scenario into a demand file the coordinator may hold: pupils under random
 * ids from the platform's CSPRNG (crypto.getRandomValues), with only their choices and reserves; teachers,
 * rooms and fixed groups renamed the same way (teachers' ids are often initials); no names, no attributes, no
 * admission numbers or UPNs, no pathways (a small route can name its pupils), no departments or tags. Course
 * names become their ids. The mapping random id -> the school's own id goes in a separate key file that never
 * leaves the school.
 *
 * `mergePart` takes the school's part of the joint plan (in random ids) and its key back to the school's own
 * ids: the result for its member view (its own scenario with the shared courses in place of its stand-ins),
 * which passes `ks4 check` as an ordinary scenario and result.
 */
import type { Course, Result, Scenario } from '../solver/types';
import type { Consortium, ConsortiumDemand, ConsortiumKey, ConsortiumPart } from '../solver/consortium/types';
import { DEMAND_FORMAT, KEY_FORMAT, memberView } from './consortium';

/** 12 random bytes as hex after a one-letter kind: 96 bits, so two pupils of a consortium never share one. */
function randomId(kind: string, taken: Set<string>): string {
  for (;;) {
    const bytes = new Uint8Array(12);
    globalThis.crypto.getRandomValues(bytes);
    const id = kind + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export class DemandError extends Error {}

/** The demand file and the key for member `memberId` of `consortium`, from the school's own (valid) scenario. */
export function exportDemand(scenario: Scenario, consortium: Consortium, memberId: string): { demand: ConsortiumDemand; key: ConsortiumKey } {
  if (!consortium.members.some((m) => m.id === memberId)) {
    throw new DemandError(`There is no member ${memberId} in consortium ${consortium.id} (members ${consortium.members.map((m) => m.id).join(', ')}). Maybe the member id is mistyped?`);
  }
  const taken = new Set<string>();
  const key: ConsortiumKey = { format: KEY_FORMAT, consortium: consortium.id, member: memberId, students: {}, staff: {}, rooms: {}, groups: {} };
  const students = new Map<string, string>();
  const staff = new Map<string, string>();
  const rooms = new Map<string, string>();
  const groups = new Map<string, string>();
  const roomTypes = new Map<string, string>();
  const pseudonym = (forward: Map<string, string>, back: Record<string, string> | undefined, kind: string, own: string): string => {
    let id = forward.get(own);
    if (id === undefined) {
      id = randomId(kind, taken);
      forward.set(own, id);
      if (back) back[id] = own;
    }
    return id;
  };
  const S = (id: string): string => pseudonym(students, key.students, 'p', id);
  const T = (id: string): string => pseudonym(staff, key.staff, 't', id);
  const R = (id: string): string => pseudonym(rooms, key.rooms, 'r', id);
  const G = (id: string): string => pseudonym(groups, key.groups, 'g', id);
  // Room types are matched within the file only, so they need no way back.
  const RT = (type: string): string => pseudonym(roomTypes, undefined, 'y', type);

  // Pupils in a shuffled order: the file's order must not follow the school's (alphabetical, by form).
  const order = scenario.students.map((s) => s);
  for (let i = order.length - 1; i > 0; i--) {
    const r = new Uint32Array(1);
    globalThis.crypto.getRandomValues(r);
    const j = r[0] % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const courses: Course[] = scenario.courses.map((c) => ({
    id: c.id,
    name: c.id,
    ...(c.kind ? { kind: c.kind } : {}),
    ...(c.years ? { years: c.years } : {}),
    ...(c.span ? { span: c.span } : {}),
    maxGroupSize: c.maxGroupSize,
    ...(c.minGroupSize !== undefined ? { minGroupSize: c.minGroupSize } : {}),
    ...(c.minGroups !== undefined ? { minGroups: c.minGroups } : {}),
    ...(c.maxGroups !== undefined ? { maxGroups: c.maxGroups } : {}),
    ...(c.maxGroupsPerBlock !== undefined ? { maxGroupsPerBlock: c.maxGroupsPerBlock } : {}),
    ...(c.blocks ? { blocks: c.blocks } : {}),
    ...(c.roomType !== undefined ? { roomType: RT(c.roomType) } : {}),
    ...(c.rooms ? { rooms: c.rooms.map(R) } : {}),
    ...(c.site !== undefined ? { site: c.site } : {}),
    ...(c.places !== undefined ? { places: c.places } : {}),
  }));
  const demandScenario: Scenario = {
    format: 'ks4-scenario/1',
    name: memberId,
    blocks: scenario.blocks.slice(),
    ...(scenario.years ? { years: scenario.years.slice() } : {}),
    ...(scenario.mode ? { mode: scenario.mode } : {}),
    courses,
    ...(scenario.staff ? { staff: scenario.staff.map((t) => ({ id: T(t.id), courses: t.courses.slice(), ...(t.maxGroups !== undefined ? { maxGroups: t.maxGroups } : {}), ...(t.unavailable ? { unavailable: t.unavailable.map((u) => ({ ...u })) } : {}) })) } : {}),
    ...(scenario.rooms ? { rooms: scenario.rooms.map((r) => ({ id: R(r.id), type: RT(r.type), capacity: r.capacity, ...(r.unavailable ? { unavailable: r.unavailable.map((u) => ({ ...u })) } : {}) })) } : {}),
    // Partner sites keep their ids (courses name them) but not their names.
    ...(scenario.sites ? { sites: scenario.sites.map((s) => ({ id: s.id, name: s.id })) } : {}),
    students: order.map((s) => ({ id: S(s.id), choices: s.choices.slice(), ...(s.reserves ? { reserves: s.reserves.slice() } : {}) })),
    ...(scenario.groups
      ? {
          groups: scenario.groups.map((g) => ({
            id: G(g.id),
            course: g.course,
            blocks: g.blocks.slice(),
            ...(g.years ? { years: g.years.slice() } : {}),
            ...(g.staff ? { staff: g.staff.map(T) } : {}),
            ...(g.room !== undefined ? { room: g.room === null ? null : R(g.room) } : {}),
            ...(g.students ? { students: g.students.map(S) } : {}),
          })),
        }
      : {}),
  };
  return { demand: { format: DEMAND_FORMAT, consortium: consortium.id, member: memberId, scenario: demandScenario }, key };
}

export class MergeError extends Error {}

/**
 * The school's own scenario and result from its part of the joint plan and its key: `scenario` is the
 * member view of its own scenario, `result` a result for it in the school's own ids.
 */
export function mergePart(part: ConsortiumPart, own: Scenario, key: ConsortiumKey): { scenario: Scenario; result: Result } {
  if (key.consortium !== part.consortium || key.member !== part.member) {
    throw new MergeError(`The key is for member ${key.member} of consortium ${key.consortium}, the part for member ${part.member} of consortium ${part.consortium}. Maybe another school's key or part was given?`);
  }
  const back = (map: Record<string, string>, what: string) => (id: string): string => {
    const own = Object.hasOwn(map, id) ? map[id] : undefined;
    if (own === undefined) throw new MergeError(`The part names ${what} ${id}, which the key does not hold. Maybe the key is from another export of the demand file?`);
    return own;
  };
  // The key and the scenario must hold the same pupils: another school's scenario, or one with pupils who
  // left or joined since the demand file was exported, would give a result naming pupils it does not have.
  const ownIds = new Set(own.students.map((s) => s.id));
  const keyed = Object.values(key.students);
  const keyedIds = new Set(keyed);
  const gone = keyed.filter((id) => !ownIds.has(id));
  if (gone.length > 0) {
    throw new MergeError(`The key's pupil ${gone[0]}${gone.length > 1 ? ` and ${gone.length - 1} more of its ${keyed.length}` : ''} ${gone.length > 1 ? 'are' : 'is'} not in the scenario "${own.name}". Maybe the scenario is another school's, or pupils left after the demand file was exported (export it again and re-solve)?`);
  }
  const joined = own.students.filter((s) => !keyedIds.has(s.id)).map((s) => s.id);
  if (joined.length > 0) {
    throw new MergeError(`The scenario's pupil ${joined[0]}${joined.length > 1 ? ` and ${joined.length - 1} more` : ''} ${joined.length > 1 ? 'are' : 'is'} not in the key: the plan has no place for them. Maybe they joined after the demand file was exported (export it again and re-solve)?`);
  }
  const S = back(key.students, 'pupil');
  const T = back(key.staff, 'teacher');
  const R = back(key.rooms, 'room');
  // Groups the solve named (COURSE-n) keep their names; only fixed groups were renamed.
  const G = (id: string): string => (Object.hasOwn(key.groups, id) ? key.groups[id] : id);
  const r = part.result;
  const result: Result = {
    ...r,
    scenario: own.name,
    groups: r.groups.map((g) => ({ ...g, id: G(g.id), staff: g.staff.map(T), room: g.room === null ? null : R(g.room), students: g.students.map(S).sort() })),
    students: r.students.map((s) => ({ ...s, id: S(s.id), placed: Object.fromEntries(Object.entries(s.placed).map(([c, g]) => [c, G(g)])) })),
  };
  // The shared groups are fixed (pinned) in the merged scenario where the consortium placed them: a school that
  // re-solves or edits its own plan then keeps them in their columns, which every other school's plan shares.
  const view = memberView(own, part);
  const sharedIds = new Set(part.courses.map((x) => x.id));
  const ownGroups = view.groups ?? [];
  const pins = result.groups
    .filter((g) => sharedIds.has(g.course) && !ownGroups.some((x) => x.id === g.id))
    .map((g) => ({ id: g.id, course: g.course, blocks: g.blocks.slice(), years: g.years.slice() }));
  const scenario: Scenario = pins.length > 0 ? { ...view, groups: [...ownGroups, ...pins] } : view;
  return { scenario, result };
}
