/**
 * `npm run --silent check -- SCENARIO.json RESULT.json`
 *
 * `ks4 check` (also `npm run --silent check -- ...`): checks a result against its scenario with the
 * independent checker (data/checker.ts).
 * Exit codes: 0 when every rule is kept, 1 when a rule is broken (each violation is listed),
 * 2 when the command is used wrongly or a file is missing, unreadable or not JSON.
 */
import { readFileSync } from 'node:fs';
import { checkResult } from '../data/checker';

const USAGE = 'Usage: ks4 check SCENARIO.json RESULT.json';

/** What each rule is about, for the headings of the report. */
const RULES: Record<number, string> = {
  0: 'the documents themselves',
  1: 'groups: course, blocks, years, group counts',
  2: 'group sizes',
  3: 'student placements',
  4: 'staff',
  5: 'rooms',
  6: 'places and the group budget',
  7: 'students\' lists and the summary counts',
  8: 'choice rules the scenario enforces',
};

/** Notices beyond this many are counted, not listed: a cohort can have hundreds. */
const NOTICES_SHOWN = 20;

function printNotices(notices: string[]): void {
  if (notices.length === 0) return;
  console.log(`${notices.length} ${notices.length === 1 ? 'notice' : 'notices'} (not failures):`);
  for (const n of notices.slice(0, NOTICES_SHOWN)) console.log(`  - ${n}`);
  if (notices.length > NOTICES_SHOWN) console.log(`  ... and ${notices.length - NOTICES_SHOWN} more`);
}

class InputError extends Error {}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new InputError(`Cannot read the ${what} file ${path}: ${why}.`);
  }
  // A byte-order mark is legal at the start of a UTF-8 file but not in JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`The ${what} file ${path} is not valid JSON: ${(e as Error).message}.`);
  }
}

export function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${USAGE}\nChecks RESULT.json against SCENARIO.json by the rules of docs/format.md.`);
    return 0;
  }
  if (args.length !== 2) {
    console.error(`Expected 2 files, got ${args.length}${args.length ? ` (${args.join(' ')})` : ''}.\n${USAGE}`);
    return 2;
  }
  const [scenarioPath, resultPath] = args;
  let scenario: unknown;
  let result: unknown;
  try {
    scenario = readJson(scenarioPath, 'scenario');
    result = readJson(resultPath, 'result');
  } catch (e) {
    if (e instanceof InputError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }

  const outcome = checkResult(scenario, result);
  for (const w of outcome.warnings) console.error(`Warning: ${w}`);
  if (outcome.ok) {
    console.log(`OK: result keeps all rules (${outcome.groups} groups, ${outcome.students} students)`);
    printNotices(outcome.notices);
    return 0;
  }
  const rules = [...new Set(outcome.violations.map((v) => v.rule))];
  console.log(
    `FAILED: ${outcome.violations.length} ${outcome.violations.length === 1 ? 'violation' : 'violations'} ` +
      `of ${rules.length === 1 ? 'rule' : 'rules'} ${rules.join(', ')} ` +
      `(${outcome.groups} groups, ${outcome.students} students)`,
  );
  for (const rule of rules) {
    console.log(`Rule ${rule} (${RULES[rule] ?? 'other'}):`);
    for (const v of outcome.violations) if (v.rule === rule) console.log(`  - ${v.message}`);
  }
  printNotices(outcome.notices);
  return 1;
}
