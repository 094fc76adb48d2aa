/**
 * The consortium workspace's pure parts: opening a consortium document in the planner, starting one from the
 * current scenario, the edits the screen allows (a school's block under a column, places per member), adding a
 * member from a demand file, and the dashboard's figures from the joint plan's parts. No React, no store: every
 * function takes documents and returns new ones or refusals, so the tests drive them directly.
 *
 * In the planner every member's scenario is inline (a demand file's pseudonymous scenario, or the coordinator's
 * own school); a member naming a file path is refused with a hint, since a page cannot read a path.
 */
import { parseConsortium, parseDemand, resolveConsortium, sharedColumns } from '../../data/consortium';
import { parseJsonText, type ValidationIssue } from '../../data/schema';
import type { Consortium, ConsortiumPart, Scenario } from '../../solver';

export type Outcome<T> = { ok: true; value: T } | { ok: false; lines: string[] };

/** One refusal line: the file, the path, the value found and the hint (parseConsortium's message). */
export function issueLine(fileName: string, issue: ValidationIssue): string {
  const value = issue.value === undefined ? 'missing' : JSON.stringify(issue.value);
  return `${fileName}, ${issue.path} = ${value && value.length > 80 ? `${value.slice(0, 77)}...` : value}: ${issue.message}`;
}

/** The members' scenarios, in member order (every one inline here). */
export function memberScenarios(c: Consortium): Scenario[] {
  return c.members.map((m) => m.scenario as Scenario);
}

/** Checks a consortium as a whole: the document alone, then against its members' inline scenarios. */
export function validateConsortium(input: unknown, fileName: string): Outcome<Consortium> {
  const parsed = parseConsortium(input);
  if (!parsed.ok) return { ok: false, lines: parsed.errors.map((e) => issueLine(fileName, e)) };
  const c = parsed.value;
  const lines: string[] = [];
  c.members.forEach((m, i) => {
    if (typeof m.scenario === 'string') {
      lines.push(`${fileName}, members[${i}].scenario = ${JSON.stringify(m.scenario)}: member ${m.id} names a file, which the planner cannot open from a path. Maybe add the member from its demand file with "Add a school from its demand file"?`);
    }
  });
  if (lines.length > 0) return { ok: false, lines };
  const issues = resolveConsortium(c, memberScenarios(c));
  if (issues.length > 0) return { ok: false, lines: issues.map((e) => issueLine(fileName, e)) };
  return { ok: true, value: c };
}

/**
 * A file's text as JSON, through the scenario's own reader (data/schema.ts parseJsonText: a byte-order mark
 * skipped, size and depth guarded, a syntax error given with its line, column and the line quoted, and a hint).
 */
export function readJsonText(text: string, fileName: string): Outcome<unknown> {
  const json = parseJsonText(text);
  return json.ok ? json : { ok: false, lines: json.errors.map((e) => `${fileName}: ${e.message}`) };
}

/** Reads a consortium file's text; refused with the file, path, value and hint, the caller keeps what it had. */
export function openConsortiumText(text: string, fileName: string): Outcome<Consortium> {
  const json = readJsonText(text, fileName);
  return json.ok ? validateConsortium(json.value, fileName) : json;
}

/** A short id from a name: "North Park School" -> "north-park-school". */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'school';
}

/** The school in a scenario's name: "Northfield Academy: Year 9 options (240 students)" -> "Northfield Academy". */
export function schoolName(name: string): string {
  return name.split(/[:(,]/)[0].trim() || name;
}

/**
 * A new consortium with the current scenario as its first member: one common column per block of the school
 * (column i lined up with its block i), no shared courses yet. The coordinator then adds members from their
 * demand files and lines their blocks up.
 */
export function consortiumFromScenario(scenario: Scenario, memberName = schoolName(scenario.name)): Consortium {
  const id = slug(memberName);
  const years = scenario.years ?? [10, 11];
  return {
    format: 'ks4-consortium/1',
    id: `${id}-consortium`,
    name: `${memberName} and partners`,
    years,
    members: [{ id, name: memberName, scenario }],
    sites: [],
    columns: scenario.blocks.map((b, i) => ({ id: `C${i + 1}`, blocks: { [id]: b } })),
    sharedCourses: [],
    travel: {},
  };
}

/** An edit is taken only when the whole consortium still passes: else refused with the lines, nothing changed. */
function checked(next: Consortium, what: string): Outcome<Consortium> {
  return validateConsortium(next, what);
}

/** Lines member `memberId`'s block `block` up under column `columnIndex`; '' takes the school out of the column. */
export function setColumnBlock(c: Consortium, columnIndex: number, memberId: string, block: string): Outcome<Consortium> {
  const columns = c.columns.map((col, i) => {
    if (i !== columnIndex) return col;
    const blocks = { ...col.blocks };
    if (block === '') delete blocks[memberId];
    else blocks[memberId] = block;
    return { ...col, blocks };
  });
  return checked({ ...c, columns }, 'Consortium');
}

/** Sets member `memberId`'s places in shared course `courseIndex`; a whole number 0 or more, within the groups' capacity. */
export function setPlaces(c: Consortium, courseIndex: number, memberId: string, value: string): Outcome<Consortium> {
  const course = c.sharedCourses[courseIndex];
  if (!course) return { ok: false, lines: [`There is no shared course ${courseIndex + 1}; the consortium has ${c.sharedCourses.length}. Maybe add the course first?`] };
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
    return { ok: false, lines: [`Places of ${memberId} in ${course?.name ?? 'the shared course'} = ${JSON.stringify(value)}: places are a whole number, 0 or more. Maybe type a number such as 8?`] };
  }
  const sharedCourses = c.sharedCourses.map((s, i) => (i === courseIndex ? { ...s, places: { ...s.places, [memberId]: n } } : s));
  return checked({ ...c, sharedCourses }, 'Consortium');
}

/** Sets a shared course's group size or group count; refused when not a whole number or places no longer fit. */
export function setCourseNumber(c: Consortium, courseIndex: number, field: 'maxGroupSize' | 'maxGroups', value: string): Outcome<Consortium> {
  if (!c.sharedCourses[courseIndex]) return { ok: false, lines: [`There is no shared course ${courseIndex + 1}; the consortium has ${c.sharedCourses.length}. Maybe add the course first?`] };
  const n = Number(value);
  const min = field === 'maxGroupSize' ? 1 : 0;
  if (value.trim() === '' || !Number.isInteger(n) || n < min) {
    return { ok: false, lines: [`${field === 'maxGroupSize' ? 'Group size' : 'Groups'} of ${c.sharedCourses[courseIndex]?.name} = ${JSON.stringify(value)}: a whole number, ${min} or more. Maybe type a number such as ${field === 'maxGroupSize' ? 20 : 1}?`] };
  }
  const sharedCourses = c.sharedCourses.map((s, i) => (i === courseIndex ? { ...s, [field]: n } : s));
  return checked({ ...c, sharedCourses }, 'Consortium');
}

/**
 * Adds a shared course hosted by `host` (a member or site id): one group of `maxGroupSize` and no places yet,
 * which the coordinator then gives out per member. Refused when the id is taken or the host unknown.
 */
export function addSharedCourse(c: Consortium, course: { id: string; name: string; host: string; maxGroupSize: number; maxGroups?: number }): Outcome<Consortium> {
  if (!/^[A-Za-z0-9_-]+$/.test(course.id)) return { ok: false, lines: [`Shared course id ${JSON.stringify(course.id)}: use letters, digits, - or _ only, and the id the schools' own scenarios use for it. Maybe ${JSON.stringify(slug(course.id).toUpperCase())}?`] };
  const added = { id: course.id, name: course.name.trim() || course.id, host: course.host, maxGroupSize: course.maxGroupSize, maxGroups: course.maxGroups ?? 1, places: {} };
  return checked({ ...c, sharedCourses: [...c.sharedCourses, added] }, 'New shared course');
}

/** Adds a site that is no member school (a college), where shared courses may be hosted. */
export function addSite(c: Consortium, id: string, name: string): Outcome<Consortium> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return { ok: false, lines: [`Site id ${JSON.stringify(id)}: use letters, digits, - or _ only. Maybe ${JSON.stringify(slug(id))}?`] };
  return checked({ ...c, sites: [...(c.sites ?? []), { id, name: name.trim() || id }] }, 'New site');
}

// ---- Travel rules, removals and renames ---------------------------------------------------------------------
//
// Each edit builds the whole next document and passes it through validateConsortium (parseConsortium's zod shape
// and sense, then resolveConsortium), the same checks as opening the file. A refusal's first line says in the
// user's terms what was refused and why; the checker's own lines (file, path, value, hint) follow it.

/** The refusal of a travel-rule edit: the reason in words, then the schema's lines, nothing changed. */
function travelChecked(next: Consortium, reason: string): Outcome<Consortium> {
  const outcome = checked(next, 'Consortium');
  return outcome.ok ? outcome : { ok: false, lines: [reason, ...outcome.lines] };
}

/**
 * A number typed in a travel-rule field: '' is "not set" (undefined), digits become a number, anything else is
 * kept as the text, so the schema refuses it as the file's parser would (never silently turned into 0).
 */
function typedNumber(value: string): number | string | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The name of a member or site, for messages. */
export function placeName(c: Consortium, id: string): string {
  return c.members.find((m) => m.id === id)?.name ?? c.sites?.find((s) => s.id === id)?.name ?? id;
}

/** Drops `travel` keys left undefined, and `travel` itself when it says nothing, so a saved file stays tidy. */
function withTravel(c: Consortium, travel: NonNullable<Consortium['travel']>): Consortium {
  const tidy = Object.fromEntries(Object.entries(travel).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  return { ...c, travel: tidy };
}

/** Sets the most away courses one pupil may take; '' means no limit. */
export function setMaxAwayCourses(c: Consortium, value: string): Outcome<Consortium> {
  const n = typedNumber(value);
  const next = withTravel(c, { ...c.travel, maxAwayCourses: n as number | undefined });
  return travelChecked(next, `At most ${JSON.stringify(value)} courses away from home a pupil: the limit is a whole number, 0 or more, or empty for no limit. Maybe 1 or 2?`);
}

/**
 * Adds a far-apart pair: two places (member or site ids) with the common columns a pupil keeps free before and
 * after an away course at the other. A place paired with itself, or a pair already listed, is refused.
 */
export function addFarApart(c: Consortium, a: string, b: string, freeBefore: string, freeAfter: string): Outcome<Consortium> {
  const list = c.travel?.farApart ?? [];
  if (a === b) return { ok: false, lines: [`${placeName(c, a)} and ${placeName(c, b)} are the same place: a far-apart rule is between two different schools or sites. Maybe pick the other one in the second list?`] };
  const at = list.findIndex((f) => (f.between[0] === a && f.between[1] === b) || (f.between[0] === b && f.between[1] === a));
  if (at >= 0) return { ok: false, lines: [`${placeName(c, a)} and ${placeName(c, b)} are already far apart (rule ${at + 1}). Maybe change its free columns instead?`] };
  const before = typedNumber(freeBefore);
  const after = typedNumber(freeAfter);
  const rule = { between: [a, b] as [string, string], ...(before !== undefined ? { freeBefore: before as number } : {}), ...(after !== undefined ? { freeAfter: after as number } : {}) };
  return travelChecked(withTravel(c, { ...c.travel, farApart: [...list, rule] }), `${placeName(c, a)} and ${placeName(c, b)} were not made far apart: the free columns before and after are whole numbers, 0 or more, and both places must be schools or sites of the consortium.`);
}

/** Sets the free columns before or after of far-apart rule `index`; '' means none (0). */
export function setFarApart(c: Consortium, index: number, field: 'freeBefore' | 'freeAfter', value: string): Outcome<Consortium> {
  const list = c.travel?.farApart ?? [];
  const rule = list[index];
  if (!rule) return { ok: false, lines: [`There is no far-apart rule ${index + 1}; the consortium has ${list.length}. Maybe add it first?`] };
  const n = typedNumber(value);
  const changed = { ...rule, [field]: n };
  if (n === undefined) delete changed[field];
  const farApart = list.map((f, i) => (i === index ? changed : f));
  const words = field === 'freeBefore' ? 'before' : 'after';
  return travelChecked(withTravel(c, { ...c.travel, farApart }), `Columns kept free ${words} a course between ${placeName(c, rule.between[0])} and ${placeName(c, rule.between[1])} = ${JSON.stringify(value)}: a whole number, 0 or more. Maybe 1?`);
}

/** Removes far-apart rule `index`. */
export function removeFarApart(c: Consortium, index: number): Outcome<Consortium> {
  const list = c.travel?.farApart ?? [];
  if (!list[index]) return { ok: false, lines: [`There is no far-apart rule ${index + 1}; the consortium has ${list.length}.`] };
  return checked(withTravel(c, { ...c.travel, farApart: list.filter((_, i) => i !== index) }), 'Consortium');
}

/** What removing member `memberId` takes with it, for the confirm; `blockedBy` lists the shared courses it hosts. */
export interface MemberRemoval {
  member: string;
  name: string;
  pupils: number;
  /** Shared course name -> the member's places in it (only courses where it has places). */
  places: { course: string; name: string; places: number }[];
  /** Common column id -> the member's block in it. */
  columns: { column: string; block: string }[];
  /** Far-apart rules naming the member, as "A and B". */
  farApart: string[];
  /** Shared courses hosted by the member: they must be re-hosted or removed first. */
  blockedBy: { course: string; name: string }[];
}

export function memberRemoval(c: Consortium, memberId: string): MemberRemoval | null {
  const m = c.members.find((x) => x.id === memberId);
  if (!m) return null;
  return {
    member: m.id,
    name: m.name,
    pupils: (m.scenario as Scenario).students?.length ?? 0,
    places: c.sharedCourses.filter((s) => (s.places[m.id] ?? 0) > 0).map((s) => ({ course: s.id, name: s.name, places: s.places[m.id] })),
    columns: c.columns.filter((col) => col.blocks[m.id] !== undefined).map((col) => ({ column: col.id, block: col.blocks[m.id] })),
    farApart: (c.travel?.farApart ?? []).filter((f) => f.between.includes(m.id)).map((f) => `${placeName(c, f.between[0])} and ${placeName(c, f.between[1])}`),
    blockedBy: c.sharedCourses.filter((s) => s.host === m.id).map((s) => ({ course: s.id, name: s.name })),
  };
}

/** The confirm's words: everything the removal takes away, named. */
export function memberRemovalText(r: MemberRemoval): string {
  const parts = [`its demand (${r.pupils} pupil${r.pupils === 1 ? '' : 's'}' choices)`];
  if (r.places.length > 0) parts.push(`its places in ${r.places.map((p) => `${p.name} (${p.places})`).join(', ')}`);
  if (r.columns.length > 0) parts.push(`its line-up in the common columns (${r.columns.map((x) => `${x.column}: block ${x.block}`).join(', ')})`);
  if (r.farApart.length > 0) parts.push(`the far-apart rule${r.farApart.length === 1 ? '' : 's'} ${r.farApart.join('; ')}`);
  return `Remove ${r.name} (${r.member}) from the consortium? This takes away ${parts.join(', ')}. The last joint plan is cleared.`;
}

/**
 * Removes a member with everything that names it: its places in shared courses, its blocks in the columns and
 * the far-apart rules with it. Refused while it hosts a shared course (re-host or remove the course first), and
 * for the last member (a consortium has at least one school).
 */
export function removeMember(c: Consortium, memberId: string): Outcome<Consortium> {
  const r = memberRemoval(c, memberId);
  if (!r) return { ok: false, lines: [`There is no school ${memberId} in the consortium. Maybe it was removed already?`] };
  if (r.blockedBy.length > 0) {
    return { ok: false, lines: [`${r.name} hosts ${r.blockedBy.map((s) => `${s.name} (${s.course})`).join(', ')}: a school that teaches a shared course cannot leave while the course is taught there. Maybe teach it at another school or a college ("Taught at"), or remove it, first?`] };
  }
  if (c.members.length === 1) return { ok: false, lines: [`${r.name} is the consortium's only school. Maybe close the consortium instead?`] };
  const next: Consortium = {
    ...c,
    members: c.members.filter((m) => m.id !== memberId),
    columns: c.columns.map((col) => ({ ...col, blocks: Object.fromEntries(Object.entries(col.blocks).filter(([k]) => k !== memberId)) })),
    sharedCourses: c.sharedCourses.map((s) => ({ ...s, places: Object.fromEntries(Object.entries(s.places).filter(([k]) => k !== memberId)) })),
  };
  const farApart = (c.travel?.farApart ?? []).filter((f) => !f.between.includes(memberId));
  return checked(c.travel ? withTravel(next, { ...c.travel, farApart }) : next, 'Consortium');
}

/**
 * Lets shared course `courseIndex` sit in common column `columnId` or not. Every column ticked is the default
 * (no `columns` list: any column where each school with places has a block); none is refused, since a shared
 * course is placed only in a common column.
 */
export function setCourseColumn(c: Consortium, courseIndex: number, columnId: string, allowed: boolean): Outcome<Consortium> {
  const course = c.sharedCourses[courseIndex];
  if (!course) return { ok: false, lines: [`There is no shared course ${courseIndex + 1}; the consortium has ${c.sharedCourses.length}.`] };
  const all = c.columns.map((x) => x.id);
  const now = course.columns ?? all;
  const next = all.filter((id) => (id === columnId ? allowed : now.includes(id)));
  if (next.length === 0) return { ok: false, lines: [`${course.name} needs at least one common column: a course at another school or a college runs only in a common column. Maybe tick another column first?`] };
  const { columns: _dropped, ...rest } = course;
  const changed = next.length === all.length ? rest : { ...rest, columns: next };
  const outcome = checked({ ...c, sharedCourses: c.sharedCourses.map((s, i) => (i === courseIndex ? changed : s)) }, 'Consortium');
  return outcome.ok ? outcome : { ok: false, lines: [`${course.name} ${allowed ? 'in' : 'out of'} column ${columnId}: the places given out need a column where each school with places has a block.`, ...outcome.lines] };
}

/** Moves shared course `courseIndex` to another host (a member or a site): where its groups are taught. */
export function setCourseHost(c: Consortium, courseIndex: number, host: string): Outcome<Consortium> {
  const course = c.sharedCourses[courseIndex];
  if (!course) return { ok: false, lines: [`There is no shared course ${courseIndex + 1}; the consortium has ${c.sharedCourses.length}.`] };
  const outcome = checked({ ...c, sharedCourses: c.sharedCourses.map((s, i) => (i === courseIndex ? { ...s, host } : s)) }, 'Consortium');
  return outcome.ok ? outcome : { ok: false, lines: [`${course.name} cannot be taught at ${JSON.stringify(host)}: a shared course is taught at a school or a college of the consortium.`, ...outcome.lines] };
}

/** Removes shared course `courseIndex`; its places go with it, and each school's own stand-in stays its own course. */
export function removeSharedCourse(c: Consortium, courseIndex: number): Outcome<Consortium> {
  if (!c.sharedCourses[courseIndex]) return { ok: false, lines: [`There is no shared course ${courseIndex + 1}; the consortium has ${c.sharedCourses.length}.`] };
  return checked({ ...c, sharedCourses: c.sharedCourses.filter((_, i) => i !== courseIndex) }, 'Consortium');
}

/** Renames common column `columnIndex`; the shared courses that list it follow. Refused when empty or taken. */
export function renameColumn(c: Consortium, columnIndex: number, newId: string): Outcome<Consortium> {
  const col = c.columns[columnIndex];
  if (!col) return { ok: false, lines: [`There is no common column ${columnIndex + 1}; the consortium has ${c.columns.length}.`] };
  const id = newId.trim();
  if (id === '') return { ok: false, lines: [`Column ${col.id} needs a name: schools and the part files name the column by it. Maybe "Mon AM"?`] };
  if (id !== col.id && c.columns.some((x) => x.id === id)) return { ok: false, lines: [`There is already a column named ${JSON.stringify(id)}. Maybe ${JSON.stringify(`${id} 2`)}?`] };
  const columns = c.columns.map((x, i) => (i === columnIndex ? { ...x, id } : x));
  const sharedCourses = c.sharedCourses.map((s) => (s.columns ? { ...s, columns: s.columns.map((x) => (x === col.id ? id : x)) } : s));
  return checked({ ...c, columns, sharedCourses }, 'Consortium');
}

/**
 * Adds (or replaces) a member from a school's demand file: the pseudonymous scenario goes in inline, never
 * another school's own scenario. A demand file of another consortium is refused with the file, path and value.
 * A new member id gets no block in any column yet: the coordinator lines its blocks up next.
 */
export function addMemberFromDemand(c: Consortium, text: string, fileName: string): Outcome<Consortium> {
  const json = readJsonText(text, fileName);
  if (!json.ok) return json;
  const input = json.value;
  // Checked against the consortium's id here; a member id the consortium does not list yet is a new member.
  const parsed = parseDemand(input);
  if (!parsed.ok) return { ok: false, lines: parsed.errors.map((e) => issueLine(fileName, e)) };
  const d = parsed.value;
  if (d.consortium !== c.id) {
    return { ok: false, lines: [`${fileName}, consortium = ${JSON.stringify(d.consortium)}: this demand file is for consortium ${d.consortium}, not ${c.id}. Maybe the school exported it from another consortium file?`] };
  }
  const at = c.members.findIndex((m) => m.id === d.member);
  const member = { id: d.member, name: at >= 0 ? c.members[at].name : d.member, scenario: d.scenario };
  const members = at >= 0 ? c.members.map((m, i) => (i === at ? member : m)) : [...c.members, member];
  const outcome = validateConsortium({ ...c, members }, fileName);
  return outcome;
}

/** The consortium with its members as demand files would list them: the document to save and send round. */
export function consortiumText(c: Consortium): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

// ---- The dashboard ----------------------------------------------------------------------------------------

export interface PlacesRow {
  course: string;
  name: string;
  host: string;
  /** Member id -> { used, allowed }. */
  byMember: Record<string, { used: number; allowed: number }>;
}

export interface SatisfactionRow {
  member: string;
  name: string;
  students: number;
  fullySatisfied: number;
  share: number;
  lowest: boolean;
  /** Its pupils fully satisfied planning alone around the shared courses placed by hand (the joint solve's outcome.alone), when worked out. */
  alone?: number;
}

export interface GroupCost {
  group: string;
  course: string;
  column: string;
  host: string;
  pupils: number;
  /**
   * Member id -> its share of the group: its pupils in the group over all the group's pupils (docs/consortium.md
   * "In the planner"). The shares of a group with pupils add up to 1.
   */
  share: Record<string, number>;
  byMember: Record<string, number>;
}

export interface Dashboard {
  places: PlacesRow[];
  /** Column id -> host (member or site id) -> pupils travelling to it in that column. */
  travelling: Record<string, Record<string, number>>;
  satisfaction: SatisfactionRow[];
  groups: GroupCost[];
  totals: { students: number; fullySatisfied: number };
}

/**
 * The dashboard from the parts alone (their results and figures), so it shows what each school will receive.
 * `alone` gives a member's fully satisfied in its own plan where known, to say when the joint plan is worse.
 */
export function dashboard(c: Consortium, parts: readonly ConsortiumPart[], alone: Record<string, number> = {}): Dashboard {
  const partOf = new Map(parts.map((p) => [p.member, p]));
  const shared = new Map(c.sharedCourses.map((s) => [s.id, s]));
  const places: PlacesRow[] = c.sharedCourses.map((s) => ({
    course: s.id,
    name: s.name,
    host: s.host,
    byMember: Object.fromEntries(c.members.map((m) => [m.id, { used: partOf.get(m.id)?.figures.placesUsed[s.id] ?? 0, allowed: s.places[m.id] ?? 0 }])),
  }));

  const travelling: Record<string, Record<string, number>> = Object.fromEntries(c.columns.map((col) => [col.id, {}]));
  const groups = new Map<string, GroupCost>();
  for (const m of c.members) {
    const part = partOf.get(m.id);
    if (!part) continue;
    for (const g of part.result.groups) {
      const course = shared.get(g.course);
      if (!course) continue;
      const column = c.columns.find((col) => col.blocks[m.id] === g.blocks[0])?.id ?? '';
      if (course.host !== m.id && column !== '' && g.students.length > 0) {
        const row = travelling[column];
        row[course.host] = (row[course.host] ?? 0) + g.students.length;
      }
      let cost = groups.get(g.id);
      if (!cost) {
        cost = { group: g.id, course: g.course, column, host: course.host, pupils: 0, share: {}, byMember: {} };
        groups.set(g.id, cost);
      }
      cost.pupils += g.students.length;
      cost.byMember[m.id] = (cost.byMember[m.id] ?? 0) + g.students.length;
    }
  }
  for (const g of groups.values()) for (const [m, n] of Object.entries(g.byMember)) g.share[m] = g.pupils === 0 ? 0 : n / g.pupils;

  const satisfaction: SatisfactionRow[] = c.members.map((m) => {
    const f = partOf.get(m.id)?.figures;
    const students = f?.students ?? 0;
    const fully = f?.fullySatisfied ?? 0;
    return { member: m.id, name: m.name, students, fullySatisfied: fully, share: students === 0 ? 1 : fully / students, lowest: false, ...(alone[m.id] !== undefined ? { alone: alone[m.id] } : {}) };
  });
  if (satisfaction.length > 0) {
    const low = Math.min(...satisfaction.map((r) => r.share));
    for (const r of satisfaction) r.lowest = r.share === low;
  }
  return {
    places,
    travelling,
    satisfaction,
    groups: [...groups.values()].sort((a, b) => (a.course < b.course ? -1 : a.course > b.course ? 1 : a.group < b.group ? -1 : 1)),
    totals: { students: satisfaction.reduce((n, r) => n + r.students, 0), fullySatisfied: satisfaction.reduce((n, r) => n + r.fullySatisfied, 0) },
  };
}

/** The columns a shared course may sit in, for the screen (data/consortium.ts sharedColumns). */
export function courseColumns(c: Consortium, courseIndex: number): string[] {
  return sharedColumns(c, c.sharedCourses[courseIndex]);
}

/**
 * The annual cost of one shared group, priced as the Results screen prices a group taught at home: the host's
 * periods a fortnight (a site's: the first member's) over two, in weekly hours, times the cost of one weekly hour.
 * Each school's part of it is its share of the group's pupils (GroupCost.share).
 */
export function groupAnnualCost(c: Consortium, host: string, costPerWeeklyHour: number, periodHours = 1): number {
  const hostScenario = (c.members.find((m) => m.id === host) ?? c.members[0])?.scenario as Scenario | undefined;
  const periods = hostScenario?.periodsPerFortnight ?? 5;
  return Math.round((periods / 2) * periodHours * costPerWeeklyHour);
}
