/**
 * What a school needs back out of the planner, as tables ready for toCsv / toXlsx (write.ts):
 * students and choices (the import's own layout, so export then import gives the same students),
 * class lists per group, the blocking grid, each student's placements and unmet choices, the data of the
 * printable letters, and the scenario and result documents themselves. Browser-safe and pure.
 */
import type { Course, Result, ResultGroup, ResultStudent, Scenario, Student } from '../../solver/types';
import type { AttributeType, StudentMapping } from './mapping';
import { uniqueHeaders } from './table';
import type { NamedSheet, SheetRows } from './write';

/** The scenario document as docs/format.md JSON (2-space indented, trailing newline). */
export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** The result document as docs/format.md JSON. */
export function resultJson(result: Result): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

function attributeTypeOf(values: unknown[]): Exclude<AttributeType, 'auto'> {
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return 'number';
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'yes/no';
  return 'text';
}

/**
 * Students and choices as a table in the layout the importer reads, with the mapping that reads it back
 * exactly: Student ID, Name, Pathway, Choice 1..n, Reserve 1..m, then one column per attribute
 * (tutorGroup included) typed from the values the scenario holds. Columns no student uses are left out.
 */
export function studentsTable(students: readonly Student[]): { rows: SheetRows; mapping: StudentMapping } {
  const nChoices = Math.max(0, ...students.map((s) => s.choices.length));
  const nReserves = Math.max(0, ...students.map((s) => s.reserves?.length ?? 0));
  const hasName = students.some((s) => s.name !== undefined && s.name !== '');
  const hasPathway = students.some((s) => s.pathway !== undefined);
  const attributeNames: string[] = [];
  const attributeValues = new Map<string, unknown[]>();
  for (const s of students) {
    for (const [k, v] of Object.entries(s.attributes ?? {})) {
      if (!attributeValues.has(k)) {
        attributeNames.push(k);
        attributeValues.set(k, []);
      }
      attributeValues.get(k)!.push(v);
    }
  }
  const rawHeaders = [
    'Student ID',
    ...(hasName ? ['Name'] : []),
    ...(hasPathway ? ['Pathway'] : []),
    ...Array.from({ length: nChoices }, (_, i) => `Choice ${i + 1}`),
    ...Array.from({ length: nReserves }, (_, i) => `Reserve ${i + 1}`),
    ...attributeNames.map((n) => (n === 'tutorGroup' ? 'Tutor group' : n)),
  ];
  // The importer sees uniquified headers; build the mapping from exactly those.
  const headers = uniqueHeaders(rawHeaders);
  let c = 0;
  const mapping: StudentMapping = { id: headers[c++], choices: [], reserves: [], attributes: [] };
  if (hasName) mapping.name = headers[c++];
  if (hasPathway) mapping.pathway = headers[c++];
  for (let i = 0; i < nChoices; i++) mapping.choices.push(headers[c++]);
  for (let i = 0; i < nReserves; i++) mapping.reserves.push(headers[c++]);
  for (const n of attributeNames) {
    const h = headers[c++];
    if (n === 'tutorGroup' && attributeTypeOf(attributeValues.get(n)!) === 'text') mapping.tutorGroup = h;
    else mapping.attributes.push({ column: h, name: n, type: attributeTypeOf(attributeValues.get(n)!) });
  }
  const rows: SheetRows = [headers];
  for (const s of students) {
    const row: SheetRows[number] = [s.id];
    if (hasName) row.push(s.name ?? null);
    if (hasPathway) row.push(s.pathway ?? null);
    for (let i = 0; i < nChoices; i++) row.push(s.choices[i] ?? null);
    for (let i = 0; i < nReserves; i++) row.push(s.reserves?.[i] ?? null);
    for (const n of attributeNames) {
      const v = s.attributes && Object.hasOwn(s.attributes, n) ? s.attributes[n] : undefined; // own keys: an attribute may be called toString
      row.push(v === undefined ? null : v);
    }
    rows.push(row);
  }
  return { rows, mapping };
}

/** Lookups shared by the result exports. */
class Index {
  readonly course = new Map<string, Course>();
  readonly student = new Map<string, Student>();
  readonly placed = new Map<string, ResultStudent>();
  readonly staffName = new Map<string, string>();
  readonly roomName = new Map<string, string>();
  readonly group = new Map<string, ResultGroup>();
  constructor(
    readonly scenario: Scenario,
    readonly result: Result,
  ) {
    for (const c of scenario.courses) this.course.set(c.id, c);
    for (const s of scenario.students) this.student.set(s.id, s);
    for (const s of result.students) this.placed.set(s.id, s);
    for (const t of scenario.staff ?? []) this.staffName.set(t.id, t.name ?? t.id);
    for (const r of scenario.rooms ?? []) this.roomName.set(r.id, r.name ?? r.id);
    for (const g of result.groups) this.group.set(g.id, g);
  }
  courseName(id: string): string {
    return this.course.get(id)?.name ?? id;
  }
  staff(g: ResultGroup): string {
    return g.staff.map((t) => this.staffName.get(t) ?? t).join(', ');
  }
  room(g: ResultGroup): string {
    return g.room === null ? '' : (this.roomName.get(g.room) ?? g.room);
  }
  years(g: ResultGroup): string {
    const all = this.scenario.years ?? [10, 11];
    return g.years.length === all.length && g.years.every((y, i) => y === all[i]) ? 'all' : g.years.map((y) => `Y${y}`).join(' ');
  }
  /** "choice 2" / "reserve 1" / "" for how student `sid` came to be in course `cid`. */
  rank(sid: string, cid: string): string {
    const s = this.student.get(sid);
    if (!s) return '';
    const c = s.choices.indexOf(cid);
    if (c >= 0) return `choice ${c + 1}`;
    const r = s.reserves?.indexOf(cid) ?? -1;
    return r >= 0 ? `reserve ${r + 1}` : '';
  }
}

/** Groups in block order, then course, then id: the order timetablers read them in. */
function sortedGroups(ix: Index): ResultGroup[] {
  const blockIndex = new Map(ix.scenario.blocks.map((b, i) => [b, i]));
  return [...ix.result.groups].sort(
    (a, b) =>
      (blockIndex.get(a.blocks[0]) ?? 99) - (blockIndex.get(b.blocks[0]) ?? 99) ||
      a.course.localeCompare(b.course) ||
      a.id.localeCompare(b.id, undefined, { numeric: true }),
  );
}

/**
 * A pupil's names and school identifiers as a class list or letter shows them. The MIS fields (`upn`,
 * `admissionNumber`, `surname`, `forename`, `preferredName`, `regGroup`) are read when the student has
 * them; without `surname`/`forename` the one `name` is split ("Forename Surname": the last word is the
 * surname). Identifiers are never made up: a pupil without a UPN has a blank UPN. The registration group
 * falls back to the `tutorGroup` attribute the importer writes.
 */
export interface PupilNames {
  upn: string;
  admissionNumber: string;
  surname: string;
  forename: string;
  /** The name the pupil goes by: `preferredName`, else the forename. */
  preferredName: string;
  regGroup: string;
  /** The full name: `name`, else forename and surname, else the id. */
  name: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export function pupilNames(s: Student): PupilNames {
  const f = s as { surname?: unknown; forename?: unknown; preferredName?: unknown; upn?: unknown; admissionNumber?: unknown; regGroup?: unknown };
  const name = text(s.name);
  const words = name.split(/\s+/).filter(Boolean);
  let surname = text(f.surname);
  let forename = text(f.forename);
  if (!surname && !forename) {
    surname = words.length > 0 ? words[words.length - 1] : '';
    forename = words.slice(0, -1).join(' ');
  } else if (!surname) {
    surname = name.startsWith(forename) && name.length > forename.length ? name.slice(forename.length).trim() : '';
  } else if (!forename) {
    forename = name.endsWith(surname) && name.length > surname.length ? name.slice(0, name.length - surname.length).trim() : '';
  }
  const tutor = s.attributes?.tutorGroup;
  return {
    upn: text(f.upn),
    admissionNumber: text(f.admissionNumber),
    surname,
    forename,
    preferredName: text(f.preferredName) || forename,
    regGroup: text(f.regGroup) || text(tutor),
    name: name || [forename, surname].filter(Boolean).join(' ') || s.id,
  };
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Surname, then forename, then id (case and accents ignored): the order schools list pupils in. */
export function bySurname(a: Student, b: Student): number {
  const na = pupilNames(a);
  const nb = pupilNames(b);
  // A pupil with no name at all goes after the named ones.
  if (!na.surname !== !nb.surname) return na.surname ? -1 : 1;
  return collator.compare(na.surname, nb.surname) || collator.compare(na.forename, nb.forename) || collator.compare(a.id, b.id);
}

/** Attribute names a class list can carry (every attribute some student has, but the tutor group, which is "Reg group"). */
export function classListAttributes(students: readonly Student[]): string[] {
  const out: string[] = [];
  for (const s of students) for (const k of Object.keys(s.attributes ?? {})) if (k !== 'tutorGroup' && !out.includes(k)) out.push(k);
  return out;
}

const ATTRIBUTE_LABELS: Record<string, string> = { gender: 'Gender', pp: 'PP', sen: 'SEN', eal: 'EAL', prior: 'Prior attainment', fsm: 'FSM', lac: 'LAC' };

/** The column header of an attribute: "SEN" for `sen`, the name itself otherwise. */
export function attributeLabel(name: string): string {
  return Object.hasOwn(ATTRIBUTE_LABELS, name.toLowerCase()) ? ATTRIBUTE_LABELS[name.toLowerCase()] : name;
}

export interface ClassListOptions {
  /** Attributes to add as columns after Reg group, in this order (see classListAttributes). Default none. */
  attributes?: readonly string[];
  /** Only these pupils' rows (the pupils a late change moved, web/reference/); every pupil when missing. */
  studentIds?: readonly string[];
}

/** The columns of a class list, group columns first (the MIS-shaped layout). */
export function classListHeader(options: ClassListOptions = {}): string[] {
  return [...GROUP_COLUMNS, ...PUPIL_COLUMNS, ...(options.attributes ?? []).map(attributeLabel), 'Student ID', 'Chosen as'];
}

const GROUP_COLUMNS = ['Group', 'Course code', 'Course', 'Block(s)', 'Year(s)', 'Teacher', 'Room'];
const PUPIL_COLUMNS = ['UPN', 'Admission number', 'Surname', 'Forename', 'Reg group'];

/** A group's pupils as rows, by surname then forename; pupils the scenario no longer has are left out. */
function classRows(ix: Index, g: ResultGroup, options: ClassListOptions): SheetRows {
  const only = options.studentIds ? new Set(options.studentIds) : null;
  const students = g.students.filter((sid) => only === null || only.has(sid)).map((sid) => ix.student.get(sid)).filter((s): s is Student => s !== undefined);
  students.sort(bySurname);
  const groupCells = [g.id, g.course, ix.courseName(g.course), g.blocks.join(' '), g.years.join(' '), ix.staff(g), ix.room(g)];
  return students.map((s) => {
    const n = pupilNames(s);
    const attrs = (options.attributes ?? []).map((a) => {
      const v = s.attributes?.[a];
      return v === undefined ? null : v;
    });
    return [...groupCells, n.upn, n.admissionNumber, n.surname, n.forename, n.regGroup, ...attrs, s.id, ix.rank(s.id, g.course)];
  });
}

/**
 * Every group's class list in one table, a row per pupil in each group, groups in block order and pupils
 * by surname: Group, Course code, Course, Block(s), Year(s), Teacher, Room, UPN, Admission number,
 * Surname, Forename, Reg group, the chosen attributes, Student ID, Chosen as. The shape an MIS takes back
 * (one row per pupil and group).
 */
export function classListsTable(scenario: Scenario, result: Result, options: ClassListOptions = {}): SheetRows {
  const ix = new Index(scenario, result);
  const rows: SheetRows = [classListHeader(options)];
  for (const g of sortedGroups(ix)) rows.push(...classRows(ix, g, options));
  return rows;
}

/** One group's class list. Throws when the result has no such group. */
export function classListTable(scenario: Scenario, result: Result, groupId: string, options: ClassListOptions = {}): SheetRows {
  const ix = new Index(scenario, result);
  const g = ix.group.get(groupId);
  if (!g) throw new Error(`Group ${groupId} is not in the result (its groups are ${result.groups.map((x) => x.id).slice(0, 10).join(', ')}${result.groups.length > 10 ? ', ...' : ''}).`);
  return [classListHeader(options), ...classRows(ix, g, options)];
}

/** A workbook of class lists: an "All groups" sheet, then one sheet per group (the same columns). */
export function classListSheets(scenario: Scenario, result: Result, options: ClassListOptions = {}): NamedSheet[] {
  const ix = new Index(scenario, result);
  const sheets: NamedSheet[] = [{ name: 'All groups', rows: classListsTable(scenario, result, options) }];
  for (const g of sortedGroups(ix)) sheets.push({ name: g.id, rows: [classListHeader(options), ...classRows(ix, g, options)] });
  return sheets;
}

/**
 * The blocking grid as timetablers draw it: a column per block, the groups sitting in that block
 * listed down it ("HIS-1 History 27/30, T07, R12", with "Y10" when the group runs in one year only).
 * A double (span 2) group appears in both its blocks.
 */
export interface GridEntry {
  group: string;
  courseName: string;
  size: number;
  max?: number;
  /** "" when the group runs in every year, else "Y10". */
  years: string;
  teacher: string;
  room: string;
}

/** The blocking grid's content: per block (in the scenario's order) the groups sitting in it. */
export function blockingGridColumns(scenario: Scenario, result: Result): { block: string; groups: GridEntry[] }[] {
  const ix = new Index(scenario, result);
  const columns = scenario.blocks.map((block) => ({ block, groups: [] as GridEntry[] }));
  for (const g of sortedGroups(ix)) {
    const entry: GridEntry = {
      group: g.id,
      courseName: ix.courseName(g.course),
      size: g.students.length,
      max: ix.course.get(g.course)?.maxGroupSize,
      years: ix.years(g) === 'all' ? '' : ix.years(g),
      teacher: g.staff.length ? ix.staff(g) : '',
      room: g.room ? ix.room(g) : '',
    };
    for (const b of g.blocks) {
      const i = scenario.blocks.indexOf(b);
      if (i >= 0) columns[i].groups.push(entry);
    }
  }
  return columns;
}

export function blockingGridTable(scenario: Scenario, result: Result): SheetRows {
  const columns = blockingGridColumns(scenario, result).map((c) =>
    c.groups.map((e) => [`${e.group} ${e.courseName} ${e.size}${e.max !== undefined ? `/${e.max}` : ''}`, e.years, e.teacher, e.room].filter(Boolean).join(', ')),
  );
  const depth = Math.max(0, ...columns.map((c) => c.length));
  const rows: SheetRows = [scenario.blocks.map((b) => `Block ${b}`)];
  for (let r = 0; r < depth; r++) rows.push(columns.map((c) => c[r] ?? null));
  rows.push(columns.map((c) => `${c.length} group${c.length === 1 ? '' : 's'}`));
  return rows;
}

/**
 * Each student's placements: a column per block with the course and group they sit in (both years'
 * when a block holds two one-year courses), then their unmet choices, reserves used and whether all
 * their choices were met.
 */
export function placementsTable(scenario: Scenario, result: Result): SheetRows {
  const ix = new Index(scenario, result);
  const rows: SheetRows = [['Student ID', 'Name', 'Tutor group', ...scenario.blocks.map((b) => `Block ${b}`), 'Unmet choices', 'Reserves used', 'All choices met']];
  for (const s of scenario.students) {
    const r = ix.placed.get(s.id);
    const perBlock = scenario.blocks.map(() => [] as string[]);
    for (const [cid, gid] of Object.entries(r?.placed ?? {})) {
      const g = ix.group.get(gid);
      if (!g) continue;
      const label = `${ix.courseName(cid)} (${gid}${ix.years(g) === 'all' ? '' : ` ${ix.years(g)}`})`;
      for (const b of g.blocks) {
        const i = scenario.blocks.indexOf(b);
        if (i >= 0) perBlock[i].push(label);
      }
    }
    const tutor = s.attributes?.tutorGroup;
    rows.push([
      s.id,
      s.name ?? '',
      tutor === undefined ? '' : String(tutor),
      ...perBlock.map((p) => p.join('; ')),
      (r?.unmet ?? s.choices).map((c) => ix.courseName(c)).join('; '),
      (r?.reserves ?? []).map((c) => ix.courseName(c)).join('; '),
      r !== undefined && r.unmet.length === 0,
    ]);
  }
  return rows;
}

export interface LetterLine {
  course: string;
  courseName: string;
  group: string;
  blocks: string;
  years: string;
  teacher: string;
  /** "choice 1", "reserve 2". */
  chosenAs: string;
}

export interface LetterData {
  studentId: string;
  name: string;
  tutorGroup: string;
  placed: LetterLine[];
  /** Course names of choices not met, with the reason where the solver gave one. */
  unmet: { courseName: string; reason?: string }[];
}

/** What each student's letter says, in the scenario's student order. */
export function letterData(scenario: Scenario, result: Result): LetterData[] {
  const ix = new Index(scenario, result);
  const blockIndex = new Map(scenario.blocks.map((b, i) => [b, i]));
  return scenario.students.map((s) => {
    const r = ix.placed.get(s.id);
    const placed: LetterLine[] = [];
    for (const [cid, gid] of Object.entries(r?.placed ?? {})) {
      const g = ix.group.get(gid);
      placed.push({
        course: cid,
        courseName: ix.courseName(cid),
        group: gid,
        blocks: g ? g.blocks.join(' ') : '',
        years: g ? (ix.years(g) === 'all' ? '' : ix.years(g)) : '',
        teacher: g ? ix.staff(g) : '',
        chosenAs: ix.rank(s.id, cid),
      });
    }
    placed.sort((a, b) => (blockIndex.get(a.blocks.split(' ')[0]) ?? 99) - (blockIndex.get(b.blocks.split(' ')[0]) ?? 99) || a.courseName.localeCompare(b.courseName));
    const unmetIds = r?.unmet ?? s.choices;
    const unmet = unmetIds.map((c, i) => ({ courseName: ix.courseName(c), ...(r?.reasons?.[i] ? { reason: r.reasons[i] } : {}) }));
    const tutor = s.attributes?.tutorGroup;
    return { studentId: s.id, name: s.name ?? s.id, tutorGroup: tutor === undefined ? '' : String(tutor), placed, unmet };
  });
}
