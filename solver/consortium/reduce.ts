/**
 * The joint solve as ONE ordinary solve. The solver's grid is (block, year) cells (model.ts), and a course's
 * group holds its block in its course's years only; so each member school becomes its own "years" of one
 * combined scenario, and nothing in the model has to change:
 *
 * - Years: member m gets pseudo-years of its own. When every course of every member runs in all the
 *   consortium's years (the usual case) a member is one pseudo-year (a clash in Year 10 is then a clash in
 *   Year 11 too, so nothing is lost), numbered 1 + m; otherwise one pseudo-year per real year,
 *   1 + m * yearCount + yearIndex. The model allows 30 years (MAX_YEARS): 30 members, or 15 over two years.
 * - Blocks: the combined blocks are the common columns (`col:ID`, in column order) and then `own:1 .. own:K`,
 *   K the most blocks any member keeps outside the columns. Member m's block aligned with column c becomes
 *   `col:c`; its j-th block in no column becomes `own:j`. Members share `own:` labels safely: a member's
 *   courses hold only its own pseudo-years, so two members never meet in a cell.
 * - A member's courses, staff, rooms, sites, pinned groups and pupils keep their own definitions under ids
 *   prefixed `m|` (m the member's index), in the member's pseudo-years only.
 * - A shared course is one course `*|ID` running in every member's pseudo-years, allowed only in its columns:
 *   so one group holds column c for every member at once, which is exactly "the same group, at the same time,
 *   in every school", and a pupil of m in it clashes with m's own groups in the block aligned with c.
 *   Its `places` is the sum of the members' places; each member's own places are a per-year quota of the search
 *   (constraints/places.ts), attached to the combined scenario object: member m's pupils count in m's first
 *   pseudo-year, and the shared course's places in that year are m's places. The scenario document has no such
 *   field (students carry no year in docs/format.md), so it is attached, not written; the repair (split.ts)
 *   still checks them after the search, for the exact steps, which do not know them.
 * - A pupil's choice of a member course whose id is a shared course's id (the school's stand-in for it) is a
 *   choice of the shared course. Away choices past travel.maxAwayCourses (the pupil's most wanted first, then
 *   reserves) are left out of the combined pupil, so no plan can place them; they stay unmet in the split.
 *
 * Far-apart buffers are not in the combined scenario (a group cannot hold extra cells for some members only);
 * the repair keeps them after the search.
 */
import type { Course, Group, Pathway, Room, Scenario, Site, Staff, Student } from '../types';
import { attachYearPlaces } from '../constraints/places';
import type { Consortium, SharedCourse } from './types';

export const SHARED_PREFIX = '*';
const DEFAULT_YEARS = [10, 11];

export interface JointModel {
  consortium: Consortium;
  scenario: Scenario;
  memberIds: string[];
  memberScenarios: Scenario[];
  years: number[];
  /** One pseudo-year a member when true; else one per consortium year. */
  collapsed: boolean;
  /** Per member: its block label -> the combined block label. */
  blockToGlobal: Map<string, string>[];
  /** Per member: combined block label -> its block label. */
  globalToBlock: Map<string, string>[];
  /** Per member: pseudo-year -> consortium year(s) it stands for. */
  pseudoToYears: Map<number, number[]>[];
  /** Shared course id -> its definition. */
  shared: Map<string, SharedCourse>;
  /** Shared course id -> the column ids its groups may sit in. */
  sharedColumns: Map<string, string[]>;
  /** Column id -> its place in the column order. */
  columnOrder: Map<string, number>;
}

export function memberPrefix(memberIndex: number, id: string): string {
  return `${memberIndex}|${id}`;
}
export function sharedId(id: string): string {
  return `${SHARED_PREFIX}|${id}`;
}
/** Splits a combined id into its owner (member index, or -1 for a shared course) and its own id. */
export function splitId(combined: string): { member: number; id: string } {
  const bar = combined.indexOf('|');
  const owner = combined.slice(0, bar);
  return { member: owner === SHARED_PREFIX ? -1 : Number(owner), id: combined.slice(bar + 1) };
}

/**
 * A (combined pupil, combined course) pair a later round leaves out of the pupil's wants: the repair took the
 * course from the pupil (its school's places were full, or a far-apart buffer), so the next round's search
 * gives the freed seat to someone who can keep it.
 */
export function withheldKey(pupil: string, course: string): string {
  return `${pupil}\u0000${course}`;
}

/**
 * Is shared course `course` taught at home by its host, a member whose scenario names a teacher of it? Then the
 * combined course needs a teacher and room of the host's, and the host's result holds them. (data/consortium.ts
 * hostedAtHome also counts a host listing no staff, whose view needs no teacher; the combined course keeps its
 * site there, as other members' staff would otherwise make it need one.)
 */
export function hostTeachesAtHome(course: SharedCourse, hostScenario: Scenario): boolean {
  return (hostScenario.staff ?? []).some((t) => t.courses.includes(course.id));
}

/** Is shared course `course` away for a pupil of `memberId`? (Taught anywhere but the pupil's own school.) */
export function isAway(course: SharedCourse, memberId: string): boolean {
  return course.host !== memberId;
}

/** The column ids a shared course may sit in: its own list, or every column where each member with places has a block. */
export function allowedColumns(consortium: Consortium, course: SharedCourse): string[] {
  const users = Object.keys(course.places).filter((m) => course.places[m] > 0);
  const listed = course.columns ?? consortium.columns.map((c) => c.id);
  return listed.filter((cid) => {
    const column = consortium.columns.find((c) => c.id === cid);
    return column !== undefined && users.every((m) => column.blocks[m] !== undefined);
  });
}

/** Does every course of every member (and their pinned groups and unavailabilities) run in all years? */
function everyCourseAllYears(scenarios: Scenario[], years: number[]): boolean {
  const all = (list: number[] | undefined): boolean => list === undefined || years.every((y) => list.includes(y));
  for (const s of scenarios) {
    for (const c of s.courses) if (!all(c.years)) return false;
    for (const g of s.groups ?? []) if (!all(g.years)) return false;
  }
  return true;
}

/**
 * Builds the combined scenario. `scenarios[i]` is member i's scenario (its own, or the one in its demand
 * file), already validated against the consortium by data/consortium.ts.
 */
export function reduceConsortium(consortium: Consortium, scenarios: Scenario[], withheld: ReadonlySet<string> = new Set()): JointModel {
  const years = consortium.years && consortium.years.length > 0 ? consortium.years.slice() : DEFAULT_YEARS.slice();
  const memberIds = consortium.members.map((m) => m.id);
  const collapsed = everyCourseAllYears(scenarios, years);
  const shared = new Map(consortium.sharedCourses.map((c) => [c.id, c]));
  const columnOrder = new Map(consortium.columns.map((c, i) => [c.id, i]));
  const sharedColumns = new Map(consortium.sharedCourses.map((c) => [c.id, allowedColumns(consortium, c)]));

  // Blocks: the columns, then as many own blocks as the member keeping most outside the columns.
  const blockToGlobal: Map<string, string>[] = [];
  const globalToBlock: Map<string, string>[] = [];
  let ownBlocks = 0;
  scenarios.forEach((s, m) => {
    const to = new Map<string, string>();
    for (const column of consortium.columns) {
      const label = column.blocks[memberIds[m]];
      if (label !== undefined) to.set(label, `col:${column.id}`);
    }
    let own = 0;
    for (const b of s.blocks) if (!to.has(b)) to.set(b, `own:${++own}`);
    ownBlocks = Math.max(ownBlocks, own);
    blockToGlobal.push(to);
    globalToBlock.push(new Map([...to].map(([k, v]) => [v, k])));
  });
  const blocks = [...consortium.columns.map((c) => `col:${c.id}`)];
  for (let j = 1; j <= ownBlocks; j++) blocks.push(`own:${j}`);

  // Pseudo-years.
  const pseudoToYears: Map<number, number[]>[] = [];
  const pseudoOf = (m: number, year: number): number => (collapsed ? 1 + m : 1 + m * years.length + years.indexOf(year));
  const allPseudo: number[] = [];
  scenarios.forEach((_, m) => {
    const map = new Map<number, number[]>();
    for (const y of years) {
      const p = pseudoOf(m, y);
      map.set(p, [...(map.get(p) ?? []), y]);
    }
    pseudoToYears.push(map);
    allPseudo.push(...map.keys());
  });
  const pseudoList = (m: number, list: number[] | undefined): number[] => [...new Set((list ?? years).map((y) => pseudoOf(m, y)))];

  const courses: Course[] = [];
  const staff: Staff[] = [];
  const rooms: Room[] = [];
  const sites: Site[] = [];
  const pathways: Pathway[] = [];
  const students: Student[] = [];
  const groups: Group[] = [];
  const siteIds = new Set<string>();
  const addSite = (site: Site): void => {
    if (!siteIds.has(site.id)) {
      siteIds.add(site.id);
      sites.push(site);
    }
  };

  for (const course of consortium.sharedCourses) {
    const total = Object.values(course.places).reduce((a, b) => a + b, 0);
    // Hosted by a member with a teacher of it: taught at home there, by the host's teachers in the host's rooms.
    const h = memberIds.indexOf(course.host);
    const atHost = h >= 0 && hostTeachesAtHome(course, scenarios[h]);
    const standIn = atHost ? scenarios[h].courses.find((x) => x.id === course.id) : undefined;
    if (!atHost) addSite({ id: sharedId(course.host), name: course.host });
    courses.push({
      id: sharedId(course.id),
      name: course.name,
      kind: course.kind,
      years: allPseudo.slice(),
      maxGroupSize: course.maxGroupSize,
      minGroupSize: course.minGroupSize,
      minGroups: course.minGroups,
      maxGroups: course.maxGroups,
      blocks: (sharedColumns.get(course.id) ?? []).map((c) => `col:${c}`),
      site: atHost ? undefined : sharedId(course.host),
      roomType: standIn?.roomType === undefined ? undefined : memberPrefix(h, standIn.roomType),
      rooms: standIn?.rooms?.map((r) => memberPrefix(h, r)),
      places: total,
    });
  }

  const travel = consortium.travel;
  scenarios.forEach((s, m) => {
    const P = (id: string): string => memberPrefix(m, id);
    const memberId = memberIds[m];
    const mapBlocks = (list: string[] | undefined): string[] | undefined => list?.map((b) => blockToGlobal[m].get(b) ?? b);
    /** A course id as the member's pupils mean it: its stand-in names the shared course. */
    const courseRef = (id: string): string => (shared.has(id) ? sharedId(id) : P(id));
    const unavailable = (list: Staff['unavailable']): Staff['unavailable'] =>
      list?.flatMap((u) => {
        const block = blockToGlobal[m].get(u.block) ?? u.block;
        // A year-specific absence in a collapsed member covers the member's one pseudo-year: stricter, still valid.
        return pseudoList(m, u.year === undefined ? undefined : [u.year]).map((year) => ({ block, year }));
      });
    for (const c of s.courses) {
      if (shared.has(c.id)) continue; // the stand-in: the consortium's definition replaces it
      courses.push({
        ...c,
        id: P(c.id),
        years: pseudoList(m, c.years),
        blocks: mapBlocks(c.blocks) ?? [...blockToGlobal[m].values()],
        rooms: c.rooms?.map(P),
        roomType: c.roomType === undefined ? undefined : P(c.roomType),
        site: c.site === undefined || c.site === 'home' ? c.site : P(c.site),
      });
    }
    /** A course a teacher of this member teaches: a shared course it hosts at home is the shared course itself. */
    const taughtRef = (id: string): string => (shared.has(id) && hostTeachesAtHome(shared.get(id)!, s) && shared.get(id)!.host === memberId ? sharedId(id) : P(id));
    for (const t of s.staff ?? []) staff.push({ ...t, id: P(t.id), courses: t.courses.map(taughtRef), unavailable: unavailable(t.unavailable) });
    for (const r of s.rooms ?? []) rooms.push({ ...r, id: P(r.id), type: P(r.type), unavailable: unavailable(r.unavailable) });
    for (const site of s.sites ?? []) addSite({ id: P(site.id), name: site.name });
    for (const p of s.pathways ?? []) {
      pathways.push({
        ...p,
        id: P(p.id),
        rules: p.rules.map((r) =>
          Array.isArray(r.notTogether)
            ? { ...r, notTogether: (r.notTogether as string[]).map(courseRef) }
            : { ...r, from: (r.from as string[]).map((f) => (f.startsWith('tag:') ? f : courseRef(f))) },
        ),
      });
    }
    for (const g of s.groups ?? []) {
      // A school's fixed group of a shared course fixes the shared group: in every member's years, no home teacher or room.
      const isShared = shared.has(g.course);
      groups.push({
        ...g,
        id: P(g.id),
        course: courseRef(g.course),
        blocks: g.blocks.map((b) => blockToGlobal[m].get(b) ?? b),
        years: isShared || g.years === undefined ? undefined : pseudoList(m, g.years),
        staff: isShared ? undefined : g.staff?.map(P),
        room: isShared ? undefined : g.room === undefined || g.room === null ? g.room : P(g.room),
        students: g.students?.map(P),
      });
    }
    const maxAway = travel?.maxAwayCourses;
    for (const st of s.students) {
      let away = 0;
      const keep = (id: string): boolean => {
        const course = shared.get(id);
        if (course === undefined || !isAway(course, memberId) || maxAway === undefined) return true;
        if (away >= maxAway) return false;
        away++;
        return true;
      };
      const open = (course: string): boolean => !withheld.has(withheldKey(P(st.id), course));
      const choices = st.choices.filter(keep).map(courseRef).filter(open);
      const reserves = st.reserves?.filter(keep).map(courseRef).filter(open);
      students.push({ id: P(st.id), choices, reserves, pathway: st.pathway === undefined ? undefined : P(st.pathway) });
    }
  });

  const scenario: Scenario = {
    format: 'ks4-scenario/1',
    name: consortium.name,
    blocks,
    years: [...new Set(allPseudo)].sort((a, b) => a - b),
    courses,
    staff,
    rooms,
    sites,
    pathways,
    students,
    groups,
  };
  // Each member's places in each shared course, as the per-year quota of the member's first pseudo-year.
  const studentYear = new Map<string, number>();
  scenarios.forEach((s, m) => {
    for (const st of s.students) studentYear.set(memberPrefix(m, st.id), pseudoOf(m, years[0]));
  });
  const places = new Map<string, Map<number, number>>();
  for (const course of consortium.sharedCourses) {
    places.set(sharedId(course.id), new Map(memberIds.map((id, m) => [pseudoOf(m, years[0]), course.places[id] ?? 0])));
  }
  attachYearPlaces(scenario, { studentYear, places });
  return { consortium, scenario, memberIds, memberScenarios: scenarios, years, collapsed, blockToGlobal, globalToBlock, pseudoToYears, shared, sharedColumns, columnOrder };
}
