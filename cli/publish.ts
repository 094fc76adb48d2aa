/**
 * `ks4 publish SCENARIO.json RESULT.json --out OFFER.json`
 *
 * Publishes the offer students preview (solver/offer.ts): blocks, groups with free places, courses and
 * choice rules, and no student data. The scenario and result are validated here at the edge
 * (data/schema.ts); the publishing itself is solver/publish.ts.
 * Exit codes: 0 when the offer was written, 1 when an input is invalid (nothing is written), 2 on misuse
 * or an unexpected failure.
 */
import { clipMessage } from '../data/document-text';
import { readResultFile, readScenarioFile, refusal } from '../data/load';
import { publishOffer, publishWarnings, PublishError } from '../solver';
import { outputProblem, WRITE_FAILED, writeOutput } from './write-out';

const USAGE = 'Usage: ks4 publish SCENARIO.json RESULT.json --out OFFER.json';

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
  const scenario = readScenarioFile(scenarioPath);
  if (!scenario.ok) return fail(refusal('scenario', scenarioPath, scenario.errors), 1);
  const result = readResultFile(resultPath);
  if (!result.ok) return fail(refusal('result', resultPath, result.errors), 1);
  const unwritable = outputProblem(out, 'the offer');
  if (unwritable) return fail(unwritable, WRITE_FAILED);
  for (const w of publishWarnings(scenario.value, result.value)) console.error(clipMessage(`Warning: ${w}`));
  let offer;
  try {
    offer = publishOffer(scenario.value, result.value);
  } catch (e) {
    if (e instanceof PublishError) return fail(clipMessage(e.message), 1);
    throw e;
  }
  const failed = writeOutput(out, `${JSON.stringify(offer, null, 2)}\n`, 'the offer');
  if (failed) return fail(failed, WRITE_FAILED);
  const free = offer.groups.reduce((s, g) => s + g.free, 0);
  console.log(`Published ${out}: ${offer.blocks.length} blocks, ${offer.courses.length} courses, ${offer.groups.length} groups, ${free} free places.`);
  return 0;
}

function fail(message: string, code: number): number {
  console.error(message);
  return code;
}
