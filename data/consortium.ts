/**
 * The consortium documents (docs/consortium.md): the zod schemas and the only parsers of `ks4-consortium/1`,
 * its demand files, keys and parts, and the member view (a school's own scenario with the shared courses it
 * may use in place of its stand-ins), which the consortium check and the merge share.
 *
 * Two layers, as data/schema.ts: the shape (zod) and then the sense. The sense comes in two steps, because a
 * member's scenario may be a file the command line has still to read: `parseConsortium` checks everything the
 * document says on its own (inline member scenarios included), `resolveConsortium` checks it against the
 * members' scenarios (a common column naming a block a school does not have, years that differ).
 * Every issue names the JSON path, the value and a hint; a member scenario's own issues keep their paths
 * under the member (`members[1].scenario.courses[3].maxGroupSize`), or name the member's file.
 */
import * as z from 'zod';
import type { Scenario } from '../solver/types';
import type { Consortium, ConsortiumDemand, ConsortiumKey, ConsortiumPart, SharedCourse } from '../solver/consortium/types';
import { COURSE_KINDS, CourseSchema, DEFAULT_YEARS, DOCUMENT_PATH, Issues, MAX_YEAR, MIN_YEAR, ResultSchema, SiteSchema, checkShape, formatPath, parseResult, parseScenario, type ParseOutcome, type ValidationIssue } from './schema';
import { closest } from './suggest';

// The formats, as solver/consortium/types.ts names them (data/ may take only types from the solver).
export const CONSORTIUM_FORMAT = 'ks4-consortium/1' as const;
export const DEMAND_FORMAT = 'ks4-consortium-demand/1' as const;
export const KEY_FORMAT = 'ks4-consortium-key/1' as const;
export const PART_FORMAT = 'ks4-consortium-part/1' as const;

const Id = z.string().min(1);
const Count = z.number().int().min(0);

const MemberSchema = z.looseObject({
  id: Id,
  name: z.string(),
  scenario: z.union([Id, z.looseObject({})]).meta({ description: "The school's scenario inline, or a file path (relative to the consortium file)" }),
});

const ColumnSchema = z.looseObject({
  id: Id,
  blocks: z.record(z.string(), Id).meta({ description: 'Member id -> the label of its block in this column' }),
});

const SharedCourseSchema = z.looseObject({
  id: Id,
  name: z.string(),
  kind: z.enum(COURSE_KINDS).optional(),
  host: Id.meta({ description: 'A member id or a site id: where its groups are taught' }),
  maxGroupSize: z.number().int().min(1),
  minGroupSize: Count.optional(),
  minGroups: Count.optional(),
  maxGroups: Count.optional(),
  columns: z.array(Id).min(1).optional().meta({ description: 'Common column ids its groups may sit in' }),
  places: z.record(z.string(), Count).meta({ description: 'Member id -> the most pupils of that member in it' }),
});

const FarApartSchema = z.looseObject({
  between: z.tuple([Id, Id]),
  freeBefore: Count.optional(),
  freeAfter: Count.optional(),
});

export const ConsortiumSchema = z
  .looseObject({
    format: z.literal(CONSORTIUM_FORMAT),
    id: Id,
    name: z.string(),
    years: z.array(z.number().int().min(MIN_YEAR).max(MAX_YEAR)).min(1).optional(),
    members: z.array(MemberSchema).min(1),
    sites: z.array(SiteSchema).optional(),
    columns: z.array(ColumnSchema),
    sharedCourses: z.array(SharedCourseSchema),
    travel: z
      .looseObject({
        maxAwayCourses: Count.optional(),
        farApart: z.array(FarApartSchema).optional(),
      })
      .optional(),
  })
  .meta({ title: 'KS4 consortium', description: 'docs/consortium.md, "format": "ks4-consortium/1"' });

export const DemandSchema = z.looseObject({
  format: z.literal(DEMAND_FORMAT),
  consortium: Id,
  member: Id,
  scenario: z.looseObject({}),
});

const IdMap = z.record(z.string(), Id);
export const KeySchema = z.looseObject({
  format: z.literal(KEY_FORMAT),
  consortium: Id,
  member: Id,
  students: IdMap,
  staff: IdMap,
  rooms: IdMap,
  groups: IdMap,
});

export const PartSchema = z.looseObject({
  format: z.literal(PART_FORMAT),
  consortium: Id,
  member: Id,
  courses: z.array(CourseSchema),
  sites: z.array(SiteSchema),
  result: ResultSchema,
  figures: z.looseObject({}),
});

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The document as a whole: an object of the expected format (a scenario given as a consortium says so). */
function checkFormat(input: unknown, expected: string, noun: string, out: Issues): boolean {
  if (!isObject(input)) {
    out.add(DOCUMENT_PATH, input, `The ${noun} is not a JSON object. Maybe the file holds something else?`);
    return false;
  }
  if (input.format !== expected) {
    out.add(['format'], input.format, `This is not a ${noun} ("format" should be "${expected}"). Maybe another file was given in its place?`);
    return false;
  }
  return true;
}

/** Issues of a nested document, their paths put under `prefix`. */
function nest(issues: readonly ValidationIssue[], prefix: (string | number)[], out: Issues): void {
  const head = formatPath(prefix);
  for (const i of issues) out.add(i.path === DOCUMENT_PATH ? head : `${head}${i.path.startsWith('[') ? '' : '.'}${i.path}`, i.value, i.message);
}

function duplicates(items: readonly { id: string }[], list: string, noun: string, out: Issues): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) out.add([list, i, 'id'], item.id, `${noun} ${item.id} is listed twice (also ${list}[${first}]). Maybe one is a different ${noun.toLowerCase()}?`);
    else seen.set(item.id, i);
  });
}

function unknownRef(value: string, known: readonly string[], noun: string): string {
  const near = closest(value, known);
  return `There is no ${noun} ${value}.${near ? ` Maybe ${near}?` : ` Maybe one of ${known.slice(0, 6).join(', ')}?`}`;
}

/** The solver's grid limits (solver/model.ts MAX_YEARS and MAX_CELLS), which the joint solve's combined scenario must keep. */
const MAX_JOINT_YEARS = 30;
const MAX_JOINT_CELLS = 512;

/** The most pupils a shared course's groups can hold: maxGroupSize times its groups (its maxGroups, else the columns it may use). */
export function sharedCapacity(course: SharedCourse, columnCount: number): number {
  const groups = course.maxGroups ?? columnCount;
  return course.maxGroupSize * groups;
}

/** Checks what the consortium document says on its own: shape, ids, references, places against capacity, inline scenarios. */
export function parseConsortium(input: unknown): ParseOutcome<Consortium> {
  const out = new Issues();
  if (checkFormat(input, CONSORTIUM_FORMAT, 'consortium document', out) && checkShape(ConsortiumSchema, input, 'The consortium', out)) {
    const c = input as unknown as Consortium;
    duplicates(c.members, 'members', 'Member', out);
    duplicates(c.columns, 'columns', 'Column', out);
    duplicates(c.sharedCourses, 'sharedCourses', 'Shared course', out);
    duplicates(c.sites ?? [], 'sites', 'Site', out);
    const memberIds = c.members.map((m) => m.id);
    const places = [...memberIds, ...(c.sites ?? []).map((s) => s.id)];
    c.members.forEach((m, i) => {
      if (typeof m.scenario === 'string') return;
      const parsed = parseScenario(m.scenario);
      if (!parsed.ok) nest(parsed.errors, ['members', i, 'scenario'], out);
    });
    c.columns.forEach((col, i) => {
      for (const member of Object.keys(col.blocks)) if (!memberIds.includes(member)) out.add(['columns', i, 'blocks', member], col.blocks[member], unknownRef(member, memberIds, 'member'));
    });
    const columnIds = c.columns.map((x) => x.id);
    c.sharedCourses.forEach((s, i) => {
      if (!places.includes(s.host)) out.add(['sharedCourses', i, 'host'], s.host, unknownRef(s.host, places, 'member or site'));
      for (const col of s.columns ?? []) if (!columnIds.includes(col)) out.add(['sharedCourses', i, 'columns'], col, unknownRef(col, columnIds, 'common column'));
      for (const member of Object.keys(s.places)) if (!memberIds.includes(member)) out.add(['sharedCourses', i, 'places', member], s.places[member], unknownRef(member, memberIds, 'member'));
      const total = Object.values(s.places).reduce((a, b) => a + b, 0);
      // The columns it may use after all: those in which every member with places has a block (sharedColumns).
      const listed = (s.columns ?? columnIds).filter((x) => columnIds.includes(x));
      const usable = sharedColumns(c, s);
      const users = Object.entries(s.places).filter(([m, n]) => n > 0 && memberIds.includes(m)).map(([m]) => m);
      const alone = users.map((m) => [m, listed.filter((x) => c.columns.find((col) => col.id === x)?.blocks[m] !== undefined)] as const);
      if (users.length > 1 && usable.length === 0 && alone.every(([, cols]) => cols.length > 0)) {
        // Each member has a column of its own but none is shared by all of them: no group could ever run.
        out.add(['sharedCourses', i, 'columns'], s.columns ?? listed, `Shared course ${s.id} has no column in which every school with places has a block (${alone.map(([m, cols]) => `${m}: ${cols.join(', ')}`).join('; ')}), so no group of it could run. Maybe line the schools' blocks up in one common column, or give places only to schools that share one?`);
      } else {
        const groups = s.maxGroups ?? (usable.length > 0 ? usable.length : listed.length);
        const capacity = sharedCapacity(s, groups);
        if (total > capacity) {
          out.add(['sharedCourses', i, 'places'], s.places, `Shared course ${s.id} gives ${total} places but its groups hold at most ${capacity} (${groups} ${groups === 1 ? 'group' : 'groups'} of ${s.maxGroupSize}${s.maxGroups === undefined && usable.length < listed.length ? `, one in each column it may use: ${usable.join(', ')}` : ''}). Maybe lower the places or allow more groups?`);
        }
      }
      if (s.minGroups !== undefined && s.maxGroups !== undefined && s.minGroups > s.maxGroups) out.add(['sharedCourses', i, 'minGroups'], s.minGroups, `Shared course ${s.id} has minGroups ${s.minGroups} above maxGroups ${s.maxGroups}. Maybe swap them?`);
      if (s.minGroupSize !== undefined && s.minGroupSize > s.maxGroupSize) out.add(['sharedCourses', i, 'minGroupSize'], s.minGroupSize, `Shared course ${s.id} has minGroupSize ${s.minGroupSize} above maxGroupSize ${s.maxGroupSize}. Maybe swap them?`);
    });
    (c.travel?.farApart ?? []).forEach((f, i) => {
      f.between.forEach((p, k) => {
        if (!places.includes(p)) out.add(['travel', 'farApart', i, 'between', k], p, unknownRef(p, places, 'member or site'));
      });
    });
  }
  return out.count === 0 ? { ok: true, value: input as Consortium } : { ok: false, errors: out.finish() };
}

/**
 * Checks the consortium against its members' scenarios (`scenarios[i]` for members[i], already valid
 * scenarios); `sources[i]` names where member i's scenario came from (a file), for the messages.
 */
export function resolveConsortium(c: Consortium, scenarios: readonly Scenario[], sources: readonly (string | undefined)[] = []): ValidationIssue[] {
  const out = new Issues();
  const years = c.years ?? DEFAULT_YEARS;
  const from = (i: number): string => (sources[i] ? ` (in ${sources[i]})` : '');
  c.members.forEach((m, i) => {
    const s = scenarios[i];
    const own = s.years ?? DEFAULT_YEARS;
    if (own.length !== years.length || own.some((y) => !years.includes(y))) {
      out.add(['members', i, 'scenario', 'years'], own, `Member ${m.id}${from(i)} plans years ${own.join(', ')} but the consortium plans ${years.join(', ')}. Maybe give the consortium and every member the same years?`);
    }
    if (s.limits?.maxGroups !== undefined) out.add(['members', i, 'scenario', 'limits', 'maxGroups'], s.limits.maxGroups, `Member ${m.id}${from(i)} has a group budget; a joint plan does not keep one school's budget yet. Maybe remove it for the joint solve?`);
    if (s.mode === 'fit') out.add(['members', i, 'scenario', 'mode'], s.mode, `Member ${m.id}${from(i)} fits fixed groups; the joint solve builds the blocking. Maybe use "build" with the fixed groups pinned?`);
    const rules = (s as { rules?: { enforce?: boolean }[] }).rules ?? [];
    rules.forEach((r, k) => {
      if (r.enforce !== false) out.add(['members', i, 'scenario', 'rules', k], r, `Member ${m.id}${from(i)} enforces a rule for every student; the joint solve does not carry such rules yet. Maybe set "enforce": false?`);
    });
  });
  // The joint solve's grid (solver/consortium/reduce.ts): one year a member, or one a member and real year when
  // some course runs in fewer years; the solver plans at most 30 years and 512 block-year cells.
  const allYears = (list: number[] | undefined): boolean => list === undefined || years.every((y) => list.includes(y));
  const yearsApart = scenarios.some((s) => s.courses.some((x) => !allYears(x.years)) || (s.groups ?? []).some((g) => !allYears(g.years)));
  const gridYears = c.members.length * (yearsApart ? years.length : 1);
  const ownBlocks = Math.max(0, ...scenarios.map((s, i) => s.blocks.filter((b) => !c.columns.some((col) => col.blocks[c.members[i].id] === b)).length));
  const gridBlocks = c.columns.length + ownBlocks;
  if (gridYears > MAX_JOINT_YEARS || gridYears * gridBlocks > MAX_JOINT_CELLS) {
    out.add(
      ['members'],
      c.members.length,
      `${c.members.length} members${yearsApart ? ` over ${years.length} years kept apart (some course runs in fewer years)` : ''} make a joint grid of ${gridBlocks} blocks by ${gridYears} years; the joint solve plans at most ${MAX_JOINT_YEARS} years and ${MAX_JOINT_CELLS} block-year cells. Maybe plan in smaller groups of schools${yearsApart ? ', or give every course all the years' : ''}?`,
    );
  }
  const seen = new Map<string, string>();
  c.columns.forEach((col, i) => {
    for (const [member, block] of Object.entries(col.blocks)) {
      const k = c.members.findIndex((m) => m.id === member);
      if (k < 0) continue;
      const blocks = scenarios[k].blocks;
      if (!blocks.includes(block)) {
        // Suggest only a block no other column holds; with none left, the school has no block at this time.
        const free = blocks.filter((b) => !c.columns.some((other, j) => j !== i && other.blocks[member] === b));
        const near = closest(block, free);
        const hint = near ? `Maybe ${near}?` : free.length === 0 ? `Its blocks are all in other columns: maybe leave ${member} out of column ${col.id} (a school with fewer blocks has none at some common times)?` : `Maybe one of ${free.join(', ')}, or leave ${member} out of column ${col.id}?`;
        out.add(['columns', i, 'blocks', member], block, `Column ${col.id} names block ${block} of member ${member}${from(k)}, which has blocks ${blocks.join(', ')}. ${hint}`);
      }
      const key = `${member}\u0000${block}`;
      if (seen.has(key)) out.add(['columns', i, 'blocks', member], block, `Block ${block} of member ${member} is already in column ${seen.get(key)}. Maybe one block of each school a column?`);
      seen.set(key, col.id);
    }
  });
  c.sharedCourses.forEach((s, i) => {
    const listed = s.columns ?? c.columns.map((x) => x.id);
    for (const [member, n] of Object.entries(s.places)) {
      if (n <= 0) continue;
      const usable = listed.filter((cid) => c.columns.find((x) => x.id === cid)?.blocks[member] !== undefined);
      if (usable.length === 0) out.add(['sharedCourses', i, 'places', member], n, `Member ${member} has places in shared course ${s.id} but no block in any of its columns (${listed.join(', ')}). Maybe line one of its blocks up with a column?`);
    }
    const allowed = sharedColumns(c, s);
    c.members.forEach((m, k) => {
      (scenarios[k].groups ?? []).forEach((g, j) => {
        if (g.course !== s.id) return;
        const column = c.columns.find((x) => x.blocks[m.id] === g.blocks[0]);
        if (!column || !allowed.includes(column.id)) {
          out.add(['members', k, 'scenario', 'groups', j, 'blocks'], g.blocks, `Member ${m.id}${from(k)} fixes a group of shared course ${s.id} in block ${g.blocks[0]}, which is in none of its columns (${allowed.join(', ') || 'none'}). Maybe fix it in the block of one of those columns?`);
        }
      });
      const standIn = scenarios[k].courses.find((x) => x.id === s.id);
      if (standIn && standIn.span === 2) out.add(['members', k, 'scenario', 'courses'], s.id, `Member ${m.id}${from(k)} has a double-option course ${s.id}, the id of a shared course, which takes one column. Maybe rename one of them?`);
    });
  });
  return out.finish();
}

/**
 * What the consortium asks of one member's own scenario alone (its blocks in the columns, its years, what the
 * joint solve does not plan yet), for a school exporting its demand file: the coordinator's solve refuses the
 * same, later. The other members are left out, so nothing here depends on their files.
 */
export function memberIssues(c: Consortium, memberId: string, scenario: Scenario, source?: string): ValidationIssue[] {
  const k = c.members.findIndex((m) => m.id === memberId);
  if (k < 0) return [];
  const only = (blocks: Record<string, string>): Record<string, string> => (blocks[memberId] === undefined ? {} : { [memberId]: blocks[memberId] });
  const alone: Consortium = {
    ...c,
    members: [c.members[k]],
    columns: c.columns.map((col) => ({ ...col, blocks: only(col.blocks) })),
    sharedCourses: c.sharedCourses.map((x) => ({ ...x, places: Object.hasOwn(x.places, memberId) ? { [memberId]: x.places[memberId] } : {} })),
  };
  return resolveConsortium(alone, [scenario], [source]).map((i) => ({ ...i, path: i.path.replace(/^members\[0\]/, `members[${k}]`) }));
}

/** A demand file, checked against the consortium it is for when given. */
export function parseDemand(input: unknown, consortium?: Consortium): ParseOutcome<ConsortiumDemand> {
  const out = new Issues();
  if (checkFormat(input, DEMAND_FORMAT, 'consortium demand file', out) && checkShape(DemandSchema, input, 'The demand file', out)) {
    const d = input as unknown as ConsortiumDemand;
    const parsed = parseScenario(d.scenario);
    if (!parsed.ok) nest(parsed.errors, ['scenario'], out);
    if (consortium) {
      if (d.consortium !== consortium.id) out.add(['consortium'], d.consortium, `This demand file is for consortium ${d.consortium}, not ${consortium.id}. Maybe it belongs to another consortium, or the school exported it from an old consortium file?`);
      const ids = consortium.members.map((m) => m.id);
      if (!ids.includes(d.member)) out.add(['member'], d.member, unknownRef(d.member, ids, 'member'));
    }
  }
  return out.count === 0 ? { ok: true, value: input as ConsortiumDemand } : { ok: false, errors: out.finish() };
}

export function parseKey(input: unknown): ParseOutcome<ConsortiumKey> {
  const out = new Issues();
  if (checkFormat(input, KEY_FORMAT, 'consortium key file', out)) checkShape(KeySchema, input, 'The key file', out);
  return out.count === 0 ? { ok: true, value: input as ConsortiumKey } : { ok: false, errors: out.finish() };
}

/** A member's part of a joint plan, checked against the consortium it is for when given. */
export function parsePart(input: unknown, consortium?: Consortium): ParseOutcome<ConsortiumPart> {
  const out = new Issues();
  if (checkFormat(input, PART_FORMAT, 'consortium part', out) && checkShape(PartSchema, input, 'The part', out)) {
    const p = input as unknown as ConsortiumPart;
    const parsed = parseResult(p.result);
    if (!parsed.ok) nest(parsed.errors, ['result'], out);
    if (consortium && p.consortium !== consortium.id) out.add(['consortium'], p.consortium, `This part is of consortium ${p.consortium}, not ${consortium.id}. Maybe it belongs to another consortium?`);
    if (consortium && !consortium.members.some((m) => m.id === p.member)) out.add(['member'], p.member, unknownRef(p.member, consortium.members.map((m) => m.id), 'member'));
  }
  return out.count === 0 ? { ok: true, value: input as ConsortiumPart } : { ok: false, errors: out.finish() };
}

/** The column ids a shared course may sit in: its list, else every column in which each member with places has a block. */
export function sharedColumns(c: Consortium, course: SharedCourse): string[] {
  const users = Object.entries(course.places).filter(([, n]) => n > 0).map(([m]) => m);
  return (course.columns ?? c.columns.map((x) => x.id)).filter((cid) => {
    const col = c.columns.find((x) => x.id === cid);
    return col !== undefined && users.every((m) => col.blocks[m] !== undefined);
  });
}

/**
 * The columns a shared course lists (or, with no list, every column) that it may not use after all, each with
 * the members that have places in the course but no block in that column: what `sharedColumns` leaves out
 * without a word, shown so a coordinator who ticked a column knows why no group is placed there.
 */
export function unusableColumns(c: Consortium, course: SharedCourse): { column: string; without: string[] }[] {
  const users = Object.entries(course.places).filter(([, n]) => n > 0).map(([m]) => m);
  const out: { column: string; without: string[] }[] = [];
  for (const cid of course.columns ?? c.columns.map((x) => x.id)) {
    const col = c.columns.find((x) => x.id === cid);
    if (col === undefined) continue;
    const without = users.filter((m) => col.blocks[m] === undefined);
    if (without.length > 0) out.push({ column: cid, without });
  }
  return out;
}

/**
 * Does the host school teach shared course `course` at home, with its own teacher, in its own view? When the
 * host is a member whose scenario names a teacher of the course (or lists no staff at all): the course is
 * then one of its home courses (no partner site named after itself, its teacher on the group, its cost its
 * own). A host listing staff but no teacher of the course keeps it at the site named after it, as before:
 * a home course would need a teacher it does not have. The joint solve (solver/consortium/reduce.ts
 * hostTeachesAtHome) decides the same.
 */
export function hostedAtHome(course: SharedCourse, memberId: string, scenario: Scenario): boolean {
  if (course.host !== memberId) return false;
  const staff = scenario.staff ?? [];
  return staff.length === 0 || staff.some((t) => t.courses.includes(course.id));
}

/**
 * The shared courses and sites member `memberId`'s view adds: each shared course it has places in (or a
 * stand-in for), with the member's places as its quota, its blocks those lined up with the course's columns,
 * taught at its host (a site of the view), or at home for the host itself (hostedAtHome); no minimum group
 * size or count, which hold across the consortium.
 */
export function memberViewAdditions(c: Consortium, memberId: string, scenario: Scenario): Pick<ConsortiumPart, 'courses' | 'sites'> {
  const courses: Scenario['courses'] = [];
  const sites: { id: string; name: string }[] = [];
  for (const s of c.sharedCourses) {
    const places = s.places[memberId] ?? 0;
    if (places <= 0 && !scenario.courses.some((x) => x.id === s.id)) continue;
    const blocks: string[] = [];
    for (const cid of sharedColumns(c, s)) {
      const b = c.columns.find((x) => x.id === cid)?.blocks[memberId];
      if (b !== undefined) blocks.push(b);
    }
    const home = hostedAtHome(s, memberId, scenario);
    if (!home && !sites.some((x) => x.id === s.host)) sites.push({ id: s.host, name: c.members.find((m) => m.id === s.host)?.name ?? c.sites?.find((x) => x.id === s.host)?.name ?? s.host });
    courses.push({ id: s.id, name: s.name, ...(s.kind ? { kind: s.kind } : {}), maxGroupSize: s.maxGroupSize, ...(s.maxGroups !== undefined ? { maxGroups: s.maxGroups } : {}), ...(blocks.length > 0 ? { blocks } : {}), ...(home ? {} : { site: s.host }), places });
  }
  return { courses, sites };
}

/**
 * A member's scenario with the shared courses in place of its stand-ins and their host sites added: what its
 * part's result is a result for. A shared course the member hosts at home (no site in `additions`) keeps its
 * stand-in's room needs (`roomType`, `rooms`), in the scenario's own ids: the part carries none, its room ids
 * being the demand file's pseudonyms; they hold only where the host has a teacher of it, as the joint solve
 * then places the group in one of the host's rooms.
 */
export function memberView(scenario: Scenario, additions: Pick<ConsortiumPart, 'courses' | 'sites'>): Scenario {
  const sharedIds = new Set(additions.courses.map((x) => x.id));
  const ownSites = scenario.sites ?? [];
  const roomNeeds = (course: Scenario['courses'][number]): Scenario['courses'][number] => {
    if (course.site !== undefined) return course;
    const standIn = scenario.courses.find((x) => x.id === course.id);
    if (standIn === undefined || !(scenario.staff ?? []).some((t) => t.courses.includes(course.id))) return course;
    return { ...course, ...(standIn.roomType !== undefined ? { roomType: standIn.roomType } : {}), ...(standIn.rooms !== undefined ? { rooms: standIn.rooms } : {}) };
  };
  return {
    ...scenario,
    courses: [...scenario.courses.filter((x) => !sharedIds.has(x.id)), ...additions.courses.map(roomNeeds)],
    sites: [...ownSites, ...additions.sites.filter((s) => !ownSites.some((o) => o.id === s.id))],
  };
}

/** Pupils of one school who cannot take all their choices because of a far-apart rule, and why. */
export interface TravelShortfall {
  member: string;
  course: string;
  /** How many of the member's pupils choose the course with more choices than the blocks left to them. */
  pupils: number;
  /** In the user's terms: the school, the course, the rule and the counts that prove it. */
  message: string;
}

/**
 * Where a far-apart rule makes a shared course impossible to take in full, proved from the counts alone
 * (before any solve): a pupil with k choices needs k distinct blocks of their school, and a pupil at an
 * away course in column c must keep the columns freeBefore before c and freeAfter after it free at home,
 * so the school's blocks in those columns are lost to them. When in every column the course may use the
 * school has fewer than k blocks left, each of its pupils choosing the course with k choices loses one.
 * Blocks held by a course's several blocks per group only make it worse, so the warning is never a guess;
 * nothing is said where some column leaves enough blocks. `scenario` is the member's own (or its demand's).
 */
export function travelShortfalls(c: Consortium, memberId: string, scenario: Scenario): TravelShortfall[] {
  const out: TravelShortfall[] = [];
  const rules = c.travel?.farApart ?? [];
  const placeName = (id: string): string => c.sites?.find((s) => s.id === id)?.name ?? c.members.find((m) => m.id === id)?.name ?? id;
  for (const course of c.sharedCourses) {
    if ((course.places[memberId] ?? 0) <= 0 || course.host === memberId) continue;
    const rule = rules.find((f) => (f.between[0] === memberId && f.between[1] === course.host) || (f.between[1] === memberId && f.between[0] === course.host));
    if (!rule || ((rule.freeBefore ?? 0) === 0 && (rule.freeAfter ?? 0) === 0)) continue;
    const columns = sharedColumns(c, course);
    if (columns.length === 0) continue;
    // For each column the course may use: the member's blocks kept free around it, and the blocks left.
    const lost = columns.map((cid) => {
      const at = c.columns.findIndex((x) => x.id === cid);
      const free: string[] = [];
      for (let d = 1; d <= (rule.freeBefore ?? 0); d++) if (at - d >= 0 && c.columns[at - d].blocks[memberId] !== undefined) free.push(c.columns[at - d].id);
      for (let d = 1; d <= (rule.freeAfter ?? 0); d++) if (at + d < c.columns.length && c.columns[at + d].blocks[memberId] !== undefined) free.push(c.columns[at + d].id);
      return { column: cid, free, left: scenario.blocks.length - free.length };
    });
    const mostLeft = Math.max(...lost.map((x) => x.left));
    // A pupil with more choices than the school has blocks is short anyway: that is not the rule's doing.
    const short = scenario.students.filter((st) => st.choices.includes(course.id) && st.choices.length > mostLeft && st.choices.length <= scenario.blocks.length);
    if (short.length === 0) continue;
    const least = Math.min(...short.map((st) => st.choices.length));
    const most = Math.max(...short.map((st) => st.choices.length));
    const where = lost.map((x) => `at ${course.id} in ${x.column} a pupil must keep ${x.free.join(' and ')} free at ${memberId}`).join('; ');
    out.push({
      member: memberId,
      course: course.id,
      pupils: short.length,
      message:
        `${memberId}: pupils choosing ${course.id} (${short.length}) cannot have all their choices: ${memberId} and ${placeName(course.host)} are far apart, so ${where}, ` +
        `leaving ${mostLeft} of ${memberId}'s ${scenario.blocks.length} blocks for their ${least}${most > least ? ' or more' : ''} choices. ` +
        `Maybe let ${course.id} use another column, give ${memberId} a block outside the columns, or ask fewer choices of its pupils?`,
    });
  }
  return out;
}

/**
 * The name of a school's scenario holding its part of a consortium's plan: the school and the consortium
 * ("North Park School — Riverside partnership plan"), so every message and export about it says which plan it is.
 */
export function mergedPlanName(c: Pick<Consortium, 'name' | 'members'> | null, memberId: string, consortiumId: string): string {
  const school = c?.members.find((m) => m.id === memberId)?.name ?? memberId;
  const consortium = c?.name ?? consortiumId;
  return `${school} — ${consortium}${/\bplan$/i.test(consortium) ? '' : ' plan'}`;
}
