/**
 * `ks4 import FILE --out SCENARIO.json [--into SCENARIO.json] [--kind choices|courses|staff|rooms]
 *  [--sheet NAME] [--header-row N] [--skip-problem-rows | --keep-problem-rows] [--name TEXT] [--blocks A,B,C,D]`
 *
 * A thin wrapper over data/io's importers, the same ones the planner's Import… uses: reads a CSV or
 * .xlsx file (recognised by its content), tells from its header row whether it is students' choices, a
 * course list, a staff list or a room list (or takes --kind), and puts what it reads into the scenario
 * given with --into (by id: existing students, courses, staff or rooms are updated, new ones added), or
 * into a new scenario. The scenario written is checked by the schemas of docs/format.md.
 *
 * Choices are matched to the scenario's courses (by id or name, as the planner does), so import the
 * course list first. A row that cannot be read as it stands (an unknown course, a missing id...) is
 * listed with its row, column and a hint, and nothing is written, unless --keep-problem-rows imports
 * what can be read of those rows (the planner's "keep") or --skip-problem-rows leaves them out; the
 * problems are listed either way.
 * Exit codes: 0 written; 1 the file or scenario cannot be used, or rows have problems (nothing written);
 * 2 the command is used wrongly or the output cannot be written.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { classifyHeaders, kindPhrase, looksLikeJson, SHEET_KINDS, type SheetKind } from '../data/io/classify';
import {
  checkStudentMapping,
  FileReadError,
  guessStudentMapping,
  importCourses,
  importStaff,
  importStudents,
  readTable,
  type ImportDecisions,
  type ImportIssue,
  type Table,
} from '../data/io';
import { importRooms } from '../data/io/lists';
import { mergeImport } from '../data/io/students';
import { readScenarioFile, refusal } from '../data/load';
import { formatIssues, parseScenario, SCENARIO_FORMAT } from '../data/schema';
import type { Scenario } from '../solver';
import { WRITE_FAILED, writeOutput } from './write-out';
import { clipMessage } from '../data/document-text';

const USAGE =
  'Usage: ks4 import FILE.csv|FILE.xlsx --out SCENARIO.json [--into SCENARIO.json] [--kind choices|courses|staff|rooms]\n' +
  '                  [--sheet NAME] [--header-row N] [--skip-problem-rows | --keep-problem-rows] [--name TEXT] [--blocks A,B,C,D]';

class UsageError extends Error {}
class InputError extends Error {}

interface Args {
  file: string;
  out: string;
  into?: string;
  kind?: SheetKind;
  sheet?: string;
  headerRow?: number;
  /** What to do with rows that cannot be read as they stand; undefined: write nothing and list them. */
  problems?: 'skip' | 'keep';
  name?: string;
  blocks?: string[];
}

function parseArgs(argv: string[]): Args {
  const files: string[] = [];
  const a: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--') continue;
    else if (flag === '--out') a.out = value();
    else if (flag === '--into') a.into = value();
    else if (flag === '--sheet') a.sheet = value();
    else if (flag === '--name') a.name = value();
    else if (flag === '--skip-problem-rows' || flag === '--keep-problem-rows') {
      const want = flag === '--skip-problem-rows' ? 'skip' : 'keep';
      if (a.problems !== undefined && a.problems !== want) throw new UsageError('Choose one of --skip-problem-rows and --keep-problem-rows.');
      a.problems = want;
    }
    else if (flag === '--blocks') a.blocks = value().split(',').map((b) => b.trim()).filter((b) => b !== '');
    else if (flag === '--header-row') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--header-row ${v}: give the row number of the headings, 1 or more. Maybe --header-row 1?`);
      a.headerRow = n;
    } else if (flag === '--kind') {
      const v = value();
      if (!(SHEET_KINDS as readonly string[]).includes(v)) throw new UsageError(`--kind ${v}: the kinds are ${SHEET_KINDS.join(', ')}.`);
      a.kind = v as SheetKind;
    } else if (flag.startsWith('--')) throw new UsageError(`Unknown option ${flag}.`);
    else files.push(flag);
  }
  if (files.length !== 1) throw new UsageError(`Expected one file to import, got ${files.length}${files.length ? ` (${files.join(' ')})` : ''}.`);
  if (a.out === undefined) throw new UsageError('No --out file given: where should the scenario go?');
  if (a.blocks && a.blocks.length === 0) throw new UsageError('--blocks needs at least one block, like --blocks A,B,C,D.');
  return { ...(a as Args), file: files[0] };
}

/** Problems beyond this many are counted, not listed: a whole file can have the same one on every row. */
const SHOWN = 20;

function describe(issues: readonly ImportIssue[]): string {
  const lines = issues.slice(0, SHOWN).map((i) => `  - ${i.message}`);
  if (issues.length > SHOWN) lines.push(`  ... and ${issues.length - SHOWN} more`);
  return lines.join('\n');
}

/** The same answer for every row with an open issue: skip it, or keep what can be read of it. */
function decideAll(pending: readonly number[], action: 'skip' | 'keep'): ImportDecisions {
  return { rows: Object.fromEntries(pending.map((r) => [r, { action }])) };
}

function problemRows(open: readonly ImportIssue[]): string {
  const rows = new Set(open.map((i) => i.row)).size;
  return `${rows} ${rows === 1 ? 'row has a problem' : 'rows have problems'}; nothing was written. Fix them in the file, or add --keep-problem-rows (import what can be read of them, as the planner's "keep" does) or --skip-problem-rows (leave them out):\n${describe(open)}`;
}

/** Runs an import, then again with every open row decided as the flags say; throws when rows stay open. */
function settle<R extends { issues: ImportIssue[]; pending: number[]; complete: boolean }>(args: Args, run: (d: ImportDecisions) => R, note: (s: string) => void): R {
  const first = run({});
  if (first.complete) return first;
  const open = first.issues.filter((i) => !i.decided && !i.notice);
  if (args.problems === undefined) throw new InputError(problemRows(open));
  let again = run(decideAll(first.pending, args.problems));
  if (!again.complete) again = run({ rows: { ...decideAll(first.pending, args.problems).rows, ...decideAll(again.pending, 'skip').rows } });
  const said = args.problems === 'keep' ? 'Kept what could be read of' : 'Left out';
  note(`${said} ${first.pending.length} ${first.pending.length === 1 ? 'row' : 'rows'} with problems (--${args.problems}-problem-rows):\n${describe(open)}`);
  return again;
}

function byId<T extends { id: string }>(existing: readonly T[] | undefined, incoming: readonly T[]): { list: T[]; added: number; updated: number } {
  const list = [...(existing ?? [])];
  let added = 0;
  let updated = 0;
  for (const item of incoming) {
    const at = list.findIndex((x) => x.id === item.id);
    if (at >= 0) {
      list[at] = { ...list[at], ...item };
      updated++;
    } else {
      list.push(item);
      added++;
    }
  }
  return { list, added, updated };
}

async function importInto(scenario: Scenario, table: Table, kind: SheetKind, args: Args, note: (s: string) => void): Promise<{ scenario: Scenario; said: string }> {
  if (kind === 'courses') {
    const items = settle(args, (d) => importCourses(table, d), note).items;
    const m = byId(scenario.courses, items);
    return { scenario: { ...scenario, courses: m.list }, said: `${m.added} courses added, ${m.updated} updated` };
  }
  if (kind === 'staff') {
    const context = { courses: scenario.courses, blocks: scenario.blocks };
    const items = settle(args, (d) => importStaff(table, context, d), note).items;
    const m = byId(scenario.staff, items);
    return { scenario: { ...scenario, staff: m.list }, said: `${m.added} staff added, ${m.updated} updated` };
  }
  if (kind === 'rooms') {
    const context = { blocks: scenario.blocks };
    const items = settle(args, (d) => importRooms(table, context, d), note).items;
    const m = byId(scenario.rooms, items);
    return { scenario: { ...scenario, rooms: m.list }, said: `${m.added} rooms added, ${m.updated} updated` };
  }
  if (scenario.courses.length === 0) {
    throw new InputError(
      `${args.into ?? 'The new scenario'} has no courses yet, and choices are matched to courses. Import the course list first: ks4 import COURSES.csv --out ${args.out}, then ks4 import ${args.file} --into ${args.out} --out ${args.out}.`,
    );
  }
  const mapping = guessStudentMapping(table.headers);
  const mappingProblems = checkStudentMapping(mapping, table.headers);
  if (mappingProblems.length > 0) {
    throw new InputError(`The columns of ${args.file} cannot be read as students' choices:\n${mappingProblems.map((p) => `  - ${p}`).join('\n')}\nThe planner's Import… lets you map the columns by hand; the templates in data/templates/ have headings it reads as they stand.`);
  }
  const context = { courses: scenario.courses, pathways: scenario.pathways };
  const result = settle(args, (d) => importStudents(table, mapping, context, d), note);
  if (result.notices.length > 0) note(`${result.notices.length} ${result.notices.length === 1 ? 'notice' : 'notices'} (imported as they stand):\n${describe(result.notices)}`);
  const merged = mergeImport(scenario.students, result.students, { fields: 'update' });
  return { scenario: { ...scenario, students: merged.students }, said: `${merged.added.length} students added, ${merged.changed.length} changed, ${merged.unchanged.length} unchanged` };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    let base: Scenario;
    if (args.into !== undefined) {
      const loaded = readScenarioFile(args.into);
      if (!loaded.ok) throw new InputError(refusal('scenario', args.into, loaded.errors));
      base = loaded.value;
    } else {
      base = { format: SCENARIO_FORMAT, name: args.name ?? basename(args.out).replace(/\.json$/i, ''), blocks: args.blocks ?? ['A', 'B', 'C', 'D'], courses: [], students: [] };
    }
    if (args.into !== undefined && args.name !== undefined) base = { ...base, name: args.name };
    if (args.into !== undefined && args.blocks !== undefined) base = { ...base, blocks: args.blocks };
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(args.file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(`Cannot read ${args.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}.`);
    }
    if (looksLikeJson(args.file, bytes.subarray(0, 64))) {
      throw new InputError(`${args.file} is a JSON document, not a spreadsheet or CSV: a scenario needs no import (give it to ks4 solve as it is); a result goes with its scenario to ks4 export.`);
    }
    let table: Table;
    try {
      table = await readTable(bytes, args.file, { headerRow: args.headerRow, sheet: args.sheet });
    } catch (e) {
      if (e instanceof FileReadError) throw new InputError(`${args.file}: ${e.message}`);
      throw e;
    }
    let kind = args.kind;
    if (kind === undefined) {
      const c = classifyHeaders(table.headers);
      if (c.kind === null) throw new InputError(`${args.file}: ${c.headline} Say what it is with --kind ${c.candidates.length ? c.candidates.join('|') : SHEET_KINDS.join('|')}.`);
      kind = c.kind;
    }
    const notes: string[] = [];
    const { scenario, said } = await importInto(base, table, kind, args, (s) => notes.push(s));
    for (const n of notes) console.error(n);
    const checked = parseScenario(scenario);
    if (!checked.ok) throw new InputError(`The scenario made from ${args.file} is not valid; nothing was written.\n${formatIssues(checked.errors)}`);
    const failed = writeOutput(args.out, `${JSON.stringify(scenario, null, 2)}\n`, 'the scenario');
    if (failed) {
      console.error(failed);
      return WRITE_FAILED;
    }
    console.log(`Imported ${args.file} as ${kindPhrase(kind)} (${table.rows.length} rows): ${said} -> ${args.out}`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      console.error(clipMessage(e.message));
      return 1;
    }
    throw e;
  }
}
