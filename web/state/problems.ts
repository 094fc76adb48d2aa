/**
 * Validation issues (data/schema.ts, located by JSON path) turned into problems in the user's terms:
 * each names the thing by its name and id and where it is on screen ("Food Prep & Nutrition (course FOO,
 * row 8 of the course list)"), says what is wrong and what to do, and keeps the JSON path only as a
 * detail for the document format. Problems are grouped by kind (courses, teachers, rooms, students'
 * choices, ...) and counted truly: parseScenario stops listing at MAX_ISSUES, so a capped scenario is
 * validated again list by list (see allScenarioIssues) to count, and word, every problem.
 *
 * Pure: no store, no React; the Offer screen and the solve refusal use it.
 */
import { DOCUMENT_PATH, parseScenario, renderValue, ScenarioSchema, type ValidationIssue } from '../../data/schema';
import type { Scenario } from '../../solver';

export type ProblemKind = 'settings' | 'courses' | 'staff' | 'rooms' | 'sites' | 'pathways' | 'rules' | 'students' | 'groups';

export interface Problem {
  kind: ProblemKind;
  /** The whole problem in words: where, what is wrong, what to do. */
  text: string;
  /** The JSON path, a detail for people working with the document format. */
  path: string;
}

export interface ProblemGroup {
  kind: ProblemKind;
  /** "Courses", "Students' choices". */
  title: string;
  count: number;
  problems: Problem[];
  /** Lines that sum up many problems of one cause ("FOOD: chosen by 230 students, not on the course list"). */
  summary: string[];
}

export interface ProblemReport {
  total: number;
  groups: ProblemGroup[];
  /** "37 problems in 4 kinds" / "1 problem". */
  headline: string;
}

const ORDER: ProblemKind[] = ['settings', 'courses', 'staff', 'rooms', 'sites', 'pathways', 'rules', 'students', 'groups'];

const TITLES: Record<ProblemKind, string> = {
  settings: 'Settings',
  courses: 'Courses',
  staff: 'Teachers',
  rooms: 'Rooms',
  sites: 'Partner sites',
  pathways: 'Pathways',
  rules: 'Rules for every student',
  students: "Students' choices",
  groups: 'Pinned groups',
};

/** Where each list is kept, in the words of the screens. */
const LIST_PLACE: Record<string, string> = {
  courses: 'the course list',
  staff: 'the staff list',
  rooms: 'the room list',
  sites: 'the partner sites',
  pathways: 'the pathways',
  rules: 'the rules for every student',
  students: 'the students list',
  groups: 'the pinned groups',
};

const NOUN: Record<string, string> = { courses: 'course', staff: 'teacher', rooms: 'room', sites: 'site', pathways: 'pathway', rules: 'rule', students: 'student', groups: 'group' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The "Maybe you meant X?" a schema message ends with, if any. */
function hintOf(message: string): string {
  const m = /(Maybe you meant [^?]+\?)\s*$/.exec(message);
  return m ? ` ${m[1]}` : '';
}

/** An item of a top-level list named as the user knows it: "Food Prep & Nutrition (course FOO, row 8 of the course list)". */
function itemLabel(scenario: Scenario, list: string, index: number): string {
  const items = (scenario as unknown as Record<string, unknown>)[list];
  const item = Array.isArray(items) ? (items[index] as Record<string, unknown> | undefined) : undefined;
  const id = typeof item?.id === 'string' && item.id !== '' ? item.id : undefined;
  const name = typeof item?.name === 'string' && item.name !== '' && item.name !== id ? item.name : undefined;
  const noun = NOUN[list] ?? 'item';
  const row = `row ${index + 1} of ${LIST_PLACE[list] ?? list}`;
  if (list === 'rules') return `Rule ${index + 1} for every student`;
  if (name && id) return `${name} (${noun} ${id}, ${row})`;
  if (id) return `${noun[0].toUpperCase()}${noun.slice(1)} ${id} (${row})`;
  return `The ${noun} on ${row}`;
}

function kindOf(list: string | undefined): ProblemKind {
  return list && (ORDER as string[]).includes(list) && list !== 'settings' ? (list as ProblemKind) : 'settings';
}

/** One issue in the user's terms. */
export function describeProblem(scenario: Scenario, issue: ValidationIssue): Problem {
  const m = /^([A-Za-z]+)\[(\d+)\](.*)$/.exec(issue.path);
  if (!m) {
    const list = /^([A-Za-z]+)/.exec(issue.path)?.[1];
    const text = issue.path === DOCUMENT_PATH || !issue.path ? issue.message : `${settingName(issue.path)}: ${issue.message}`;
    return { kind: kindOf(list), text, path: issue.path };
  }
  const [, list, indexText, rest] = m;
  const index = Number(indexText);
  const where = itemLabel(scenario, list, index);
  const value = typeof issue.value === 'string' ? issue.value : renderValue(issue.value);
  const hint = hintOf(issue.message);
  const noCourses = scenario.courses.length === 0;
  let what: string | undefined;
  if (list === 'courses' && rest === '.roomType') {
    what = `no room of type ${value}. Add one on the Rooms table, or change the course's room type?${hint}`;
  } else if (list === 'courses' && /^\.rooms\[\d+\]$/.test(rest)) {
    what = `may use room ${value}, which is not on the Rooms table. Add it there, or remove it from the course?${hint}`;
  } else if (list === 'courses' && rest === '.site') {
    what = `is taught at ${value}, which is not one of the partner sites. Add it under Partner sites, or set the site to home?${hint}`;
  } else if (list === 'students' && /^\.(choices|reserves)\[\d+\]$/.test(rest) && /not one of the courses|lists no courses/.test(issue.message)) {
    const reserve = rest.startsWith('.reserves');
    what = `${reserve ? 'holds as a reserve' : 'chose'} ${value}, which is not on the course list. ${noCourses ? 'Import your course list' : `Add course ${value} on the Courses table`}, or correct the choice?${hint}`;
  } else if (list === 'staff' && /^\.courses\[\d+\]$/.test(rest) && /not one of the courses|lists no courses/.test(issue.message)) {
    what = `can teach ${value}, which is not on the course list. ${noCourses ? 'Import your course list' : `Add course ${value} on the Courses table`}, or take it off the teacher's courses?${hint}`;
  } else if (list === 'students' && rest === '.pathway') {
    what = `follows pathway ${value}, which is not one of the pathways. Add it under Pathways, or clear the student's pathway?${hint}`;
  } else if (/\.unavailable\[\d+\]\.block$/.test(rest)) {
    what = `is marked away in block ${value}, which is not one of the blocks (${scenario.blocks.join(', ')}). Change it on its row, or add the block under Settings?${hint}`;
  }
  if (what === undefined) {
    // The schema's own words name the owner by id ("Course HIS has ..."): the location above says it already.
    const owner = new RegExp(`^(Course|Teacher|Room|Site|Pathway|Student|Group) ${escapeRe(String((itemOf(scenario, list, index) as { id?: unknown } | undefined)?.id ?? ''))} `);
    const words = issue.message.replace(owner, '');
    what = plainFields(pathsInWords(words === issue.message ? issue.message : words));
  }
  return { kind: kindOf(list), text: `${where}: ${what}`, path: issue.path };
}

/** The document's field names in the words of the Offer screen's column headings. */
const FIELD_WORDS: Record<string, string> = {
  maxGroupSize: 'max group size',
  minGroupSize: 'min group size',
  maxGroupsPerBlock: 'max groups per block',
  minGroups: 'min groups',
  maxGroups: 'max groups',
  roomType: 'room type',
  discountCode: 'discount code',
  periodsPerFortnight: 'periods a fortnight',
};

/**
 * JSON paths the schema's messages point back with, in words: "(also courses[3])" -> "(also row 4 of
 * the course list)", "(also students[2].choices[0])" -> "(also choice 1)".
 */
function pathsInWords(text: string): string {
  return text.replace(/\(also ([A-Za-z]+)\[(\d+)\](?:\.(choices|reserves)\[(\d+)\])?\)/g, (_, list: string, n: string, key?: string, k?: string) =>
    key ? `(also ${key === 'choices' ? 'choice' : 'reserve'} ${Number(k) + 1})` : `(also row ${Number(n) + 1} of ${LIST_PLACE[list] ?? list})`,
  );
}

function plainFields(text: string): string {
  return text.replace(/\b(maxGroupSize|minGroupSize|maxGroupsPerBlock|minGroups|maxGroups|roomType|discountCode|periodsPerFortnight)\b/g, (f) => FIELD_WORDS[f]);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function itemOf(scenario: Scenario, list: string, index: number): unknown {
  const items = (scenario as unknown as Record<string, unknown>)[list];
  return Array.isArray(items) ? items[index] : undefined;
}

function settingName(path: string): string {
  if (path.startsWith('blocks')) return 'Blocks (Settings)';
  if (path.startsWith('years')) return 'Years (Settings)';
  if (path.startsWith('limits')) return 'Most groups in a year (Settings)';
  if (path.startsWith('periodsPerFortnight')) return 'Periods a fortnight (Settings)';
  if (path === 'name') return 'Scenario name (Settings)';
  return path;
}

// ---------------------------------------------------------------------------------------------
// Every issue, beyond parseScenario's cap
// ---------------------------------------------------------------------------------------------

const CAP_TRAILER = /^\.\.\.and (\d+) more issues? not listed/;

function isTrailer(i: ValidationIssue): boolean {
  return i.path === DOCUMENT_PATH && CAP_TRAILER.test(i.message);
}

/**
 * The lists each list's cross-checks read (data/schema.ts collectScenarioIssues): validating one window
 * of list L with only these beside it reports exactly L's issues in that window, and few others.
 */
const CONTEXT: Record<string, string[]> = {
  courses: ['rooms', 'sites'],
  staff: ['courses'],
  rooms: [],
  sites: [],
  pathways: ['courses'],
  rules: ['courses'],
  students: ['courses', 'pathways'],
  groups: ['courses', 'staff', 'rooms', 'students'],
};
const LISTS = Object.keys(CONTEXT);
const REQUIRED = new Set(['courses', 'students']);
/** Items validated at once; a window whose issues reach MAX_ISSUES is halved until they do not. */
const WINDOW = 64;

function listIndex(path: string): { list: string; index: number; rest: string } | null {
  const m = /^([A-Za-z]+)\[(\d+)\](.*)$/.exec(path);
  return m ? { list: m[1], index: Number(m[2]), rest: m[3] } : null;
}

const allMemo = new WeakMap<Scenario, ValidationIssue[]>();

/**
 * Every issue of the scenario, not only the first MAX_ISSUES. Under the cap this is parseScenario's list.
 * Over it, each list is validated again in windows, with only the lists its checks read beside it, and
 * the issues under that list are kept (paths shifted back to the whole list). A shape problem anywhere
 * stops the cross-checks for the whole document, so windows keep that: while the shape is wrong, only
 * shape issues are collected.
 */
export function allScenarioIssues(scenario: Scenario, listedAlready?: readonly ValidationIssue[]): ValidationIssue[] {
  const memo = allMemo.get(scenario);
  if (memo) return memo;
  // `listedAlready`: parseScenario's issues of this very scenario, when the caller has them (scenarioIssues).
  const first = listedAlready ? null : parseScenario(scenario);
  const listed = listedAlready ? [...listedAlready] : first && !first.ok ? first.errors : [];
  if (!listed.some(isTrailer)) {
    allMemo.set(scenario, listed);
    return listed;
  }
  const shapeOk = ScenarioSchema.safeParse(scenario).success;
  const src = scenario as unknown as Record<string, unknown>;
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  const push = (i: ValidationIssue) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(i);
  };
  // Issues outside every list (settings, the document) come from the whole run.
  for (const i of listed) if (!isTrailer(i) && !LISTS.some((l) => i.path.startsWith(`${l}[`) || i.path === l)) push(i);
  // Which window validated each item, per list, to find ids repeated across windows below.
  const windowOf = new Map<string, Int32Array>();
  for (const list of LISTS) {
    const items = src[list];
    if (!Array.isArray(items) || items.length === 0) continue;
    const owner = new Int32Array(items.length);
    windowOf.set(list, owner);
    let windows = 0;
    const run = (start: number, end: number): void => {
      const variant: Record<string, unknown> = { ...src };
      for (const other of LISTS) {
        if (other === list || (shapeOk && CONTEXT[list].includes(other))) continue;
        if (REQUIRED.has(other)) variant[other] = [];
        else delete variant[other];
      }
      variant[list] = items.slice(start, end);
      // With the shape wrong somewhere, only shape issues count (the cross-checks never ran on the whole).
      if (!shapeOk && ScenarioSchema.safeParse(variant).success) return;
      const r = parseScenario(variant);
      if (r.ok) return;
      // Still over the cap: halve the window (an item alone over the cap keeps the validator's count).
      if (r.errors.some(isTrailer) && end - start > 1) {
        const mid = start + Math.floor((end - start) / 2);
        run(start, mid);
        run(mid, end);
        return;
      }
      const w = ++windows;
      owner.fill(w, start, end);
      const shift = (text: string) => text.replace(new RegExp(`\\b${list}\\[(\\d+)\\]`, 'g'), (_, n: string) => `${list}[${Number(n) + start}]`);
      for (const i of r.errors) {
        const at = listIndex(i.path);
        if (!at || at.list !== list) continue;
        push({ ...i, path: `${list}[${at.index + start}]${at.rest}`, message: shift(i.message) });
      }
    };
    for (let start = 0; start < items.length; start += WINDOW) run(start, Math.min(items.length, start + WINDOW));
  }
  // Ids repeated across two windows are not seen by either window's run. (Windows without issues keep
  // owner 0, so a repeat between two of them is checked here too.)
  for (const list of shapeOk ? LISTS : []) {
    const items = src[list];
    const owner = windowOf.get(list);
    if (!Array.isArray(items) || !owner) continue;
    const firstAt = new Map<string, number>();
    items.forEach((item, i) => {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      const earlier = firstAt.get(id);
      if (earlier === undefined) firstAt.set(id, i);
      else if (owner[earlier] === 0 || owner[earlier] !== owner[i]) {
        const noun = `${(NOUN[list] ?? 'item')[0].toUpperCase()}${(NOUN[list] ?? 'item').slice(1)}`;
        push({ path: `${list}[${i}].id`, value: id, message: `${noun} id ${id} is used twice (also ${list}[${earlier}]). Maybe one of them should have another id?` });
      }
    });
  }
  allMemo.set(scenario, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

const reportMemo = new WeakMap<Scenario, ProblemReport>();

/** Every problem of the scenario, worded, grouped by kind and truly counted. */
export function problemReport(scenario: Scenario, issues: readonly ValidationIssue[] = allScenarioIssues(scenario)): ProblemReport {
  const cached = reportMemo.get(scenario);
  if (cached && issues === allMemo.get(scenario)) return cached;
  const byKind = new Map<ProblemKind, Problem[]>();
  for (const issue of issues) {
    if (isTrailer(issue)) continue;
    const p = describeProblem(scenario, issue);
    const list = byKind.get(p.kind);
    if (list) list.push(p);
    else byKind.set(p.kind, [p]);
  }
  const groups: ProblemGroup[] = ORDER.filter((k) => byKind.has(k)).map((kind) => {
    const problems = byKind.get(kind)!;
    return { kind, title: TITLES[kind], count: problems.length, problems, summary: summaryOf(scenario, kind, issues) };
  });
  const total = groups.reduce((n, g) => n + g.count, 0);
  const headline = groups.length <= 1 ? plural(total, 'problem') : `${plural(total, 'problem')} in ${groups.length} kinds`;
  const report = { total, groups, headline };
  if (issues === allMemo.get(scenario)) reportMemo.set(scenario, report);
  return report;
}

/**
 * Many problems often have one cause: a course missing from the course list is named by every student
 * who chose it and every teacher who teaches it. Those are summed up per course, most named first.
 */
function summaryOf(scenario: Scenario, kind: ProblemKind, issues: readonly ValidationIssue[]): string[] {
  if (kind !== 'students' && kind !== 'staff') return [];
  const counts = new Map<string, number>();
  const re = kind === 'students' ? /^students\[\d+\]\.(choices|reserves)\[\d+\]$/ : /^staff\[\d+\]\.courses\[\d+\]$/;
  for (const i of issues) {
    if (!re.test(i.path) || typeof i.value !== 'string' || !/not one of the courses|lists no courses/.test(i.message)) continue;
    counts.set(i.value, (counts.get(i.value) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const who = kind === 'students' ? 'chosen by' : 'taught by';
  const unit = kind === 'students' ? 'student' : 'teacher';
  const lines = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([course, n]) => `${course}: ${who} ${plural(n, unit)}, not on the course list.`);
  const intro = scenario.courses.length === 0 ? 'There is no course list yet: import it (or add courses) and these go away.' : `${plural(counts.size, 'course name')} not on the course list:`;
  return [intro, ...lines];
}

/** Lines for a message bar: per kind, its title and count, then its first few problems (or its one-cause summary). */
export function problemLines(report: ProblemReport, perGroup = 5): string[] {
  const lines: string[] = [];
  for (const g of report.groups) {
    const sums = g.summary.slice(0, perGroup + 1);
    // The path last, in brackets: a detail for people who work with the document format.
    const shown = sums.length > 0 ? sums : g.problems.slice(0, perGroup).map((p) => `${p.text} (${p.path})`);
    const rest = sums.length > 0 ? g.summary.length - sums.length : g.count - shown.length;
    if (g.count === 1 && shown.length === 1) {
      lines.push(`${g.title}: ${shown[0]}`);
      continue;
    }
    lines.push(`${g.title} (${g.count}):`);
    lines.push(...shown);
    if (rest > 0) lines.push(`… and ${rest} more (all listed on the Offer screen).`);
  }
  return lines;
}

/**
 * What a scenario needs before a solve means anything, in words, or null when it has it: a new school
 * starts with no courses and no students, which validates but gives nothing to block.
 */
export function missingBasics(scenario: Scenario): string | null {
  const missing: string[] = [];
  if (scenario.courses.length === 0) missing.push('no courses yet: import your course list (CSV or .xlsx) or add a course on the Offer screen');
  if (scenario.students.length === 0) missing.push("no students' choices yet: import them (CSV or .xlsx) with Import… or on the Students screen");
  return missing.length === 0 ? null : `"${scenario.name}" has ${missing.join(', and ')}.`;
}

/** Students with no choices yet: a warning, not a problem (the scenario is valid and solves). */
export interface WithoutChoicesWarning {
  /** Students with no choices. */
  count: number;
  /** Students in the scenario. */
  students: number;
  /** The warning in words: how many, what it does to the figures, how they choose. */
  text: string;
}

/**
 * The warning for students who have not chosen (a student list imported before the options round): a
 * blocking counts them fully satisfied, since they have nothing unmet (FORMAT.md), so its figures and its
 * blocks rest on the others. Null when every student has chosen, or there are no students.
 */
export function withoutChoicesWarning(scenario: Scenario): WithoutChoicesWarning | null {
  let count = 0;
  for (const s of scenario.students) if (Array.isArray(s.choices) && s.choices.length === 0) count++;
  if (count === 0) return null;
  const students = scenario.students.length;
  const chose = students - count;
  const who = count === students ? (students === 1 ? 'The 1 student has' : `None of the ${students} students has`) : `${count} of ${students} students ${count === 1 ? 'has' : 'have'}`;
  const made = count === students && students > 1 ? 'made any choices yet' : 'made no choices yet';
  const rest =
    chose === 0
      ? 'A blocking would count every student fully satisfied and say nothing about the offer.'
      : `A blocking counts ${count === 1 ? 'that student' : 'them'} fully satisfied by definition (nothing to place), so its figures and blocks rest on the ${chose} who ${chose === 1 ? 'has' : 'have'} chosen.`;
  return {
    count,
    students,
    text: `${who} ${made}. ${rest} They can choose online in an options round (Student preview → Options round), or import their choices on the Students screen.`,
  };
}
