/**
 * `ks4 export SCENARIO.json RESULT.json --out FILE.csv|FILE.xlsx [--what class-lists|grid|placements]`
 *
 * A thin wrapper over data/io/export.ts, the same tables the planner's exports write: class lists
 * (default; an .xlsx has one sheet per group, a CSV one table with a group column), the blocking grid,
 * or every student's placements. The format follows the --out file's extension (.csv or .xlsx). CSV is
 * written with a UTF-8 byte-order mark and Excel's line ends, and every text cell is made safe from
 * spreadsheet formulas, as the planner does.
 * Exit codes: 0 written; 1 a document is missing or invalid; 2 the command is used wrongly or the file
 * cannot be written.
 */
import { blockingGridTable, classListSheets, classListsTable, placementsTable, toCsvBytes, toXlsx, type NamedSheet } from '../data/io';
import { readResultFile, readScenarioFile, refusal } from '../data/load';
import { outputProblem, WRITE_FAILED, writeOutput } from './write-out';
import type { Result, Scenario } from '../solver';

const WHAT = ['class-lists', 'grid', 'placements'] as const;
type What = (typeof WHAT)[number];

const USAGE = `Usage: ks4 export SCENARIO.json RESULT.json --out FILE.csv|FILE.xlsx [--what ${WHAT.join('|')}]`;

function sheets(what: What, scenario: Scenario, result: Result, xlsx: boolean): NamedSheet[] {
  if (what === 'grid') return [{ name: 'Blocking grid', rows: blockingGridTable(scenario, result) }];
  if (what === 'placements') return [{ name: 'Placements', rows: placementsTable(scenario, result) }];
  return xlsx ? classListSheets(scenario, result) : [{ name: 'Class lists', rows: classListsTable(scenario, result) }];
}

export async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let out: string | undefined;
  let what: What = 'class-lists';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (a === '--out' || a === '--what') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) return usage(`${a} needs a value.`);
      if (a === '--out') out = v;
      else if ((WHAT as readonly string[]).includes(v)) what = v as What;
      else return usage(`--what ${v}: choose one of ${WHAT.join(', ')}.`);
    } else if (a.startsWith('--')) return usage(`Unknown option ${a}.`);
    else files.push(a);
  }
  if (files.length !== 2) return usage(`Expected a scenario file and a result file, got ${files.length}${files.length ? ` (${files.join(' ')})` : ''}.`);
  if (out === undefined) return usage('No --out file given: where should the export go?');
  const format = /\.xlsx$/i.test(out) ? 'xlsx' : /\.csv$/i.test(out) ? 'csv' : undefined;
  if (format === undefined) return usage(`--out ${out}: the file name should end in .csv or .xlsx, which says the format.`);
  const scenario = readScenarioFile(files[0]);
  if (!scenario.ok) {
    console.error(refusal('scenario', files[0], scenario.errors));
    return 1;
  }
  const result = readResultFile(files[1]);
  if (!result.ok) {
    console.error(refusal('result', files[1], result.errors));
    return 1;
  }
  const unwritable = outputProblem(out, 'the export');
  if (unwritable) {
    console.error(unwritable);
    return WRITE_FAILED;
  }
  const made = sheets(what, scenario.value, result.value, format === 'xlsx');
  const bytes = format === 'xlsx' ? await toXlsx(made) : toCsvBytes(made[0].rows);
  const failed = writeOutput(out, bytes, 'the export');
  if (failed) {
    console.error(failed);
    return WRITE_FAILED;
  }
  const rows = made.reduce((n, s) => n + Math.max(0, s.rows.length - 1), 0);
  console.log(`Exported ${what} (${made.length} ${made.length === 1 ? 'sheet' : 'sheets'}, ${rows} rows) -> ${out}`);
  return 0;
}

function usage(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}
