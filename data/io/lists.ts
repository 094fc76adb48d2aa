/**
 * The course list (the offer), the staff list and the room list as tables: export in a fixed layout, and import from a
 * school's own spreadsheet with the columns recognised by their headers. Lists inside one cell (blocks,
 * years, tags, the courses a teacher teaches, the blocks a teacher or room is away) are separated by semicolons
 * (commas are read too). Every cell that cannot be read is an issue with row, column and reason; a row
 * with issues is left out until the user keeps it (without the bad cells) or skips it, as for students.
 */
import type { Course, CourseKind, Room, Staff, Unavailability } from '../../solver/types';
import { CourseMatcher } from './match';
import type { CourseSuggestion } from './match';
import type { ImportDecisions, ImportIssue } from './students';
import { cellText, columnLetter, type Table } from './table';
import type { SheetRows } from './write';

type CourseField =
  | 'id' | 'name' | 'kind' | 'maxGroupSize' | 'minGroupSize' | 'minGroups' | 'maxGroups' | 'maxGroupsPerBlock'
  | 'blocks' | 'years' | 'span' | 'roomType' | 'rooms' | 'site' | 'places' | 'department' | 'tags' | 'discountCode';

/** Export headers of the course list, and the header texts (lower case, letters and digits) each field is also recognised by. */
const COURSE_COLUMNS: [CourseField, string, string[]][] = [
  ['id', 'Course ID', ['course id', 'id', 'code', 'course code', 'subject code']],
  ['name', 'Name', ['name', 'course', 'course name', 'subject', 'title']],
  ['kind', 'Kind', ['kind', 'type', 'qualification', 'qualification type']],
  ['maxGroupSize', 'Max group size', ['max group size', 'max size', 'maximum group size', 'class size', 'group size', 'max class size', 'maximum class size', 'capacity']],
  ['minGroupSize', 'Min group size', ['min group size', 'min size', 'minimum group size']],
  ['minGroups', 'Min groups', ['min groups', 'minimum groups']],
  ['maxGroups', 'Max groups', ['max groups', 'maximum groups', 'groups']],
  ['maxGroupsPerBlock', 'Max groups per block', ['max groups per block']],
  ['blocks', 'Blocks', ['blocks', 'allowed blocks', 'columns']],
  ['years', 'Years', ['years', 'year']],
  ['span', 'Span', ['span', 'blocks per group']],
  ['roomType', 'Room type', ['room type', 'room needed', 'specialist room']],
  ['rooms', 'Rooms', ['rooms']],
  ['site', 'Site', ['site', 'partner', 'taught at']],
  ['places', 'Places', ['places', 'quota']],
  ['department', 'Department', ['department', 'faculty']],
  ['tags', 'Tags', ['tags', 'bucket', 'buckets']],
  ['discountCode', 'Discount code', ['discount code']],
];

const KINDS: CourseKind[] = ['GCSE', 'BTEC', 'CambridgeNational', 'VCert', 'TechAward', 'Other'];

function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Which column holds each field, recognised by header text (the first match wins). */
function recogniseColumns<F extends string>(headers: readonly string[], columns: [F, string, string[]][]): Map<F, number> {
  const out = new Map<F, number>();
  const used = new Set<number>();
  for (const [field, exportHeader, names] of columns) {
    for (const n of [headerKey(exportHeader), ...names]) {
      const i = headers.findIndex((h, j) => !used.has(j) && headerKey(h) === n);
      if (i >= 0) {
        out.set(field, i);
        used.add(i);
        break;
      }
    }
  }
  return out;
}

export function splitList(text: string): string[] {
  return text
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function quote(v: string): string {
  return `"${v}"`;
}

export interface ListImportResult<T> {
  items: T[];
  issues: ImportIssue[];
  pending: number[];
  skippedRows: number[];
  blankRows: number[];
  /** Fields recognised, as field -> header text, and headers not used. */
  columns: Record<string, string>;
  unusedColumns: string[];
  complete: boolean;
}

interface RowWork {
  row: number;
  issues: Omit<ImportIssue, 'row' | 'decided'>[];
}

/** Shared skeleton: runs `readRow` per non-blank row, adds duplicate-id issues, applies decisions. */
function runList<T extends { id: string }>(
  table: Table,
  idColumn: number | undefined,
  columns: Map<string, number>,
  decisions: ImportDecisions,
  what: string,
  readRow: (cells: string[], work: RowWork) => T | undefined,
): ListImportResult<T> {
  const drafts: { row: number; item: T | undefined; work: RowWork }[] = [];
  const blankRows: number[] = [];
  for (let r = 0; r < table.rows.length; r++) {
    const raw = table.rows[r];
    const row = table.rowNumbers[r];
    if (raw.every((c) => (c ?? '').trim() === '')) {
      blankRows.push(row);
      continue;
    }
    const cells = table.headers.map((_, i) => cellText(raw[i]));
    const work: RowWork = { row, issues: [] };
    for (const p of table.rowProblems.filter((x) => x.row === row)) {
      const column = p.columnIndex !== undefined ? (table.headers[p.columnIndex] ?? `Column ${columnLetter(p.columnIndex)}`) : '';
      const value = p.columnIndex !== undefined ? (raw[p.columnIndex] ?? '') : '';
      work.issues.push({ column, value, code: 'unreadable-row', message: `Row ${row}${column ? `, column "${column}"` : ''}: ${p.message}`, keepMeans: 'imported as the cells were split' });
    }
    const decision = decisions.rows?.[row];
    const item = readRow(cells, work);
    if (item && decision?.action === 'keep' && decision.id) item.id = decision.id.trim();
    drafts.push({ row, item, work });
  }
  // Rows sharing an id all get an issue while two or more of them are not skipped; once all but one
  // are skipped the one left is settled, and the skipped ones keep theirs (decided by the skip) so they
  // stay listed and the skip can be changed.
  const skipped = (row: number) => decisions.rows?.[row]?.action === 'skip';
  const byId = new Map<string, number[]>();
  for (const d of drafts) {
    if (!d.item || d.item.id === '') continue;
    byId.set(d.item.id, [...(byId.get(d.item.id) ?? []), d.row]);
  }
  for (const d of drafts) {
    if (!d.item) continue;
    const rows = byId.get(d.item.id);
    const active = rows ? rows.filter((r) => !skipped(r)).length : 0;
    if (rows && rows.length > 1 && (active > 1 || skipped(d.row))) {
      d.work.issues.push({
        column: idColumn === undefined ? '' : table.headers[idColumn],
        value: d.item.id,
        code: 'duplicate-id',
        message: `Row ${d.row}: ${what} id ${quote(d.item.id)} is also on row ${rows.filter((x) => x !== d.row).join(', ')}. Keep one row and skip the others, or give this row another id.`,
        keepMeans: 'needs the other rows with this id skipped or given other ids',
      });
    }
  }
  const items: T[] = [];
  const issues: ImportIssue[] = [];
  const pending: number[] = [];
  const skippedRows: number[] = [];
  for (const d of drafts) {
    const decision = decisions.rows?.[d.row];
    let open = false;
    for (const i of d.work.issues) {
      const decided =
        decision?.action === 'skip' ||
        (decision?.action === 'keep' && i.code !== 'duplicate-id' && (i.code !== 'missing-id' || (decision.id ?? '').trim() !== ''));
      if (!decided) open = true;
      issues.push({ row: d.row, ...i, decided });
    }
    if (decision?.action === 'skip') skippedRows.push(d.row);
    else if (open || !d.item) pending.push(d.row);
    else items.push(d.item);
  }
  const columnNames: Record<string, string> = {};
  const usedIdx = new Set<number>();
  for (const [f, i] of columns) {
    columnNames[f] = table.headers[i];
    usedIdx.add(i);
  }
  return {
    items,
    issues,
    pending,
    skippedRows,
    blankRows,
    columns: columnNames,
    unusedColumns: table.headers.filter((_, i) => !usedIdx.has(i)),
    complete: pending.length === 0,
  };
}

/** Reads a whole number cell; pushes an issue and returns undefined when it is not one. */
function intCell(v: string, min: number, work: RowWork, column: string, field: string): number | undefined {
  if (v === '') return undefined;
  if (!/^[-+]?\d+(\.0+)?$/.test(v) || Number(v) < min) {
    work.issues.push({
      column,
      value: v,
      code: 'bad-value',
      message: `Row ${work.row}, column "${column}": ${quote(v)} is not a whole number${min > 0 ? ` of at least ${min}` : min === 0 ? ' of 0 or more' : ''}, which ${field} must be.`,
      keepMeans: `imported without ${field}`,
    });
    return undefined;
  }
  return Number(v);
}

/** The course list as a table in the export (and template) layout; empty optional columns are kept so the layout never changes. */
export function coursesTable(courses: readonly Course[]): SheetRows {
  const rows: SheetRows = [COURSE_COLUMNS.map(([, h]) => h)];
  for (const c of courses) {
    rows.push(
      COURSE_COLUMNS.map(([f]) => {
        const v = c[f];
        if (v === undefined) return null;
        if (Array.isArray(v)) return v.join('; ');
        return v as string | number;
      }),
    );
  }
  return rows;
}

/**
 * Courses from a course-list table. Required: an id and a maximum group size (an id alone gets an issue
 * asking for the size); the name defaults to the id. Kinds are matched case-insensitively ("btec").
 */
export function importCourses(table: Table, decisions: ImportDecisions = {}): ListImportResult<Course> {
  const columns = recogniseColumns(table.headers, COURSE_COLUMNS);
  const idCol = columns.get('id');
  return runList<Course>(table, idCol, columns, decisions, 'course', (cells, work) => {
    const get = (f: CourseField) => {
      const i = columns.get(f);
      return i === undefined ? '' : cells[i];
    };
    const header = (f: CourseField) => {
      const i = columns.get(f);
      return i === undefined ? (COURSE_COLUMNS.find((c) => c[0] === f)?.[1] ?? f) : table.headers[i];
    };
    const id = get('id');
    if (id === '') {
      work.issues.push({ column: header('id'), value: '', code: 'missing-id', message: `Row ${work.row}, column "${header('id')}": no course id. Give the course a short code (such as HIS) or skip the row.`, keepMeans: 'needs an id to be given' });
    }
    const course: Course = { id, name: get('name') || id, maxGroupSize: 0 };
    const max = intCell(get('maxGroupSize'), 1, work, header('maxGroupSize'), 'the maximum group size');
    if (max === undefined && get('maxGroupSize') === '') {
      work.issues.push({
        column: header('maxGroupSize'),
        value: '',
        code: 'bad-value',
        message: `Row ${work.row}, column "${header('maxGroupSize')}": course ${quote(id)} has no maximum group size. Maybe 30 (20 for practical subjects)? Keep it to use 30.`,
        keepMeans: 'imported with a maximum group size of 30',
      });
    }
    course.maxGroupSize = max ?? 30;
    const kindText = get('kind');
    if (kindText !== '') {
      const k = KINDS.find((x) => x.toLowerCase() === kindText.toLowerCase().replace(/[^a-z]/g, ''));
      if (k) course.kind = k;
      else {
        work.issues.push({ column: header('kind'), value: kindText, code: 'bad-value', message: `Row ${work.row}, column "${header('kind')}": kind ${quote(kindText)} is not one of ${KINDS.join(', ')}. Maybe Other?`, keepMeans: 'imported as GCSE (the default kind)' });
      }
    }
    const ints: [CourseField, number][] = [['minGroupSize', 0], ['minGroups', 0], ['maxGroups', 0], ['maxGroupsPerBlock', 1], ['places', 0]];
    for (const [f, min] of ints) {
      const v = intCell(get(f), min, work, header(f), f);
      if (v !== undefined) (course as Record<string, unknown>)[f] = v;
    }
    const span = intCell(get('span'), 1, work, header('span'), 'span');
    if (span === 1 || span === 2) course.span = span;
    else if (span !== undefined) work.issues.push({ column: header('span'), value: get('span'), code: 'bad-value', message: `Row ${work.row}, column "${header('span')}": span ${span} must be 1 or 2 (blocks one group occupies).`, keepMeans: 'imported with span 1' });
    if (get('blocks')) course.blocks = splitList(get('blocks'));
    if (get('years')) {
      const years = splitList(get('years')).map((y) => y.replace(/^y(ear)?\s*/i, ''));
      if (years.every((y) => /^\d+$/.test(y))) course.years = years.map(Number);
      else work.issues.push({ column: header('years'), value: get('years'), code: 'bad-value', message: `Row ${work.row}, column "${header('years')}": ${quote(get('years'))} is not a list of years such as "10; 11".`, keepMeans: 'imported for all years' });
    }
    for (const f of ['roomType', 'site', 'department', 'discountCode'] as const) if (get(f)) course[f] = get(f);
    if (get('rooms')) course.rooms = splitList(get('rooms'));
    if (get('tags')) course.tags = splitList(get('tags'));
    return course;
  });
}

type StaffField = 'id' | 'name' | 'courses' | 'maxGroups' | 'unavailable';
const STAFF_COLUMNS: [StaffField, string, string[]][] = [
  ['id', 'Staff ID', ['staff id', 'id', 'code', 'staff code', 'initials']],
  ['name', 'Name', ['name', 'teacher', 'staff name', 'full name']],
  ['courses', 'Courses', ['courses', 'subjects', 'teaches', 'can teach']],
  ['maxGroups', 'Max groups', ['max groups', 'maximum groups', 'groups']],
  ['unavailable', 'Unavailable', ['unavailable', 'not available', 'absent', 'part time blocks']],
];

/** "A; C Y11" for unavailability in block A (every year) and block C in Year 11. */
function unavailableText(u: readonly Unavailability[] | undefined): string | null {
  if (!u || u.length === 0) return null;
  return u.map((x) => (x.year === undefined ? x.block : `${x.block} Y${x.year}`)).join('; ');
}

export function staffTable(staff: readonly Staff[]): SheetRows {
  const rows: SheetRows = [STAFF_COLUMNS.map(([, h]) => h)];
  for (const t of staff) rows.push([t.id, t.name ?? null, t.courses.join('; '), t.maxGroups ?? null, unavailableText(t.unavailable)]);
  return rows;
}

/**
 * Staff from a staff-list table. The courses column may hold ids or names (matched as choices are,
 * with near misses suggested; kept as written while the scenario has no courses yet); unavailability is "A; C Y11" or "C Year 11", blocks checked against the
 * scenario's blocks.
 */
export function importStaff(
  table: Table,
  context: { courses: readonly Course[]; blocks: readonly string[] },
  decisions: ImportDecisions = {},
): ListImportResult<Staff> {
  const columns = recogniseColumns(table.headers, STAFF_COLUMNS);
  const matcher = new CourseMatcher(context.courses, decisions.courseAliases ?? {});
  return runList<Staff>(table, columns.get('id'), columns, decisions, 'staff', (cells, work) => {
    const get = (f: StaffField) => {
      const i = columns.get(f);
      return i === undefined ? '' : cells[i];
    };
    const header = (f: StaffField) => {
      const i = columns.get(f);
      return i === undefined ? (STAFF_COLUMNS.find((c) => c[0] === f)?.[1] ?? f) : table.headers[i];
    };
    const id = get('id');
    if (id === '') work.issues.push({ column: header('id'), value: '', code: 'missing-id', message: `Row ${work.row}, column "${header('id')}": no staff id. Give the teacher a code (such as their initials) or skip the row.`, keepMeans: 'needs an id to be given' });
    const t: Staff = { id, courses: [] };
    if (get('name')) t.name = get('name');
    for (const text of splitList(get('courses'))) {
      if (context.courses.length === 0) {
        // No course list yet (a new school importing staff first): the subjects are kept as written and
        // checked, and matched to course ids, when the course list comes in.
        if (!t.courses.includes(text)) t.courses.push(text);
        continue;
      }
      const m = matcher.match(text);
      if (m.courseId !== null) {
        if (!t.courses.includes(m.courseId)) t.courses.push(m.courseId);
      } else if (m.how !== 'ignored') {
        const s: CourseSuggestion[] = m.suggestions;
        work.issues.push({
          column: header('courses'),
          value: text,
          code: 'unknown-course',
          message: `Row ${work.row}, column "${header('courses')}": ${quote(text)} is not a course in this scenario.${s.length ? ` Maybe ${s.map((x) => `${x.name} (${x.courseId})`).join(' or ')}?` : ''}`,
          keepMeans: 'imported without this course',
          suggestions: s,
        });
      }
    }
    const mg = intCell(get('maxGroups'), 0, work, header('maxGroups'), 'the most groups');
    if (mg !== undefined) t.maxGroups = mg;
    const un = readUnavailable(get('unavailable'), context.blocks, work, header('unavailable'));
    if (un.length > 0) t.unavailable = un;
    return t;
  });
}

/** "A; C Y11" or "C Year 11" as unavailability, blocks checked against the scenario's; a bad block is an issue. */
function readUnavailable(text: string, blocks: readonly string[], work: RowWork, column: string): Unavailability[] {
  const un: Unavailability[] = [];
  for (const part of splitList(text)) {
    const m = /^(.+?)(?:\s+(?:y|year)\s*(\d+))?$/i.exec(part);
    const block = m?.[1].trim() ?? part;
    if (!blocks.includes(block)) {
      work.issues.push({
        column,
        value: part,
        code: 'bad-value',
        message: `Row ${work.row}, column "${column}": block ${quote(block)} is not one of the scenario's blocks (${blocks.join(', ')}). Write blocks as "A; C Y11".`,
        keepMeans: 'imported without this unavailability',
      });
      continue;
    }
    un.push(m?.[2] !== undefined ? { block, year: Number(m[2]) } : { block });
  }
  return un;
}

type RoomField = 'id' | 'name' | 'type' | 'capacity' | 'unavailable';
const ROOM_COLUMNS: [RoomField, string, string[]][] = [
  ['id', 'Room ID', ['room id', 'room', 'room code', 'room number', 'room no', 'code', 'id', 'number']],
  ['name', 'Name', ['name', 'room name', 'description']],
  ['type', 'Type', ['type', 'room type', 'kind', 'category', 'use']],
  ['capacity', 'Capacity', ['capacity', 'seats', 'size', 'places', 'max', 'max students', 'spaces']],
  ['unavailable', 'Unavailable', ['unavailable', 'not available', 'not free', 'not free in blocks', 'busy', 'in use']],
];

export function roomsTable(rooms: readonly Room[]): SheetRows {
  const rows: SheetRows = [ROOM_COLUMNS.map(([, h]) => h)];
  for (const r of rooms) rows.push([r.id, r.name ?? null, r.type, r.capacity, unavailableText(r.unavailable)]);
  return rows;
}

/**
 * Rooms from a room-list table: an id, a type (the word courses name as their room type: lab, art,
 * Food), a capacity, and the blocks it is not free ("A; C Y11"). A row without a type or capacity gets an
 * issue; kept, it becomes a classroom of 30.
 */
export function importRooms(table: Table, context: { blocks: readonly string[] }, decisions: ImportDecisions = {}): ListImportResult<Room> {
  const columns = recogniseColumns(table.headers, ROOM_COLUMNS);
  return runList<Room>(table, columns.get('id'), columns, decisions, 'room', (cells, work) => {
    const get = (f: RoomField) => {
      const i = columns.get(f);
      return i === undefined ? '' : cells[i];
    };
    const header = (f: RoomField) => {
      const i = columns.get(f);
      return i === undefined ? (ROOM_COLUMNS.find((c) => c[0] === f)?.[1] ?? f) : table.headers[i];
    };
    const id = get('id');
    if (id === '') work.issues.push({ column: header('id'), value: '', code: 'missing-id', message: `Row ${work.row}, column "${header('id')}": no room id. Give the room its number or code (such as S12) or skip the row.`, keepMeans: 'needs an id to be given' });
    const room: Room = { id, type: get('type'), capacity: 30 };
    if (get('name')) room.name = get('name');
    if (room.type === '') {
      room.type = 'classroom';
      work.issues.push({ column: header('type'), value: '', code: 'bad-value', message: `Row ${work.row}, column "${header('type')}": room ${quote(id)} has no type. Courses ask for rooms by type (lab, art, Food). Keep it to make it a classroom.`, keepMeans: 'imported as a classroom' });
    }
    const cap = intCell(get('capacity'), 1, work, header('capacity'), 'the capacity');
    if (cap === undefined && get('capacity') === '') {
      work.issues.push({ column: header('capacity'), value: '', code: 'bad-value', message: `Row ${work.row}, column "${header('capacity')}": room ${quote(id)} has no capacity. Keep it to use 30.`, keepMeans: 'imported with a capacity of 30' });
    }
    room.capacity = cap ?? 30;
    const un = readUnavailable(get('unavailable'), context.blocks, work, header('unavailable'));
    if (un.length > 0) room.unavailable = un;
    return room;
  });
}

/** Which column holds each field of a course, staff or room list, recognised by header text (for telling files apart). */
export function listColumns(kind: 'courses' | 'staff' | 'rooms', headers: readonly string[]): Map<string, number> {
  return kind === 'courses' ? recogniseColumns(headers, COURSE_COLUMNS) : kind === 'staff' ? recogniseColumns(headers, STAFF_COLUMNS) : recogniseColumns(headers, ROOM_COLUMNS);
}
