/**
 * Students and their choices from a school's file (Microsoft or Google Forms export, SIMS/Arbor/Bromcom
 * report, a hand-kept spreadsheet), through a column mapping, into the scenario's Student documents.
 *
 * Nothing is dropped silently: every row that cannot be read as it stands becomes an ImportIssue with
 * its row number (as a spreadsheet shows it), the column, the value and the reason, plus what the user
 * may decide. Until every issue has a decision the import is not complete; rows with undecided issues
 * are left out of `students` and counted in `pending`. Decisions are plain data, so the wizard can
 * re-run the import after each answer (it takes milliseconds for thousands of rows).
 */
import type { Course, Pathway, Student } from '../../solver/types';
import { CourseMatcher, normaliseCourseText, type CourseMatch, type CourseSuggestion } from './match';
import { hasChoiceColumns, type AttributeType, type StudentMapping } from './mapping';
import { cellText, columnLetter, readTable, type ReadTableOptions, type Table } from './table';

/**
 * The user's answer for one row. `skip`: leave the row out. `keep`: import it without the parts that
 * could not be read (an unknown course, a repeated course, a bad attribute value), under `id` when given
 * (needed when the row has no id or shares one).
 */
export type RowDecision = { action: 'skip' } | { action: 'keep'; id?: string };

export interface ImportDecisions {
  /** Normalised course text -> course id, or '' to ignore that text everywhere (see normaliseCourseText). */
  courseAliases?: Record<string, string>;
  /** Row number -> decision. */
  rows?: Record<number, RowDecision>;
}

export type IssueCode =
  | 'unreadable-row'
  | 'extra-cells'
  | 'missing-id'
  | 'duplicate-id'
  | 'unknown-course'
  | 'repeated-course'
  | 'reserve-is-choice'
  | 'no-choices'
  | 'few-choices'
  | 'unknown-pathway'
  | 'bad-value'
  | 'not-utf8';

/** One row of a pupil who appears more than once, in full, for the user to choose between. */
export interface DuplicateRow {
  row: number;
  /** Every cell of the row under its header, in file order. */
  cells: [string, string][];
  /** The form's submission time as written in the file, when there is a timestamp column. */
  timestamp?: string;
  /** True for the row imported (by default the later submission). */
  kept: boolean;
}

export interface DuplicateGroup {
  id: string;
  rows: DuplicateRow[];
  /** The later submission, kept when the user has not chosen; null when the timestamps do not tell (no timestamp column, or the same time), and the user must choose. */
  later: number | null;
}

export interface ImportIssue {
  /** 1-based row number as a spreadsheet shows the file. */
  row: number;
  /** Header text of the column, or '' for the row as a whole. */
  column: string;
  value: string;
  code: IssueCode;
  /** Names what and where, then a hint. */
  message: string;
  /** What `keep` does to this issue, in plain words ("imported without this choice"). */
  keepMeans: string;
  /** For unknown courses: the near misses, best first. */
  suggestions?: CourseSuggestion[];
  /** True once a decision settles it. */
  decided: boolean;
  /** A notice, not a problem: the row is imported as it stands unless the user skips it (fewer choices than asked for, a duplicate settled by keeping the later submission). */
  notice?: boolean;
  /** For a duplicated pupil: every row with the id, in full. */
  duplicates?: DuplicateRow[];
}

export interface CourseTextSummary extends CourseMatch {
  /** Cells holding this text. */
  count: number;
  /** The first few rows it appears in. */
  rows: number[];
}

export interface StudentImportResult {
  students: Student[];
  /** Every issue, decided or not, in row order. */
  issues: ImportIssue[];
  /** Rows imported as they stand but worth a look, in row order: fewer choices than asked for, a pupil on several rows with the later submission kept. */
  notices: ImportIssue[];
  /** Rows whose issues are not all decided: left out of `students` until they are. */
  pending: number[];
  /** Rows left out by a `skip` decision. */
  skippedRows: number[];
  /** Rows with nothing in them (not issues: there is nothing to lose). */
  blankRows: number[];
  /** Every distinct course text found, matched or not: unmatched first, then by how often it appears. */
  courseTexts: CourseTextSummary[];
  /** The type each attribute column was read as (after 'auto' was resolved). */
  attributeTypes: Record<string, Exclude<AttributeType, 'auto'>>;
  /** Data rows in the file (blank ones included). */
  rowsRead: number;
  /** True when every issue is decided: `students` is then the whole import. */
  complete: boolean;
  /** How many choices a pupil is asked for when their pathway does not say: the most common count in the file. */
  expectedChoices: number;
  /** Rows of pupils with fewer choices than their pathway (or the file's usual count) asks for. */
  fewChoices: number[];
  /** Pupils on more than one row, with every row in full. */
  duplicates: DuplicateGroup[];
  /**
   * True when the mapping names no choice column: a student list from the MIS before the options round.
   * Every student is imported with no choices, and no row is reported for having none (see noChoiceColumnsNotice).
   */
  withoutChoiceColumns: boolean;
}

/**
 * What the wizard says about a student list with no choice columns, with the count of students it adds.
 * Plain words for a timetabler: the students can still choose, online or by a later import.
 */
export function noChoiceColumnsNotice(students: number): string {
  const who = students === 1 ? 'the 1 student is' : `the ${students} students are`;
  return `No choice columns: ${who} added without choices. They can choose online in an options round (Student preview → Options round), or import their choices later.`;
}

export interface StudentImportContext {
  courses: readonly Course[];
  pathways?: readonly Pathway[];
}

const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The type an 'auto' attribute column is read as: numbers if every value is one (and none has a leading zero, like "007"), yes/no if every value is a yes/no word, else text. */
export function inferAttributeType(values: readonly string[]): Exclude<AttributeType, 'auto'> {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'text';
  if (present.every((v) => NUMBER.test(v) && !/^[-+]?0\d/.test(v))) return 'number';
  if (present.every((v) => YES.has(v.toLowerCase()) || NO.has(v.toLowerCase()))) return 'yes/no';
  return 'text';
}

/** Splits a single "choices" cell: semicolons (Microsoft Forms), line breaks, else commas. */
export function splitChoiceList(text: string): string[] {
  const sep = /[;\n\r|]/.test(text) ? /[;\n\r|]+/ : /,/;
  return text
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function quote(v: string): string {
  return `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;
}

function describeSuggestions(s: CourseSuggestion[]): string {
  if (s.length === 0) return '';
  const parts = s.map((x) => (x.name === x.courseId ? x.courseId : `${x.name} (${x.courseId})`));
  return ` Maybe ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`}?`;
}

interface RowIssue {
  column: string;
  value: string;
  code: IssueCode;
  message: string;
  keepMeans: string;
  suggestions?: CourseSuggestion[];
  duplicates?: DuplicateRow[];
}

/**
 * Reads students from a table through a mapping. Pure and synchronous; see the file comment for the
 * rules. `decisions` carries the user's answers from earlier runs.
 */
export function importStudents(
  table: Table,
  mapping: StudentMapping,
  context: StudentImportContext,
  decisions: ImportDecisions = {},
): StudentImportResult {
  const col = new Map<string, number>();
  table.headers.forEach((h, i) => col.set(h, i));
  const at = (row: readonly string[], header: string | undefined): string => {
    if (header === undefined) return '';
    const i = col.get(header);
    return i === undefined ? '' : cellText(row[i]);
  };
  const matcher = new CourseMatcher(context.courses, decisions.courseAliases ?? {});
  const rowDecisions = decisions.rows ?? {};
  // A student list with no choice columns at all: "has no choices" is true of every row and says nothing.
  const withoutChoiceColumns = !hasChoiceColumns(mapping);

  const pathwayByKey = new Map<string, string>();
  for (const p of context.pathways ?? []) pathwayByKey.set(p.id, p.id);
  for (const p of context.pathways ?? []) {
    for (const k of [normaliseCourseText(p.id), normaliseCourseText(p.name)]) if (k && !pathwayByKey.has(k)) pathwayByKey.set(k, p.id);
  }

  // Resolve 'auto' attribute types over the whole column, so one column gives one type.
  // Attribute names are the school's column names, data: no prototype, so __proto__ or toString is an own key.
  const attributeTypes: Record<string, Exclude<AttributeType, 'auto'>> = Object.create(null);
  for (const a of mapping.attributes) {
    attributeTypes[a.name] = a.type === 'auto' ? inferAttributeType(table.rows.map((r) => at(r, a.column))) : a.type;
  }

  const problemsByRow = new Map<number, Table['rowProblems']>();
  for (const p of table.rowProblems) {
    const list = problemsByRow.get(p.row) ?? [];
    list.push(p);
    problemsByRow.set(p.row, list);
  }

  const texts = new Map<string, CourseTextSummary>();
  const noteText = (m: CourseMatch, row: number) => {
    let s = texts.get(m.key);
    if (!s) {
      s = { ...m, count: 0, rows: [] };
      texts.set(m.key, s);
    }
    s.count++;
    if (s.rows.length < 5 && !s.rows.includes(row)) s.rows.push(row);
  };

  interface Draft {
    row: number;
    cells: readonly string[];
    student: Student;
    issues: RowIssue[];
    decision: RowDecision | undefined;
    /** Choice texts found (courses or not, placeholders left out). */
    choiceCount: number;
    timestamp: string;
  }
  const drafts: Draft[] = [];
  const blankRows: number[] = [];
  const width = table.headers.length;

  for (let r = 0; r < table.rows.length; r++) {
    const cells = table.rows[r];
    const rowNo = table.rowNumbers[r];
    if (cells.every((c) => (c ?? '').trim() === '') && !problemsByRow.has(rowNo)) {
      blankRows.push(rowNo);
      continue;
    }
    const issues: RowIssue[] = [];
    for (const p of problemsByRow.get(rowNo) ?? []) {
      const column = p.columnIndex !== undefined ? (table.headers[p.columnIndex] ?? `Column ${columnLetter(p.columnIndex)}`) : '';
      const value = p.columnIndex !== undefined ? (cells[p.columnIndex] ?? '') : '';
      issues.push({
        column,
        value,
        code: 'unreadable-row',
        message: `Row ${rowNo}${column ? `, column "${column}"` : ''}: ${p.message}`,
        keepMeans: 'imported as the cells were split',
      });
    }
    const extra = cells.slice(width).map((c) => (c ?? '').trim()).filter((c) => c !== '');
    if (extra.length > 0) {
      issues.push({
        column: '',
        value: extra.join(', '),
        code: 'extra-cells',
        message: `Row ${rowNo} has ${extra.length} filled cell(s) to the right of the last header (${extra.map(quote).join(', ')}). Maybe a comma inside a name split a cell in two, or a column has no header?`,
        keepMeans: 'imported without the cells beyond the last header',
      });
    }

    const decision = rowDecisions[rowNo];
    const idCell = at(cells, mapping.id);
    const id = decision?.action === 'keep' && decision.id !== undefined && decision.id.trim() !== '' ? decision.id.trim() : idCell;
    if (idCell === '' && id === '') {
      issues.push({
        column: mapping.id ?? '',
        value: '',
        code: 'missing-id',
        message: `Row ${rowNo}${mapping.id ? `, column "${mapping.id}"` : ''}: no student id. Every student needs one. Maybe the form was filled in without signing in? Give the row an id or skip it.`,
        keepMeans: 'needs an id to be given',
      });
    }
    const student: Student = { id, choices: [] };
    const first = at(cells, mapping.firstName);
    const last = at(cells, mapping.lastName);
    const preferred = at(cells, mapping.preferredName);
    const name = mapping.name !== undefined && at(cells, mapping.name) !== '' ? at(cells, mapping.name) : [preferred || first, last].filter((s) => s !== '').join(' ');
    if (name !== '') student.name = name;
    // Identity as the MIS holds it, each only when its column is mapped and filled.
    const identity: [keyof Student & string, string | undefined][] = [
      ['surname', mapping.lastName],
      ['forename', mapping.firstName],
      ['preferredName', mapping.preferredName],
      ['upn', mapping.upn],
      ['admissionNumber', mapping.admissionNumber],
      ['regGroup', mapping.regGroup],
    ];
    for (const [field, column] of identity) {
      const v = at(cells, column);
      if (v !== '') student[field] = v;
    }

    // Choices, then reserves, as [column, text] in preference order.
    const gather = (columns: string[], list: string | undefined): [string, string][] => {
      const out: [string, string][] = [];
      for (const h of columns) {
        const v = at(cells, h);
        if (v !== '') out.push([h, v]);
      }
      if (list !== undefined) for (const v of splitChoiceList(at(cells, list))) out.push([list, v]);
      return out;
    };
    const readCourses = (items: [string, string][], kind: 'choice' | 'reserve', taken: Set<string>): string[] => {
      const ids: string[] = [];
      for (const [h, text] of items) {
        const m = matcher.match(text);
        noteText(m, rowNo);
        if (m.how === 'ignored') continue;
        if (m.courseId === null) {
          issues.push({
            column: h,
            value: text,
            code: 'unknown-course',
            message: `Row ${rowNo}, column "${h}": ${quote(text)} is not a course in this scenario.${describeSuggestions(m.suggestions)} Choose the course it means, or keep the row without this ${kind}.`,
            keepMeans: `imported without this ${kind}`,
            suggestions: m.suggestions,
          });
          continue;
        }
        if (taken.has(m.courseId)) {
          const asChoice = kind === 'reserve' && student.choices.includes(m.courseId);
          issues.push({
            column: h,
            value: text,
            code: asChoice ? 'reserve-is-choice' : 'repeated-course',
            message: asChoice
              ? `Row ${rowNo}, column "${h}": reserve ${quote(text)} (${m.courseId}) is also one of this student's choices. A reserve should be a different course.`
              : `Row ${rowNo}, column "${h}": ${quote(text)} (${m.courseId}) is chosen twice. Maybe the student meant a different course here?`,
            keepMeans: `imported without the repeated ${kind}`,
          });
          continue;
        }
        taken.add(m.courseId);
        ids.push(m.courseId);
      }
      return ids;
    };
    const taken = new Set<string>();
    const choiceItems = gather(mapping.choices, mapping.choicesList);
    student.choices = readCourses(choiceItems, 'choice', taken);
    const reserves = readCourses(gather(mapping.reserves, mapping.reservesList), 'reserve', taken);
    if (reserves.length > 0) student.reserves = reserves;
    if (!withoutChoiceColumns && choiceItems.every(([, t]) => matcher.match(t).how === 'ignored')) {
      const where = mapping.choicesList ?? mapping.choices[0] ?? '';
      issues.push({
        column: where,
        value: '',
        code: 'no-choices',
        message: `Row ${rowNo}${where ? `, column "${where}"` : ''}: student ${id ? quote(id) : ''} has no choices. Maybe the form was not finished? Keep the student without choices or skip the row.`.replace(' student  has', ' the student has'),
        keepMeans: 'imported with no choices',
      });
    }

    const pathwayText = at(cells, mapping.pathway);
    if (pathwayText !== '') {
      const p = pathwayByKey.get(pathwayText) ?? pathwayByKey.get(normaliseCourseText(pathwayText));
      if (p !== undefined) student.pathway = p;
      else {
        const known = (context.pathways ?? []).map((x) => x.id);
        issues.push({
          column: mapping.pathway!,
          value: pathwayText,
          code: 'unknown-pathway',
          message: `Row ${rowNo}, column "${mapping.pathway}": pathway ${quote(pathwayText)} is not in this scenario${known.length ? ` (its pathways are ${known.join(', ')})` : ', which has no pathways yet'}. Maybe add it to the scenario first?`,
          keepMeans: 'imported without a pathway',
        });
      }
    }

    const attributes: Record<string, string | number | boolean> = Object.create(null);
    const tutor = at(cells, mapping.tutorGroup);
    if (tutor !== '') attributes.tutorGroup = tutor;
    for (const a of mapping.attributes) {
      const v = at(cells, a.column);
      if (v === '') continue;
      const type = attributeTypes[a.name];
      if (type === 'text') attributes[a.name] = v;
      else if (type === 'number') {
        if (NUMBER.test(v)) attributes[a.name] = Number(v);
        else {
          issues.push({
            column: a.column,
            value: v,
            code: 'bad-value',
            message: `Row ${rowNo}, column "${a.column}": ${quote(v)} is not a number, but attribute "${a.name}" is read as numbers. Maybe read the column as text?`,
            keepMeans: `imported without attribute "${a.name}"`,
          });
        }
      } else {
        const k = v.toLowerCase();
        if (YES.has(k)) attributes[a.name] = true;
        else if (NO.has(k)) attributes[a.name] = false;
        else {
          issues.push({
            column: a.column,
            value: v,
            code: 'bad-value',
            message: `Row ${rowNo}, column "${a.column}": ${quote(v)} is not yes or no, but attribute "${a.name}" is read as yes/no. Maybe read the column as text?`,
            keepMeans: `imported without attribute "${a.name}"`,
          });
        }
      }
    }
    if (Object.keys(attributes).length > 0) student.attributes = attributes;
    const choiceCount = choiceItems.filter(([, t]) => matcher.match(t).how !== 'ignored').length;
    drafts.push({ row: rowNo, cells, student, issues, decision, choiceCount, timestamp: at(cells, mapping.timestamp) });
  }

  // Fewer choices than asked for: the pupil's pathway says how many, else the count most rows have
  // (the larger on a tie). Listed as a notice: the pupil is imported as they stand, not dropped.
  const counts = new Map<number, number>();
  for (const d of drafts) if (d.choiceCount > 0) counts.set(d.choiceCount, (counts.get(d.choiceCount) ?? 0) + 1);
  let expectedChoices = 0;
  for (const [n, c] of counts) if (c > (counts.get(expectedChoices) ?? 0) || (c === (counts.get(expectedChoices) ?? 0) && n > expectedChoices)) expectedChoices = n;
  const pathwayChoices = new Map((context.pathways ?? []).filter((p) => typeof p.choices === 'number').map((p) => [p.id, p.choices as number]));
  const fewChoices: number[] = [];
  for (const d of drafts) {
    const asked = (d.student.pathway !== undefined ? pathwayChoices.get(d.student.pathway) : undefined) ?? expectedChoices;
    if (d.choiceCount === 0 || d.choiceCount >= asked) continue;
    fewChoices.push(d.row);
    const where = d.student.pathway !== undefined && pathwayChoices.has(d.student.pathway) ? `pathway ${d.student.pathway} asks for ${asked}` : `most pupils in the file have ${asked}`;
    d.issues.push({
      column: mapping.choicesList ?? mapping.choices[d.choiceCount] ?? mapping.choices[0] ?? '',
      value: String(d.choiceCount),
      code: 'few-choices',
      message: `Row ${d.row}: ${d.student.name ? `${d.student.name} (${d.student.id})` : `student ${quote(d.student.id)}`} made ${d.choiceCount} choice${d.choiceCount === 1 ? '' : 's'}, but ${where}. Maybe the form was sent before it was finished? Imported with the choices given; ask the pupil for the rest.`,
      keepMeans: 'imported with the choices given',
    });
  }

  // Duplicate ids: every row sharing an id gets an issue while two or more of them are not skipped;
  // once all but one are skipped (or given other ids) the one left is settled, and the skipped ones keep
  // their issue (decided by the skip), so they stay listed and the user can change their mind.
  const byId = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.student.id === '') continue;
    const list = byId.get(d.student.id) ?? [];
    list.push(d);
    byId.set(d.student.id, list);
  }
  // A pupil on several rows (a form sent twice): when the form's timestamps tell which submission is the
  // later and the user has decided none of the rows, the later is kept and the others skipped; every row
  // stays listed in full so the user can keep another instead. Without timestamps that tell (an MIS
  // export with an admission number twice is a data error, not a second submission) the user decides.
  const order = timestampOrder(drafts.map((d) => d.timestamp));
  const when = new Map(drafts.map((d, i) => [d, order[i]]));
  const duplicates: DuplicateGroup[] = [];
  const defaultSkip = new Set<Draft>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    const times = list.map((d) => when.get(d));
    const latest = Math.max(...times.map((t) => t ?? -Infinity));
    const tells = times.every((t) => t !== undefined) && times.filter((t) => t === latest).length === 1;
    const later = tells ? list[times.indexOf(latest)] : null;
    // A keep given in bulk (for another problem on the row) does not choose between the rows; a skip, or a keep under a new id, does.
    const chosen = list.some((d) => d.decision?.action === 'skip' || (d.decision?.action === 'keep' && d.decision.id !== undefined && d.decision.id.trim() !== ''));
    const undecided = later !== null && !chosen;
    if (undecided) for (const d of list) if (d !== later) defaultSkip.add(d);
    const anyDecided = list.some((d) => d.decision !== undefined);
    const isKept = (d: Draft) => (undecided ? d === later : anyDecided && d.decision?.action !== 'skip');
    const full: DuplicateRow[] = list.map((d) => ({
      row: d.row,
      cells: table.headers.map((h, i): [string, string] => [h, cellText(d.cells[i])]),
      ...(d.timestamp !== '' ? { timestamp: d.timestamp } : {}),
      kept: isKept(d),
    }));
    duplicates.push({ id, rows: full, later: later?.row ?? null });
    const rows = list.map((d) => d.row);
    const active = list.filter((d) => d.decision?.action !== 'skip' && !defaultSkip.has(d)).length;
    for (const d of list) {
      if (active < 2 && isKept(d) && !undecided) continue;
      const stamp = (x: Draft) => (x.timestamp !== '' ? ` (sent ${x.timestamp})` : '');
      const others = list.filter((x) => x !== d).map((x) => `${x.row}${stamp(x)}`).join(', ');
      d.issues.push({
        column: mapping.id ?? '',
        value: id,
        code: 'duplicate-id',
        message: undecided
          ? `Row ${d.row}${stamp(d)}, column "${mapping.id}": student ${quote(id)} is also on row${rows.length > 2 ? 's' : ''} ${others}. Maybe the form was sent twice? ${d === later ? 'This later submission is kept' : `The later submission (row ${later!.row}) is kept and this row skipped`}; keep another row instead if that one is right.`
          : `Row ${d.row}${stamp(d)}, column "${mapping.id}": student id ${quote(id)} is also on row${rows.length > 2 ? 's' : ''} ${others}. Maybe the student submitted the form twice? Keep one row and skip the other${rows.length > 2 ? 's' : ''}, or give this row another id.`,
        keepMeans: 'needs the other rows with this id skipped or given other ids',
        duplicates: full,
      });
    }
  }

  const students: Student[] = [];
  const issues: ImportIssue[] = [];
  const notices: ImportIssue[] = [];
  const pending: number[] = [];
  const skippedRows: number[] = [];
  for (const d of drafts) {
    const skip = d.decision?.action === 'skip' || defaultSkip.has(d);
    const keep = d.decision?.action === 'keep';
    // Only the rows of a pupil on several rows that the user has not decided: its duplicate issue is settled by default.
    const same = byId.get(d.student.id) ?? [];
    const settledDuplicate = same.length > 1 && same.some((x) => defaultSkip.has(x));
    let open = false;
    for (const i of d.issues) {
      let decided = skip;
      let notice = false;
      if (i.code === 'few-choices') {
        decided = true;
        notice = true;
      } else if (i.code === 'duplicate-id' && settledDuplicate) {
        decided = true;
        notice = true;
      } else if (keep) {
        if (i.code === 'missing-id') decided = d.student.id !== '';
        else if (i.code === 'duplicate-id') decided = false; // still shares its id with a row not skipped
        else decided = true;
      }
      if (!decided) open = true;
      if (notice) notices.push({ row: d.row, ...i, decided: true, notice });
      else issues.push({ row: d.row, ...i, decided });
    }
    if (skip) skippedRows.push(d.row);
    else if (open) pending.push(d.row);
    else {
      students.push(d.student);
    }
  }

  const encodingNotice = windows1252Notice(table);
  if (encodingNotice) {
    notices.push(encodingNotice);
    notices.sort((a, b) => a.row - b.row);
  }

  const courseTexts = [...texts.values()].sort((a, b) => {
    const ua = a.how === 'none' ? 0 : 1;
    const ub = b.how === 'none' ? 0 : 1;
    return ua - ub || b.count - a.count || a.key.localeCompare(b.key);
  });
  return {
    students,
    issues,
    notices,
    pending,
    skippedRows,
    blankRows,
    courseTexts,
    attributeTypes,
    rowsRead: table.rows.length,
    complete: pending.length === 0,
    expectedChoices,
    fewChoices,
    duplicates,
    withoutChoiceColumns,
  };
}

/**
 * Sortable times for a column of form timestamps, undefined where a cell cannot be read. ISO dates
 * ("2027-03-05 14:22:01", and .xlsx date cells, which table.ts writes as ISO) are read as they are.
 * "5/3/2027 14:22:01" is day first (as a UK Google Forms export writes it) unless some cell in the
 * column only makes sense month first ("3/25/27 9:05:40", a US-format Microsoft Forms export).
 */
export function timestampOrder(texts: readonly string[]): (number | undefined)[] {
  const SLASH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
  const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/;
  let monthFirst = false;
  for (const t of texts) {
    const m = SLASH.exec(t.trim());
    if (m && Number(m[2]) > 12 && Number(m[1]) <= 12) monthFirst = true;
  }
  return texts.map((raw) => {
    const t = raw.trim();
    if (t === '') return undefined;
    const iso = ISO.exec(t);
    if (iso) return Date.UTC(+iso[1], +iso[2] - 1, +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0));
    const m = SLASH.exec(t);
    if (!m) return undefined;
    const day = monthFirst ? +m[2] : +m[1];
    const month = monthFirst ? +m[1] : +m[2];
    const year = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    let hour = +(m[4] ?? 0);
    if (m[7]) hour = (hour % 12) + (m[7].toLowerCase() === 'pm' ? 12 : 0);
    return Date.UTC(year, month - 1, day, hour, +(m[5] ?? 0), +(m[6] ?? 0));
  });
}

/**
 * The whole import from file bytes in one call: read the table, apply the mapping and decisions.
 * This is the function the benchmark times for 5,000 students.
 */
export async function importStudentsFile(
  bytes: Uint8Array,
  fileName: string,
  mapping: StudentMapping,
  context: StudentImportContext,
  decisions: ImportDecisions = {},
  readOptions: ReadTableOptions = {},
): Promise<StudentImportResult & { table: Table }> {
  const table = await readTable(bytes, fileName, readOptions);
  return { ...importStudents(table, mapping, context, decisions), table };
}

export interface MergeOutcome {
  students: Student[];
  added: string[];
  updated: string[];
  removed: string[];
}

/**
 * Puts imported students into a cohort. `replace`: the import becomes the cohort (the ids no longer
 * there are listed in `removed`). `update`: a student already in the cohort takes the import's choices
 * and whatever else the import carries (name, reserves, pathway, attributes merged over the old ones),
 * keeping what the import does not (so a Forms export of choices does not wipe MIS attributes); new
 * students are added at the end in file order; students not in the import stay as they were.
 */
export function mergeStudents(existing: readonly Student[], imported: readonly Student[], mode: 'replace' | 'update'): MergeOutcome {
  const incoming = new Map(imported.map((s) => [s.id, s]));
  const old = new Set(existing.map((s) => s.id));
  if (mode === 'replace') {
    return {
      students: [...imported],
      added: imported.filter((s) => !old.has(s.id)).map((s) => s.id),
      updated: imported.filter((s) => old.has(s.id)).map((s) => s.id),
      removed: existing.filter((s) => !incoming.has(s.id)).map((s) => s.id),
    };
  }
  const updated: string[] = [];
  const students = existing.map((s) => {
    const n = incoming.get(s.id);
    if (!n) return s;
    updated.push(s.id);
    const merged: Student = { ...s, ...n };
    if (s.attributes || n.attributes) merged.attributes = { ...s.attributes, ...n.attributes };
    return merged;
  });
  const added = imported.filter((s) => !old.has(s.id));
  return { students: [...students, ...added], added: added.map((s) => s.id), updated, removed: [] };
}

export interface ImportMerge {
  students: Student[];
  /** Ids in the file and not in the cohort. */
  added: string[];
  /** Ids in both whose student the import changes. */
  changed: string[];
  /** Ids in both that the import leaves exactly as they were. */
  unchanged: string[];
  /** Ids in the cohort and not in the file, taken out (`removeMissing`). */
  removed: string[];
  /** Ids in the cohort and not in the file, kept as they were. */
  keptMissing: string[];
  /** True when the cohort is exactly as it was: `students` is then the very array given. */
  same: boolean;
}

function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => equalJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** "3 added, 1 changed, 206 unchanged" (and what happens to students not in the file). */
export function mergeCounts(m: ImportMerge): string {
  return (
    `${m.added.length} added, ${m.changed.length} changed, ${m.unchanged.length} unchanged` +
    (m.removed.length ? `, ${m.removed.length} removed (not in the file)` : '') +
    (m.keptMissing.length ? `; ${m.keptMissing.length} not in the file kept` : '')
  );
}

/** True when `existing` has its name from the parts an MIS list gives and `incoming` carries only a whole typed name. */
function keepsListName(existing: Student, incoming: Student): boolean {
  const fromList = existing.surname !== undefined || existing.forename !== undefined || existing.preferredName !== undefined;
  const typedOnly = incoming.surname === undefined && incoming.forename === undefined && incoming.preferredName === undefined;
  return fromList && typedOnly && existing.name !== undefined;
}

/**
 * Puts an import into a cohort by student id, so importing the same file twice changes nothing.
 * `update` (the default): a student already there takes what the import carries (choices, reserves,
 * name fields, pathway; attributes merged over the old ones) and keeps the rest, except that a whole
 * name alone (a form's "Name") does not replace a name the MIS list gave in parts, and a student list
 * with no choice columns keeps the choices and reserves already there (in either mode); `replace`: the
 * imported student replaces the old one whole. A student the import leaves equal is the very object
 * it was, and when nothing at all changes `students` is the array given, so the planner records no
 * edit and its blocking stays current. Students not in the file are kept (in place) unless
 * `removeMissing`; new students go at the end in file order.
 */
export function mergeImport(
  existing: readonly Student[],
  imported: readonly Student[],
  options: {
    fields?: 'update' | 'replace';
    removeMissing?: boolean;
    /** The import read no choice columns (a student list: StudentImportResult.withoutChoiceColumns): its empty choices say nothing, so a student already here keeps theirs. */
    choicesNotRead?: boolean;
  } = {},
): ImportMerge {
  const incoming = new Map(imported.map((s) => [s.id, s]));
  const oldIds = new Set(existing.map((s) => s.id));
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  const keptMissing: string[] = [];
  const out: Student[] = [];
  for (const s of existing) {
    const n = incoming.get(s.id);
    if (!n) {
      if (options.removeMissing) removed.push(s.id);
      else {
        keptMissing.push(s.id);
        out.push(s);
      }
      continue;
    }
    let next: Student = n;
    // A student list without choice columns says nothing about choices: a pupil who has chosen keeps them
    // (in either mode) when the list is imported again to add preferred forenames or reg groups.
    if (options.choicesNotRead) next = { ...n, choices: s.choices, ...(s.reserves !== undefined && n.reserves === undefined ? { reserves: s.reserves } : {}) };
    if (options.fields !== 'replace') {
      next = { ...s, ...next };
      if (s.attributes || n.attributes) next.attributes = { ...s.attributes, ...n.attributes };
      // A form's one typed name ("zoe smith", or the account's "SMITH, Zoe") does not replace the name
      // the MIS list gave in its parts (legal surname, forename, preferred forename): the choices merged
      // in from a Forms export keep the names the school's records have.
      if (keepsListName(s, n)) next.name = s.name;
    }
    if (equalJson(next, s)) {
      unchanged.push(s.id);
      out.push(s);
    } else {
      changed.push(s.id);
      out.push(next);
    }
  }
  for (const s of imported) {
    if (oldIds.has(s.id)) continue;
    added.push(s.id);
    out.push(s);
  }
  const same = out.length === existing.length && out.every((s, i) => s === existing[i]);
  return { students: same ? (existing as Student[]) : out, added, changed, unchanged, removed, keptMissing, same };
}

/** "2", "12–20", "3, 7–9 and 14": 1-based rows as ranges. */
function rowRanges(rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    parts.push(j === i ? `${rows[i]}` : `${rows[i]}\u2013${rows[j]}`);
    i = j + 1;
  }
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * A notice for a CSV that is not valid UTF-8 (see decode.ts): the rows read as Windows-1252, so accented
 * names there can be checked. Null when the file was read in one encoding it declares or is valid in.
 */
export function windows1252Notice(table: Table): ImportIssue | null {
  const rows = table.windows1252Rows;
  if (!rows || rows.length === 0) return null;
  const ranges = rowRanges(rows.length > 40 ? rows.slice(0, 40) : rows) + (rows.length > 40 ? ` and ${rows.length - 40} more` : '');
  const plural = rows.length === 1 ? 'Row' : 'Rows';
  const message =
    table.encoding === 'windows-1252'
      ? `The file is not UTF-8, so it was read as Windows-1252 (Excel's "CSV (Comma delimited)"). ${plural} ${ranges} ${rows.length === 1 ? 'has' : 'have'} letters beyond plain English: check accented names. If they look wrong, save the file from Excel as "CSV UTF-8" and import that.`
      : `${plural} ${ranges} ${rows.length === 1 ? 'was' : 'were'} not UTF-8 and ${rows.length === 1 ? 'was' : 'were'} read as Windows-1252, the rest of the file as UTF-8 (maybe it was joined from files saved on two machines): check accented names in ${rows.length === 1 ? 'that row' : 'those rows'}.`;
  return { row: rows[0], column: '', value: '', code: 'not-utf8', message, keepMeans: 'imported as read', decided: true, notice: true };
}
