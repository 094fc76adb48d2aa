/**
 * `npm run --silent check -- SCENARIO.json RESULT.json`
 *
 * `ks4 check` (also `npm run --silent check -- ...`): checks a result against its scenario with the
 * independent checker (data/checker.ts).
 * Exit codes: 0 when every rule is kept, 1 when a rule is broken (each violation is listed) or a document
 * is missing, unreadable, not JSON or (the scenario) not valid, refused as solve refuses it; 2 when the
 * command is used wrongly.
 */
import { checkResult } from '../data/checker';
import { clipMessage } from '../data/document-text';
import { readJsonFile, refusal } from '../data/load';
import { parseScenario } from '../data/schema';

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
  for (const n of notices.slice(0, NOTICES_SHOWN)) console.log(clipMessage(`  - ${n}`));
  if (notices.length > NOTICES_SHOWN) console.log(`  ... and ${notices.length - NOTICES_SHOWN} more`);
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
  // The scenario is read and validated exactly as solve reads it (data/load.ts), and refused with the
  // same message: a result cannot keep the rules of a scenario that is not valid. The checker itself
  // then reads both documents as JSON on its own (rule 0 covers the result's shape).
  const scenario = readJsonFile(scenarioPath);
  const valid = scenario.ok ? parseScenario(scenario.value) : scenario;
  if (!valid.ok) {
    console.error(refusal('scenario', scenarioPath, valid.errors));
    return 1;
  }
  const result = readJsonFile(resultPath);
  if (!result.ok || !scenario.ok) {
    console.error(refusal('result', resultPath, result.ok ? [] : result.errors));
    return 1;
  }

  const outcome = checkResult(scenario.value, result.value);
  for (const w of outcome.warnings) console.error(clipMessage(`Warning: ${w}`));
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
    for (const v of outcome.violations) if (v.rule === rule) console.log(clipMessage(`  - ${v.message}`));
  }
  printNotices(outcome.notices);
  return 1;
}
