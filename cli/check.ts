/**
 * `npm run --silent check -- SCENARIO.json RESULT.json [--reference PUBLISHED.json [--reference-scenario PUBLISHED-SCENARIO.json]]`
 *
 * `ks4 check` (also `npm run --silent check -- ...`): checks a result against its scenario with the
 * independent checker (data/checker.ts). With `--reference`, also the moves against a published blocking
 * (docs/reference.md, solver/reference/): pupils and groups unchanged, groups moved or cancelled, and the
 * change list with a reason for each move. The moves are information: they never change the exit code.
 * Exit codes: 0 when every rule is kept, 1 when a rule is broken (each violation is listed) or a document
 * is missing, unreadable, not JSON or (the scenario) not valid, refused as solve refuses it; 2 when the
 * command is used wrongly.
 */
import { checkResult } from '../data/checker';
import { clipMessage } from '../data/document-text';
import { readJsonFile, refusal } from '../data/load';
import { formatIssues, parseResult, parseScenario } from '../data/schema';
import type { Result, Scenario } from '../solver/types';
// Straight from the module, not solver/index.ts: check stays small and never loads the search.
import { changeReportLines, placementChanges, scenarioChanges } from '../solver/reference';
import { takeOption } from './options';

const USAGE = 'Usage: ks4 check SCENARIO.json RESULT.json [--reference PUBLISHED.json [--reference-scenario PUBLISHED-SCENARIO.json]]';
const REFERENCE_HELP = `--reference PUBLISHED.json: also list the moves against a published result (pupils and groups unchanged,
  groups moved or cancelled, each pupil moved with the reason; docs/reference.md). They never change the exit code.
--reference-scenario FILE: the scenario as it was when that result was published, so a pupil's own change of
  choices, a teacher who left or a cut course can be named as the reason; without it, SCENARIO.json stands in.`;

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


/** Reads and validates the published result (and its scenario, when given); prints the moves. 1 when a file is refused. */
function reportReference(scenario: Scenario, resultValue: unknown, resultPath: string, referencePath: string, referenceScenarioPath: string | undefined): number {
  const ref = readJsonFile(referencePath);
  const refResult = ref.ok ? parseResult(ref.value) : ref;
  if (!refResult.ok) {
    console.error(clipMessage(`${referencePath} is not a valid result document, so the moves against it cannot be listed.\n${formatIssues(refResult.errors)}`));
    return 1;
  }
  let published: Scenario = scenario;
  if (referenceScenarioPath !== undefined) {
    const raw = readJsonFile(referenceScenarioPath);
    const parsed = raw.ok ? parseScenario(raw.value) : raw;
    if (!parsed.ok) {
      console.error(clipMessage(`${referenceScenarioPath} is not a valid scenario document (given with --reference-scenario).\n${formatIssues(parsed.errors)}`));
      return 1;
    }
    published = parsed.value;
  }
  const current = parseResult(resultValue);
  console.log(`Against the published blocking ${referencePath}${referenceScenarioPath ? ` (published scenario ${referenceScenarioPath})` : ''}:`);
  if (!current.ok) {
    console.log(`  not listed: ${resultPath} is not a valid result document (see above).`);
    return 0;
  }
  if (referenceScenarioPath === undefined) {
    console.log('  (no --reference-scenario: the scenario now stands in for the one published, so no move is put down to a change of choices, staff, rooms or courses)');
  } else {
    const sc = scenarioChanges(published, scenario);
    console.log(
      `Scenario changes since publishing: ${sc.pupils.added.length} pupils joined, ${sc.pupils.removed.length} left, ${sc.pupils.changed.length} changed choices; ` +
        `staff ${sc.staff.added.length} added, ${sc.staff.removed.length} removed, ${sc.staff.changed.length} changed; rooms ${sc.rooms.changed.length + sc.rooms.added.length + sc.rooms.removed.length} changed; ` +
        `courses ${sc.courses.added.length} added, ${sc.courses.removed.length} removed, ${sc.courses.changed.length} changed`,
    );
  }
  const changes = placementChanges({ scenario: published, result: refResult.value as Result }, { scenario, result: current.value });
  for (const line of changeReportLines(changes, published, scenario)) console.log(clipMessage(line));
  return 0;
}

export function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${USAGE}\nChecks RESULT.json against SCENARIO.json by the rules of docs/format.md.\n${REFERENCE_HELP}`);
    return 0;
  }
  const referencePath = takeOption(args, '--reference');
  const referenceScenarioPath = takeOption(args, '--reference-scenario');
  if (referencePath === null || referenceScenarioPath === null) {
    console.error(`${referencePath === null ? '--reference' : '--reference-scenario'} needs a file name after it.\n${USAGE}`);
    return 2;
  }
  if (referenceScenarioPath !== undefined && referencePath === undefined) {
    console.error(`--reference-scenario is the scenario of a published result: give that result with --reference PUBLISHED.json.\n${USAGE}`);
    return 2;
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
  // The moves against a published blocking follow the check's own report, whatever its outcome.
  const reference = () => (referencePath === undefined ? 0 : reportReference(valid.value, result.value, resultPath, referencePath, referenceScenarioPath));
  if (outcome.ok) {
    console.log(`OK: result keeps all rules (${outcome.groups} groups, ${outcome.students} students)`);
    printNotices(outcome.notices);
    return reference();
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
  reference();
  return 1;
}
