/**
 * `ks4 publish SCENARIO.json RESULT.json --out OFFER.json`
 *
 * Publishes the offer students preview (solver/offer.ts): blocks, groups with free places, courses and
 * choice rules, and no student data. The scenario and result are validated here at the edge
 * (data/schema.ts); the publishing itself is solver/publish.ts.
 * Exit codes: 0 when the offer was written, 1 when an input is invalid (nothing is written), 2 on misuse
 * or an unexpected failure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatIssues, parseResultText, parseScenarioText } from '../data/schema';
import { publishOffer, publishWarnings, PublishError } from '../solver';

const USAGE = 'Usage: ks4 publish SCENARIO.json RESULT.json --out OFFER.json';

function readText(path: string, what: string): string | Error {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    return new Error(`Cannot read the ${what} file ${path}: ${why}.`);
  }
}

export function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`${USAGE}\nWrites the published offer (blocks, groups, free places, courses, rules; no student data).`);
    return 0;
  }
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const files = args.filter((_, i) => i !== outAt && i !== outAt + 1);
  if (outAt < 0 || out === undefined || out.startsWith('--')) {
    console.error(`Missing --out OFFER.json: where should the offer be written?\n${USAGE}`);
    return 2;
  }
  const unknown = files.filter((f) => f.startsWith('--'));
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(', ')}.\n${USAGE}`);
    return 2;
  }
  if (files.length !== 2) {
    console.error(`Expected a scenario file and a result file, got ${files.length}${files.length ? ` (${files.join(' ')})` : ''}.\n${USAGE}`);
    return 2;
  }
  const [scenarioPath, resultPath] = files;
  const scenarioText = readText(scenarioPath, 'scenario');
  if (scenarioText instanceof Error) return fail(scenarioText.message, 1);
  const resultText = readText(resultPath, 'result');
  if (resultText instanceof Error) return fail(resultText.message, 1);
  const scenario = parseScenarioText(scenarioText);
  if (!scenario.ok) return fail(`The scenario ${scenarioPath} is not valid:\n${formatIssues(scenario.errors)}`, 1);
  const result = parseResultText(resultText);
  if (!result.ok) return fail(`The result ${resultPath} is not valid:\n${formatIssues(result.errors)}`, 1);
  for (const w of publishWarnings(scenario.value, result.value)) console.error(`Warning: ${w}`);
  try {
    const offer = publishOffer(scenario.value, result.value);
    writeFileSync(out, `${JSON.stringify(offer, null, 2)}\n`);
    const free = offer.groups.reduce((s, g) => s + g.free, 0);
    console.log(`Published ${out}: ${offer.blocks.length} blocks, ${offer.courses.length} courses, ${offer.groups.length} groups, ${free} free places.`);
    return 0;
  } catch (e) {
    if (e instanceof PublishError) return fail(e.message, 1);
    return fail(`Could not write the offer ${out}: ${(e as Error).message}`, 2);
  }
}

function fail(message: string, code: number): number {
  console.error(message);
  return code;
}
