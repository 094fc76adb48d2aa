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

/** The scenario document as FORMAT.md JSON (2-space indented, trailing newline). */
export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** The result document as FORMAT.md JSON. */
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
      const v = s.attributes?.[n];
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

const CLASS_LIST_HEADER = ['Group', 'Course', 'Course name', 'Blocks', 'Years', 'Teacher', 'Room', 'Student ID', 'Name', 'Tutor group', 'Chosen as'];

function classRows(ix: Index, g: ResultGroup): SheetRows {
  const students = [...g.students].sort((a, b) => {
    const na = ix.student.get(a)?.name ?? a;
    const nb = ix.student.get(b)?.name ?? b;
    return na.localeCompare(nb) || a.localeCompare(b);
  });
  return students.map((sid) => {
    const s = ix.student.get(sid);
    const tutor = s?.attributes?.tutorGroup;
    return [g.id, g.course, ix.courseName(g.course), g.blocks.join(' '), ix.years(g), ix.staff(g), ix.room(g), sid, s?.name ?? '', tutor === undefined ? '' : String(tutor), ix.rank(sid, g.course)];
  });
}

/** Every group's class list in one table, a row per student in each group (for mail merge and MIS import). */
export function classListsTable(scenario: Scenario, result: Result): SheetRows {
  const ix = new Index(scenario, result);
  const rows: SheetRows = [CLASS_LIST_HEADER];
  for (const g of sortedGroups(ix)) rows.push(...classRows(ix, g));
  return rows;
}

/** One group's class list. Throws when the result has no such group. */
export function classListTable(scenario: Scenario, result: Result, groupId: string): SheetRows {
  const ix = new Index(scenario, result);
  const g = ix.group.get(groupId);
  if (!g) throw new Error(`Group ${groupId} is not in the result (its groups are ${result.groups.map((x) => x.id).slice(0, 10).join(', ')}${result.groups.length > 10 ? ', ...' : ''}).`);
  return [CLASS_LIST_HEADER, ...classRows(ix, g)];
}

/** A workbook of class lists: an "All groups" sheet, then one sheet per group. */
export function classListSheets(scenario: Scenario, result: Result): NamedSheet[] {
  const ix = new Index(scenario, result);
  const sheets: NamedSheet[] = [{ name: 'All groups', rows: classListsTable(scenario, result) }];
  for (const g of sortedGroups(ix)) sheets.push({ name: g.id, rows: [CLASS_LIST_HEADER, ...classRows(ix, g)] });
  return sheets;
}

/**
 * The blocking grid as timetablers draw it: a column per block, the groups sitting in that block
 * listed down it ("HIS-1 History 27/30, T07, R12", with "Y10" when the group runs in one year only).
 * A double (span 2) group appears in both its blocks.
 */
export function blockingGridTable(scenario: Scenario, result: Result): SheetRows {
  const ix = new Index(scenario, result);
  const columns: string[][] = scenario.blocks.map(() => []);
  for (const g of sortedGroups(ix)) {
    const max = ix.course.get(g.course)?.maxGroupSize;
    const parts = [`${g.id} ${ix.courseName(g.course)} ${g.students.length}${max !== undefined ? `/${max}` : ''}`];
    if (ix.years(g) !== 'all') parts.push(ix.years(g));
    if (g.staff.length) parts.push(ix.staff(g));
    if (g.room) parts.push(ix.room(g));
    const text = parts.join(', ');
    for (const b of g.blocks) {
      const i = scenario.blocks.indexOf(b);
      if (i >= 0) columns[i].push(text);
    }
  }
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
