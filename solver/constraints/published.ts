/**
 * The published blocking a re-solve stays close to (docs/reference.md, issue 14), compiled against the model
 * so the two rules that measure the distance (pupils-moved.ts, groups-moved.ts) read only typed arrays.
 *
 * The words are docs/reference.md's. A pupil's placement in a course is their group and that group's blocks. A
 * pupil counts when they are in the published result and in the scenario now; a course of theirs counts when
 * they KEPT it: it is among their choices or reserves now and was when published (the published scenario's
 * lists when given, else what the published result shows: the courses it placed them in and the choices it
 * left unmet). A pupil is moved when one of their kept courses has another placement than published; a
 * published group is unchanged when a group of the same course continues it (keeps its id) in the same blocks,
 * and otherwise moved or cancelled.
 *
 * Identity: the search opens, closes and moves group slots; a slot continuing a published group holds that
 * group's index in State.slotRef (set by the re-solve's start, kept when the group moves block, cleared when it
 * closes), and the result document gives it the published id (result.ts).
 *
 * Layouts:
 *  groupIds[r], groupCourse[r] (course index, -1 a course gone), groupBlockKey[r] (model.blockSetKey of its
 *    blocks, -1 when a block is gone or the blocks are not one or two): published group r
 *  seatGroup[s * seatWidth + k]: for seat k of student s, the published group r of that kept course, or
 *    SEAT_UNPLACED (kept, not placed when published), SEAT_ELSEWHERE (kept, placed in a group the published
 *    result does not list: never unmoved), SEAT_NOT_COUNTED (a pupil who joined, or a course not kept)
 */
import { blockSetKey, type Model } from '../model';
import type { Result, Scenario } from '../types';

export const SEAT_UNPLACED = -1;
export const SEAT_ELSEWHERE = -3;
export const SEAT_NOT_COUNTED = -2;

/**
 * What comes first: 'stability', the fewest pupils moved, then the fewest published groups moved or cancelled,
 * then the usual objective; 'satisfaction', the usual objective down to reserves, then the fewest pupils and
 * groups moved, then the fewest groups and evenness (a group is not moved for evenness or to save a group).
 */
export type ReferenceOrder = 'stability' | 'satisfaction';

export interface PublishedBlocking {
  order: ReferenceOrder;
  /** Caps (Infinity: none). Above a cap the rule's excess is a tier before the objective (objective.ts). */
  maxPupilsMoved: number;
  maxGroupsMoved: number;
  /** Score weights for this order (pupils-moved.ts, groups-moved.ts) and per unit above a cap. */
  pupilWeight: number;
  groupWeight: number;
  capWeight: number;
  groupIds: string[];
  groupIndex: Map<string, number>;
  groupCourse: Int32Array;
  groupBlockKey: Int32Array;
  seatGroup: Int32Array;
  /** Pupils counted (in the published result and now). */
  counted: Uint8Array;
  countedPupils: number;
}

/** Weights of the two rules by order: above every satisfaction tier, or between reserves and the group count. */
export const STABILITY_PUPIL_WEIGHT = 400;
export const STABILITY_GROUP_WEIGHT = 400;
/** Below a reserve placed (5) and above a running group (3): a move is made only for the tiers above it. */
export const SATISFACTION_PUPIL_WEIGHT = 4;
export const SATISFACTION_GROUP_WEIGHT = 100;
/** Per pupil or group above a cap: as a student above a group's capacity. */
export const CAP_WEIGHT = 300;

export interface PublishedOptions {
  result: Result;
  /** The scenario as published, for which courses each pupil kept; without it the published result shows them. */
  scenario?: Scenario;
  order?: ReferenceOrder;
  maxPupilsMoved?: number;
  maxGroupsMoved?: number;
}

export function compilePublished(m: Model, ref: PublishedOptions): PublishedBlocking {
  const order = ref.order ?? 'stability';
  const groupIds: string[] = [];
  const groupIndex = new Map<string, number>();
  const courses: number[] = [];
  const keys: number[] = [];
  for (const g of Array.isArray(ref.result.groups) ? ref.result.groups : []) {
    if (!g || typeof g.id !== 'string' || groupIndex.has(g.id)) continue;
    groupIndex.set(g.id, groupIds.length);
    groupIds.push(g.id);
    courses.push(typeof g.course === 'string' ? (m.courseIndex.get(g.course) ?? -1) : -1);
    const blocks = new Set<number>();
    let known = true;
    for (const label of Array.isArray(g.blocks) ? g.blocks : []) {
      const b = m.blockLabels.indexOf(label);
      if (b < 0) known = false;
      else blocks.add(b);
    }
    const [first, second = -1] = blocks;
    keys.push(known && (blocks.size === 1 || blocks.size === 2) ? blockSetKey(m.blockCount, first, second) : -1);
  }
  const publishedLists = new Map<string, Set<string>>();
  for (const s of ref.scenario?.students ?? []) publishedLists.set(s.id, new Set([...s.choices, ...(s.reserves ?? [])]));
  const studentIndex = new Map(m.studentIds.map((id, i) => [id, i]));
  const seatGroup = new Int32Array(m.studentCount * m.seatWidth).fill(SEAT_NOT_COUNTED);
  const counted = new Uint8Array(m.studentCount);
  let countedPupils = 0;
  for (const rs of Array.isArray(ref.result.students) ? ref.result.students : []) {
    const s = rs && typeof rs.id === 'string' ? studentIndex.get(rs.id) : undefined;
    if (s === undefined || counted[s]) continue;
    counted[s] = 1;
    countedPupils++;
    const placed: Record<string, string> = rs.placed && typeof rs.placed === 'object' ? rs.placed : {};
    const had = publishedLists.get(rs.id) ?? new Set([...Object.keys(placed), ...(Array.isArray(rs.unmet) ? rs.unmet : [])]);
    const base = s * m.seatWidth;
    for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
      const course = m.courseIds[m.seatCourse[base + k]];
      if (!had.has(course)) continue;
      const gid = Object.hasOwn(placed, course) ? placed[course] : undefined;
      seatGroup[base + k] = typeof gid !== 'string' ? SEAT_UNPLACED : (groupIndex.get(gid) ?? SEAT_ELSEWHERE);
    }
  }
  const cap = (x: number | undefined) => (x === undefined ? Infinity : x);
  return {
    order,
    maxPupilsMoved: cap(ref.maxPupilsMoved),
    maxGroupsMoved: cap(ref.maxGroupsMoved),
    pupilWeight: order === 'stability' ? STABILITY_PUPIL_WEIGHT : SATISFACTION_PUPIL_WEIGHT,
    groupWeight: order === 'stability' ? STABILITY_GROUP_WEIGHT : SATISFACTION_GROUP_WEIGHT,
    capWeight: CAP_WEIGHT,
    groupIds,
    groupIndex,
    groupCourse: Int32Array.from(courses),
    groupBlockKey: Int32Array.from(keys),
    seatGroup,
    counted,
    countedPupils,
  };
}

/** Pupils and groups above the caps: the tier before every other (objective.ts). */
export function capExcess(pub: PublishedBlocking, pupilsMoved: number, groupsMoved: number): number {
  return Math.max(0, pupilsMoved - pub.maxPupilsMoved) + Math.max(0, groupsMoved - pub.maxGroupsMoved);
}
